// The three ways to reach a server: a child process over stdio, Streamable HTTP, and the legacy
// HTTP+SSE transport of 2024-11-05. A transport moves single JSON-RPC messages; correlation, eras
// and answers live in session.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ClientFaults } from './faults.js';
import { httpExchange, type HttpAnswer, type HttpInit } from './http.js';
import { readSse } from './sse.js';

export type Message = Record<string, unknown>;

export interface SendOptions {
  /** Extra HTTP headers for this message (the stateless era's Mcp-Method, Mcp-Name). */
  headers?: Record<string, string>;
  /** Aborting closes this request's HTTP response stream (stateless-era cancellation). */
  signal?: AbortSignal;
  /** The request's response stream broke off in error before its answer (HTTP). */
  onFailure?: (error: Error) => void;
}

export interface Transport {
  /** Set by the session before start(): every message the server sends. */
  onMessage: (message: unknown) => void;
  /** Set by the session: the connection is gone (stdio: the process exited). */
  onClose: (reason: string) => void;
  start(): Promise<void>;
  /** One message; an array (only a fault sends one) goes out as a JSON-RPC batch. */
  send(message: Message | Message[], options?: SendOptions): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by send() when the server refused the message without a JSON-RPC answer to hand over. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** HTTP 404 to a request that carried a session id: the session is gone. */
    readonly sessionExpired = false,
  ) {
    super(message);
  }
}

const log = (text: string): void => void process.stderr.write(`mcp-conform faulty-client: ${text}\n`);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TransportError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// stdio

export class StdioTransport implements Transport {
  onMessage: (message: unknown) => void = () => {};
  onClose: (reason: string) => void = () => {};
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private buffer = '';

  constructor(
    private readonly command: string[],
    private readonly env: Record<string, string> | undefined,
    private readonly faults: ClientFaults,
    private readonly timeoutMs: number,
  ) {}

  async start(): Promise<void> {
    const [program, ...args] = this.command;
    if (program === undefined) throw new TransportError('empty stdio command');
    // Its own process group, so that close() can stop the whole tree it starts.
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...this.env }, detached: true });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('close', () => resolve()));
    process.on('exit', () => this.killGroup('SIGKILL'));
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        child.once('spawn', () => resolve());
        child.once('error', (e) => reject(new TransportError(`could not start ${program}: ${e.message}`)));
      }),
      this.timeoutMs,
      'starting the server',
    );
    child.once('exit', (code, signal) => this.onClose(`the server exited (${signal ?? `code ${code}`})`));
    child.stdin?.on('error', () => {});
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      this.buffer += chunk;
      let at: number;
      while ((at = this.buffer.indexOf('\n')) !== -1) {
        const line = this.buffer.slice(0, at).replace(/\r$/, '');
        this.buffer = this.buffer.slice(at + 1);
        if (line.trim() === '') continue;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line);
        } catch {
          log(`ignoring a stdout line that is not JSON: ${line.slice(0, 200)}`);
          continue;
        }
        this.onMessage(parsed);
      }
    });
    // stdio-non-json-line: something that is not an MCP message goes to the server's stdin first.
    if (this.faults.has('stdio-non-json-line')) this.write('hello from mcp-conform faulty-client\n');
  }

  async send(message: Message | Message[]): Promise<void> {
    // stdio-embedded-newlines: messages are pretty-printed, so one message spans many lines.
    const text = this.faults.has('stdio-embedded-newlines') ? JSON.stringify(message, null, 2) : JSON.stringify(message);
    this.write(`${text}\n`);
  }

  private write(text: string): void {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || this.child?.exitCode !== null) throw new TransportError('the server is not running');
    // stdio-latin1: the text is encoded as Latin-1 instead of UTF-8.
    stdin.write(text, this.faults.has('stdio-latin1') ? 'latin1' : 'utf8');
  }

  private killGroup(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.child?.exitCode !== null || this.child.signalCode !== null) return;
    try {
      process.kill(-pid, signal);
    } catch {
      try {
        process.kill(pid, signal);
      } catch {
        /* already gone */
      }
    }
  }

  /** Close stdin, wait, then SIGTERM and finally SIGKILL the process group. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.onClose = () => {};
    child.stdin?.end();
    const grace = Math.min(2000, this.timeoutMs);
    const gone = (ms: number) => Promise.race([this.exited.then(() => true), delay(ms).then(() => false)]);
    if (!(await gone(grace))) {
      this.killGroup('SIGTERM');
      if (!(await gone(grace))) this.killGroup('SIGKILL');
      await gone(1000);
    }
    // Grandchildren may outlive the leader.
    const pid = child.pid;
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* the group is empty */
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Streamable HTTP

