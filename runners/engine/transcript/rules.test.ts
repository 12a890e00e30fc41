// Each transcript rule judged on small hand-made transcripts: one that keeps the rule (no problems),
// one that breaks it (problems), and one the rule says nothing about (undefined).
import { describe, expect, it } from 'vitest';
import type { WireEvent } from '../../model.js';
import { PUBLISHED_SCHEMAS_VALID, TRACE_CONTEXT_FORMAT, X_MCP_HEADER_VALID } from './content-rules.js';
import { duplicateKeyPaths } from './duplicate-keys.js';
import { ELICITATION_MODE_DECLARED, ELICITATION_REQUEST_SHAPE, SAMPLING_TOOL_MESSAGES, SAMPLING_TOOLS_DECLARED } from './input-request-rules.js';
import { NOTIFICATIONS_WITHOUT_ID, RESPONSES_ANSWER_REQUESTS, SERVER_REQUEST_IDS_UNIQUE } from './jsonrpc-rules.js';
import type { TranscriptRule } from './rule.js';
import { INPUT_REQUEST_KEYS_UNIQUE, INPUT_REQUIRED_ONLY_WHERE_ALLOWED, NO_SERVER_REQUESTS, RESULT_TYPES_DECLARED, SERVER_CANCELS_OWN_REQUESTS } from './stateless-rules.js';
import { LISTEN_ACKNOWLEDGED_FIRST, LISTEN_STREAM_NOT_REQUEST_SCOPED, NO_BROADCAST, NO_RESPONSE_ON_GET_STREAM, REQUEST_STREAM_RELATED } from './stream-rules.js';
import { TranscriptView } from './view.js';

type Msg = Record<string, unknown>;
interface Ev {
  dir: 'out' | 'in';
  m?: Msg;
  raw?: string;
  channel?: string;
  at?: number;
  deliberate?: boolean;
  http?: { method: string; status: number; resumedFrom?: string };
}

function transcript(list: Ev[]): WireEvent[] {
  return list.map((e, seq) =>
    e.http
      ? { seq, at: e.at ?? 0, direction: 'in', kind: 'http', channel: e.channel, http: { ...e.http, contentType: 'text/event-stream', headers: {}, rpcBody: false } }
      : {
          seq,
          at: e.at ?? 0,
          direction: e.dir,
          kind: 'message',
          message: e.m,
          raw: e.raw ?? JSON.stringify(e.m),
          channel: e.channel ?? (e.dir === 'out' ? 'stdin' : 'stdout'),
          ...(e.deliberate && { deliberate: true }),
        },
  );
}

const judge = (rule: TranscriptRule, version: string, list: Ev[]) => rule.judge(new TranscriptView(version, transcript(list)));
const H = '2025-11-25';
const S = '2026-07-28';
const out = (m: Msg, more: Partial<Ev> = {}): Ev => ({ dir: 'out', m, ...more });
const inn = (m: Msg, more: Partial<Ev> = {}): Ev => ({ dir: 'in', m, ...more });
const meta = (caps: Msg = {}) => ({ 'io.modelcontextprotocol/protocolVersion': S, 'io.modelcontextprotocol/clientCapabilities': caps });
const init = (caps: Msg) => out({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: H, capabilities: caps, clientInfo: { name: 'c', version: '1' } } });

