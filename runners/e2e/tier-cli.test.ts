// `mcp-conform tier` as a user meets it: reports and badges on disk, offline legs "not measured", exit codes.
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { assertWellFormed, record, summaryOf } from '../../reports/test-helpers.js';
import { writeReports } from '../../reports/write-reports.js';
import type { TierReport } from '../../reports/tier/model.js';
import { ROOT } from '../paths.js';
import { loadScoredSet } from '../suites/scored-sets.js';

const CLI = join(ROOT, 'dist/runners/cli.js');
const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-tier-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [CLI, ...args], { reject: false, cwd: dir, env: { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', NO_COLOR: '1', GITHUB_TOKEN: '', ...env }, timeout: 60_000 });
}

/** A run folder where every scored server check of 2025-11-25 passes but one, which fails over http. */
function serverRun(): string {
  const set = loadScoredSet('2025-11-25')!;
  const records = set.server.map((check, i) => record({ scenario: 'server.area.s', check, verdict: 'pass', transport: i === 0 ? 'http' : 'stdio' }));
  records[0] = { ...records[0]!, verdict: 'fail', message: 'expected 403, saw 200' };
  const out = join(dir, 'server');
  const summary = { ...summaryOf(records), sdk: { package: '@example/sdk', version: '0.4.0' }, complete: true };
  writeReports(out, records.map((r) => ({ ...r, sdk: summary.sdk })), summary);
  return out;
}

/** A port that was open a moment ago and no longer is: a GitHub API that cannot be reached. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

describe('mcp-conform tier', () => {
  const run = serverRun();

  it('offline, reports the measured legs, says which were not measured, and writes Markdown, JSON and badges', async () => {
    const port = await closedPort();
    const res = await cli(['tier', run, '--github', 'example/sdk', '--out', 'tier'], { MCP_CONFORM_GITHUB_API: `http://127.0.0.1:${port}` });
    expect(res.exitCode).toBe(0);
    expect(res.stderr).toContain(`GitHub API unreachable at http://127.0.0.1:${port}/`);
    expect(res.stdout).toMatch(/\| typescript \| 2025-11-25 \| Tier 2 on the measured legs \(unconfirmed\) \| \d+\/\d+ \/ — \|/);
    const report = JSON.parse(readFileSync(join(dir, 'tier', 'typescript-2025-11-25.json'), 'utf8')) as TierReport;
    const total = loadScoredSet('2025-11-25')!.server.length;
    expect(report.conformance[0]).toMatchObject({ role: 'server', passed: total - 1, failed: 1, notRun: 0 });
    expect(report.tier).toBeUndefined();
    expect(report.measuredTier).toBe(2);
    expect(report.notMeasured).toContain('triage');
    expect(report.legs.find((l) => l.id === 'stable-release')).toMatchObject({ measured: false, upTo: 2 });
    expect(readFileSync(join(dir, 'tier', 'typescript-2025-11-25.md'), 'utf8')).toContain('## Blockers to Tier 1');
    const endpoint = JSON.parse(readFileSync(join(dir, 'tier', 'badges', 'typescript-2025-11-25.json'), 'utf8'));
    expect(endpoint).toMatchObject({ schemaVersion: 1, label: 'MCP typescript', message: `Tier 2 (partial) · 2025-11-25 · ${total - 1}/${total}` });
    assertWellFormed(readFileSync(join(dir, 'tier', 'badges', 'typescript-2025-11-25.svg'), 'utf8'));
  });

  it('confirms a tier from an evidence file, and --min-tier gates on it', async () => {
    const evidence = join(dir, 'evidence.yaml');
    writeFileSync(
      evidence,
      [
        'sdk: "@example/sdk"',
        'specTracking: { "2025-11-25": { release: 0.3.0, releasedAt: 2025-11-25 } }',
        'triage: { issues: 20, within2BusinessDays: 19, withinOneMonth: 20 }',
        'p0: { issues: 0, within7Days: 0, within14Days: 0 }',
        'stableRelease: { latest: null }',
        'docs: { level: basic }',
        'dependencyPolicy: { published: true }',
        'roadmap: { level: plan-to-tier-1 }',
      ].join('\n'),
    );
    const res = await cli(['tier', run, '--evidence', evidence, '--out', 'tier2', '--min-tier', '2', '--json']);
    // No stable release at all: Tier 3, below --min-tier 2.
    expect(res.exitCode).toBe(1);
    expect(res.stderr).toContain('typescript is Tier 3 for 2025-11-25, below --min-tier 2');
    const [report] = JSON.parse(res.stdout) as TierReport[];
    // Every leg but client conformance is measured (no client run was given): the tier stays unconfirmed.
    expect(report).toMatchObject({ measuredTier: 3, notMeasured: ['conformance-client'] });
    expect(report!.tier).toBeUndefined();
    expect(report!.legs.find((l) => l.id === 'stable-release')).toMatchObject({ meets: 3, value: '0.4.0, the release judged, is not stable, and there is no stable release' });
    expect(report!.legs.find((l) => l.id === 'triage')).toMatchObject({ meets: 1, source: expect.stringContaining('evidence') });
  });

  it('refuses what it cannot use with exit 2 and a clear message', async () => {
    const missing = await cli(['tier', join(dir, 'nowhere')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/is not a run folder \(it needs summary\.json and results\.jsonl\)/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const none = await cli(['tier']);
    expect(none.exitCode).toBe(2);
    const other = join(dir, 'other.yaml');
    writeFileSync(other, 'sdk: python\ndocs: { level: basic }\n');
    const wrong = await cli(['tier', run, '--evidence', other]);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain("is about 'python', but the runs judged typescript");
    const badEvidence = join(dir, 'bad.yaml');
    writeFileSync(badEvidence, 'sdk: typescript\ndocs: { level: excellent }\n');
    const bad = await cli(['tier', run, '--evidence', badEvidence]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:2:\d+: must be equal to one of the allowed values/);
    const repo = await cli(['tier', run, '--github', 'not a repo']);
    expect(repo.exitCode).toBe(2);
  });
});
