// A whole run: expand the matrix, prepare the target, run cases in a bounded pool, and keep the
// reports on disk current (atomically) so an interrupted run still leaves readable results.
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConsoleReporter } from '../../reports/console.js';
import { writeReports, writeTranscript } from '../../reports/write-reports.js';
import { baselineSection, type BaselineEntry } from '../../reports/baseline.js';
import { shardOf, type Shard } from '../../reports/shard.js';
import { toRecords } from '../../reports/records.js';
import { summarize, type RunSummary } from '../../reports/summary.js';
import { EXIT, HarnessError, InfraError, UsageError } from '../errors.js';
import type { CaseResult, RunRecord, Scenario, TransportKind } from '../model.js';
import type { Target } from '../targets/target.js';
import { expandMatrix, servesVersion, type Case, type MatrixFilter } from './matrix.js';
import { runPool } from './pool.js';
import { allChecks, runScenario } from './run-scenario.js';
import { eraOf, PROTOCOL_VERSIONS } from '../versions.js';

export interface RunOptions {
  target: Target;
  scenarios: Scenario[];
  filter?: MatrixFilter;
  jobs: number;
  timeoutMs: number;
  /** Bound on one case (--case-timeout). */
  caseTimeoutMs?: number;
  /** Bound on the whole run (--run-timeout): past it no case starts, and unfinished cases are `timeout`. */
  runTimeoutMs?: number;
  outDir: string;
  reporter?: ConsoleReporter;
  baseline?: { file: string; entries: BaselineEntry[] };
  /** Run only this shard of the cases (`--shard I/N`). */
  shard?: Shard;
}

export interface RunOutcome {
  summary: RunSummary;
  records: RunRecord[];
  results: CaseResult[];
  exitCode: number;
}

export function ensureWritable(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new UsageError(`Cannot write reports to '${dir}': ${(e as Error).message}. Choose a writable folder with --out.`);
  }
}

export function exitCodeFor(s: RunSummary): number {
  if (s.interrupted) return EXIT.interrupted;
  if (s.errors > 0 || s.runTimedOut) return EXIT.infrastructure;
  if (s.baseline) {
    // Gate on regressions only, and keep the baseline honest: a known failure that passes must go.
    const regressions = s.baseline.unexpected.filter((r) => r.level === 'MUST' || r.level === 'MUST NOT');
    return regressions.length > 0 || s.baseline.stale.length > 0 ? EXIT.failures : EXIT.ok;
  }
  if (s.mustFailures > 0) return EXIT.failures;
  return EXIT.ok;
}

export class Run {
  private stopped = false;
  /** Stopped by --run-timeout rather than by a signal. */
  private timedOut = false;
  private readonly results = new Map<number, CaseResult>();
  private readonly runId = randomUUID();
  private readonly startedAt = Date.now();
  private cases: Case[] = [];
  private lastWrite = 0;
  private writeTimer: NodeJS.Timeout | undefined;
  private infraMessage: string | undefined;

  constructor(private readonly options: RunOptions) {}

  /** --run-timeout: as an interrupt, except that what did not finish is judged `timeout`. */
  private runOutOfTime(): void {
    this.timedOut = true;
    void this.interrupt();
  }

  /** Stops taking new cases and stops the target, so cases in flight end quickly. */
  async interrupt(): Promise<void> {
    this.stopped = true;
    await this.options.target.dispose();
  }

  private meta() {
    const t = this.options.target;
    return { runId: this.runId, adapter: t.name, ...(t.sdk && { sdk: t.sdk }) };
  }

  private snapshot(): { records: RunRecord[]; summary: RunSummary; results: CaseResult[] } {
    const ordered = [...this.results.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    const records = ordered.flatMap((r) => toRecords(r, this.meta()));
    const summary = summarize(records, {
      ...this.meta(),
      target: this.options.target.describe,
      startedAt: this.startedAt,
      planned: this.cases.length,
      done: this.results.size,
      interrupted: this.stopped && !this.timedOut,
    });
    if (this.timedOut) summary.runTimedOut = { afterMs: this.options.runTimeoutMs! };
    if (this.infraMessage) (summary as RunSummary & { infrastructureError?: string }).infrastructureError = this.infraMessage;
    if (this.options.shard) summary.shard = this.options.shard;
    const baseline = this.options.baseline;
    if (baseline) {
      summary.baseline = baselineSection(records, baseline);
    }
    return { records, summary, results: ordered };
  }

  private flush(): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.lastWrite = Date.now();
    const { records, summary } = this.snapshot();
    writeReports(this.options.outDir, records, summary);
  }

  /** Rewrites the reports at most twice a second while cases complete. */
  private scheduleFlush(): void {
    if (this.writeTimer) return;
    const wait = Math.max(0, 500 - (Date.now() - this.lastWrite));
    this.writeTimer = setTimeout(() => this.flush(), wait);
  }

