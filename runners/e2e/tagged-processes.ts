// Processes a test started are found by a tag in their environment, which children inherit: what is still
// alive after a test is what it left behind.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids (other than this process) whose environment carries the tag. */
export function taggedProcesses(tag: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').includes(tag)) found.push(Number(pid));
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}
