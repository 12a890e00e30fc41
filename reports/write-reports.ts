// The files of a run folder: results.jsonl (one record per check per transport per version),
// summary.json, and one transcript per case as evidence.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseResult, RunRecord } from '../runners/model.js';
import { writeFileAtomic } from './atomic-write.js';
import { renderJobSummary } from './job-summary.js';
import { renderJunit } from './junit.js';
import { transcriptPath } from './records.js';
import type { RunSummary } from './summary.js';

export function writeReports(dir: string, records: RunRecord[], summary: RunSummary): void {
  writeFileAtomic(join(dir, 'results.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
  writeFileAtomic(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  // The CI formats are derived once the run has ended (completed, interrupted or stopped by an
  // infrastructure error), not at every progress flush: JUnit reads transcripts for its excerpts.
  const ended = summary.complete || summary.interrupted || 'infrastructureError' in summary;
  if (!ended) return;
  writeFileAtomic(join(dir, 'junit.xml'), renderJunit(records, summary, { readTranscript: (path) => readIfThere(join(dir, path)) }));
  writeFileAtomic(join(dir, 'summary.md'), renderJobSummary(records, summary));
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function writeTranscript(dir: string, result: CaseResult): void {
  if (result.transcript.length === 0) return;
  const lines = result.transcript.map((e) => JSON.stringify(e));
  if (result.stderrTail) lines.push(JSON.stringify({ stderrTail: result.stderrTail }));
  writeFileAtomic(join(dir, transcriptPath(result)), lines.join('\n') + '\n');
}
