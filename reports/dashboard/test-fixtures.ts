// Hand-made run folders and inputs for the dashboard tests: known pass rates, a failing check with a
// transcript, hostile strings in every place run data reaches the pages, and an SDK never measured.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../../runners/model.js';
import type { Catalogues, Requirement } from '../../runners/suites/requirements.js';
import type { RunFolder } from '../run-folder.js';
import { summarize } from '../summary.js';
import { record } from '../test-helpers.js';
import type { TierReport } from '../tier/model.js';
import type { DashboardInput } from './build-dashboard.js';

export const SCRIPT = '<script>alert(1)</script>';
export const IMG = '<img src=x onerror=alert(1)>';
export const HOSTILE = `${SCRIPT} ${IMG} {{constructor}} "'&`;
export const TRANSCRIPT_MARK = 'tool exploded: stack overflow at frame 42';
export const FAILING_ANCHOR = '2025-11-25-server-stdio-tools.call-error';
export const CATALOGUE_TEXT = 'Servers MUST answer tools/list with the list of tools.';

function runFolder(dir: string, adapter: string, records: RunRecord[], sdk?: { package: string; version: string }): RunFolder {
  mkdirSync(dir, { recursive: true });
  const stamped = records.map((r) => ({ ...r, adapter, ...(sdk && { sdk }) }));
  const summary = summarize(stamped, { runId: `run-${adapter}`, adapter, ...(sdk && { sdk }), target: `adapter ${adapter}`, startedAt: Date.parse('2026-01-02T03:04:00Z'), planned: 1, done: 1, interrupted: false });
  summary.finishedAt = '2026-01-02T03:05:06.000Z';
  return { dir, records: stamped, summary };
}

function transcriptLines(extra: string[] = []): string {
  const events = [
    { seq: 0, at: 0, direction: 'out', kind: 'message', message: { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'explode' } } },
    { seq: 1, at: 5, direction: 'in', kind: 'message', message: { jsonrpc: '2.0', id: 1, error: { code: -32603, message: TRANSCRIPT_MARK } } },
    { seq: 2, at: 6, direction: 'in', kind: 'message', message: { jsonrpc: '2.0', method: 'notifications/message', params: { data: HOSTILE } } },
  ];
  return [...events.map((e) => JSON.stringify(e)), ...extra, JSON.stringify({ stderrTail: `panic: ${HOSTILE}` })].join('\n') + '\n';
}

const spec = (ref: string, text?: string) => ({ version: '2025-11-25', ref, level: 'MUST' as const, ...(text && { text }) });

/** typescript server, 2025-11-25 stdio: 3 passed of 5 counted (a fail, an unsupported); warn, skip and an extension are not counted. */
function typescriptServer(dir: string): RunFolder {
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  writeFileSync(join(dir, 'transcripts', 'call.jsonl'), transcriptLines());
  const long = Array.from({ length: 250 }, (_, i) => JSON.stringify({ seq: i, at: i, direction: 'in', kind: 'noise', raw: `line ${i}` }));
  writeFileSync(join(dir, 'transcripts', 'long.jsonl'), long.join('\n') + '\n');
  // A file beside the run folder, named by a record's path and by a symlink inside the folder: neither may be read.
  writeFileSync(join(dir, '..', 'secret.txt'), 'root:x:0:0:do-not-leak\n');
  symlinkSync(join(dir, '..', 'secret.txt'), join(dir, 'transcripts', 'link.jsonl'));
  const v = '2025-11-25';
  const s = (o: Partial<RunRecord>) => record({ specVersion: v, transport: 'stdio', ...o });
  return runFolder(dir, 'typescript', [
    s({ scenario: 'server.tools.list', check: 'tools.list-result', spec: [spec('TOOLS-001')] }),
    s({ scenario: 'server.tools.list', check: 'tools.list-names', spec: [spec('TOOLS-002', 'Tool names are quoted by the check.')] }),
    s({ scenario: 'server.prompts.get', check: 'prompts.get-result', spec: [spec('PROMPTS-404')] }),
    s({ scenario: 'server.tools.call', check: 'tools.call-error', verdict: 'fail', title: `tools/call errors ${HOSTILE}`, message: `boom ${HOSTILE}`, transcript: 'transcripts/call.jsonl', spec: [spec('TOOLS-001')] }),
    s({ scenario: 'server.tools.call', check: 'tools.call-progress', verdict: 'unsupported', message: 'no progress support', transcript: 'transcripts/missing.jsonl' }),
    s({ scenario: 'server.tools.call', check: 'tools.call-slow', verdict: 'warn', message: 'slow', transcript: 'transcripts/long.jsonl' }),
    s({ scenario: 'server.tools.call', check: 'tools.call-escape', verdict: 'warn', message: 'escape', transcript: '../secret.txt' }),
    s({ scenario: 'server.tools.call', check: 'tools.call-link', verdict: 'warn', message: 'link', transcript: 'transcripts/link.jsonl' }),
    s({ scenario: 'server.logging', check: 'logging.level', verdict: 'skip' }),
    s({ scenario: 'server.tasks', check: 'tasks.create', verdict: 'fail', extension: 'io.modelcontextprotocol/tasks' }),
    s({ scenario: 'server.tools.list', check: 'tools.list-result', transport: 'http' }),
    s({ scenario: 'server.tools.list', check: 'tools.list-names', transport: 'http' }),
    record({ specVersion: '2025-06-18', scenario: 'server.tools.list', check: 'tools.list-result' }),
  ], { package: '@modelcontextprotocol/sdk', version: '1.2.3' });
}

