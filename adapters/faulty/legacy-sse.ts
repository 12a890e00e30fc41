// The legacy HTTP+SSE transport of protocol version 2024-11-05. GET <path> opens a session's event
// stream; its first event, `endpoint`, names /messages?sessionId=<id>. Each POST there carries one
// JSON-RPC message and is acknowledged with 202 at once; everything the server says (answers,
// requests, notifications) goes out as `message` events on the session's stream. One Session per
// stream, with the same handling as stdio; closing the stream ends the session.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import { isLocalOrigin, readBody, sendEmpty, sendText } from './http-util.js';
import { classify, encode, type Message } from './jsonrpc.js';
import { handle, log } from './protocol.js';
import { Session } from './session.js';

const MESSAGES_PATH = '/messages';

export function startLegacySse(port: number, path: string, faults: Faults): Server {
  const sessions = new Map<string, { session: Session; stream: ServerResponse }>();

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      log(`HTTP+SSE handler failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) sendText(res, 500, 'Internal Server Error');
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // DNS-rebinding protection, on every incoming connection.
    const origin = req.headers.origin;
    if (origin !== undefined && !isLocalOrigin(origin, faults) && !faults.has('origin-not-checked')) return sendText(res, 403, 'Forbidden: origin not allowed');
    if (url.pathname === path) {
      if (req.method !== 'GET') {
        res.writeHead(405, { allow: 'GET', 'content-type': 'text/plain' });
        return void res.end('Method Not Allowed');
      }
      return openStream(res);
    }
    if (url.pathname !== MESSAGES_PATH) return sendText(res, 404, 'Not Found');
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' });
      return void res.end('Method Not Allowed');
    }
    const id = url.searchParams.get('sessionId');
    if (id === null) return sendText(res, 400, 'Bad Request: sessionId is required');
    const entry = sessions.get(id);
    if (!entry) return sendText(res, 404, 'Session not found');
    const body = await readBody(req);
    if (body === undefined) return sendText(res, 413, 'Payload Too Large');
    const { session, stream } = entry;
    const write = (message: Message): void => {
      if (stream.writableEnded || stream.destroyed) return log(`dropped a message for a closed SSE stream: ${JSON.stringify(message)}`);
      stream.write(`event: message\ndata: ${encode(message, faults)}\n\n`);
    };
    const incoming = classify(body);
    // sse-response-in-post-body: the answer comes back as the POST's JSON body, never on the stream.
    if (faults.has('sse-response-in-post-body')) {
      const outcome = await handle(incoming, session, write);
      if (!outcome.reply) return sendEmpty(res, 202);
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(encode(outcome.reply, faults));
    }
    // sse-post-status-500: the message is handled (its answer comes on the stream), but the POST gets 500.
    if (faults.has('sse-post-status-500')) sendText(res, 500, 'Internal Server Error');
    else sendEmpty(res, 202);
    // The acknowledgement goes out first: a slow request never holds up the next POST.
    const outcome = await handle(incoming, session, write);
    if (outcome.reply) write(outcome.reply);
  }

  function openStream(res: ServerResponse): void {
    const id = randomUUID();
    const session = new Session(faults);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // sse-message-before-endpoint: a log notification goes out before the endpoint event.
    if (faults.has('sse-message-before-endpoint')) {
      res.write(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'stream open' } })}\n\n`);
    }
    res.write(`event: endpoint\ndata: ${MESSAGES_PATH}?sessionId=${id}\n\n`);
    sessions.set(id, { session, stream: res });
    const release = session.onClose(() => res.end());
    res.on('close', () => {
      release();
      sessions.delete(id);
      session.close();
    });
  }

  server.on('error', (e) => {
    log(`HTTP+SSE server error: ${e.message}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    process.stderr.write(`mcp-conform adapter ready on http://127.0.0.1:${actual}${path} (legacy HTTP+SSE)\n`);
  });
  return server;
}
