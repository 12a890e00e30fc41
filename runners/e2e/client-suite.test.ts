// Client checks proven both ways: the faulty client passes every one with no fault on, each of its faults
// breaks the checks it claims, and the TypeScript SDK clients are judged by the same suite.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithBaseline, loadBaseline } from '../../reports/baseline.js';
import { runClientFixture } from '../selftest/run-fixture.js';
import { checkIds, loadFaults, selftest } from '../selftest/selftest.js';
import { ADAPTERS_DIR } from '../paths.js';
import { liveProcessCount } from '../targets/processes.js';

const CHECK_IDS = checkIds('client');
const faults = loadFaults('client');

describe('client suite', () => {
  afterAll(() => expect(liveProcessCount()).toBe(0));

  it('has a faulty-client fault for every client check, and claims only checks that exist', () => {
    const claimed = new Set(Object.values(faults).flatMap((f) => f.breaks));
    expect(CHECK_IDS.filter((id) => !claimed.has(id))).toEqual([]);
    expect([...claimed].filter((id) => !CHECK_IDS.includes(id))).toEqual([]);
  });

  it('passes every client check with the faulty client and no fault on', async () => {
    const { records } = await runClientFixture('faulty-client');
    expect(records.filter((r) => r.verdict !== 'pass').map((r) => `${r.check}: ${r.verdict} ${r.message}`)).toEqual([]);
    expect(new Set(records.map((r) => r.check))).toEqual(new Set(CHECK_IDS));
  });

  it('fails the checks each faulty-client fault claims to break, and no client check is left without one', async () => {
    // The same proof as `mcp-conform selftest --role client` (the fault-free run is the test above).
    const report = await selftest({ roles: ['client'], jobs: 2, clean: false });
    expect(report.problems).toEqual([]);
  }, 300_000);

  it.each(['typescript', 'typescript-v2'])('judges the %s SDK client with the whole suite: its failures are exactly its baseline', async (adapter) => {
    const { records } = await runClientFixture(adapter);
    expect(records.filter((r) => r.verdict === 'error').map((r) => `${r.check}: ${r.message}`)).toEqual([]);
    expect(records.filter((r) => r.verdict === 'pass').length).toBeGreaterThan(CHECK_IDS.length / 2);
    const { unexpected, stale } = compareWithBaseline(records, loadBaseline(join(ADAPTERS_DIR, adapter, 'expected-failures.yaml')));
    expect(unexpected.map((r) => `${r.check} ${r.transport} ${r.specVersion}: ${r.verdict} — ${r.message}`)).toEqual([]);
    expect(stale.map((b) => `${b.check} (${b.verdict})`).filter((b) => b.startsWith('client.'))).toEqual([]);
  }, 180_000);
});
