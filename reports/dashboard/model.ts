// What every page is built from: the SDK rows in display order, their checks grouped by matrix cell, links.
import type { RunFolder } from '../run-folder.js';
import type { TierReport } from '../tier/model.js';
import { adapterOf, columnsOf, rowsOf, type CheckRow, type Column, type Role } from './data.js';
import { safeName } from '../safe-name.js';
import type { DashboardInput, DashboardSdk } from './build-dashboard.js';

export interface AdapterModel {
  adapter: string;
  /** sdk/<name>.html, relative to the site root; null when the SDK has no runs (no page). */
  page: string | null;
  title: string;
  language: string;
  known: DashboardSdk | null;
  runs: RunFolder[];
  rows: CheckRow[];
}

export interface Model {
  adapters: AdapterModel[];
  columns: Column[];
  /** Checks per adapter × version × role × transport. */
  cells: Map<string, CheckRow[]>;
  reports: Map<string, TierReport>;
}

export const cellKey = (adapter: string, version: string, role: string, transport: string) =>
  [adapter, version, role, transport].join('\u0000');
export const reportKey = (adapter: string, version: string) => `${adapter}\u0000${version}`;

// Anchors are deterministic, so that the matrix and the requirement links can point into other pages.
export const sdkPage = (adapter: string) => `sdk/${safeName(adapter)}.html`;
export const versionAnchor = (version: string) => safeName(`v-${version}`);
export const partAnchor = (version: string, role: Role, transport: string) => safeName(`${version}-${role}-${transport}`);
export const checkAnchor = (version: string, role: Role, transport: string, check: string) =>
  safeName(`${version}-${role}-${transport}-${check}`);
export const requirementAnchor = (version: string, ref: string) => safeName(`${version}-${ref}`);

/**
 * A caller-given file path relative to the site root, as an href: no scheme, no absolute path, no `..`,
 * each segment percent-encoded. null when the path is not one.
 */
export function relativeHref(path: string): string | null {
  const parts = path.split('/');
  if (path === '' || path.includes('\\') || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) || parts.some((p) => p === '' || p === '..')) return null;
  return parts.map((p) => encodeURIComponent(p)).join('/');
}

export function buildModel(input: DashboardInput): Model {
  const byAdapter = new Map<string, { runs: RunFolder[]; rows: CheckRow[] }>();
  for (const run of input.runs) {
    const entry = byAdapter.get(adapterOf(run)) ?? { runs: [], rows: [] };
    entry.runs.push(run);
    entry.rows.push(...rowsOf(run));
    byAdapter.set(adapterOf(run), entry);
  }
  const known = new Map(input.sdks.map((s) => [s.adapter, s]));
  // Measured SDKs first, so the matrix opens on results; those never run follow.
  const all0 = [...known.keys(), ...[...byAdapter.keys()].filter((a) => !known.has(a)).sort()];
  const names = [...all0.filter((a) => byAdapter.has(a)), ...all0.filter((a) => !byAdapter.has(a))];
  const adapters = names.map((adapter): AdapterModel => {
    const sdk = known.get(adapter) ?? null;
    const measured = byAdapter.get(adapter);
    return {
      adapter,
      page: measured ? sdkPage(adapter) : null,
      title: sdk?.title || adapter,
      language: sdk?.language || 'unknown language',
      known: sdk,
      runs: measured?.runs ?? [],
      rows: measured?.rows ?? [],
    };
  });
  const all = adapters.flatMap((a) => a.rows);
  const cells = new Map<string, CheckRow[]>();
  for (const r of all) {
    const key = cellKey(r.adapter, r.specVersion, r.role, r.transport);
    const list = cells.get(key) ?? [];
    list.push(r);
    cells.set(key, list);
  }
  const reports = new Map(input.reports.map((r) => [reportKey(r.sdk.adapter, r.specVersion), r]));
  return { adapters, columns: columnsOf(all), cells, reports };
}
