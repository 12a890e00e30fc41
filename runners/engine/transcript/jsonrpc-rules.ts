// JSON-RPC envelope rules that no single message shows: answers pair with requests, ids are not
// reused, notifications carry no id.
import { isDeepStrictEqual } from 'node:util';
import { idKey } from '../../wire/connection.js';
import { refs, type TranscriptRule } from './rule.js';
import { isRequest, isResponse, type TranscriptView } from './view.js';

/** The same answer again, on a GET that resumed a stream: a redelivery, not a second answer. */
function isReplay(view: TranscriptView, r: TranscriptView['fromServer'][number]): boolean {
  if (r.e.channel === undefined || !view.resumptionChannels().has(r.e.channel)) return false;
  return view.fromServer.some((earlier) => earlier.e.seq < r.e.seq && isDeepStrictEqual(earlier.m, r.m));
}

export const RESPONSES_ANSWER_REQUESTS: TranscriptRule = {
  id: 'jsonrpc.responses-answer-requests',
  title: 'Every response carries the id of a request the client sent and is the only answer to it (id null only for unreadable requests)',
  level: 'MUST',
  spec: refs({ '2025-11-25': ['BASE-006', 'BASE-008'], '2026-07-28': ['BASE-006', 'BASE-012'] }),
  noun: 'response(s) that answer no outstanding request',
  judge(view: TranscriptView) {
    const responses = view.fromServer.filter((i) => isResponse(i.m));
    if (responses.length === 0) return undefined;
    // An id that could not be read is answered with null; only a deliberately broken message can cause that.
    const brokeOnPurpose = view.events.some((e) => e.direction === 'out' && e.deliberate);
    const problems: string[] = [];
    for (const r of responses) {
      // 2026-07-28 leaves the id out where older versions put null.
      if (r.m.id === null || !('id' in r.m)) {
        if (view.isHttpRejection(r)) continue;
        if (!brokeOnPurpose || !('error' in r.m)) problems.push(`${view.describe(r)}: no request id, but every request the client sent had a readable id`);
        continue;
      }
      if (view.requestFor(r)) continue;
      // A stream resumed with Last-Event-ID may redeliver an answer the lost stream had already carried.
      if (isReplay(view, r)) continue;
      const ever = view.fromHarness.some((h) => 'id' in h.m && !isResponse(h.m) && idKey(h.m.id) === idKey(r.m.id));
      problems.push(`${view.describe(r)}: ${ever ? 'a second answer to a request already answered' : 'the client sent no request with this id (ids match by type: 1 and "1" differ)'}`);
    }
    return problems;
  },
};

export const SERVER_REQUEST_IDS_UNIQUE: TranscriptRule = {
  id: 'jsonrpc.server-request-ids-unique',
  title: 'The server never reuses a request id within the session',
  level: 'MUST NOT',
  spec: refs({ '2025-11-25': ['BASE-005'] }),
  noun: 'reused request id(s)',
  judge(view: TranscriptView) {
    const requests = view.fromServer.filter((i) => isRequest(i.m));
    if (requests.length === 0 || view.stateless) return undefined;
    const seen = new Map<string, number>();
    const problems: string[] = [];
    for (const r of requests) {
      const key = idKey(r.m.id);
      const first = seen.get(key);
      if (first !== undefined) problems.push(`${view.describe(r)} reuses the id of message #${first}`);
      else seen.set(key, r.e.seq);
    }
    return problems;
  },
};

export const NOTIFICATIONS_WITHOUT_ID: TranscriptRule = {
  id: 'jsonrpc.notifications-without-id',
  title: 'Notifications the server sends carry no id member',
  level: 'MUST NOT',
  spec: refs({ '2025-11-25': ['BASE-011'], '2026-07-28': ['BASE-022'] }),
  noun: 'notification(s) with an id',
  judge(view: TranscriptView) {
    const notifications = view.fromServer.filter((i) => typeof i.m.method === 'string' && i.m.method.startsWith('notifications/'));
    if (notifications.length === 0) return undefined;
    return notifications.filter((i) => 'id' in i.m).map((i) => `${view.describe(i)} carries id ${JSON.stringify(i.m.id)}`);
  },
};
