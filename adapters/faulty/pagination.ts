// Cursor pagination for the list methods. Cursors are opaque to clients but strictly checked here:
// a cursor this server did not hand out (or one for another list) is -32602, never a silent restart.
import type { Faults } from './faults.js';
import { invalidParams } from './jsonrpc.js';

export const PAGE_SIZE = 5;

export type ListName = 'tools' | 'resources' | 'templates' | 'prompts';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

function encodeCursor(list: ListName, offset: number): string {
  return Buffer.from(`${list}:${offset}`, 'utf8').toString('base64');
}

/** The offset a cursor stands for, or undefined when it is not one of ours for this list and length. */
function decodeCursor(list: ListName, cursor: string, length: number): number | undefined {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  // Re-encoding must give the same text back, which rejects arbitrary strings that happen to decode.
  const match = /^([a-z]+):([1-9]\d*)$/.exec(decoded);
  if (!match || match[1] !== list) return undefined;
  const offset = Number(match[2]);
  if (encodeCursor(list, offset) !== cursor || offset >= length) return undefined;
  return offset;
}

export function paginate<T>(list: ListName, items: readonly T[], cursor: unknown, faults: Faults): Page<T> {
  // Templates are a single short list; the looping fault concerns the three main lists only.
  if (faults.has('cursor-loops') && list !== 'templates') {
    return { items: items.slice(0, PAGE_SIZE), nextCursor: 'again' };
  }
  let offset = 0;
  if (cursor !== undefined) {
    const decoded = typeof cursor === 'string' ? decodeCursor(list, cursor, items.length) : undefined;
    if (decoded !== undefined) offset = decoded;
    else if (!faults.has('invalid-cursor-ignored')) throw invalidParams('Invalid cursor', { cursor });
  }
  const end = offset + PAGE_SIZE;
  return { items: items.slice(offset, end), ...(end < items.length && { nextCursor: encodeCursor(list, end) }) };
}
