// GitHub workflow-command annotations (::error / ::warning) for the failures a CI run should look at:
// those beyond the baseline, or all of them without one. GitHub shows at most 10 of each kind per step.
import type { RunRecord } from '../runners/model.js';
import type { RunSummary } from './summary.js';
import { junitOutcome } from './junit.js';

export const ANNOTATIONS_PER_KIND = 10;

/** Escaping of a command's message (https://github.com/actions/toolkit, core/src/command.ts rules). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value: the message rules, plus the separators `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function kindOf(r: RunRecord): 'error' | 'warning' | undefined {
  const outcome = junitOutcome(r);
  if (outcome === 'failure' || outcome === 'error') return 'error';
  // A warn, or an unsupported optional feature (skipped in junit.xml), is worth a look but fails nothing.
  if (r.verdict === 'warn' || r.verdict === 'unsupported') return 'warning';
  return undefined;
}

/** The workflow-command lines, without trailing newlines; empty when there is nothing to flag. */
export function renderAnnotations(records: RunRecord[], s: RunSummary, perKind = ANNOTATIONS_PER_KIND): string[] {
  const unexpected = s.baseline && new Set(s.baseline.unexpected.map((u) => `${u.check}|${u.transport}|${u.specVersion}|${u.verdict}`));
  const flagged = { error: [] as RunRecord[], warning: [] as RunRecord[] };
  for (const r of records) {
    const kind = kindOf(r);
    if (!kind) continue;
    if (unexpected && !unexpected.has(`${r.check}|${r.transport}|${r.specVersion}|${r.verdict}`)) continue;
    flagged[kind].push(r);
  }
  const lines: string[] = [];
  for (const kind of ['error', 'warning'] as const) {
    for (const r of flagged[kind].slice(0, perKind)) {
      const title = `${r.check} [${r.level}] ${r.transport} ${r.specVersion}: ${r.verdict}`;
      lines.push(`::${kind} title=${escapeProperty(title)}::${escapeData(`${r.title}: ${r.message}`)}`);
    }
  }
  const more = Math.max(0, flagged.error.length - perKind) + Math.max(0, flagged.warning.length - perKind);
  if (more) {
    const what = s.baseline ? 'failure(s) and warning(s) beyond the baseline' : 'failure(s) and warning(s)';
    lines.push(`::notice title=mcp-conform::${escapeData(`${more} more ${what} not annotated; see the job summary or junit.xml`)}`);
  }
  return lines;
}
