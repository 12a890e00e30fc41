import { describe, expect, it } from 'vitest';
import { junitOutcome, renderJunit } from './junit.js';
import { assertWellFormed, HOSTILE, record, summaryOf } from './test-helpers.js';
import { wireExcerpt } from './wire-excerpt.js';
import { xmlAttr, xmlText } from './xml.js';

describe('xml escaping', () => {
  it('makes a hostile string inert in text and in attributes', () => {
    expect(xmlText(HOSTILE)).toBe('a&lt;script&gt;alert("x")&lt;/script&gt; &amp; \'q\' [31m ]]&gt;   end');
    expect(xmlAttr('a"b\nc\td')).toBe('a&quot;b&#10;c&#9;d');
    assertWellFormed(`<r a="${xmlAttr(HOSTILE)}">${xmlText(HOSTILE)}</r>`);
  });

  it('the checker itself rejects broken XML', () => {
    expect(() => assertWellFormed('<a><b></a></b>')).toThrow();
    expect(() => assertWellFormed('<a x="<">t</a>')).toThrow();
    expect(() => assertWellFormed('<a>x & y</a>')).toThrow();
    expect(() => assertWellFormed('<a>]]></a>')).toThrow();
    expect(() => assertWellFormed('<a>\u0001</a>')).toThrow();
  });
});

describe('junitOutcome', () => {
  it('maps each verdict', () => {
    expect(junitOutcome({ verdict: 'pass', level: 'MUST' })).toBe('pass');
    expect(junitOutcome({ verdict: 'warn', level: 'SHOULD' })).toBe('warn');
    expect(junitOutcome({ verdict: 'fail', level: 'MUST' })).toBe('failure');
    expect(junitOutcome({ verdict: 'unsupported', level: 'MUST NOT' })).toBe('failure');
    expect(junitOutcome({ verdict: 'unsupported', level: 'SHOULD' })).toBe('skipped');
    expect(junitOutcome({ verdict: 'error', level: 'MAY' })).toBe('error');
    expect(junitOutcome({ verdict: 'timeout', level: 'MUST' })).toBe('error');
    expect(junitOutcome({ verdict: 'skip', level: 'MUST' })).toBe('skipped');
  });
});

describe('renderJunit', () => {
  const transcript = (n: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ seq: i, at: i, direction: i % 2 ? 'out' : 'in', kind: 'message', raw: `{"id":${i}}`, message: { id: i } }))
      .concat(JSON.stringify({ seq: n, at: n, direction: 'in', kind: 'http', http: { status: 200 } }), JSON.stringify({ stderrTail: 'boom' }))
      .join('\n');

  it('writes one suite per transport × version with counts, and a failure with a wire excerpt', () => {
    const records = [
      record({ check: 'a.pass' }),
      record({ check: 'a.fail', verdict: 'fail', message: 'expected -32601', transcript: 'transcripts/server.tools.list.stdio.2025-11-25.jsonl' }),
      record({ check: 'a.warn', verdict: 'warn', level: 'SHOULD', message: 'no listChanged' }),
      record({ check: 'a.timeout', verdict: 'timeout' }),
      record({ check: 'a.skip', verdict: 'skip', message: 'no fixture' }),
      record({ scenario: 'server.other', check: 'b.unsupported', verdict: 'unsupported', transport: 'http', specVersion: '2025-06-18', durationMs: 700 }),
    ];
    const reads: string[] = [];
    const xml = renderJunit(records, summaryOf(records), { readTranscript: (p) => (reads.push(p), transcript(12)) });
    assertWellFormed(xml);
    expect(reads).toEqual(['transcripts/server.tools.list.stdio.2025-11-25.jsonl']);
    expect(xml).toContain('<testsuite name="mcp-conform typescript stdio 2025-11-25" tests="5" failures="1" errors="1" skipped="1" time="1.500"');
    expect(xml).toContain('<testsuite name="mcp-conform typescript http 2025-06-18" tests="1" failures="1" errors="0" skipped="0" time="0.700"');
    expect(xml).toContain('<testsuites name="mcp-conform adapter typescript" tests="6" failures="2" errors="1" skipped="1"');
    expect(xml).toContain('<testcase classname="server.tools.list" name="a.pass: tools/list returns tools" time="1.500"/>');
    expect(xml).toContain('<testcase classname="server.tools.list" name="a.fail: tools/list returns tools" time="0.000">');
    expect(xml).toContain('<failure message="expected -32601" type="fail">fail [MUST] expected -32601\n\nLast wire messages');
    // The last 8 messages only; HTTP events and the stderr tail are not messages.
    expect(xml).toContain('#4 in {"id":4}');
    expect(xml).toContain('#11 out {"id":11}');
    expect(xml).not.toContain('#3 out');
    expect(xml).toContain('<system-out>warning: warn [SHOULD] no listChanged</system-out>');
    expect(xml).toContain('<error message="ok" type="timeout">');
    expect(xml).toContain('<skipped message="skip: no fixture"/>');
  });

  it('keeps a hostile adapter string well-formed everywhere it lands', () => {
    const records = [
      record({ scenario: HOSTILE, check: HOSTILE, title: HOSTILE, verdict: 'fail', message: HOSTILE, transcript: 't.jsonl' }),
      record({ verdict: 'skip', message: HOSTILE }),
      record({ verdict: 'warn', message: HOSTILE }),
      record({ verdict: 'error', message: HOSTILE }),
    ];
    const s = { ...summaryOf(records), adapter: HOSTILE, target: HOSTILE, runId: HOSTILE, sdk: { package: HOSTILE, version: '"' } };
    const line = JSON.stringify({ seq: 1, direction: 'out', kind: 'message', raw: HOSTILE });
    const xml = renderJunit(records, s, { readTranscript: () => line });
    assertWellFormed(xml);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toMatch(/\]\]>/);
  });

  it('runs without transcripts', () => {
    const records = [record({ verdict: 'fail', transcript: 'missing.jsonl' })];
    const xml = renderJunit(records, summaryOf(records), { readTranscript: () => undefined });
    assertWellFormed(xml);
    expect(xml).toContain('<failure message="ok" type="fail">fail [MUST] ok</failure>');
  });
});

describe('wireExcerpt', () => {
  it('caps the excerpt, keeping the newest messages, and passes over torn lines', () => {
    const big = Array.from({ length: 8 }, (_, i) => JSON.stringify({ seq: i, direction: 'out', kind: 'message', raw: 'x'.repeat(1000) }));
    const text = wireExcerpt(['{torn', ...big].join('\n'));
    expect(text.length).toBeLessThanOrEqual(2048);
    expect(text.split('\n').at(-1)).toMatch(/^#7 out x+…$/);
    expect(wireExcerpt('')).toBe('');
  });
});
