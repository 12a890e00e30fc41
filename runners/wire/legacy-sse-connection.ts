// The legacy HTTP+SSE transport of protocol version 2024-11-05, client side: a GET opens an event
// stream whose first event, `endpoint`, names the URI to POST every client message to; POSTs are
// acknowledged (usually 202, body ignored) and every server message arrives as a `message` event
// on the GET stream. Its exchanges are marked `legacySse` so Streamable HTTP rules pass over them.
import type { HttpExchange } from '../model.js';
import type { Connection, SendInfo } from './connection.js';
import { noAnswerWithin } from './http-connection.js';
import { SseParser } from './sse.js';
import { Timeline } from './timeline.js';

export interface LegacySseOptions {
  /** Bound on the GET's headers and its endpoint event, and on each POST's answer. */
  timeoutMs: number;
  /** Extra headers for every request (the GET and each POST). */
  headers?: Record<string, string>;
}

/** The channel every event of the GET stream is recorded on. */
export const LEGACY_SSE_CHANNEL = 'SSE';

export class LegacySseConnection implements Connection {
  readonly transport = 'sse' as const;
  readonly timeline = new Timeline();
  /** Where messages go, once the endpoint event named it. */
  private postUrl: string | undefined;
  /** Why there is nowhere to POST to (no endpoint event, GET refused, ...), once known. */
  private unusable: string | undefined;
  private readonly stream = new AbortController();
  private readonly posts = new Set<AbortController>();
  private postCount = 0;
  private closing = false;

  private constructor(
    readonly url: string,
    private readonly options: LegacySseOptions,
  ) {}

  /**
   * Opens the GET stream and waits (bounded by the timeout) for its endpoint event. It never throws
   * for what the server does: a missing endpoint makes every later POST a recorded failure instead.
   */
  static async open(url: string, options: LegacySseOptions): Promise<LegacySseConnection> {
    const conn = new LegacySseConnection(url, options);
    await conn.start();
    return conn;
  }

