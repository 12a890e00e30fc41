// A client case end to end over stdio: the reference client program (SDK v1) follows a plan against the
// scripted server through the bridge; checks judge the client's messages and its reported outcomes.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../model.js';
import { ADAPTERS_DIR } from '../paths.js';
import { buildAdapter } from '../targets/build-adapter.js';
import { loadAdapter } from '../targets/adapter-manifest.js';
import { liveProcessCount } from '../targets/processes.js';
import { runClientCase } from './run-client-case.js';

const check = (id: string, expect: unknown): CheckSpec => ({ id, title: id, level: 'MUST', spec: [], expect });

describe('client case over stdio', () => {
  afterAll(() => expect(liveProcessCount()).toBe(0));

  it.each(['typescript', 'typescript-v2'])('runs the plan with the %s SDK client against the scripted server and judges the wire', async (adapter) => {
    const manifest = loadAdapter(adapter);
    await buildAdapter(manifest, () => {});
    const result = await runClientCase({
      scenario: `client.test.${adapter}`,
      version: '2025-11-25',
      transport: 'stdio',
      command: manifest.client?.command ?? [],
      cwd: join(ADAPTERS_DIR, adapter),
      timeoutMs: 10_000,
      server: { pageSize: 1 },
      plan: { actions: [{ connect: {} }, { listTools: {} }, { callTool: { name: 'echo', arguments: { message: 'hi' } } }, { close: {} }] },
      checks: [
        check('initialize-first', { messages: { $first: { method: 'initialize', params: { protocolVersion: '2025-11-25' } } } }),
        check('initialized-sent', { messages: { $contains: { method: 'notifications/initialized' } } }),
        check('cursor-followed', { messages: { $where: { method: 'tools/list' }, $length: 2 } }),
        check('echo-outcome', { outcomes: { $contains: { action: 'callTool', ok: true, result: { content: [{ text: 'Echo: hi' }] } } } }),
        check('a-wrong-expectation', { messages: { $contains: { method: 'resources/list' } } }),
      ],
    });
    const verdicts = Object.fromEntries(result.checks.map((c) => [c.check, c.verdict]));
    expect(verdicts, `${result.exit}\n${result.stderrTail}`).toEqual({
      'initialize-first': 'pass',
      'initialized-sent': 'pass',
      'cursor-followed': 'pass',
      'echo-outcome': 'pass',
      'a-wrong-expectation': 'fail',
      'client.wire-schema': 'pass',
    });
  }, 120_000);
});
