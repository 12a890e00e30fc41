// index.html: the SDK × version × role × transport matrix, the tier table and the runs behind them.
import type { RunFolder } from '../run-folder.js';
import { harnessOfRun, orderVersions, rateOf, sdkOfRun, tally, text, tierShown, uniq, when, type Column, type CheckRow } from './data.js';
import { cellKey, partAnchor, relativeHref, reportKey, type AdapterModel, type Model } from './model.js';
import { safeName } from '../safe-name.js';
import type { DashboardInput } from './build-dashboard.js';
import type { PageHead } from './page-head.js';
import { shortBlockers } from '../tier/render-tier.js';

interface CellView {
  id: string;
  cls: string;
  title: string;
  href: string | null;
  /** Shown when there is no rate: "—" or "not measured". */
  label: string | null;
  fraction: string;
  percent: string;
  tier: string | null;
  partial: boolean;
}

/** Stands in for the columns when no run gave any record, so that every SDK still gets a row. */
const PLACEHOLDER: Column = { version: 'no results', role: 'server', transport: '—' };

function headerGroups(columns: Column[]) {
  return uniq(columns.map((c) => c.version)).map((version) => {
    const own = columns.filter((c) => c.version === version);
    const roles = uniq(own.map((c) => c.role)).map((role) => ({ role, span: own.filter((c) => c.role === role).length }));
    return { version, span: own.length, roles, transports: own.map((c) => ({ transport: c.transport, role: c.role })) };
  });
}

function runFacts(runs: RunFolder[]): string {
  const harness = uniq(runs.map(harnessOfRun)).join(', ');
  const sdk = uniq(runs.map(sdkOfRun).filter((s): s is string => s !== null)).join(', ') || 'unknown';
  const dates = uniq(runs.map((r) => when(r.summary?.finishedAt))).join(', ');
  return `harness ${harness}; SDK ${sdk}; run finished ${dates}`;
}

function notMeasuredCell(a: AdapterModel, c: Column): CellView {
  const why = a.known && !a.known.installable ? 'cannot be installed here, so it was never measured' : 'no run results were given';
  return { id: cellId(a, c), cls: 'not-measured', title: `${a.title}: ${why}`, href: null, label: 'not measured', fraction: '', percent: '', tier: null, partial: false };
}

function cellId(a: AdapterModel, c: Column): string {
  return `cell-${safeName(a.adapter)}-${partAnchor(c.version, c.role, c.transport)}`;
}

function measuredCell(m: Model, a: AdapterModel, c: Column, rows: CheckRow[] | undefined): CellView {
  const where = `${c.role} over ${c.transport}, protocol ${c.version}`;
  if (!rows || !a.page) {
    return { id: cellId(a, c), cls: 'empty', title: `${a.title}: no ${where} was run`, href: null, label: '—', fraction: '', percent: '', tier: null, partial: false };
  }
  const rate = rateOf(tally(rows));
  const tier = tierShown(m.reports.get(reportKey(a.adapter, c.version)));
  const tierText = tier ? `${tier.label}${tier.partial ? ' (partial: not every leg measured)' : ''}` : 'no tier report';
  const title = `${a.title}, ${where}: ${rate.fraction} core checks passed (${rate.percent}); ${tierText}; ${runFacts(uniq(rows.map((r) => r.run)))}`;
  return {
    id: cellId(a, c),
    cls: rate.cls,
    title,
    href: `${a.page}#${partAnchor(c.version, c.role, c.transport)}`,
    label: null,
    fraction: rate.fraction,
    percent: rate.percent,
    tier: tier?.label ?? null,
    partial: tier?.partial ?? false,
  };
}

function matrixRows(m: Model, columns: Column[]) {
  return m.adapters.map((a) => {
    const measured = a.runs.length > 0;
    const packages = measured ? uniq(a.runs.map(sdkOfRun).filter((s): s is string => s !== null)) : [];
    const declared = a.known?.sdk ? `${a.known.sdk.package} ${a.known.sdk.version}` : null;
    return {
      title: a.title,
      adapter: a.adapter,
      language: a.language,
      href: a.page,
      sdk: packages.join(', ') || declared || 'SDK version unknown',
      cells: columns.map((c) => (measured ? measuredCell(m, a, c, m.cells.get(cellKey(a.adapter, c.version, c.role, c.transport))) : notMeasuredCell(a, c))),
    };
  });
}

function tierRows(m: Model, badges: DashboardInput['badges']) {
  const order = new Map(m.adapters.map((a, i) => [a.adapter, i]));
  const versions = orderVersions([...m.reports.values()].map((r) => r.specVersion));
  const reports = [...m.reports.values()].sort(
    (x, y) =>
      (order.get(x.sdk.adapter) ?? order.size) - (order.get(y.sdk.adapter) ?? order.size) ||
      x.sdk.adapter.localeCompare(y.sdk.adapter) ||
      versions.indexOf(x.specVersion) - versions.indexOf(y.specVersion),
  );
  return reports.map((r) => {
    const a = m.adapters.find((x) => x.adapter === r.sdk.adapter);
    const tier = tierShown(r);
    const badge = badges.find((b) => b.adapter === r.sdk.adapter && b.specVersion === r.specVersion);
    const src = badge ? relativeHref(badge.svgFile) : null;
    return {
      sdk: a?.title ?? r.sdk.adapter,
      href: a?.page ?? null,
      version: r.specVersion,
      tier: tier?.label ?? '',
      partial: tier?.partial ?? false,
      notMeasured: r.notMeasured.join(', '),
      // The full blockers are on the SDK page; here, one line per leg.
      blockers: shortBlockers(r) === 'none' ? [] : shortBlockers(r).split('; ').map(text),
      badge: src ? { src, alt: `${a?.title ?? r.sdk.adapter} ${r.specVersion}: ${tier?.label ?? ''}${tier?.partial ? ' (partial)' : ''}` } : null,
      resultsAt: r.resultsAt ? when(r.resultsAt) : 'unknown',
    };
  });
}

function runRows(m: Model) {
  return m.adapters.flatMap((a) =>
    a.runs.map((run) => {
      const rows = a.rows.filter((r) => r.run === run);
      const s = run.summary;
      return {
        sdk: a.title,
        href: a.page,
        runId: text(s?.runId),
        roles: uniq(rows.map((r) => r.role)).join(', ') || '—',
        versions: orderVersions(rows.map((r) => r.specVersion)),
        transports: uniq(rows.map((r) => r.transport)).join(', ') || '—',
        harness: harnessOfRun(run),
        package: sdkOfRun(run) ?? 'unknown',
        started: when(s?.startedAt),
        finished: when(s?.finishedAt),
        status: s?.interrupted ? 'interrupted' : s?.complete ? 'complete' : 'incomplete',
        records: rows.length,
      };
    }),
  );
}

export function indexView(m: Model, input: DashboardInput, head: PageHead) {
  const columns = m.columns.length ? m.columns : [PLACEHOLDER];
  return {
    head,
    groups: headerGroups(columns),
    rows: matrixRows(m, columns),
    tiers: tierRows(m, input.badges),
    runs: runRows(m),
  };
}
