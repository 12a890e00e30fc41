// Runs the CLI against the chaos fixture (adapters/chaos), one mode and transport at a time, and
// collects what a user would look at: exit code, wall time, report files, records, and processes left.
// Shared by the chaos tests (which assert) and runners/chaos-table.ts (which prints figures).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CHAOS_ENV, MODE_NAMES, MODES, type ChaosTransport, type Mode } from '../../adapters/chaos/modes.js';
import { VERDICTS, type RunRecord, type Verdict } from '../model.js';
import { ROOT } from '../paths.js';
import { taggedProcesses } from './tagged-processes.js';

export const CLI = join(ROOT, 'dist/runners/cli.js');

/** Small scenarios every mode can disturb: the handshake, one ping, and pings with chosen ids. */
export const CHAOS_SCENARIOS = ['server.ping.ping', 'server.lifecycle.initialize', 'server.base.request-ids'] as const;
export const CHAOS_VERSION = '2025-11-25';

/** The bounds every chaos run is given; generous enough for a loaded 2-core machine, short enough to keep the runs quick. */
export const BOUNDS: Bounds = { timeoutMs: 1000, startupTimeoutMs: 3000, caseTimeoutMs: 8000, runTimeoutMs: 60_000, jobs: 2 };

export interface Bounds {
  timeoutMs: number;
  startupTimeoutMs: number;
  caseTimeoutMs: number;
  runTimeoutMs: number;
  jobs: number;
}
/** What a run may take past --run-timeout: writing its reports and stopping its processes. */
export const EXIT_MARGIN_MS = 15_000;
/** How long processes a run started may take to disappear once it has exited (reaping is asynchronous). */
const REAP_GRACE_MS = 1500;

/** `none` is the fixture with no mode: the correct server, the control run. */
export type ChaosRun = { mode: Mode | 'none'; transport: ChaosTransport };

export const REPORT_FILES = ['summary.json', 'results.jsonl', 'junit.xml', 'summary.md'] as const;

export interface ChaosOutcome {
  run: ChaosRun;
  exitCode: number | undefined;
  seconds: number;
  out: string;
  stdout: string;
  stderr: string;
  files: Record<(typeof REPORT_FILES)[number], boolean>;
  records: RunRecord[];
  /** Processes carrying the run's tag before it started, and after it ended (both should be empty). */
  taggedBefore: number[];
  taggedAfter: number[];
}

/** The control run first, then every mode over each transport it applies to. */
export function chaosRuns(): ChaosRun[] {
  const runs: ChaosRun[] = [{ mode: 'none', transport: 'stdio' }, { mode: 'none', transport: 'http' }];
  for (const mode of MODE_NAMES) for (const transport of MODES[mode]) runs.push({ mode, transport });
  return runs;
}

export const runName = (r: ChaosRun): string => `${r.mode} over ${r.transport}`;


async function taggedAfterGrace(tag: string): Promise<number[]> {
  const until = Date.now() + REAP_GRACE_MS;
  for (;;) {
    const left = taggedProcesses(tag);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

function cliEnv(extra: Record<string, string>): Record<string, string> {
  // Runs must not write to a CI job's step summary, nor have their bounds stretched by the caller's multiplier.
  return { GITHUB_ACTIONS: '', GITHUB_STEP_SUMMARY: '', MCP_CONFORM_TIMEOUT_MULTIPLIER: '', NO_COLOR: '1', ...extra };
}

const scenarioArgs = (): string[] => CHAOS_SCENARIOS.flatMap((s) => ['--scenario', s]);

function boundArgs({ timeoutMs, startupTimeoutMs, caseTimeoutMs, runTimeoutMs, jobs }: Bounds): string[] {
  const pairs: [string, number][] = [['--timeout', timeoutMs], ['--startup-timeout', startupTimeoutMs], ['--case-timeout', caseTimeoutMs], ['--run-timeout', runTimeoutMs], ['--jobs', jobs]];
  return pairs.flatMap(([flag, value]) => [flag, String(value)]);
}

export async function runChaos(run: ChaosRun, bounds: Bounds = BOUNDS): Promise<ChaosOutcome> {
  const out = mkdtempSync(join(tmpdir(), `mcp-conform-chaos-${run.mode}-${run.transport}-`));
  const tag = `mcp-conform-chaos-${randomUUID()}`;
  const taggedBefore = taggedProcesses(tag);
  const args = [CLI, 'run', '--adapter', 'chaos', '--transport', run.transport, ...scenarioArgs(), '--spec-version', CHAOS_VERSION, ...boundArgs(bounds), '--out', out];
  const started = Date.now();
  // The kill is a last resort so that a hung harness fails the run instead of the whole test file.
  const r = await execa(process.execPath, args, {
    reject: false,
    env: cliEnv({ [CHAOS_ENV]: run.mode === 'none' ? '' : run.mode, MCP_CONFORM_TEST_TAG: tag }),
    timeout: bounds.runTimeoutMs + 2 * EXIT_MARGIN_MS,
  });
  const seconds = (Date.now() - started) / 1000;
  const files = Object.fromEntries(REPORT_FILES.map((f) => [f, existsSync(join(out, f))])) as ChaosOutcome['files'];
  return {
    run,
    exitCode: r.exitCode,
    seconds,
    out,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    files,
    records: files['results.jsonl'] ? readRecords(join(out, 'results.jsonl')) : [],
    taggedBefore,
    taggedAfter: await taggedAfterGrace(tag),
  };
}

function readRecords(file: string): RunRecord[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RunRecord);
}

/** `scenario|check|transport|version` for every check the selected cases define, from `list --json`. */
export async function expectedChecks(transport: ChaosTransport): Promise<Set<string>> {
  const r = await execa(process.execPath, [CLI, 'list', '--json', ...scenarioArgs(), '--spec-version', CHAOS_VERSION, '--transport', transport], { env: cliEnv({}) });
  const rows = JSON.parse(String(r.stdout)) as { id: string; checks: { id: string }[] }[];
  return new Set(rows.flatMap((s) => s.checks.map((c) => recordKey({ scenario: s.id, check: c.id, transport, specVersion: CHAOS_VERSION }))));
}

export const recordKey = (r: Pick<RunRecord, 'scenario' | 'check' | 'specVersion'> & { transport: string }): string => `${r.scenario}|${r.check}|${r.transport}|${r.specVersion}`;

/** How many records carry each verdict, in the reports' order of verdicts (those with none left out). */
export function verdictCounts(records: RunRecord[]): [Verdict, number][] {
  return VERDICTS.map((v): [Verdict, number] => [v, records.filter((r) => r.verdict === v).length]).filter(([, n]) => n > 0);
}

/** Runs `work` over `items`, at most `concurrency` at a time, keeping the results in order. */
export async function inPool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}
