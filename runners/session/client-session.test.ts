import { describe, expect, it } from 'vitest';
import type { HttpExchange } from '../model.js';
import type { Connection } from '../wire/connection.js';
import { Timeline } from '../wire/timeline.js';
import { ClientSession, encodeHeaderValue } from './client-session.js';

describe('encodeHeaderValue', () => {
  it('leaves plain ASCII as it is', () => {
    expect(encodeHeaderValue('us-west1')).toBe('us-west1');
    expect(encodeHeaderValue('a value with inner spaces')).toBe('a value with inner spaces');
  });

  it('Base64-encodes the UTF-8 of values a header cannot carry plainly, between lowercase markers', () => {
    expect(encodeHeaderValue('Zürich')).toBe('=?base64?WsO8cmljaA==?=');
    expect(encodeHeaderValue(' padded ')).toBe('=?base64?IHBhZGRlZCA=?=');
    expect(encodeHeaderValue('line1\nline2')).toBe('=?base64?bGluZTEKbGluZTI=?=');
    expect(encodeHeaderValue('tab\there')).toBe(`=?base64?${Buffer.from('tab\there').toString('base64')}?=`);
  });

  it('encodes a plain value that looks like the sentinel itself', () => {
    expect(encodeHeaderValue('=?base64?literal?=')).toBe('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
  });
});

describe('canned answers', () => {
  /** A connection that records what the session sends; the test plays the server by pushing onto the timeline. */
  function fakeConnection() {
    const timeline = new Timeline();
    const sent: Record<string, unknown>[] = [];
    const conn = {
      transport: 'stdio',
      timeline,
      send: async (text: string) => void sent.push(JSON.parse(text) as Record<string, unknown>),
    } as unknown as Connection;
    const serverRequest = (id: number, method: string) => timeline.push({ direction: 'in', kind: 'message', message: { jsonrpc: '2.0', id, method, params: {} } });
    return { conn, sent, serverRequest };
  }

  it('answers successive requests from a list in turn, then repeats its last entry', () => {
    const { conn, sent, serverRequest } = fakeConnection();
    new ClientSession(conn, 1000, { 'sampling/createMessage': [{ result: { n: 1 } }, { result: { n: 2 } }] });
    for (const id of [1, 2, 3]) serverRequest(id, 'sampling/createMessage');
    expect(sent.map((m) => [m.id, m.result])).toEqual([
      [1, { n: 1 }],
      [2, { n: 2 }],
      [3, { n: 2 }],
    ]);
  });

  it('gives a single answer to every request, and an error for a method it has no answer for', () => {
    const { conn, sent, serverRequest } = fakeConnection();
    new ClientSession(conn, 1000, { 'elicitation/create': { result: { action: 'accept' } } });
    serverRequest(1, 'elicitation/create');
    serverRequest(2, 'elicitation/create');
    serverRequest(3, 'roots/list');
    expect(sent.map((m) => m.result ?? (m.error as { code: number }).code)).toEqual([{ action: 'accept' }, { action: 'accept' }, -32601]);
  });
});

describe('waiting for a response over HTTP', () => {
  /** A session on a fake connection; the test plays the HTTP transport by pushing the exchange that carried the request. */
  async function sentPing(http: Pick<HttpExchange, 'status'> & Partial<HttpExchange>) {
    const timeline = new Timeline();
    const conn = { transport: 'http', timeline, send: async () => {} } as unknown as Connection;
    const session = new ClientSession(conn, 200, {});
    const sent = await session.sendRequest('ping', undefined);
    timeline.push({ direction: 'in', kind: 'http', requestKey: sent.key, http: { method: 'POST', contentType: '', headers: {}, rpcBody: false, ...http } });
    return session.awaitResponse(sent);
  }

  it('takes a POST the harness gave up on at --timeout for no answer, not a failed one', async () => {
    expect((await sentPing({ status: 0, failure: 'no HTTP answer within 200 ms' })).kind).toBe('timeout');
    expect((await sentPing({ status: 200, contentType: 'application/json', failure: 'body not read: no HTTP answer within 200 ms' })).kind).toBe('timeout');
  });

  it('stops waiting at once when the answer failed: an HTTP error, a refused connection, a body cut short', async () => {
    expect((await sentPing({ status: 500 })).kind).toBe('http-failure');
    expect((await sentPing({ status: 0, failure: 'fetch failed (ECONNREFUSED)' })).kind).toBe('http-failure');
    expect((await sentPing({ status: 200, contentType: 'application/json', failure: 'body not read: terminated' })).kind).toBe('http-failure');
  });
});
