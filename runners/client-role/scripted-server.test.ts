// The server the harness plays: version negotiation, pages, tool calls with progress and requests to the
// client, cancellation, and canned answers.
import { describe, expect, it } from 'vitest';
import { ScriptedServer } from './scripted-server.js';
import { DEFAULT_SCRIPT, type ServerScript } from './server-script.js';

function server(overrides: Partial<ServerScript> = {}) {
  const sent: Record<string, unknown>[] = [];
  const s = new ScriptedServer({ ...DEFAULT_SCRIPT, ...overrides }, (m) => sent.push(m));
  return { s, sent };
}

const init = (protocolVersion: string) => ({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion, capabilities: { sampling: {} }, clientInfo: { name: 'c', version: '1' } } });

describe('scripted server', () => {
  it('echoes a version it accepts, offers its first one otherwise, or the one the scenario forces', async () => {
    const a = server();
    await a.s.receive(init('2025-06-18'));
    expect(a.sent[0]).toMatchObject({ id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'mcp-conform-server' } } });
    expect(a.s.clientCapabilities).toEqual({ sampling: {} });
    const b = server();
    await b.s.receive(init('1999-01-01'));
    expect(b.sent[0]).toMatchObject({ result: { protocolVersion: '2025-11-25' } });
    const c = server({ answerVersion: '2024-11-05' });
    await c.s.receive(init('2025-11-25'));
    expect(c.sent[0]).toMatchObject({ result: { protocolVersion: '2024-11-05' } });
  });

  it('cuts lists into pages with opaque cursors', async () => {
    const { s, sent } = server({ pageSize: 1 });
    await s.receive({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    const first = sent[0] as { result: { tools: { name: string }[]; nextCursor: string } };
    expect(first.result.tools.map((t) => t.name)).toEqual(['echo']);
    await s.receive({ jsonrpc: '2.0', id: 3, method: 'tools/list', params: { cursor: first.result.nextCursor } });
    expect(sent[1]).toEqual({ jsonrpc: '2.0', id: 3, result: { tools: [expect.objectContaining({ name: 'add' })] } });
  });

  it('reports progress for a token, asks the client during a call and uses its answer', async () => {
    const { s, sent } = server({
      tools: [{ name: 'ask', inputSchema: { type: 'object' }, progress: [50, 100], requests: [{ method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } }] }],
    });
    const call = s.receive({ jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'ask', arguments: {}, _meta: { progressToken: 'p' } } });
    await new Promise((r) => setTimeout(r, 10));
    expect(sent.map((m) => m.method ?? 'response')).toEqual(['notifications/progress', 'notifications/progress', 'sampling/createMessage']);
    await s.receive({ jsonrpc: '2.0', id: sent[2]?.id, result: { role: 'assistant', content: { type: 'text', text: 'hi' }, model: 'm' } });
    await call;
    expect(sent[3]).toMatchObject({ id: 4, result: { content: [{ type: 'text', text: expect.stringContaining('"hi"') }] } });
  });

  it('sends no answer for a cancelled request; unknown methods get -32601; canned answers win', async () => {
    const { s, sent } = server({ tools: [{ name: 'slow', inputSchema: { type: 'object' }, delayMs: 50 }], answers: { ping: { error: { code: -32000, message: 'busy' } } } });
    const slow = s.receive({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'slow' } });
    await s.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 5 } });
    await slow;
    await s.receive({ jsonrpc: '2.0', id: 6, method: 'nope' });
    await s.receive({ jsonrpc: '2.0', id: 7, method: 'ping' });
    expect(sent).toEqual([
      { jsonrpc: '2.0', id: 6, error: { code: -32601, message: 'Method not found: nope' } },
      { jsonrpc: '2.0', id: 7, error: { code: -32000, message: 'busy' } },
    ]);
  });

  it('answers a cancelled call anyway when the script makes the answer cross the cancellation', async () => {
    const { s, sent } = server({ tools: [{ name: 'slow', inputSchema: { type: 'object' }, delayMs: 20, answerAfterCancel: true }] });
    const slow = s.receive({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'slow' } });
    await s.receive({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 8 } });
    await slow;
    expect(sent).toEqual([{ jsonrpc: '2.0', id: 8, result: { content: [{ type: 'text', text: 'slow done' }] } }]);
  });

  it('uses a list of canned answers in turn, the last one repeating, and delays the methods the script names', async () => {
    const { s, sent } = server({ answers: { ping: [{ error: { code: -32000, message: 'busy' } }, { result: { ok: 1 } }] }, delays: { ping: 30 } });
    const started = Date.now();
    for (const id of [1, 2, 3]) await s.receive({ jsonrpc: '2.0', id, method: 'ping' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(85);
    expect(sent.map((m) => m.error ?? m.result)).toEqual([{ code: -32000, message: 'busy' }, { ok: 1 }, { ok: 1 }]);
  });

  it('runs a task-augmented tools/call as a task and serves tasks/get, tasks/result, tasks/list and tasks/cancel', async () => {
    const { s, sent } = server();
    await s.receive({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi' }, task: { ttl: 1000 } } });
    const created = sent[0] as { result: { task: { taskId: string; status: string; ttl: number } } };
    expect(created.result.task).toMatchObject({ status: 'working', ttl: 1000 });
    const taskId = created.result.task.taskId;
    await s.receive({ jsonrpc: '2.0', id: 2, method: 'tasks/result', params: { taskId } });
    expect(sent[1]).toEqual({ jsonrpc: '2.0', id: 2, result: { content: [{ type: 'text', text: 'Echo: hi' }], _meta: { 'io.modelcontextprotocol/related-task': { taskId } } } });
    await s.receive({ jsonrpc: '2.0', id: 3, method: 'tasks/get', params: { taskId } });
    expect(sent[2]).toMatchObject({ result: { taskId, status: 'completed' } });
    await s.receive({ jsonrpc: '2.0', id: 4, method: 'tasks/list' });
    expect(sent[3]).toMatchObject({ result: { tasks: [{ taskId }] } });
    await s.receive({ jsonrpc: '2.0', id: 5, method: 'tasks/cancel', params: { taskId } });
    await s.receive({ jsonrpc: '2.0', id: 6, method: 'tasks/get', params: { taskId: 'nope' } });
    expect([sent[4]?.error, sent[5]?.error]).toMatchObject([{ code: -32602 }, { code: -32602 }]);
  });

  it('sends task requests only to a client that declared them, filling in the task id the client created', async () => {
    const tools = [
      {
        name: 'delegate',
        inputSchema: { type: 'object' },
        requests: [
          { method: 'sampling/createMessage', params: { task: { ttl: 5 } }, whenClientDeclares: 'tasks.requests.sampling.createMessage' },
          { method: 'tasks/get', params: { taskId: '$taskId' }, whenClientDeclares: 'tasks' },
        ],
      },
    ];
    const declared = server({ tools });
    await declared.s.receive({ ...init('2025-11-25'), params: { ...init('2025-11-25').params, capabilities: { tasks: { requests: { sampling: { createMessage: {} } } } } } });
    const call = declared.s.receive({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'delegate' } });
    await new Promise((r) => setTimeout(r, 5));
    await declared.s.receive({ jsonrpc: '2.0', id: declared.sent[1]?.id, result: { task: { taskId: 't-9', status: 'working' } } });
    await new Promise((r) => setTimeout(r, 5));
    expect(declared.sent[2]).toMatchObject({ method: 'tasks/get', params: { taskId: 't-9' } });
    await declared.s.receive({ jsonrpc: '2.0', id: declared.sent[2]?.id, result: { taskId: 't-9', status: 'completed' } });
    await call;
    const undeclared = server({ tools });
    await undeclared.s.receive(init('2025-11-25'));
    await undeclared.s.receive({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'delegate' } });
    expect(undeclared.sent.map((m) => m.method ?? 'response')).toEqual(['response', 'response']);
  });

  it('stateless: input_required without requestState, a result without resultType, a refused discover, and canned caching hints', async () => {
    const meta = { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientCapabilities': { elicitation: {} } } };
    const { s, sent } = server({
      tools: [
        { name: 'ask', inputSchema: { type: 'object' }, withoutRequestState: true, requests: [{ method: 'elicitation/create' }] },
        { name: 'old', inputSchema: { type: 'object' }, withoutResultType: true },
      ],
      answers: { 'server/discover': { error: { code: -32600, message: 'Server not initialized' } }, 'resources/read': { result: { contents: [], ttlMs: 500 } } },
    });
    await s.receive({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ask', ...meta } });
    expect(sent[0]).toMatchObject({ result: { resultType: 'input_required', inputRequests: { 'input-1': { method: 'elicitation/create' } } } });
    expect((sent[0] as { result: object }).result).not.toHaveProperty('requestState');
    await s.receive({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ask', inputResponses: { 'input-1': { action: 'decline' } }, ...meta } });
    expect(sent[1]).toMatchObject({ result: { resultType: 'complete' } });
    await s.receive({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'old', ...meta } });
    expect((sent[2] as { result: object }).result).not.toHaveProperty('resultType');
    await s.receive({ jsonrpc: '2.0', id: 4, method: 'server/discover', params: meta });
    expect(sent[3]).toEqual({ jsonrpc: '2.0', id: 4, error: { code: -32600, message: 'Server not initialized' } });
    await s.receive({ jsonrpc: '2.0', id: 5, method: 'resources/read', params: { uri: 'x', ...meta } });
    expect(sent[4]).toMatchObject({ result: { ttlMs: 500, cacheScope: 'private', resultType: 'complete' } });
    expect(s.clientCapabilities).toEqual({ elicitation: {} });
  });
});
