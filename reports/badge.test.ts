import { describe, expect, it } from 'vitest';
import { badgeFileName, renderBadgeSvg, tierBadge } from './badge.js';
import { assertWellFormed, HOSTILE } from './test-helpers.js';
import type { ConformanceLeg, Role, TierReport } from './tier/model.js';

const NOW = new Date('2026-08-10T12:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const OPTS = { now: NOW, staleAfterDays: 30 };

const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

function leg(role: Role, passed: number, failed: number, extra: Partial<ConformanceLeg> = {}): ConformanceLeg {
  return { role, specVersion: '2026-07-28', scoredSetRevision: 1, passed, failed, notCounted: 0, notRun: 0, checks: [], ...extra };
}

/** A complete Tier-1 report with 67/67 scored checks passing, fresh results; override what a test is about. */
function report(o: Partial<TierReport> = {}): TierReport {
  return {
    sdk: { adapter: 'typescript', package: '@modelcontextprotocol/sdk', version: '1.20.0' },
    specVersion: '2026-07-28',
    harness: { name: 'mcp-conform', version: '0.1.0' },
    generatedAt: NOW.toISOString(),
    resultsAt: daysAgo(1),
    legs: [],
    measuredTier: 1,
    tier: 1,
    notMeasured: [],
    blockers: [],
    // Not-counted and not-run checks must stay out of P/C.
    conformance: [leg('server', 40, 0, { notCounted: 3, notRun: 2 }), leg('client', 27, 0, { notCounted: 1 })],
    ...o,
  };
}

interface Element {
  name: string;
  attrs: Record<string, string>;
  text: string;
}

/**
 * Checks that every opened tag is closed, in order, under a single root, and returns the elements in
 * document order with their attributes and direct text.
 */
function elements(xml: string): Element[] {
  const out: Element[] = [];
  const stack: Element[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let roots = 0;
  while (tag.lastIndex < xml.length) {
    const m = tag.exec(xml);
    if (!m) throw new Error(`unparseable at ${tag.lastIndex}`);
    const [, close, name, attrText, selfClose, text] = m;
    if (text !== undefined) {
      const top = stack[stack.length - 1];
      if (top) top.text += text;
      else if (text.trim()) throw new Error('text outside the root');
      continue;
    }
    if (close) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs = Object.fromEntries([...(attrText ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]]));
    const el: Element = { name: name as string, attrs, text: '' };
    if (stack.length === 0) roots++;
    out.push(el);
    if (!selfClose) stack.push(el);
  }
  if (stack.length) throw new Error(`unclosed <${stack.map((e) => e.name).join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} roots`);
  return out;
}

/** The label part, message part and total width of a rendered badge. */
function widths(svg: string): { label: number; message: number; total: number } {
  const els = elements(svg);
  const label = els.find((e) => e.name === 'rect' && e.attrs.fill === '#555');
  const message = els.find((e) => e.name === 'rect' && e.attrs.x !== undefined);
  return { label: Number(label?.attrs.width), message: Number(message?.attrs.width), total: Number(els[0]?.attrs.width) };
}

function assertInert(svg: string): void {
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/\son\w+\s*=/i);
  expect(svg).not.toMatch(/href/i);
  expect(svg).not.toMatch(/foreignObject/i);
  expect(svg.match(/https?:/g)).toEqual(['http:']); // only the SVG namespace
}