function typescriptClient(dir: string): RunFolder {
  const c = (o: Partial<RunRecord>) => record({ scenario: 'client.sampling', specVersion: '2025-11-25', ...o });
  return runFolder(dir, 'typescript', [c({ check: 'sampling.answer' }), c({ check: 'sampling.reject', verdict: 'fail' })], { package: '@modelcontextprotocol/sdk', version: '1.2.3' });
}

function hostileRun(dir: string, adapter: string): RunFolder {
  mkdirSync(join(dir, 'transcripts'), { recursive: true });
  writeFileSync(join(dir, 'transcripts', 'h.jsonl'), transcriptLines([`not json ${HOSTILE}`]));
  return runFolder(
    dir,
    adapter,
    [
      record({ scenario: `server.${HOSTILE}`, check: HOSTILE, title: HOSTILE, message: HOSTILE, verdict: 'fail', transcript: 'transcripts/h.jsonl', spec: [{ version: HOSTILE, ref: HOSTILE }] }),
      record({ check: 'fine' }),
    ],
    { package: HOSTILE, version: HOSTILE },
  );
}

function tierReport(specVersion: string, tier: 1 | 2 | 3 | undefined, measuredTier: 1 | 2 | 3): TierReport {
  return {
    sdk: { adapter: 'typescript', package: '@modelcontextprotocol/sdk', version: '1.2.3' },
    specVersion,
    harness: { name: 'mcp-conform', version: '9.9.9' },
    generatedAt: '2026-01-03T00:00:00Z',
    resultsAt: '2026-01-02T03:05:06Z',
    legs: [
      { id: 'conformance-server', title: 'Server conformance', value: measuredTier === 1 ? '100% (10/10)' : '90% (9/10)', tier1: '100%', tier2: '≥ 80%', meets: measuredTier, measured: true, source: 'runs' },
      ...(tier === undefined ? [{ id: 'triage' as const, title: 'Issue triage', value: 'not measured', tier1: '≥ 90%', tier2: '≥ 80%', measured: false, source: 'give triage' }] : []),
    ],
    measuredTier,
    ...(tier !== undefined && { tier }),
    notMeasured: tier === undefined ? ['triage'] : [],
    blockers: tier === undefined ? ['Server conformance: 90% (9/10); Tier 1 needs 100%', 'Issue triage: not measured (give triage); Tier 1 needs ≥ 90%'] : [],
    conformance: [],
  };
}

function catalogues(): Catalogues {
  const req: Requirement = { id: 'TOOLS-001', level: 'MUST', side: 'server', area: 'tools', text: CATALOGUE_TEXT, source: 'docs/server/tools.mdx' };
  return new Map([['2025-11-25', new Map([[req.id, req]])]]);
}

/** Every input the dashboard takes, with its run folders written under `root`. */
export function fixtureInput(root: string): DashboardInput {
  return {
    runs: [
      typescriptServer(join(root, 'runs', 'ts-server')),
      typescriptClient(join(root, 'runs', 'ts-client')),
      hostileRun(join(root, 'runs', 'hostile'), HOSTILE),
      hostileRun(join(root, 'runs', 'evil'), '../evil'),
    ],
    sdks: [
      { adapter: 'typescript', title: 'TypeScript SDK', language: 'TypeScript', sdk: { package: '@modelcontextprotocol/sdk', version: '1.2.3' }, installable: true },
      { adapter: 'rust', title: 'Rust SDK', language: 'Rust', installable: false },
    ],
    reports: [tierReport('2025-11-25', undefined, 2), tierReport('2025-06-18', 1, 1)],
    badges: [{ adapter: 'typescript', specVersion: '2025-11-25', svgFile: 'badges/typescript-2025-11-25.svg' }],
    requirements: catalogues(),
    harness: { name: 'mcp-conform', version: '9.9.9' },
    generatedAt: new Date('2026-01-04T05:06:07Z'),
  };
}

/** The badge the caller would have written before building. */
export function writeBadge(outDir: string): void {
  mkdirSync(join(outDir, 'badges'), { recursive: true });
  writeFileSync(
    join(outDir, 'badges', 'typescript-2025-11-25.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="90" height="20"><rect width="90" height="20" fill="#555"/><text x="6" y="14" fill="#fff" font-size="11">tier 2</text></svg>\n',
  );
}
