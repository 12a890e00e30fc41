// Sharding and merging: `--shard I/N` runs every N-th case of the full matrix (deterministically, from its
// I-th), and `merge` puts the shards' records back together into what one unsharded run gives.
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../runners/errors.js';
import type { RunRecord } from '../runners/model.js';
import { readRunFolder, type RunFolder } from './run-folder.js';
import { summarize, type RunSummary } from './summary.js';

export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new UsageError(`--shard '${text}' must be I/N with 1 ≤ I ≤ N, e.g. --shard 2/4.`);
  return { index, count };
}

/** The cases of one shard: every count-th case of the full, deterministically ordered list. */
export function shardOf<T>(cases: T[], shard: Shard | undefined): T[] {
  return shard ? cases.filter((_, i) => i % shard.count === shard.index - 1) : cases;
}

const TRANSPORT_RANK: Record<string, number> = { stdio: 0, http: 1, sse: 2 };

/** The order an unsharded run writes its records in: by scenario, transport and version, checks in order. */
function canonical(records: RunRecord[]): RunRecord[] {
  const key = (r: RunRecord) => `${r.scenario}\u0000${TRANSPORT_RANK[r.transport] ?? 9}\u0000${r.specVersion}`;
  return records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (key(a.r) < key(b.r) ? -1 : key(a.r) > key(b.r) ? 1 : a.i - b.i))
    .map(({ r }) => r);
}

type ShardRun = RunFolder & { summary: RunSummary & { shard?: Shard } };

/** Merges shard run folders; refuses runs of different targets or harness versions, and duplicate records. */
export function mergeRuns(dirs: string[], runId: string): { records: RunRecord[]; summary: RunSummary; problems: string[] } {
  if (dirs.length === 0) throw new UsageError('merge needs the run folders to merge: mcp-conform merge DIR... --out DIR.');
  const runs: ShardRun[] = dirs.map(readRunFolder);
  const [first] = runs as [ShardRun, ...ShardRun[]];
  const problems: string[] = [];
  for (const run of runs.slice(1)) {
    const a = first.summary;
    const b = run.summary;
    if (a.adapter !== b.adapter || a.target !== b.target) problems.push(`${run.dir} ran ${b.target}, ${first.dir} ran ${a.target}: shards must run the same target`);
    if (a.harness.version !== b.harness.version) problems.push(`${run.dir} was run by harness ${b.harness.version}, ${first.dir} by ${a.harness.version}`);
    if (JSON.stringify(a.sdk ?? null) !== JSON.stringify(b.sdk ?? null)) problems.push(`${run.dir} judged ${b.sdk?.package} ${b.sdk?.version}, ${first.dir} ${a.sdk?.package} ${a.sdk?.version}`);
  }
  const shards = runs.map((r) => r.summary.shard);
  if (shards.some((s) => s && s.count !== shards[0]?.count)) problems.push(`the runs were cut into different numbers of shards (${shards.map((s) => (s ? `${s.index}/${s.count}` : 'unsharded')).join(', ')})`);
  const seen = new Map<string, string>();
  const overlaps = new Map<string, { count: number; first: string }>();
  for (const run of runs) {
    for (const r of run.records) {
      const key = `${r.scenario} ${r.check} ${r.transport} ${r.specVersion}`;
      const other = seen.get(key);
      if (other === undefined) seen.set(key, run.dir);
      else {
        const pair = `${other} and ${run.dir}`;
        const o = overlaps.get(pair) ?? { count: 0, first: key };
        overlaps.set(pair, { ...o, count: o.count + 1 });
      }
    }
  }
  for (const [pair, o] of overlaps) problems.push(`${o.count} record(s) are in both ${pair} (first: ${o.first}): a shard was given twice, or the runs overlap`);
  if (problems.length) return { records: [], summary: first.summary, problems: [...new Set(problems)].slice(0, 20) };
  const count = first.summary.shard?.count;
  const missing = count ? [...Array(count).keys()].map((i) => i + 1).filter((i) => !shards.some((s) => s?.index === i)) : [];
  const records = canonical(runs.flatMap((r) => r.records)).map((r) => ({ ...r, runId }));
  const summary = summarize(records, {
    runId,
    adapter: first.summary.adapter,
    ...(first.summary.sdk && { sdk: first.summary.sdk }),
    target: first.summary.target,
    startedAt: Math.min(...runs.map((r) => Date.parse(r.summary.startedAt))),
    // A missing shard leaves the merged run incomplete.
    planned: runs.reduce((n, r) => n + r.summary.cases.planned, 0) + (missing.length ? 1 : 0),
    done: runs.reduce((n, r) => n + r.summary.cases.done, 0),
    interrupted: runs.some((r) => r.summary.interrupted),
  });
  if (missing.length) problems.push(`shard(s) ${missing.join(', ')} of ${count} are missing: the merged run is incomplete`);
  return { records, summary, problems };
}

/** Copies each shard's transcripts into the merged folder (case files have distinct names across shards). */
export function copyTranscripts(dirs: string[], out: string): void {
  for (const dir of dirs) if (existsSync(join(dir, 'transcripts'))) cpSync(join(dir, 'transcripts'), join(out, 'transcripts'), { recursive: true });
}