describe('jsonrpc rules', () => {
  it('responses must answer an outstanding request', () => {
    const ask = out({ jsonrpc: '2.0', id: 1, method: 'ping' });
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask, inn({ jsonrpc: '2.0', id: 1, result: {} })])).toEqual([]);
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask, inn({ jsonrpc: '2.0', id: '1', result: {} })])).toHaveLength(1);
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask, inn({ jsonrpc: '2.0', id: 1, result: {} }), inn({ jsonrpc: '2.0', id: 1, result: {} })])).toHaveLength(1);
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask, inn({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'x' } })])).toHaveLength(1);
    // The same answer redelivered on a stream resumed with Last-Event-ID is a replay; a different one is not.
    const answer = { jsonrpc: '2.0', id: 1, result: { n: 1 } };
    const resumed = (m: Msg): Ev[] => [{ dir: 'in', channel: 'GET#2', http: { method: 'GET', status: 200, resumedFrom: 'e-1' } }, inn(m, { channel: 'GET#2' })];
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask, inn(answer, { channel: 'POST#1' }), ...resumed(answer)])).toEqual([]);
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask, inn(answer, { channel: 'POST#1' }), ...resumed({ ...answer, result: { n: 2 } })])).toHaveLength(1);
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask, inn(answer, { channel: 'POST#1' }), inn(answer, { channel: 'GET#3' })])).toHaveLength(1);
    // id null is right for a request whose id could not be read, and for an HTTP rejection body.
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [{ dir: 'out', raw: '{oops', deliberate: true }, inn({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'x' } })])).toEqual([]);
    expect(
      judge(RESPONSES_ANSWER_REQUESTS, H, [
        out({ jsonrpc: '2.0', id: 2, method: 'ping' }, { channel: 'POST#1' }),
        inn({ jsonrpc: '2.0', id: null, error: { code: -32000, message: 'bad session' } }, { channel: 'POST#1' }),
        { dir: 'in', channel: 'POST#1', http: { method: 'POST', status: 404 } },
      ]),
    ).toEqual([]);
    expect(
      judge(RESPONSES_ANSWER_REQUESTS, S, [
        out({ jsonrpc: '2.0', method: 'notifications/x' }, { channel: 'POST#1' }),
        inn({ jsonrpc: '2.0', error: { code: -32022, message: 'unsupported' } }, { channel: 'POST#1' }),
        { dir: 'in', channel: 'POST#1', http: { method: 'POST', status: 400 } },
      ]),
    ).toEqual([]);
    expect(judge(RESPONSES_ANSWER_REQUESTS, S, [ask, inn({ jsonrpc: '2.0', error: { code: -32600, message: 'x' } })])).toHaveLength(1);
    expect(judge(RESPONSES_ANSWER_REQUESTS, H, [ask])).toBeUndefined();
  });

  it('server request ids are not reused', () => {
    const req = (id: number) => inn({ jsonrpc: '2.0', id, method: 'sampling/createMessage', params: {} });
    expect(judge(SERVER_REQUEST_IDS_UNIQUE, H, [req(1), req(2)])).toEqual([]);
    expect(judge(SERVER_REQUEST_IDS_UNIQUE, H, [req(1), req(1)])).toHaveLength(1);
    expect(judge(SERVER_REQUEST_IDS_UNIQUE, H, [out({ jsonrpc: '2.0', id: 1, method: 'ping' })])).toBeUndefined();
  });

  it('notifications carry no id', () => {
    expect(judge(NOTIFICATIONS_WITHOUT_ID, H, [inn({ jsonrpc: '2.0', method: 'notifications/progress', params: {} })])).toEqual([]);
    expect(judge(NOTIFICATIONS_WITHOUT_ID, H, [inn({ jsonrpc: '2.0', id: 4, method: 'notifications/progress', params: {} })])).toHaveLength(1);
    expect(judge(NOTIFICATIONS_WITHOUT_ID, H, [inn({ jsonrpc: '2.0', id: 4, result: {} })])).toBeUndefined();
  });
});

