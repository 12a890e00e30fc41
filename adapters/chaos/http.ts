// Streamable HTTP transport on one endpoint: POST carries one JSON-RPC message, DELETE ends a session,
// GET is refused (no standalone stream). initialize opens a session (Mcp-Session-Id); most modes
// misbehave only on POSTs of an open session, so the harness's probe initialize gets through.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { appliesTo, LIMITS, type Mode } from './modes.js';
import { answer, classify, errorResponse, inflated, log, notificationMessage, unsolicited, withWrongId, type Request, type Response } from './protocol.js';
import { listenAndAnnounce, readBoundedBody } from '../faulty/io.js';

const MAX_BODY_BYTES = 1024 * 1024;

interface Session {
  /** huge-message, notification-flood, sse-never-ends: the one special answer has gone out. */
  spent: boolean;
  requests: number;
}

interface Exchange {
  res: ServerResponse;
  request: Request;
  reply: Response;
  session: Session;
  /** The POST belongs to a session opened earlier (false for initialize itself). */
  afterHandshake: boolean;
  /** Headers every answer to this POST carries (the new session id, on initialize). */
  headers: Record<string, string>;
}

type Behaviour = (x: Exchange) => void;

function sendJson(x: Pick<Exchange, 'res' | 'headers'>, status: number, body: unknown, contentType = 'application/json'): void {
  x.res.writeHead(status, { 'content-type': contentType, ...x.headers });
  x.res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function openSse(x: Pick<Exchange, 'res' | 'headers'>): void {
  x.res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...x.headers });
  x.res.flushHeaders();
}

const event = (message: unknown): string => `event: message\ndata: ${JSON.stringify(message)}\n\n`;

/** Whether the client has gone: writers that loop stop there. */
const gone = (res: ServerResponse): boolean => res.destroyed || res.writableEnded;

const correct: Behaviour = (x) => sendJson(x, 200, x.reply);
const afterHandshake =
  (misbehave: Behaviour): Behaviour =>
  (x) =>
    (x.afterHandshake ? misbehave : correct)(x);
/** The first request after the handshake gets `special`; the others are answered correctly. */
const once =
  (special: Behaviour, rest: Behaviour = correct): Behaviour =>
  (x) => {
    if (!x.afterHandshake) return correct(x);
    const first = !x.session.spent;
    x.session.spent = true;
    (first ? special : rest)(x);
  };

const BEHAVIOURS: Partial<Record<Mode, Behaviour>> = {
  'crash-mid-message': afterHandshake((x) => {
    const text = JSON.stringify(x.reply);
    x.res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    // Half the promised body, then the connection goes.
    x.res.write(text.slice(0, Math.ceil(text.length / 2)), () => x.res.destroy());
  }),
  'garbage-stdout': afterHandshake((x) => sendJson(x, 200, '<html><body>chaos: this body is not JSON</body></html>')),
  'huge-message': once((x) => sendJson(x, 200, inflated(x.reply, LIMITS.hugeBytes))),
  'slow-drip': afterHandshake((x) => {
    const bytes = Buffer.from(JSON.stringify(x.reply));
    x.res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
    let i = 0;
    const next = (): void => {
      if (gone(x.res)) return;
      if (i === bytes.length) return void x.res.end();
      x.res.write(bytes.subarray(i, ++i));
      setTimeout(next, LIMITS.dripMs);
    };
    next();
  }),
  'notification-flood': once(floodStream),
  'unsolicited-responses': (x) => {
    openSse(x);
    for (const stray of unsolicited(x.session.requests)) x.res.write(event(stray));
    x.res.end(event(x.reply));
  },
  'duplicate-responses': (x) => {
    openSse(x);
    x.res.write(event(x.reply));
    x.res.end(event(x.reply));
  },
  'wrong-ids': afterHandshake((x) => sendJson(x, 200, withWrongId(x.reply))),
  // The first answer comes and the stream stays open; later ones never come. Either way, keep-alives forever.
  'sse-never-ends': once(
    (x) => keepAlive(x, true),
    (x) => keepAlive(x, false),
  ),
  'close-mid-stream': afterHandshake((x) => {
    openSse(x);
    x.res.write(': chaos stream\n\n');
    // Half an event, no blank line after it, and the stream ends.
    x.res.end(`event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(x.request.id)},"res`);
  }),
  'wrong-content-type': (x) => sendJson(x, 200, x.reply, 'text/html; charset=utf-8'),
};

