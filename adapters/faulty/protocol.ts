// The transport-independent core: one incoming message in, at most one answer out, with any
// notifications or server-to-client requests sent through `emit` while the request is processed.
// Both stdio and Streamable HTTP call `handle`, so every fault behaves the same on both.
// Two eras share it: the handshake era (initialize, sessions) is dispatched here; the stateless era
// (2026-07-28, per-request `_meta`) in stateless.ts.
import type { Faults } from './faults.js';
import {
  callTool,
  complete,
  getPrompt,
  listPrompts,
  listResources,
  listResourceTemplates,
  listTools,
  readResource,
  SERVER_INFO,
  subscription,
  toolsListMeta,
} from './fixture.js';
import {
  errorResponse,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  invalidParams,
  isObject,
  METHOD_NOT_FOUND,
  notification,
  PARSE_ERROR,
  resultResponse,
  RpcError,
  type Id,
  type Incoming,
  type JsonObject,
  type Request,
  type Response,
} from './jsonrpc.js';
import { paginate } from './pagination.js';
import { cancelInFlight, isLogLevel, newInFlight, type Emit, type Era, type Session } from './session.js';
import { claimsStateless, dispatchStateless } from './stateless.js';
import { callTaskTool, handleTasksMethod, isTasksMethod, isTaskTool, listTaskTools, TASKS_CAPABILITY, TASKS_VERSION, tasksEnabled } from './tasks.js';

export const SUPPORTED_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25'] as const;
export const LATEST_VERSION = '2025-11-25';
/** drop-superseded-requests: how long each answer is held back, during which a newer request supersedes it. */
const SUPERSEDE_WINDOW_MS = 100;

export function isSupportedVersion(version: string): boolean {
  return (SUPPORTED_VERSIONS as readonly string[]).includes(version);
}

export interface Outcome {
  /** What arrived; transports choose status codes from it. */
  kind: Incoming['kind'];
  /** The one answer to write, if any. */
  reply?: Response;
  /** A request deliberately left unanswered (drop-superseded-requests): the transport must not answer. */
  dropped?: boolean;
  /** Settles once messages the handler sends after its result are out (progress-after-result). */
  trailing?: Promise<void>;
  /** Stateless era over HTTP: the status the answer goes out with (400, 404); 200 when unset. */
  httpStatus?: number;
  /** The client cancelled the request: no response, and nothing more for it (`dropped` is set too). */
  cancelled?: boolean;
}

/** What the transport knows about a message beyond its text. */
export interface Extras {
  /**
   * The era, when the transport decided it (HTTP: from the body and the session header). On stdio it
   * is left to `requestEra`.
   */
  era?: Era;
  /** HTTP: the request's headers by lower-case name (stateless header rules); absent on stdio. */
  header?: (name: string) => string | undefined;
  /** Transport-level cancellation (stateless HTTP: the client closed the request's stream). */
  signal?: AbortSignal;
  /** A request that stays open (subscriptions/listen) calls this once it is accepted. */
  keepOpen?: () => void;
}

/** A notification's error answer under responds-to-notifications (what `id || null` servers send). */
const NOTIFICATION_ANSWER = errorResponse(null, METHOD_NOT_FOUND, 'Method not found');