describe('tierBadge', () => {
  it('describes a complete Tier-1 report', () => {
    const badge = tierBadge(report(), OPTS);
    expect(badge.stale).toBe(false);
    expect(badge.endpoint).toEqual({
      schemaVersion: 1,
      label: 'MCP typescript',
      message: 'Tier 1 · 2026-07-28 · 67/67',
      color: 'brightgreen',
      cacheSeconds: 3600,
    });
    expect(badge.svg).toContain('fill="#4c1"');
    expect(badge.svg).toContain('<title>MCP typescript: Tier 1 · 2026-07-28 · 67/67</title>');
  });

  it('marks a report with unmeasured legs as partial and colours it by the measured tier', () => {
    const badge = tierBadge(
      report({ tier: undefined, measuredTier: 2, specVersion: '2025-11-25', conformance: [leg('server', 40, 4), leg('client', 21, 2)] }),
      OPTS,
    );
    expect(badge.endpoint.message).toBe('Tier 2 (partial) · 2025-11-25 · 61/67');
    expect(badge.endpoint.color).toBe('yellow');
    expect(badge.svg).toContain('fill="#dfb317"');
  });

  it('colours Tier 3 orange', () => {
    const badge = tierBadge(report({ tier: 3, measuredTier: 3, conformance: [leg('server', 10, 30)] }), OPTS);
    expect(badge.endpoint.message).toBe('Tier 3 · 2026-07-28 · 10/40');
    expect(badge.endpoint.color).toBe('orange');
    expect(badge.svg).toContain('fill="#fe7d37"');
  });

  it('greys out results older than the staleness window', () => {
    const badge = tierBadge(report({ resultsAt: daysAgo(40) }), OPTS);
    expect(badge.stale).toBe(true);
    expect(badge.endpoint.message).toBe('Tier 1 · 2026-07-28 · 67/67 · stale');
    expect(badge.endpoint.color).toBe('lightgrey');
    expect(badge.svg).toContain('fill="#9f9f9f"');
    expect(badge.svg).not.toContain('#4c1');
  });

  it('keeps results inside the window fresh, up to the boundary itself', () => {
    for (const days of [10, 30]) {
      const badge = tierBadge(report({ resultsAt: daysAgo(days) }), OPTS);
      expect(badge.stale).toBe(false);
      expect(badge.endpoint.message).not.toContain('stale');
      expect(badge.endpoint.color).toBe('brightgreen');
    }
  });

  it('treats a missing or unreadable results time as stale', () => {
    for (const resultsAt of [undefined, 'not a date']) {
      const badge = tierBadge(report({ resultsAt }), OPTS);
      expect(badge.stale).toBe(true);
      expect(badge.endpoint.message).toMatch(/ · stale$/);
      expect(badge.endpoint.color).toBe('lightgrey');
    }
  });

  it('reports an error when no scored check was counted', () => {
    for (const conformance of [[], [leg('server', 0, 0, { notCounted: 5, notRun: 12 })]]) {
      const badge = tierBadge(report({ conformance }), OPTS);
      expect(badge.endpoint).toEqual({
        schemaVersion: 1,
        label: 'MCP typescript',
        message: 'no scored results · 2026-07-28',
        color: 'lightgrey',
        isError: true,
        cacheSeconds: 3600,
      });
      expect(badge.svg).toContain('fill="#9f9f9f"');
    }
  });

  it('escapes a hostile adapter name everywhere in the SVG', () => {
    const adapter = `<script>alert(1)</script>&"'`;
    const { svg, endpoint } = tierBadge(report({ sdk: { adapter } }), OPTS);
    expect(endpoint.label).toBe(`MCP ${adapter}`);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
    expect(svg).toContain('aria-label="MCP &lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;\'');
    assertInert(svg);
    assertWellFormed(svg);
    elements(svg);
  });

  it('stays well-formed with control characters, surrogates and non-characters in the input', () => {
    const { svg } = tierBadge(report({ sdk: { adapter: HOSTILE }, specVersion: HOSTILE }), OPTS);
    assertInert(svg);
    assertWellFormed(svg);
  });
});

