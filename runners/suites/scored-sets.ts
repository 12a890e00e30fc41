// Scored sets (suites/scored/<version>.yaml): for each protocol version, the frozen list of checks a tier's
// conformance leg is computed over, and every applicable check kept out of it with its reason. Freezing
// keeps a tier comparable over time: a check added to the suites changes no tier until a new revision
// of the set takes it in; until then it is reported as pending.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { ExclusionReason, Role, ScoredSet } from '../../reports/tier/model.js';
import { clientCaseVersion } from '../client-role/run-client-suite.js';
import { CLIENT_SCHEMA_CHECK } from '../client-role/run-client-case.js';
import { scenarioVersions } from '../engine/matrix.js';
import { allChecks } from '../engine/run-scenario.js';
import { TRANSCRIPT_CHECKS } from '../engine/score-transcript.js';
import type { ClientScenario, Level, Scenario } from '../model.js';
import { SUITES_DIR } from '../paths.js';
import { eraOf } from '../versions.js';
import { readValidatedYaml } from './validated-yaml.js';

export interface ApplicableCheck {
  check: string;
  role: Role;
  title: string;
  level: Level;
  /** Set when every scenario judging the check is an extension's. */
  extension?: string;
  /** Why the check would stay out of a freshly frozen set; undefined when it would be scored. */
  exclusion?: { reason: ExclusionReason; note: string };
}

const EXPERIMENTAL_AREAS: Record<string, string> = {
  tasks: 'tasks are experimental in the handshake-era specification; SEP-1730 requires no experimental feature',
};

function exclusionOf(area: string, version: string, level: Level, extension: string | undefined): ApplicableCheck['exclusion'] {
  if (extension) return { reason: 'extension', note: `judges the ${extension} extension; SEP-1730 requires no extension` };
  const experimental = EXPERIMENTAL_AREAS[area];
  if (experimental && eraOf(version) === 'handshake') return { reason: 'experimental', note: experimental };
  if (level !== 'MUST' && level !== 'MUST NOT') return { reason: 'advisory', note: `${level}-level: a miss is a warning, which the tier score does not count` };
  return undefined;
}

/** Every check that runs at a version, per role, with the exclusion a fresh freeze would give it. */
export function applicableChecks(version: string, scenarios: Scenario[], clientScenarios: ClientScenario[]): ApplicableCheck[] {
  const found = new Map<string, ApplicableCheck>();
  const add = (role: Role, c: { id: string; title: string; level: Level }, area: string, extension?: string) => {
    const key = `${role} ${c.id}`;
    const candidate: ApplicableCheck = { check: c.id, role, title: c.title, level: c.level, ...(extension && { extension }) };
    const exclusion = exclusionOf(area, version, c.level, extension);
    if (exclusion) candidate.exclusion = exclusion;
    const seen = found.get(key);
    // A check judged in any scored context is scored.
    if (!seen || (seen.exclusion && !candidate.exclusion)) found.set(key, candidate);
  };
  for (const s of scenarios) {
    if (!scenarioVersions(s).includes(version)) continue;
    for (const c of allChecks(s)) add('server', c, s.area, s.extension);
  }
  // A transcript rule cites the requirements it judges; it applies to the era of the versions it cites.
  if (scenarios.some((s) => scenarioVersions(s).includes(version))) {
    for (const c of TRANSCRIPT_CHECKS) if (c.spec.some((ref) => eraOf(ref.version) === eraOf(version))) add('server', c, 'wire');
  }
  const clientHere = clientScenarios.filter((s) => s.eras.some((era) => clientCaseVersion(era) === version));
  for (const s of clientHere) for (const c of s.checks) add('client', c, s.area);
  if (clientHere.length) add('client', CLIENT_SCHEMA_CHECK, 'wire');
  return [...found.values()].sort((a, b) => (a.role === b.role ? a.check.localeCompare(b.check) : a.role.localeCompare(b.role)));
}

/**
 * The checks judged on a whole transcript rather than by a scenario step (server transcript rules and the
 * client's schema check). They write a record only when the transcript holds something they speak about, so
 * a missing record means "nothing to judge", not "not run"; and any fault that breaks the wire may trip them.
 */
export const TRANSCRIPT_LEVEL_CHECKS: ReadonlySet<string> = new Set([...TRANSCRIPT_CHECKS.map((c) => c.id), CLIENT_SCHEMA_CHECK.id]);

export function scoredSetFile(version: string, dir = join(SUITES_DIR, 'scored')): string {
  return join(dir, `${version}.yaml`);
}

export function loadScoredSet(version: string, dir?: string): ScoredSet | undefined {
  const file = scoredSetFile(version, dir);
  if (!existsSync(file)) return undefined;
  return readValidatedYaml<ScoredSet>(file, 'scored-set.schema.json').value;
}

export interface ScoredSetDrift {
  /** Applicable now, but neither scored nor excluded in the frozen set: pending until the next revision. */
  unlisted: ApplicableCheck[];
  /** Listed in the frozen set, but no longer in the suites. */
  gone: { check: string; role: Role }[];
}

export function scoredSetDrift(set: ScoredSet, applicable: ApplicableCheck[]): ScoredSetDrift {
  const listed = new Set([...set.server.map((c) => `server ${c}`), ...set.client.map((c) => `client ${c}`), ...set.excluded.map((e) => `${e.role} ${e.check}`)]);
  const present = new Set(applicable.map((a) => `${a.role} ${a.check}`));
  return {
    unlisted: applicable.filter((a) => !listed.has(`${a.role} ${a.check}`)),
    gone: [...listed].filter((k) => !present.has(k)).map((k) => {
      const [role, check] = k.split(' ') as [Role, string];
      return { role, check };
    }),
  };
}

/**
 * A new revision: the applicable checks, scored unless excluded; exclusions made by hand in the previous
 * revision (pending ones, say) are kept. The revision number moves only when the lists change.
 */
export function freezeScoredSet(version: string, applicable: ApplicableCheck[], previous: ScoredSet | undefined, today: string): ScoredSet {
  const manual = new Map((previous?.excluded ?? []).filter((e) => e.reason === 'pending').map((e) => [`${e.role} ${e.check}`, e]));
  const excluded: ScoredSet['excluded'] = [];
  const scored: Record<Role, string[]> = { server: [], client: [] };
  for (const a of applicable) {
    const kept = manual.get(`${a.role} ${a.check}`);
    if (kept) excluded.push(kept);
    else if (a.exclusion) excluded.push({ check: a.check, role: a.role, reason: a.exclusion.reason, note: a.exclusion.note });
    else scored[a.role].push(a.check);
  }
  const next = { specVersion: version, revision: previous?.revision ?? 0, frozenAt: previous?.frozenAt ?? today, server: scored.server, client: scored.client, excluded };
  const same = previous && JSON.stringify([previous.server, previous.client, previous.excluded]) === JSON.stringify([next.server, next.client, next.excluded]);
  return same ? previous : { ...next, revision: next.revision + 1, frozenAt: today };
}

export function renderScoredSet(set: ScoredSet): string {
  const head = [
    `# The scored set of protocol version ${set.specVersion}, revision ${set.revision}: the checks a tier's`,
    '# conformance leg counts (SEP-1730: Tier 1 passes all of them, Tier 2 at least 80%). Excluded checks',
    '# still run and are reported; they are not scored. Regenerate with `mcp-conform scored-set --freeze`.',
  ];
  return `${head.join('\n')}\n${stringify(set, { lineWidth: 0 })}`;
}
