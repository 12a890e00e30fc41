// The Streamable HTTP endpoint the harness plays for a client: the legal variations a scenario asks for
// (SSE answers with comments, upper-case header names, an expiring session, served documents, a redirect) and what
// it records of each request.
import { afterEach, describe, expect, it } from 'vitest';
import { listenHttp, type HttpEndpoint } from './http-endpoint.js';
import type { HttpBehaviour } from './server-script.js';

let endpoint: HttpEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function serve(behaviour: HttpBehaviour): Promise<HttpEndpoint> {
  endpoint = await listenHttp(behaviour);
  endpoint.onMessage(async (m, out) => {
    const message = m as { id?: unknown; method?: string };
    if (message.method !== undefined && message.id !== undefined) out({ jsonrpc: '2.0', id: message.id, result: { method: message.method } });
  });
  return endpoint;
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });

describe('client-role HTTP endpoint', () => {
  it('answers on an SSE stream with keep-alive comments and upper-case header names when asked', async () => {
    const e = await serve({ answerWith: 'sse', sseComments: true, upperCaseHeaders: true });
    const res = await post(e.url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
    const raw = await res.text();
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('mcp-session-id')).toBeTruthy();
    expect(raw).toMatch(/^: keep-alive\n\nevent: message\ndata: \{.*"method":"initialize".*\}\n\n: keep-alive\n\n$/);
  });

  it('expires the session after the given number of requests: 404, then a new initialize starts over', async () => {
    const e = await serve({ sessionExpiresAfter: 1 });
    const init = await post(e.url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
    await init.text();
    const session = { 'mcp-session-id': init.headers.get('mcp-session-id') as string };
    expect((await post(e.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, session)).status).toBe(200);
    expect((await post(e.url, { jsonrpc: '2.0', id: 3, method: 'ping' }, session)).status).toBe(404);
    expect((await post(e.url, { jsonrpc: '2.0', id: 4, method: 'ping' }, session)).status).toBe(404);
    const again = await post(e.url, { jsonrpc: '2.0', id: 5, method: 'initialize', params: {} });
    expect(again.status).toBe(200);
    expect(again.headers.get('mcp-session-id')).not.toBe(session['mcp-session-id']);
    const http = e.timeline.events.filter((x) => x.kind === 'http').map((x) => [x.http?.rpcMethod, x.http?.status]);
    expect(http).toEqual([['initialize', 200], ['ping', 200], ['ping', 404], ['ping', 404], ['initialize', 200]]);
  });

  it('serves documents under /docs/ and records every fetch with its path', async () => {
    const e = await serve({ documents: { 'a.json': { type: 'string' } } });
    const docs = e.url.replace(/\/mcp$/, '/docs/');
    expect(await (await fetch(`${docs}a.json`)).json()).toEqual({ type: 'string' });
    expect((await fetch(`${docs}missing.json`)).status).toBe(404);
    expect(e.timeline.events.filter((x) => x.kind === 'http').map((x) => [x.http?.method, x.http?.path, x.http?.status])).toEqual([
      ['GET', '/docs/a.json', 200],
      ['GET', '/docs/missing.json', 404],
    ]);
  });

  it('redirects /mcp to /mcp/ when asked, serves MCP there, and records the redirect with the method it carried', async () => {
    const e = await serve({ redirectToSlash: 307 });
    const manual = await fetch(e.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }), redirect: 'manual' });
    expect(manual.status).toBe(307);
    expect(manual.headers.get('location')).toBe('/mcp/');
    // fetch follows a 307 with the same method and body.
    const followed = await post(e.url, { jsonrpc: '2.0', id: 2, method: 'initialize', params: {} });
    expect(await followed.json()).toMatchObject({ id: 2, result: { method: 'initialize' } });
    expect(e.timeline.events.filter((x) => x.kind === 'http').map((x) => [x.http?.path, x.http?.rpcMethod, x.http?.status])).toEqual([
      ['/mcp', 'initialize', 307],
      ['/mcp', 'initialize', 307],
      ['/mcp/', 'initialize', 200],
    ]);
    // The redirected bodies are not messages of their own: only the one that landed counts.
    expect(e.timeline.events.filter((x) => x.kind === 'message' && x.direction === 'in')).toHaveLength(1);
  });

  it('drops a stream after its priming event and lets a GET with Last-Event-ID resume it, recording the delay', async () => {
    const e = await serve({ dropStreams: { retryMs: 50 } });
    const init = await post(e.url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} });
    await init.text();
    const session = { 'mcp-session-id': init.headers.get('mcp-session-id') as string };
    const call = await post(e.url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'x' } }, session);
    expect(await call.text()).toBe('id: s1-0\nretry: 50\ndata: \n\n');
    await new Promise((r) => setTimeout(r, 60));
    const resumed = await fetch(e.url, { headers: { accept: 'text/event-stream', 'last-event-id': 's1-0', ...session } });
    expect(await resumed.text()).toBe('id: s1-1\nevent: message\ndata: {"jsonrpc":"2.0","id":2,"result":{"method":"tools/call"}}\n\n');
    const get = e.timeline.events.find((x) => x.http?.method === 'GET')?.http;
    expect(get).toMatchObject({ status: 200, resumedFrom: 's1-0' });
    expect(get?.resumeDelayMs).toBeGreaterThanOrEqual(50);
  });
});
