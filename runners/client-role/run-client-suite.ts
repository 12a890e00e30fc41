// Runs client scenarios against an adapter's client program: one case per scenario and transport, the
// harness playing the server. Records, summary and transcripts are the same files a server run writes.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { ConsoleReporter } from '../../reports/console.js';
import { toRecords } from '../../reports/records.js';
import { summarize, type RunSummary } from '../../reports/summary.js';
import { writeReports, writeTranscript } from '../../reports/write-reports.js';
import { baselineSection, type BaselineEntry } from '../../reports/baseline.js';
import { shardOf, type Shard } from '../../reports/shard.js';
import { runPool } from '../engine/pool.js';
import { exitCodeFor } from '../engine/run.js';
import { UsageError } from '../errors.js';
import type { CaseResult, ClientScenario, Era, RunRecord, TransportKind } from '../model.js';
import { buildAdapter } from '../targets/build-adapter.js';
import type { AdapterManifest } from '../targets/adapter-manifest.js';
import { LATEST_HANDSHAKE } from '../versions.js';
import { runClientCase } from './run-client-case.js';
import { STATELESS_VERSION } from './scripted-server.js';

/** Transports the harness can play the server on so far. */
const SERVED: TransportKind[] = ['stdio', 'http'];

export interface ClientSuiteOptions {
  manifest: AdapterManifest;
  scenarios: ClientScenario[];
  transports?: TransportKind[];
  jobs: number;
  timeoutMs: number;
  outDir: string;
  reporter: ConsoleReporter;
  build: boolean;
  env?: Record<string, string>;
  baseline?: { file: string; entries: BaselineEntry[] };
  /** Run only this shard of the cases (`--shard I/N`). */
  shard?: Shard;
  /** Bound on the whole run (--run-timeout): past it no case starts, and unfinished cases are `timeout`. */
  runTimeoutMs?: number;
  /** Aborted on SIGINT/SIGTERM: no case starts, the cases under way finish, and the reports say `interrupted`. */
  signal?: AbortSignal;
}

/** A client case not run, or cut off by the run's bound: every check takes the same verdict and reason. */
function uniformClientCase(c: { scenario: ClientScenario; transport: TransportKind; era: Era; version: string }, verdict: 'unsupported' | 'timeout', reason: string): CaseResult {
  const checks = c.scenario.checks.map((k) => ({ scenario: c.scenario.id, check: k.id, title: k.title, level: k.level, spec: k.spec, verdict, message: reason }));
  return { scenario: c.scenario.id, transport: c.transport, specVersion: c.version, era: c.era, durationMs: 0, checks, transcript: [] };
}

/** The version a client case of an era runs at: the newest of the era. */
export function clientCaseVersion(era: Era): string {
  return era === 'stateless' ? STATELESS_VERSION : LATEST_HANDSHAKE;
}

