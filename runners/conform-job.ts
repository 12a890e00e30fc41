#!/usr/bin/env node
// The main job (`npm run conform`): the full server and client suites against one adapter (the bundled
// reference by default), each gated by the adapter's baseline, then its tier report, badges and dashboard.
// The reports are written whatever the runs found; the exit code is the worst of the steps'.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { EXIT } from './errors.js';
import { ADAPTERS_DIR, ROOT } from './paths.js';

const CLI = join(ROOT, 'dist/runners/cli.js');
/** Worst first. */
const SEVERITY = [EXIT.interrupted, EXIT.usage, EXIT.infrastructure, EXIT.failures, EXIT.ok] as number[];

async function step(title: string, args: string[]): Promise<number> {
  process.stderr.write(`\n== ${title}: mcp-conform ${args.join(' ')}\n`);
  const res = await execa(process.execPath, [CLI, ...args], { stdio: 'inherit', reject: false });
  return res.exitCode ?? EXIT.infrastructure;
}

async function main(): Promise<number> {
  const adapter = process.argv[2] ?? 'typescript';
  const out = process.argv[3] ?? 'results';
  const baseline = join(ADAPTERS_DIR, adapter, 'expected-failures.yaml');
  const gate = existsSync(baseline) ? ['--baseline', baseline] : [];
  const codes: number[] = [];
  for (const role of ['server', 'client']) {
    const code = await step(`${role} suite`, ['run', '--adapter', adapter, '--role', role, ...gate, '--quiet', '--out', join(out, role)]);
    codes.push(code);
    if (code === EXIT.interrupted) return code;
  }
  codes.push(await step('tier report, badges and dashboard', ['dashboard', join(out, 'server'), join(out, 'client'), '--out', join(out, 'site')]));
  process.stderr.write(`\nReports: ${join(out, 'server')}, ${join(out, 'client')}; dashboard: ${join(out, 'site', 'index.html')}; tier reports and badges: ${join(out, 'site', 'tier')}\n`);
  return SEVERITY.find((c) => codes.includes(c)) ?? codes.find((c) => c !== EXIT.ok) ?? EXIT.ok;
}

process.exitCode = await main();
