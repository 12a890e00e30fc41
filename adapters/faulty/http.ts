// Streamable HTTP transport on a single endpoint: POST carries one JSON-RPC message, DELETE ends a
// session, GET is refused (no standalone stream). A request's answer is plain JSON unless the
// handler sends something first, in which case the POST is answered as an SSE stream.
// Both eras share the endpoint: a POST is stateless-era (2026-07-28) when its body carries
// `_meta` protocolVersion, or when it has no Mcp-Session-Id and is not `initialize`; such a POST
// ignores any session header, and its errors may change the HTTP status (400, 404).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AuthMode } from './auth.js';
import type { Faults } from './faults.js';
import { isLocalOrigin, readBody, sendEmpty, sendJson, sendText } from './http-util.js';
import { classify, encode, errorResponse, INTERNAL_ERROR, isObject, SERVER_ERROR, UNSUPPORTED_PROTOCOL_VERSION, type Incoming, type Message, type Response } from './jsonrpc.js';
import { handle, isSupportedVersion, log, type Extras } from './protocol.js';
import { EventLog } from './resumption.js';
import { Session } from './session.js';
import { claimsStateless, META, STATELESS_VERSIONS } from './stateless.js';
import { listenAndAnnounce } from './io.js';

export function startHttp(port: number, path: string, faults: Faults): Server {
  const sessions = new Map<string, Session>();
  // get-stream-echoes-responses: the one place a GET stream exists; every response is copied onto it.
  const echoStreams = new Map<Session, ServerResponse>();
  // Handshake era: each session's SSE events, kept for resumption with Last-Event-ID.
  const eventLogs = new WeakMap<Session, EventLog>();
  const eventLogOf = (session: Session): EventLog => {
    let log = eventLogs.get(session);
    if (!log) eventLogs.set(session, (log = new EventLog()));
    return log;
  };
  const echo = (session: Session, reply: Response): void => {
    echoStreams.get(session)?.write(`event: message\ndata: ${JSON.stringify(reply)}\n\n`);
  };
  // Stateless traffic has no session; this one only holds its bookkeeping (requests in flight, and
  // the answers to server-to-client requests, which only the sends-server-requests fault makes).
  const stateless = new Session(faults);
  // Authorization mode (auth.ts), when the environment names an authorization server.
  const auth = AuthMode.fromEnv(process.env, port, path, faults);

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      log(`HTTP handler failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) sendJson(res, 500, errorResponse(null, INTERNAL_ERROR, 'Internal error'));
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (auth?.serveMetadata(req, res, url.pathname)) return;
    if (url.pathname !== path) return sendText(res, 404, 'Not Found');

    // DNS-rebinding protection: a browser page from elsewhere must not reach a local server.
    const origin = req.headers.origin;
    const foreignOrigin = origin !== undefined && !isLocalOrigin(origin, faults) && !faults.has('origin-not-checked');
    // stateless-origin-not-checked: a POST's Origin is judged only once its body shows it is handshake-era.
    const originDeferred = foreignOrigin && req.method === 'POST' && faults.has('stateless-origin-not-checked');
    if (foreignOrigin && !originDeferred) return sendJson(res, 403, rpcError('Forbidden: origin not allowed'));
    if (auth && !(await auth.authorize(req, res))) return;

    // get-returns-json: GET is neither a stream nor refused, but an empty JSON object.
    if (req.method === 'GET' && faults.has('get-returns-json')) return sendJson(res, 200, {});

    const echoing = req.method === 'GET' && faults.has('get-stream-echoes-responses') ? sessions.get(header(req, 'mcp-session-id') ?? '') : undefined;
    if (echoing) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      echoStreams.set(echoing, res);
      const release = echoing.onClose(() => res.end());
      res.on('close', () => {
        release();
        echoStreams.delete(echoing);
      });
      return;
    }

    // Resumption: a GET with Last-Event-ID picks up a request stream the client lost.
    const lastEventId = req.method === 'GET' ? header(req, 'last-event-id') : undefined;
    const resuming = lastEventId !== undefined ? sessions.get(header(req, 'mcp-session-id') ?? '') : undefined;
    if (resuming && lastEventId !== undefined && eventLogOf(resuming).resume(lastEventId, res, faults.has('resume-replays-other-streams'))) return;

    if (req.method !== 'POST' && req.method !== 'DELETE') {
      res.writeHead(405, { allow: 'POST, DELETE', 'content-type': 'text/plain' });
      return void res.end('Method Not Allowed');
    }

    const sessionId = header(req, 'mcp-session-id');
    // DELETE only ends handshake-era sessions; without one it is the stateless era's 405.
    if (req.method === 'DELETE' && sessionId === undefined) {
      res.writeHead(405, { allow: 'POST, DELETE', 'content-type': 'text/plain' });
      return void res.end('Method Not Allowed');
    }

    // accept-exact-match: the Accept header is compared as a string, so any other spelling of the same list is refused.
    if (req.method === 'POST' && faults.has('accept-exact-match') && header(req, 'accept') !== EXACT_ACCEPT) {
      return sendJson(res, 406, rpcError(`Not Acceptable: Accept must be '${EXACT_ACCEPT}'`));
    }

    let session = sessionId === undefined ? undefined : sessions.get(sessionId);

    // The era is read from the body, so it is read first (the checks below keep their old order).
    let incoming: Incoming | undefined;
    if (req.method === 'POST') {
      const body = await readBody(req);
      if (body === undefined) return sendJson(res, 413, rpcError('Payload Too Large'));
      incoming = classify(body);
      const borrowed = sessionId === undefined && faults.has('session-not-required') ? newestSession(incoming) : undefined;
      if (borrowed) session = borrowed;
      else if (isStateless(incoming, sessionId)) return answerStateless(req, res, incoming);
    }
    if (originDeferred) return sendJson(res, 403, rpcError('Forbidden: origin not allowed'));

    if (sessionId !== undefined && !session) {
      if (!faults.has('unknown-session-accepted')) return sendJson(res, 404, rpcError('Session not found'));
      // unknown-session-accepted: served as if on a fresh session nobody initialized (never registered).
      session = new Session(faults);
    }

    // The header is checked against what we speak, or what this session negotiated (so that
    // echo-any-version stays a handshake fault and does not turn into a transport one).
    const version = header(req, 'mcp-protocol-version');
    if (version !== undefined && !isSupportedVersion(version) && version !== session?.protocolVersion && !faults.has('bad-version-header-accepted')) {
      return sendJson(res, 400, rpcError(`Bad Request: unsupported MCP-Protocol-Version: ${version}`));
    }

    if (req.method === 'DELETE') {
      if (sessionId === undefined || !session) return sendJson(res, 400, rpcError('Bad Request: Mcp-Session-Id header is required'));
      // deleted-session-accepted: the DELETE is acknowledged, and the session lives on.
      if (!faults.has('deleted-session-accepted')) {
        sessions.delete(sessionId);
        session.close();
      }
      res.writeHead(200);
      return void res.end();
    }

    if (!jsonContentType(req, faults)) return sendJson(res, 415, rpcError('Unsupported Media Type: Content-Type must be application/json'));
    if (!incoming) return sendJson(res, 405, rpcError('Method Not Allowed'));

    if (incoming.kind === 'parse-error' || incoming.kind === 'invalid') {
      const outcome = await handle(incoming, session ?? new Session(faults), () => {});
      if (!outcome.reply) return sendEmpty(res, 202);
      return sendJson(res, 400, outcome.reply);
    }

    let target = session;
    let created: string | undefined;
    if (!target) {
      if (incoming.kind !== 'request' || incoming.message.method !== 'initialize') {
        return sendJson(res, 400, rpcError('Bad Request: Mcp-Session-Id header is required'));
      }
      target = new Session(faults);
      // session-id-with-space: a space is not visible ASCII (0x21-0x7E), so it may not be in a session id.
      created = faults.has('session-id-with-space') ? `session ${randomUUID()}` : randomUUID();
    }

    if (incoming.kind !== 'request') {
      const outcome = await handle(incoming, target, () => {});
      if (outcome.reply) return sendJson(res, 200, outcome.reply);
      if (faults.has('notification-200-json')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{}');
      }
      return sendEmpty(res, 202);
    }

    await answerRequest(
      res,
      target,
      incoming,
      (reply): Record<string, string> => {
        // The session exists once initialize has succeeded, not merely been attempted.
        if (created !== undefined && target && reply.result !== undefined) {
          sessions.set(created, target);
          return { 'mcp-session-id': created };
        }
        return {};
      },
      { era: 'handshake' },
      // An initialize answered as a stream (notify-before-initialize) sends its headers before the
      // result exists, so the new session id goes with them.
      created !== undefined ? { 'mcp-session-id': created } : {},
    );
  }

  /**
   * session-not-required: a handshake-era request without Mcp-Session-Id is served on the newest
   * session, once there is one (undefined for anything else, which keeps its usual route).
   */
  function newestSession(incoming: Incoming): Session | undefined {
    if (incoming.kind !== 'request' || incoming.message.method === 'initialize' || claimsStateless(incoming.message.params)) return undefined;
    return [...sessions.values()].at(-1);
  }

  /**
   * A stateless-era POST: no session is looked up or created, Mcp-Session-Id is ignored, and closing
   * the response stream cancels the request. The header rules (MCP-Protocol-Version, Mcp-Method,
   * Mcp-Name mirroring the body) are checked with the envelope in stateless.ts.
   */
  async function answerStateless(req: IncomingMessage, res: ServerResponse, incoming: Incoming): Promise<void> {
    if (!jsonContentType(req, faults)) return sendJson(res, 415, rpcError('Unsupported Media Type: Content-Type must be application/json'));
    if (incoming.kind === 'notification') {
      // A notification in a protocol version we do not speak cannot be accepted: an HTTP error status,
      // with a JSON-RPC error of id null (notification-refusal-200: status 200 with that body).
      const meta = isObject(incoming.message.params) && isObject(incoming.message.params._meta) ? incoming.message.params._meta : undefined;
      const claimed = meta?.[META.protocolVersion];
      if (typeof claimed === 'string' && !STATELESS_VERSIONS.includes(claimed)) {
        const refusal = errorResponse(null, UNSUPPORTED_PROTOCOL_VERSION, `Unsupported protocol version: ${claimed}`, { supported: STATELESS_VERSIONS, requested: claimed });
        return sendJson(res, faults.has('notification-refusal-200') ? 200 : 400, refusal);
      }
    }
    // tools-not-on-endpoint: tools/* is not served on the MCP endpoint, as if it lived on a path of its own.
    if (incoming.kind === 'request' && incoming.message.method.startsWith('tools/') && faults.has('tools-not-on-endpoint')) return sendText(res, 404, 'Not Found');
    if (incoming.kind !== 'request') {
      // Notifications (cancellation here is closing the stream) and the answers to server requests.
      const outcome = await handle(incoming, stateless, () => {}, { era: 'stateless', header: (name) => header(req, name) });
      if (outcome.reply) return sendJson(res, 200, outcome.reply);
      if (faults.has('notification-200-json')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{}');
      }
      return sendEmpty(res, 202);
    }
    await answerRequest(res, stateless, incoming as Incoming & { kind: 'request' }, () => ({}), {
      era: 'stateless',
      header: (name) => header(req, name),
    });
  }

  async function answerRequest(
    res: ServerResponse,
    session: Session,
    incoming: Incoming & { kind: 'request' },
    headersFor: (reply: Response) => Record<string, string>,
    extras: Extras,
    streamHeaders: Record<string, string> = {},
  ): Promise<void> {
    const isStatelessEra = extras.era === 'stateless';
    let streaming = false;
    let open = true;
    // Stateless era: the client closing the stream (before the answer is complete) cancels the request.
    // handshake-disconnect-cancels: the handshake era takes a lost stream for a cancellation too.
    const cancel = isStatelessEra || session.faults.has('handshake-disconnect-cancels') ? new AbortController() : undefined;
    res.on('close', () => {
      open = false;
      // disconnect-not-cancelling: the work goes on when the client walks away.
      if (!res.writableFinished && !session.faults.has('disconnect-not-cancelling')) cancel?.abort();
    });
    // Handshake era: the stream's events are numbered and kept, so a lost stream can be resumed.
    const resumable = !isStatelessEra && !session.faults.has('sse-event-ids-repeat');
    let stream: string | undefined;
    const startStream = (): void => {
      if (streaming) return;
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        ...(isStatelessEra && { 'x-accel-buffering': 'no' }),
        ...streamHeaders,
      });
      // Send the headers now: a client may wait for them before it sends its next request.
      res.flushHeaders();
      streaming = true;
      if (resumable) {
        const opened = eventLogOf(session).open();
        stream = opened.stream;
        res.write(opened.priming);
      }
    };
    const emit = (message: Message): void => {
      if (!open && stream === undefined) return log(`dropped a message for a closed HTTP stream: ${JSON.stringify(message)}`);
      startStream();
      if (stream !== undefined) {
        const frame = eventLogOf(session).record(stream, encode(message, session.faults));
        if (open) res.write(frame);
        else eventLogOf(session).deliver(stream, frame);
        return;
      }
      // Event ids are optional; sse-event-ids-repeat sends the same one on every event of every stream.
      res.write(`${session.faults.has('sse-event-ids-repeat') ? 'id: 1\n' : ''}event: message\ndata: ${encode(message, session.faults)}\n\n`);
    };
    // drop-superseded-requests needs requests to overlap. A client that waits for each POST's answer
    // before sending the next request would never overlap them, so under that fault the answer is
    // an SSE stream opened at once (allowed for any request) instead of JSON at the end.
    if (session.faults.has('drop-superseded-requests') && incoming.message.method !== 'initialize') startStream();

    const outcome = await handle(incoming, session, emit, {
      ...extras,
      ...(cancel && { signal: cancel.signal }),
      keepOpen: startStream,
    });
    if (outcome.cancelled) {
      if (stream !== undefined) eventLogOf(session).finish(stream);
      // No response for a cancelled request; a stream still open (handshake era: cancelled by a
      // notification) ends empty.
      if (open) {
        startStream();
        res.end();
      }
      return;
    }
    if (outcome.dropped || !outcome.reply) {
      // Never answered: the POST stays open until the client gives up or the session ends.
      const release = session.onClose(() => res.destroy());
      res.on('close', release);
      return;
    }
    const reply = outcome.reply;
    if (!streaming) {
      if (!open) return;
      const contentType = session.faults.has('wrong-content-type') ? 'text/plain' : 'application/json';
      res.writeHead(outcome.httpStatus ?? 200, { 'content-type': contentType, ...headersFor(reply) });
      echo(session, reply);
      return void res.end(encode(reply, session.faults));
    }
    // Streamed: the headers are out already; this only lets the reply take effect (a new session).
    headersFor(reply);
    echo(session, reply);
    emit(reply);
    // progress-after-result: the stream stays open for what the handler sends after its result.
    if (outcome.trailing) await outcome.trailing;
    if (stream !== undefined) eventLogOf(session).finish(stream);
    if (open) res.end();
  }

  listenAndAnnounce(server, port, path, log);
  return server;
}

/** Stateless era: any message with `_meta` protocolVersion, or anything but initialize without a session. */
function isStateless(incoming: Incoming, sessionId: string | undefined): boolean {
  switch (incoming.kind) {
    case 'request':
      if (claimsStateless(incoming.message.params)) return true;
      return sessionId === undefined && incoming.message.method !== 'initialize';
    case 'notification':
    case 'response':
      return sessionId === undefined;
    default:
      // Unreadable bodies are answered the same in both eras.
      return false;
  }
}

/** The one Accept spelling accept-exact-match lets through: what most clients happen to send. */
const EXACT_ACCEPT = 'application/json, text/event-stream';

/** The media type without its parameters (content-type-parameters-rejected: the whole header string instead). */
function jsonContentType(req: IncomingMessage, faults: Faults): boolean {
  const contentType = header(req, 'content-type');
  if (contentType === undefined) return true;
  if (faults.has('content-type-parameters-rejected')) return contentType === 'application/json';
  return contentType.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const rpcError = (message: string): Response => errorResponse(null, SERVER_ERROR, message);