export async function runClientSuite(o: ClientSuiteOptions): Promise<{ summary: RunSummary; records: RunRecord[]; exitCode: number }> {
  const client = o.manifest.client;
  if (!client) throw new UsageError(`The adapter '${o.manifest.name}' has no client program (no client section in its adapter.yaml).`);
  const offered = (client.transports ?? ['stdio', 'http']).filter((t) => SERVED.includes(t) && (!o.transports || o.transports.includes(t)));
  // One case per scenario, era and transport: the handshake era at 2025-11-25, the stateless era at 2026-07-28.
  const allCases = o.scenarios.flatMap((scenario) =>
    scenario.eras.flatMap((era) =>
      scenario.transports.filter((t) => offered.includes(t)).map((transport) => ({ scenario, transport, era, version: clientCaseVersion(era) })),
    ),
  );
  const cases = shardOf(allCases, o.shard);
  if (cases.length === 0) throw new UsageError(`Nothing to run: no client scenario runs on ${offered.join(', ') || 'the transports asked for'} (the harness serves ${SERVED.join(', ')} so far).`);
  mkdirSync(o.outDir, { recursive: true });
  if (o.build) await buildAdapter(o.manifest, (line) => o.reporter.log(line));
  const runId = randomUUID();
  const startedAt = Date.now();
  const results = new Map<number, CaseResult>();
  const meta = { runId, adapter: o.manifest.name, ...(o.manifest.sdk && { sdk: { package: o.manifest.sdk.package, version: o.manifest.sdk.version } }) };
  let stopped = o.signal?.aborted ?? false;
  let timedOut = false;
  o.signal?.addEventListener('abort', () => (stopped = true));
  const runBound = o.runTimeoutMs === undefined ? undefined : setTimeout(() => (timedOut = stopped = true), o.runTimeoutMs);
  const snapshot = () => {
    const records = [...results.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, r]) => toRecords(r, meta));
    const summary = summarize(records, { ...meta, target: `client of adapter ${o.manifest.name}`, startedAt, planned: cases.length, done: results.size, interrupted: stopped && !timedOut });
    if (timedOut) summary.runTimedOut = { afterMs: o.runTimeoutMs! };
    if (o.shard) summary.shard = o.shard;
    if (o.baseline) summary.baseline = baselineSection(records, o.baseline);
    return { records, summary };
  };
  // The reports on disk follow the run, so a run killed outright still leaves what finished.
  let lastWrite = 0;
  const flushNow = () => {
    lastWrite = Date.now();
    const { records, summary } = snapshot();
    writeReports(o.outDir, records, summary);
  };
  o.reporter.log(`running ${cases.length} client cases with ${o.jobs} job(s); reports go to ${o.outDir}`);
  await runPool(cases, o.jobs, async (c) => {
    const { scenario, transport, era, version } = c;
    const started = Date.now();
    const index = cases.indexOf(c);
    // A version the client's SDK does not speak is a feature it lacks.
    if (!o.manifest.protocolVersions.includes(version)) {
      const reason = `the adapter '${o.manifest.name}' declares no support for protocol version ${version}`;
      results.set(index, uniformClientCase(c, 'unsupported', reason));
      o.reporter.caseDone(results.get(index) as CaseResult, results.size, cases.length);
      return;
    }
    const r = await runClientCase({
      scenario: scenario.id,
      checks: scenario.checks,
      server: scenario.server,
      ...(scenario.requiresClient && { requiresClient: scenario.requiresClient }),
      plan: scenario.plan,
      command: client.command,
      cwd: o.manifest.dir,
      version,
      transport: transport as 'stdio' | 'http',
      timeoutMs: o.timeoutMs,
      // The manifest's environment (e.g. GOTOOLCHAIN) under the run's own (the faulty client's faults).
      ...((o.manifest.env || o.env) && { env: { ...o.manifest.env, ...o.env } }),
    });
    const result: CaseResult = {
      scenario: scenario.id,
      transport,
      specVersion: version,
      era,
      durationMs: Date.now() - started,
      checks: r.checks,
      transcript: r.transcript,
      ...(r.stderrTail && { stderrTail: r.stderrTail }),
    };
    // A case that ends after the run's bound ran out is judged below, with the others it cut off.
    if (timedOut) return;
    results.set(index, result);
    writeTranscript(o.outDir, result);
    o.reporter.caseDone(result, results.size, cases.length);
    if (Date.now() - lastWrite > 500) flushNow();
  }, () => stopped);
  clearTimeout(runBound);
  if (timedOut) {
    const reason = `not finished within the run's bound of ${o.runTimeoutMs} ms (--run-timeout)`;
    cases.forEach((c, i) => results.has(i) || results.set(i, uniformClientCase(c, 'timeout', reason)));
  }
  const { records, summary } = snapshot();
  writeReports(o.outDir, records, summary);
  o.reporter.summary(summary, o.outDir, records);
  return { summary, records, exitCode: exitCodeFor(summary) };
}
