// The dashboard in a real browser from file://: cells, links, evidence, and hostile data staying text.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from './build-dashboard.js';
import { safeName } from '../safe-name.js';
import { CATALOGUE_TEXT, FAILING_ANCHOR, fixtureInput, HOSTILE, SCRIPT, TRANSCRIPT_MARK, writeBadge } from './test-fixtures.js';

/** Debian's Chromium; runners/ensure-browser.ts installs it and honours the same override. */
const CHROMIUM = process.env.MCP_CONFORM_CHROMIUM || '/usr/bin/chromium';

let root: string;
let outDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mcp-conform-dashboard-browser-'));
  outDir = join(root, 'site');
  writeBadge(outDir);
  buildDashboard(fixtureInput(root), outDir);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Processes under this one whose command line names Chromium: the browser and its helpers. */
function chromiumDescendants(): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name is in parentheses and may hold spaces; the parent pid is the second field after it.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
    } catch {
      // Gone meanwhile.
    }
  }
  const isUnder = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  return [...parents.keys()].filter((pid) => {
    if (!isUnder(pid)) return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chrom');
    } catch {
      return false;
    }
  });
}

async function settled(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (check()) return true;
  return check();
}

async function hostileIsText(page: Page): Promise<void> {
  expect(await page.locator('body').textContent()).toContain(SCRIPT);
  expect(await page.locator('script').count()).toBe(0);
  expect(await page.locator('[onerror]').count()).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
}

describe('dashboard in Chromium', () => {
  it('opens from file://, links cells to evidence, and keeps hostile data inert', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium is not installed at ${CHROMIUM}; run 'node dist/runners/ensure-browser.js' to install it, then run this test again.`);
    }
    const dialogs: string[] = [];
    const requests: string[] = [];
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
      // The leftover check below means something only if it sees the browser while it runs.
      expect(chromiumDescendants().length).toBeGreaterThan(0);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      context.on('request', (r) => requests.push(r.url()));
      const page = await context.newPage();
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });

      await page.goto(pathToFileURL(join(outDir, 'index.html')).href);
      // The local stylesheet and badge load under the page's content security policy.
      // (Expressions as strings: the project compiles without the DOM library.)
      expect(await page.evaluate(`getComputedStyle(document.querySelector('header.site')).backgroundColor`)).toBe('rgb(36, 41, 47)');
      expect(await page.evaluate(`document.querySelector('img[src="badges/typescript-2025-11-25.svg"]').naturalWidth`)).toBeGreaterThan(0);

      const failing = page.locator('#cell-typescript-2025-11-25-server-stdio');
      const text = await failing.innerText();
      expect(text).toContain('3/5');
      expect(text).toContain('60%');
      expect(text).toContain('Tier 2');
      expect(text).toContain('partial');
      expect(await page.locator('#cell-typescript-2025-11-25-server-http').innerText()).toMatch(/2\/2\s+100%/);

      const rust = page.locator('tbody tr', { has: page.locator('th.sdk', { hasText: 'Rust SDK' }) });
      const rustCells = await rust.locator('td').allInnerTexts();
      expect(rustCells.length).toBeGreaterThan(0);
      expect(rustCells.every((t) => t.trim() === 'not measured')).toBe(true);

      await hostileIsText(page);
      expect(await page.locator('img').count()).toBe(1);

      await failing.locator('a').click();
      await page.waitForURL(/\/sdk\/typescript\.html#2025-11-25-server-stdio$/);
      const details = page.locator(`[id="${FAILING_ANCHOR}"]`);
      const transcript = details.locator('pre', { hasText: TRANSCRIPT_MARK });
      expect(await transcript.isVisible()).toBe(false);
      await details.locator('summary').click();
      expect(await transcript.isVisible()).toBe(true);
      expect(await details.innerText()).toContain(HOSTILE.slice(0, 30));
      await hostileIsText(page);
      expect(await page.locator('img').count()).toBe(0);

      await page.locator('a[href="../requirements.html#2025-11-25-TOOLS-001"]').first().click();
      await page.waitForURL(/\/requirements\.html#2025-11-25-TOOLS-001$/);
      const requirement = page.locator('[id="2025-11-25-TOOLS-001"]');
      expect(await requirement.innerText()).toContain(CATALOGUE_TEXT);
      const top = await requirement.evaluate((el) => el.getBoundingClientRect().top);
      expect(top).toBeGreaterThanOrEqual(0);
      expect(top).toBeLessThan(800);

      await page.goto(pathToFileURL(join(outDir, 'sdk', `${safeName(HOSTILE)}.html`)).href);
      await hostileIsText(page);
      expect(await page.locator('h1').innerText()).toBe(HOSTILE);

      await page.goto(pathToFileURL(join(outDir, 'index.html')).href);
      const shot = join(root, 'index.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(1000);
      expect(readFileSync(shot).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

      expect(dialogs).toEqual([]);
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    } finally {
      await browser?.close();
    }
    expect(await settled(() => chromiumDescendants().length === 0, 5000)).toBe(true);
  }, 120_000);
});
