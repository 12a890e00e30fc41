// Every check proven both ways on the faulty fixture: with no fault it passes everywhere, and each
// fault makes the checks it claims to break fail. Every check must be claimed by some fault.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { LEGACY_SSE_VERSIONS, scenarioTransports, scenarioVersions, selectScenarios } from '../engine/matrix.js';
import { runPool } from '../engine/pool.js';
import type { TransportKind } from '../model.js';
import { ADAPTERS_DIR } from '../paths.js';
import { liveProcessCount } from '../targets/processes.js';
import { TRANSCRIPT_CHECKS } from '../engine/score-transcript.js';
import { allCheckIds, ALL_SCENARIOS, runAdapter } from './run-helpers.js';

interface Fault {
  description: string;
  breaks: string[];
  transports?: TransportKind[];
  versions?: string[];
  /** Scenario ids or globs to prove it on (default: the scenarios holding its checks, or all for transcript checks). */
  scenarios?: string[];
}

const faults = (parse(readFileSync(join(ADAPTERS_DIR, 'faulty', 'faults.yaml'), 'utf8')) as { faults: Record<string, Fault> }).faults;
const checkIds = allCheckIds();

const TRANSCRIPT_IDS = TRANSCRIPT_CHECKS.map((c) => c.id);

/** The scenarios that hold the checks a fault breaks (transcript checks live in every scenario). */
function scenariosFor(fault: Fault): string[] {
  if (fault.scenarios) return selectScenarios(ALL_SCENARIOS, fault.scenarios).map((s) => s.id);
  const own = ALL_SCENARIOS.filter((s) => s.steps.some((st) => st.checks.some((c) => fault.breaks.includes(c.id))));
  if (fault.breaks.some((id) => TRANSCRIPT_IDS.includes(id)) && own.length === 0) return ALL_SCENARIOS.map((s) => s.id);
  return own.map((s) => s.id);
}

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

  it('fails the checks each fault claims to break', async () => {
    const problems: string[] = [];
    const judged = new Set<string>();
    const jobs = Object.entries(faults).flatMap(([name, fault]) => (fault.transports ?? (['stdio', 'http'] as const)).map((t) => ({ name, fault, transport: t })));
    await runPool(jobs, 2, async ({ name, fault, transport }) => {
      const { records } = await runAdapter('faulty', {
        scenarios: scenariosFor(fault),
        transports: [transport],
        versions: fault.versions ?? ['2025-11-25'],
        env: { MCP_CONFORM_FAULTS: name },
        jobs: 2,
      });
      for (const check of fault.breaks) {
        const verdicts = records.filter((r) => r.check === check).map((r) => r.verdict);
        // A check that does not run on this transport (e.g. a stdio-only scenario) has nothing to break here.
        if (verdicts.length === 0 || verdicts.every((v) => v === 'skip')) continue;
        judged.add(`${name} ${check}`);
        if (!verdicts.some((v) => v === 'fail' || v === 'warn' || v === 'timeout')) {
          problems.push(`${name} over ${transport}: ${check} was not broken (verdicts: ${verdicts.join(', ')})`);
        }
      }
    });
    // ...but every claimed check must have been judged, and broken, on some transport.
    for (const [name, fault] of Object.entries(faults)) {
      for (const check of fault.breaks) if (!judged.has(`${name} ${check}`)) problems.push(`${name}: ${check} never ran under this fault`);
    }
    expect(problems).toEqual([]);
    // Every fault is a run of its own (about 250 of them, two at a time): this takes minutes, not seconds.
  }, 1_200_000);
});
