// The files of a run folder: results.jsonl (one record per check per transport per version),
// summary.json, and one transcript per case as evidence.
import { join } from 'node:path';
import type { CaseResult, RunRecord } from '../runners/model.js';
import { writeFileAtomic } from './atomic-write.js';
import { transcriptPath } from './records.js';
import type { RunSummary } from './summary.js';

export function writeReports(dir: string, records: RunRecord[], summary: RunSummary): void {
  writeFileAtomic(join(dir, 'results.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
  writeFileAtomic(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
}

export function writeTranscript(dir: string, result: CaseResult): void {
  if (result.transcript.length === 0) return;
  const lines = result.transcript.map((e) => JSON.stringify(e));
  if (result.stderrTail) lines.push(JSON.stringify({ stderrTail: result.stderrTail }));
  writeFileAtomic(join(dir, transcriptPath(result)), lines.join('\n') + '\n');
}
