// The harness as an MCP client, speaking raw JSON-RPC: it allocates ids, matches responses, answers
// requests the server sends with canned answers, and never hides what the wire carried.
import type { CannedAnswer, Envelope, WireEvent } from '../model.js';
import { idKey, type Connection } from '../wire/connection.js';
import { timedOut } from '../wire/http-connection.js';
import type { WaitOutcome } from '../wire/timeline.js';

export type RequestOutcome =
  | { kind: 'response'; message: Record<string, unknown>; startSeq: number; endSeq: number; http?: WireEvent }
  | { kind: 'http-failure'; startSeq: number; endSeq: number; http: WireEvent }
  | { kind: 'timeout'; startSeq: number }
  | { kind: 'closed'; startSeq: number; reason: string };

export interface SentRequest {
  key: string;
  id: string | number;
  method: string;
  startSeq: number;
}

const DEFAULT_ANSWERS: Record<string, CannedAnswer> = {
  ping: { result: {} },
};

export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
} as const;

/** What every stateless-era request carries in `_meta`, set once the case knows its era. */
export interface StatelessIdentity {
  protocolVersion: string;
  clientCapabilities: Record<string, unknown>;
  clientInfo: Record<string, unknown>;
}

/** The params member each HTTP `Mcp-Name` header mirrors, by method. */
const NAME_PARAM: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  // The tasks extension mirrors the task id (TASK-019).
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

