// The command line as a user meets it: exit codes, one-paragraph errors, reports on disk, Ctrl-C.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { createAjv } from '../schema/json-schema.js';
import { ROOT, SCHEMA_DIR } from '../paths.js';
import { freePort } from '../targets/target.js';
import { taggedProcesses } from './tagged-processes.js';

const CLI = join(ROOT, 'dist/runners/cli.js');
const FAULTY_STDIO = `node ${join(ROOT, 'dist/adapters/faulty/server.js')} stdio`;
const tag = randomUUID();

function cli(args: string[], env: Record<string, string> = {}) {
  // Runs started by the tests must not write to the CI job's own step summary or annotations.
  return execa(process.execPath, [CLI, ...args], { reject: false, env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', ...env, MCP_CONFORM_TEST_TAG: tag, NO_COLOR: '1' }, timeout: 120_000 });
}

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'mcp-conform-cli-'));
}

const leftovers = () => taggedProcesses(tag);

describe('mcp-conform CLI', () => {
  afterEach(async () => {
    await new Promise((r) => setTimeout(r, 200));
    expect(leftovers()).toEqual([]);
  });

  it('lists scenarios and checks, and filters them', async () => {
    const all = await cli(['list']);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toMatch(/MUST\s+base\.id-echo-integer\s+\[BASE-006, RPC-004\]/);
    const json = await cli(['list', '--json', '--transport', 'http', '--scenario', 'server.http']);
    const rows = JSON.parse(json.stdout) as { id: string; checks: { id: string; level: string; spec: string[] }[] }[];
    expect(rows.map((r) => r.id)).toContain('server.http.post-answers');
    expect(rows.every((r) => r.id.startsWith('server.http.'))).toBe(true);
    expect(rows[0]?.checks[0]?.spec[0]).toMatch(/^2025-11-25#HTTP-/);
    const older = JSON.parse((await cli(['list', '--json', '--spec-version', '2024-11-05'])).stdout) as { id: string }[];
    expect(older.map((r) => r.id)).not.toContain('server.tools.structured-content');
  });

  it('refuses bad usage with exit code 2 and a clear paragraph', async () => {
    const none = await cli(['run']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/exactly one of --adapter/);
    const unknown = await cli(['run', '--adapter', 'no-such-sdk']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown adapter 'no-such-sdk'\. Available adapters: .*typescript/);
    expect(unknown.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const option = await cli(['run', '--adapter', 'typescript', '--jobz', '2']);
    expect(option.exitCode).toBe(2);
    const version = await cli(['run', '--adapter', 'typescript', '--spec-version', '2020-01-01']);
    expect(version.exitCode).toBe(2);
    expect(version.stderr).toMatch(/not a protocol version/);
  });

  it('reports malformed scenario files with file:line:col and exit code 2, running nothing', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'tools'));
    writeFileSync(join(dir, 'tools', 'bad.yaml'), 'id: server.tools.bad\ntitle: x\nsteps:\n  - request: { method: [unclosed\n');
    const r = await cli(['run', '--server-command', FAULTY_STDIO, '--suites', dir, '--out', join(dir, 'out')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: malformed YAML/);
    expect(existsSync(join(dir, 'out', 'results.jsonl'))).toBe(false);
  });

  it('builds adapters incrementally, and names a missing toolchain with exit code 3 while building the rest', async () => {
    const dir = tmp();
    const adapter = (name: string, steps: string[][]) => {
      mkdirSync(join(dir, name));
      writeFileSync(join(dir, name, 'input.txt'), 'v1');
      const manifest = { name, title: name, language: 'test', protocolVersions: ['2025-11-25'], build: { inputs: ['input.txt'], steps }, server: { stdio: { command: ['node', 'out/built.txt'] } } };
      writeFileSync(join(dir, name, 'adapter.yaml'), JSON.stringify(manifest));
      return join(dir, name);
    };
    const good = adapter('good', [['node', '-e', "require('fs').mkdirSync('out', { recursive: true }); require('fs').writeFileSync('out/built.txt', 'yes')"]]);
    const lacking = adapter('lacking', [['mcp-conform-no-such-toolchain', 'build']]);
    const first = await cli(['build', good, lacking]);
    expect(first.exitCode).toBe(3);
    expect(first.stderr).toMatch(/good: built in/);
    expect(first.stderr).toMatch(/'lacking' cannot be built here: 'mcp-conform-no-such-toolchain' \(its toolchain\) is not on PATH/);
    expect(readFileSync(join(good, 'out', 'built.txt'), 'utf8')).toBe('yes');
    const again = await cli(['build', good]);
    expect([again.exitCode, again.stderr.trim()]).toEqual([0, 'good: up to date']);
    // A changed input, or a missing output its commands name, means building again.
    writeFileSync(join(good, 'input.txt'), 'v2');
    expect((await cli(['build', good])).stderr).toMatch(/good: built in/);
    rmSync(join(good, 'out'), { recursive: true });
    expect((await cli(['build', good])).stderr).toMatch(/good: built in/);
    const available = await cli(['build', '--available', good, lacking]);
    expect(available.exitCode).toBe(0);
    expect(available.stderr).toMatch(/lacking: skipped, mcp-conform-no-such-toolchain not on PATH/);
  });

  it('refuses an unwritable output folder with exit code 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'file'), 'not a folder');
    const r = await cli(['run', '--server-command', FAULTY_STDIO, '--scenario', 'server.ping', '--out', join(dir, 'file', 'sub')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/Cannot write reports to .*Choose a writable folder with --out/);
  });

  it('gives exit code 3 for a server command that does not exist or exits at once, and a URL that refuses', async () => {
    const missing = await cli(['run', '--server-command', 'mcp-conform-no-such-command --flag', '--out', tmp()]);
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toMatch(/could not start 'mcp-conform-no-such-command'.*ENOENT/);
    const exits = await cli(['run', '--server-command', `node -e "console.error('boom'); process.exit(4)"`, '--out', tmp()]);
    expect(exits.exitCode).toBe(3);
    expect(exits.stderr).toMatch(/exited with code 4 before answering initialize/);
    expect(exits.stderr).toMatch(/boom/);
    const port = await freePort();
    const refused = await cli(['run', '--url', `http://127.0.0.1:${port}/mcp`, '--out', tmp()]);
    expect(refused.exitCode).toBe(3);
    expect(refused.stderr).toMatch(/cannot be reached.*ECONNREFUSED/);
  });

  it('tests any stdio server without an adapter: fixture checks skip, reports follow their schema', async () => {
    const out = tmp();
    const r = await cli(['run', '--server-command', FAULTY_STDIO, '--scenario', 'server.ping.ping', '--scenario', 'server.tools.call-content', '--spec-version', '2025-11-25', '--out', out]);
    expect(r.exitCode).toBe(0);
    const records = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const validate = createAjv('2020-12').compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'result-record.schema.json'), 'utf8')));
    for (const rec of records) expect(validate(rec), JSON.stringify(validate.errors)).toBe(true);
    expect(records.find((x) => x.check === 'ping.empty-result')).toMatchObject({ verdict: 'pass', adapter: 'server-command', transport: 'stdio' });
    expect(records.find((x) => x.check === 'tools.call-text')).toMatchObject({ verdict: 'skip', message: expect.stringMatching(/fixture/) });
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ complete: true, mustFailures: 0, cases: { planned: 2, done: 2 } });
    expect(summary.scenarios.find((s: { scenario: string }) => s.scenario === 'server.tools.call-content').verdict).toBe('skip');
    expect(existsSync(join(out, 'transcripts', 'server.ping.ping.stdio.2025-11-25.jsonl'))).toBe(true);
  });

  it('exits 1 when a MUST-level check fails, naming the requirement and what the wire carried', async () => {
    const r = await cli(['run', '--adapter', 'faulty', '--scenario', 'server.ping', '--spec-version', '2025-11-25', '--out', tmp()], { MCP_CONFORM_FAULTS: 'ping-nonempty' });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/fail ping\.empty-result \[MUST\]: .*\[PING-001, SCH-007\]/);
    expect(r.stdout).not.toMatch(/\x1b\[/); // NO_COLOR
  });

  it('with --baseline, gates on new failures and on known failures that now pass', async () => {
    const dir = tmp();
    const known = join(dir, 'known.yaml');
    writeFileSync(known, 'failures:\n  - check: ping.empty-result\n    verdict: fail\n    evidence: answers {"ok":true}\n');
    const args = ['run', '--adapter', 'faulty', '--scenario', 'server.ping.ping', '--spec-version', '2025-11-25', '--baseline', known];
    const expected = await cli([...args, '--out', join(dir, 'a')], { MCP_CONFORM_FAULTS: 'ping-nonempty' });
    expect(expected.exitCode).toBe(0);
    expect(expected.stdout).toMatch(/0 failure\(s\) not in the baseline/);
    const fixed = await cli([...args, '--out', join(dir, 'b')]);
    expect(fixed.exitCode).toBe(1);
    expect(fixed.stdout).toMatch(/fixed: ping\.empty-result .*remove it from the baseline/);
    const summary = JSON.parse(readFileSync(join(dir, 'b', 'summary.json'), 'utf8'));
    expect(summary.baseline.stale).toEqual([{ check: 'ping.empty-result', verdict: 'fail' }]);
    const other = await cli([...args, '--out', join(dir, 'c')], { MCP_CONFORM_FAULTS: 'ping-nonempty,duplicate-tool' });
    expect(other.exitCode).toBe(0); // duplicate-tool breaks no check of server.ping (it lists no tools)
    const regression = await cli(['run', '--adapter', 'faulty', '--scenario', 'server.base.request-ids', '--spec-version', '2025-11-25', '--baseline', known, '--out', join(dir, 'd')], {
      MCP_CONFORM_FAULTS: 'ids-as-strings',
    });
    expect(regression.exitCode).toBe(1);
    expect(regression.stdout).toMatch(/new: fail base\.id-echo-integer \[MUST\]/);
  });

  it('shards with --shard I/N and merges them into exactly the unsharded run; refuses overlaps, flags a missing shard', async () => {
    const dir = tmp();
    const args = ['run', '--adapter', 'faulty', '--scenario', 'server.ping', '--quiet'];
    const env = { MCP_CONFORM_FAULTS: 'ping-nonempty' };
    await cli([...args, '--out', join(dir, 'all')], env);
    for (const s of ['1/3', '2/3', '3/3']) await cli([...args, '--shard', s, '--out', join(dir, `s${s[0]}`)], env);
    const shards = ['s1', 's2', 's3'].map((s) => join(dir, s));
    const merged = await cli(['merge', ...shards, '--out', join(dir, 'merged')]);
    expect(merged.exitCode).toBe(1); // the fault's MUST-level failures, as in the unsharded run
    const comparable = (d: string) =>
      readFileSync(join(dir, d, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => {
        const { runId: _r, durationMs: _d, ...rest } = JSON.parse(l) as Record<string, unknown>;
        return rest;
      });
    expect(comparable('merged')).toEqual(comparable('all'));
    const summary = (d: string) => JSON.parse(readFileSync(join(dir, d, 'summary.json'), 'utf8')) as { totals: unknown; byVersion: unknown; complete: boolean };
    expect([summary('merged').totals, summary('merged').byVersion, summary('merged').complete]).toEqual([summary('all').totals, summary('all').byVersion, true]);
    const twice = await cli(['merge', shards[0] as string, shards[0] as string, '--out', join(dir, 'twice')]);
    expect(twice.exitCode).toBe(2);
    expect(twice.stderr).toMatch(/record\(s\) are in both .* a shard was given twice/);
    expect(existsSync(join(dir, 'twice', 'results.jsonl'))).toBe(false);
    const partial = await cli(['merge', shards[0] as string, shards[2] as string, '--out', join(dir, 'partial')]);
    expect(partial.exitCode).toBe(3);
    expect(partial.stderr).toMatch(/shard\(s\) 2 of 3 are missing/);
  });

  it('--update-baseline rewrites the baseline to this run, which the next run then matches', async () => {
    const dir = tmp();
    const known = join(dir, 'known.yaml');
    const args = ['run', '--adapter', 'faulty', '--scenario', 'server.ping.ping', '--spec-version', '2025-11-25', '--baseline', known];
    expect((await cli([...args, '--out', join(dir, 'x')])).stderr).toMatch(/--baseline 'known.yaml'|does not exist/);
    const update = await cli([...args, '--update-baseline', '--out', join(dir, 'a')], { MCP_CONFORM_FAULTS: 'ping-nonempty' });
    expect(update.exitCode).toBe(0);
    expect(update.stderr).toMatch(/rewrote .*known\.yaml/);
    expect(readFileSync(known, 'utf8')).toMatch(/check: ping\.empty-result\n\s+verdict: fail/);
    const again = await cli([...args, '--out', join(dir, 'b')], { MCP_CONFORM_FAULTS: 'ping-nonempty' });
    expect(again.exitCode).toBe(0);
    expect((await cli(['run', '--adapter', 'faulty', '--scenario', 'server.ping.ping', '--update-baseline'])).exitCode).toBe(2);
  });

  it('on SIGINT stops the run, kills its processes and leaves complete partial reports', async () => {
    const out = tmp();
    const child = execa(process.execPath, [CLI, 'run', '--adapter', 'faulty', '--transport', 'stdio', '--jobs', '1', '--out', out], {
      reject: false,
      env: { MCP_CONFORM_TEST_TAG: tag },
    });
    // Interrupt once the first cases have been written.
    for (let i = 0; i < 200 && !existsSync(join(out, 'summary.json')); i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.interrupted).toBe(true);
    expect(summary.complete).toBe(false);
    expect(summary.cases.done).toBeLessThan(summary.cases.planned);
    const lines = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });
});
