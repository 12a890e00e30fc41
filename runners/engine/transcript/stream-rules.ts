// Which stream may carry what: subscription streams carry only their subscription's traffic, a
// request's SSE stream only that request's, the handshake era's GET stream no responses, and no
// message goes out twice.
import { idKey } from '../../wire/connection.js';
import { refs, type TranscriptRule } from './rule.js';
import { isNotification, isRecord, isRequest, isResponse, type Item, type TranscriptView } from './view.js';

const REQUEST_SCOPED = new Set(['notifications/progress', 'notifications/message']);
/** Notifications that belong on a subscriptions/listen stream only. */
const SUBSCRIPTION_ONLY = new Set([
  'notifications/subscriptions/acknowledged',
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/resources/list_changed',
  'notifications/resources/updated',
  'notifications/tasks',
]);

function subscriptionTraffic(view: TranscriptView): Map<Item, Item[]> | undefined {
  if (!view.stateless) return undefined;
  const listens = view.listenRequests();
  if (listens.size === 0) return undefined;
  const traffic = new Map<Item, Item[]>([...listens.values()].map((l) => [l, []]));
  for (const i of view.fromServer) {
    if (!isNotification(i.m)) continue;
    const owner = view.subscriptionOf(i);
    if (owner) traffic.get(owner)?.push(i);
  }
  return traffic;
}

export const LISTEN_STREAM_NOT_REQUEST_SCOPED: TranscriptRule = {
  id: 'subscriptions.no-request-scoped-notifications',
  title: 'No progress or log notification travels on a subscriptions/listen stream',
  level: 'MUST NOT',
  spec: refs({ '2026-07-28': ['HTTP-017', 'LOG-005', 'TASK-018'] }),
  noun: 'request-scoped notification(s) on a subscription stream',
  judge(view: TranscriptView) {
    const traffic = subscriptionTraffic(view);
    if (!traffic) return undefined;
    return [...traffic.values()].flat().filter((i) => REQUEST_SCOPED.has(String(i.m.method))).map((i) => `${view.describe(i)} on the stream of subscription ${JSON.stringify(view.subscriptionOf(i)?.m.id)}`);
  },
};

export const LISTEN_ACKNOWLEDGED_FIRST: TranscriptRule = {
  id: 'subscriptions.nothing-before-acknowledgement',
  title: 'A subscription sends nothing before its notifications/subscriptions/acknowledged',
  level: 'MUST NOT',
  spec: refs({ '2026-07-28': ['SUB-003'] }),
  noun: 'notification(s) ahead of the acknowledgement',
  judge(view: TranscriptView) {
    const traffic = subscriptionTraffic(view);
    if (!traffic) return undefined;
    const problems: string[] = [];
    for (const [listen, items] of traffic) {
      const ack = items.findIndex((i) => i.m.method === 'notifications/subscriptions/acknowledged');
      const early = ack === -1 ? items : items.slice(0, ack);
      for (const i of early) {
        problems.push(`${view.describe(i)} for subscription ${JSON.stringify(listen.m.id)} ${ack === -1 ? 'which was never acknowledged' : 'before its acknowledgement'}`);
      }
    }
    return problems;
  },
};

export const REQUEST_STREAM_RELATED: TranscriptRule = {
  id: 'http.request-stream-related',
  title: "A request's SSE stream carries only notifications about that request (its progress token; no subscription traffic)",
  level: 'MUST',
  spec: refs({ '2026-07-28': ['HTTP-014'] }),
  noun: 'unrelated notification(s) on a request stream',
  judge(view: TranscriptView) {
    if (!view.stateless || !view.overHttp) return undefined;
    const listens = [...view.listenRequests().values()];
    const onRequestStreams = view.fromServer.filter((i) => isNotification(i.m) && i.e.channel?.startsWith('POST#') && !listens.some((l) => l.e.channel === i.e.channel));
    if (onRequestStreams.length === 0) return undefined;
    const problems: string[] = [];
    for (const n of onRequestStreams) {
      const origin = view.postOf(n);
      const method = String(n.m.method);
      if (SUBSCRIPTION_ONLY.has(method)) {
        problems.push(`${view.describe(n)}: subscription traffic on the stream of ${String(origin?.m.method ?? 'a request')}`);
      } else if (method === 'notifications/progress') {
        const meta = isRecord(origin?.m.params) ? (origin.m.params as Record<string, unknown>)._meta : undefined;
        const token = isRecord(meta) ? meta.progressToken : undefined;
        const sent = isRecord(n.m.params) ? (n.m.params as Record<string, unknown>).progressToken : undefined;
        if (token === undefined || idKey(token) !== idKey(sent)) {
          problems.push(`${view.describe(n)}: progress token ${JSON.stringify(sent)} is not the token of the request on this stream (${JSON.stringify(token)})`);
        }
      }
    }
    return problems;
  },
};

/** The standalone GET streams; a GET that resumes a request's stream (Last-Event-ID) may carry its response. */
function getStreams(view: TranscriptView): string[] {
  const resumed = view.resumptionChannels();
  return [
    ...new Set(
      view.events
        .filter((e) => e.kind === 'http' && e.http?.method === 'GET' && e.http.status === 200 && !e.http.legacySse && e.channel && !resumed.has(e.channel))
        .map((e) => e.channel as string),
    ),
  ];
}

export const NO_RESPONSE_ON_GET_STREAM: TranscriptRule = {
  id: 'http.no-response-on-get-stream',
  title: 'The standalone GET stream carries requests and notifications, never a response',
  level: 'MUST NOT',
  spec: refs({ '2025-11-25': ['HTTP-017'] }),
  noun: 'response(s) on the GET stream',
  judge(view: TranscriptView) {
    const streams = getStreams(view);
    if (view.stateless || streams.length === 0) return undefined;
    return view.fromServer.filter((i) => isResponse(i.m) && streams.includes(i.e.channel ?? '')).map((i) => `${view.describe(i)} arrived on ${i.e.channel}`);
  },
};

export const NO_BROADCAST: TranscriptRule = {
  id: 'http.no-broadcast',
  title: 'Each response or server request goes out on exactly one stream',
  level: 'MUST NOT',
  spec: refs({ '2025-11-25': ['HTTP-019'] }),
  noun: 'message(s) sent on more than one stream',
  judge(view: TranscriptView) {
    if (view.stateless || !view.overHttp) return undefined;
    // A replay on a resumed stream repeats what the broken stream carried; that is no broadcast.
    const resumed = view.resumptionChannels();
    const withId = view.fromServer.filter((i) => (isResponse(i.m) || isRequest(i.m)) && i.e.channel && !view.isHttpRejection(i) && !resumed.has(i.e.channel));
    const channels = new Set(view.fromServer.map((i) => i.e.channel));
    if (channels.size < 2 || withId.length === 0) return undefined;
    // Notifications are left out: two equal ones may be two real events.
    const firstSeen = new Map<string, Item>();
    const problems: string[] = [];
    for (const i of withId) {
      const key = `${isResponse(i.m) ? 'response' : 'request'}:${idKey(i.m.id)}`;
      const first = firstSeen.get(key);
      if (first && first.e.channel !== i.e.channel) problems.push(`${view.describe(i)} repeats message #${first.e.seq} of ${first.e.channel}`);
      else if (!first) firstSeen.set(key, i);
    }
    return problems;
  },
};