describe('renderBadgeSvg', () => {
  it('is a single balanced svg root whose width is the sum of its two parts', () => {
    const svg = renderBadgeSvg('MCP typescript', 'Tier 1 · 2026-07-28 · 67/67', 'brightgreen');
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[ >]/);
    const els = elements(svg);
    const root = els[0];
    expect(root?.name).toBe('svg');
    expect(root?.attrs).toMatchObject({ height: '20', role: 'img', 'aria-label': 'MCP typescript: Tier 1 · 2026-07-28 · 67/67' });

    const w = widths(svg);
    expect(Number.isInteger(w.label) && Number.isInteger(w.message)).toBe(true);
    expect(w.total).toBe(w.label + w.message);
    expect(els.find((e) => e.name === 'clipPath')?.attrs).toBeDefined();
    expect(els.find((e) => e.name === 'rect' && e.attrs.rx === '3')?.attrs.width).toBe(String(w.total));
    expect(els.find((e) => e.name === 'title')?.text).toBe('MCP typescript: Tier 1 · 2026-07-28 · 67/67');
  });

  it('sizes each text run to its part less the padding, with a shadow copy in the badge font', () => {
    const svg = renderBadgeSvg('MCP go', 'Tier 2 · 2025-11-25 · 50/60', 'yellow');
    const w = widths(svg);
    const texts = elements(svg).filter((e) => e.name === 'text');
    expect(texts.map((t) => t.text)).toEqual(['MCP go', 'MCP go', 'Tier 2 · 2025-11-25 · 50/60', 'Tier 2 · 2025-11-25 · 50/60']);
    expect(texts.map((t) => Number(t.attrs.textLength))).toEqual([w.label - 20, w.label - 20, w.message - 20, w.message - 20]);
    expect(texts.map((t) => Number(t.attrs.x))).toEqual([w.label / 2, w.label / 2, w.label + w.message / 2, w.label + w.message / 2]);
    expect(texts[0]?.attrs['fill-opacity']).toBeDefined();
    const group = elements(svg).find((e) => e.name === 'g' && e.attrs['font-family'] !== undefined);
    expect(group?.attrs).toMatchObject({ 'font-family': 'Verdana,Geneva,DejaVu Sans,sans-serif', 'font-size': '11', fill: '#fff' });
  });

  it('grows with the text and weighs wide glyphs over narrow ones', () => {
    const short = widths(renderBadgeSvg('MCP x', 'Tier 1', 'brightgreen'));
    const long = widths(renderBadgeSvg('MCP x', 'Tier 1 · 2026-07-28 · 67/67', 'brightgreen'));
    expect(long.message).toBeGreaterThan(short.message);
    expect(long.total).toBeGreaterThan(short.total);
    expect(long.label).toBe(short.label);

    const wide = widths(renderBadgeSvg('a', 'WWWW', 'yellow'));
    const narrow = widths(renderBadgeSvg('a', 'iiii', 'yellow'));
    expect(wide.message).toBeGreaterThan(narrow.message);
  });

  it('errs wide: no glyph is estimated narrower than Verdana draws it', () => {
    // Verdana 11px advances, rounded down: 4 × 'W' ≈ 43.5px, 4 × 'm' ≈ 42.9px, 4 × '%' ≈ 47.6px.
    expect(widths(renderBadgeSvg('a', 'WWWW', 'yellow')).message - 20).toBeGreaterThanOrEqual(43);
    expect(widths(renderBadgeSvg('a', 'mmmm', 'yellow')).message - 20).toBeGreaterThanOrEqual(42);
    expect(widths(renderBadgeSvg('a', '%%%%', 'yellow')).message - 20).toBeGreaterThanOrEqual(47);
    // Characters outside the table get at least a full em.
    expect(widths(renderBadgeSvg('a', '漢字', 'yellow')).message - 20).toBeGreaterThanOrEqual(22);
  });

  it('maps colour names to hex and keeps anything unrecognised out of the markup', () => {
    expect(renderBadgeSvg('a', 'b', 'orange')).toContain('fill="#fe7d37"');
    expect(renderBadgeSvg('a', 'b', '#123abc')).toContain('fill="#123abc"');
    const hostile = renderBadgeSvg('a', 'b', '" onload="alert(1)');
    expect(hostile).toContain('fill="#9f9f9f"');
    assertInert(hostile);
    expect(renderBadgeSvg('a', 'b', 'constructor')).toContain('fill="#9f9f9f"');
  });
});

describe('badgeFileName', () => {
  it('joins adapter and spec version', () => {
    expect(badgeFileName('typescript', '2025-11-25')).toBe('typescript-2025-11-25');
    expect(badgeFileName('python_v2.1', '2025-06-18')).toBe('python_v2.1-2025-06-18');
  });

  it('reduces anything else to safe characters, distinct inputs to distinct names', () => {
    const names = [`<script>alert(1)</script>&"'`, 'Type Script/SDK', '../../etc/passwd', '.hidden', '🦀', '_'].map((a) => badgeFileName(a, '2025-11-25'));
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
    expect(new Set(names).size).toBe(names.length);
  });
});
