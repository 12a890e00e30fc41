// The client side of one connection: request ids and correlation, the handshake (initialize) or the
// stateless era's discovery and per-request `_meta`, answers to server requests, progress tokens,
// cancellation, and the stateless era's input-required retries.
import type { ClientFaults } from './faults.js';
import { headerParams, nameHeader, paramHeaders, type HeaderParam } from './param-headers.js';
import type { Plan, Answer, OutcomeLine } from './plan.js';
import { TaskReceiver } from './tasks.js';
import { StreamableHttpTransport, TransportError, type SendOptions, type Transport } from './transports.js';

export const HANDSHAKE_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'];
export const STATELESS_VERSION = '2026-07-28';
export const DEFAULT_VERSION = '2025-11-25';
/** The input-required rounds one call may take before the client gives up. */
export const MAX_INPUT_ROUNDS = 8;

const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  clientInfo: 'io.modelcontextprotocol/clientInfo',
  logLevel: 'io.modelcontextprotocol/logLevel',
} as const;

const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;

export type JsonObject = Record<string, unknown>;
type Id = number | string;

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

export class CancelledError extends Error {}

/** A request's answer did not come in time. */
export class TimeoutError extends Error {}

/** Errors only a 2026-07-28 server sends: HeaderMismatch, MissingRequiredClientCapability, UnsupportedProtocolVersion. */
const MODERN_ERRORS = [-32020, -32021, -32022];
const UNSUPPORTED_VERSION = -32022;
/** Stateless-era results that carry caching hints (ttlMs). */
const CACHEABLE = new Set(['tools/list', 'resources/list', 'resources/templates/list', 'prompts/list', 'resources/read']);
/** The result types of 2026-07-28 this client knows. */
const RESULT_TYPES = ['complete', 'input_required'];

/** The version an UnsupportedProtocolVersionError advertises that this client speaks (undefined: none, or another error). */
function advertisedVersion(e: unknown): string | undefined {
  if (!(e instanceof RpcError) || e.code !== UNSUPPORTED_VERSION || !isObject(e.data)) return undefined;
  const supported = Array.isArray(e.data.supported) ? e.data.supported : [];
  return supported.includes(STATELESS_VERSION) ? STATELESS_VERSION : undefined;
}

export interface Call {
  id: Id;
  promise: Promise<unknown>;
  /** Stops waiting and tells the server (notifications/cancelled, or closing the HTTP stream). */
  cancel(reason: string): void;
}

interface Waiter {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export interface RequestOptions {
  /** Use this id instead of a fresh one. */
  id?: Id;
  /** Put a fresh progress token in `_meta`. */
  progress?: boolean;
  /** Wait this long for the answer instead of the plan's timeout. */
  timeoutMs?: number;
  /** http-batched-messages: keep the message back to go out in one POST with the next one. */
  holdBack?: boolean;
  /** Sent while connecting (http-batched-messages: the tools/list that shares server/discover's POST). */
  connecting?: boolean;
}

export class ClientSession {
  /** Stateless until a legacy server makes the client fall back to the handshake. */
  era: 'handshake' | 'stateless';
  /** Whether a legacy server made the client fall back (its results carry no resultType). */
  private fellBack = false;
  /** The version asked for (handshake) or spoken (stateless). */
  version: string;
  negotiated: string | undefined;
  /** What the server declared at initialize (empty before, and in the stateless era). */
  serverCapabilities: JsonObject = {};
  connected = false;
  private lastId = 0;
  private progressCount = 0;
  private readonly pending = new Map<string, Waiter[]>();
  private logLevel: string | undefined;
  private readonly toolHeaders = new Map<string, HeaderParam[]>();
  private closed = false;
  /** stateless-input-reused: the inputResponses and requestState of the last retry, carried onwards. */
  private carried: JsonObject = {};
  /** Stateless results kept for their ttlMs, keyed by method and params. */
  private readonly cache = new Map<string, { until: number; result: unknown }>();
  /** The tasks the server's task-augmented requests created (2025-11-25). */
  private readonly tasks: TaskReceiver;

