// The conformance leg: a role's pass rate over the scored set of a version, one outcome per check.
import type { RunRecord, Verdict } from '../../runners/model.js';
import { TRANSCRIPT_LEVEL_CHECKS } from '../../runners/suites/scored-sets.js';
import { roleOfRecord } from '../run-folder.js';
import { countsAsFailed, worstVerdict } from '../verdicts.js';
import type { ConformanceLeg, Role, ScoredCheck, ScoredSet } from './model.js';

export function conformanceLeg(records: RunRecord[], set: ScoredSet, role: Role): ConformanceLeg {
  // Extension records never count toward the core score, even for a check id the core shares.
  const mine = records.filter((r) => r.specVersion === set.specVersion && !r.extension && roleOfRecord(r) === role);
  const byCheck = new Map<string, RunRecord[]>();
  for (const r of mine) byCheck.set(r.check, [...(byCheck.get(r.check) ?? []), r]);
  const checks = set[role].map((check) => scoreCheck(check, role, byCheck.get(check) ?? []));
  const count = (o: ScoredCheck['outcome']) => checks.filter((c) => c.outcome === o).length;
  const passed = count('passed');
  const failed = count('failed');
  return {
    role,
    specVersion: set.specVersion,
    scoredSetRevision: set.revision,
    passed,
    failed,
    notCounted: count('not-counted'),
    notRun: count('not-run'),
    ...(passed + failed > 0 && { rate: passed / (passed + failed) }),
    checks,
  };
}

/** A check fails if any of its records on any transport counts as failed; it passes if the rest include a pass. */
function scoreCheck(check: string, role: Role, records: RunRecord[]): ScoredCheck {
  if (records.length === 0) return { check, role, outcome: TRANSCRIPT_LEVEL_CHECKS.has(check) ? 'not-counted' : 'not-run', byTransport: {} };
  const byTransport: Record<string, Verdict> = {};
  for (const t of [...new Set(records.map((r) => r.transport))]) byTransport[t] = worstVerdict(records.filter((r) => r.transport === t).map((r) => r.verdict));
  const failing = records.find((r) => countsAsFailed(r.verdict));
  const outcome = failing ? 'failed' : records.some((r) => r.verdict === 'pass') ? 'passed' : 'not-counted';
  return {
    check,
    role,
    outcome,
    byTransport,
    title: records[0]!.title,
    ...(failing && { message: `${failing.verdict} on ${failing.transport}: ${failing.message}` }),
  };
}