/** The reconnection delay of an event stream that names none. */
const DEFAULT_RETRY_MS = 1000;
/** Resumptions of one POST's stream before the client gives up on it. */
const MAX_RESUMPTIONS = 5;

/** Redirect hops one exchange follows before it takes the redirect for the answer. */
const MAX_REDIRECTS = 5;

/**
 * Where a 307 or 308 sends the request (RFC 9110 section 15.4: the method and the body stay the same). Only
 * within the endpoint's origin: the session id and the other headers must not go anywhere else.
 */
function redirectTarget(answer: HttpAnswer, from: string): string | undefined {
  const location = answer.status === 307 || answer.status === 308 ? answer.header('location') : undefined;
  if (location === undefined) return undefined;
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    return undefined;
  }
  return target.origin === new URL(from).origin ? target.href : undefined;
}

/** Where an event stream got to: its last event id, and the delay it asks for before a reconnection. */
interface StreamPosition {
  lastEventId: string | undefined;
  retryMs: number;
}

const isAnswer = (m: unknown): m is { id: unknown } => typeof m === 'object' && m !== null && 'id' in m && ('result' in m || 'error' in m) && !('method' in m);

export class StreamableHttpTransport implements Transport {
  onMessage: (message: unknown) => void = () => {};
  onClose: (reason: string) => void = () => {};
  /** Handshake era: assigned by the server in the initialize response. */
  sessionId: string | undefined;
  /** Sent as MCP-Protocol-Version once known (after initialization; at once in the stateless era). */
  protocolVersion: string | undefined;
  /** The stateless era: no session at all. */
  stateless = false;
  private readonly streams = new Set<AbortController>();
  /** The GET stream of the current session. */
  private listening: AbortController | undefined;

  constructor(
    private readonly url: string,
    private readonly faults: ClientFaults,
    private readonly timeoutMs: number,
  ) {}

  async start(): Promise<void> {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = {};
    // no-session-id-echo: the session id the server assigned is never sent back.
    if (!this.stateless && this.sessionId !== undefined && !this.faults.has('no-session-id-echo')) headers['mcp-session-id'] = this.sessionId;
    // no-protocol-version-header: the negotiated version is never announced in a header.
    if (this.protocolVersion !== undefined && !this.faults.has('no-protocol-version-header')) headers['mcp-protocol-version'] = this.protocolVersion;
    return { ...headers, ...extra };
  }

  /** One exchange with the endpoint, following its 307 and 308 redirects (they keep the method and the body). */
  private async exchange(init: HttpInit): Promise<HttpAnswer> {
    let url = this.url;
    for (let hops = 0; ; hops++) {
      // header-names-case-sensitive: response headers are found only under their exact lower-case names.
      const answer = await httpExchange(url, init, this.faults.has('header-names-case-sensitive'));
      const next = redirectTarget(answer, url);
      // redirects-not-followed: the redirect is taken for the answer, an HTTP error.
      if (next === undefined || hops >= MAX_REDIRECTS || this.faults.has('redirects-not-followed')) return answer;
      answer.discard();
      url = next;
    }
  }

