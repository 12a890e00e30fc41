// What the harness must never do with what it is given: open a listener beyond the loopback address, or
// hand a scenario's, manifest's or command line's strings to a shell.
import { readdirSync, readFileSync, existsSync, mkdtempSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { AuthorizationServer } from '../auth/authorization-server.js';
import { listenForBridge } from '../client-role/bridge-listener.js';
import { listenHttp } from '../client-role/http-endpoint.js';
import { ROOT } from '../paths.js';
import { splitCommand } from '../targets/processes.js';

/** Local addresses of this process's listening TCP sockets, from /proc (hex as the kernel prints it). */
function listeningAddresses(): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      /* closed meanwhile */
    }
  }
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // st 0A is LISTEN; column 9 is the inode.
      if (cols[3] === '0A' && inodes.has(cols[9]!)) out.push(cols[1]!.split(':')[0]!);
    }
  }
  return out;
}

const LOOPBACK_V4 = '0100007F';

describe('security', () => {
  it('binds every listener the harness opens to 127.0.0.1', async () => {
    const before = listeningAddresses().length;
    const auth = new AuthorizationServer();
    await auth.start();
    const http = await listenHttp();
    const bridge = await listenForBridge();
    try {
      const addresses = listeningAddresses();
      expect(addresses.length - before).toBeGreaterThanOrEqual(3);
      expect(addresses.filter((a) => a !== LOOPBACK_V4)).toEqual([]);
      expect(auth.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    } finally {
      await Promise.all([auth.close(), http.close(), bridge.close()]);
    }
  });

  it('has no other way to listen: every listen() in the harness goes through the loopback helper or binds 127.0.0.1', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          for (const [i, line] of readFileSync(path, 'utf8').split('\n').entries()) {
            if (/\.listen\(/.test(line) && !/'127\.0\.0\.1'/.test(line)) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
          }
        }
      }
    };
    walk(join(ROOT, 'runners'));
    walk(join(ROOT, 'reports'));
    expect(offenders).toEqual([]);
  });

  it('splits a server command without a shell: no expansion, no substitution, no chaining', () => {
    expect(splitCommand(`node server.js "$(touch x)" '\`id\`' a;b $HOME`)).toEqual(['node', 'server.js', '$(touch x)', '`id`', 'a;b', '$HOME']);
  });

  it('runs a hostile --server-command as a plain program: the shell syntax in it does nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-sec-'));
    const marker = join(dir, 'pwned');
    const r = await execa(process.execPath, [join(ROOT, 'dist/runners/cli.js'), 'run', '--server-command', `mcp-conform-no-such; touch ${marker}`, '--scenario', 'server.ping', '--out', join(dir, 'out')], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' }, timeout: 60_000 });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/could not start 'mcp-conform-no-such;'/);
    const echoed = await execa(process.execPath, [join(ROOT, 'dist/runners/cli.js'), 'run', '--server-command', `node -e "process.exit(1)" $(touch ${marker}) \`touch ${marker}\``, '--scenario', 'server.ping', '--out', join(dir, 'out2')], { reject: false, env: { NO_COLOR: '1', GITHUB_ACTIONS: '' }, timeout: 60_000 });
    expect(echoed.exitCode).toBe(3);
    expect(existsSync(marker)).toBe(false);
  });
});
