// `scored-set`, `tier` and `dashboard`: the frozen scored sets, SEP-1730 tier reports and the static
// compatibility site, all from run folders.
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../reports/atomic-write.js';
import { badgeFileName, tierBadge } from '../reports/badge.js';
import { readRunFolder, type RunFolder } from '../reports/run-folder.js';
import { assessTier } from '../reports/tier/assess.js';
import { combineEvidence, loadEvidence } from '../reports/tier/evidence.js';
import { githubEvidence, parseRepo } from '../reports/tier/github.js';
import type { ScoredSet, TierEvidence, TierReport } from '../reports/tier/model.js';
import { renderTierMarkdown, renderTierTable } from '../reports/tier/render-tier.js';
import { buildDashboard, type DashboardSdk } from '../reports/dashboard/build-dashboard.js';
import { parse, parseWithPositionals, positiveInt, versionsOf } from './cli-args.js';
import { HARNESS } from './paths.js';
import { renderSelftest, selftest, type Role } from './selftest/selftest.js';
import { loadRequirements } from './suites/requirements.js';
import { availableAdapters, loadAdapter } from './targets/adapter-manifest.js';
import { ensureWritable } from './engine/run.js';
import { EXIT, UsageError } from './errors.js';
import { loadClientScenarios } from './suites/load-client-scenarios.js';
import { loadScenarios } from './suites/load-scenarios.js';
import { applicableChecks, freezeScoredSet, loadScoredSet, renderScoredSet, scoredSetDrift, scoredSetFile } from './suites/scored-sets.js';
import { displayPath } from './suites/yaml-source.js';
import { PROTOCOL_VERSIONS } from './versions.js';

export const TIER_USAGE = `  mcp-conform tier RUN_DIR... [--evidence FILE]... [--github [ADAPTER=]OWNER/REPO]... [--out DIR]
                           SEP-1730 tier per SDK and protocol version from run folders (server and client
                           runs, merged shards): Markdown + JSON report, badges; legs without evidence are
                           "not measured". --spec-version V, --stale-after DAYS (badges, default 30),
                           --min-tier N (exit 1 when an SDK is below it), --json (print the reports)
  mcp-conform dashboard RUN_DIR... --out DIR [tier options]
                           the static compatibility site (opens from file://): matrix SDK × version × role
                           × transport, a page per SDK with every verdict and failing transcripts, tier
                           reports and badges under DIR/tier; every adapter not run shows "not measured"
  mcp-conform selftest [--role server|client] [--jobs N] [--json]
                           proves the verdicts: every fault of the fault fixtures trips the checks it claims,
                           the fixtures with no fault pass every check; prints check → faults → result and
                           exits 1 when a check could never fail (or never pass)
  mcp-conform scored-set [--spec-version V] [--freeze]
                           the frozen scored set per version (suites/scored/), what changed since, and
                           --freeze to write a new revision`;