  /** One POST; several messages (a fault) go out as one JSON array. */
  async send(message: Message | Message[], options: SendOptions = {}): Promise<void> {
    const messages = Array.isArray(message) ? message : [message];
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const isRequest = messages.some((m) => typeof m.method === 'string' && 'id' in m);
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    this.streams.add(controller);
    const done = (): void => {
      clearTimeout(timer);
      this.streams.delete(controller);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const sentSession = !this.stateless && this.sessionId !== undefined && !this.faults.has('no-session-id-echo');
    let response: HttpAnswer;
    try {
      response = await this.exchange({
        method: 'POST',
        headers: this.headers({
          // json-only-accept: the POST does not say it can take an event stream.
          accept: this.faults.has('json-only-accept') ? 'application/json' : 'application/json, text/event-stream',
          'content-type': 'application/json',
          ...options.headers,
        }),
        body: JSON.stringify(message),
        signal: controller.signal,
      });
    } catch (e) {
      done();
      throw new TransportError(controller.signal.aborted ? 'the POST was aborted' : `POST failed: ${(e as Error).message}`);
    }
    const assigned = response.header('mcp-session-id');
    if (!this.stateless && assigned !== undefined && messages.some((m) => m.method === 'initialize')) this.sessionId = assigned;
    const type = (response.header('content-type') ?? '').toLowerCase();
    if (response.ok && type.startsWith('text/event-stream')) {
      // Read the stream in the background; its messages (the answer among them) go to the session.
      const awaited = new Set(messages.filter((m) => typeof m.method === 'string' && 'id' in m).map((m) => JSON.stringify(m.id)));
      void this.readStream(response, options, awaited, controller.signal).finally(done);
      return;
    }
    const text = await response.text();
    done();
    if (type.startsWith('application/json') && text.trim() !== '') {
      const delivered = this.deliver(text);
      if (delivered) return;
    }
    // A 404 to a request that carried the session id: the server has ended the session.
    if (!response.ok) throw new TransportError(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, response.status, sentSession && response.status === 404);
    if (isRequest && response.status === 202) throw new TransportError('HTTP 202 with no answer to a request', 202);
    if (isRequest) throw new TransportError(`HTTP ${response.status} answered with content type '${type}', neither JSON nor an event stream`, response.status);
  }

  /**
   * A POST's event stream, read until the answers to its requests (`awaited`) have come. Handshake era: a
   * stream the server closes before that is resumed by a GET with Last-Event-ID once the stream's retry
   * delay has passed (HTTP-012, HTTP-021). A stream that breaks off, or ends for good, without the
   * answers fails the request (options.onFailure) instead of leaving it to time out.
   */
  private async readStream(response: HttpAnswer, options: SendOptions, awaited: Set<string>, signal: AbortSignal): Promise<void> {
    const position: StreamPosition = { lastEventId: undefined, retryMs: DEFAULT_RETRY_MS };
    try {
      await this.readEvents(response, position, awaited);
      for (let resumptions = 0; awaited.size > 0 && this.resumable(position) && resumptions < MAX_RESUMPTIONS; resumptions++) {
        // retry-ignored: the stream is resumed at once, whatever delay the server asked for.
        if (!this.faults.has('retry-ignored')) await delay(position.retryMs);
        if (signal.aborted) return;
        const headers = this.headers({ accept: 'text/event-stream', 'last-event-id': position.lastEventId as string });
        const resumed = await this.exchange({ method: 'GET', headers, signal });
        if (!resumed.ok || !(resumed.header('content-type') ?? '').toLowerCase().startsWith('text/event-stream')) {
          resumed.discard();
          break;
        }
        await this.readEvents(resumed, position, awaited);
      }
      if (awaited.size > 0 && !signal.aborted) throw new TransportError('the event stream ended before the answer');
    } catch (e) {
      if (!signal.aborted) options.onFailure?.(e instanceof TransportError ? e : new TransportError(`the event stream broke: ${(e as Error).message}`));
    }
  }

  private resumable(position: StreamPosition): boolean {
    // no-stream-resumption: a stream the server closed early is never resumed.
    return !this.stateless && position.lastEventId !== undefined && !this.faults.has('no-stream-resumption');
  }

  /** One event stream: its messages go to the session, its event id and retry delay to `position`. */
  private readEvents(response: HttpAnswer, position: StreamPosition, awaited?: Set<string>): Promise<void> {
    const onComment = this.faults.has('sse-comment-fatal')
      ? (text: string): void => {
          // sse-comment-fatal: a comment line (a keep-alive) is taken for a broken stream.
          throw new TransportError(`unexpected line in the event stream: ${text}`);
        }
      : undefined;
    return readSse(
      response.stream(),
      (event) => {
        if (event.id !== undefined) position.lastEventId = event.id;
        if (event.retry !== undefined) position.retryMs = event.retry;
        if (event.event === 'message') this.deliver(event.data, awaited);
      },
      onComment,
    );
  }

  /** Hands the JSON messages of a body to the session (crossing answers off `awaited`); false when the body holds none. */
  private deliver(text: string, awaited?: Set<string>): boolean {
    // An event with empty data (a stream's priming event) carries no message.
    if (text.trim() === '') return false;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      log(`ignoring a body that is not JSON: ${text.slice(0, 200)}`);
      return false;
    }
    for (const message of Array.isArray(parsed) ? parsed : [parsed]) {
      if (awaited && isAnswer(message)) awaited.delete(JSON.stringify(message.id));
      this.onMessage(message);
    }
    return true;
  }

