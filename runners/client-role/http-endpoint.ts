// The Streamable HTTP server the harness plays for a client case (handshake era): one endpoint on
// 127.0.0.1, a session id issued with the initialize answer and required afterwards, JSON answers, or an
// SSE stream when a request has more to say than its answer (progress, requests to the client).
// Every POST body the client sends lands on the timeline (`in`), followed by an `http` event holding the
// client's request headers and the status the harness answered.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenLoopback, readBody } from '../wire/loopback.js';
import { Timeline } from '../wire/timeline.js';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const PATH = '/mcp';

export interface HttpEndpoint {
  url: string;
  timeline: Timeline;
  /** Called with each JSON-RPC message; `out` sends what belongs to it (on its POST's answer). */
  onMessage(handler: (message: unknown, out: (m: Rec) => void) => Promise<void>): void;
  close(): Promise<void>;
}

export async function listenHttp(): Promise<HttpEndpoint> {
  const timeline = new Timeline();
  let handler: ((message: unknown, out: (m: Rec) => void) => Promise<void>) | undefined;
  let sessionId: string | undefined;
  let posts = 0;
  const open = new Set<ServerResponse>();

  const record = (req: IncomingMessage, channel: string, status: number, contentType = '') =>
    timeline.push({
      direction: 'in',
      kind: 'http',
      channel,
      // For the client role the headers are the client's request headers; the status is the harness's answer.
      http: { method: req.method ?? '', status, contentType, headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), rpcBody: false },
    });

  const server = createServer((req, res) => {
    void route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const channel = `${req.method ?? '?'}#${++posts}`;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== PATH) return answer(req, res, channel, 404);
    const sent = req.headers['mcp-session-id'];
    if (req.method === 'DELETE') {
      if (sessionId !== undefined && sent === sessionId) sessionId = undefined;
      return answer(req, res, channel, sent === undefined ? 400 : 200);
    }
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
    const isInitialize = message.method === 'initialize';
    // The stateless era has no session: its requests carry their version in _meta instead.
    const params = isRecord(message.params) ? message.params : {};
    const stateless = message.method === 'server/discover' || (isRecord(params._meta) && typeof params._meta['io.modelcontextprotocol/protocolVersion'] === 'string');
    if (!isInitialize && !stateless && sessionId !== undefined && sent !== sessionId) return answer(req, res, channel, sent === undefined ? 400 : 404);
    if (typeof message.method !== 'string' || !('id' in message)) {
      // A notification or a response to one of the harness's requests: accepted, no body.
      answer(req, res, channel, 202);
      return void (await handler?.(message, () => {}));
    }
    const newSession = isInitialize ? randomUUID() : undefined;
    let streaming = false;
    open.add(res);
    res.on('close', () => open.delete(res));
    const out = (m: Rec) => {
      const raw = JSON.stringify(m);
      timeline.push({ direction: 'out', kind: 'message', raw, message: m, channel });
      const isAnswer = m.id === message.id && ('result' in m || 'error' in m);
      if (isAnswer && !streaming) {
        if (newSession) sessionId = newSession;
        record(req, channel, 200, 'application/json');
        res.writeHead(200, { 'content-type': 'application/json', ...(newSession && { 'mcp-session-id': newSession }) });
        return void res.end(raw);
      }
      if (!streaming) {
        streaming = true;
        record(req, channel, 200, 'text/event-stream');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...(newSession && { 'mcp-session-id': newSession }) });
      }
      res.write(`event: message\ndata: ${raw}\n\n`);
      if (isAnswer) {
        if (newSession) sessionId = newSession;
        res.end();
      }
    };
    await handler?.(message, out);
  }

  function answer(req: IncomingMessage, res: ServerResponse, channel: string, status: number): void {
    record(req, channel, status);
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
