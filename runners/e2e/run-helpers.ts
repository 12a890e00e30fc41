// Shared by the end-to-end tests: run the real engine against an adapter, quietly, into a temp folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleReporter } from '../../reports/console.js';
import { selectScenarios } from '../engine/matrix.js';
import { Run, type RunOutcome } from '../engine/run.js';
import type { TransportKind } from '../model.js';
import { loadAdapter } from '../targets/adapter-manifest.js';
import { AdapterTarget } from '../targets/target.js';
import { loadScenarios, scenarioFiles } from '../suites/load-scenarios.js';
import { TRANSCRIPT_CHECKS } from '../engine/score-transcript.js';

export interface AdapterRun {
  scenarios?: string[];
  transports?: TransportKind[];
  versions?: string[];
  env?: Record<string, string>;
  jobs?: number;
}

export const ALL_SCENARIOS = loadScenarios(scenarioFiles());

export async function runAdapter(name: string, options: AdapterRun = {}): Promise<RunOutcome & { outDir: string }> {
  const outDir = mkdtempSync(join(tmpdir(), `mcp-conform-${name}-`));
  const target = new AdapterTarget(loadAdapter(name), {
    timeoutMs: 5000,
    startupTimeoutMs: 60_000,
    build: true,
    log: () => {},
    ...(options.env && { env: options.env }),
  });
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

/** Every check id the suites define, plus the schema check every case carries. */
export function allCheckIds(): string[] {
  return [...ALL_SCENARIOS.flatMap((s) => s.steps.flatMap((st) => st.checks.map((c) => c.id))), ...TRANSCRIPT_CHECKS.map((c) => c.id)];
}
