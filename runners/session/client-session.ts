// The harness as an MCP client, speaking raw JSON-RPC: it allocates ids, matches responses, answers
// requests the server sends with canned answers, and never hides what the wire carried.
import type { CannedAnswer, WireEvent } from '../model.js';
import { idKey, type Connection } from '../wire/connection.js';
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

export class ClientSession {
  private nextNumericId = 1;
  private readonly pending = new Set<string>();
  /** Answers for server requests; a step may push overrides for its duration. */
  answers: Record<string, CannedAnswer>;

  constructor(
    readonly conn: Connection,
    private readonly timeoutMs: number,
    scenarioAnswers: Record<string, CannedAnswer>,
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
    const canned = this.answers[m.method] ?? {
      error: { code: -32601, message: `mcp-conform has no answer for ${m.method} in this scenario` },
    };
    const reply = { jsonrpc: '2.0', id: m.id, ...canned };
    void this.conn.send(JSON.stringify(reply));
  }

  allocateId(): number {
    return this.nextNumericId++;
  }

  async sendRequest(method: string, params: unknown, id: string | number = this.allocateId(), deliberate = false): Promise<SentRequest> {
    const key = idKey(id);
    const startSeq = this.timeline.nextSeq;
    this.pending.add(key);
    const message = { jsonrpc: '2.0', id, method, ...(params !== undefined && { params }) };
    await this.conn.send(JSON.stringify(message), { requestKey: key, deliberate });
    return { key, id, method, startSeq };
  }

  /** Waits for the response to `sent`; an HTTP failure without a JSON-RPC body ends the wait early. */
  async awaitResponse(sent: SentRequest): Promise<RequestOutcome> {
    const outcome: WaitOutcome = await this.timeline.waitFor((e) => this.answers_(e, sent), sent.startSeq, this.timeoutMs);
    this.pending.delete(sent.key);
    if (outcome.kind === 'timeout') return { kind: 'timeout', startSeq: sent.startSeq };
    if (outcome.kind === 'closed') return { kind: 'closed', startSeq: sent.startSeq, reason: outcome.reason };
    const http = this.httpFor(sent);
    if (outcome.event.kind === 'http') return { kind: 'http-failure', startSeq: sent.startSeq, endSeq: outcome.event.seq, http: outcome.event };
    return {
      kind: 'response',
      message: outcome.event.message as Record<string, unknown>,
      startSeq: sent.startSeq,
      endSeq: outcome.event.seq,
      ...(http && { http }),
    };
  }

  async request(method: string, params: unknown, id?: string | number, deliberate = false): Promise<RequestOutcome> {
    return this.awaitResponse(await this.sendRequest(method, params, id, deliberate));
  }

  private answers_(e: WireEvent, sent: SentRequest): boolean {
    if (e.kind === 'http') {
      const h = e.http;
      return e.requestKey === sent.key && !!h && !h.rpcBody && (h.status === 0 || h.status >= 400);
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
    await this.conn.send(JSON.stringify({ jsonrpc: '2.0', method, ...(params !== undefined && { params }) }));
    return startSeq;
  }
}