  private async start(): Promise<void> {
    const { timeoutMs } = this.options;
    const base = { direction: 'in' as const, kind: 'http' as const, channel: LEGACY_SSE_CHANNEL };
    const timer = setTimeout(() => this.stream.abort(noAnswerWithin(timeoutMs)), timeoutMs);
    let res: Response;
    try {
      res = await fetch(this.url, { method: 'GET', headers: { ...this.options.headers, accept: 'text/event-stream' }, signal: this.stream.signal });
    } catch (e) {
      clearTimeout(timer);
      const failure = describeFailure(e);
      this.unusable = `the SSE stream could not be opened: ${failure}`;
      this.timeline.push({ ...base, http: { method: 'GET', status: 0, contentType: '', headers: {}, rpcBody: false, failure, legacySse: {} } });
      return;
    }
    clearTimeout(timer);
    const headers = Object.fromEntries(res.headers);
    const exchange: HttpExchange = { method: 'GET', status: res.status, contentType: headers['content-type'] ?? '', headers, rpcBody: false, legacySse: {} };
    if (res.status < 200 || res.status >= 300 || !res.body) {
      const text = await res.text().catch(() => '');
      if (text) exchange.bodyPreview = text.slice(0, 300);
      this.unusable = `the GET for the SSE stream was answered with HTTP ${res.status}`;
      this.timeline.push({ ...base, http: exchange });
      this.stream.abort();
      return;
    }
    // The exchange is recorded once the endpoint is known (or known to be missing), so it shows both.
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      this.timeline.push({ ...base, http: exchange });
    };
    const legacy = exchange.legacySse as NonNullable<HttpExchange['legacySse']>;
    let announced!: () => void;
    const endpointKnown = new Promise<void>((resolve) => (announced = resolve));
    const onEndpoint = (data: string): void => {
      legacy.endpoint = data;
      try {
        this.postUrl = new URL(data.trim(), this.url).href;
        legacy.postUrl = this.postUrl;
      } catch {
        this.unusable = `the endpoint event's data ${JSON.stringify(data.slice(0, 200))} is not a URI`;
      }
      exchange.rpcBody = true;
      record();
      announced();
    };
    const reading = this.read(res.body, legacy, onEndpoint).finally(() => {
      if (!recorded) {
        this.unusable ??= 'the SSE stream ended before its endpoint event';
        record();
      }
      announced();
    });
    void reading;
    let waitTimer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (waitTimer = setTimeout(resolve, timeoutMs)));
    await Promise.race([endpointKnown, waited]);
    clearTimeout(waitTimer);
    if (!recorded) {
      this.unusable = `no endpoint event on the SSE stream within ${timeoutMs} ms`;
      record();
    }
  }

  /** Reads the GET stream to its end: the endpoint event, then every message event onto the timeline. */
  private async read(body: ReadableStream<Uint8Array>, legacy: NonNullable<HttpExchange['legacySse']>, onEndpoint: (data: string) => void): Promise<void> {
    const parser = new SseParser();
    const decoder = new TextDecoder();
    let endpointSeen = false;
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        for (const event of parser.feed(decoder.decode(chunk, { stream: true }))) {
          legacy.firstEvent ??= event.event;
          if (event.event === 'endpoint') {
            // Only the first announcement counts; a later one would move the endpoint mid-session.
            if (!endpointSeen) onEndpoint(event.data);
            endpointSeen = true;
            continue;
          }
          // Server messages are `message` events; other event types are not part of this transport.
          if (event.event !== 'message' || event.data === '') continue;
          let message: unknown;
          try {
            message = JSON.parse(event.data);
          } catch {
            this.timeline.push({ direction: 'in', kind: 'noise', raw: event.data.slice(0, 2000), channel: LEGACY_SSE_CHANNEL });
            continue;
          }
          this.timeline.push({ direction: 'in', kind: 'message', raw: event.data, message, channel: LEGACY_SSE_CHANNEL, ...(event.id !== undefined && { sseId: event.id }) });
        }
      }
    } catch {
      // Aborted by close(), or the server dropped the stream.
    }
    // Nothing more can arrive: waits end now rather than at their timeout.
    if (!this.closing) this.timeline.close('the server closed the SSE stream');
  }

  async send(text: string, info: SendInfo = {}): Promise<void> {
    const channel = `POST#${++this.postCount}`;
    this.timeline.pushSent(text, channel, info.deliberate);
    const base = { direction: 'in' as const, kind: 'http' as const, channel, ...(info.requestKey !== undefined && { requestKey: info.requestKey }) };
    if (this.postUrl === undefined) {
      const failure = this.unusable ?? 'no endpoint to POST to';
      this.timeline.push({ ...base, http: { method: 'POST', status: 0, contentType: '', headers: {}, rpcBody: false, failure, legacySse: {} } });
      return;
    }
    const ac = new AbortController();
    this.posts.add(ac);
    const { timeoutMs } = this.options;
    const timer = setTimeout(() => ac.abort(noAnswerWithin(timeoutMs)), timeoutMs);
    let exchange: HttpExchange;
    try {
      const res = await fetch(this.postUrl, { method: 'POST', headers: this.headers({ 'content-type': 'application/json', ...info.headers }), body: text, signal: ac.signal });
      const headers = Object.fromEntries(res.headers);
      exchange = { method: 'POST', status: res.status, contentType: headers['content-type'] ?? '', headers, rpcBody: false, legacySse: {} };
      // The answer's body means nothing in this transport (answers come on the stream); kept for evidence.
      const body = await res.text();
      if (body.trim() !== '') exchange.bodyPreview = body.slice(0, 300);
    } catch (e) {
      exchange = { method: 'POST', status: 0, contentType: '', headers: {}, rpcBody: false, failure: describeFailure(e), legacySse: {} };
    } finally {
      clearTimeout(timer);
      this.posts.delete(ac);
    }
    // An HTTP error (or no answer) ends the session's wait for the request this POST carried.
    this.timeline.push({ ...base, http: exchange });
  }

  private headers(extra: Record<string, string | null>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries({ ...this.options.headers })) out[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(extra)) {
      if (value === null) delete out[name.toLowerCase()];
      else out[name.toLowerCase()] = value;
    }
    return out;
  }

  /** MCP-Protocol-Version postdates this transport: nothing to carry. */
  setProtocolVersion(): void {}

  /** The GET stream is the only stream, and it is open from the start. */
  async openStandaloneStream(): Promise<void> {}

  /** Every answer shares the one stream: walking away from one of them is impossible. */
  disconnect(): boolean {
    return false;
  }

  /** Closing the GET stream ends the session (the transport has no DELETE). */
  async close(): Promise<void> {
    this.closing = true;
    this.stream.abort();
    for (const ac of this.posts) ac.abort();
    this.posts.clear();
    this.timeline.close('the connection was closed by the harness');
  }

  stderrTail(): string {
    return '';
  }
}

function describeFailure(e: unknown): string {
  const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : '';
  const text = e instanceof Error ? e.message : String(e);
  return cause ? `${text} (${cause})` : text;
}