describe('stateless rules', () => {
  const call = (id: number, caps: Msg = {}, method = 'tools/call') => out({ jsonrpc: '2.0', id, method, params: { name: 't', _meta: meta(caps) } });
  const result = (id: number, result: Msg) => inn({ jsonrpc: '2.0', id, result });

  it('no server-initiated requests', () => {
    expect(judge(NO_SERVER_REQUESTS, S, [call(1), result(1, { resultType: 'complete' })])).toEqual([]);
    expect(judge(NO_SERVER_REQUESTS, S, [call(1), inn({ jsonrpc: '2.0', id: 9, method: 'elicitation/create', params: {} })])).toHaveLength(1);
    expect(judge(NO_SERVER_REQUESTS, H, [call(1), inn({ jsonrpc: '2.0', id: 9, method: 'elicitation/create', params: {} })])).toBeUndefined();
  });

  it('result types the request declared', () => {
    const tasks = { extensions: { 'io.modelcontextprotocol/tasks': {} } };
    expect(judge(RESULT_TYPES_DECLARED, S, [call(1), result(1, { resultType: 'complete' }), call(2, tasks), result(2, { resultType: 'task', taskId: 'a', status: 'working' })])).toEqual([]);
    expect(judge(RESULT_TYPES_DECLARED, S, [call(1), result(1, { resultType: 'task', taskId: 'a', status: 'working' })])).toHaveLength(1);
    expect(judge(RESULT_TYPES_DECLARED, S, [call(1), result(1, { resultType: 'finished' })])).toHaveLength(1);
    expect(judge(RESULT_TYPES_DECLARED, S, [call(1, tasks), result(1, { resultType: 'task' })])).toHaveLength(1);
    expect(judge(RESULT_TYPES_DECLARED, H, [call(1), result(1, { resultType: 'finished' })])).toBeUndefined();
  });

  it('input_required only for three methods', () => {
    const asking = { resultType: 'input_required', requestState: 'x' };
    expect(judge(INPUT_REQUIRED_ONLY_WHERE_ALLOWED, S, [call(1), result(1, asking)])).toEqual([]);
    expect(judge(INPUT_REQUIRED_ONLY_WHERE_ALLOWED, S, [call(1, {}, 'tools/list'), result(1, asking)])).toHaveLength(1);
    expect(judge(INPUT_REQUIRED_ONLY_WHERE_ALLOWED, S, [call(1), result(1, { resultType: 'complete' })])).toBeUndefined();
  });

  it('inputRequests keys unique in the text', () => {
    const raw = (dup: boolean) =>
      `{"jsonrpc":"2.0","id":1,"result":{"resultType":"input_required","inputRequests":{"a":{"method":"roots/list"}${dup ? ',"a":{"method":"roots/list"}' : ',"b":{"method":"roots/list"}'}}}}`;
    const ev = (dup: boolean): Ev => ({ dir: 'in', m: JSON.parse(raw(dup)) as Msg, raw: raw(dup) });
    expect(judge(INPUT_REQUEST_KEYS_UNIQUE, S, [call(1), ev(false)])).toEqual([]);
    expect(judge(INPUT_REQUEST_KEYS_UNIQUE, S, [call(1), ev(true)])).toEqual([expect.stringContaining('/result/inputRequests/a')]);
    expect(duplicateKeyPaths('{"a":[{"x":1,"x":2}],"b":"}\\"","b":0}')).toEqual(['/a/0/x', '/b']);
  });

  it('server cancellations', () => {
    const listen = out({ jsonrpc: '2.0', id: 'L', method: 'subscriptions/listen', params: { _meta: meta() } });
    const cancel = (requestId: unknown, at = 0) => inn({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId } }, { at });
    expect(judge(SERVER_CANCELS_OWN_REQUESTS, S, [listen, cancel('L')])).toEqual([]);
    expect(judge(SERVER_CANCELS_OWN_REQUESTS, S, [listen, call(1), cancel(1)])).toHaveLength(1);
    const ask = (task = false) => inn({ jsonrpc: '2.0', id: 7, method: 'sampling/createMessage', params: task ? { task: {} } : {} });
    expect(judge(SERVER_CANCELS_OWN_REQUESTS, H, [ask(), cancel(7)])).toEqual([]);
    expect(judge(SERVER_CANCELS_OWN_REQUESTS, H, [call(7), cancel(7)])).toHaveLength(1);
    expect(judge(SERVER_CANCELS_OWN_REQUESTS, H, [ask(true), cancel(7)])).toHaveLength(1);
    expect(judge(SERVER_CANCELS_OWN_REQUESTS, H, [ask(), out({ jsonrpc: '2.0', id: 7, result: {} }), cancel(7, 5000)])).toHaveLength(1);
    expect(judge(SERVER_CANCELS_OWN_REQUESTS, H, [ask()])).toBeUndefined();
  });
});