export function scoredSetCommand(args: string[]): number {
  const v = parse(args, { 'spec-version': { type: 'string', multiple: true }, freeze: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (v.help) {
    process.stdout.write(TIER_USAGE + '\n');
    return EXIT.ok;
  }
  const scenarios = loadScenarios();
  const clientScenarios = loadClientScenarios();
  const today = new Date().toISOString().slice(0, 10);
  for (const version of versionsOf(v['spec-version']) ?? [...PROTOCOL_VERSIONS]) {
    const applicable = applicableChecks(version, scenarios, clientScenarios);
    const current = loadScoredSet(version);
    const set = v.freeze ? freezeScoredSet(version, applicable, current, today) : current;
    if (v.freeze && set && set !== current) writeFileAtomic(scoredSetFile(version), renderScoredSet(set));
    if (!set) {
      process.stdout.write(`${version}: no scored set yet (${applicable.length} applicable checks); freeze one with --freeze\n`);
      continue;
    }
    const reasons = new Map<string, number>();
    for (const e of set.excluded) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
    const drift = scoredSetDrift(set, applicable);
    process.stdout.write(
      `${version}: revision ${set.revision} (${set.frozenAt})${v.freeze && set !== current ? ', written' : ''}: ${set.server.length} server + ${set.client.length} client checks scored; excluded ${[...reasons].map(([r, n]) => `${n} ${r}`).join(', ') || 'none'}\n` +
        (drift.unlisted.length ? `    ${drift.unlisted.length} check(s) added since are pending until the next revision: ${drift.unlisted.slice(0, 8).map((a) => a.check).join(', ')}${drift.unlisted.length > 8 ? ', …' : ''}\n` : '') +
        (drift.gone.length ? `    ${drift.gone.length} listed check(s) are no longer in the suites: ${drift.gone.slice(0, 8).map((g) => g.check).join(', ')}\n` : ''),
    );
  }
  return EXIT.ok;
}

const TIER_OPTIONS = {
  evidence: { type: 'string', multiple: true },
  github: { type: 'string', multiple: true },
  'spec-version': { type: 'string', multiple: true },
  out: { type: 'string' },
  'stale-after': { type: 'string' },
  'min-tier': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Run folders grouped by the adapter (SDK) they judged. */
export function runsByAdapter(dirs: string[]): Map<string, RunFolder[]> {
  if (dirs.length === 0) throw new UsageError("Give the run folders to assess, e.g. 'mcp-conform tier results/server results/client' (the --out folders of 'mcp-conform run').");
  const byAdapter = new Map<string, RunFolder[]>();
  for (const dir of dirs) {
    const run = readRunFolder(resolve(dir));
    byAdapter.set(run.summary.adapter, [...(byAdapter.get(run.summary.adapter) ?? []), run]);
  }
  return byAdapter;
}

/** Which adapter an evidence file or --github spec is about: by adapter name or SDK package. */
function adapterFor(name: string | undefined, byAdapter: Map<string, RunFolder[]>, what: string): string {
  const adapters = [...byAdapter.keys()];
  if (name === undefined) {
    if (adapters.length === 1) return adapters[0]!;
    throw new UsageError(`${what} does not say which SDK it is about, and the runs judged ${adapters.join(', ')}. Name one (ADAPTER=OWNER/REPO for --github, 'sdk:' in an evidence file).`);
  }
  const found = adapters.find((a) => a === name || byAdapter.get(a)!.some((r) => r.summary.sdk?.package === name));
  if (!found) throw new UsageError(`${what} is about '${name}', but the runs judged ${adapters.join(', ')}. Give that SDK's run folders too, or fix the name.`);
  return found;
}

export interface AssessedRuns {
  reports: TierReport[];
  byAdapter: Map<string, RunFolder[]>;
}

/** Tier reports for every adapter and version in the runs (the shared first half of `tier` and `dashboard`). */
export async function assessRuns(dirs: string[], o: { evidence?: string[]; github?: string[]; versions?: string[]; now: Date }): Promise<AssessedRuns> {
  const byAdapter = runsByAdapter(dirs);
  const sources = new Map<string, { evidence: TierEvidence; from: string }[]>();
  const add = (adapter: string, s: { evidence: TierEvidence; from: string }) => sources.set(adapter, [...(sources.get(adapter) ?? []), s]);
  for (const file of o.evidence ?? []) {
    const evidence = loadEvidence(resolve(file));
    add(adapterFor(evidence.sdk, byAdapter, `The evidence file ${file}`), { evidence, from: `evidence ${displayPath(resolve(file))}` });
  }
  for (const spec of o.github ?? []) {
    const eq = spec.indexOf('=');
    const adapter = adapterFor(eq > 0 ? spec.slice(0, eq) : undefined, byAdapter, `--github ${spec}`);
    const repo = parseRepo(eq > 0 ? spec.slice(eq + 1) : spec);
    const { evidence, problems } = await githubEvidence(`${repo.owner}/${repo.name}`, { now: o.now });
    for (const p of problems) process.stderr.write(`mcp-conform: ${p}\n`);
    add(adapter, { evidence, from: `GitHub API (${repo.owner}/${repo.name})` });
  }
  // Each version's scored set is read, and its drift from the suites computed, once for all adapters.
  const scenarios = loadScenarios();
  const clientScenarios = loadClientScenarios();
  const present = new Set([...byAdapter.values()].flat().flatMap((r) => r.records.map((x) => x.specVersion)));
  const sets = new Map<string, ScoredSet>();
  for (const version of PROTOCOL_VERSIONS.filter((v) => present.has(v) && (!o.versions || o.versions.includes(v)))) {
    const set = loadScoredSet(version);
    if (!set) {
      process.stderr.write(`mcp-conform: no scored set for ${version} (suites/scored/${version}.yaml); freeze one with 'mcp-conform scored-set --freeze --spec-version ${version}'. Skipped.\n`);
      continue;
    }
    const drift = scoredSetDrift(set, applicableChecks(version, scenarios, clientScenarios));
    if (drift.unlisted.length) process.stderr.write(`mcp-conform: ${drift.unlisted.length} check(s) of ${version} are newer than scored set r${set.revision}: run but not scored (pending).\n`);
    sets.set(version, set);
  }
  const reports: TierReport[] = [];
  for (const [adapter, runs] of byAdapter) {
    const mine = new Set(runs.flatMap((r) => r.records.map((x) => x.specVersion)));
    for (const [version, set] of sets) {
      if (mine.has(version)) reports.push(assessTier({ adapter, runs, set, evidence: combineEvidence(sources.get(adapter) ?? []), now: o.now }));
    }
  }
  if (reports.length === 0) throw new UsageError(`The runs hold no results for a version with a scored set${o.versions ? ` among ${o.versions.join(', ')}` : ''}; nothing to assess.`);
  return { reports, byAdapter };
}

export async function tierCommand(args: string[]): Promise<number> {
  const { values: v, positionals } = parseWithPositionals(args, TIER_OPTIONS);
  if (v.help) {
    process.stdout.write(TIER_USAGE + '\n');
    return EXIT.ok;
  }
  const now = new Date();
  const minTier = v['min-tier'] === undefined ? undefined : positiveInt(v['min-tier'], 'min-tier', 3);
  if (minTier !== undefined && minTier > 3) throw new UsageError(`--min-tier '${v['min-tier']}' must be 1, 2 or 3.`);
  const { reports } = await assessRuns(positionals, { evidence: v.evidence, github: v.github, versions: versionsOf(v['spec-version']), now });
  const out = resolve(v.out ?? 'mcp-conform-tier');
  ensureWritable(out);
  writeTierFiles(reports, out, { now, staleAfterDays: positiveInt(v['stale-after'], 'stale-after', 30) });
  process.stdout.write(v.json ? JSON.stringify(reports, null, 2) + '\n' : renderTierTable(reports) + `\nReports and badges in ${out}\n`);
  const below = minTier === undefined ? [] : reports.filter((r) => r.measuredTier > minTier);
  for (const r of below) process.stderr.write(`mcp-conform: ${r.sdk.adapter} is Tier ${r.measuredTier} for ${r.specVersion}, below --min-tier ${minTier}\n`);
  return below.length ? EXIT.failures : EXIT.ok;
}

/** <out>/<adapter>-<version>.md|json, tier.md over all, and badges/<adapter>-<version>.svg|json (shields endpoint). */
export function writeTierFiles(reports: TierReport[], out: string, badge: { now: Date; staleAfterDays: number }): { adapter: string; specVersion: string; svgFile: string }[] {
  const badges = [];
  for (const r of reports) {
    const name = badgeFileName(r.sdk.adapter, r.specVersion);
    writeFileAtomic(join(out, `${name}.json`), JSON.stringify(r, null, 2) + '\n');
    writeFileAtomic(join(out, `${name}.md`), renderTierMarkdown(r));
    const { endpoint, svg } = tierBadge(r, badge);
    writeFileAtomic(join(out, 'badges', `${name}.json`), JSON.stringify(endpoint) + '\n');
    writeFileAtomic(join(out, 'badges', `${name}.svg`), svg);
    badges.push({ adapter: r.sdk.adapter, specVersion: r.specVersion, svgFile: `badges/${name}.svg` });
  }
  writeFileAtomic(join(out, 'tier.md'), `# SEP-1730 tiers\n\n${renderTierTable(reports)}`);
  return badges;
}

export async function dashboardCommand(args: string[]): Promise<number> {
  const { values: v, positionals } = parseWithPositionals(args, TIER_OPTIONS);
  if (v.help) {
    process.stdout.write(TIER_USAGE + '\n');
    return EXIT.ok;
  }
  if (v.out === undefined) throw new UsageError('dashboard writes a static site to --out DIR: give one (e.g. --out site).');
  const now = new Date();
  const { reports, byAdapter } = await assessRuns(positionals, { evidence: v.evidence, github: v.github, versions: versionsOf(v['spec-version']), now });
  const out = resolve(v.out);
  ensureWritable(out);
  const badges = writeTierFiles(reports, join(out, 'tier'), { now, staleAfterDays: positiveInt(v['stale-after'], 'stale-after', 30) });
  const { files } = buildDashboard(
    {
      runs: [...byAdapter.values()].flat(),
      sdks: knownSdks(),
      reports,
      badges: badges.map((b) => ({ ...b, svgFile: `tier/${b.svgFile}` })),
      requirements: loadRequirements(),
      harness: HARNESS,
      generatedAt: now,
    },
    out,
  );
  process.stdout.write(renderTierTable(reports) + `\nDashboard: ${files.filter((f) => f.endsWith(".html")).length} pages in ${out} (open ${join(out, 'index.html')})\n`);
  return EXIT.ok;
}

/** Every SDK adapter in adapters/ (the fault fixtures judge the harness, not an SDK, and name no SDK). */
function knownSdks(): DashboardSdk[] {
  return availableAdapters()
    .map(loadAdapter)
    .filter((m) => m.sdk !== undefined)
    .map((m) => ({ adapter: m.name, title: m.title, language: m.language, ...(m.sdk && { sdk: { package: m.sdk.package, version: m.sdk.version } }), installable: m.installable !== false }));
}

export async function selftestCommand(args: string[]): Promise<number> {
  const v = parse(args, { role: { type: 'string' }, jobs: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (v.help) {
    process.stdout.write(TIER_USAGE + '\n');
    return EXIT.ok;
  }
  if (v.role !== undefined && v.role !== 'server' && v.role !== 'client') throw new UsageError(`--role '${v.role}' must be server or client.`);
  const roles: Role[] = v.role ? [v.role] : ['server', 'client'];
  const started = Date.now();
  const report = await selftest({
    roles,
    jobs: positiveInt(v.jobs, 'jobs', 2),
    onProgress: (done, total, p) =>
      process.stderr.write(`[${done}/${total}] ${p.role} ${p.fault} over ${p.transport}: ${p.tripped.length} tripped${p.missed.length ? `, ${p.missed.length} MISSED` : ''}${p.unjudged.length ? `, ${p.unjudged.length} not judged here` : ''}\n`),
  });
  process.stdout.write(v.json ? JSON.stringify(report, null, 2) + '\n' : renderSelftest(report));
  process.stderr.write(`selftest took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return report.problems.length ? EXIT.failures : EXIT.ok;
}
