// Baselines of known failures (adapters/<name>/expected-failures.yaml): a run matches its baseline
// when every non-passing record is listed and every listed failure still occurs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileProblems } from '../runners/errors.js';
import type { RunRecord, TransportKind, Verdict } from '../runners/model.js';
import { SCHEMA_DIR } from '../runners/paths.js';
import { globToRegExp } from '../runners/match/glob.js';
import { createAjv } from '../runners/schema/json-schema.js';
import { locate, readYaml } from '../runners/suites/yaml-source.js';

export interface BaselineEntry {
  check: string;
  verdict: Exclude<Verdict, 'pass' | 'skip'>;
  transports?: TransportKind[];
  versions?: string[];
  evidence: string;
  /** A race in the SDK: it fails only some runs, so a pass does not make the entry stale. */
  intermittent?: true;
}

export function loadBaseline(file: string): BaselineEntry[] {
  const { source, problems } = readYaml(file);
  if (!source) throw new FileProblems(problems);
  const validate = createAjv('2020-12').compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'baseline.schema.json'), 'utf8')));
  if (!validate(source.value)) {
    throw new FileProblems((validate.errors ?? []).slice(0, 5).map((e) => `${locate(source, e.instancePath)}: ${e.message ?? e.keyword} — see schema/baseline.schema.json`));
  }
  return (source.value as { failures: BaselineEntry[] }).failures;
}

/** A check id, or a glob over ids (`*`, `tools.*`) for whole areas or versions the SDK lacks. */
function checkMatches(pattern: string, id: string): boolean {
  return pattern.includes('*') ? globToRegExp(pattern).test(id) : pattern === id;
}

function inScope(entry: BaselineEntry, r: RunRecord): boolean {
  return (
    checkMatches(entry.check, r.check) &&
    (!entry.transports || entry.transports.includes(r.transport)) &&
    (!entry.versions || entry.versions.includes(r.specVersion))
  );
}

function covers(entry: BaselineEntry, r: RunRecord): boolean {
  return inScope(entry, r) && entry.verdict === r.verdict;
}

export interface BaselineComparison {
  /** Records that did not pass and that the baseline does not list. */
  unexpected: RunRecord[];
  /** Baseline entries whose check ran in their scope and no longer fails: remove them. */
  stale: BaselineEntry[];
}

/** The summary's baseline section: what failed beyond the known failures, and known failures that now pass. */
export function baselineSection(records: RunRecord[], baseline: { file: string; entries: BaselineEntry[] }) {
  const { unexpected, stale } = compareWithBaseline(records, baseline.entries);
  return {
    file: baseline.file,
    unexpected: unexpected.map((r) => ({ check: r.check, transport: r.transport, specVersion: r.specVersion, verdict: r.verdict, level: r.level })),
    stale: stale.map((b) => ({ check: b.check, verdict: b.verdict })),
  };
}

export function compareWithBaseline(records: RunRecord[], baseline: BaselineEntry[]): BaselineComparison {
  const failing = records.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip');
  return {
    unexpected: failing.filter((r) => !baseline.some((b) => covers(b, r))),
    stale: baseline.filter((b) => !b.intermittent && !failing.some((r) => covers(b, r)) && records.some((r) => inScope(b, r) && r.verdict === 'pass')),
  };
}