describe('stream rules', () => {
  const listen = out({ jsonrpc: '2.0', id: 'L', method: 'subscriptions/listen', params: { _meta: meta() } }, { channel: 'POST#1' });
  const onListen = (method: string) => inn({ jsonrpc: '2.0', method, params: {} }, { channel: 'POST#1' });
  const http = { dir: 'in' as const, channel: 'POST#0', http: { method: 'POST', status: 200 } };

  it('no request-scoped notifications on a listen stream', () => {
    expect(judge(LISTEN_STREAM_NOT_REQUEST_SCOPED, S, [http, listen, onListen('notifications/subscriptions/acknowledged')])).toEqual([]);
    expect(judge(LISTEN_STREAM_NOT_REQUEST_SCOPED, S, [http, listen, onListen('notifications/progress')])).toHaveLength(1);
    // stdio: the subscription is known by the id in _meta.
    const tagged = inn({ jsonrpc: '2.0', method: 'notifications/message', params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'L' } } });
    expect(judge(LISTEN_STREAM_NOT_REQUEST_SCOPED, S, [{ ...listen, channel: 'stdin' }, tagged])).toHaveLength(1);
    expect(judge(LISTEN_STREAM_NOT_REQUEST_SCOPED, S, [http])).toBeUndefined();
  });

  it('nothing before the acknowledgement', () => {
    expect(judge(LISTEN_ACKNOWLEDGED_FIRST, S, [http, listen, onListen('notifications/subscriptions/acknowledged'), onListen('notifications/tools/list_changed')])).toEqual([]);
    expect(judge(LISTEN_ACKNOWLEDGED_FIRST, S, [http, listen, onListen('notifications/tools/list_changed'), onListen('notifications/subscriptions/acknowledged')])).toHaveLength(1);
  });

  it("a request stream carries that request's notifications only", () => {
    const call = out({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'p', _meta: { ...meta(), progressToken: 'tok' } } }, { channel: 'POST#2' });
    const progress = (token: string) => inn({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress: 1 } }, { channel: 'POST#2' });
    expect(judge(REQUEST_STREAM_RELATED, S, [http, call, progress('tok')])).toEqual([]);
    expect(judge(REQUEST_STREAM_RELATED, S, [http, call, progress('other')])).toHaveLength(1);
    expect(judge(REQUEST_STREAM_RELATED, S, [http, call, inn({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }, { channel: 'POST#2' })])).toHaveLength(1);
    expect(judge(REQUEST_STREAM_RELATED, S, [http, listen, onListen('notifications/tools/list_changed')])).toBeUndefined();
  });

  it('no response on the GET stream, no broadcast', () => {
    const get = { dir: 'in' as const, channel: 'GET#1', http: { method: 'GET', status: 200 } };
    const ping = out({ jsonrpc: '2.0', id: 1, method: 'ping' }, { channel: 'POST#2' });
    const pong = (channel: string) => inn({ jsonrpc: '2.0', id: 1, result: {} }, { channel });
    const note = inn({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' }, { channel: 'GET#1' });
    expect(judge(NO_RESPONSE_ON_GET_STREAM, H, [get, ping, pong('POST#2'), note])).toEqual([]);
    expect(judge(NO_RESPONSE_ON_GET_STREAM, H, [get, ping, pong('GET#1')])).toHaveLength(1);
    expect(judge(NO_RESPONSE_ON_GET_STREAM, H, [ping, pong('POST#2')])).toBeUndefined();
    expect(judge(NO_BROADCAST, H, [get, ping, pong('POST#2'), note])).toEqual([]);
    expect(judge(NO_BROADCAST, H, [get, ping, pong('POST#2'), pong('GET#1')])).toHaveLength(1);
  });
});

