// The faulty client against the faulty server, one plan per transport: every outcome line fits the
// outcome schema, the actions succeed, and a client fault shows up in the outcomes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ROOT, SCHEMA_DIR } from '../paths.js';
import { createAjv } from '../schema/json-schema.js';
import { liveProcessCount, spawnProcess, type Spawned } from '../targets/processes.js';

const SERVER = join(ROOT, 'dist/adapters/faulty/server.js');
const CLIENT = join(ROOT, 'dist/adapters/faulty-client/client.js');
const validateLine = createAjv('2020-12').compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'client-outcome.schema.json'), 'utf8')) as object);

interface Line {
  action?: string;
  index?: number;
  label?: string;
  ok?: boolean;
  result?: unknown;
  error?: { code?: number; message: string };
  event?: string;
  method?: string;
}

const ANSWERS = {
  sampling: { result: { role: 'assistant', content: { type: 'text', text: 'four' }, model: 'test-model', stopReason: 'endTurn' } },
  elicitation: { result: { action: 'accept', content: { response: 'yes', name: 'Ada' } } },
  roots: { result: { roots: [{ uri: 'file:///tmp/project', name: 'project' }] } },
};

const started: Spawned[] = [];

async function startServer(mode: 'http' | 'sse', path: string): Promise<string> {
  const server = spawnProcess(process.execPath, [SERVER, mode, '0', path], {});
  started.push(server);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready: ${server.stderrTail()}`)), 10_000);
    server.onStderrLine((line) => {
      const url = /ready on (http:\/\/\S+)/.exec(line)?.[1];
      if (url) (clearTimeout(timer), resolve(url));
    });
  });
}

async function runClient(plan: object, faults = ''): Promise<{ code: number | undefined; lines: Line[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-faulty-client-'));
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
  const client = spawnProcess(process.execPath, [CLIENT, '--plan', join(dir, 'plan.json'), '--outcomes', join(dir, 'out.jsonl')], {
    env: { ...(process.env as Record<string, string>), MCP_CONFORM_CLIENT_FAULTS: faults },
  });
  started.push(client);
  const exit = await client.exited;
  let text = '';
  try {
    text = readFileSync(join(dir, 'out.jsonl'), 'utf8');
  } catch {
    /* no outcomes written */
  }
  const lines = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
  for (const line of lines) expect(validateLine(line), JSON.stringify(line)).toBe(true);
  return { code: exit.code, lines };
}

const outcome = (lines: Line[], index: number): Line | undefined => lines.find((l) => l.index === index);
const text = (line: Line | undefined): string => JSON.stringify(line?.result ?? line?.error ?? null);

describe('faulty client', () => {
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });
  afterAll(() => expect(liveProcessCount()).toBe(0));

  it('runs a handshake-era plan over stdio: server requests, progress, cancellation', async () => {
    const { code, lines } = await runClient({
      target: { transport: 'stdio', command: [process.execPath, SERVER, 'stdio'] },
      capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } },
      answers: ANSWERS,
      timeoutMs: 5000,
      actions: [
        { connect: {} },
        { ping: {} },
        { listTools: {} },
        { callTool: { name: 'test_tool_with_progress', progress: true } },
        { callTool: { name: 'test_sampling', arguments: { prompt: 'hi' } } },
        { callTool: { name: 'test_list_roots' } },
        { label: 'slow', callTool: { name: 'test_slow_operation', arguments: { durationMs: 3000 }, background: true } },
        { sleep: { ms: 100 } },
        { cancel: { label: 'slow' } },
        { readResource: { uri: 'test://static-text' } },
        { close: {} },
      ],
    });
    expect(code).toBe(0);
    expect(lines.at(-1)).toEqual({ event: 'done' });
    for (const i of [0, 1, 2, 3, 4, 5, 7, 8, 9, 10]) expect(outcome(lines, i)?.ok, `action ${i}`).toBe(true);
    expect(text(outcome(lines, 4))).toContain('LLM response: four');
    expect(text(outcome(lines, 5))).toContain('file:///tmp/project');
    expect(outcome(lines, 6)).toMatchObject({ label: 'slow', ok: false });
    expect(lines.filter((l) => l.method === 'notifications/progress')).toHaveLength(3);
    expect(lines.filter((l) => l.event === 'request').map((l) => l.method)).toEqual(['sampling/createMessage', 'roots/list']);
  });

  it('runs a stateless-era plan over Streamable HTTP: discover, headers, input-required retries', async () => {
    const url = await startServer('http', '/mcp');
    const plan = {
      target: { transport: 'http', url },
      protocolVersion: '2026-07-28',
      capabilities: { elicitation: {} },
      answers: ANSWERS,
      timeoutMs: 5000,
      actions: [
        { connect: {} },
        { listTools: {} },
        { callTool: { name: 'test_input_required_result_elicitation' } },
        { callTool: { name: 'test_input_required_result_multi_round' } },
        { callTool: { name: 'test_header_params', arguments: { region: 'eu-west', priority: 3 } } },
        { getPrompt: { name: 'test_simple_prompt' } },
        { close: {} },
      ],
    };
    const { code, lines } = await runClient(plan);
    expect(code).toBe(0);
    for (let i = 0; i < 7; i++) expect(outcome(lines, i)?.ok, `action ${i}: ${text(outcome(lines, i))}`).toBe(true);
    expect(text(outcome(lines, 2))).toContain('Hello, Ada!');
    expect(text(outcome(lines, 3))).toContain('Completed after 2 rounds');
    // A client fault breaks its rule: without Mcp-Name the server refuses the call (-32020).
    const faulty = await runClient(plan, 'stateless-missing-name-header');
    expect(faulty.code).toBe(0);
    expect(outcome(faulty.lines, 2)).toMatchObject({ ok: false, error: { code: -32020 } });
  });

  it('runs a 2024-11-05 plan over the legacy HTTP+SSE transport', async () => {
    const url = await startServer('sse', '/sse');
    const { code, lines } = await runClient({
      target: { transport: 'sse', url },
      protocolVersion: '2024-11-05',
      timeoutMs: 5000,
      actions: [{ connect: {} }, { listPrompts: {} }, { callTool: { name: 'test_simple_text' } }, { close: {} }],
    });
    expect(code).toBe(0);
    for (let i = 0; i < 4; i++) expect(outcome(lines, i)?.ok, `action ${i}`).toBe(true);
    expect(outcome(lines, 0)?.result).toMatchObject({ protocolVersion: '2024-11-05' });
  });

  it('refuses an unknown fault name with exit code 2', async () => {
    const { code } = await runClient({ target: { transport: 'http', url: 'http://127.0.0.1:9/mcp' }, actions: [] }, 'no-such-fault');
    expect(code).toBe(2);
  });
});
