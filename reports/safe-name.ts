// File names and HTML ids built from run data, which may hold anything (`../../etc`, markup, spaces).
import { createHash } from 'node:crypto';

const UNSAFE = /[^A-Za-z0-9._-]/g;
const MAX_LENGTH = 80;

/**
 * A name of [A-Za-z0-9._-] only, never starting with a dot. A name that had to be changed gets a short
 * hash of the original, so two different inputs never share a file or an anchor.
 */
export function safeName(s: string): string {
  const plain = s
    .replace(UNSAFE, '_')
    .replace(/^\.+/, (dots) => '_'.repeat(dots.length))
    .slice(0, MAX_LENGTH);
  if (plain === s && s !== '') return plain;
  return `${plain}-${createHash('sha256').update(s).digest('hex').slice(0, 8)}`;
}

/** Hands out ids unique within one page: a repeat gets -2, -3, … */
export class IdPool {
  private readonly used = new Set<string>();

  take(base: string): string {
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}
