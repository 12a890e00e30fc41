// `npm run bench [adapter]`: wall time and peak memory of the full server and client suites against an
// adapter (the reference one by default), per role and transport. Prints figures; asserts nothing. Memory is sampled over the whole process tree
// (harness plus the adapter processes it starts) from /proc every 50 ms.
import { readdirSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT } from './paths.js';
import { loadAdapter } from './targets/adapter-manifest.js';

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function treeOf(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

async function measure(adapter: string, transport: string, jobs: number, role: 'server' | 'client') {
  const out = mkdtempSync(join(tmpdir(), 'mcp-conform-bench-'));
  const started = process.hrtime.bigint();
  // 'all': one run over every transport, as a CI job runs the suite.
  const only = transport === 'all' ? [] : ['--transport', transport];
  const child = execa(process.execPath, [join(ROOT, 'dist/runners/cli.js'), 'run', '--role', role, '--adapter', adapter, ...only, '--jobs', String(jobs), '--out', out, '--quiet'], {
    reject: false,
    stdio: 'ignore',
  });
  let peakHarness = 0;
  let peakTree = 0;
  const timer = setInterval(() => {
    if (!child.pid) return;
    const tree = treeOf(child.pid);
    peakHarness = Math.max(peakHarness, rssKb(child.pid));
    peakTree = Math.max(peakTree, tree.reduce((sum, pid) => sum + rssKb(pid), 0));
  }, 50);
  const result = await child;
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { cases: { done: number }; totals: Record<string, number> };
  rmSync(out, { recursive: true, force: true });
  return { transport, jobs, seconds, exitCode: result.exitCode, cases: summary.cases.done, checks: Object.values(summary.totals).reduce((a, b) => a + b, 0), peakHarnessMb: peakHarness / 1024, peakTreeMb: peakTree / 1024 };
}

async function main() {
  const adapter = process.argv[2] ?? 'typescript';
  const jobs = Number(process.env.BENCH_JOBS ?? 2);
  // Build once outside the timed runs.
  const warm = loadAdapter(adapter).server ? ['--scenario', 'server.ping'] : ['--role', 'client', '--scenario', 'client.base.ping'];
  await execa(process.execPath, [join(ROOT, 'dist/runners/cli.js'), 'run', '--adapter', adapter, ...warm, '--out', mkdtempSync(join(tmpdir(), 'mcp-conform-warm-')), '--quiet'], { reject: false });
  // Every transport the adapter's manifest declares, for each role it has a program for.
  const manifest = loadAdapter(adapter);
  const roles: ['server' | 'client', readonly string[]][] = [
    ['server', (['stdio', 'http', 'sse'] as const).filter((t) => manifest.server?.[t])],
    // The harness serves client cases over stdio and Streamable HTTP; the whole client suite is one more row.
    ['client', [...(manifest.client?.transports ?? ['stdio', 'http']).filter((t) => t === 'stdio' || t === 'http'), 'all']],
  ];
  console.log(`mcp-conform bench: full suites against adapter '${adapter}', --jobs ${jobs}, Node ${process.version}`);
  console.log('role    transport  cases  records   wall (s)  per case (ms)  harness peak RSS (MB)  process tree peak RSS (MB)');
  // BENCH_ROLES=client (or server) measures one role only.
  const wanted = (process.env.BENCH_ROLES ?? 'server,client').split(',');
  for (const [role, transports] of roles) {
    if ((role === 'client' && !manifest.client) || !wanted.includes(role)) continue;
    for (const transport of transports) {
      const r = await measure(adapter, transport, jobs, role);
      console.log(
        `${role.padEnd(7)} ${r.transport.padEnd(9)} ${String(r.cases).padStart(6)} ${String(r.checks).padStart(8)} ${r.seconds.toFixed(2).padStart(10)} ${((r.seconds * 1000) / Math.max(1, r.cases)).toFixed(0).padStart(14)} ${r.peakHarnessMb.toFixed(1).padStart(22)} ${r.peakTreeMb.toFixed(1).padStart(27)}`,
      );
    }
  }
}

void main();
