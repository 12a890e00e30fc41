// The dashboard as files: what each page says, and that hostile run data stays inert text.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from './build-dashboard.js';
import { safeName } from '../safe-name.js';
import { TEMPLATES_DIR } from './templates.js';
import { CATALOGUE_TEXT, FAILING_ANCHOR, fixtureInput, HOSTILE, IMG, SCRIPT, TRANSCRIPT_MARK, writeBadge } from './test-fixtures.js';

let root: string;
let outDir: string;
let files: string[];
const read = (rel: string) => readFileSync(join(outDir, rel), 'utf8');

/** The inner HTML of the matrix cell with that id. */
function cell(html: string, id: string): string {
  const m = new RegExp(`<td id="${id}"[^>]*>([\\s\\S]*?)</td>`).exec(html);
  if (!m) throw new Error(`no cell ${id}`);
  return m[0];
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mcp-conform-dashboard-'));
  outDir = join(root, 'site');
  writeBadge(outDir);
  ({ files } = buildDashboard(fixtureInput(root), outDir));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('buildDashboard', () => {
  it('writes the index, requirements, stylesheet and one page per measured SDK, all inside outDir', () => {
    for (const rel of ['index.html', 'requirements.html', 'style.css', 'sdk/typescript.html']) expect(files).toContain(join(outDir, rel));
    for (const f of files) {
      expect(existsSync(f)).toBe(true);
      expect(relative(outDir, f).startsWith('..')).toBe(false);
    }
    // typescript, the hostile adapter and ../evil; rust has no runs and gets no page.
    expect(readdirSync(join(outDir, 'sdk'))).toHaveLength(3);
    expect(existsSync(join(outDir, 'sdk', 'rust.html'))).toBe(false);
  });

  it('names the page of an adapter called ../evil inside outDir/sdk', () => {
    const page = join(outDir, 'sdk', `${safeName('../evil')}.html`);
    expect(files).toContain(page);
    expect(basename(page)).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
    expect(existsSync(join(root, 'evil.html'))).toBe(false);
    expect(read('index.html')).toContain(`href="sdk/${safeName('../evil')}.html#`);
  });

  it('shows hostile strings as escaped text on every page, never as markup', () => {
    const pages = files.filter((f) => f.endsWith('.html')).map((f) => readFileSync(f, 'utf8'));
    for (const html of pages) {
      expect(html).not.toContain(SCRIPT);
      expect(html).not.toContain(IMG);
      expect(html).not.toMatch(/<script|onerror=/i);
    }
    const hostilePage = read(`sdk/${safeName(HOSTILE)}.html`);
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;';
    // The adapter name (title), SDK version, check title, message and transcript all carry it.
    expect(hostilePage.split(escaped).length - 1).toBeGreaterThanOrEqual(5);
    expect(hostilePage).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(hostilePage).toContain('{{constructor}}');
    expect(hostilePage).toContain('&quot;&#x27;&amp;');
    expect(hostilePage).not.toContain('function Object');
    expect(read('index.html')).toContain(escaped);
    expect(read('requirements.html')).toContain(escaped);
  });

  it('computes exact pass rates over core records, with the tier of the version', () => {
    const index = read('index.html');
    const stdio = cell(index, 'cell-typescript-2025-11-25-server-stdio');
    expect(stdio).toContain('class="cell rate-low"');
    expect(stdio).toContain('<span class="frac">3/5</span>');
    expect(stdio).toContain('<span class="pct">60%</span>');
    expect(stdio).toMatch(/Tier 2 <span class="partial">partial<\/span>/);
    expect(stdio).toContain('href="sdk/typescript.html#2025-11-25-server-stdio"');
    expect(stdio).toContain('harness mcp-conform 0.1.0; SDK @modelcontextprotocol/sdk 1.2.3; run finished 2026-01-02 03:05 UTC');
    const http = cell(index, 'cell-typescript-2025-11-25-server-http');
    expect(http).toContain('class="cell rate-all"');
    expect(http).toContain('2/2');
    expect(http).toContain('100%');
    expect(cell(index, 'cell-typescript-2025-11-25-client-stdio')).toContain('1/2');
    expect(cell(index, 'cell-typescript-2025-06-18-server-stdio')).toMatch(/1\/1[\s\S]*Tier 1/);
    const notRun = cell(index, 'cell-typescript-2025-06-18-server-http');
    expect(notRun).toContain('class="cell empty"');
    expect(notRun).toContain('>\n        —\n');
    expect(notRun).toContain('no server over http, protocol 2025-06-18 was run');
  });

  it('gives an SDK without runs a row of "not measured" cells', () => {
    const index = read('index.html');
    const row = /<tr>\s*<th scope="row" class="sdk">\s*<span>Rust SDK<\/span>[\s\S]*?<\/tr>/.exec(index)?.[0] ?? '';
    const cells = row.match(/<td /g) ?? [];
    expect(cells.length).toBeGreaterThan(0);
    expect(row.match(/not measured/g)?.length).toBeGreaterThanOrEqual(cells.length);
    expect(row).toContain('cannot be installed here');
  });

  it('lists tiers with their blockers and badges', () => {
    const index = read('index.html');
    expect(index).toContain('<img src="badges/typescript-2025-11-25.svg" alt="TypeScript SDK 2025-11-25: Tier 2 (partial)">');
    // One line per leg on the index; the full sentences are on the SDK page.
    expect(index).toContain('<li>to Tier 1: Server conformance 90%</li>');
    expect(index).toContain('<li>1 leg(s) not measured</li>');
    expect(read('sdk/typescript.html')).toContain('Issue triage: not measured (give triage); Tier 1 needs ≥ 90%');
  });

  it('shows every check, and the message and transcript of those that did not pass', () => {
    const page = read('sdk/typescript.html');
    expect(page).toContain(`<details id="${FAILING_ANCHOR}">`);
    expect(page).toContain(TRANSCRIPT_MARK);
    expect(page).toContain('stderr of the adapter');
    expect(page).toContain('<code>logging.level</code>');
    expect(page).toContain('extension io.modelcontextprotocol/tasks');
    // The missing file, the path out of the run folder, and the long file capped at 200 lines.
    expect(page).toContain('transcript not available (no such file in the run folder)');
    expect(page).not.toContain('do-not-leak');
    expect(page.match(/transcript not available \(no such file in the run folder\)/g)).toHaveLength(3);
    expect(page).toContain('truncated: 50 more lines');
    expect(page).toContain('href="../requirements.html#2025-11-25-TOOLS-001"');
    expect(page).toContain('<th scope="row">Server conformance</th>');
  });

  it('anchors every cited requirement, with the catalogue text or the quoted one', () => {
    const html = read('requirements.html');
    expect(html).toMatch(new RegExp(`id="2025-11-25-TOOLS-001"[\\s\\S]*?${CATALOGUE_TEXT.replace(/[./]/g, '\\$&')}`));
    expect(html).toMatch(/id="2025-11-25-TOOLS-002"[\s\S]*?Tool names are quoted by the check\./);
    expect(html).toMatch(/id="2025-11-25-PROMPTS-404"[\s\S]*?text not in the catalogue/);
    expect(html).toContain(`id="${safeName(`${HOSTILE}-${HOSTILE}`)}"`);
  });
});

describe('templates', () => {
  it('never print a value unescaped', () => {
    const dir = TEMPLATES_DIR;
    const sources = [...readdirSync(dir), ...readdirSync(join(dir, 'partials')).map((f) => join('partials', f))].filter((f) => f.endsWith('.hbs'));
    expect(sources.length).toBeGreaterThan(4);
    for (const f of sources) expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/\{\{\{|\{\{~?\s*&/);
  });
});

describe('safeName', () => {
  it('keeps plain names and makes any other one safe and distinct', () => {
    expect(safeName('typescript')).toBe('typescript');
    expect(safeName('go-sdk_1.2')).toBe('go-sdk_1.2');
    for (const s of ['../evil', '..', '', 'a/b', 'a b', '.hidden', HOSTILE, 'x'.repeat(300)]) {
      expect(safeName(s)).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/);
      expect(safeName(s).length).toBeLessThanOrEqual(89);
    }
    expect(safeName('a/b')).not.toBe(safeName('a_b'));
    expect(safeName('a/b')).not.toBe(safeName('a\\b'));
  });
});
