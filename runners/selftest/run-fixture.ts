// Runs of the fault fixtures (and any adapter) through the real engine, quietly, into a temp folder:
// what `selftest` and the end-to-end tests both build on.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleReporter } from '../../reports/console.js';
import { runClientSuite } from '../client-role/run-client-suite.js';
import { selectScenarios } from '../engine/matrix.js';
import { Run, type RunOutcome } from '../engine/run.js';
import type { RunRecord, TransportKind } from '../model.js';
import { loadAdapter } from '../targets/adapter-manifest.js';
import { AdapterTarget } from '../targets/target.js';
import { loadClientScenarios } from '../suites/load-client-scenarios.js';
import { loadScenarios } from '../suites/load-scenarios.js';

export interface FixtureRun {
  scenarios?: string[];
  transports?: TransportKind[];
  versions?: string[];
  env?: Record<string, string>;
  jobs?: number;
}

export const ALL_SCENARIOS = loadScenarios();
export const ALL_CLIENT_SCENARIOS = loadClientScenarios();

function tempOut(name: string): string {
  return mkdtempSync(join(tmpdir(), `mcp-conform-${name}-`));
}

/** The server suite against an adapter. */
export async function runServerFixture(name: string, options: FixtureRun = {}): Promise<RunOutcome & { outDir: string }> {
  const outDir = tempOut(name);
  const target = new AdapterTarget(loadAdapter(name), { timeoutMs: 5000, startupTimeoutMs: 60_000, build: true, log: () => {}, ...(options.env && { env: options.env }) });
  const run = new Run({
    target,
    scenarios: selectScenarios(ALL_SCENARIOS, options.scenarios),
    filter: { ...(options.transports && { transports: options.transports }), ...(options.versions && { versions: options.versions }) },
    jobs: options.jobs ?? 2,
    timeoutMs: 5000,
    outDir,
    reporter: ConsoleReporter.silent(),
  });
  return { ...(await run.execute()), outDir };
}

/** The client suite against an adapter's client program. */
export async function runClientFixture(name: string, options: FixtureRun = {}): Promise<{ records: RunRecord[] }> {
  return runClientSuite({
    manifest: loadAdapter(name),
    scenarios: selectScenarios(ALL_CLIENT_SCENARIOS, options.scenarios),
    transports: options.transports ?? ['stdio', 'http'],
    jobs: options.jobs ?? 2,
    timeoutMs: 5000,
    outDir: tempOut(`client-${name}`),
    reporter: ConsoleReporter.silent(),
    build: true,
    ...(options.env && { env: options.env }),
  });
}
