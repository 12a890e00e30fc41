// The human-facing output: one progress line per case while running, then a summary.
// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
import type { CaseResult, RunRecord, Verdict } from '../runners/model.js';
import { publishCi } from './ci.js';
import type { RunSummary } from './summary.js';
import { worstVerdict } from './verdicts.js';

const CODES: Record<Verdict, string> = {
  pass: '32',
  fail: '31',
  warn: '33',
  skip: '90',
  unsupported: '35',
  error: '41;97',
  timeout: '31',
};

/** Where console output goes; a terminal gets colour. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class ConsoleReporter {
  private readonly color: boolean;

  constructor(
    private readonly out: TextSink = process.stdout,
    private readonly quiet = false,
    private readonly err: TextSink = process.stderr,
    /** Where GitHub Actions variables are read from: the summary is where both roles end, so CI output goes here. */
    private readonly env: Record<string, string | undefined> = process.env,
  ) {
    this.color = !!out.isTTY && !process.env.NO_COLOR;
  }

  /** A reporter that prints nothing, for runs driven from code. */
  static silent(): ConsoleReporter {
    const sink = { write: () => true };
    return new ConsoleReporter(sink, true, sink, {});
  }

  private paint(v: Verdict, text: string): string {
    return this.color ? `\x1b[${CODES[v]}m${text}\x1b[0m` : text;
  }

  log(line: string): void {
    this.err.write(line + '\n');
  }

  caseDone(result: CaseResult, done: number, planned: number): void {
    const own = result.checks.filter((c) => c.check !== 'wire.schema' || c.verdict !== 'pass');
    const verdict = worstVerdict(own.map((c) => c.verdict));
    if (this.quiet && (verdict === 'pass' || verdict === 'skip')) return;
    const width = String(planned).length;
    const counter = `[${String(done).padStart(width)}/${planned}]`;
    const label = this.paint(verdict, verdict.toUpperCase().padEnd(11));
    this.out.write(`${counter} ${label} ${result.scenario}  ${result.transport} ${result.specVersion}  (${result.checks.length} checks, ${result.durationMs} ms)\n`);
    for (const c of result.checks) {
      if (c.verdict === 'pass' || c.verdict === 'skip') continue;
      this.out.write(`      ${this.paint(c.verdict, c.verdict)} ${c.check} [${c.level}]: ${c.message}\n`);
    }
  }

  summary(s: RunSummary, dir: string, records: RunRecord[]): void {
    const verdicts: Verdict[] = ['pass', 'fail', 'warn', 'skip', 'unsupported', 'error', 'timeout'];
    const rows: [string, Record<Verdict, number>][] = [];
    for (const [t, counts] of Object.entries(s.byTransport)) rows.push([t, counts]);
    for (const [v, counts] of Object.entries(s.byVersion)) rows.push([v, counts]);
    // Extensions are shown apart: their records are in the totals but never in a core score.
    for (const [x, counts] of Object.entries(s.byExtension ?? {})) rows.push([`ext ${x.split('/').pop() ?? x}`, counts]);
    rows.push(['total', s.totals]);
    const head = ['', ...verdicts].map((h, i) => (i === 0 ? h.padEnd(12) : h.padStart(12))).join('');
    this.out.write(`\n${s.target}: ${s.cases.done}/${s.cases.planned} cases in ${(s.durationMs / 1000).toFixed(1)} s${s.interrupted ? ' (interrupted)' : ''}${s.runTimedOut ? ` (stopped by --run-timeout after ${s.runTimedOut.afterMs} ms; unfinished cases are timeout)` : ''}\n`);
    this.out.write(head + '\n');
    for (const [name, counts] of rows) {
      this.out.write(name.padEnd(12) + verdicts.map((v) => this.paint(counts[v] ? v : 'skip', String(counts[v]).padStart(12))).join('') + '\n');
    }
    const distinct = Object.entries(s.distinctChecks)
      .map(([t, byV]) => `${t}: ${Object.entries(byV).map(([v, n]) => `${v} ${n}`).join(', ')}`)
      .join('; ');
    if (distinct) this.out.write(`distinct checks evaluated — ${distinct}\n`);
    const unsupported = s.mustUnsupported ? ` (${s.mustFailures - s.mustUnsupported} failed or timed out, ${s.mustUnsupported} unsupported by the target)` : '';
    this.out.write(`MUST-level failures: ${s.mustFailures}${unsupported}; errors: ${s.errors}. Reports in ${dir}\n`);
    if (s.baseline) {
      const { unexpected, stale, file } = s.baseline;
      this.out.write(`baseline ${file}: ${unexpected.length} failure(s) not in the baseline, ${stale.length} baseline entr${stale.length === 1 ? 'y' : 'ies'} now passing\n`);
      for (const u of unexpected) this.out.write(`  new: ${this.paint(u.verdict, u.verdict)} ${u.check} [${u.level}] ${u.transport} ${u.specVersion}\n`);
      for (const st of stale) this.out.write(`  fixed: ${st.check} (was ${st.verdict}) — remove it from the baseline\n`);
    }
    publishCi(dir, records, s, { env: this.env, out: this.out, err: this.err });
  }
}