describe('content rules', () => {
  const list = (tools: Msg[], version = S) => [out({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: version === S ? { _meta: meta() } : {} }), inn({ jsonrpc: '2.0', id: 1, result: { tools } })];
  const tool = (inputSchema: unknown) => ({ name: 't', inputSchema });

  it('published schemas are valid', () => {
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', properties: { a: { type: 'string', minLength: 1 } } })], H))).toEqual([]);
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', properties: { a: { type: 'string', minLength: -1 } } })], H))).toHaveLength(1);
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', required: 'a' })], H))).toHaveLength(1);
    // Local references must lead somewhere: a JSON pointer into the schema, or an anchor.
    const defs = { n: { type: 'integer' } };
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', $defs: defs, properties: { a: { $ref: '#/$defs/n' }, b: { $ref: '#' } } })], H))).toEqual([]);
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', $defs: { n: { $anchor: 'num', type: 'integer' } }, properties: { a: { $ref: '#num' } } })], H))).toEqual([]);
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', $defs: defs, properties: { a: { $ref: '#/$defs/missing' } } })], H))).toHaveLength(1);
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', properties: { a: { $ref: '#nowhere' } } })], H))).toHaveLength(1);
    // A $ref inside data (a default) is no reference, and one to another document is not judged.
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', default: { $ref: '#/x' }, properties: { a: { $ref: 'https://example.com/s.json' } } })], H))).toEqual([]);
    // Inside a subschema with its own $id, "#/..." is relative to that subschema.
    const nested = { $id: 'https://example.com/inner', $defs: { m: { type: 'string' } }, properties: { c: { $ref: '#/$defs/m' } } };
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ type: 'object', properties: { b: nested } })], H))).toEqual([]);
    // A dialect the harness cannot judge is left alone.
    expect(judge(PUBLISHED_SCHEMAS_VALID, H, list([tool({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: 'a' })], H))).toEqual([]);
    expect(judge(PUBLISHED_SCHEMAS_VALID, '2025-06-18', list([tool({ type: 'object', required: 'a' })], H))).toBeUndefined();
  });

  it('x-mcp-header annotations', () => {
    const schema = (region: Msg, extra: Msg = {}) => tool({ type: 'object', properties: { region, ...extra } });
    expect(judge(X_MCP_HEADER_VALID, S, list([schema({ type: 'string', 'x-mcp-header': 'Region' }, { n: { type: 'integer', 'x-mcp-header': 'N' } })]))).toEqual([]);
    expect(judge(X_MCP_HEADER_VALID, S, list([schema({ type: 'string', 'x-mcp-header': 'Bad Name' })]))).toHaveLength(1);
    expect(judge(X_MCP_HEADER_VALID, S, list([schema({ type: 'number', 'x-mcp-header': 'Region' })]))).toHaveLength(1);
    expect(judge(X_MCP_HEADER_VALID, S, list([schema({ type: 'string', 'x-mcp-header': 'Region' }, { r: { type: 'string', 'x-mcp-header': 'REGION' } })]))).toHaveLength(1);
    expect(judge(X_MCP_HEADER_VALID, S, list([tool({ type: 'object', properties: { a: { type: 'array', items: { type: 'string', 'x-mcp-header': 'A' } } } })]))).toHaveLength(1);
    expect(judge(X_MCP_HEADER_VALID, S, list([schema({ type: 'string' })]))).toBeUndefined();
  });

  it('trace context values', () => {
    const ok = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7', baggage: 'userId=alice,serverNode=DF%2028;p=1' };
    const answer = (m: Msg) => [out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { _meta: meta() } }), inn({ jsonrpc: '2.0', id: 1, result: { resultType: 'complete', content: [], _meta: m } })];
    expect(judge(TRACE_CONTEXT_FORMAT, S, answer(ok))).toEqual([]);
    expect(judge(TRACE_CONTEXT_FORMAT, S, answer({ traceparent: '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01' }))).toHaveLength(1);
    expect(judge(TRACE_CONTEXT_FORMAT, S, answer({ traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }))).toHaveLength(1);
    expect(judge(TRACE_CONTEXT_FORMAT, S, answer({ tracestate: 'Bad Key=1' }))).toHaveLength(1);
    expect(judge(TRACE_CONTEXT_FORMAT, S, answer({ baggage: 'k=v v' }))).toHaveLength(1);
    expect(judge(TRACE_CONTEXT_FORMAT, S, answer({}))).toBeUndefined();
  });
});

