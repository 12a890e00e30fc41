// Scores a whole transcript against the negotiated version's schema: one `wire.schema` verdict per
// case for what the implementation sent, and a harness-fault record if the harness itself sent an
// invalid message it did not mean to.
import type { CheckResult, Scenario, WireEvent } from '../model.js';
import { formatViolations } from '../schema/json-schema.js';
import { hasSchema, validateWireMessage } from '../schema/mcp-schema.js';
import { idKey } from '../wire/connection.js';
import { preview } from '../match/path.js';
import { eraOf } from '../versions.js';

import { RESPONSES_ANSWER_REQUESTS, SERVER_REQUEST_IDS_UNIQUE, NOTIFICATIONS_WITHOUT_ID } from './transcript/jsonrpc-rules.js';
import { PUBLISHED_SCHEMAS_VALID, TRACE_CONTEXT_FORMAT, X_MCP_HEADER_VALID } from './transcript/content-rules.js';
import { ELICITATION_MODE_DECLARED, ELICITATION_REQUEST_SHAPE, SAMPLING_TOOL_MESSAGES, SAMPLING_TOOLS_DECLARED } from './transcript/input-request-rules.js';
import type { TranscriptCheck, TranscriptRule } from './transcript/rule.js';
import {
  INPUT_REQUEST_KEYS_UNIQUE,
  INPUT_REQUIRED_ONLY_WHERE_ALLOWED,
  NO_SERVER_REQUESTS,
  RESULT_TYPES_DECLARED,
  SERVER_CANCELS_OWN_REQUESTS,
} from './transcript/stateless-rules.js';
import { LISTEN_ACKNOWLEDGED_FIRST, LISTEN_STREAM_NOT_REQUEST_SCOPED, NO_BROADCAST, NO_RESPONSE_ON_GET_STREAM, REQUEST_STREAM_RELATED } from './transcript/stream-rules.js';
import { TranscriptView } from './transcript/view.js';

export const SCHEMA_CHECK: TranscriptCheck = {
  id: 'wire.schema',
  title: 'Every message the server sends is valid under the negotiated version’s JSON Schema',
  level: 'MUST',
  // The rules the schema itself encodes: the JSON-RPC envelope, id types, result and error members.
  spec: [
    { version: '2025-11-25', ref: 'SCH-001' },
    { version: '2025-11-25', ref: 'BASE-002' },
    { version: '2025-11-25', ref: 'BASE-003' },
    { version: '2025-11-25', ref: 'BASE-004' },
    { version: '2025-11-25', ref: 'BASE-007' },
    { version: '2026-07-28', ref: 'SCH-001' },
    { version: '2026-07-28', ref: 'BASE-002' },
    { version: '2026-07-28', ref: 'BASE-007' },
    { version: '2026-07-28', ref: 'BASE-013' },
    { version: '2026-07-28', ref: 'BASE-014' },
  ],
};

function describeMessage(e: WireEvent, answers?: string): string {
  const m = e.message as Record<string, unknown> | undefined;
  const what = !m
    ? 'a non-JSON line'
    : typeof m.method === 'string'
      ? `${'id' in m ? 'request' : 'notification'} ${m.method}`
      : `${'error' in m ? 'error response' : 'response'}${answers ? ` to ${answers}` : ''} (id ${preview(m.id, 40)})`;
  return `message #${e.seq} (${what}${e.channel ? `, ${e.channel}` : ''})`;
}

export const STDOUT_CHECK: TranscriptCheck = {
  id: 'stdio.stdout-only-mcp',
  title: 'A stdio server writes nothing but MCP messages to stdout, one per line',
  level: 'MUST NOT',
  spec: [
    { version: '2025-11-25', ref: 'STDIO-005' },
    { version: '2025-11-25', ref: 'STDIO-003' },
    { version: '2025-11-25', ref: 'STDIO-001' },
    { version: '2026-07-28', ref: 'STDIO-002' },
    { version: '2026-07-28', ref: 'STDIO-001' },
    { version: '2026-07-28', ref: 'TRANS-001' },
  ],
};

