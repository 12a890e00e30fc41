// Bad input as users meet it: each gives one clear paragraph naming where (file:line:col for YAML), the
// documented exit code, no stack trace, and whatever results were gathered, written whole.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../paths.js';
import { taggedProcesses } from './tagged-processes.js';

const CLI = join(ROOT, 'dist/runners/cli.js');
const FAULTY = join(ROOT, 'dist/adapters/faulty/server.js');
const tag = randomUUID();

function cli(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', NO_COLOR: '1', ...env, MCP_CONFORM_TEST_TAG: tag }, timeout: 120_000 });
}

const tmp = () => mkdtempSync(join(tmpdir(), 'mcp-conform-bad-'));

const leftovers = () => taggedProcesses(tag);

/** One paragraph for a human, never a stack. */
function expectClean(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  expect(stderr).not.toMatch(/internal error/);
}

function adapterDir(manifest: string): string {
  const dir = join(tmp(), 'my-adapter');
  mkdirSync(dir);
  writeFileSync(join(dir, 'adapter.yaml'), manifest);
  return dir;
}

describe('bad input', () => {
  afterEach(async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(leftovers()).toEqual([]);
  });

  it('a malformed or schema-invalid adapter manifest: exit 2 with file:line:col', async () => {
    const malformed = await cli(['run', '--adapter', adapterDir('name: x\nserver: { stdio: [unclosed\n'), '--out', tmp()]);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toMatch(/adapter\.yaml:\d+:\d+: malformed YAML/);
    expectClean(malformed.stderr);
    const invalid = await cli(['run', '--adapter', adapterDir('name: my-adapter\ntitle: t\nlanguage: x\nprotocolVersions: ["2025-11-25"]\nserver: { stdio: { command: node } }\ncolour: blue\n'), '--out', tmp()]);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/adapter\.yaml:\d+:\d+: .*— see schema\/adapter\.schema\.json/);
    expect(invalid.stderr).toMatch(/colour/);
    expectClean(invalid.stderr);
  });

  it('a malformed or schema-invalid baseline: exit 2 with file:line:col, nothing run', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'bad.yaml'), 'failures:\n  - check: x\n    verdict: [oops\n');
    const malformed = await cli(['run', '--server-command', `node ${FAULTY} stdio`, '--scenario', 'server.ping', '--baseline', join(dir, 'bad.yaml'), '--out', join(dir, 'out')]);
    expect(malformed.exitCode).toBe(2);
    expect(malformed.stderr).toMatch(/bad\.yaml:\d+:\d+: malformed YAML/);
    writeFileSync(join(dir, 'invalid.yaml'), 'failures:\n  - check: base.ping\n    verdict: broken\n    evidence: x\n');
    const invalid = await cli(['run', '--server-command', `node ${FAULTY} stdio`, '--scenario', 'server.ping', '--baseline', join(dir, 'invalid.yaml'), '--out', join(dir, 'out')]);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toMatch(/invalid\.yaml:3:\d+: .*see schema\/baseline\.schema\.json/);
    expectClean(invalid.stderr);
    expect(existsSync(join(dir, 'out', 'results.jsonl'))).toBe(false);
  });

  it('a malformed client scenario (its plan included): exit 2 with file:line:col', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'base'));
    writeFileSync(join(dir, 'base', 'bad.yaml'), 'id: client.base.bad\ntitle: x\nplan:\n  actions:\n    - { call: 42 }\nchecks: []\n');
    const r = await cli(['run', '--role', 'client', '--adapter', 'faulty-client', '--suites', dir, '--out', join(dir, 'out')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+:/);
    expectClean(r.stderr);
  });

  it('a bad timeout multiplier: exit 2', async () => {
    const r = await cli(['run', '--adapter', 'faulty', '--timeout-multiplier', 'fast']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--timeout-multiplier 'fast' must be a number/);
  });

  it('an adapter whose port is taken: exit 3 naming the cause, every selected check recorded as error', async () => {
    // A server that insists on one port, which something else already holds.
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const dir = adapterDir(
        [
          'name: my-adapter',
          'title: fixed port',
          'language: test',
          'protocolVersions: ["2025-11-25"]',
          'server:',
          '  http:',
          `    command: [node, -e, "require('http').createServer().listen(${port}, '127.0.0.1')"]`,
          '    path: /mcp',
        ].join('\n'),
      );
      const out = join(dir, 'out');
      const r = await cli(['run', '--adapter', dir, '--scenario', 'server.ping', '--startup-timeout', '10000', '--out', out]);
      expect(r.exitCode).toBe(3);
      expect(r.stderr).toMatch(/EADDRINUSE/);
      expectClean(r.stderr);
      const records = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { verdict: string });
      expect(records.length).toBeGreaterThan(0);
      expect(new Set(records.map((x) => x.verdict))).toEqual(new Set(['error']));
      expect(existsSync(join(out, 'junit.xml'))).toBe(true);
    } finally {
      holder.close();
    }
  });

  it('a server that never answers: the run and case bounds end it with a verdict for every check', async () => {
    const out = tmp();
    const started = Date.now();
    const r = await cli(['run', '--server-command', `node -e "setInterval(() => {}, 1000)"`, '--scenario', 'server.ping', '--scenario', 'server.base', '--transport', 'stdio', '--spec-version', '2025-11-25', '--run-timeout', '4000', '--out', out]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.exitCode).toBe(3);
    expectClean(r.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.runTimedOut).toEqual({ afterMs: 4000 });
    expect(summary.totals.timeout).toBeGreaterThan(0);
    expect(summary.totals.timeout).toBe(Object.values(summary.totals as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/stopped by --run-timeout/);
  });

  it('on SIGTERM stops like SIGINT: exit 130, processes killed, partial reports whole', async () => {
    const out = tmp();
    const child = execa(process.execPath, [CLI, 'run', '--adapter', 'faulty', '--transport', 'stdio', '--jobs', '1', '--out', out], { reject: false, env: { MCP_CONFORM_TEST_TAG: tag } });
    for (let i = 0; i < 200 && !existsSync(join(out, 'summary.json')); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    const r = await child;
    expect(r.exitCode).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ interrupted: true, complete: false });
    for (const l of readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
  });

  it('a client run stops on SIGINT with its partial reports, and within --run-timeout with a verdict for every check', async () => {
    const out = tmp();
    const child = execa(process.execPath, [CLI, 'run', '--role', 'client', '--adapter', 'faulty-client', '--jobs', '1', '--out', out], { reject: false, env: { MCP_CONFORM_TEST_TAG: tag } });
    for (let i = 0; i < 400 && !existsSync(join(out, 'summary.json')); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ interrupted: true, complete: false });
    expect(summary.cases.done).toBeGreaterThan(0);
    const bounded = tmp();
    const started = Date.now();
    const t = await cli(['run', '--role', 'client', '--adapter', 'faulty-client', '--jobs', '1', '--run-timeout', '3000', '--out', bounded]);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(t.exitCode).toBe(3);
    const s2 = JSON.parse(readFileSync(join(bounded, 'summary.json'), 'utf8'));
    expect(s2).toMatchObject({ runTimedOut: { afterMs: 3000 }, complete: true });
    expect(s2.totals.timeout).toBeGreaterThan(0);
  });
});
