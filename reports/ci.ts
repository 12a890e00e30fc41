// End-of-run output for CI: the job summary appended to $GITHUB_STEP_SUMMARY, and annotations on
// stdout under GitHub Actions. Called once per run (ConsoleReporter.summary), never per report flush.
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunRecord } from '../runners/model.js';
import { renderAnnotations } from './annotations.js';
import type { TextSink } from './console.js';
import { renderJobSummary } from './job-summary.js';
import type { RunSummary } from './summary.js';

export interface CiContext {
  env: Record<string, string | undefined>;
  out: TextSink;
  err: TextSink;
}

export function publishCi(dir: string, records: RunRecord[], summary: RunSummary, ci: CiContext): void {
  const target = ci.env.GITHUB_STEP_SUMMARY;
  if (target) {
    try {
      // The run folder's summary.md when it is there, so both say the same; rendered afresh otherwise.
      let md: string;
      try {
        md = readFileSync(join(dir, 'summary.md'), 'utf8');
      } catch {
        md = renderJobSummary(records, summary);
      }
      // GitHub collects what each step appends to this file; overwriting would drop other steps' output.
      appendFileSync(target, md);
    } catch (e) {
      ci.err.write(`warning: could not append the job summary to GITHUB_STEP_SUMMARY (${target}): ${(e as Error).message}\n`);
    }
  }
  if (ci.env.GITHUB_ACTIONS === 'true') {
    for (const line of renderAnnotations(records, summary)) ci.out.write(line + '\n');
  }
}
