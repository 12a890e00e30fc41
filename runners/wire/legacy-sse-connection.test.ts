import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../model.js';
import { scoreTranscript } from '../engine/score-transcript.js';
import { LegacySseConnection } from './legacy-sse-connection.js';

type Behaviour = {
  /** What the GET stream starts with (default: the endpoint event). */
  opening?: (res: ServerResponse) => void;
  /** The POST's status (default 202). */
  postStatus?: number;
  /** Answer requests on the stream (default true). */
  answer?: boolean;
};

interface Peer {
  url: string;
  posts: { url: string; body: string }[];
  server: Server;
}

const servers = new Set<Server>();

/** A tiny legacy HTTP+SSE server on 127.0.0.1: GET /sse announces /messages?sessionId=s1; POSTs are answered on the stream. */
async function peer(behaviour: Behaviour = {}): Promise<Peer> {
  const posts: Peer['posts'] = [];
  let stream: ServerResponse | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (behaviour.opening) behaviour.opening(res);
      else res.write('event: endpoint\ndata: /messages?sessionId=s1\n\n');
      stream = res;
      return;
    }
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      posts.push({ url: req.url ?? '', body });
      res.writeHead(behaviour.postStatus ?? 202).end(behaviour.postStatus && behaviour.postStatus >= 400 ? 'refused' : 'Accepted');
      const m = JSON.parse(body) as { id?: unknown; method?: string };
      if (behaviour.answer !== false && m.id !== undefined && m.method) stream?.write(`id: e${posts.length}\nevent: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', id: m.id, result: {} })}\n\n`);
    });
  });
  servers.add(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/sse`, posts, server };
}

afterEach(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  servers.clear();
});

const isResponse = (id: unknown) => (e: { direction: string; kind: string; message?: unknown }) => e.direction === 'in' && e.kind === 'message' && (e.message as { id?: unknown }).id === id;

describe('LegacySseConnection', () => {
  it('POSTs to the announced endpoint, resolved against the SSE URL, and reads answers from the stream', async () => {
    const p = await peer();
    const conn = await LegacySseConnection.open(p.url, { timeoutMs: 2000 });
    const get = conn.timeline.events.find((e) => e.kind === 'http');
    expect(get?.http).toMatchObject({ method: 'GET', status: 200, legacySse: { firstEvent: 'endpoint', endpoint: '/messages?sessionId=s1', postUrl: p.url.replace('/sse', '/messages?sessionId=s1') } });
    await conn.send('{"jsonrpc":"2.0","id":1,"method":"ping"}', { requestKey: '1' });
    const answer = await conn.timeline.waitFor(isResponse(1), 0, 2000);
    expect(answer.kind).toBe('event');
    if (answer.kind === 'event') expect(answer.event).toMatchObject({ channel: 'SSE', sseId: 'e1', message: { jsonrpc: '2.0', id: 1, result: {} } });
    expect(p.posts).toEqual([{ url: '/messages?sessionId=s1', body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' }]);
    const post = conn.timeline.events.find((e) => e.kind === 'http' && e.requestKey === '1');
    expect(post?.http).toMatchObject({ method: 'POST', status: 202, legacySse: {} });
    expect(conn.disconnect()).toBe(false);
    await conn.close();
    expect(conn.timeline.closed).toBe('the connection was closed by the harness');
  });

  it('is not judged by the Streamable HTTP rules: its GET stream carries responses by design', async () => {
    const p = await peer();
    const conn = await LegacySseConnection.open(p.url, { timeoutMs: 2000 });
    await conn.send('{"jsonrpc":"2.0","id":1,"method":"ping"}', { requestKey: '1' });
    await conn.timeline.waitFor(isResponse(1), 0, 2000);
    await conn.close();
    const scenario = { id: 'x', steps: [] } as unknown as Scenario;
    const results = scoreTranscript(scenario, conn.timeline.events, '2024-11-05', true);
    expect(results.filter((r) => r.check.startsWith('http.'))).toEqual([]);
    expect(results.filter((r) => r.verdict !== 'pass')).toEqual([]);
  });

  it('records what came before the endpoint event, and which event came first', async () => {
    const p = await peer({
      opening: (res) => res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"hi"}}\n\nevent: endpoint\ndata: http://127.0.0.1:1/elsewhere\n\n'),
    });
    const conn = await LegacySseConnection.open(p.url, { timeoutMs: 2000 });
    expect(conn.timeline.events.map((e) => e.kind)).toEqual(['message', 'http']);
    expect(conn.timeline.events[1]?.http?.legacySse).toMatchObject({ firstEvent: 'message', postUrl: 'http://127.0.0.1:1/elsewhere' });
    await conn.close();
  });

  it('fails requests fast when the POST is refused', async () => {
    const p = await peer({ postStatus: 500, answer: false });
    const conn = await LegacySseConnection.open(p.url, { timeoutMs: 2000 });
    await conn.send('{"jsonrpc":"2.0","id":"a","method":"ping"}', { requestKey: '"a"' });
    const failed = conn.timeline.events.find((e) => e.kind === 'http' && e.requestKey === '"a"');
    expect(failed?.http).toMatchObject({ method: 'POST', status: 500, bodyPreview: 'refused' });
    await conn.close();
  });

  it('without an endpoint event within the timeout, every POST is a recorded failure', async () => {
    const p = await peer({ opening: (res) => res.write(': nothing to see\n\n') });
    const started = Date.now();
    const conn = await LegacySseConnection.open(p.url, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(2000);
    await conn.send('{"jsonrpc":"2.0","id":2,"method":"ping"}', { requestKey: '2' });
    expect(p.posts).toEqual([]);
    const failed = conn.timeline.events.find((e) => e.kind === 'http' && e.requestKey === '2');
    expect(failed?.http).toMatchObject({ status: 0, failure: 'no endpoint event on the SSE stream within 300 ms' });
    await conn.close();
  });

  it('an unreachable server is a recorded failure, not an exception', async () => {
    const p = await peer();
    const url = p.url;
    p.server.close();
    servers.delete(p.server);
    const conn = await LegacySseConnection.open(url, { timeoutMs: 1000 });
    expect(conn.timeline.events[0]?.http).toMatchObject({ method: 'GET', status: 0 });
    await conn.send('{"jsonrpc":"2.0","id":3,"method":"ping"}', { requestKey: '3' });
    expect(conn.timeline.events.at(-1)?.http?.failure).toMatch(/^the SSE stream could not be opened/);
    await conn.close();
  });

  it('ends waits when the server closes the stream', async () => {
    const p = await peer({ opening: (res) => res.end('event: endpoint\ndata: /messages\n\n') });
    const conn = await LegacySseConnection.open(p.url, { timeoutMs: 2000 });
    const outcome = await conn.timeline.waitFor(isResponse(9), 0, 2000);
    expect(outcome).toEqual({ kind: 'closed', reason: 'the server closed the SSE stream' });
    await conn.close();
  });
});