const SENTINEL_PREFIX = '=?base64?';
const SENTINEL_SUFFIX = '?=';
/** Plain ASCII a header carries as it is: visible characters, inner spaces, no control characters. */
const PLAIN_HEADER_VALUE = /^(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?$/;

/**
 * A mirrored value (Mcp-Name, Mcp-Param-*) as the stateless era's clients send it: as it is when it is
 * plain ASCII, otherwise — and when it looks like the sentinel itself — `=?base64?<its UTF-8 in Base64>?=`.
 */
export function encodeHeaderValue(value: string): string {
  const sentinelLike = value.startsWith(SENTINEL_PREFIX) && value.endsWith(SENTINEL_SUFFIX);
  if (PLAIN_HEADER_VALUE.test(value) && !sentinelLike) return value;
  return `${SENTINEL_PREFIX}${Buffer.from(value, 'utf8').toString('base64')}${SENTINEL_SUFFIX}`;
}

export class ClientSession {
  private nextNumericId = 1;
  private readonly pending = new Set<string>();
  /** Answers for server requests; a step may push overrides for its duration. */
  answers: Record<string, CannedAnswer | CannedAnswer[]>;
  /** How many requests each list of answers has served so far (a list answers its requests in turn). */
  private readonly served = new WeakMap<CannedAnswer[], number>();
  /** Set on the stateless era: requests then carry `_meta` and the HTTP headers that mirror it. */
  stateless: StatelessIdentity | undefined;

  constructor(
    readonly conn: Connection,
    private readonly timeoutMs: number,
    scenarioAnswers: Record<string, CannedAnswer | CannedAnswer[]>,
    /** A server process that has only just started may take longer to give its first answer. */
    private firstAnswerTimeoutMs?: number,
  ) {
    this.answers = { ...DEFAULT_ANSWERS, ...scenarioAnswers };
    conn.timeline.onEvent((e) => this.onEvent(e));
  }

  get timeline() {
    return this.conn.timeline;
  }

  private onEvent(e: WireEvent): void {
    if (e.direction !== 'in' || e.kind !== 'message') return;
    const m = e.message as Record<string, unknown> | undefined;
    if (!m || typeof m.method !== 'string' || !('id' in m)) return;
    const canned = this.answerFor(m.method) ?? {
      error: { code: -32601, message: `mcp-conform has no answer for ${m.method} in this scenario` },
    };
    const reply = { jsonrpc: '2.0', id: m.id, ...canned };
    void this.conn.send(JSON.stringify(reply));
  }

  /** The canned answer for the next request of `method`: a list gives its entries in turn, then repeats its last. */
  private answerFor(method: string): CannedAnswer | undefined {
    const canned = this.answers[method];
    if (!Array.isArray(canned)) return canned;
    const n = this.served.get(canned) ?? 0;
    this.served.set(canned, n + 1);
    return canned[Math.min(n, canned.length - 1)];
  }

  allocateId(): number {
    return this.nextNumericId++;
  }

  async sendRequest(method: string, params: unknown, id: string | number = this.allocateId(), deliberate = false, envelope: Envelope = {}): Promise<SentRequest> {
    const key = idKey(id);
    const startSeq = this.timeline.nextSeq;
    this.pending.add(key);
    const { params: full, headers } = this.prepare(method, params, envelope);
    const message = { jsonrpc: '2.0', id, method, ...(full !== undefined && { params: full }) };
    await this.conn.send(JSON.stringify(message), { requestKey: key, deliberate, headers });
    return { key, id, method, startSeq };
  }

  /** The params and HTTP headers a request goes out with: on the stateless era, `_meta` and the headers mirroring it. */
  prepare(method: string, params: unknown, envelope: Envelope = {}): { params: unknown; headers: Record<string, string | null> | undefined } {
    const full = this.withMeta(params, envelope);
    return { params: full, headers: this.headersFor(method, full, envelope) };
  }

  /** Stateless era: the per-request `_meta` (protocol version, client capabilities and info), merged with the step's. */
  private withMeta(params: unknown, envelope: Envelope): unknown {
    if (!this.stateless || envelope.meta === false) return params;
    const p = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
    const own = (typeof p._meta === 'object' && p._meta !== null ? p._meta : {}) as Record<string, unknown>;
    const meta: Record<string, unknown> = {
      [META.protocolVersion]: this.stateless.protocolVersion,
      [META.clientCapabilities]: this.stateless.clientCapabilities,
      [META.clientInfo]: this.stateless.clientInfo,
      ...own,
      ...envelope.meta,
    };
    // A step removes a key by setting it to null (to send a request that lacks a required field).
    for (const [k, v] of Object.entries(meta)) if (v === null) delete meta[k];
    return { ...p, _meta: meta };
  }

  /** Stateless era over HTTP: MCP-Protocol-Version, Mcp-Method and Mcp-Name mirror the body. */
  private headersFor(method: string, params: unknown, envelope: Envelope): Record<string, string | null> | undefined {
    if (!this.stateless) return envelope.headers;
    const p = (params ?? {}) as Record<string, unknown>;
    // Notifications carry no required _meta; their POSTs still name the version in the header.
    const version = (p._meta as Record<string, unknown> | undefined)?.[META.protocolVersion] ?? (p._meta === undefined ? this.stateless.protocolVersion : undefined);
    const nameParam = NAME_PARAM[method];
    const name = nameParam ? p[nameParam] : undefined;
    return {
      ...(typeof version === 'string' && { 'mcp-protocol-version': version }),
      'mcp-method': method,
      ...(typeof name === 'string' && { 'mcp-name': encodeHeaderValue(name) }),
      ...envelope.headers,
    };
  }

  /** Waits for the response to `sent`; an HTTP failure without a JSON-RPC body ends the wait early. */
  async awaitResponse(sent: SentRequest): Promise<RequestOutcome> {
    const bound = Math.max(this.timeoutMs, this.firstAnswerTimeoutMs ?? 0);
    const outcome: WaitOutcome = await this.timeline.waitFor((e) => this.answersRequest(e, sent), sent.startSeq, bound);
    this.pending.delete(sent.key);
    // Only the very first wait includes the server's start-up.
    this.firstAnswerTimeoutMs = undefined;
    if (outcome.kind === 'timeout') return { kind: 'timeout', startSeq: sent.startSeq };
    if (outcome.kind === 'closed') return { kind: 'closed', startSeq: sent.startSeq, reason: outcome.reason };
    const http = this.httpFor(sent);
    if (outcome.event.kind === 'http') {
      // The POST was abandoned at --timeout: no answer came, as when a stdio server stays silent.
      if (timedOut(outcome.event.http)) return { kind: 'timeout', startSeq: sent.startSeq };
      return { kind: 'http-failure', startSeq: sent.startSeq, endSeq: outcome.event.seq, http: outcome.event };
    }
    return {
      kind: 'response',
      message: outcome.event.message as Record<string, unknown>,
      startSeq: sent.startSeq,
      endSeq: outcome.event.seq,
      ...(http && { http }),
    };
  }

  async request(method: string, params: unknown, id?: string | number, deliberate = false, envelope: Envelope = {}): Promise<RequestOutcome> {
    return this.awaitResponse(await this.sendRequest(method, params, id, deliberate, envelope));
  }

  private answersRequest(e: WireEvent, sent: SentRequest): boolean {
    if (e.kind === 'http') {
      // An HTTP error answer ends the wait: a body answering this request by id would have come first.
      // So does a body that never arrived whole (the server cut the connection): no answer can follow on it.
      const h = e.http;
      return e.requestKey === sent.key && !!h && (h.status === 0 || h.status >= 400 || h.failure !== undefined);
    }
    if (e.direction !== 'in' || e.kind !== 'message') return false;
    const m = e.message as Record<string, unknown> | undefined;
    if (!m || 'method' in m || !('id' in m) || !('result' in m || 'error' in m)) return false;
    const key = idKey(m.id);
    if (key === sent.key) return true;
    // A response whose id differs only in type (7 for "7") still answers this request — the
    // checks then see the wrong id instead of waiting for a response that will never come.
    return m.id !== null && String(m.id) === String(sent.id) && !this.pending.has(key);
  }

  /** The HTTP exchange that carried a request, if any. */
  httpFor(sent: SentRequest): WireEvent | undefined {
    return this.timeline.events.find((e) => e.seq >= sent.startSeq && e.kind === 'http' && e.requestKey === sent.key);
  }

  async notify(method: string, params: unknown): Promise<number> {
    const startSeq = this.timeline.nextSeq;
    await this.conn.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params !== undefined && { params }) }), { headers: this.headersFor(method, params, {}) });
    return startSeq;
  }
}
