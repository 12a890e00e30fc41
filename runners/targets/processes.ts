// Child processes the harness starts. Each runs in its own process group so that the whole tree
// (npx → node → grandchildren) can be stopped; every live group is killed when the harness exits.
import { execa, type ResultPromise } from 'execa';

export interface Spawned {
  pid: number;
  child: ResultPromise<{ buffer: false; reject: false; detached: true }>;
  /** Resolves when the process has exited, with a one-line description. */
  exited: Promise<ExitInfo>;
  stderrTail(): string;
  onStderrLine(listener: (line: string) => void): void;
  stop(graceMs?: number): Promise<void>;
}

export interface ExitInfo {
  code: number | undefined;
  signal: string | undefined;
  /** Spawning failed (command not found, not executable). */
  spawnError?: string;
  describe: string;
}

const live = new Set<number>();

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

process.on('exit', () => {
  for (const pid of live) killGroup(pid, 'SIGKILL');
});

const TAIL_BYTES = 4000;

export function spawnProcess(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> }): Spawned {
  const child = execa(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    detached: true,
    cleanup: false,
    stripFinalNewline: false,
  });
  const pid = child.pid ?? -1;
  if (pid > 0) live.add(pid);
  let tail = '';
  let partial = '';
  const listeners: ((line: string) => void)[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-TAIL_BYTES);
    partial += chunk;
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) for (const l of listeners) l(line);
  });
  // A child that dies leaves its pipes broken; the harness must notice, not crash.
  child.stdin?.on('error', () => {});
  const exited = child.then((r) => {
    live.delete(pid);
    const spawnError = r.exitCode === undefined && r.signal === undefined && r.failed ? (r.cause instanceof Error ? r.cause.message : r.shortMessage) : undefined;
    const describe = spawnError
      ? `could not start '${command}': ${spawnError}`
      : r.signal
        ? `exited on signal ${r.signal}`
        : `exited with code ${String(r.exitCode)}`;
    return { code: r.exitCode, signal: r.signal, ...(spawnError !== undefined && { spawnError }), describe };
  });
  let stopping: Promise<void> | undefined;
  return {
    pid,
    child,
    exited,
    stderrTail: () => tail,
    onStderrLine: (l) => listeners.push(l),
    stop(graceMs = 1500) {
      stopping ??= (async () => {
        if (!live.has(pid)) return;
        child.stdin?.end();
        // Polite first (stdin closed, then SIGTERM), then SIGKILL for the whole group.
        const gone = await Promise.race([exited.then(() => true), delay(Math.min(300, graceMs)).then(() => false)]);
        if (!gone) killGroup(pid, 'SIGTERM');
        const after = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
        if (!after) killGroup(pid, 'SIGKILL');
        await Promise.race([exited, delay(2000)]);
        // Grandchildren may outlive the leader: clear the group regardless.
        killGroup(pid, 'SIGKILL');
        live.delete(pid);
      })();
      return stopping;
    },
  };
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref?.());
}

export function liveProcessCount(): number {
  return live.size;
}

/** Splits a command line the way a POSIX shell would for plain words and quotes (no expansion). */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3] ?? ''));
  return out;
}
