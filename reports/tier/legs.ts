// The SEP-1730 legs, each with its Tier 1 and Tier 2 thresholds and the best tier its value allows.
import type { ConformanceLeg, Leg, Tier, TierEvidence } from './model.js';

const pct = (n: number) => `${(Math.floor(n * 1000) / 10).toFixed(1)}%`;
const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

function notMeasured(base: Omit<Leg, 'value' | 'measured' | 'source'>, why: string, upTo?: Tier): Leg {
  return { ...base, value: 'not measured', measured: false, source: why, ...(upTo && { upTo }) };
}

export function conformanceLegOf(leg: ConformanceLeg | undefined, role: 'server' | 'client', set: { revision: number; server: string[]; client: string[] }): Leg {
  const base = { id: `conformance-${role}` as const, title: `${role === 'server' ? 'Server' : 'Client'} conformance`, tier1: '100% of the scored set, every scored check run', tier2: '≥ 80% of the scored set' };
  // Nothing to score (the client suites judge only the newest version of each era): the leg holds trivially.
  if (set[role].length === 0) return { ...base, value: `no ${role} check is scored at this version`, meets: 1, measured: true, source: `scored set r${set.revision}` };
  if (!leg || leg.rate === undefined) {
    const why = !leg || leg.notRun === leg.checks.length ? `no ${role} run was given (run with --role ${role})` : `no scored ${role} check was counted (only warnings or skips)`;
    return notMeasured(base, why);
  }
  const value = `${pct(leg.rate)} (${leg.passed}/${leg.passed + leg.failed} scored checks${leg.notRun ? `, ${leg.notRun} not run` : ''}${leg.notCounted ? `, ${leg.notCounted} not counted` : ''})`;
  const meets: Tier = leg.rate === 1 && leg.notRun === 0 ? 1 : leg.rate >= 0.8 ? 2 : 3;
  return { ...base, value, meets, measured: true, source: `runs, scored set r${leg.scoredSetRevision}` };
}

const DAY = 86_400_000;

export function specTrackingLeg(evidence: TierEvidence, version: string, from: string): Leg {
  const base = { id: 'spec-tracking' as const, title: 'New protocol features', tier1: `supported in a release on or before ${version}`, tier2: 'within 6 months of the spec release' };
  const entry = evidence.specTracking?.[version];
  if (!entry) return notMeasured(base, `give specTracking.${version} in an evidence file`);
  const days = Math.round((Date.parse(entry.releasedAt) - Date.parse(version)) / DAY);
  const when = days <= 0 ? `${-days} day(s) before the spec` : `${days} day(s) after the spec`;
  return { ...base, value: `${entry.release} released ${entry.releasedAt}, ${when}`, meets: days <= 0 ? 1 : days <= 183 ? 2 : 3, measured: true, source: from };
}

export function triageLeg(evidence: TierEvidence, from: string): Leg {
  const base = { id: 'triage' as const, title: 'Issue triage', tier1: '≥ 90% triaged within 2 business days', tier2: '≥ 80% triaged within a month' };
  const t = evidence.triage;
  if (!t) return notMeasured(base, 'give triage in an evidence file, or --github OWNER/REPO');
  const fast = ratio(t.within2BusinessDays, t.issues);
  const month = ratio(t.withinOneMonth, t.issues);
  const value = t.issues === 0 ? 'no issue due in the window' : `${pct(fast)} within 2 business days, ${pct(month)} within a month (${t.issues} issues${t.since ? ` since ${t.since}` : ''})`;
  return { ...base, value, meets: fast >= 0.9 ? 1 : month >= 0.8 ? 2 : 3, measured: true, source: from };
}

export function p0Leg(evidence: TierEvidence, from: string): Leg {
  const base = { id: 'p0-resolution' as const, title: 'Critical (P0) bug resolution', tier1: 'every P0 resolved within 7 days', tier2: 'every P0 resolved within 2 weeks' };
  const p = evidence.p0;
  if (!p) return notMeasured(base, 'give p0 in an evidence file, or --github OWNER/REPO');
  const value = p.issues === 0 ? 'no P0 issue' : `${p.within7Days}/${p.issues} within 7 days, ${p.within14Days}/${p.issues} within 14 days`;
  return { ...base, value, meets: p.within7Days === p.issues ? 1 : p.within14Days === p.issues ? 2 : 3, measured: true, source: from };
}

/** A stable release is ≥ 1.0.0 and carries no pre-release suffix. */
export function isStableVersion(version: string): boolean {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  return !!m && Number(m[1]) >= 1 && !m[4];
}

export function stableReleaseLeg(tested: string | undefined, evidence: TierEvidence, from: string): Leg {
  const base = { id: 'stable-release' as const, title: 'Stable release', tier1: 'the release judged is stable (≥ 1.0.0, no pre-release)', tier2: 'at least one stable release' };
  if (tested && isStableVersion(tested)) return { ...base, value: `${tested}, the release judged, is stable`, meets: 1, measured: true, source: 'runs' };
  const latest = evidence.stableRelease?.latest;
  const judged = tested ? `${tested}, the release judged, is not stable` : 'the runs name no SDK release';
  if (latest) return { ...base, value: `${judged}; ${latest} is`, meets: 2, measured: true, source: from };
  if (latest === null) return { ...base, value: `${judged}, and there is no stable release`, meets: 3, measured: true, source: from };
  // Tier 1 is out of reach either way; whether Tier 2 holds needs the release history.
  return notMeasured(base, `${judged}; give stableRelease in an evidence file, or --github OWNER/REPO`, tested ? 2 : undefined);
}

export function docsLeg(evidence: TierEvidence, from: string): Leg {
  const base = { id: 'docs' as const, title: 'Documentation', tier1: 'comprehensive, with examples for every feature', tier2: 'basic' };
  const d = evidence.docs;
  if (!d) return notMeasured(base, 'a judgment: give docs.level in an evidence file');
  return { ...base, value: `${d.level}${d.url ? ` (${d.url})` : ''}`, meets: d.level === 'comprehensive' ? 1 : d.level === 'basic' ? 2 : 3, measured: true, source: from };
}

export function dependencyPolicyLeg(evidence: TierEvidence, from: string): Leg {
  const base = { id: 'dependency-policy' as const, title: 'Dependency update policy', tier1: 'published', tier2: 'published' };
  const d = evidence.dependencyPolicy;
  if (!d) return notMeasured(base, 'give dependencyPolicy in an evidence file');
  return { ...base, value: d.published ? `published${d.url ? ` (${d.url})` : ''}` : 'not published', meets: d.published ? 1 : 3, measured: true, source: from };
}

export function roadmapLeg(evidence: TierEvidence, from: string): Leg {
  const base = { id: 'roadmap' as const, title: 'Roadmap', tier1: 'published', tier2: 'a plan toward Tier 1' };
  const r = evidence.roadmap;
  if (!r) return notMeasured(base, 'give roadmap.level in an evidence file');
  return { ...base, value: `${r.level}${r.url ? ` (${r.url})` : ''}`, meets: r.level === 'published' ? 1 : r.level === 'plan-to-tier-1' ? 2 : 3, measured: true, source: from };
}
