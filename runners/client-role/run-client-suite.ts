// Runs client scenarios against an adapter's client program: one case per scenario and transport, the
// harness playing the server. Records, summary and transcripts are the same files a server run writes.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConsoleReporter } from '../../reports/console.js';
import { toRecords } from '../../reports/records.js';
import { summarize, type RunSummary } from '../../reports/summary.js';
import { writeReports, writeTranscript } from '../../reports/write-reports.js';
import { compareWithBaseline, type BaselineEntry } from '../../reports/baseline.js';
import { runPool } from '../engine/pool.js';
import { exitCodeFor } from '../engine/run.js';
import { UsageError } from '../errors.js';
import type { CaseResult, ClientScenario, RunRecord, TransportKind } from '../model.js';
import { buildAdapter } from '../targets/build-adapter.js';
import type { AdapterManifest } from '../targets/adapter-manifest.js';
import { LATEST_HANDSHAKE } from '../versions.js';
import { runClientCase } from './run-client-case.js';

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
}

export async function runClientSuite(o: ClientSuiteOptions): Promise<{ summary: RunSummary; records: RunRecord[]; exitCode: number }> {
  const client = o.manifest.client;
  if (!client) throw new UsageError(`The adapter '${o.manifest.name}' has no client program (no client section in its adapter.yaml).`);
  const offered = (client.transports ?? ['stdio', 'http']).filter((t) => SERVED.includes(t) && (!o.transports || o.transports.includes(t)));
  const cases = o.scenarios.flatMap((scenario) =>
    // The handshake era first; the stateless era joins when the harness serves it.
    scenario.eras.includes('handshake') ? scenario.transports.filter((t) => offered.includes(t)).map((transport) => ({ scenario, transport })) : [],
  );
  if (cases.length === 0) throw new UsageError(`Nothing to run: no client scenario runs on ${offered.join(', ') || 'the transports asked for'} (the harness serves ${SERVED.join(', ')} so far).`);
  mkdirSync(o.outDir, { recursive: true });
  if (o.build) await buildAdapter(o.manifest, (line) => o.reporter.log(line));
  const runId = randomUUID();
  const startedAt = Date.now();
  const results = new Map<number, CaseResult>();
  const meta = { runId, adapter: o.manifest.name, ...(o.manifest.sdk && { sdk: { package: o.manifest.sdk.package, version: o.manifest.sdk.version } }) };
  o.reporter.log(`running ${cases.length} client cases with ${o.jobs} job(s); reports go to ${o.outDir}`);
  await runPool(cases, o.jobs, async ({ scenario, transport }) => {
    const started = Date.now();
    const r = await runClientCase({
      scenario: scenario.id,
      checks: scenario.checks,
      server: scenario.server,
      plan: scenario.plan,
      command: client.command,
      cwd: o.manifest.dir,
      version: LATEST_HANDSHAKE,
      transport: transport as 'stdio' | 'http',
      timeoutMs: o.timeoutMs,
      ...(o.env && { env: o.env }),
    });
    const result: CaseResult = {
      scenario: scenario.id,
      transport,
      specVersion: LATEST_HANDSHAKE,
      era: 'handshake',
      durationMs: Date.now() - started,
      checks: r.checks,
      transcript: r.transcript,
      ...(r.stderrTail && { stderrTail: r.stderrTail }),
    };
    results.set(cases.findIndex((c) => c.scenario === scenario && c.transport === transport), result);
    writeTranscript(o.outDir, result);
    o.reporter.caseDone(result, results.size, cases.length);
  });
  const records = [...results.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, r]) => toRecords(r, meta));
  const summary = summarize(records, { ...meta, target: `client of adapter ${o.manifest.name}`, startedAt, planned: cases.length, done: results.size, interrupted: false });
  if (o.baseline) {
    const { unexpected, stale } = compareWithBaseline(records, o.baseline.entries);
    summary.baseline = {
      file: o.baseline.file,
      unexpected: unexpected.map((r) => ({ check: r.check, transport: r.transport, specVersion: r.specVersion, verdict: r.verdict, level: r.level })),
      stale: stale.map((b) => ({ check: b.check, verdict: b.verdict })),
    };
  }
  writeReports(o.outDir, records, summary);
  o.reporter.summary(summary, o.outDir);
  return { summary, records, exitCode: exitCodeFor(summary) };
}
