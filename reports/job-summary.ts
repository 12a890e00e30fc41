// summary.md: the run as Markdown for a CI job summary (GitHub's $GITHUB_STEP_SUMMARY, at most 1 MiB a step).
import type { RunRecord, Verdict } from '../runners/model.js';
import { VERDICTS } from '../runners/model.js';
import type { RunSummary } from './summary.js';
import { junitOutcome } from './junit.js';

/** Under GitHub's 1 MiB step-summary limit, with room for whatever else the job appends. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024;

/**
 * One table cell from any string: a single line, with Markdown and HTML made inert, so that an
 * adapter-supplied message can neither break the table nor inject markup.
 */
export function mdCell(s: string, max = 200): string {
  const line = s.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const short = line.length <= max ? line : line.slice(0, max - 1) + '…';
  return short
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~#!]/g, (c) => `\\${c}`);
}

const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

function countsTable(s: RunSummary): string[] {
  const rows: [string, Record<Verdict, number>][] = [
    ...Object.entries(s.byTransport).map(([t, c]) => [`transport ${t}`, c] as [string, Record<Verdict, number>]),
    ...Object.entries(s.byVersion).map(([v, c]) => [`version ${v}`, c] as [string, Record<Verdict, number>]),
    ...Object.entries(s.byExtension ?? {}).map(([x, c]) => [`extension ${x}`, c] as [string, Record<Verdict, number>]),
    ['**total**', s.totals],
  ];
  return [
    row(['', ...VERDICTS]),
    row(['---', ...VERDICTS.map(() => '---:')]),
    ...rows.map(([name, c]) => row([name.startsWith('**') ? name : mdCell(name), ...VERDICTS.map((v) => c[v] ?? 0)])),
  ];
}

function baselineSection(b: NonNullable<RunSummary['baseline']>): string[] {
  const out = ['', `### Baseline ${mdCell(b.file, 300)}`, ''];
  out.push(`${b.unexpected.length} failure(s) not in the baseline; ${b.stale.length} baseline entr${b.stale.length === 1 ? 'y' : 'ies'} now passing.`);
  if (b.unexpected.length) {
    out.push('', row(['new', 'check', 'level', 'transport', 'version']), row(['---', '---', '---', '---', '---']));
    for (const u of b.unexpected) out.push(row([u.verdict, mdCell(u.check), u.level, mdCell(u.transport), mdCell(u.specVersion)]));
  }
  if (b.stale.length) {
    out.push('', 'Now passing (remove from the baseline):', '');
    for (const st of b.stale) out.push(`- ${mdCell(st.check)} (was ${st.verdict})`);
  }
  return out;
}

export function renderJobSummary(records: RunRecord[], s: RunSummary, budgetBytes = SUMMARY_BUDGET_BYTES): string {
  const head = [
    `## mcp-conform: ${mdCell(s.target)}`,
    '',
    `${s.cases.done}/${s.cases.planned} cases in ${(s.durationMs / 1000).toFixed(1)} s${s.interrupted ? ' (interrupted)' : ''}${s.runTimedOut ? ` (stopped by --run-timeout after ${s.runTimedOut.afterMs} ms; unfinished cases are timeout)` : ''}. ` +
      `MUST-level failures: ${s.mustFailures}${s.mustUnsupported ? ` (${s.mustUnsupported} unsupported by the target)` : ''}; errors: ${s.errors}.`,
    '',
    ...countsTable(s),
    ...(s.baseline ? baselineSection(s.baseline) : []),
  ];
  const failing = records.filter((r) => ['failure', 'error'].includes(junitOutcome(r)));
  if (failing.length === 0) return head.join('\n') + '\n';

  const tableHead = ['', `### Failing checks (${failing.length})`, '', row(['verdict', 'check', 'level', 'transport', 'version', 'message']), row(['---', '---', '---', '---', '---', '---'])];
  const bytes = (lines: string[]) => Buffer.byteLength(lines.join('\n') + '\n');
  // Room for the note on left-out rows, whose length does not depend on more than a number.
  let used = bytes([...head, ...tableHead]) + 200;
  const rows: string[] = [];
  for (const r of failing) {
    const line = row([r.verdict, mdCell(r.check), r.level, mdCell(r.transport), mdCell(r.specVersion), mdCell(r.message)]);
    const size = Buffer.byteLength(line) + 1;
    if (used + size > budgetBytes) break;
    used += size;
    rows.push(line);
  }
  const left = failing.length - rows.length;
  const note = left ? ['', `${left} more failing row(s) left out to stay under the step-summary size limit; see results.jsonl or junit.xml.`] : [];
  return [...head, ...tableHead, ...rows, ...note].join('\n') + '\n';
}
