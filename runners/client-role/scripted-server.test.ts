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
});
