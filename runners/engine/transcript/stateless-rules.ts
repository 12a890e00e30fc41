// Rules of the stateless era (2026-07-28) that span messages: no server-initiated requests,
// result types the client can accept, input_required only where allowed, cancellation only to end
// a subscription.
import { idKey } from '../../wire/connection.js';
import { duplicateKeyPaths } from './duplicate-keys.js';
import { refs, type TranscriptRule } from './rule.js';
import { isRecord, isRequest, isResponse, type Item, type TranscriptView } from './view.js';

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
const CORE_RESULT_TYPES = new Set(['complete', 'input_required']);
const CROSSING_MS = 1000;
const INPUT_REQUIRED_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);

export const NO_SERVER_REQUESTS: TranscriptRule = {
  id: 'stateless.no-server-requests',
  title: 'On 2026-07-28 the server initiates no JSON-RPC request on any stream',
  level: 'MUST NOT',
  spec: refs({ '2026-07-28': ['PAT-001', 'MRTR-001', 'HTTP-015', 'STDIO-006'] }),
  noun: 'server-initiated request(s)',
  judge(view: TranscriptView) {
    if (!view.stateless || view.fromServer.length === 0) return undefined;
    return view.fromServer.filter((i) => isRequest(i.m)).map((i) => `${view.describe(i)}: the server must ask through an input_required result instead`);
  },
};

/** The successful results of the stateless era with the request each answers. */
function results(view: TranscriptView): { item: Item; result: Record<string, unknown>; request: Item | undefined }[] {
  return view.fromServer
    .filter((i) => isResponse(i.m) && isRecord(i.m.result))
    .map((item) => ({ item, result: item.m.result as Record<string, unknown>, request: view.requestFor(item) }));
}

export const RESULT_TYPES_DECLARED: TranscriptRule = {
  id: 'stateless.result-types-declared',
  title: 'resultType is complete, input_required, or a value of an extension the request declared ("task" only with the tasks extension)',
  level: 'MUST',
  spec: refs({ '2026-07-28': ['BASE-009', 'TASK-001', 'TASK-005'] }),
  noun: 'result type(s) the client did not declare',
  judge(view: TranscriptView) {
    if (!view.stateless) return undefined;
    const all = results(view);
    if (all.length === 0) return undefined;
    const problems: string[] = [];
    for (const { item, result, request } of all) {
      const type = result.resultType;
      if (type === undefined || (typeof type === 'string' && CORE_RESULT_TYPES.has(type))) continue;
      const extensions = view.clientCapabilities(request)?.extensions;
      const declared = isRecord(extensions) ? Object.keys(extensions) : [];
      if (type === 'task') {
        if (!declared.includes(TASKS_EXTENSION)) problems.push(`${view.describe(item)}: resultType "task" but the request did not declare the ${TASKS_EXTENSION} extension`);
        else if (typeof result.taskId !== 'string') problems.push(`${view.describe(item)}: resultType "task" on a result that is not a CreateTaskResult (no taskId)`);
      } else if (declared.length === 0) {
        problems.push(`${view.describe(item)}: resultType ${JSON.stringify(type)} is not a core value and the request declared no extension`);
      }
    }
    return problems;
  },
};

export const INPUT_REQUIRED_ONLY_WHERE_ALLOWED: TranscriptRule = {
  id: 'mrtr.input-required-methods',
  title: 'input_required results answer only tools/call, prompts/get and resources/read',
  level: 'MUST NOT',
  spec: refs({ '2026-07-28': ['MRTR-004'] }),
  noun: 'input_required result(s) to other methods',
  judge(view: TranscriptView) {
    const asking = results(view).filter((r) => r.result.resultType === 'input_required');
    if (!view.stateless || asking.length === 0) return undefined;
    return asking
      .filter((r) => r.request !== undefined && !INPUT_REQUIRED_METHODS.has(String(r.request.m.method)))
      .map((r) => `${view.describe(r.item)}: input_required is not allowed for ${String(r.request?.m.method)}`);
  },
};

export const INPUT_REQUEST_KEYS_UNIQUE: TranscriptRule = {
  id: 'mrtr.input-request-keys-unique',
  title: 'The keys of inputRequests are unique within a result (no key repeated in the JSON text)',
  level: 'MUST',
  spec: refs({ '2026-07-28': ['MRTR-005'] }),
  noun: 'repeated inputRequests key(s)',
  judge(view: TranscriptView) {
    const asking = results(view).filter((r) => isRecord(r.result.inputRequests));
    if (!view.stateless || asking.length === 0) return undefined;
    // JSON.parse keeps the last of two equal keys, so only the raw text shows the repetition.
    return asking.flatMap((r) =>
      duplicateKeyPaths(r.item.e.raw ?? '')
        .filter((p) => /\/inputRequests\/[^/]+$/.test(p))
        .map((p) => `${view.describe(r.item)}: key repeated at ${p}`),
    );
  },
};

export const SERVER_CANCELS_OWN_REQUESTS: TranscriptRule = {
  id: 'cancellation.server-cancels-own-requests',
  title:
    'notifications/cancelled from the server names only its own in-progress, non-task request (handshake era) or a subscriptions/listen request it tears down (2026-07-28)',
  level: 'MUST',
  spec: refs({ '2025-11-25': ['CANC-001', 'CANC-003'], '2026-07-28': ['CANC-002', 'CANC-009'] }),
  noun: 'cancellation(s) of something the server may not cancel',
  judge(view: TranscriptView) {
    const cancels = view.fromServer.filter((i) => i.m.method === 'notifications/cancelled');
    if (cancels.length === 0) return undefined;
    const problems: string[] = [];
    for (const c of cancels) {
      const target = isRecord(c.m.params) ? (c.m.params as Record<string, unknown>).requestId : undefined;
      if (view.stateless) {
        if (!view.listenRequests().has(idKey(target))) problems.push(`${view.describe(c)} names ${JSON.stringify(target)}, which is not a subscriptions/listen request`);
        continue;
      }
      const own = view.fromServer.find((r) => r.n < c.n && isRequest(r.m) && idKey(r.m.id) === idKey(target));
      if (!own) {
        problems.push(`${view.describe(c)} names ${JSON.stringify(target)}, which the server never sent as a request`);
        continue;
      }
      // The answer and the cancellation may cross on the wire: only an answer given well before counts.
      const answered = view.fromHarness.some((h) => h.n < c.n && isResponse(h.m) && view.requestFor(h) === own && c.e.at - h.e.at > CROSSING_MS);
      if (answered) problems.push(`${view.describe(c)} names request ${JSON.stringify(target)}, which the client had already answered`);
      const params = isRecord(own.m.params) ? own.m.params : {};
      if (isRecord(params.task)) problems.push(`${view.describe(c)} names task-augmented request ${JSON.stringify(target)}, which only tasks/cancel may cancel`);
    }
    return problems;
  },
};
