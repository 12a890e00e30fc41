// Streamable HTTP transport, client side: every message is a POST to the endpoint; answers come
// back as JSON, as an SSE stream, or as 202 with no body. Session and version headers are carried.
import type { HttpExchange } from '../model.js';
import type { Connection, SendInfo } from './connection.js';
import { SseParser } from './sse.js';
import { Timeline } from './timeline.js';

export interface HttpOptions {
  /** Bound on waiting for response headers (and for a JSON body). */
  timeoutMs: number;
  /** Extra headers for every request (e.g. from --header). */
  headers?: Record<string, string>;
}

const NO_ANSWER = 'no HTTP answer within';
const BODY_NOT_READ = 'body not read: ';

/** Why an exchange is abandoned when the harness gives up waiting (--timeout), as opposed to the server failing it. */
export function noAnswerWithin(ms: number): Error {
  return new Error(`${NO_ANSWER} ${ms} ms`);
}

/** The harness abandoned this exchange (its headers or its JSON body) at its own bound: no answer came, which is not a failed answer. */
export function timedOut(http: HttpExchange | undefined): boolean {
  const failure = http?.failure ?? '';
  return failure.startsWith(NO_ANSWER) || failure.startsWith(`${BODY_NOT_READ}${NO_ANSWER}`);
}

export class HttpConnection implements Connection {
  readonly transport = 'http' as const;
  readonly timeline = new Timeline();
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private readonly controllers = new Set<AbortController>();
  /** The POST carrying each request, by request key, so the client can walk away from its answer. */
  private readonly byRequest = new Map<string, AbortController>();
  private posts = 0;

  constructor(
    readonly url: string,
    private readonly options: HttpOptions,
  ) {}

  setProtocolVersion(version: string | undefined): void {
    this.protocolVersion = version;
  }

  private headers(extra: Record<string, string | null> = {}): Record<string, string> {
    const out: Record<string, string> = {
      ...this.options.headers,
      ...(this.sessionId !== undefined && { 'mcp-session-id': this.sessionId }),
      ...(this.protocolVersion !== undefined && { 'mcp-protocol-version': this.protocolVersion }),
    };
    for (const [name, value] of Object.entries(extra)) {
      if (value === null) delete out[name.toLowerCase()];
      else out[name.toLowerCase()] = value;
    }
    return out;
  }

  async send(text: string, info: SendInfo = {}): Promise<void> {
    const channel = `POST#${++this.posts}`;
    this.timeline.pushSent(text, channel, info.deliberate);
    await this.exchange('POST', { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...info.headers }, text, channel, info.requestKey);
  }

  /** Opens the GET stream on which a server may send messages unrelated to any POST (405 is a valid answer). */
  async openStandaloneStream(): Promise<void> {
    await this.exchange('GET', { accept: 'text/event-stream' }, undefined, 'GET');
  }