/** notification-flood over HTTP: the request's SSE stream carries the burst, with the answer halfway through. */
function floodStream(x: Exchange): void {
  openSse(x);
  let sent = 0;
  const batch = (): void => {
    if (gone(x.res)) return;
    for (const end = Math.min(sent + LIMITS.floodBatch, LIMITS.floodCount); sent < end; ) {
      x.res.write(event(notificationMessage(++sent)));
      if (sent === LIMITS.floodCount / 2) x.res.write(event(x.reply));
    }
    if (sent < LIMITS.floodCount) setImmediate(batch);
    else x.res.end();
  };
  batch();
}

function keepAlive(x: Exchange, withAnswer: boolean): void {
  openSse(x);
  if (withAnswer) x.res.write(event(x.reply));
  const timer = setInterval(() => (gone(x.res) ? clearInterval(timer) : x.res.write(': keep-alive\n\n')), LIMITS.keepAliveMs);
  x.res.on('close', () => clearInterval(timer));
}

/** Modes that treat every POST of an open session alike, notifications included. */
function answersEveryPost(mode: Mode | undefined, res: ServerResponse): boolean {
  if (mode === 'hang-after-handshake') return true; // held open until the client gives up
  if (mode !== 'http-500') return false;
  res.writeHead(500, { 'content-type': 'text/html' });
  res.end('<!doctype html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>');
  return true;
}


export function startHttp(port: number, path: string, mode: Mode | undefined): Server {
  const active = appliesTo(mode, 'http') ? mode : undefined;
  const behave = (active && BEHAVIOURS[active]) ?? correct;
  const sessions = new Map<string, Session>();
  // redirect-loop: POSTs bounce between the endpoint and this second path.
  const elsewhere = `${path.replace(/\/$/, '')}/elsewhere`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (active === 'redirect-loop' && req.method === 'POST' && (pathname === path || pathname === elsewhere)) {
      res.writeHead(307, { location: pathname === path ? elsewhere : path, 'content-type': 'text/plain' });
      return void res.end('Temporary Redirect');
    }
    if (pathname !== path) return sendJson({ res, headers: {} }, 404, errorResponse(null, -32000, 'Not Found'));
    // Held open: the client's own timeout is the only way out.
    if (active === 'hang-before-handshake') return;
    const sessionId = header(req, 'mcp-session-id');
    const session = sessionId === undefined ? undefined : sessions.get(sessionId);
    if (req.method === 'DELETE') return endSession(res, sessionId, session);
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST, DELETE', 'content-type': 'text/plain' });
      return void res.end('Method Not Allowed');
    }
    if (sessionId !== undefined && !session) return sendJson({ res, headers: {} }, 404, errorResponse(null, -32000, 'Session not found'));
    const body = await readBoundedBody(req, MAX_BODY_BYTES);
    if (body === undefined) return sendJson({ res, headers: {} }, 413, errorResponse(null, -32000, 'Payload Too Large'));
    if (session && answersEveryPost(active, res)) return;
    const incoming = classify(body);
    if (incoming.kind === 'invalid') return sendJson({ res, headers: {} }, 400, incoming.reply);
    if (incoming.kind === 'quiet') {
      res.writeHead(202);
      return void res.end();
    }
    const { request } = incoming;
    let target = session;
    const headers: Record<string, string> = {};
    if (!target) {
      if (request.method !== 'initialize') return sendJson({ res, headers }, 400, errorResponse(request.id, -32000, 'Bad Request: Mcp-Session-Id header is required'));
      const id = randomUUID();
      sessions.set(id, (target = { spent: false, requests: 0 }));
      headers['mcp-session-id'] = id;
    }
    target.requests++;
    behave({ res, request, reply: answer(request), session: target, afterHandshake: session !== undefined, headers });
  }

  function endSession(res: ServerResponse, sessionId: string | undefined, session: Session | undefined): void {
    if (session && active === 'hang-after-handshake') return;
    if (sessionId !== undefined) sessions.delete(sessionId);
    res.writeHead(session ? 200 : 404);
    res.end();
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      log(`HTTP handler failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) sendJson({ res, headers: {} }, 500, errorResponse(null, -32603, 'Internal error'));
      else res.destroy();
    });
  });
  listenAndAnnounce(server, port, path, log);
  return server;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
