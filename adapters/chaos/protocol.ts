// The correct part of the fixture: JSON-RPC 2.0 framing and the few MCP methods the chaos runs need
// (initialize, ping, an empty tools/list). Transports decide how — or whether — an answer goes out.

export type Id = string | number;

export interface Request {
  jsonrpc: '2.0';
  id: Id;
  method: string;
  params?: unknown;
}

export interface Response {
  jsonrpc: '2.0';
  id: Id | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

/** What one line (stdio) or one POST body (HTTP) turned out to be. */
export type Incoming =
  | { kind: 'request'; request: Request }
  /** Notifications and responses: nothing to answer. */
  | { kind: 'quiet'; method?: string }
  /** Unreadable or not JSON-RPC: answered with an error right away. */
  | { kind: 'invalid'; reply: Response };

export const PROTOCOL_VERSION = '2025-11-25';
const SERVER_INFO = { name: 'mcp-conform-chaos', version: '0.1.0' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is Id => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));

export function errorResponse(id: Id | null, code: number, message: string): Response {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

export function classify(text: string): Incoming {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reply: errorResponse(null, -32700, 'Parse error') };
  }
  if (!isObject(parsed) || parsed.jsonrpc !== '2.0') return { kind: 'invalid', reply: errorResponse(null, -32600, 'Invalid Request') };
  const { id, method } = parsed;
  if (typeof method !== 'string') {
    // A response (to nothing we asked) or junk with an id: only junk is answered.
    if ('result' in parsed || 'error' in parsed) return { kind: 'quiet' };
    return { kind: 'invalid', reply: errorResponse(isId(id) ? id : null, -32600, 'Invalid Request') };
  }
  if (!('id' in parsed)) return { kind: 'quiet', method };
  if (!isId(id)) return { kind: 'invalid', reply: errorResponse(null, -32600, 'Invalid Request: bad id') };
  return { kind: 'request', request: { jsonrpc: '2.0', id, method, ...('params' in parsed && { params: parsed.params }) } };
}

/** The correct answer to a request. */
export function answer(request: Request): Response {
  const ok = (result: Record<string, unknown>): Response => ({ jsonrpc: '2.0', id: request.id, result });
  switch (request.method) {
    case 'initialize':
      // The only version spoken here, whatever was asked: the client decides whether to go on.
      return ok({ protocolVersion: PROTOCOL_VERSION, capabilities: { tools: {} }, serverInfo: SERVER_INFO });
    case 'ping':
      return ok({});
    case 'tools/list':
      return ok({ tools: [] });
    default:
      return errorResponse(request.id, -32601, `Method not found: ${request.method}`);
  }
}

/** The same answer under an id nobody sent: numbers move far away, strings get a suffix. */
export function withWrongId(reply: Response): Response {
  const id = reply.id;
  const wrong = typeof id === 'number' ? id + 1_000_000 : typeof id === 'string' ? `${id}-wrong` : 'wrong';
  return { ...reply, id: wrong };
}

/** The same answer padded to about `bytes` with a `_meta` entry (any result may carry `_meta`). */
export function inflated(reply: Response, bytes: number): Response {
  if (!reply.result) return reply;
  const meta = isObject(reply.result._meta) ? reply.result._meta : {};
  return { ...reply, result: { ...reply.result, _meta: { ...meta, 'dev.mcp-conform.chaos/padding': 'x'.repeat(bytes) } } };
}

/** A response to a request nobody sent (n numbers them; the ids are far from any the harness uses). */
export function unsolicited(n: number): Response[] {
  return [
    { jsonrpc: '2.0', id: `chaos-unsolicited-${n}`, result: {} },
    { jsonrpc: '2.0', id: 900_000 + n, result: {} },
  ];
}

export function notificationMessage(n: number): Record<string, unknown> {
  return { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', logger: 'chaos', data: `flood ${n}` } };
}

export function log(line: string): void {
  process.stderr.write(`mcp-conform chaos: ${line}\n`);
}
