import { describe, expect, it } from 'vitest';
import { mdCell, renderJobSummary } from './job-summary.js';
import { HOSTILE, record, summaryOf } from './test-helpers.js';

describe('mdCell', () => {
  it('keeps a hostile string on one line, inside its cell, without markup', () => {
    const cell = mdCell('a | b\nc `code` <img src=x onerror=alert(1)> [l](javascript:x) **b**');
    expect(cell).toBe('a \\| b c \\`code\\` &lt;img src=x onerror=alert(1)&gt; \\[l\\](javascript:x) \\*\\*b\\*\\*');
    expect(mdCell(HOSTILE)).not.toMatch(/[\n\r<>]|(?<!\\)\|/);
  });
});

describe('renderJobSummary', () => {
  it('has the totals, the baseline outcome and the failing checks', () => {
    const records = [
      record(),
      record({ check: 'x.fail', verdict: 'fail', message: 'bad | id\nsecond line' }),
      record({ check: 'x.warn', verdict: 'warn', level: 'SHOULD' }),
      record({ check: 'x.opt', verdict: 'unsupported', level: 'MAY' }),
    ];
    const s = summaryOf(records);
    s.baseline = { file: 'adapters/x/expected-failures.yaml', unexpected: [{ check: 'x.fail', transport: 'stdio', specVersion: '2025-11-25', verdict: 'fail', level: 'MUST' }], stale: [{ check: 'y.old', verdict: 'fail' }] };
    const md = renderJobSummary(records, s);
    expect(md).toContain('|  | pass | fail | warn | skip | unsupported | error | timeout |');
    expect(md).toContain('| transport stdio | 1 | 1 | 1 | 0 | 1 | 0 | 0 |');
    expect(md).toContain('| version 2025-11-25 | 1 | 1 | 1 | 0 | 1 | 0 | 0 |');
    expect(md).toContain('1 failure(s) not in the baseline; 1 baseline entry now passing.');
    expect(md).toContain('- y.old (was fail)');
    expect(md).toContain('### Failing checks (1)');
    expect(md).toContain('| fail | x.fail | MUST | stdio | 2025-11-25 | bad \\| id second line |');
    expect(md).not.toContain('x.warn |');
  });

  it('cuts the failing rows to the budget and says how many were left out', () => {
    const records = Array.from({ length: 500 }, (_, i) => record({ check: `c.${i}`, verdict: 'fail', message: 'm'.repeat(150) }));
    const budget = 20 * 1024;
    const md = renderJobSummary(records, summaryOf(records), budget);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(budget);
    const shown = md.split('\n').filter((l) => l.startsWith('| fail | c.')).length;
    expect(shown).toBeGreaterThan(50);
    expect(md).toContain(`${500 - shown} more failing row(s) left out`);
  });

  it('stays under the default budget for a huge run', () => {
    const records = Array.from({ length: 20000 }, (_, i) => record({ check: `c.${i}`, verdict: 'error', message: '€'.repeat(300) }));
    expect(Buffer.byteLength(renderJobSummary(records, summaryOf(records)))).toBeLessThanOrEqual(900 * 1024);
  });
});
