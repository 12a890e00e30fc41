// Per-connection state: one Session per stdio process, one per Streamable HTTP session id (and one
// shared by all stateless-era HTTP traffic, which only uses its bookkeeping).
// Holds what MCP makes stateful in the handshake era (log level, negotiated version) plus the
// bookkeeping for server-to-client requests and for requests still being processed.
import type { Faults } from './faults.js';
import type { Id, JsonObject, Message, Response } from './jsonrpc.js';

/** Syslog severities, lowest first (the order logging/setLevel compares by). */
export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Which protocol generation a request belongs to: initialize + sessions, or 2026-07-28's per-request `_meta`. */
export type Era = 'handshake' | 'stateless';

/** Writes one message towards the client, on whatever channel the current request uses. */
export type Emit = (message: Message) => void;

/** How a server-to-client request ended. */
export type ClientAnswer =
  | { kind: 'result'; result: unknown }
  | { kind: 'error'; code: number; message: string }
  | { kind: 'timeout' }
  | { kind: 'closed' };

/**
 * A request being processed; a newer request may mark it superseded (drop-superseded-requests), and
 * the client may cancel it (`notifications/cancelled`, or over stateless HTTP by closing its stream).
 */
export interface InFlight {
  id: Id;
  superseded: boolean;
  /** Once set, nothing more is sent for the request: no notification, no response. */
  cancelled: boolean;
  /** Aborted on cancellation, so long-running handlers (slow tools, listen streams) stop at once. */
  readonly abort: AbortController;
}

export function newInFlight(id: Id): InFlight {
  return { id, superseded: false, cancelled: false, abort: new AbortController() };
}

export function cancelInFlight(entry: InFlight): void {
  if (entry.cancelled) return;
  entry.cancelled = true;
  entry.abort.abort();
}

export class Session {
  /** Undefined until logging/setLevel: until then every message is sent. */
  logLevel: LogLevel | undefined;
  protocolVersion: string | undefined;
  /** The capabilities the client declared in initialize (handshake era). */
  clientCapabilities: JsonObject | undefined;
  closed = false;
  readonly inFlight = new Set<InFlight>();
  private serverRequestCount = 0;
  private readonly waiting = new Map<string, (answer: ClientAnswer) => void>();
  private readonly closeHooks = new Set<() => void>();

  constructor(readonly faults: Faults) {}

  wantsLog(level: LogLevel): boolean {
    return this.logLevel === undefined || LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(this.logLevel);
  }

  /**
   * Sends a request to the client through `emit` and waits (bounded) for the answer, which arrives
   * separately and is routed here by `deliver`. String ids ("srv-1") cannot collide with the
   * harness's numeric ids, which keeps the routing unambiguous.
   */
  requestClient(method: string, params: JsonObject, emit: Emit, timeoutMs = 10_000): Promise<ClientAnswer> {
    if (this.closed) return Promise.resolve({ kind: 'closed' });
    // server-request-id-reused: every request to the client gets the same id.
    const id = this.faults.has('server-request-id-reused') ? 'srv-1' : `srv-${++this.serverRequestCount}`;
    return new Promise<ClientAnswer>((resolve) => {
      const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      const finish = (answer: ClientAnswer) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(answer);
      };
      this.waiting.set(id, finish);
      emit({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Routes a client response to the waiting request; false when nobody waits for that id. */
  deliver(response: Response): boolean {
    const finish = typeof response.id === 'string' ? this.waiting.get(response.id) : undefined;
    if (!finish) return false;
    if (response.error) finish({ kind: 'error', code: response.error.code, message: response.error.message });
    else finish({ kind: 'result', result: response.result });
    return true;
  }

  /**
   * `notifications/cancelled`: cancels the in-flight request with exactly this id (same type and
   * value). Unknown or finished ids are ignored silently, as the spec asks.
   */
  cancel(id: unknown): boolean {
    let found = false;
    for (const entry of this.inFlight) {
      if (entry.id === id) {
        // cancel-keeps-working: no answer will go out, but the work itself runs on.
        if (this.faults.has('cancel-keeps-working')) entry.cancelled = true;
        else cancelInFlight(entry);
        found = true;
      }
    }
    return found;
  }

  onClose(hook: () => void): () => void {
    this.closeHooks.add(hook);
    return () => this.closeHooks.delete(hook);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const finish of [...this.waiting.values()]) finish({ kind: 'closed' });
    for (const hook of [...this.closeHooks]) hook();
    this.closeHooks.clear();
  }
}
