// Scores a whole transcript against the negotiated version's schema: one `wire.schema` verdict per
// case for what the implementation sent, and a harness-fault record if the harness itself sent an
// invalid message it did not mean to.
import type { CheckResult, Scenario, WireEvent } from '../model.js';
import { formatViolations } from '../schema/json-schema.js';
import { hasSchema, validateWireMessage } from '../schema/mcp-schema.js';
import { idKey } from '../wire/connection.js';
import { preview } from '../match/path.js';

import { RESPONSES_ANSWER_REQUESTS, SERVER_REQUEST_IDS_UNIQUE, NOTIFICATIONS_WITHOUT_ID } from './transcript/jsonrpc-rules.js';
import { PUBLISHED_SCHEMAS_VALID, TRACE_CONTEXT_FORMAT, X_MCP_HEADER_VALID } from './transcript/content-rules.js';
import { ELICITATION_MODE_DECLARED, ELICITATION_REQUEST_SHAPE, SAMPLING_TOOL_MESSAGES, SAMPLING_TOOLS_DECLARED } from './transcript/input-request-rules.js';
import { refs, type TranscriptCheck, type TranscriptRule } from './transcript/rule.js';
import {
  INPUT_REQUEST_KEYS_UNIQUE,
  INPUT_REQUIRED_ONLY_WHERE_ALLOWED,
  NO_SERVER_REQUESTS,
  RESULT_TYPES_DECLARED,
  SERVER_CANCELS_OWN_REQUESTS,
} from './transcript/stateless-rules.js';
import { LISTEN_ACKNOWLEDGED_FIRST, LISTEN_STREAM_NOT_REQUEST_SCOPED, NO_BROADCAST, NO_RESPONSE_ON_GET_STREAM, REQUEST_STREAM_RELATED } from './transcript/stream-rules.js';
import { TranscriptView } from './transcript/view.js';
import { ERROR_CODES_CHECK, META_KEYS_CHECK, SSE_IDS_CHECK, STDOUT_CHECK } from './transcript/wire-rules.js';

export const SCHEMA_CHECK: TranscriptCheck = {
  id: 'wire.schema',
  title: 'Every message the server sends is valid under the negotiated version’s JSON Schema',
  level: 'MUST',
  // The rules the schema itself encodes: the JSON-RPC envelope, id types, result and error members.
  spec: refs({ '2025-11-25': ['SCH-001', 'BASE-002', 'BASE-003', 'BASE-004', 'BASE-007'], '2026-07-28': ['SCH-001', 'BASE-002', 'BASE-007', 'BASE-013', 'BASE-014'] }),
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

/** Rules judged only where the transcript holds something they speak about. */
export const TRANSCRIPT_RULES: readonly TranscriptRule[] = [
  STDOUT_CHECK,
  META_KEYS_CHECK,
  ERROR_CODES_CHECK,
  SSE_IDS_CHECK,
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
export const TRANSCRIPT_CHECKS: readonly TranscriptCheck[] = [SCHEMA_CHECK, ...TRANSCRIPT_RULES];

export function scoreTranscript(scenario: Scenario, events: WireEvent[], version: string, evaluated: boolean): CheckResult[] {
  if (!hasSchema(version) || events.length === 0) return [];
  const methodOf = new Map<string, { method: string; taskAugmented: boolean }>(); // "<direction>:<id key>" → that request
  const serverProblems: string[] = [];
  const harnessProblems: string[] = [];
  for (const e of events) {
    if (e.kind === 'noise') {
      // Non-JSON on stdout is the stdout rule's to judge; anywhere else it is a message that fails the schema.
      if (e.channel !== 'stdout') serverProblems.push(`${describeMessage(e)}: not a JSON-RPC message: ${preview(e.raw, 80)}`);
      continue;
    }
    if (e.kind !== 'message' || e.deliberate) continue;
    const m = e.message as Record<string, unknown> | undefined;
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