  constructor(
    private readonly transport: Transport,
    private readonly transportKind: 'stdio' | 'http' | 'sse',
    private readonly plan: Plan,
    private readonly faults: ClientFaults,
    private readonly record: (line: OutcomeLine) => void,
    readonly timeoutMs: number,
  ) {
    this.version = plan.protocolVersion ?? DEFAULT_VERSION;
    this.era = this.version === STATELESS_VERSION ? 'stateless' : 'handshake';
    transport.onMessage = (m) => this.receive(m);
    transport.onClose = (reason) => this.lost(reason);
    this.tasks = new TaskReceiver(faults, () => this.capabilities);
    if (this.era === 'stateless' && transport instanceof StreamableHttpTransport) {
      transport.stateless = true;
      transport.protocolVersion = STATELESS_VERSION;
    }
  }

  /** The capabilities the client declares. */
  get capabilities(): JsonObject {
    const declared = isObject(this.plan.capabilities) ? { ...this.plan.capabilities } : {};
    // capabilities-overclaimed: sampling is declared although nothing would ever answer it.
    if (this.faults.has('capabilities-overclaimed') && !('sampling' in declared)) declared.sampling = {};
    // sampling-undeclared: answers sampling requests without ever declaring sampling.
    if (this.faults.has('sampling-undeclared')) delete declared.sampling;
    // sampling-tools-undeclared: tool-enabled sampling is answered, but sampling.tools is never declared.
    if (this.faults.has('sampling-tools-undeclared') && isObject(declared.sampling)) {
      const { tools: _tools, ...sampling } = declared.sampling;
      declared.sampling = sampling;
    }
    // elicitation-undeclared: elicitation requests are answered without the capability being declared.
    if (this.faults.has('elicitation-undeclared')) delete declared.elicitation;
    // roots-undeclared: roots/list is answered without the roots capability being declared.
    if (this.faults.has('roots-undeclared')) delete declared.roots;
    // elicitation-capability-no-mode: elicitation is declared with a setting but neither form nor url.
    if (this.faults.has('elicitation-capability-no-mode') && isObject(declared.elicitation)) declared.elicitation = { applyDefaults: true };
    // extension-id-unprefixed: extensions are declared under the last segment of their id, prefix dropped.
    if (this.faults.has('extension-id-unprefixed') && isObject(declared.extensions)) {
      declared.extensions = Object.fromEntries(Object.entries(declared.extensions).map(([id, settings]) => [id.split('/').pop() ?? id, settings]));
    }
    return declared;
  }

  get clientInfo(): JsonObject {
    return this.plan.clientInfo ?? { name: 'mcp-conform-faulty-client', version: '0.1.0' };
  }

  private newId(): number {
    // reuses-request-ids: every request after initialize goes out with the same id.
    if (this.faults.has('reuses-request-ids') && this.lastId >= 2) return this.lastId;
    return ++this.lastId;
  }

  // -------------------------------------------------------------------------------------------
  // Connecting

  /** `timeoutMs` bounds the initialize (or server/discover) request alone. */
  async connect(timeoutMs?: number): Promise<unknown> {
    if (this.connected) throw new Error('already connected');
    if (this.closed) throw new Error('the connection was closed');
    await this.transport.start();
    // stateless-sends-initialize: opens the stateless era with an initialize as well (its answer is ignored).
    if (this.era === 'stateless' && this.faults.has('stateless-sends-initialize')) {
      await this.request('initialize', { protocolVersion: STATELESS_VERSION, capabilities: this.capabilities, clientInfo: this.clientInfo }).promise.catch(() => undefined);
    }
    return this.era === 'stateless' ? this.discover(timeoutMs) : this.initialize(timeoutMs);
  }