  /**
   * One HTTP request to the endpoint with the connection's session and version headers (a header set
   * to null is left out). JSON-RPC messages in the answer, as JSON or as an event stream read in the
   * background, land on the timeline before the exchange itself; the exchange is returned too.
   */
  async exchange(method: string, extra: Record<string, string | null>, body: string | undefined, channel = `${method}#${++this.posts}`, requestKey?: string, url?: string): Promise<HttpExchange> {
    const ac = new AbortController();
    this.controllers.add(ac);
    if (requestKey !== undefined) this.byRequest.set(requestKey, ac);
    const timer = setTimeout(() => ac.abort(noAnswerWithin(this.options.timeoutMs)), this.options.timeoutMs);
    const base = { channel, direction: 'in' as const, kind: 'http' as const, ...(requestKey !== undefined && { requestKey }) };
    let res: Response;
    try {
      // Another URL (e.g. a metadata document) gets the given headers only: no session, version or default ones.
      const headers = url === undefined ? this.headers(extra) : plainHeaders(extra);
      res = await fetch(url ?? this.url, { method, headers, ...(body !== undefined && { body }), signal: ac.signal });
    } catch (e) {
      clearTimeout(timer);
      this.controllers.delete(ac);
      const failed = failedExchange(method, e);
      this.timeline.push({ ...base, http: failed });
      return failed;
    }
    const headers = Object.fromEntries(res.headers);
    const contentType = headers['content-type'] ?? '';
    const resumed = Object.entries(extra).find(([name, value]) => name.toLowerCase() === 'last-event-id' && typeof value === 'string');
    const exchange: HttpExchange = { method, status: res.status, contentType, headers, rpcBody: false, ...(resumed && { resumedFrom: resumed[1] as string }) };
    const sid = res.headers.get('mcp-session-id');
    if (sid !== null && this.sessionId === undefined && url === undefined) this.sessionId = sid;

    if (/^text\/event-stream/i.test(contentType) && res.body) {
      clearTimeout(timer);
      exchange.rpcBody = true;
      this.timeline.push({ ...base, http: exchange });
      void this.readStream(res.body, channel, ac);
      return exchange;
    }
    let text = '';
    try {
      text = await res.text();
    } catch (e) {
      exchange.failure = `${BODY_NOT_READ}${e instanceof Error ? e.message : String(e)}`;
    } finally {
      clearTimeout(timer);
      this.controllers.delete(ac);
    }
    if (text.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const messages = Array.isArray(parsed) ? parsed : parsed !== undefined ? [parsed] : [];
      const rpc = messages.filter((m) => typeof m === 'object' && m !== null && ('jsonrpc' in m || 'method' in m || 'id' in m));
      // A single message keeps its own text (rules read it, e.g. for repeated keys); batch items are re-serialised.
      for (const m of rpc) this.timeline.push({ direction: 'in', kind: 'message', raw: Array.isArray(parsed) ? JSON.stringify(m) : text, message: m, channel });
      exchange.rpcBody = rpc.length > 0;
      if (!exchange.rpcBody) {
        exchange.bodyPreview = text.slice(0, 300);
        if (parsed !== undefined) exchange.json = parsed;
      }
    }
    this.timeline.push({ ...base, http: exchange });
    return exchange;
  }

  private async readStream(body: ReadableStream<Uint8Array>, channel: string, ac: AbortController): Promise<void> {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        for (const event of parser.feed(decoder.decode(chunk, { stream: true }))) {
          if (event.data === '') continue; // priming events carry an id and no message
          let message: unknown;
          try {
            message = JSON.parse(event.data);
          } catch {
            this.timeline.push({ direction: 'in', kind: 'noise', raw: event.data.slice(0, 2000), channel });
            continue;
          }
          this.timeline.push({ direction: 'in', kind: 'message', raw: event.data, message, channel, ...(event.id !== undefined && { sseId: event.id }) });
        }
      }
    } catch {
      // Aborted on close, or the server dropped the stream; the waits that depended on it time out.
    } finally {
      this.controllers.delete(ac);
    }
  }

  disconnect(requestKey: string): boolean {
    const ac = this.byRequest.get(requestKey);
    if (!ac) return false;
    ac.abort(new Error('the client closed the stream'));
    this.timeline.push({ direction: 'out', kind: 'http', channel: undefined, requestKey, http: { method: 'POST', status: 0, contentType: '', headers: {}, rpcBody: false, failure: 'closed by the client' } });
    return true;
  }

  async close(): Promise<void> {
    if (this.sessionId !== undefined) {
      const ac = new AbortController();
      const timer = setTimeout(() => ac.abort(), 1000);
      try {
        await fetch(this.url, { method: 'DELETE', headers: this.headers(), signal: ac.signal });
      } catch {
        /* closing politely is best effort */
      } finally {
        clearTimeout(timer);
      }
    }
    for (const ac of this.controllers) ac.abort();
    this.controllers.clear();
    this.timeline.close('the connection was closed by the harness');
  }

  stderrTail(): string {
    return '';
  }
}

function plainHeaders(extra: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(extra).filter((e): e is [string, string] => e[1] !== null).map(([k, v]) => [k.toLowerCase(), v]));
}

function failedExchange(method: string, e: unknown): HttpExchange {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : '';
  const text = e instanceof Error ? (e.name === 'AbortError' || e.name === 'TimeoutError' ? String((e as { message?: string }).message) : e.message) : String(e);
  return { method, status: 0, contentType: '', headers: {}, rpcBody: false, failure: cause ? `${text} (${cause})` : text };
}
