// Wire-level rules every case carries where they apply: nothing but MCP on stdout, _meta key names,
// the error codes of 2026-07-28, and SSE event ids unique across a session's streams.
import { preview } from '../../match/path.js';
import { refs, type TranscriptRule } from './rule.js';
import { isRecord, type TranscriptView } from './view.js';

export const STDOUT_CHECK: TranscriptRule = {
  id: 'stdio.stdout-only-mcp',
  title: 'A stdio server writes nothing but MCP messages to stdout, one per line',
  level: 'MUST NOT',
  spec: refs({ '2025-11-25': ['STDIO-005', 'STDIO-003', 'STDIO-001'], '2026-07-28': ['STDIO-002', 'STDIO-001', 'TRANS-001'] }),
  noun: 'line(s) on stdout were not MCP messages',
  judge(view: TranscriptView) {
    if (!view.overStdio) return undefined;
    return view.events
      .filter((e) => e.kind === 'noise' && e.channel === 'stdout')
      .map((e) => `message #${e.seq} (a non-JSON line, stdout): not a JSON-RPC message: ${preview(e.raw, 80)}`);
  },
};

export const META_KEYS_CHECK: TranscriptRule = {
  id: 'wire.meta-key-names',
  title: 'Every _meta key the server sends follows the naming rules (optional dotted prefix and "/", alphanumeric ends)',
  level: 'MUST',
  spec: refs({ '2025-11-25': ['BASE-017', 'BASE-019'], '2026-07-28': ['BASE-039', 'BASE-041'] }),
  noun: 'malformed _meta key(s)',
  judge(view: TranscriptView) {
    return view.fromServer.flatMap((item) => {
      const bad: string[] = [];
      badMetaKeys(item.m, '', bad);
      return bad.map((b) => `${view.describe(item)} at ${b}`);
    });
  },
};

export const ERROR_CODES_CHECK: TranscriptRule = {
  id: 'wire.error-codes',
  title: 'On 2026-07-28 the server uses only the error codes the spec defines in its reserved range, and no retired code',
  level: 'MUST NOT',
  spec: refs({ '2026-07-28': ['BASE-017', 'BASE-018', 'BASE-015'] }),
  noun: 'error code(s) the spec does not allow',
  judge(view: TranscriptView) {
    if (!view.stateless) return undefined;
    return view.fromServer.flatMap((item) => {
      const problem = isRecord(item.m.error) ? codeProblem(item.m.error.code) : undefined;
      return problem ? [`${view.describe(item)}: ${problem}`] : [];
    });
  },
};

/** 2026-07-28: -32020..-32099 is the spec's own range; of it only these are defined. -32002 and -32042 are retired. */
const DEFINED_SPEC_CODES = new Set([-32020, -32021, -32022]);
const RETIRED_CODES = new Set([-32002, -32042]);

function codeProblem(code: unknown): string | undefined {
  if (typeof code !== 'number') return undefined;
  if (RETIRED_CODES.has(code)) return `retired code ${code}`;
  if (code <= -32020 && code >= -32099 && !DEFINED_SPEC_CODES.has(code)) return `code ${code} is in the spec's reserved range but not defined by it`;
  return undefined;
}

export const SSE_IDS_CHECK: TranscriptRule = {
  id: 'http.sse-event-ids-unique',
  title: 'SSE event ids, where used, are unique across all the streams of a session',
  level: 'MUST',
  spec: [{ version: '2025-11-25', ref: 'HTTP-020' }],
  noun: 'repeated SSE event id(s)',
  judge(view: TranscriptView) {
    if (!view.overHttp || view.stateless) return undefined;
    // A GET resuming a stream (Last-Event-ID) replays events with the ids they first had.
    const resumed = view.resumptionChannels();
    const firstOn = new Map<string, string>(); // event id → the stream it first came on
    const problems: string[] = [];
    // One event may hold a batch: its id is judged once.
    const events = new Set(view.fromServer.map((item) => item.e));
    for (const e of events) {
      const id = e.sseId;
      if (id === undefined || (e.channel !== undefined && resumed.has(e.channel))) continue;
      const first = firstOn.get(id);
      if (first !== undefined) problems.push(`message #${e.seq} (${e.channel ?? '?'}) repeats event id ${JSON.stringify(id)} first seen on ${first}`);
      else firstOn.set(id, e.channel ?? '?');
    }
    return problems;
  },
};

const LABEL = '[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const META_KEY = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*/)?(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)?$`);

/** Every key of every `_meta` object inside a message, with where it was found. */
function badMetaKeys(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => badMetaKeys(v, `${path}/${i}`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '_meta' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
        for (const key of Object.keys(v)) if (!META_KEY.test(key)) out.push(`${path}/_meta: key ${JSON.stringify(key)}`);
      }
      badMetaKeys(v, `${path}/${k}`, out);
    }
  }
}