  private async initialize(timeoutMs?: number): Promise<unknown> {
    // no-initialize: the client goes straight to work, as if the handshake had happened.
    if (this.faults.has('no-initialize')) {
      this.connected = true;
      this.negotiated = this.version;
      return { skipped: 'initialize' };
    }
    // asks-unknown-version: initialize names a version no spec defines.
    const asked = this.faults.has('asks-unknown-version') ? '2030-01-01' : this.version;
    const params: JsonObject = { protocolVersion: asked, capabilities: this.capabilities, clientInfo: this.clientInfo };
    // initialize-missing-client-info: the request names no client.
    if (this.faults.has('initialize-missing-client-info')) delete params.clientInfo;
    const result = await this.request('initialize', params, { ...(timeoutMs !== undefined && { timeoutMs }) }).promise;
    const chosen = isObject(result) ? result.protocolVersion : undefined;
    // accepts-unsupported-version: whatever version the server picks, the client carries on with it.
    if ((typeof chosen !== 'string' || !HANDSHAKE_VERSIONS.includes(chosen)) && !this.faults.has('accepts-unsupported-version')) {
      await this.close();
      throw new Error(`the server chose protocol version ${JSON.stringify(chosen)}, which this client does not support (${HANDSHAKE_VERSIONS.join(', ')}); disconnected`);
    }
    this.negotiated = typeof chosen === 'string' ? chosen : this.version;
    this.serverCapabilities = isObject(result) && isObject(result.capabilities) ? result.capabilities : {};
    if (this.transport instanceof StreamableHttpTransport) this.transport.protocolVersion = this.negotiated;
    this.connected = true;
    // requests-before-initialized: a request goes out before notifications/initialized does.
    if (this.faults.has('requests-before-initialized')) await this.request('tools/list', {}).promise.catch(() => undefined);
    // http-batched-messages: notifications/initialized waits to share a POST with the next message.
    if (this.faults.has('http-batched-messages') && this.transportKind === 'http') this.heldBack = { message: { jsonrpc: '2.0', method: 'notifications/initialized' }, fail: () => {} };
    // no-initialized-notification: the handshake is never completed.
    else if (!this.faults.has('no-initialized-notification')) await this.notify('notifications/initialized');
    if (this.transport instanceof StreamableHttpTransport) await this.transport.listen();
    return result;
  }

