// Client checks proven both ways: the faulty client passes every one with no fault on, each of its faults
// breaks the checks it claims, and the TypeScript SDK clients are judged by the same suite.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithBaseline, loadBaseline } from '../../reports/baseline.js';
import { ConsoleReporter } from '../../reports/console.js';
import { CLIENT_SCHEMA_CHECK } from '../client-role/run-client-case.js';
import { runClientSuite } from '../client-role/run-client-suite.js';
import { runPool } from '../engine/pool.js';
import { selectScenarios } from '../engine/matrix.js';
import { ADAPTERS_DIR } from '../paths.js';
import { loadClientScenarios } from '../suites/load-client-scenarios.js';
import { loadAdapter } from '../targets/adapter-manifest.js';
import type { TransportKind } from '../model.js';
import { liveProcessCount } from '../targets/processes.js';

interface Fault {
  description: string;
  breaks: string[];
  transports?: string[];
}

const SCENARIOS = loadClientScenarios();
const CHECK_IDS = [...SCENARIOS.flatMap((s) => s.checks.map((c) => c.id)), CLIENT_SCHEMA_CHECK.id];
const faults = (parse(readFileSync(join(ADAPTERS_DIR, 'faulty-client', 'faults.yaml'), 'utf8')) as { faults: Record<string, Fault> }).faults;

function suite(adapter: string, options: { scenarios?: string[]; env?: Record<string, string>; transports?: TransportKind[] } = {}) {
  return runClientSuite({
    manifest: loadAdapter(adapter),
    scenarios: selectScenarios(SCENARIOS, options.scenarios),
    transports: options.transports ?? ['stdio', 'http'],
    jobs: 2,
    timeoutMs: 5000,
    outDir: mkdtempSync(join(tmpdir(), `mcp-conform-client-${adapter}-`)),
    reporter: ConsoleReporter.silent(),
    build: true,
    ...(options.env && { env: options.env }),
  });
}

describe('client suite', () => {
  afterAll(() => expect(liveProcessCount()).toBe(0));

  it('has a faulty-client fault for every client check, and claims only checks that exist', () => {
    const claimed = new Set(Object.values(faults).flatMap((f) => f.breaks));
    expect(CHECK_IDS.filter((id) => !claimed.has(id))).toEqual([]);
    expect([...claimed].filter((id) => !CHECK_IDS.includes(id))).toEqual([]);
  });

  it('passes every client check with the faulty client and no fault on', async () => {
    const { records } = await suite('faulty-client');
    expect(records.filter((r) => r.verdict !== 'pass').map((r) => `${r.check}: ${r.verdict} ${r.message}`)).toEqual([]);
    expect(new Set(records.map((r) => r.check))).toEqual(new Set(CHECK_IDS));
  });

  it('fails the checks each faulty-client fault claims to break', async () => {
    const problems: string[] = [];
    const jobs = Object.entries(faults).filter(([, f]) => f.breaks.length > 0);
    await runPool(jobs, 2, async ([name, fault]) => {
      const scenarios = SCENARIOS.filter((s) => s.checks.some((c) => fault.breaks.includes(c.id))).map((s) => s.id);
      const transports = (fault.transports ?? ['stdio', 'http']).filter((t): t is TransportKind => t === 'stdio' || t === 'http');
      const { records } = await suite('faulty-client', { scenarios, env: { MCP_CONFORM_CLIENT_FAULTS: name }, transports });
      for (const check of fault.breaks) {
        const verdicts = records.filter((r) => r.check === check).map((r) => r.verdict);
        if (!verdicts.some((v) => v === 'fail' || v === 'warn')) problems.push(`${name}: ${check} was not broken (verdicts: ${verdicts.join(', ') || 'none'})`);
      }
    });
    expect(problems).toEqual([]);
  }, 300_000);

  it.each(['typescript', 'typescript-v2'])('judges the %s SDK client with the whole suite: its failures are exactly its baseline', async (adapter) => {
    const { records } = await suite(adapter);
    expect(records.filter((r) => r.verdict === 'error').map((r) => `${r.check}: ${r.message}`)).toEqual([]);
    expect(records.filter((r) => r.verdict === 'pass').length).toBeGreaterThan(CHECK_IDS.length / 2);
    const { unexpected, stale } = compareWithBaseline(records, loadBaseline(join(ADAPTERS_DIR, adapter, 'expected-failures.yaml')));
    expect(unexpected.map((r) => `${r.check} ${r.transport} ${r.specVersion}: ${r.verdict} — ${r.message}`)).toEqual([]);
    expect(stale.map((b) => `${b.check} (${b.verdict})`).filter((b) => b.startsWith('client.'))).toEqual([]);
  }, 180_000);
});
