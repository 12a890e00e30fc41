// The last few wire messages of a case's transcript, as evidence under a failure in CI reports.

export interface ExcerptOptions {
  /** How many messages at most (the newest ones). */
  messages?: number;
  /** Characters at most for the whole excerpt; one message line is cut to a quarter of it. */
  maxChars?: number;
}

interface WireEvent {
  seq?: unknown;
  direction?: unknown;
  kind?: unknown;
  raw?: unknown;
  message?: unknown;
}

function parse(line: string): WireEvent | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as WireEvent) : undefined;
  } catch {
    return undefined;
  }
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** Returns '' when the transcript holds no message; a torn or foreign line is passed over, never fatal. */
export function wireExcerpt(jsonl: string, o: ExcerptOptions = {}): string {
  const messages = o.messages ?? 8;
  const maxChars = o.maxChars ?? 2048;
  const events = jsonl
    .split('\n')
    .filter((l) => l.trim())
    .map(parse)
    .filter((e): e is WireEvent => e?.kind === 'message');
  const lines = events.slice(-messages).map((e) => {
    const body = typeof e.raw === 'string' ? e.raw : JSON.stringify(e.message ?? null);
    const one = body.replace(/\s*[\r\n]+\s*/g, ' ');
    return cut(`#${String(e.seq ?? '?')} ${String(e.direction ?? '?')} ${one}`, Math.floor(maxChars / 4));
  });
  // Keep the newest lines that fit: the failure is usually at the end.
  const kept: string[] = [];
  let size = 0;
  for (const line of lines.reverse()) {
    if (size + line.length + 1 > maxChars) break;
    kept.unshift(line);
    size += line.length + 1;
  }
  return kept.join('\n');
}
