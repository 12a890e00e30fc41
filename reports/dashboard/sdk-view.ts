// sdk/<adapter>.html: one SDK's runs, tier reports, and every check with the evidence of those that did not pass.
import type { Leg, TierReport } from '../tier/model.js';
import {
  harnessOfRun,
  needsEvidence,
  orderVersions,
  rateOf,
  ROLES,
  sdkOfRun,
  tally,
  text,
  tierShown,
  uniq,
  verdictClass,
  when,
  type CheckRow,
  type Role,
} from './data.js';
import { checkAnchor, partAnchor, reportKey, requirementAnchor, versionAnchor, type AdapterModel, type Model } from './model.js';
import type { PageHead } from './page-head.js';
import { IdPool } from '../safe-name.js';
import type { TranscriptCache } from './transcript.js';

const TRANSPORT_ORDER = ['stdio', 'http', 'sse'];

function byTransport(a: string, b: string): number {
  const rank = (t: string) => (TRANSPORT_ORDER.includes(t) ? TRANSPORT_ORDER.indexOf(t) : TRANSPORT_ORDER.length);
  return rank(a) - rank(b) || a.localeCompare(b);
}

function legView(l: Leg) {
  return {
    title: text(l.title),
    value: text(l.value),
    tier1: text(l.tier1),
    tier2: text(l.tier2),
    meets: l.meets === undefined ? 'not measured' : `Tier ${l.meets}`,
    meetsCls: l.meets === undefined ? 'meets-none' : `meets-${l.meets}`,
    source: text(l.source),
  };
}

function tierView(r: TierReport | undefined) {
  const tier = tierShown(r);
  if (!r || !tier) return null;
  return {
    label: tier.label,
    partial: tier.partial,
    notMeasured: r.notMeasured.join(', '),
    generated: when(r.generatedAt),
    resultsAt: r.resultsAt ? when(r.resultsAt) : 'unknown',
    legs: r.legs.map(legView),
    blockers: r.blockers.map(text),
    conformance: r.conformance.map((c) => ({
      role: c.role,
      revision: c.scoredSetRevision,
      passed: c.passed,
      failed: c.failed,
      notCounted: c.notCounted,
      notRun: c.notRun,
      rate: c.rate === undefined ? 'n/a' : `${Math.floor(c.rate * 1000) / 10}%`,
    })),
  };
}

/** A check cites the same requirement id in several versions' catalogues: group the links by version. */
function refGroups(r: CheckRow) {
  const cited = r.spec.filter((s) => s.ref);
  return orderVersions(cited.map((s) => s.version)).map((version) => ({
    version,
    links: uniq(cited.filter((s) => s.version === version).map((s) => s.ref)).map((ref) => ({
      label: ref,
      href: `../requirements.html#${requirementAnchor(version, ref)}`,
    })),
  }));
}

function checkView(r: CheckRow, role: Role, ids: IdPool, transcripts: TranscriptCache) {
  return {
    check: r.check,
    title: r.title,
    level: r.level,
    verdict: r.verdict || 'none',
    vcls: verdictClass(r.verdict),
    extension: r.extension,
    refs: refGroups(r),
    detail: needsEvidence(r.verdict)
      ? { id: ids.take(checkAnchor(r.specVersion, role, r.transport, r.check)), message: r.message, transcript: transcripts.get(r.run.dir, r.transcript) }
      : null,
  };
}

function partView(version: string, role: Role, transport: string, rows: CheckRow[], ids: IdPool, transcripts: TranscriptCache) {
  const t = tally(rows);
  const rate = rateOf(t);
  const scenarios = uniq(rows.map((r) => r.scenario)).map((scenario) => ({
    scenario,
    checks: rows.filter((r) => r.scenario === scenario).map((r) => checkView(r, role, ids, transcripts)),
  }));
  return {
    id: partAnchor(version, role, transport),
    role,
    transport,
    fraction: rate.fraction,
    percent: rate.percent,
    cls: rate.cls,
    counts: [...t.counts].filter(([, n]) => n > 0).map(([verdict, n]) => ({ verdict, n, vcls: verdictClass(verdict) })),
    extensions: t.extensions,
    scenarios,
  };
}

function runView(a: AdapterModel, run: AdapterModel['runs'][number]) {
  const rows = a.rows.filter((r) => r.run === run);
  return {
    runId: text(run.summary?.runId),
    target: text(run.summary?.target),
    roles: uniq(rows.map((r) => r.role)).join(', ') || '—',
    harness: harnessOfRun(run),
    package: sdkOfRun(run) ?? 'unknown',
    started: when(run.summary?.startedAt),
    finished: when(run.summary?.finishedAt),
    status: run.summary?.interrupted ? 'interrupted' : run.summary?.complete ? 'complete' : 'incomplete',
    records: rows.length,
  };
}

export function sdkView(m: Model, a: AdapterModel, head: PageHead, transcripts: TranscriptCache) {
  const ids = new IdPool();
  const versions = orderVersions([
    ...a.rows.map((r) => r.specVersion),
    ...[...m.reports.values()].filter((r) => r.sdk.adapter === a.adapter).map((r) => r.specVersion),
  ]);
  const sections = versions.map((version) => {
    const own = a.rows.filter((r) => r.specVersion === version);
    const parts = ROLES.flatMap((role) =>
      uniq(own.filter((r) => r.role === role).map((r) => r.transport))
        .sort(byTransport)
        .map((transport) => partView(version, role, transport, own.filter((r) => r.role === role && r.transport === transport), ids, transcripts)),
    );
    const report = m.reports.get(reportKey(a.adapter, version));
    return { version, id: versionAnchor(version), tier: tierView(report), tierShort: tierShown(report), parts };
  });
  const declared = a.known?.sdk ? `${a.known.sdk.package} ${a.known.sdk.version}` : null;
  return {
    head,
    sdk: {
      title: a.title,
      adapter: a.adapter,
      language: a.language,
      packages: uniq(a.runs.map(sdkOfRun).filter((s): s is string => s !== null)).join(', ') || declared || 'unknown',
      harness: uniq(a.runs.map(harnessOfRun)).join(', '),
      dates: uniq(a.runs.map((r) => when(r.summary?.finishedAt))).join(', '),
    },
    runs: a.runs.map((run) => runView(a, run)),
    versions: sections,
  };
}