  async execute(): Promise<RunOutcome> {
    const { target, scenarios, filter, jobs, timeoutMs, outDir } = this.options;
    const reporter = this.options.reporter ?? new ConsoleReporter();
    ensureWritable(outDir);
    this.cases = expandMatrix(scenarios, { transports: target.transports, versions: [...PROTOCOL_VERSIONS] }, filter);
    const newest = [...target.versions].sort().pop() ?? '';
    const lacking = (c: Case) => target.declaresVersions && !target.versions.includes(c.version) && c.version > newest;
    // A transport that serves fewer versions than the SDK (versionsFor) is not run on the others.
    this.cases = shardOf(this.cases.filter((c) => servesVersion(target, c.transport, c.version) || lacking(c)), this.options.shard);
    if (this.cases.length === 0) {
      throw new UsageError(
        `Nothing to run: no scenario matches the filters for ${target.describe} (transports ${target.transports.join(', ')}; versions ${target.versions.join(', ')}). Loosen --scenario, --transport or --spec-version.`,
      );
    }
    const index = new Map(this.cases.map((c, i) => [c, i]));
    /** Every case still without a result takes one verdict: the run could not finish it. */
    const fillUnfinished = (verdict: 'timeout' | 'error', reason: string) => {
      for (const c of this.cases) if (!this.results.has(index.get(c) as number)) this.results.set(index.get(c) as number, uniformCase(c, verdict, reason));
    };
    // The run's bound covers preparing the target too (a server that hangs before its handshake).
    let runBound: NodeJS.Timeout | undefined;
    // Preparing waits on the target (start-up, probe); the run's bound must cut that wait short too.
    const expired = new Promise<never>((_, reject) => {
      if (this.options.runTimeoutMs === undefined) return;
      runBound = setTimeout(() => {
        this.runOutOfTime();
        reject(new InfraError(`the run's bound of ${this.options.runTimeoutMs} ms ran out`));
      }, Math.max(0, this.startedAt + this.options.runTimeoutMs - Date.now()));
    });
    expired.catch(() => undefined);
    try {
      const notRun = (c: Case, verdict: 'unsupported' | 'skip', reason: string) => this.results.set(index.get(c) as number, uniformCase(c, verdict, reason));
      // Versions the SDK has not caught up with are not run: every check of theirs is `unsupported`.
      for (const c of this.cases.filter(lacking)) {
        notRun(c, 'unsupported', `${target.describe} declares no support for protocol version ${c.version} (its newest is ${newest})`);
      }
      // Authorization cases need a target that can run in auth mode (an adapter with server.http.auth).
      const authBlocked = (c: Case) => c.scenario.auth && !lacking(c) && target.authUnavailable !== undefined;
      for (const c of this.cases.filter(authBlocked)) notRun(c, target.authUnavailable!.verdict, target.authUnavailable!.reason);
      const runnable = this.cases.filter((c) => !lacking(c) && !authBlocked(c));
      const transports = [...new Set(runnable.map((c) => c.transport))] as TransportKind[];
      for (const t of transports) {
        if (this.stopped) break;
        reporter.log(`preparing ${target.describe} over ${t}…`);
        await Promise.race([target.prepare(t), expired]);
      }
      if (!this.stopped && runnable.some((c) => c.scenario.auth)) {
        reporter.log(`preparing ${target.describe} in authorization mode…`);
        await Promise.race([target.prepareAuth?.(), expired]);
      }
      const skipped = this.cases.length - runnable.length;
      reporter.log(`running ${runnable.length} cases (${scenarios.length} scenarios) with ${jobs} job(s)${skipped ? `; ${skipped} cases not run (unsupported by the adapter, or authorization cases it cannot run)` : ''}; reports go to ${outDir}`);
      await runPool(
        runnable,
        jobs,
        async (c) => {
          // An authorization case gets fresh tokens (as `${auth.*}`) and the server in auth mode.
          const auth = c.scenario.auth ? target.authCase?.() : undefined;
          const result = await runScenario({
            scenario: c.scenario,
            transport: c.transport,
            version: c.version,
            timeoutMs,
            ...(this.options.caseTimeoutMs !== undefined && { caseTimeoutMs: this.options.caseTimeoutMs }),
            ...(target.startupTimeoutMs !== undefined && { startupTimeoutMs: target.startupTimeoutMs }),
            fixture: target.fixture,
            ...(auth && { vars: auth.vars }),
            open: auth ? auth.open : () => target.open(c.transport),
          });
          // A case that ends after an interrupt may have been cut short by it: its verdicts would blame the server.
          if (this.stopped) return;
          this.results.set(index.get(c) as number, result);
          writeTranscript(outDir, result);
          reporter.caseDone(result, this.results.size, this.cases.length);
          this.scheduleFlush();
        },
        () => this.stopped,
      );
    } catch (e) {
      // Stopped by the run's bound: whatever failed because of it is judged below as a timeout.
      if (!this.timedOut || !(e instanceof HarnessError)) {
        if (e instanceof HarnessError) {
          this.infraMessage = e.message;
          // The reports still hold a verdict for every selected check.
          fillUnfinished('error', `not run: ${e.message.split('\n')[0]}`);
        }
        throw e;
      }
    } finally {
      clearTimeout(runBound);
      if (this.timedOut) fillUnfinished('timeout', `not finished within the run's bound of ${this.options.runTimeoutMs} ms (--run-timeout)`);
      await target.dispose();
      this.flush();
    }
    const { records, summary, results } = this.snapshot();
    reporter.summary(summary, outDir, records);
    return { summary, records, results, exitCode: exitCodeFor(summary) };
  }
}

/** A case not run, or cut off by the run's bound: every check takes the same verdict and reason. */
function uniformCase(c: Case, verdict: 'unsupported' | 'skip' | 'timeout' | 'error', reason: string): CaseResult {
  return {
    scenario: c.scenario.id,
    transport: c.transport,
    specVersion: c.version,
    era: eraOf(c.version),
    ...(c.scenario.extension && { extension: c.scenario.extension }),
    durationMs: 0,
    checks: allChecks(c.scenario).map((k) => ({ scenario: c.scenario.id, check: k.id, title: k.title, level: k.level, verdict, message: reason, spec: k.spec })),
    transcript: [],
  };
}

export function defaultOutDir(): string {
  return join(process.cwd(), 'mcp-conform-results');
}