export const META_KEYS_CHECK: TranscriptCheck = {
  id: 'wire.meta-key-names',
  title: 'Every _meta key the server sends follows the naming rules (optional dotted prefix and "/", alphanumeric ends)',
  level: 'MUST',
  spec: [
    { version: '2025-11-25', ref: 'BASE-017' },
    { version: '2025-11-25', ref: 'BASE-019' },
    { version: '2026-07-28', ref: 'BASE-039' },
    { version: '2026-07-28', ref: 'BASE-041' },
  ],
};

export const ERROR_CODES_CHECK: TranscriptCheck = {
  id: 'wire.error-codes',
  title: 'On 2026-07-28 the server uses only the error codes the spec defines in its reserved range, and no retired code',
  level: 'MUST NOT',
  spec: [
    { version: '2026-07-28', ref: 'BASE-017' },
    { version: '2026-07-28', ref: 'BASE-018' },
    { version: '2026-07-28', ref: 'BASE-015' },
  ],
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

export const SSE_IDS_CHECK: TranscriptCheck = {
  id: 'http.sse-event-ids-unique',
  title: 'SSE event ids, where used, are unique across all the streams of a session',
  level: 'MUST',
  spec: [{ version: '2025-11-25', ref: 'HTTP-020' }],
};

/** Rules judged only where the transcript holds something they speak about. */
export const TRANSCRIPT_RULES: readonly TranscriptRule[] = [
  RESPONSES_ANSWER_REQUESTS,
  SERVER_REQUEST_IDS_UNIQUE,
  NOTIFICATIONS_WITHOUT_ID,
  NO_SERVER_REQUESTS,
  RESULT_TYPES_DECLARED,
  INPUT_REQUIRED_ONLY_WHERE_ALLOWED,
  INPUT_REQUEST_KEYS_UNIQUE,
  SERVER_CANCELS_OWN_REQUESTS,
  LISTEN_STREAM_NOT_REQUEST_SCOPED,
  LISTEN_ACKNOWLEDGED_FIRST,
  REQUEST_STREAM_RELATED,
  NO_RESPONSE_ON_GET_STREAM,
  NO_BROADCAST,
  PUBLISHED_SCHEMAS_VALID,
  X_MCP_HEADER_VALID,
  TRACE_CONTEXT_FORMAT,
  SAMPLING_TOOLS_DECLARED,
  SAMPLING_TOOL_MESSAGES,
  ELICITATION_MODE_DECLARED,
  ELICITATION_REQUEST_SHAPE,
];

/** Every check judged on the whole transcript rather than by a scenario step. */
export const TRANSCRIPT_CHECKS: readonly TranscriptCheck[] = [SCHEMA_CHECK, STDOUT_CHECK, META_KEYS_CHECK, ERROR_CODES_CHECK, SSE_IDS_CHECK, ...TRANSCRIPT_RULES];

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

export function scoreTranscript(scenario: Scenario, events: WireEvent[], version: string, evaluated: boolean): CheckResult[] {
  if (!hasSchema(version) || events.length === 0) return [];
  const methodOf = new Map<string, { method: string; taskAugmented: boolean }>(); // "<direction>:<id key>" → that request
  const serverProblems: string[] = [];
  const harnessProblems: string[] = [];
  const stdoutNoise: string[] = [];
  const metaProblems: string[] = [];
  const codeProblems: string[] = [];
  const stateless = eraOf(version) === 'stateless';
  const overStdio = events.some((e) => e.channel === 'stdin' || e.channel === 'stdout');
  // Streamable HTTP only: the legacy HTTP+SSE transport (2024-11-05) has none of its rules.
  const overHttp = events.some((e) => e.kind === 'http' && !e.http?.legacySse);
  const sseIds = new Map<string, string>(); // event id → the stream it first came on
  // A GET resuming a stream (Last-Event-ID) replays events with the ids they first had.
  const resumed = new Set(events.filter((e) => e.kind === 'http' && e.http?.resumedFrom !== undefined).map((e) => e.channel));
  const sseProblems: string[] = [];
  for (const e of events) {
    if (e.kind === 'noise') {
      const problem = `${describeMessage(e)}: not a JSON-RPC message: ${preview(e.raw, 80)}`;
      (e.channel === 'stdout' ? stdoutNoise : serverProblems).push(problem);
      continue;
    }
    if (e.kind !== 'message' || e.deliberate) continue;
    const m = e.message as Record<string, unknown> | undefined;
    if (e.sseId !== undefined && !resumed.has(e.channel)) {
      const first = sseIds.get(e.sseId);
      if (first !== undefined) sseProblems.push(`${describeMessage(e)} repeats event id ${JSON.stringify(e.sseId)} first seen on ${first}`);
      else sseIds.set(e.sseId, e.channel ?? '?');
    }
    if (e.direction === 'in' && stateless && m && typeof m.error === 'object' && m.error !== null) {
      const problem = codeProblem((m.error as Record<string, unknown>).code);
      if (problem) codeProblems.push(`${describeMessage(e)}: ${problem}`);
    }
    if (e.direction === 'in') {
      const bad: string[] = [];
      badMetaKeys(m, '', bad);
      for (const b of bad) metaProblems.push(`${describeMessage(e)} at ${b}`);
    }
    if (m && typeof m === 'object' && typeof m.method === 'string' && 'id' in m) {
      const params = m.params as Record<string, unknown> | undefined;
      methodOf.set(`${e.direction}:${idKey(m.id)}`, { method: m.method, taskAugmented: typeof params?.task === 'object' && params.task !== null });
    }
    const asker = e.direction === 'in' ? 'out' : 'in';
    const request = m && !('method' in m) && 'id' in m ? methodOf.get(`${asker}:${idKey(m.id)}`) : undefined;
    const answers = request?.method;
    if (e.direction === 'out' && m === undefined) {
      harnessProblems.push(`${describeMessage(e)}: not JSON`);
      continue;
    }
    const v = validateWireMessage(version, e.direction, m, request ? { answersMethod: request.method, taskAugmented: request.taskAugmented } : {});
    if (!v.ok) (e.direction === 'in' ? serverProblems : harnessProblems).push(`${describeMessage(e, answers)} against ${v.definition}: ${formatViolations(v.violations)}`);
  }
  // A transcript check fails on any problem; with none it passes only if the scenario judged something.
  const verdictOf = (check: TranscriptCheck, problems: string[], what: string): CheckResult => ({
    scenario: scenario.id,
    check: check.id,
    title: check.title,
    level: check.level,
    spec: check.spec,
    verdict: problems.length ? 'fail' : evaluated ? 'pass' : 'skip',
    message: problems.length ? `${problems.length} ${what}: ${problems.slice(0, 3).join(' | ')}` : evaluated ? '' : 'no check of the scenario was evaluated',
  });
  const out: CheckResult[] = [];
  if (overStdio) out.push(verdictOf(STDOUT_CHECK, stdoutNoise, 'line(s) on stdout were not MCP messages'));
  out.push(verdictOf(META_KEYS_CHECK, metaProblems, 'malformed _meta key(s)'));
  if (stateless) out.push(verdictOf(ERROR_CODES_CHECK, codeProblems, 'error code(s) the spec does not allow'));
  if (overHttp && !stateless) out.push(verdictOf(SSE_IDS_CHECK, sseProblems, 'repeated SSE event id(s)'));
  const view = new TranscriptView(version, events);
  for (const rule of TRANSCRIPT_RULES) {
    const problems = rule.judge(view);
    if (problems) out.push(verdictOf(rule, problems, rule.noun));
  }
  out.push(verdictOf(SCHEMA_CHECK, serverProblems, `schema violation(s) under ${version}`));
  if (harnessProblems.length) {
    out.push({
      scenario: scenario.id,
      check: 'wire.harness-schema',
      title: 'The harness sent only schema-valid messages (except deliberate ones)',
      level: 'MUST',
      spec: SCHEMA_CHECK.spec,
      verdict: 'error',
      message: `harness fault, not the server's: ${harnessProblems.slice(0, 3).join(' | ')}`,
    });
  }
  return out;
}
