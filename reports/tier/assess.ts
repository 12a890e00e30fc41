// A tier assessment: every leg for one SDK and version, the tier the measured legs allow, and the blockers.
import type { RunRecord } from '../../runners/model.js';
import { HARNESS } from '../../runners/paths.js';
import { roleOfRecord, type RunFolder } from '../run-folder.js';
import { conformanceLeg } from './conformance.js';
import type { SourcedEvidence } from './evidence.js';
import { conformanceLegOf, dependencyPolicyLeg, docsLeg, p0Leg, roadmapLeg, specTrackingLeg, stableReleaseLeg, triageLeg } from './legs.js';
import type { ConformanceLeg, Leg, ScoredSet, Tier, TierReport } from './model.js';

export interface AssessInput {
  adapter: string;
  runs: RunFolder[];
  set: ScoredSet;
  evidence: SourcedEvidence;
  now: Date;
}

export function assessTier(input: AssessInput): TierReport {
  const records: RunRecord[] = input.runs.flatMap((r) => r.records);
  const ran = (role: 'server' | 'client') => records.some((r) => r.specVersion === input.set.specVersion && roleOfRecord(r) === role);
  const conformance: ConformanceLeg[] = (['server', 'client'] as const).filter(ran).map((role) => conformanceLeg(records, input.set, role));
  const sdk = input.runs.map((r) => r.summary.sdk).find((s) => s !== undefined);
  const { evidence, from } = input.evidence;
  const src = (k: keyof typeof from) => from[k] ?? 'not given';
  const legs: Leg[] = [
    conformanceLegOf(conformance.find((c) => c.role === 'server'), 'server', input.set),
    conformanceLegOf(conformance.find((c) => c.role === 'client'), 'client', input.set),
    specTrackingLeg(evidence, input.set.specVersion, src('specTracking')),
    triageLeg(evidence, src('triage')),
    p0Leg(evidence, src('p0')),
    stableReleaseLeg(sdk?.version, evidence, src('stableRelease')),
    docsLeg(evidence, src('docs')),
    dependencyPolicyLeg(evidence, src('dependencyPolicy')),
    roadmapLeg(evidence, src('roadmap')),
  ];
  const measured = legs.filter((l) => l.measured);
  const bounds = [...measured.map((l) => l.meets!), ...legs.filter((l) => !l.measured && l.upTo).map((l) => l.upTo!)];
  const measuredTier: Tier = measured.length === 0 ? 3 : (Math.max(...bounds) as Tier);
  const notMeasured = legs.filter((l) => !l.measured);
  const resultsAt = input.runs.map((r) => r.summary.finishedAt).sort().at(-1);
  return {
    sdk: { adapter: input.adapter, ...(sdk && { package: sdk.package, version: sdk.version }) },
    specVersion: input.set.specVersion,
    harness: HARNESS,
    generatedAt: input.now.toISOString(),
    ...(resultsAt && { resultsAt }),
    legs,
    measuredTier,
    ...(notMeasured.length === 0 && { tier: measuredTier }),
    notMeasured: notMeasured.map((l) => l.id),
    blockers: blockers(legs, measuredTier),
    conformance,
  };
}

/** What stands between the assessment and the next tier up: legs below it, and legs not measured. */
function blockers(legs: Leg[], measuredTier: Tier): string[] {
  const target = (measuredTier === 1 ? 1 : measuredTier - 1) as 1 | 2;
  const threshold = (l: Leg) => (target === 1 ? l.tier1 : l.tier2);
  const out: string[] = [];
  for (const l of legs) {
    if (l.measured && l.meets! > target) out.push(`${l.title}: ${l.value}; Tier ${target} needs ${threshold(l)}`);
    else if (!l.measured && (l.upTo ?? 1) > target) out.push(`${l.title}: ${l.source}; Tier ${target} needs ${threshold(l)}`);
    else if (!l.measured) out.push(`${l.title}: not measured (${l.source}); Tier ${target} needs ${threshold(l)}`);
  }
  return out;
}