  /** Handshake era: the GET stream for messages the server sends outside any request (405 is fine). */
  async listen(): Promise<void> {
    const controller = new AbortController();
    this.listening = controller;
    this.streams.add(controller);
    const forget = (): void => void this.streams.delete(controller);
    try {
      // get-without-accept: the GET does not say it wants an event stream.
      const accept = this.faults.has('get-without-accept') ? '*/*' : 'text/event-stream';
      const response = await this.exchange({ method: 'GET', headers: this.headers({ accept }), signal: controller.signal });
      const type = (response.header('content-type') ?? '').toLowerCase();
      if (!response.ok || !type.startsWith('text/event-stream')) {
        forget();
        response.discard();
        return;
      }
      void this.readEvents(response, { lastEventId: undefined, retryMs: DEFAULT_RETRY_MS })
        .catch(() => undefined)
        .finally(forget);
    } catch {
      forget();
    }
  }

  /** The server ended the session (404): drop its id and its GET stream before initializing anew. */
  forgetSession(): void {
    this.listening?.abort();
    this.sessionId = undefined;
    this.protocolVersion = undefined;
  }

  async close(): Promise<void> {
    for (const c of this.streams) c.abort();
    this.streams.clear();
    // no-delete-on-close: the session is simply abandoned.
    if (this.stateless || this.sessionId === undefined || this.faults.has('no-delete-on-close')) return;
    try {
      const response = await this.exchange({ method: 'DELETE', headers: this.headers(), signal: AbortSignal.timeout(Math.min(this.timeoutMs, 5000)) });
      response.discard();
    } catch {
      /* the server may already be gone */
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Legacy HTTP+SSE (2024-11-05)

export class LegacySseTransport implements Transport {
  onMessage: (message: unknown) => void = () => {};
  onClose: (reason: string) => void = () => {};
  private endpoint: string | undefined;
  private readonly controller = new AbortController();

  constructor(
    private readonly url: string,
    private readonly faults: ClientFaults,
    private readonly timeoutMs: number,
  ) {}

  async start(): Promise<void> {
    const response = await withTimeout(
      fetch(this.url, { method: 'GET', headers: { accept: 'text/event-stream' }, signal: this.controller.signal }),
      this.timeoutMs,
      'opening the SSE stream',
    ).catch((e: Error) => {
      this.controller.abort();
      throw e instanceof TransportError ? e : new TransportError(`GET failed: ${e.message}`);
    });
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (!response.ok || !type.startsWith('text/event-stream') || !response.body) {
      this.controller.abort();
      throw new TransportError(`GET ${this.url} answered HTTP ${response.status} ${type}`, response.status);
    }
    let found: (url: string) => void = () => {};
    const endpoint = new Promise<string>((resolve) => (found = resolve));
    void readSse(response.body, (event) => {
      if (event.event === 'endpoint') found(new URL(event.data.trim(), this.url).toString());
      else if (event.event === 'message') {
        try {
          this.onMessage(JSON.parse(event.data));
        } catch {
          log(`ignoring an event that is not JSON: ${event.data.slice(0, 200)}`);
        }
      }
    }).finally(() => this.onClose('the SSE stream ended'));
    this.endpoint = await withTimeout(endpoint, this.timeoutMs, 'waiting for the endpoint event').catch((e: Error) => {
      this.controller.abort();
      throw e;
    });
  }

  async send(message: Message | Message[]): Promise<void> {
    if (this.endpoint === undefined) throw new TransportError('not connected');
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      throw new TransportError(`POST failed: ${(e as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new TransportError(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, response.status);
  }

  async close(): Promise<void> {
    this.onClose = () => {};
    this.controller.abort();
  }
}