export async function handle(incoming: Incoming, session: Session, emit: Emit, extras: Extras = {}): Promise<Outcome> {
  const { faults } = session;
  switch (incoming.kind) {
    case 'parse-error':
      if (faults.has('crash-on-garbage')) crash('unparseable input', 'crash-on-garbage');
      if (faults.has('parse-error-silent')) return { kind: incoming.kind };
      return { kind: incoming.kind, reply: errorResponse(null, PARSE_ERROR, 'Parse error') };
    case 'invalid':
      if (faults.has('invalid-request-ignored')) return { kind: incoming.kind };
      return { kind: incoming.kind, reply: errorResponse(incoming.id, INVALID_REQUEST, 'Invalid Request') };
    case 'notification':
      // notifications/cancelled stops the request it names (stdio, and handshake-era HTTP sessions;
      // stateless HTTP cancels by closing the stream, and ids of different clients may collide there).
      // initialized, roots/list_changed...: nothing to do. Never an answer.
      if (incoming.message.method === 'notifications/cancelled' && !(extras.era === 'stateless' && extras.header)) {
        const params = incoming.message.params;
        if (isObject(params) && session.cancel(params.requestId)) {
          log(`request ${JSON.stringify(params.requestId)} cancelled by the client${typeof params.reason === 'string' ? `: ${params.reason}` : ''}`);
        } else if (faults.has('crash-on-unknown-cancel')) {
          crash(`a cancellation for the unknown request ${JSON.stringify(isObject(params) ? params.requestId : undefined)}`, 'crash-on-unknown-cancel');
        }
      }
      if (incoming.message.method === 'notifications/initialized') initializedSessions.add(session);
      return { kind: incoming.kind, ...(faults.has('responds-to-notifications') && { reply: NOTIFICATION_ANSWER }) };
    case 'response':
      if (!session.deliver(incoming.message)) log(`a response with id ${JSON.stringify(incoming.message.id)} matched no request of ours`);
      return { kind: incoming.kind };
    case 'request':
      return handleRequest(incoming.message, session, emit, extras);
  }
}

/**
 * The era of a request on stdio: stateless when it carries `_meta` protocolVersion; handshake for
 * `initialize` and everything after a successful one; otherwise stateless too (a request before any
 * initialize, like one without a session over HTTP), so a missing `_meta` is an error, not a
 * handshake-era request in disguise.
 */
export function requestEra(request: Request, session: Session): Era {
  if (claimsStateless(request.params)) return 'stateless';
  if (request.method === 'initialize' || session.protocolVersion !== undefined) return 'handshake';
  return 'stateless';
}

