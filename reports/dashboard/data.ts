// Run folders flattened into rows the pages show. Every field becomes a plain string here, whatever the
// files held, so that templates never meet a missing field or an object where text was expected.
import { VERDICTS, type RunRecord, type Verdict } from '../../runners/model.js';
import { PROTOCOL_VERSIONS } from '../../runners/versions.js';
import { roleOfRecord, type RunFolder } from '../run-folder.js';
import type { TierReport } from '../tier/model.js';
import { countsAsFailed } from '../verdicts.js';
import { stripIllegal } from '../xml.js';

export type Role = 'server' | 'client' | 'interop';

export interface CheckRow {
  run: RunFolder;
  adapter: string;
  role: Role;
  specVersion: string;
  transport: string;
  scenario: string;
  check: string;
  title: string;
  level: string;
  /** Kept as given: an unknown verdict is shown, but counts neither as passed nor as failed. */
  verdict: string;
  extension: string | null;
  message: string;
  spec: { version: string; ref: string; level: string; text: string | null }[];
  transcript: string | null;
}

/** Text from untrusted JSON: strings as they are (minus characters no document may hold), numbers printed, anything else empty. */
export function text(v: unknown): string {
  if (typeof v === 'string') return stripIllegal(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

export function isVerdict(v: string): v is Verdict {
  return (VERDICTS as readonly string[]).includes(v);
}

/** The adapter a run measured: summary.json names it; a record's own field is the fallback. */
export function adapterOf(run: RunFolder): string {
  return text(run.summary?.adapter) || text(run.records[0]?.adapter) || 'unknown';
}

export function rowsOf(run: RunFolder): CheckRow[] {
  const adapter = adapterOf(run);
  // A results.jsonl line may hold any JSON value, `null` included.
  return run.records.filter((r): r is RunRecord => typeof r === 'object' && r !== null).map((r) => {
    const scenario = text(r.scenario);
    return {
      run,
      adapter,
      role: roleOfRecord({ scenario }),
      specVersion: text(r.specVersion) || 'unknown',
      transport: text(r.transport) || 'unknown',
      scenario,
      check: text(r.check),
      title: text(r.title),
      level: text(r.level),
      verdict: text(r.verdict),
      extension: text(r.extension) || null,
      message: text(r.message),
      spec: (Array.isArray(r.spec) ? r.spec : []).map((s) => ({
        version: text(s?.version),
        ref: text(s?.ref),
        level: text(s?.level),
        text: text(s?.text) || null,
      })),
      transcript: text(r.transcript) || null,
    };
  });
}

/** Versions oldest first: the published ones in their order, then any other name as a string. */
export function orderVersions(versions: Iterable<string>): string[] {
  const known = PROTOCOL_VERSIONS as readonly string[];
  const rank = (v: string) => (known.includes(v) ? known.indexOf(v) : known.length);
  return [...new Set(versions)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export const ROLES: Role[] = ['server', 'client', 'interop'];

export interface Column {
  version: string;
  role: Role;
  transport: string;
}

/**
 * The matrix columns: version × role × transport. A role appears for a version when some SDK has records of
 * it there (the client suites judge only the newest version of each era); stdio and http then always
 * appear, sse and any other transport only where records have them.
 */
export function columnsOf(rows: CheckRow[]): Column[] {
  const present = new Set(rows.map((r) => `${r.specVersion}\u0000${r.role}\u0000${r.transport}`));
  const columns: Column[] = [];
  for (const version of orderVersions(rows.map((r) => r.specVersion))) {
    for (const role of ROLES.filter((r) => rows.some((x) => x.specVersion === version && x.role === r))) {
      const extra = [...new Set(rows.filter((r) => r.specVersion === version && r.role === role).map((r) => r.transport))]
        .filter((t) => t !== 'stdio' && t !== 'http')
        .sort((a, b) => (a === 'sse' ? -1 : b === 'sse' ? 1 : a.localeCompare(b)));
      for (const transport of ['stdio', 'http', ...extra]) {
        if (transport === 'stdio' || transport === 'http' || present.has(`${version}\u0000${role}\u0000${transport}`)) {
          columns.push({ version, role, transport });
        }
      }
    }
  }
  return columns;
}

export interface Tally {
  /** Core records (no extension) that passed, and that count as failed. */
  passed: number;
  failed: number;
  /** Core records per verdict, in VERDICTS order, then unknown ones. */
  counts: Map<string, number>;
  extensions: number;
}

export function tally(rows: CheckRow[]): Tally {
  const counts = new Map<string, number>(VERDICTS.map((v) => [v, 0]));
  let passed = 0;
  let failed = 0;
  let extensions = 0;
  for (const r of rows) {
    if (r.extension) {
      extensions++;
      continue;
    }
    counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
    if (r.verdict === 'pass') passed++;
    else if (isVerdict(r.verdict) && countsAsFailed(r.verdict)) failed++;
  }
  return { passed, failed, counts, extensions };
}

export type RateClass = 'rate-all' | 'rate-high' | 'rate-low' | 'rate-none';

export interface Rate {
  /** "passed/counted", e.g. "3/4". */
  fraction: string;
  /** Rounded down, so that a single failure never reads as 100 %. */
  percent: string;
  cls: RateClass;
}

export function rateOf(t: Tally): Rate {
  const counted = t.passed + t.failed;
  if (counted === 0) return { fraction: '0/0', percent: 'n/a', cls: 'rate-none' };
  const ratio = t.passed / counted;
  // Integer arithmetic: an exact quotient is exact in floating point, so 3/4 is 75 % and not 74.9 %.
  const percent = `${Math.floor((t.passed * 1000) / counted) / 10}%`;
  const cls: RateClass = t.failed === 0 ? 'rate-all' : ratio >= 0.8 ? 'rate-high' : 'rate-low';
  return { fraction: `${t.passed}/${counted}`, percent, cls };
}

/** The non-passing verdicts that get their evidence shown. */
export function needsEvidence(verdict: string): boolean {
  return verdict !== 'pass' && verdict !== 'skip';
}

/** A verdict as a CSS class: known verdicts only, so run data never picks a class name. */
export function verdictClass(verdict: string): string {
  return isVerdict(verdict) ? `v-${verdict}` : 'v-unknown';
}

export interface TierLabel {
  label: string;
  partial: boolean;
}

/** `tier` when every leg was measured, else the measured tier marked partial. */
export function tierShown(r: TierReport | undefined): TierLabel | null {
  if (!r) return null;
  if (r.tier !== undefined) return { label: `Tier ${r.tier}`, partial: false };
  return { label: `Tier ${r.measuredTier}`, partial: true };
}

/** An ISO timestamp as "YYYY-MM-DD HH:MM UTC"; anything unparsable is shown as given. */
export function when(iso: unknown): string {
  const s = text(iso);
  const ms = Date.parse(s);
  if (!s || Number.isNaN(ms)) return s || 'unknown';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

/** "package version" of a run, from its summary or, failing that, its first record. */
export function sdkOfRun(run: RunFolder): string | null {
  const sdk = run.summary?.sdk ?? run.records[0]?.sdk;
  if (!sdk) return null;
  return `${text(sdk.package)} ${text(sdk.version)}`.trim() || null;
}

export function harnessOfRun(run: RunFolder): string {
  const h = run.summary?.harness ?? run.records[0]?.harness;
  return `${text(h?.name)} ${text(h?.version)}`.trim() || 'unknown';
}

export function uniq<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}
