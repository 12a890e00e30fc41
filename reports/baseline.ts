// Baselines of known failures (adapters/<name>/expected-failures.yaml): a run matches its baseline
// when every non-passing record is listed and every listed failure still occurs.
import { stringify } from 'yaml';
import type { RunRecord, TransportKind, Verdict } from '../runners/model.js';
import { globToRegExp } from '../runners/match/glob.js';
import { readValidatedYaml } from '../runners/suites/validated-yaml.js';
import { readYaml } from '../runners/suites/yaml-source.js';
import { roleOfRecord } from './run-folder.js';

export interface BaselineEntry {
  check: string;
  /** Official-format entries name a scenario (and perhaps a check) and any failing verdict. */
  scenario?: string;
  verdict: Exclude<Verdict, 'pass' | 'skip'> | 'any';
  transports?: TransportKind[];
  versions?: string[];
  evidence: string;
  /** A race in the SDK: it fails only some runs, so a pass does not make the entry stale. */
  intermittent?: true;
}

/**
 * The official conformance suite's baseline: `server:` and `client:` lists of `scenario` or
 * `scenario:check` entries, without verdicts or evidence.
 */
function isOfficialFormat(value: unknown): value is { server?: string[]; client?: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'failures' in value) return false;
  const v = value as Record<string, unknown>;
  const lists = ['server', 'client'].filter((k) => k in v);
  return lists.length > 0 && Object.keys(v).every((k) => lists.includes(k)) && lists.every((k) => Array.isArray(v[k]) && (v[k] as unknown[]).every((e) => typeof e === 'string'));
}

function fromOfficial(value: { server?: string[]; client?: string[] }): BaselineEntry[] {
  return (['server', 'client'] as const).flatMap((role) =>
    (value[role] ?? []).map((entry) => {
      const [scenario, check] = entry.split(':', 2) as [string, string | undefined];
      return { scenario, check: check ?? '*', verdict: 'any' as const, evidence: `listed in the ${role} baseline` };
    }),
  );
}

export function loadBaseline(file: string): BaselineEntry[] {
  const { value } = readValidatedYaml<unknown>(file, 'baseline.schema.json', isOfficialFormat);
  if (isOfficialFormat(value)) return fromOfficial(value);
  return (value as { failures: BaselineEntry[] }).failures;
}

/** A check id, or a glob over ids (`*`, `tools.*`) for whole areas or versions the SDK lacks. */
function checkMatches(pattern: string, id: string): boolean {
  return pattern.includes('*') ? globToRegExp(pattern).test(id) : pattern === id;
}

function inScope(entry: BaselineEntry, r: RunRecord): boolean {
  return (
    checkMatches(entry.check, r.check) &&
    (!entry.scenario || checkMatches(entry.scenario, r.scenario)) &&
    (!entry.transports || entry.transports.includes(r.transport)) &&
    (!entry.versions || entry.versions.includes(r.specVersion))
  );
}

function covers(entry: BaselineEntry, r: RunRecord): boolean {
  return inScope(entry, r) && (entry.verdict === r.verdict || (entry.verdict === 'any' && r.verdict !== 'pass' && r.verdict !== 'skip'));
}

/**
 * `--update-baseline`: the file rewritten to list exactly what this run failed, in the format it was
 * in. Entries that still fail keep their evidence; new ones take the check's message as a start.
 */
export function updatedBaseline(file: string, records: RunRecord[]): string {
  const { source } = readYaml(file);
  const failing = records.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip');
  if (source && isOfficialFormat(source.value)) {
    const role = (r: RunRecord) => (roleOfRecord(r) === 'client' ? 'client' : 'server');
    const lists = { server: new Set<string>(), client: new Set<string>() };
    for (const r of failing) lists[role(r)].add(`${r.scenario}:${r.check}`);
    return stringify({ server: [...lists.server].sort(), client: [...lists.client].sort() });
  }
  const old = source ? ((source.value as { failures?: BaselineEntry[] }).failures ?? []) : [];
  const entries = new Map<string, BaselineEntry>();
  for (const r of failing) {
    const key = `${r.check} ${r.verdict}`;
    const kept = old.find((b) => covers(b, r));
    const entry = entries.get(key) ?? (kept ? { ...kept, transports: undefined, versions: undefined } : { check: r.check, verdict: r.verdict as BaselineEntry['verdict'], evidence: r.message.slice(0, 400) || r.title });
    entry.transports = [...new Set([...(entry.transports ?? []), r.transport])].sort() as TransportKind[];
    entry.versions = [...new Set([...(entry.versions ?? []), r.specVersion])].sort();
    entries.set(key, entry);
  }
  const failures = [...entries.values()].sort((a, b) => a.check.localeCompare(b.check)).map(({ check, scenario, verdict, transports, versions, evidence, intermittent }) => ({
    check,
    ...(scenario && { scenario }),
    verdict,
    ...(transports && { transports }),
    ...(versions && { versions }),
    ...(intermittent && { intermittent }),
    evidence,
  }));
  return `# Known failures, rewritten by --update-baseline; review each entry's evidence.\n${stringify({ failures })}`;
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
    stale: stale.map((b) => ({ check: b.scenario ? `${b.scenario}:${b.check}` : b.check, verdict: b.verdict })),
  };
}

export function compareWithBaseline(records: RunRecord[], baseline: BaselineEntry[]): BaselineComparison {
  const failing = records.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip');
  return {
    unexpected: failing.filter((r) => !baseline.some((b) => covers(b, r))),
    stale: baseline.filter((b) => !b.intermittent && !failing.some((r) => covers(b, r)) && records.some((r) => inScope(b, r) && r.verdict === 'pass')),
  };
}
