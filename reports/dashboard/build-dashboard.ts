// The compatibility dashboard: a static site (index, one page per SDK, requirements) built from run folders
// and tier reports. It opens from file:// with no network: local CSS, relative links, no script.
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Catalogues } from '../../runners/suites/requirements.js';
import { writeFileAtomic } from '../atomic-write.js';
import type { RunFolder } from '../run-folder.js';
import type { TierReport } from '../tier/model.js';
import { indexView } from './index-view.js';
import { buildModel } from './model.js';
import { pageHead } from './page-head.js';
import { requirementsView } from './requirements-view.js';
import { sdkView } from './sdk-view.js';
import { loadTemplates, STYLE_FILE } from './templates.js';
import { TranscriptCache } from './transcript.js';

export interface DashboardSdk {
  adapter: string;
  title: string;
  language: string;
  sdk?: { package: string; version: string };
  installable: boolean;
}

export interface DashboardInput {
  /** Server and client runs of any number of adapters; summary.adapter names the adapter. */
  runs: RunFolder[];
  /** Every known adapter, measured or not. */
  sdks: DashboardSdk[];
  /** One per adapter × spec version that has results. */
  reports: TierReport[];
  /** SVG files already written by the caller, relative to outDir. */
  badges: { adapter: string; specVersion: string; svgFile: string }[];
  requirements: Catalogues;
  harness: { name: string; version: string };
  generatedAt: Date;
}

/** Writes the site into outDir and returns the files written (absolute paths). */
export function buildDashboard(input: DashboardInput, outDir: string): { files: string[] } {
  const root = resolve(outDir);
  const render = loadTemplates();
  const model = buildModel(input);
  const transcripts = new TranscriptCache();
  const head = (title: string, depth: 0 | 1) => pageHead(title, depth, input.generatedAt, input.harness);
  const files: string[] = [];
  const write = (rel: string, content: string) => {
    const file = resolve(root, rel);
    // Names are sanitized already; this guards against a future change that forgets to.
    const inside = relative(root, file);
    if (inside.startsWith(`..${sep}`) || inside === '..' || inside === '') throw new Error(`refusing to write '${rel}' outside ${root}`);
    writeFileAtomic(file, content);
    files.push(file);
  };

  write('style.css', readFileSync(STYLE_FILE, 'utf8'));
  write('index.html', render('index', indexView(model, input, head('MCP SDK compatibility', 0))));
  for (const a of model.adapters) {
    if (a.page) write(a.page, render('sdk', sdkView(model, a, head(`${a.title}: MCP conformance`, 1), transcripts)));
  }
  write('requirements.html', render('requirements', requirementsView(model, input.requirements, head('Requirements cited by the checks', 0))));
  return { files };
}

