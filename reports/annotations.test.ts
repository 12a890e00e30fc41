import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderAnnotations } from './annotations.js';
import { record, summaryOf } from './test-helpers.js';

describe('escaping', () => {
  it('follows the workflow-command rules', () => {
    expect(escapeData('50% a\r\nb::c')).toBe('50%25 a%0D%0Ab::c');
    expect(escapeProperty('t: a, b%\n')).toBe('t%3A a%2C b%25%0A');
  });
});

describe('renderAnnotations', () => {
  it('flags every failure and warning without a baseline', () => {
    const records = [record(), record({ check: 'x.fail', verdict: 'fail', message: 'line1\nline2' }), record({ check: 'x.warn', verdict: 'warn', level: 'SHOULD', message: 'w' }), record({ check: 'x.skip', verdict: 'skip' })];
    expect(renderAnnotations(records, summaryOf(records))).toEqual([
      '::error title=x.fail [MUST] stdio 2025-11-25%3A fail::tools/list returns tools: line1%0Aline2',
      '::warning title=x.warn [SHOULD] stdio 2025-11-25%3A warn::tools/list returns tools: w',
    ]);
  });

  it('flags only what is beyond the baseline', () => {
    const records = [record({ check: 'known', verdict: 'fail' }), record({ check: 'new', verdict: 'timeout' })];
    const s = summaryOf(records);
    s.baseline = { file: 'b.yaml', unexpected: [{ check: 'new', transport: 'stdio', specVersion: '2025-11-25', verdict: 'timeout', level: 'MUST' }], stale: [] };
    const lines = renderAnnotations(records, s);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error title=new /);
  });

  it('caps at 10 errors and 10 warnings, with one notice for the rest', () => {
    const records = [
      ...Array.from({ length: 13 }, (_, i) => record({ check: `f.${i}`, verdict: 'fail' })),
      ...Array.from({ length: 11 }, (_, i) => record({ check: `w.${i}`, verdict: 'warn', level: 'SHOULD' })),
    ];
    const lines = renderAnnotations(records, summaryOf(records));
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(10);
    expect(lines.at(-1)).toBe('::notice title=mcp-conform::4 more failure(s) and warning(s) not annotated; see the job summary or junit.xml');
    expect(lines).toHaveLength(21);
  });
});
