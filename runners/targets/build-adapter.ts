// Builds an adapter from its manifest's steps, once: a stamp records a digest of the build inputs,
// and a lock keeps concurrent runs (parallel test files, CI shards) from building over each other.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { InfraError } from '../errors.js';
import type { AdapterManifest } from './adapter-manifest.js';
import { delay } from './processes.js';

// Build outputs and caches a run may write into the adapter folder (e.g. Python's __pycache__).
const SKIP_DIRS = new Set(['node_modules', 'dist', 'target', '.venv', 'bin', 'build', '.git', '__pycache__', '.build']);

function digestInputs(manifest: AdapterManifest): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(manifest.build?.steps ?? []));
  hash.update(process.version);
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const st = statSync(path);
    if (st.isDirectory()) {
      for (const name of readdirSync(path).sort()) if (!SKIP_DIRS.has(name)) visit(join(path, name));
    } else {
      hash.update(path.slice(manifest.dir.length));
      hash.update(readFileSync(path));
    }
  };
  for (const input of manifest.build?.inputs ?? []) visit(join(manifest.dir, input));
  return hash.digest('hex');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** What to install when a build step's program is missing, by program name. */
const TOOLCHAINS: Record<string, string> = {
  node: 'Node.js 20 or later',
  npm: 'Node.js 20 or later (npm)',
  npx: 'Node.js 20 or later (npx)',
  python3: 'Python 3.11 or later',
  go: 'Go 1.26 or later',
  cargo: 'the Rust toolchain (rustup, cargo)',
  mvn: 'Apache Maven 3.8 or later with a JDK 17',
  java: 'a JDK 17 or later',
};

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, program), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The toolchain programs the build steps run (bare names looked up on PATH) that are missing. */
export function missingToolchains(manifest: AdapterManifest): string[] {
  const programs = new Set((manifest.build?.steps ?? []).map(([cmd]) => cmd as string).filter((cmd) => !cmd.includes('/')));
  return [...programs].filter((p) => !onPath(p));
}

/**
 * The build outputs the manifest's commands name (relative paths such as bin/server, dist/server.js,
 * target/adapter.jar): a stamp is only trusted while they are all there.
 */
function outputsPresent(manifest: AdapterManifest): boolean {
  const commands = [manifest.server?.stdio?.command, manifest.server?.http?.command, manifest.server?.sse?.command, manifest.client?.command];
  const paths = commands.flatMap((c) => c ?? []).filter((arg) => /^[\w.-]+\/[\w./-]+$/.test(arg) && !arg.startsWith('../'));
  return paths.every((p) => existsSync(join(manifest.dir, p)));
}

/** Whether the adapter's last build is current: its stamp matches the build inputs and its outputs exist. */
function isBuilt(manifest: AdapterManifest, digest = digestInputs(manifest)): boolean {
  if (!manifest.build) return true;
  const stampFile = join(manifest.dir, '.build-stamp');
  return existsSync(stampFile) && readFileSync(stampFile, 'utf8') === digest && outputsPresent(manifest);
}

/** Builds the adapter unless its build is current; true when it ran the build steps. */
export async function buildAdapter(manifest: AdapterManifest, log: (line: string) => void): Promise<boolean> {
  if (!manifest.build) return false;
  // A current build needs no toolchain; only a build to do does.
  if (isBuilt(manifest)) return false;
  const missing = missingToolchains(manifest);
  if (missing.length) {
    throw new InfraError(
      `The adapter '${manifest.name}' cannot be built here: ${missing.map((p) => `'${p}' (${TOOLCHAINS[p] ?? 'its toolchain'})`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not on PATH. ` +
        `Install ${missing.length === 1 ? 'it' : 'them'} (see ${join(manifest.dir, 'README.md')}), or leave this adapter out.`,
    );
  }
  const stampFile = join(manifest.dir, '.build-stamp');
  const lockFile = join(manifest.dir, '.build-lock');
  const digest = digestInputs(manifest);
  const timeoutMs = manifest.build.timeoutMs ?? 15 * 60_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (isBuilt(manifest, digest)) return false;
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      const holder = Number(readFileSync(lockFile, 'utf8'));
      if (!pidAlive(holder) || holder === process.pid) {
        try {
          unlinkSync(lockFile);
        } catch {
          /* someone else took it over */
        }
        continue;
      }
      if (Date.now() > deadline) throw new InfraError(`Timed out waiting for another build of adapter '${manifest.name}' (lock ${lockFile}, held by pid ${holder}).`);
      await delay(250);
    }
  }
  try {
    if (isBuilt(manifest, digest)) return false;
    for (const [cmd, ...args] of manifest.build.steps) {
      const line = [cmd, ...args].join(' ');
      log(`building adapter ${manifest.name}: ${line}`);
      const started = Date.now();
      // Cold builds (cargo, Maven) take minutes: say that the build is alive.
      const ticker = setInterval(() => log(`  … still building ${manifest.name} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
      const r = await execa(cmd as string, args, {
        cwd: manifest.dir,
        all: true,
        reject: false,
        timeout: Math.max(1000, deadline - Date.now()),
        env: { ...manifest.env, npm_config_update_notifier: 'false' },
        stdin: 'ignore',
      }).finally(() => clearInterval(ticker));
      if (r.failed) {
        const tail = String(r.all ?? '').trim().split('\n').slice(-15).join('\n    ');
        throw new InfraError(
          `The adapter '${manifest.name}' did not build: '${line}' in ${manifest.dir} ${r.timedOut ? 'timed out' : `failed (${(r.shortMessage ?? '').split('\n')[0]})`}.\n    ${tail}\n` +
            `Fix the build (run the command by hand in that folder to see everything), then run again.`,
        );
      }
      log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    writeFileSync(stampFile, digest);
    return true;
  } finally {
    try {
      unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  }
}
