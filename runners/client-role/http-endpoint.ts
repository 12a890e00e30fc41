// The Streamable HTTP server the harness plays for a client case (handshake era): one endpoint on
// 127.0.0.1, a session id issued with the initialize answer and required afterwards, JSON answers, or an
// SSE stream when a request has more to say than its answer (progress, requests to the client).
// Every POST body the client sends lands on the timeline (`in`), followed by an `http` event holding the
// client's request headers and the status the harness answered.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback, readBody } from '../wire/loopback.js';
import { Timeline } from '../wire/timeline.js';
import type { HttpExchange } from '../model.js';
import type { HttpBehaviour } from './server-script.js';

interface DroppedStream {
  id: string;
  /** Every event after the priming one, in order; event n has id `<stream id>-n`. */
  events: string[];
  closedAt: number;
  done: boolean;
  /** The resuming GET's response, once there is one. */
  sink?: ServerResponse;
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const PATH = '/mcp';
const DOCS = '/docs/';

export interface HttpEndpoint {
  url: string;
  timeline: Timeline;
  /** Called with each JSON-RPC message; `out` sends what belongs to it (on its POST's answer). */
  onMessage(handler: (message: unknown, out: (m: Rec) => void) => Promise<void>): void;
  close(): Promise<void>;
}

export async function listenHttp(behaviour: HttpBehaviour = {}): Promise<HttpEndpoint> {
  const timeline = new Timeline();
  let handler: ((message: unknown, out: (m: Rec) => void) => Promise<void>) | undefined;
  let sessionId: string | undefined;
  /** Requests that carried the current session id, for sessionExpiresAfter. */
  let sessionUses = 0;
  const expired = new Set<string>();
  let posts = 0;
  const open = new Set<ServerResponse>();
  const name = (header: string) => (behaviour.upperCaseHeaders ? header.toUpperCase() : header);
  const comment = behaviour.sseComments ? ': keep-alive\n\n' : '';
  /** Streams the harness closed early (dropStreams), by stream id, until a GET with Last-Event-ID resumes them. */
  const dropped = new Map<string, DroppedStream>();
  /** Where MCP is served: /mcp, or /mcp/ behind a redirect from /mcp. */
  const home = behaviour.redirectToSlash === undefined ? PATH : `${PATH}/`;
  const dropping = (method: string | undefined) => behaviour.dropStreams !== undefined && (behaviour.dropStreams.methods ?? ['tools/call']).includes(method ?? '');

  const record = (req: IncomingMessage, channel: string, status: number, contentType = '', rpcMethod?: string, more: Partial<HttpExchange> = {}) =>
    timeline.push({
      direction: 'in',
      kind: 'http',
      channel,
      // For the client role the headers are the client's request headers; the status is the harness's answer.
      http: {
        method: req.method ?? '',
        path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
        status,
        contentType,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        rpcBody: false,
        ...(rpcMethod && { rpcMethod }),
        ...more,
      },
    });

  const server = createServer((req, res) => {
    void route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const channel = `${req.method ?? '?'}#${++posts}`;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname.startsWith(DOCS)) return serveDocument(req, res, channel, url.pathname.slice(DOCS.length));
    if (url.pathname === PATH && behaviour.redirectToSlash !== undefined) return redirect(req, res, channel, behaviour.redirectToSlash, `${home}${url.search}`);
    if (url.pathname !== home) return answer(req, res, channel, 404);
    const sent = req.headers['mcp-session-id'];
    if (req.method === 'DELETE') {
      if (sessionId !== undefined && sent === sessionId) sessionId = undefined;
      return answer(req, res, channel, sent === undefined ? 400 : 200);
    }
    if (req.method === 'GET' && typeof req.headers['last-event-id'] === 'string') return resume(req, res, channel, req.headers['last-event-id']);
    if (req.method !== 'POST') return answer(req, res, channel, 405);
    const body = await readBody(req, MAX_BODY_BYTES);
    let message: unknown;
    try {
      message = body === undefined ? undefined : JSON.parse(body);
    } catch {
      message = undefined;
    }
    timeline.push(message === undefined ? { direction: 'in', kind: 'noise', raw: (body ?? '').slice(0, 2000), channel } : { direction: 'in', kind: 'message', raw: body, message, channel });
    if (!isRecord(message)) return answer(req, res, channel, 400);
    const rpcMethod = typeof message.method === 'string' ? message.method : undefined;
    if (typeof sent === 'string' && expired.has(sent)) return answer(req, res, channel, 404, rpcMethod);
    const isInitialize = message.method === 'initialize';
    // The stateless era has no session: its requests carry their version in _meta instead.
    const params = isRecord(message.params) ? message.params : {};
    const stateless = message.method === 'server/discover' || (isRecord(params._meta) && typeof params._meta['io.modelcontextprotocol/protocolVersion'] === 'string');
    if (!isInitialize && !stateless && sessionId !== undefined && sent !== sessionId) return answer(req, res, channel, sent === undefined ? 400 : 404, rpcMethod);
    if (sessionId !== undefined && sent === sessionId && behaviour.sessionExpiresAfter !== undefined && ++sessionUses > behaviour.sessionExpiresAfter) {
      // The session ends on the server's side: this request and every later one with its id get 404.
      expired.add(sessionId);
      sessionId = undefined;
      return answer(req, res, channel, 404, rpcMethod);
    }
    if (typeof message.method !== 'string' || !('id' in message)) {
      // A notification or a response to one of the harness's requests: accepted, no body.
      answer(req, res, channel, 202, rpcMethod);
      return void (await handler?.(message, () => {}));
    }
    const newSession = isInitialize ? randomUUID() : undefined;
    if (newSession) sessionUses = 0;
    const sessionHeader = newSession ? { [name('mcp-session-id')]: newSession } : {};
    if (!newSession && dropping(rpcMethod)) return handler?.(message, dropStream(req, res, channel, rpcMethod as string, sessionHeader));
    let streaming = false;
    open.add(res);
    res.on('close', () => open.delete(res));
    const out = (m: Rec) => {
      const raw = JSON.stringify(m);
      timeline.push({ direction: 'out', kind: 'message', raw, message: m, channel });
      const isAnswer = m.id === message.id && ('result' in m || 'error' in m);
      if (isAnswer && !streaming && behaviour.answerWith !== 'sse') {
        if (newSession) sessionId = newSession;
        record(req, channel, 200, 'application/json', rpcMethod);
        res.writeHead(200, { [name('content-type')]: 'application/json', ...sessionHeader });
        return void res.end(raw);
      }
      if (!streaming) {
        streaming = true;
        record(req, channel, 200, 'text/event-stream', rpcMethod);
        res.writeHead(200, { [name('content-type')]: 'text/event-stream', [name('cache-control')]: 'no-cache', ...sessionHeader });
      }
      res.write(`${comment}event: message\ndata: ${raw}\n\n${comment}`);
      if (isAnswer) {
        if (newSession) sessionId = newSession;
        res.end();
      }
    };
    await handler?.(message, out);
  }

  /** Opens the request's SSE stream with a priming event, closes it at once, and keeps what follows for a resumption. */
  function dropStream(req: IncomingMessage, res: ServerResponse, channel: string, rpcMethod: string, headers: Record<string, string>): (m: Rec) => void {
    const stream: DroppedStream = { id: `s${dropped.size + 1}`, events: [], closedAt: 0, done: false };
    dropped.set(stream.id, stream);
    record(req, channel, 200, 'text/event-stream', rpcMethod);
    res.writeHead(200, { [name('content-type')]: 'text/event-stream', [name('cache-control')]: 'no-cache', ...headers });
    res.end(`id: ${stream.id}-0\nretry: ${behaviour.dropStreams?.retryMs ?? 0}\ndata: \n\n`);
    stream.closedAt = Date.now();
    return (m: Rec) => {
      const raw = JSON.stringify(m);
      timeline.push({ direction: 'out', kind: 'message', raw, message: m, channel });
      const event = `id: ${stream.id}-${stream.events.length + 1}\nevent: message\ndata: ${raw}\n\n`;
      stream.events.push(event);
      stream.sink?.write(event);
      if ('result' in m || 'error' in m) {
        stream.done = true;
        stream.sink?.end();
      }
    };
  }

  /** A GET with Last-Event-ID: replays what the dropped stream had after that event, then carries the rest. */
  function resume(req: IncomingMessage, res: ServerResponse, channel: string, lastEventId: string): void {
    const [streamId, seen] = lastEventId.split('-');
    const stream = dropped.get(streamId ?? '');
    const more = { resumedFrom: lastEventId, ...(stream && { resumeDelayMs: Date.now() - stream.closedAt }) };
    if (!stream) {
      record(req, channel, 404, '', undefined, more);
      return void res.writeHead(404).end();
    }
    record(req, channel, 200, 'text/event-stream', undefined, more);
    res.writeHead(200, { [name('content-type')]: 'text/event-stream', [name('cache-control')]: 'no-cache' });
    open.add(res);
    res.on('close', () => open.delete(res));
    for (const event of stream.events.slice(Number(seen) || 0)) res.write(event);
    if (stream.done) return void res.end();
    stream.sink = res;
  }

  function serveDocument(req: IncomingMessage, res: ServerResponse, channel: string, document: string): void {
    const body = behaviour.documents?.[document];
    if (body === undefined) return answer(req, res, channel, 404);
    record(req, channel, 200, 'application/json');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  /** A redirect to where the endpoint lives. The body is read only to name its method in the exchange: the message itself counts once, where it lands. */
  async function redirect(req: IncomingMessage, res: ServerResponse, channel: string, status: number, location: string): Promise<void> {
    const body = req.method === 'POST' ? await readBody(req, MAX_BODY_BYTES) : undefined;
    let rpcMethod: string | undefined;
    try {
      const message: unknown = body === undefined ? undefined : JSON.parse(body);
      if (isRecord(message) && typeof message.method === 'string') rpcMethod = message.method;
    } catch {
      /* not JSON: the exchange names no method */
    }
    record(req, channel, status, '', rpcMethod);
    res.writeHead(status, { [name('location')]: location }).end();
  }

  function answer(req: IncomingMessage, res: ServerResponse, channel: string, status: number, rpcMethod?: string): void {
    record(req, channel, status, '', rpcMethod);
    res.writeHead(status).end();
  }

  const port = await listenLoopback(server);
  return {
    url: `http://127.0.0.1:${port}${PATH}`,
    timeline,
    onMessage(h) {
      handler = h;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      timeline.close('the harness ended the case');
    },
  };
}
