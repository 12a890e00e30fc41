// A read-only view of one connection's transcript for the rules that judge it as a whole: every
// JSON-RPC object in order (batches flattened), which request each response answers, and what the
// client declared. Built once per case; each rule only reads it.
import type { WireEvent } from '../../model.js';
import { preview } from '../../match/path.js';
import { idKey } from '../../wire/connection.js';
import { eraOf } from '../../versions.js';

export type Rec = Record<string, unknown>;

export interface Item {
  e: WireEvent;
  m: Rec;
  /** Position among all items, for "before" / "after" questions. */
  n: number;
}

export const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isRequest = (m: Rec): boolean => typeof m.method === 'string' && 'id' in m;
export const isNotification = (m: Rec): boolean => typeof m.method === 'string' && !('id' in m);
export const isResponse = (m: Rec): boolean => !('method' in m) && ('result' in m || 'error' in m);

const META_PREFIX = 'io.modelcontextprotocol/';

export class TranscriptView {
  readonly stateless: boolean;
  readonly overStdio: boolean;
  readonly overHttp: boolean;
  /** Every JSON-RPC object either way, in wire order, deliberate ones included (see `e.deliberate`). */
  readonly items: Item[] = [];
  /** What the server sent, and what the harness sent; derived once, read by every rule. */
  readonly fromServer: Item[];
  readonly fromHarness: Item[];
  private readonly answered = new Map<Item, Item>();
  private readonly listens: Map<string, Item>;
  /** The HTTP status each channel was answered with. */
  private readonly statusOf = new Map<string, number>();
  private readonly resumed = new Set<string>();

  constructor(
    readonly version: string,
    readonly events: WireEvent[],
  ) {
    this.stateless = eraOf(version) === 'stateless';
    this.overStdio = events.some((e) => e.channel === 'stdin' || e.channel === 'stdout');
    // Streamable HTTP only: the legacy HTTP+SSE transport (2024-11-05) has none of its streams or rules.
    this.overHttp = events.some((e) => e.kind === 'http' && !e.http?.legacySse);
    for (const e of events) {
      if (e.kind !== 'message') continue;
      const list = Array.isArray(e.message) ? e.message : [e.message];
      for (const m of list) if (isRecord(m)) this.items.push({ e, m, n: this.items.length });
    }
    this.fromServer = this.items.filter((i) => i.e.direction === 'in');
    this.fromHarness = this.items.filter((i) => i.e.direction === 'out');
    this.listens = new Map(this.fromHarness.filter((i) => i.m.method === 'subscriptions/listen' && 'id' in i.m).map((i) => [idKey(i.m.id), i]));
    for (const e of events) {
      if (e.kind !== 'http' || !e.channel || !e.http) continue;
      if (e.direction === 'in') this.statusOf.set(e.channel, e.http.status);
      if (e.http.resumedFrom !== undefined) this.resumed.add(e.channel);
    }
    // Pair each response with the latest unanswered request of the other side carrying the same id.
    const open = new Map<string, Item[]>();
    for (const it of this.items) {
      if ('id' in it.m && !isResponse(it.m)) {
        const key = `${it.e.direction}:${idKey(it.m.id)}`;
        open.set(key, [...(open.get(key) ?? []), it]);
      } else if (isResponse(it.m)) {
        const key = `${it.e.direction === 'in' ? 'out' : 'in'}:${idKey(it.m.id)}`;
        const waiting = open.get(key);
        const request = waiting?.shift();
        if (request) this.answered.set(it, request);
      }
    }
  }

  /**
   * An error body of an HTTP rejection (4xx/5xx): the transport refused the POST, and the spec lets
   * that body be an id-less JSON-RPC error rather than an answer to a request.
   */
  isHttpRejection(item: Item): boolean {
    if (!item.e.channel || item.e.direction !== 'in') return false;
    return (this.statusOf.get(item.e.channel) ?? 0) >= 400;
  }

  /** Channels of GET requests that resumed an earlier stream (Last-Event-ID): replays may repeat what that stream carried. */
  resumptionChannels(): Set<string> {
    return this.resumed;
  }

  /** The request a response answers, if the other side sent one with that id and it was still unanswered. */
  requestFor(response: Item): Item | undefined {
    return this.answered.get(response);
  }

  /** The handshake era's declared client capabilities (from initialize), or the per-request ones of the stateless era. */
  clientCapabilities(request?: Item): Rec | undefined {
    if (this.stateless) {
      const meta = isRecord(request?.m.params) ? (request.m.params as Rec)._meta : undefined;
      const caps = isRecord(meta) ? meta[`${META_PREFIX}clientCapabilities`] : undefined;
      return isRecord(caps) ? caps : undefined;
    }
    const init = this.fromHarness.find((i) => i.m.method === 'initialize');
    const caps = isRecord(init?.m.params) ? (init.m.params as Rec).capabilities : undefined;
    return isRecord(caps) ? caps : undefined;
  }

  /** The ids of the subscriptions/listen requests the harness sent, by id key. */
  listenRequests(): Map<string, Item> {
    return this.listens;
  }

  /** The subscription a server notification belongs to: by its stream over HTTP, by its _meta tag over stdio. */
  subscriptionOf(item: Item): Item | undefined {
    const listens = this.listenRequests();
    if (item.e.kind === 'message' && this.overHttp) {
      for (const l of listens.values()) if (l.e.channel !== undefined && l.e.channel === item.e.channel) return l;
      return undefined;
    }
    const meta = isRecord(item.m.params) ? (item.m.params as Rec)._meta : undefined;
    const tag = isRecord(meta) ? meta[`${META_PREFIX}subscriptionId`] : undefined;
    return tag === undefined ? undefined : listens.get(idKey(tag));
  }

  /** The harness request whose HTTP POST carried this server message (HTTP only). */
  postOf(item: Item): Item | undefined {
    if (!item.e.channel?.startsWith('POST#')) return undefined;
    return this.fromHarness.find((h) => h.e.channel === item.e.channel && isRequest(h.m));
  }

  describe(item: Item): string {
    const m = item.m;
    const request = isResponse(m) ? this.requestFor(item) : undefined;
    const what =
      typeof m.method === 'string'
        ? `${'id' in m ? 'request' : 'notification'} ${m.method}`
        : `${'error' in m ? 'error response' : 'response'}${request ? ` to ${String(request.m.method)}` : ''} (id ${preview(m.id, 40)})`;
    return `message #${item.e.seq} (${what}${item.e.channel ? `, ${item.e.channel}` : ''})`;
  }
}