async function handleRequest(request: Request, session: Session, emit: Emit, extras: Extras): Promise<Outcome> {
  const { faults } = session;
  const era = extras.era ?? requestEra(request, session);
  const entry = newInFlight(request.id);
  if (faults.has('drop-superseded-requests')) for (const other of session.inFlight) other.superseded = true;
  session.inFlight.add(entry);
  const onAbort = () => cancelInFlight(entry);
  extras.signal?.addEventListener('abort', onAbort, { once: true });
  // Once cancelled, a request sends nothing more: no progress, no log message.
  const send: Emit = (message) => {
    if (!entry.cancelled) emit(message);
  };

  const trailing: Promise<void>[] = [];
  const afterResult = (work: () => Promise<void>) => trailing.push(work());
  const id = echoedId(request.id, faults, request.method);
  let reply: Response;
  let httpStatus: number | undefined;
  try {
    const result =
      era === 'stateless'
        ? await dispatchStateless(request, {
            session,
            emit: send,
            signal: entry.abort.signal,
            afterResult,
            ...(extras.header && { header: extras.header }),
            ...(extras.keepOpen && { keepOpen: extras.keepOpen }),
          })
        : await dispatch(request, session, send, afterResult, entry.abort.signal);
    // Most handlers finish within a microtask, too fast for anything to overtake them. Under the
    // fault every answer is held back a little (as if queued), so a request arriving right behind
    // reliably supersedes it: the fault then shows on every run, not only on lucky timing.
    if (faults.has('drop-superseded-requests')) await new Promise((resolve) => setTimeout(resolve, SUPERSEDE_WINDOW_MS));
    // empty-lists-null: every empty list goes out as null, as a nil slice is marshalled.
    reply = resultResponse(id, faults.has('empty-lists-null') ? emptyListsAsNull(result) : result);
  } catch (e) {
    if (e instanceof RpcError) {
      reply = errorResponse(id, e.code, e.message, e.data);
      httpStatus = e.httpStatus;
    } else {
      log(`internal error in ${request.method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      reply = errorResponse(id, INTERNAL_ERROR, 'Internal error');
    }
  } finally {
    session.inFlight.delete(entry);
    extras.signal?.removeEventListener('abort', onAbort);
  }
  // answers-cancelled-requests: the cancellation stops the work, but its answer still goes out.
  if (entry.cancelled && !faults.has('answers-cancelled-requests')) {
    log(`no response to the cancelled request ${JSON.stringify(request.id)}`);
    return { kind: 'request', dropped: true, cancelled: true };
  }
  if (entry.superseded) {
    log(`dropping the answer to request ${JSON.stringify(request.id)} (drop-superseded-requests)`);
    return { kind: 'request', dropped: true };
  }
  return {
    kind: 'request',
    reply,
    ...(httpStatus !== undefined && { httpStatus }),
    ...(trailing.length > 0 && { trailing: Promise.all(trailing).then(() => undefined) }),
  };
}

/** A copy of `value` in which every empty array, at any depth, is null. */
function emptyListsAsNull(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(emptyListsAsNull);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, emptyListsAsNull(v)]));
}

/** The id the answer carries: exactly the request's, unless an id fault rewrites it. */
function echoedId(id: Id, faults: Faults, method: string): Id | null {
  // ping-string-id-mangled: a ping fast path writes Number(id), and a non-numeric string becomes null (NaN).
  if (faults.has('ping-string-id-mangled') && method === 'ping' && typeof id === 'string') {
    const n = Number(id);
    return Number.isNaN(n) ? null : n;
  }
  if (faults.has('zero-id-as-null') && id === 0) return null;
  if (faults.has('ids-as-strings') && typeof id === 'number' && Number.isInteger(id)) return String(id);
  if (faults.has('ids-as-numbers') && typeof id === 'string' && /^-?\d+$/.test(id)) return Number(id);
  return id;
}

const CAPABILITIES = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
};

async function dispatch(
  request: Request,
  session: Session,
  emit: Emit,
  afterResult: (work: () => Promise<void>) => void,
  signal: AbortSignal,
): Promise<unknown> {
  const { faults } = session;
  const raw = request.params ?? {};
  // MCP params are always named; positional (array) params fit no method.
  if (!isObject(raw)) throw invalidParams('params must be an object');
  const params: JsonObject = raw;

  // The experimental tasks (2025-11-25 only; older versions get -32601 like any unknown method).
  if (isTasksMethod(request.method) && tasksEnabled(session)) return handleTasksMethod(request.method, params, session, signal);

  switch (request.method) {
    case 'initialize':
      // Nothing but the initialize response may come before initialization; the fault talks first.
      if (faults.has('notify-before-initialize')) {
        emit(notification('notifications/message', { level: 'info', logger: 'faulty', data: 'Initializing (notify-before-initialize)' }));
      }
      return initialize(params, session);
    case 'ping':
      return ping(request, session);

    case 'tools/list': {
      const tools = tasksEnabled(session) ? [...listTools(faults), ...listTaskTools(faults)] : listTools(faults);
      const page = paginate('tools', tools, params.cursor, faults);
      return { tools: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }), ...toolsListMeta(faults) };
    }
    case 'tools/call': {
      const meta = params._meta;
      const token = isObject(meta) ? meta.progressToken : undefined;
      const progressToken = typeof token === 'string' || typeof token === 'number' ? token : undefined;
      if (tasksEnabled(session)) {
        if (isTaskTool(params.name)) return callTaskTool(params, session, signal);
        // A tool whose taskSupport is absent (forbidden) cannot be invoked as a task.
        if (params.task !== undefined && listTools(faults).some((tool) => tool.name === params.name)) {
          throw new RpcError(METHOD_NOT_FOUND, `Tool ${String(params.name)} does not support task-augmented execution`);
        }
      }
      return callTool(params, { faults, session, emit, progressToken, afterResult, era: 'handshake', signal });
    }

    case 'resources/list': {
      const page = paginate('resources', listResources(faults), params.cursor, faults);
      return { resources: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'resources/templates/list': {
      const page = paginate('templates', listResourceTemplates(), params.cursor, faults);
      return { resourceTemplates: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'resources/read':
      return readResource(params, faults);
    case 'resources/subscribe':
      if (faults.has('subscribe-not-implemented')) throw new RpcError(METHOD_NOT_FOUND, 'Method not found');
      return subscription(params);
    case 'resources/unsubscribe':
      if (faults.has('unsubscribe-not-implemented')) throw new RpcError(METHOD_NOT_FOUND, 'Method not found');
      return subscription(params);

    case 'prompts/list': {
      const page = paginate('prompts', listPrompts(), params.cursor, faults);
      return { prompts: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'prompts/get':
      // Task metadata on a request type not declared for tasks is to be ignored; the fault rejects it.
      if (faults.has('task-metadata-on-prompts-rejected') && params.task !== undefined) {
        throw new RpcError(METHOD_NOT_FOUND, 'prompts/get does not support task-augmented execution');
      }
      return getPrompt(params, faults);

    case 'completion/complete':
      return complete(params, faults);

    case 'logging/setLevel':
      if (faults.has('set-level-unsupported')) throw new RpcError(METHOD_NOT_FOUND, 'Method not found');
      if (!isLogLevel(params.level)) {
        // Accepting is all the fault does; an unknown level cannot become the session's level.
        if (faults.has('set-level-accepts-anything')) return {};
        throw invalidParams(`Invalid log level: ${JSON.stringify(params.level)}`);
      }
      session.logLevel = params.level;
      return {};

    default:
      if (faults.has('unknown-method-internal-error')) throw new RpcError(INTERNAL_ERROR, 'Internal error');
      throw new RpcError(METHOD_NOT_FOUND, 'Method not found', { method: request.method });
  }
}

/** The sessions whose client sent notifications/initialized. */
const initializedSessions = new WeakSet<Session>();

async function ping(request: Request, session: Session): Promise<JsonObject> {
  const { faults } = session;
  // ping-before-initialized-rejected: every request before notifications/initialized is refused, ping included.
  if (faults.has('ping-before-initialized-rejected') && !initializedSessions.has(session)) {
    throw new RpcError(INVALID_REQUEST, 'Server not initialized');
  }
  // ping-params-rejected: a ping carrying params (even {} or only _meta) is refused.
  if (faults.has('ping-params-rejected') && request.params !== undefined) throw invalidParams('ping takes no params');
  // ping-queued-behind-calls: a ping waits until every other request of the session has been answered.
  while (faults.has('ping-queued-behind-calls') && session.inFlight.size > 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return faults.has('ping-nonempty') ? { ok: true } : {};
}

/** The capabilities initialize declares: tasks only on the version that has them. */
function capabilities(version: string, faults: Faults): JsonObject {
  if (version !== TASKS_VERSION || faults.has('tasks-capability-missing')) return CAPABILITIES;
  return { ...CAPABILITIES, tasks: TASKS_CAPABILITY };
}

function initialize(params: JsonObject, session: Session): JsonObject {
  const { faults } = session;
  const requested = params.protocolVersion;
  if (typeof requested !== 'string') throw invalidParams('params.protocolVersion must be a string');
  // Version negotiation: echo a version we speak, otherwise offer our latest and let the client decide.
  let version: string = isSupportedVersion(requested) ? requested : LATEST_VERSION;
  if (faults.has('always-latest-version')) version = LATEST_VERSION;
  if (faults.has('echo-any-version')) version = requested;
  session.protocolVersion = version;
  session.clientCapabilities = isObject(params.capabilities) ? params.capabilities : {};
  return {
    protocolVersion: version,
    capabilities: faults.has('capabilities-empty') ? {} : capabilities(version, faults),
    ...(!faults.has('initialize-missing-server-info') && { serverInfo: SERVER_INFO }),
  };
}

export function log(message: string): void {
  process.stderr.write(`[mcp-conform faulty] ${message}\n`);
}

/** crash-on-garbage, crash-on-unknown-cancel: the process dies the way an uncaught exception would kill it. */
function crash(why: string, fault: string): never {
  log(`crashing on ${why} (${fault})`);
  process.exit(1);
}
