// Reading a run's --out folder back: summary.json and results.jsonl (merge, tier and dashboard start here).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../runners/errors.js';
import type { RunRecord } from '../runners/model.js';
import type { RunSummary } from './summary.js';

export interface RunFolder {
  dir: string;
  records: RunRecord[];
  summary: RunSummary;
}

export function readRunFolder(dir: string): RunFolder {
  const summaryFile = join(dir, 'summary.json');
  const resultsFile = join(dir, 'results.jsonl');
  if (!existsSync(summaryFile) || !existsSync(resultsFile)) {
    throw new UsageError(`'${dir}' is not a run folder (it needs summary.json and results.jsonl). Give the --out folders of 'mcp-conform run' or 'mcp-conform merge'.`);
  }
  try {
    const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as RunSummary;
    const records = readFileSync(resultsFile, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as RunRecord);
    return { dir, records, summary };
  } catch (e) {
    throw new UsageError(`'${dir}' holds an unreadable summary.json or results.jsonl (${(e as Error).message}).`);
  }
}

/** The role a record judged: scenario ids start with it (server., client., interop.). */
export function roleOfRecord(r: Pick<RunRecord, 'scenario'>): 'server' | 'client' | 'interop' {
  const prefix = r.scenario.split('.', 1)[0];
  return prefix === 'client' ? 'client' : prefix === 'interop' ? 'interop' : 'server';
}
