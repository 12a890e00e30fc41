// Every check proven both ways on the faulty fixture: with no fault it passes everywhere, and each
// fault makes the checks it claims to break fail. Every check must be claimed by some fault.
import { afterAll, describe, expect, it } from 'vitest';
import { LEGACY_SSE_VERSIONS, scenarioTransports, scenarioVersions } from '../engine/matrix.js';
import { loadFaults, selftest } from '../selftest/selftest.js';
import { liveProcessCount } from '../targets/processes.js';
import { allCheckIds, ALL_SCENARIOS, runAdapter } from './run-helpers.js';

const faults = loadFaults('server');
const checkIds = allCheckIds();

describe('faulty fixture', () => {
  afterAll(() => expect(liveProcessCount()).toBe(0));

  it('has a fault for every check, and claims only checks that exist', () => {
    const claimed = new Set(Object.values(faults).flatMap((f) => f.breaks));
    expect(checkIds.filter((id) => !claimed.has(id))).toEqual([]);
    expect([...claimed].filter((id) => !checkIds.includes(id))).toEqual([]);
  });

  it.each(['stdio', 'http', 'sse'] as const)('passes every check with no fault switched on (%s)', async (transport) => {
    const { records, summary } = await runAdapter('faulty', { transports: [transport] });
    expect(summary.complete).toBe(true);
    const bad = records.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip');
    expect(bad.map((r) => `${r.check} ${r.specVersion}: ${r.verdict} ${r.message}`)).toEqual([]);
    // Nothing is skipped on the fixture except what another transport or version owns.
    const passed = new Set(records.filter((r) => r.verdict === 'pass').map((r) => r.check));
    // The legacy HTTP+SSE transport runs 2024-11-05 only: nothing of the stateless era, nor of later versions.
    const legacy = transport === 'sse';
    const runsHere = (s: (typeof ALL_SCENARIOS)[number]) => scenarioTransports(s).includes(transport) && (!legacy || scenarioVersions(s).some((v) => LEGACY_SSE_VERSIONS.includes(v)));
    const expected = ALL_SCENARIOS.filter(runsHere).flatMap((s) =>
      s.steps.flatMap((st) => st.checks.filter((c) => (!c.when?.transport || c.when.transport === transport) && !(legacy && c.when?.era === 'stateless')).map((c) => c.id)),
    );
    expect(expected.filter((id) => !passed.has(id))).toEqual([]);
  });

  it('fails the checks each fault claims to break, and no check is left without a fault that trips it', async () => {
    // The same proof as `mcp-conform selftest --role server` (the fault-free runs are the tests above, per transport).
    const report = await selftest({ roles: ['server'], jobs: 2, clean: false });
    expect(report.problems).toEqual([]);
    expect(report.rows.filter((r) => r.trippedBy.length === 0)).toEqual([]);
    // Every fault is a run of its own (about 250 of them, two at a time): this takes minutes, not seconds.
  }, 1_200_000);
});
