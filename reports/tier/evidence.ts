// Evidence files (schema/tier-evidence.schema.json): the legs a run cannot measure, supplied by the user.
import { FileProblems } from '../../runners/errors.js';
import { readValidatedYaml } from '../../runners/suites/validated-yaml.js';
import { locate } from '../../runners/suites/yaml-source.js';
import type { TierEvidence } from './model.js';

export function loadEvidence(file: string): TierEvidence {
  const { value, source } = readValidatedYaml<TierEvidence>(file, 'tier-evidence.schema.json');
  // Counts of a subset cannot exceed the whole; a file that says so has a typo somewhere.
  const problems: string[] = [];
  const within = (leg: 'triage' | 'p0', parts: string[]) => {
    const counts = value[leg] as Record<string, number> | undefined;
    if (!counts) return;
    for (const p of parts) if ((counts[p] ?? 0) > (counts.issues ?? 0)) problems.push(`${locate(source, `/${leg}/${p}`)}: ${p} (${counts[p]}) exceeds issues (${counts.issues})`);
  };
  within('triage', ['within2BusinessDays', 'withinOneMonth']);
  within('p0', ['within7Days', 'within14Days']);
  if (value.p0 && value.p0.within7Days > value.p0.within14Days) problems.push(`${locate(source, '/p0/within7Days')}: within7Days cannot exceed within14Days`);
  if (problems.length) throw new FileProblems(problems);
  return value;
}

export interface SourcedEvidence {
  evidence: TierEvidence;
  /** Per leg field, where its value came from. */
  from: Partial<Record<keyof TierEvidence, string>>;
}

/** Evidence from several sources, the earlier winning over the later (a file over the API). */
export function combineEvidence(sources: { evidence: TierEvidence; from: string }[]): SourcedEvidence {
  const out: SourcedEvidence = { evidence: {}, from: {} };
  for (const { evidence, from } of sources) {
    for (const [k, v] of Object.entries(evidence) as [keyof TierEvidence, unknown][]) {
      if (out.evidence[k] !== undefined || v === undefined) continue;
      (out.evidence as Record<string, unknown>)[k] = v;
      out.from[k] = from;
    }
  }
  return out;
}
