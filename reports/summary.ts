// summary.json: counts per verdict, per transport, per version, and per scenario case.
import type { RunRecord, Verdict } from '../runners/model.js';
import { HARNESS } from '../runners/paths.js';
import { emptyCounts, worstVerdict } from './verdicts.js';

export interface RunSummary {
  harness: typeof HARNESS;
  runId: string;
  adapter: string;
  sdk?: { package: string; version: string };
  target: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  complete: boolean;
  interrupted: boolean;
  cases: { planned: number; done: number };
  totals: Record<Verdict, number>;
  byTransport: Record<string, Record<Verdict, number>>;
  byVersion: Record<string, Record<Verdict, number>>;
  /** Records of extension checks, per extension id; they are in the totals too, but never in a core tier score. */
  byExtension: Record<string, Record<Verdict, number>>;
  /** Distinct check ids that were evaluated (neither skipped nor unsupported), per transport and version. */
  distinctChecks: Record<string, Record<string, number>>;
  /** MUST-level checks that failed, timed out or are unsupported: these decide the exit code. */
  mustFailures: number;
  /** Of those, the ones the target does not support at all (a protocol version its SDK has not caught up with). */
  mustUnsupported: number;
  errors: number;
  scenarios: { scenario: string; transport: string; specVersion: string; verdict: Verdict; checks: number }[];
  /** With --run-timeout: the run's bound ran out; the cases it cut off are `timeout`. */
  runTimedOut?: { afterMs: number };
  /** With --shard I/N: which shard of the full matrix this run holds (`mcp-conform merge` joins them). */
  shard?: { index: number; count: number };
  /** With --baseline: what failed beyond the known failures, and known failures that now pass. */
  baseline?: {
    file: string;
    unexpected: { check: string; transport: string; specVersion: string; verdict: Verdict; level: string }[];
    /** `verdict: any` for an entry of the official format, which names no verdict. */
    stale: { check: string; verdict: Verdict | 'any' }[];
  };
}

export interface SummaryInput {
  runId: string;
  adapter: string;
  sdk?: { package: string; version: string };
  target: string;
  startedAt: number;
  planned: number;
  done: number;
  interrupted: boolean;
}

export function summarize(records: RunRecord[], input: SummaryInput): RunSummary {
  const totals = emptyCounts();
  const byTransport: RunSummary['byTransport'] = {};
  const byVersion: RunSummary['byVersion'] = {};
  const byExtension: RunSummary['byExtension'] = {};
  const distinct: Record<string, Record<string, Set<string>>> = {};
  const cases = new Map<string, RunRecord[]>();
  let mustFailures = 0;
  let mustUnsupported = 0;
  for (const r of records) {
    totals[r.verdict]++;
    (byTransport[r.transport] ??= emptyCounts())[r.verdict]++;
    (byVersion[r.specVersion] ??= emptyCounts())[r.verdict]++;
    if (r.extension) (byExtension[r.extension] ??= emptyCounts())[r.verdict]++;
    if (r.verdict !== 'skip' && r.verdict !== 'unsupported') ((distinct[r.transport] ??= {})[r.specVersion] ??= new Set()).add(r.check);
    if ((r.level === 'MUST' || r.level === 'MUST NOT') && (r.verdict === 'fail' || r.verdict === 'timeout' || r.verdict === 'unsupported')) mustFailures++;
    if ((r.level === 'MUST' || r.level === 'MUST NOT') && r.verdict === 'unsupported') mustUnsupported++;
    const key = `${r.scenario}|${r.transport}|${r.specVersion}`;
    const list = cases.get(key) ?? [];
    list.push(r);
    cases.set(key, list);
  }
  const now = Date.now();
  return {
    harness: HARNESS,
    runId: input.runId,
    adapter: input.adapter,
    ...(input.sdk && { sdk: input.sdk }),
    target: input.target,
    startedAt: new Date(input.startedAt).toISOString(),
    finishedAt: new Date(now).toISOString(),
    durationMs: now - input.startedAt,
    complete: input.done === input.planned && !input.interrupted,
    interrupted: input.interrupted,
    cases: { planned: input.planned, done: input.done },
    totals,
    byTransport,
    byVersion,
    byExtension,
    distinctChecks: Object.fromEntries(
      Object.entries(distinct).map(([t, versions]) => [t, Object.fromEntries(Object.entries(versions).map(([v, s]) => [v, s.size]))]),
    ),
    mustFailures,
    mustUnsupported,
    errors: totals.error,
    scenarios: [...cases.entries()].map(([key, rs]) => {
      const [scenario, transport, specVersion] = key.split('|') as [string, string, string];
      // The schema check alone does not make a scenario pass.
      const own = rs.filter((r) => r.check !== 'wire.schema' || r.verdict !== 'pass');
      return { scenario, transport, specVersion, verdict: worstVerdict(own.map((r) => r.verdict)), checks: rs.length };
    }),
  };
}
