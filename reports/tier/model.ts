// The shapes of a tier assessment (SEP-1730): legs, their thresholds, and what blocks the next tier.
import type { Verdict } from '../../runners/model.js';

export type Tier = 1 | 2 | 3;
export type Role = 'server' | 'client';

/** Why a check that applies to a version is kept out of its scored set. */
export type ExclusionReason = 'extension' | 'experimental' | 'pending' | 'advisory';

/** suites/scored/<version>.yaml: the frozen list of checks a version's conformance leg is computed over. */
export interface ScoredSet {
  specVersion: string;
  /** Bumped whenever the list changes; a tier report names the revision it used. */
  revision: number;
  frozenAt: string;
  server: string[];
  client: string[];
  excluded: { check: string; role: Role; reason: ExclusionReason; note: string }[];
}

/** One scored check's outcome for one role and version, over every transport it ran on. */
export interface ScoredCheck {
  check: string;
  role: Role;
  /** passed: every counted record passed; failed: at least one fail/unsupported/error/timeout; not-counted: only warn/skip; not-run: no record. */
  outcome: 'passed' | 'failed' | 'not-counted' | 'not-run';
  /** The worst verdict per transport, for the report. */
  byTransport: Record<string, Verdict>;
  title?: string;
  message?: string;
}

export interface ConformanceLeg {
  role: Role;
  specVersion: string;
  scoredSetRevision: number;
  passed: number;
  failed: number;
  notCounted: number;
  notRun: number;
  /** passed / (passed + failed); undefined when nothing was counted. */
  rate?: number;
  checks: ScoredCheck[];
}

export type LegId =
  | 'conformance-server'
  | 'conformance-client'
  | 'spec-tracking'
  | 'triage'
  | 'p0-resolution'
  | 'stable-release'
  | 'docs'
  | 'dependency-policy'
  | 'roadmap';

export interface Leg {
  id: LegId;
  title: string;
  /** Human-readable measured value, or "not measured". */
  value: string;
  tier1: string;
  tier2: string;
  /** The best tier this leg allows; undefined when not measured. */
  meets?: Tier;
  measured: boolean;
  /** For a leg not measured: the best tier it could allow given what is known (e.g. a pre-1.0 release rules out Tier 1). */
  upTo?: Tier;
  /** Where the value came from: "runs", "evidence FILE", "GitHub API", or why it was not measured. */
  source: string;
}

export interface TierReport {
  sdk: { adapter: string; package?: string; version?: string };
  specVersion: string;
  harness: { name: string; version: string };
  generatedAt: string;
  /** The newest finishedAt among the runs the report was computed from. */
  resultsAt?: string;
  legs: Leg[];
  /** The tier every measured leg allows (3 when none is measured). */
  measuredTier: Tier;
  /** The tier, when every leg was measured; otherwise undefined and the report says what is missing. */
  tier?: Tier;
  notMeasured: LegId[];
  /** What stands between measuredTier and the next tier up (empty at Tier 1). */
  blockers: string[];
  conformance: ConformanceLeg[];
}

/**
 * The legs not computed from runs, as an evidence file (schema/tier-evidence.schema.json) gives them or as
 * the GitHub API yields them. Every field is optional: a missing one leaves its leg "not measured".
 */
export interface TierEvidence {
  /** The adapter or SDK package the evidence describes (checked against the runs when given). */
  sdk?: string;
  /** The day the evidence was gathered (YYYY-MM-DD). */
  asOf?: string;
  /** Where it came from: a URL, a person, a tool. */
  source?: string;
  /** Per protocol version: the first SDK release that supported it, and when it was published. */
  specTracking?: Record<string, { release: string; releasedAt: string; url?: string }>;
  /** Issues opened in the window; how many were triaged (labelled, answered or closed) within 2 business days, and within a month. */
  triage?: { issues: number; within2BusinessDays: number; withinOneMonth: number; since?: string; url?: string };
  /** P0 (critical) issues (all of them, or those since `since`); an issue counts as within N days when resolved within N days, or still open but younger than N days. */
  p0?: { issues: number; within7Days: number; within14Days: number; since?: string; url?: string };
  /** The newest stable release (≥ 1.0.0, not a pre-release), or null when there is none. */
  stableRelease?: { latest: string | null; releasedAt?: string; url?: string };
  docs?: { level: 'comprehensive' | 'basic' | 'none'; url?: string };
  dependencyPolicy?: { published: boolean; url?: string };
  roadmap?: { level: 'published' | 'plan-to-tier-1' | 'none'; url?: string };
}
