// Stateless era (2026-07-28): the open `subscriptions/listen` streams of this process, and the
// list-change broadcast `test_trigger_list_changed` makes. Process-wide on purpose: over HTTP every
// client's listen stream is a separate POST, and a change caused by any client reaches all of them.
import type { Faults } from './faults.js';
import { notification, type Id, type JsonObject } from './jsonrpc.js';
import type { Emit } from './session.js';

export const SUBSCRIPTION_ID_META = 'io.modelcontextprotocol/subscriptionId';

/** The list-change notification types a client can opt in to, with the method each one delivers. */
const LIST_CHANGES = {
  toolsListChanged: 'notifications/tools/list_changed',
  promptsListChanged: 'notifications/prompts/list_changed',
  resourcesListChanged: 'notifications/resources/list_changed',
} as const;

export type ListChange = keyof typeof LIST_CHANGES;
type Filter = Partial<Record<ListChange, true>>;

interface Listener {
  subscriptionId: Id;
  filter: Filter;
  emit: Emit;
}

const listeners = new Set<Listener>();

/**
 * The subset of a SubscriptionFilter this server honours: the three list changes when asked for with
 * `true`. `resourceSubscriptions` is left out because the stateless capabilities declare no
 * `resources.subscribe` (the fixture's resources never change).
 */
export function agreedFilter(requested: JsonObject): Filter {
  const agreed: Filter = {};
  for (const key of Object.keys(LIST_CHANGES) as ListChange[]) if (requested[key] === true) agreed[key] = true;
  return agreed;
}

/**
 * Runs one subscription until `signal` aborts (stdio: notifications/cancelled; HTTP: the client
 * closed the stream). The acknowledgement is the first message carrying the subscription id; only
 * then is the stream registered, so no change notification can overtake it.
 */
export async function listen(subscriptionId: Id, requested: JsonObject, emit: Emit, signal: AbortSignal, faults: Faults): Promise<void> {
  const filter = agreedFilter(requested);
  // notify-before-ack: a change notification overtakes the acknowledgement.
  if (faults.has('notify-before-ack')) emit(notification('notifications/tools/list_changed', { _meta: { [SUBSCRIPTION_ID_META]: subscriptionId } }));
  if (!faults.has('listen-no-ack')) {
    // ack-claims-everything agrees to every list-change type, requested or not.
    const agreed = faults.has('ack-claims-everything') ? { toolsListChanged: true, promptsListChanged: true, resourcesListChanged: true } : filter;
    emit(notification('notifications/subscriptions/acknowledged', { _meta: { [SUBSCRIPTION_ID_META]: subscriptionId }, notifications: agreed }));
  }
  const listener: Listener = { subscriptionId, filter, emit };
  listeners.add(listener);
  try {
    await new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    listeners.delete(listener);
  }
}

/** Sends the change to every open listen stream that opted in to it; returns how many got it. */
export function broadcastListChanged(change: ListChange, faults: Faults): number {
  if (faults.has('listen-no-list-changed')) return 0;
  let sent = 0;
  for (const listener of listeners) {
    // listen-filter-ignored: every open stream gets every change, whatever it asked for.
    if (!listener.filter[change] && !faults.has('listen-filter-ignored')) continue;
    listener.emit(notification(LIST_CHANGES[change], { _meta: { [SUBSCRIPTION_ID_META]: listener.subscriptionId } }));
    // log-on-listen-stream: a log message rides along on the subscription stream.
    if (faults.has('log-on-listen-stream')) {
      listener.emit(notification('notifications/message', { level: 'info', data: 'list changed', _meta: { [SUBSCRIPTION_ID_META]: listener.subscriptionId } }));
    }
    sent++;
  }
  return sent;
}