  /**
   * The stateless era's probe. UnsupportedProtocolVersionError is answered by retrying with a version
   * the server advertises; any other non-modern error, an HTTP 4xx without one, or a timeout means a
   * legacy server: the client falls back to initialize and the handshake era (STDIO-015, STDIO-016).
   */
  private async discover(timeoutMs?: number): Promise<unknown> {
    let result: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        result = await this.discoverOnce(timeoutMs);
        break;
      } catch (e) {
        const next = attempt === 1 ? advertisedVersion(e) : undefined;
        // fallback-on-any-error: a modern server's version refusal is taken for a legacy server too.
        if (next !== undefined && !this.faults.has('fallback-on-any-error')) continue;
        if (!this.isLegacyAnswer(e)) throw e;
        return this.fallBack(timeoutMs);
      }
    }
    const supported = isObject(result) && Array.isArray(result.supportedVersions) ? result.supportedVersions : [];
    if (!supported.includes(STATELESS_VERSION) && !this.faults.has('accepts-unsupported-version')) {
      await this.close();
      throw new Error(`the server does not support ${STATELESS_VERSION} (it supports ${JSON.stringify(supported)}); disconnected`);
    }
    this.negotiated = STATELESS_VERSION;
    this.connected = true;
    return result;
  }

  private discoverOnce(timeoutMs?: number): Promise<unknown> {
    const options = { ...(timeoutMs !== undefined && { timeoutMs }) };
    // http-batched-messages: server/discover goes out in one POST with a tools/list sent ahead.
    if (!this.faults.has('http-batched-messages') || this.transportKind !== 'http') return this.request('server/discover', {}, options).promise;
    const discover = this.request('server/discover', {}, { ...options, holdBack: true });
    this.request('tools/list', {}, { connecting: true }).promise.catch(() => undefined);
    return discover.promise;
  }

  /** Whether a failed server/discover says the server is a legacy one. */
  private isLegacyAnswer(e: unknown): boolean {
    // fallback-only-on-method-not-found: only -32601 is taken for a legacy server.
    if (this.faults.has('fallback-only-on-method-not-found')) return e instanceof RpcError && e.code === METHOD_NOT_FOUND;
    if (e instanceof RpcError) return this.faults.has('fallback-on-any-error') || !MODERN_ERRORS.includes(e.code);
    if (e instanceof TransportError) return e.status !== undefined && e.status >= 400 && e.status < 500;
    return e instanceof TimeoutError;
  }

  /** A legacy server: the rest of the connection speaks the latest handshake-era version. */
  private fallBack(timeoutMs?: number): Promise<unknown> {
    this.fellBack = true;
    this.era = 'handshake';
    this.version = DEFAULT_VERSION;
    if (this.transport instanceof StreamableHttpTransport) {
      this.transport.stateless = false;
      this.transport.protocolVersion = undefined;
    }
    return this.initialize(timeoutMs);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    this.failAll(new Error('the connection was closed'));
    // A cancellation sent just before closing still reaches the server.
    await Promise.race([Promise.allSettled([...this.unsettled]), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await this.transport.close();
  }

  private lost(reason: string): void {
    this.connected = false;
    this.failAll(new Error(reason));
  }

  private failAll(error: Error): void {
    const waiters = [...this.pending.values()].flat();
    this.pending.clear();
    for (const w of waiters) w.reject(error);
  }

  // -------------------------------------------------------------------------------------------
  // Sending

  /** Sends a request; its answer (bounded by the timeout) settles `promise`. */
  request(method: string, params: JsonObject = {}, options: RequestOptions = {}): Call {
    const first = this.attempt(method, params, options);
    if (method === 'initialize' || this.transportKind !== 'http') return first;
    let current = first;
    // A 404 to a request carrying the session id: the session is gone, so the client initializes a new
    // one and sends the request again there.
    const promise = first.promise.catch(async (e: unknown) => {
      // no-reinitialize-after-404: the failure is handed on and the dead session id kept.
      if (!(e instanceof TransportError && e.sessionExpired) || this.faults.has('no-reinitialize-after-404')) throw e;
      await this.reinitialize();
      const { id: _sameId, ...rest } = options;
      current = this.attempt(method, params, rest);
      return current.promise;
    });
    return { id: first.id, promise, cancel: (reason) => current.cancel(reason) };
  }

  /** A new session after the server ended the old one; concurrent failures share it. */
  private renewal: Promise<unknown> | undefined;

  private reinitialize(): Promise<unknown> {
    if (!(this.transport instanceof StreamableHttpTransport)) return Promise.reject(new Error('no session to renew'));
    const transport = this.transport;
    this.renewal ??= (async () => {
      transport.forgetSession();
      this.connected = false;
      try {
        return await this.initialize();
      } finally {
        this.renewal = undefined;
      }
    })();
    return this.renewal;
  }

  private attempt(method: string, params: JsonObject, options: RequestOptions): Call {
    const id = options.id ?? this.newId();
    let body = params;
    if (options.progress) body = { ...body, _meta: { ...(isObject(body._meta) ? body._meta : {}), progressToken: this.progressToken() } };
    // trace-context-malformed: every request carries a traceparent that is not W3C trace context.
    if (this.faults.has('trace-context-malformed')) body = { ...body, _meta: { ...(isObject(body._meta) ? body._meta : {}), traceparent: 'not-a-trace' } };
    // stateless-input-reused: the last retry's inputResponses and requestState ride on every later request.
    if (this.era === 'stateless' && this.faults.has('stateless-input-reused')) body = { ...this.carried, ...body };
    if (this.era === 'stateless') body = this.withMeta(method, body);
    // meta-key-malformed: every request carries a _meta key whose name ends with a hyphen.
    if (this.faults.has('meta-key-malformed')) body = { ...body, _meta: { ...(isObject(body._meta) ? body._meta : {}), 'mcp-conform.dev/trace-': String(id) } };
    // stateless-jsonrpc-missing: requests after server/discover carry no jsonrpc member.
    const bare = this.era === 'stateless' && method !== 'server/discover' && this.faults.has('stateless-jsonrpc-missing');
    const message = bare ? { id, method, params: body } : { jsonrpc: '2.0', id, method, params: body };
    const key = JSON.stringify(id);
    const stream = new AbortController();
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let waiter!: Waiter;
    const promise = new Promise<unknown>((resolve, reject) => {
      const finish = (): void => {
        settled = true;
        clearTimeout(timer);
        const list = this.pending.get(key);
        if (list) {
          const at = list.indexOf(waiter);
          if (at !== -1) list.splice(at, 1);
          if (list.length === 0) this.pending.delete(key);
        }
      };
      waiter = {
        resolve: (r) => {
          if (settled) return;
          finish();
          resolve(r);
        },
        reject: (e) => {
          if (settled) return;
          finish();
          reject(e);
        },
      };
    });
    const cancel = (reason: string, error: Error = new CancelledError(`cancelled: ${reason}`)): void => {
      // Only a request still in progress is cancelled (CANC-008) ...
      // cancels-finished-requests: ... except here, where an answered one is cancelled all the same.
      const finished = settled;
      if (finished && !this.faults.has('cancels-finished-requests')) return;
      waiter.reject(error);
      // The initialize request is never cancelled.
      // initialize-cancelled-on-timeout: except when its answer is overdue.
      if (method === 'initialize' && !(reason === 'timeout' && this.faults.has('initialize-cancelled-on-timeout'))) return;
      // cancel-without-notification: the client stops waiting but never tells the server.
      if (this.faults.has('cancel-without-notification')) return;
      if (this.era === 'stateless' && this.transportKind === 'http' && !finished) stream.abort();
      else this.track(this.notify('notifications/cancelled', { requestId: id, reason }).catch(() => undefined));
    };
    if (this.closed || (!this.connected && method !== 'initialize' && method !== 'server/discover' && !options.connecting)) {
      waiter.reject(new Error(this.closed ? 'the connection was closed' : 'not connected'));
      return { id, promise, cancel: () => {} };
    }
    const list = this.pending.get(key) ?? [];
    list.push(waiter);
    this.pending.set(key, list);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    timer = setTimeout(() => cancel('timeout', new TimeoutError(`${method} timed out after ${timeoutMs} ms`)), timeoutMs);
    if (options.holdBack) this.heldBack = { message, fail: (e) => waiter.reject(e) };
    else this.sendOut(message, { headers: this.headersFor(method, body), signal: stream.signal, onFailure: (e) => waiter.reject(e) }).catch((e: Error) => waiter.reject(e));
    return { id, promise, cancel };
  }

  /** http-batched-messages: a message kept back to share the next message's POST, and how to fail its request. */
  private heldBack: { message: JsonObject; fail(error: Error): void } | undefined;

  private async sendOut(message: JsonObject, options: SendOptions = {}): Promise<void> {
    const held = this.heldBack;
    this.heldBack = undefined;
    try {
      await this.transport.send(held ? [held.message, message] : message, options);
    } catch (e) {
      held?.fail(e as Error);
      throw e;
    }
  }

  /** A fresh progress token: a string, unique among the requests in flight. */
  private progressToken(): string | number {
    // progress-token-reused: every request asking for progress uses the same token.
    if (this.faults.has('progress-token-reused')) return 'progress-1';
    ++this.progressCount;
    // progress-token-fractional: the token is a number with a fraction (1.5, 2.5, ...), neither string nor integer.
    return this.faults.has('progress-token-fractional') ? this.progressCount + 0.5 : `progress-${this.progressCount}`;
  }

  /** Notifications sent without waiting for them; close lets them finish first (bounded). */
  private readonly unsettled = new Set<Promise<unknown>>();

  private track(p: Promise<unknown>): void {
    this.unsettled.add(p);
    void p.finally(() => this.unsettled.delete(p));
  }

  async notify(method: string, params?: JsonObject): Promise<void> {
    // notifications-with-id: notifications go out with an id, as if they were requests.
    const id = this.faults.has('notifications-with-id') ? { id: this.newId() } : {};
    const message = { jsonrpc: '2.0', ...id, method, ...(params !== undefined && { params }) };
    await this.sendOut(message, { headers: this.headersFor(method, params ?? {}) });
  }

  /** The stateless era's per-request `_meta`. */
  private withMeta(method: string, params: JsonObject): JsonObject {
    const own = isObject(params._meta) ? params._meta : {};
    // stateless-missing-meta: requests after server/discover carry none of the era's `_meta` keys.
    if (this.faults.has('stateless-missing-meta') && method !== 'server/discover') return params;
    const meta: JsonObject = {
      ...own,
      [META.protocolVersion]: STATELESS_VERSION,
      // stateless-capabilities-on-first-only: only server/discover declares the capabilities.
      [META.clientCapabilities]: method === 'server/discover' || !this.faults.has('stateless-capabilities-on-first-only') ? this.capabilities : {},
      [META.clientInfo]: this.clientInfo,
      ...(this.logLevel !== undefined && { [META.logLevel]: this.logLevel }),
    };
    return { ...params, _meta: meta };
  }

  /** Stateless-era HTTP headers mirroring the body: Mcp-Method, Mcp-Name and Mcp-Param-*. */
  private headersFor(method: string, params: JsonObject): Record<string, string> {
    if (this.era !== 'stateless' || this.transportKind !== 'http') return {};
    const headers: Record<string, string> = {};
    // stateless-missing-method-header: Mcp-Method is left out.
    if (!this.faults.has('stateless-missing-method-header')) headers['mcp-method'] = method;
    const nameField = method === 'resources/read' ? 'uri' : method === 'tools/call' || method === 'prompts/get' ? 'name' : undefined;
    const name = nameField === undefined ? undefined : params[nameField];
    // stateless-missing-name-header: Mcp-Name is left out.
    if (typeof name === 'string' && !this.faults.has('stateless-missing-name-header')) headers['mcp-name'] = nameHeader(name, this.faults);
    if (method === 'tools/call' && typeof name === 'string') {
      Object.assign(headers, paramHeaders(this.toolHeaders.get(name) ?? [], isObject(params.arguments) ? params.arguments : {}, this.faults));
    }
    return headers;
  }

  /**
   * Remembers the x-mcp-header annotations of listed tools, for the Mcp-Param-* headers of later calls,
   * and returns the tools the client keeps: over stateless HTTP a tool whose annotations break the rules
   * is dropped (HTTP-034).
   */
  learnTools(tools: unknown[]): unknown[] {
    const dropping = this.era === 'stateless' && this.transportKind === 'http' && !this.faults.has('invalid-header-tools-kept');
    return tools.filter((tool) => {
      if (!isObject(tool) || typeof tool.name !== 'string' || !isObject(tool.inputSchema)) return true;
      const { params, problems } = headerParams(tool.inputSchema);
      // invalid-header-tools-kept: such a tool stays usable, with the annotations that made sense.
      if (problems.length > 0 && dropping) {
        process.stderr.write(`mcp-conform faulty-client: dropping tool ${tool.name}: ${problems.join('; ')}\n`);
        return false;
      }
      this.toolHeaders.set(tool.name, params);
      return true;
    });
  }

  /** A request whose stateless result may come from the cache (list pages). */
  async cachedRequest(method: string, params: JsonObject): Promise<unknown> {
    const hit = this.cached(method, params);
    if (hit !== undefined) return hit;
    return this.remember(method, params, await this.request(method, params).promise);
  }

  private cacheKey(method: string, params: JsonObject): string {
    // cache-by-method-only: the params are left out of the key, so one entry answers for every resource.
    return this.faults.has('cache-by-method-only') ? method : `${method} ${JSON.stringify(params)}`;
  }

  private cached(method: string, params: JsonObject): unknown {
    if (this.era !== 'stateless' || !CACHEABLE.has(method)) return undefined;
    const entry = this.cache.get(this.cacheKey(method, params));
    return entry !== undefined && entry.until > Date.now() ? entry.result : undefined;
  }

  /** Keeps a complete stateless result for its ttlMs (none: not cached); returns it. */
  private remember(method: string, params: JsonObject, result: unknown): unknown {
    if (this.era !== 'stateless' || !CACHEABLE.has(method) || !isObject(result) || result.resultType === 'input_required') return result;
    if (typeof result.ttlMs === 'number' && result.ttlMs > 0) this.cache.set(this.cacheKey(method, params), { until: Date.now() + result.ttlMs, result });
    return result;
  }

  setLogLevel(level: string): void {
    this.logLevel = level;
  }

  // -------------------------------------------------------------------------------------------
  // Receiving

  private receive(message: unknown): void {
    if (!isObject(message)) return;
    if (typeof message.method === 'string') {
      const params = message.params;
      if (message.id !== undefined && message.id !== null) {
        void this.answer(message.id as Id, message.method, params);
        return;
      }
      this.record({ event: 'notification', method: message.method, ...(params !== undefined && { params }) });
      // answers-notifications: a server notification gets a response, as if it were a request.
      if (this.faults.has('answers-notifications')) void this.transport.send({ jsonrpc: '2.0', id: null, result: {} }).catch(() => undefined);
      // elicitation-complete-unknown-fatal: an elicitation/complete for an elicitation this client never
      // started (it tracks none) is taken as a protocol error and ends the connection.
      if (message.method === 'notifications/elicitation/complete' && this.faults.has('elicitation-complete-unknown-fatal')) void this.close();
      return;
    }
    if (!('id' in message)) return;
    const waiter = this.pending.get(JSON.stringify(message.id))?.[0];
    if (!waiter) {
      // Unknown, cancelled or timed out: ignored (an answer may cross a cancellation).
      // late-answer-fatal: ... here it is taken for a broken connection instead.
      if (this.faults.has('late-answer-fatal')) this.lost(`an answer for request ${JSON.stringify(message.id)}, which is not in progress`);
      return;
    }
    if (isObject(message.error)) {
      const { code, message: text, data } = message.error;
      waiter.reject(new RpcError(typeof code === 'number' ? code : 0, typeof text === 'string' ? text : 'error', data));
      return;
    }
    // result-type-required: also judged after a fall back to a legacy server, whose results never carry one.
    const judged = this.era === 'stateless' || (this.fellBack && this.faults.has('result-type-required'));
    const problem = judged ? this.resultTypeProblem(message.result) : undefined;
    if (problem !== undefined) waiter.reject(new Error(problem));
    else waiter.resolve(message.result);
  }

  /** Stateless results say what they are: complete (also when resultType is absent, as from an older server) or input_required. */
  private resultTypeProblem(result: unknown): string | undefined {
    if (!isObject(result)) return undefined;
    const type = result.resultType;
    // result-type-required: a result without resultType is refused.
    if (type === undefined) return this.faults.has('result-type-required') ? 'the result carries no resultType' : undefined;
    // result-type-unchecked: whatever the resultType, the result is taken as complete.
    if ((typeof type === 'string' && RESULT_TYPES.includes(type)) || this.faults.has('result-type-unchecked')) return undefined;
    return `the result has an unknown resultType ${JSON.stringify(type)}`;
  }

  /** Answers a server request: ping, or from the plan's answers (-32601 without one). */
  private async answer(id: Id, method: string, params: unknown): Promise<void> {
    this.record({ event: 'request', method, ...(params !== undefined && { params }) });
    let reply: { result: unknown } | { error: { code: number; message: string } };
    if (method === 'ping') {
      // ping-unanswered: the server's ping never gets its empty result.
      if (this.faults.has('ping-unanswered')) return;
      reply = { result: {} };
    } else {
      const body = isObject(params) ? params : {};
      // A task-augmented request (or a tasks/* one) is the task receiver's; anything else is answered from the plan.
      const tasked = this.tasks.handle(method, body, () => this.answerFor(method, body));
      const answer = tasked ? await tasked : this.answerFor(method, body);
      // unknown-request-ignored: a request the client has no handler for gets no response at all.
      if (answer === undefined && this.faults.has('unknown-request-ignored')) return;
      reply = answer ?? { error: { code: METHOD_NOT_FOUND, message: `Method not found: ${method}` } };
    }
    const answered = this.answeredId(id);
    // jsonrpc-missing-on-responses: responses to server requests carry no jsonrpc member.
    const response = this.faults.has('jsonrpc-missing-on-responses') ? { id: answered, ...reply } : { jsonrpc: '2.0', id: answered, ...reply };
    try {
      await this.transport.send(response);
    } catch (e) {
      process.stderr.write(`mcp-conform faulty-client: could not answer ${method}: ${(e as Error).message}\n`);
    }
  }

  /** The id a response goes back under: the request's own, unless an id fault changes its type. */
  private answeredId(id: Id): Id {
    // response-id-mangled: the response's id is converted to a number (a string id becomes null).
    if (this.faults.has('response-id-mangled')) return Number(id);
    // response-ids-stringified: the id is read back from a table keyed by String(id), so 7 goes back as "7".
    if (this.faults.has('response-ids-stringified')) return String(id);
    return id;
  }

  /** The plan's answer to a server request (or an embedded input request); undefined: no handler. */
  answerFor(method: string, params: JsonObject): Answer | undefined {
    const answers = this.plan.answers ?? {};
    if (method === 'sampling/createMessage') {
      // capabilities-overclaimed: sampling is declared, but there is no handler behind it.
      if (this.faults.has('capabilities-overclaimed')) return undefined;
      const answer = answers.sampling;
      // sampling-answer-malformed: the answer's content is a bare string instead of a content block.
      if (answer && 'result' in answer && this.faults.has('sampling-answer-malformed')) {
        const content = answer.result.content;
        const text = isObject(content) && typeof content.text === 'string' ? content.text : JSON.stringify(content);
        return { result: { ...answer.result, content: text } };
      }
      return answer;
    }
    if (method === 'elicitation/create') {
      const declared = this.capabilities.elicitation;
      if (isObject(declared)) {
        // An empty elicitation capability means form mode only.
        const modes = ['form', 'url'].filter((m) => m in declared);
        const allowed = modes.length === 0 ? ['form'] : modes;
        // elicitation-modeless-refused: a request without mode is not taken as form mode.
        const mode = typeof params.mode === 'string' ? params.mode : this.faults.has('elicitation-modeless-refused') ? '(none)' : 'form';
        // elicitation-mode-unchecked: a mode the client did not declare is answered anyway.
        if (!allowed.includes(mode) && !this.faults.has('elicitation-mode-unchecked')) return { error: { code: INVALID_PARAMS, message: `Elicitation mode '${mode}' was not declared` } };
      }
      return answers.elicitation;
    }
    if (method === 'roots/list') {
      const answer = answers.roots;
      // roots-bare-paths: root uris go out as bare file paths (file:// stripped).
      if (answer && 'result' in answer && Array.isArray(answer.result.roots) && this.faults.has('roots-bare-paths')) {
        const roots = answer.result.roots.map((r: unknown) => (isObject(r) && typeof r.uri === 'string' ? { ...r, uri: r.uri.replace(/^file:\/\//, '') } : r));
        return { result: { ...answer.result, roots } };
      }
      return answer;
    }
    return undefined;
  }

  /**
   * A request that may answer `input_required` (stateless era): the inputs are gathered from the
   * plan's answers and the request is retried with a new id, `inputResponses` and the echoed
   * `requestState`, for a bounded number of rounds. `current` follows the request in flight.
   */
  async withInputRounds(method: string, params: JsonObject, options: RequestOptions, current: { call?: Call; cancelled?: string }): Promise<unknown> {
    const hit = this.cached(method, params);
    if (hit !== undefined) return hit;
    let extra: JsonObject = {};
    let previous: Id | undefined;
    for (let round = 0; round <= MAX_INPUT_ROUNDS; round++) {
      if (current.cancelled !== undefined) throw new CancelledError(`cancelled: ${current.cancelled}`);
      // stateless-reuses-id-on-retry: the retry goes out under the id of the request it retries.
      const id = previous !== undefined && this.faults.has('stateless-reuses-id-on-retry') ? previous : undefined;
      const call = this.request(method, { ...params, ...extra }, { ...options, ...(id !== undefined && { id }) });
      current.call = call;
      const result = await call.promise;
      previous = call.id;
      if (this.era !== 'stateless' || !isObject(result) || result.resultType !== 'input_required') return this.remember(method, params, result);
      if (round === MAX_INPUT_ROUNDS) break;
      const responses: JsonObject = {};
      const requests = isObject(result.inputRequests) ? result.inputRequests : {};
      for (const [key, request] of Object.entries(requests)) {
        const inner = isObject(request) ? request : {};
        const innerMethod = typeof inner.method === 'string' ? inner.method : '';
        const innerParams = isObject(inner.params) ? inner.params : {};
        this.record({ event: 'request', method: innerMethod, params: innerParams });
        const answer = this.answerFor(innerMethod, innerParams);
        if (answer === undefined) throw new Error(`input request ${key} (${innerMethod}) has no answer in the plan`);
        if ('error' in answer) throw new RpcError(answer.error.code, `input request ${key} (${innerMethod}) was refused: ${answer.error.message}`);
        responses[key] = answer.result;
        // stateless-input-answered-as-response: the input request is also answered as if it were a server request.
        if (this.faults.has('stateless-input-answered-as-response')) await this.transport.send({ jsonrpc: '2.0', id: key, result: answer.result }).catch(() => undefined);
      }
      const state = result.requestState;
      extra = {
        ...(Object.keys(requests).length > 0 && { inputResponses: responses }),
        // stateless-no-request-state-echo: the retry drops the requestState it was given.
        ...(typeof state === 'string' && !this.faults.has('stateless-no-request-state-echo') && { requestState: state }),
        // stateless-invents-request-state: without a requestState to echo, an empty one is sent.
        ...(typeof state !== 'string' && this.faults.has('stateless-invents-request-state') && { requestState: '' }),
      };
      if (this.faults.has('stateless-input-reused')) this.carried = extra;
    }
    throw new Error(`still input_required after ${MAX_INPUT_ROUNDS} retries`);
  }
}

export { TransportError };
