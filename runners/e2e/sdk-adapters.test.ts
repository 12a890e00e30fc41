// Every other SDK adapter in adapters/ (Python, Go, Rust, Java, Kotlin, third-party implementations) is
// built with its own toolchain and smoke-tested in both roles over every transport it declares: nothing
// comes out `error`, and what fails is exactly what its baseline lists. The TypeScript adapters and the
// faulty fixtures have full-suite tests of their own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithBaseline, loadBaseline, type BaselineEntry } from '../../reports/baseline.js';
import { ConsoleReporter } from '../../reports/console.js';
import { runClientSuite } from '../client-role/run-client-suite.js';
import { selectScenarios } from '../engine/matrix.js';
import type { RunRecord, TransportKind } from '../model.js';
import { ADAPTERS_DIR } from '../paths.js';
import { loadClientScenarios } from '../suites/load-client-scenarios.js';
import { availableAdapters, loadAdapter } from '../targets/adapter-manifest.js';
import { buildAdapter, missingToolchains } from '../targets/build-adapter.js';
import { liveProcessCount } from '../targets/processes.js';
import { runAdapter } from './run-helpers.js';

/** Adapters covered elsewhere by full-suite tests (chaos, a harness fixture with no SDK, by chaos.test.ts). */
const COVERED_ELSEWHERE = new Set(['typescript', 'typescript-v2', 'faulty', 'faulty-client', 'chaos']);
const SERVER_SMOKE = ['server.lifecycle.initialize', 'server.lifecycle.discover', 'server.ping.ping', 'server.tools.list', 'server.tools.call-content'];
const CLIENT_SMOKE = ['client.lifecycle.initialize', 'client.base.ping', 'client.tools.is-error', 'client.stateless.meta'];
// Cold builds of Rust and JVM adapters take minutes on two cores.
const BUILD_TIMEOUT_MS = 30 * 60_000;

// Adapters described for SDKs that cannot be installed here (installable: false) are not measured.
const adapters = availableAdapters()
  .filter((name) => !COVERED_ELSEWHERE.has(name))
  .map(loadAdapter)
  .filter((manifest) => manifest.installable !== false);

function judged(records: RunRecord[], baseline: BaselineEntry[]) {
  const { unexpected } = compareWithBaseline(records, baseline);
  return {
    errors: records.filter((r) => r.verdict === 'error').map((r) => `${r.check} ${r.transport} ${r.specVersion}: ${r.message}`),
    unexpected: unexpected.map((r) => `${r.check} ${r.transport} ${r.specVersion}: ${r.verdict} — ${r.message}`),
  };
}

describe.each(adapters.map((manifest) => ({ name: manifest.name, manifest })))('adapter $name', ({ name, manifest }) => {
  const missing = missingToolchains(manifest);
  const baseline = () => loadBaseline(join(ADAPTERS_DIR, name, 'expected-failures.yaml'));
  afterAll(() => expect(liveProcessCount()).toBe(0));

  // Without its toolchain an adapter cannot be judged here; the skip names what is missing.
  describe.skipIf(missing.length > 0)(missing.length ? `(skipped: ${missing.join(', ')} not on PATH)` : 'built with its toolchain', () => {
    beforeAll(() => buildAdapter(manifest, () => {}), BUILD_TIMEOUT_MS);

    it.skipIf(!manifest.server)('serves the smoke scenarios on every transport it declares', async () => {
      const transports = (['stdio', 'http'] as TransportKind[]).filter((t) => manifest.server?.[t as 'stdio' | 'http']);
      const { records, summary } = await runAdapter(name, { scenarios: SERVER_SMOKE, transports });
      expect(summary.complete).toBe(true);
      for (const t of transports) expect(records.some((r) => r.transport === t && r.verdict === 'pass'), `a check passes over ${t}`).toBe(true);
      expect(judged(records, baseline())).toEqual({ errors: [], unexpected: [] });
    }, 600_000);

    it.skipIf(!manifest.client)('runs the smoke client plans on every transport it declares', async () => {
      const { records } = await runClientSuite({
        manifest,
        scenarios: selectScenarios(loadClientScenarios(), CLIENT_SMOKE),
        jobs: 2,
        timeoutMs: 10_000,
        outDir: mkdtempSync(join(tmpdir(), `mcp-conform-client-${name}-`)),
        reporter: ConsoleReporter.silent(),
        build: false,
      });
      expect(records.some((r) => r.verdict === 'pass')).toBe(true);
      expect(judged(records, baseline())).toEqual({ errors: [], unexpected: [] });
    }, 600_000);
  });
});

// Every adapter judged here declares a program for at least one role and keeps a baseline beside it.
it('finds each adapter to smoke-test with a program and a baseline', () => {
  for (const a of adapters) {
    expect(a.server ?? a.client, `${a.name} declares a server or a client`).toBeDefined();
    expect(Array.isArray(loadBaseline(join(ADAPTERS_DIR, a.name, 'expected-failures.yaml'))), `${a.name} has expected-failures.yaml`).toBe(true);
  }
});
