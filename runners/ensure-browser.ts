#!/usr/bin/env node
// Makes sure the dashboard's browser test has a Chromium: Debian's package, installed when missing and
// the machine allows it (root with apt-get). Nothing is downloaded by npm; the test drives it with playwright-core.
import { existsSync } from 'node:fs';
import { execa } from 'execa';

export const CHROMIUM = process.env.MCP_CONFORM_CHROMIUM || '/usr/bin/chromium';

async function apt(args: string[]): Promise<boolean> {
  const res = await execa('apt-get', args, { reject: false, stdio: 'inherit', timeout: 15 * 60_000, env: { DEBIAN_FRONTEND: 'noninteractive' } });
  return res.exitCode === 0;
}

async function main(): Promise<number> {
  if (existsSync(CHROMIUM)) return 0;
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    process.stderr.write(`mcp-conform: no Chromium at ${CHROMIUM}; the dashboard's browser test needs one. Install Debian's package (sudo apt-get install chromium) or point MCP_CONFORM_CHROMIUM at a Chromium binary.\n`);
    return 0;
  }
  process.stderr.write('mcp-conform: installing Debian\'s chromium for the dashboard\'s browser test\n');
  // A fresh machine may have no package lists yet.
  const ok = (await apt(['install', '-y', 'chromium'])) || ((await apt(['update'])) && (await apt(['install', '-y', 'chromium'])));
  if (!ok || !existsSync(CHROMIUM)) process.stderr.write(`mcp-conform: could not install chromium; the browser test will say so.\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main();