describe('input request rules', () => {
  const sampling = (params: Msg) => inn({ jsonrpc: '2.0', id: 5, method: 'sampling/createMessage', params: { maxTokens: 10, ...params } });
  const embedded = (caps: Msg, method: string, params: Msg) => [
    out({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 't', _meta: meta(caps) } }),
    inn({ jsonrpc: '2.0', id: 1, result: { resultType: 'input_required', inputRequests: { k: { method, params } } } }),
  ];
  const user = (text: string) => ({ role: 'user', content: { type: 'text', text } });

  it('sampling tools only with sampling.tools', () => {
    const tools = { messages: [user('hi')], tools: [{ name: 'x', inputSchema: { type: 'object' } }] };
    expect(judge(SAMPLING_TOOLS_DECLARED, H, [init({ sampling: { tools: {} } }), sampling(tools)])).toEqual([]);
    expect(judge(SAMPLING_TOOLS_DECLARED, H, [init({ sampling: {} }), sampling(tools)])).toHaveLength(1);
    expect(judge(SAMPLING_TOOLS_DECLARED, S, embedded({ sampling: {} }, 'sampling/createMessage', tools))).toHaveLength(1);
    expect(judge(SAMPLING_TOOLS_DECLARED, S, embedded({ sampling: { tools: {} } }, 'sampling/createMessage', tools))).toEqual([]);
    expect(judge(SAMPLING_TOOLS_DECLARED, H, [init({})])).toBeUndefined();
  });

  it('sampling tool conversations', () => {
    const use = { role: 'assistant', content: [{ type: 'tool_use', id: 'u1', name: 'x', input: {} }] };
    const result = (extra: Msg[] = []) => ({ role: 'user', content: [{ type: 'tool_result', toolUseId: 'u1', content: [] }, ...extra] });
    expect(judge(SAMPLING_TOOL_MESSAGES, H, [sampling({ messages: [user('hi'), use, result()] })])).toEqual([]);
    expect(judge(SAMPLING_TOOL_MESSAGES, H, [sampling({ messages: [user('hi'), use, result([{ type: 'text', text: 'and' }])] })])).toHaveLength(1);
    expect(judge(SAMPLING_TOOL_MESSAGES, H, [sampling({ messages: [user('hi'), use, user('no answer')] })])).toHaveLength(1);
    expect(judge(SAMPLING_TOOL_MESSAGES, S, embedded({}, 'sampling/createMessage', { messages: [{ role: 'system', content: { type: 'text', text: 'x' } }] }))).toHaveLength(1);
  });

  it('elicitation modes the client declared', () => {
    const form = { message: 'm', requestedSchema: { type: 'object', properties: { a: { type: 'string' } } } };
    const url = { mode: 'url', message: 'm', url: 'https://example.com/x', elicitationId: 'e1' };
    expect(judge(ELICITATION_MODE_DECLARED, H, [init({ elicitation: {} }), inn({ jsonrpc: '2.0', id: 1, method: 'elicitation/create', params: form })])).toEqual([]);
    expect(judge(ELICITATION_MODE_DECLARED, H, [init({ elicitation: {} }), inn({ jsonrpc: '2.0', id: 1, method: 'elicitation/create', params: url })])).toHaveLength(1);
    expect(judge(ELICITATION_MODE_DECLARED, S, embedded({ elicitation: { url: {} } }, 'elicitation/create', url))).toEqual([]);
    expect(judge(ELICITATION_MODE_DECLARED, S, embedded({ elicitation: { url: {} } }, 'elicitation/create', form))).toHaveLength(1);
  });

  it('elicitation request shapes', () => {
    const ask = (params: Msg) => inn({ jsonrpc: '2.0', id: 1, method: 'elicitation/create', params });
    expect(judge(ELICITATION_REQUEST_SHAPE, H, [ask({ message: 'm', requestedSchema: { type: 'object', properties: { a: { type: 'string' } } } })])).toEqual([]);
    expect(judge(ELICITATION_REQUEST_SHAPE, H, [ask({ message: 'm', requestedSchema: { type: 'object', properties: { a: { type: 'object' } } } })])).toHaveLength(1);
    expect(judge(ELICITATION_REQUEST_SHAPE, H, [ask({ mode: 'url', message: 'm', url: 'not a url', elicitationId: 'e' })])).toHaveLength(1);
    expect(judge(ELICITATION_REQUEST_SHAPE, H, [ask({ mode: 'url', message: 'm', url: 'https://a.example/x', elicitationId: 'e' }), ask({ mode: 'url', message: 'm', url: 'https://a.example/y', elicitationId: 'e' })])).toHaveLength(1);
    expect(judge(ELICITATION_REQUEST_SHAPE, S, embedded({}, 'elicitation/create', { mode: 'url', message: 'm', url: 'https://a.example/x' }))).toEqual([]);
    expect(judge(ELICITATION_REQUEST_SHAPE, S, embedded({}, 'elicitation/create', { requestedSchema: { type: 'object' } }))).toHaveLength(1);
  });
});
