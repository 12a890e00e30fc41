// A case's wire transcript as evidence on an SDK page: bounded, confined to its run folder, never fatal.
import { closeSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { stripIllegal } from '../xml.js';

export const TRANSCRIPT_MAX_LINES = 200;
export const TRANSCRIPT_MAX_BYTES = 64 * 1024;
/** Files above this are read only as far as the caps reach; their remaining lines are not counted. */
const READ_WHOLE_LIMIT = 8 * 1024 * 1024;

export interface TranscriptEvent {
  label: string;
  body: string;
  stderr: boolean;
}

export interface TranscriptView {
  available: boolean;
  /** Why there is nothing to show, or a note on what was cut. */
  note: string | null;
  events: TranscriptEvent[];
}

const NOT_AVAILABLE = (why: string): TranscriptView => ({ available: false, note: `transcript not available (${why})`, events: [] });

/**
 * The file a record names, if it lies inside the run folder: the path comes from results.jsonl and
 * could point anywhere (`../../etc/passwd`, a symlink out).
 */
function confined(runDir: string, rel: string): string | undefined {
  if (isAbsolute(rel)) return undefined;
  try {
    const root = realpathSync(runDir);
    const file = realpathSync(resolve(runDir, rel));
    const inside = relative(root, file);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return undefined;
    return statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

function readBounded(file: string): { content: string; whole: boolean; size: number } {
  const size = statSync(file).size;
  if (size <= READ_WHOLE_LIMIT) return { content: readFileSync(file, 'utf8'), whole: true, size };
  const buf = Buffer.alloc(TRANSCRIPT_MAX_BYTES + 1);
  const fd = openSync(file, 'r');
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    return { content: buf.subarray(0, n).toString('utf8'), whole: false, size };
  } finally {
    closeSync(fd);
  }
}

const part = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** "#3 in message on POST#1 at 7 ms", or for an HTTP answer "#1 in http POST 200 text/event-stream on POST#1 at 6 ms". */
function labelOf(e: Record<string, unknown>): string {
  const http = e['http'] as Record<string, unknown> | undefined;
  const exchange = http && typeof http === 'object' ? [part(http['method']), part(http['path']), part(http['status']), part(http['contentType'])].filter(Boolean).join(' ') : '';
  const seq = part(e['seq']);
  const at = part(e['at']);
  const channel = part(e['channel']);
  return [seq && `#${seq}`, part(e['direction']), part(e['kind']), exchange, channel && `on ${channel}`, at && `at ${at} ms`].filter(Boolean).join(' ') || 'event';
}

/**
 * What an event carried, compactly: the JSON-RPC message on one line, an HTTP answer's headers and failure,
 * or the raw text when it was not JSON. The full event stays in the run folder's transcript file.
 */
function bodyOf(e: Record<string, unknown>): string {
  if (e['message'] !== undefined) return JSON.stringify(e['message']);
  const http = e['http'];
  if (http && typeof http === 'object') {
    const { headers, failure } = http as Record<string, unknown>;
    return [failure !== undefined ? `failure: ${part(failure)}` : '', headers !== undefined ? JSON.stringify(headers) : ''].filter(Boolean).join('\n') || JSON.stringify(http);
  }
  if (typeof e['raw'] === 'string') return e['raw'];
  return JSON.stringify(e);
}

function eventOf(line: string): TranscriptEvent {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { label: 'unparsed line', body: stripIllegal(line), stderr: false };
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (typeof o['stderrTail'] === 'string' && Object.keys(o).length === 1) {
      return { label: 'stderr of the adapter (last lines)', body: stripIllegal(o['stderrTail']), stderr: true };
    }
    return { label: labelOf(o), body: stripIllegal(bodyOf(o)), stderr: false };
  }
  return { label: 'value', body: stripIllegal(JSON.stringify(v, null, 2)), stderr: false };
}

/** Lines up to the line and byte caps; a first line alone over the byte cap is shown cut. */
function capped(lines: string[]): { kept: string[]; cut: boolean } {
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (kept.length >= TRANSCRIPT_MAX_LINES || bytes + size > TRANSCRIPT_MAX_BYTES) break;
    kept.push(line);
    bytes += size;
  }
  const first = lines[0];
  if (kept.length === 0 && first !== undefined) return { kept: [first.slice(0, TRANSCRIPT_MAX_BYTES)], cut: true };
  return { kept, cut: false };
}

export function readTranscript(runDir: string, rel: string | null): TranscriptView {
  if (!rel) return NOT_AVAILABLE('none was recorded for this case');
  const file = confined(runDir, rel);
  if (!file) return NOT_AVAILABLE('no such file in the run folder');
  let read: ReturnType<typeof readBounded>;
  try {
    read = readBounded(file);
  } catch {
    return NOT_AVAILABLE('the file could not be read');
  }
  let lines = read.content.split('\n').filter((l) => l.trim() !== '');
  // A partial read may end inside a line.
  if (!read.whole) lines = lines.slice(0, -1);
  const { kept, cut } = capped(lines);
  const events = cut ? [{ label: 'unparsed line (cut)', body: stripIllegal(kept[0] ?? ''), stderr: false }] : kept.map(eventOf);
  const more = lines.length - kept.length;
  let note: string | null = null;
  if (!read.whole) note = `truncated: only the first ${kept.length} lines of a ${read.size}-byte file are shown`;
  else if (more > 0 || cut) note = `truncated: ${more} more lines${cut ? ' (the first line is cut too)' : ''}`;
  return { available: true, note, events };
}

/** Reads each transcript once, however many checks of its case show it. */
export class TranscriptCache {
  private readonly seen = new Map<string, TranscriptView>();

  get(runDir: string, rel: string | null): TranscriptView {
    const key = `${runDir}\u0000${rel ?? ''}`;
    let view = this.seen.get(key);
    if (!view) this.seen.set(key, (view = readTranscript(runDir, rel)));
    return view;
  }
}
