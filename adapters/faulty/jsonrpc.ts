// JSON-RPC 2.0 framing shared by both transports: what a message is, how incoming text is classified,
// and how answers are built. Kept free of MCP knowledge so the rules stay easy to audit.

export type Id = string | number;
export type JsonObject = Record<string, unknown>;

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

export interface Request {
  jsonrpc: '2.0';
  id: Id;
  method: string;
  params?: unknown;
}

export interface Notification {
  jsonrpc: '2.0';
  method: string;
  params?: unknown;
}

export interface Response {
  jsonrpc: '2.0';
  id: Id | null;
  result?: unknown;
  error?: RpcErrorBody;
}

export type Message = Request | Notification | Response;

/** What one line (stdio) or one POST body (HTTP) turned out to be. */
export type Incoming =
  | { kind: 'parse-error' }
  | { kind: 'invalid'; id: Id | null }
  | { kind: 'request'; message: Request }
  | { kind: 'notification'; message: Notification }
  | { kind: 'response'; message: Response };

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const METHOD_NOT_FOUND = -32601;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** MCP's resource-not-found code. */
export const RESOURCE_NOT_FOUND = -32002;
/** Used by the HTTP transport for session problems (no JSON-RPC code fits). */
export const SERVER_ERROR = -32000;
/** Stateless era (2026-07-28): HTTP headers missing or disagreeing with the body. */
export const HEADER_MISMATCH = -32020;
/** Stateless era: the request needs a client capability it did not declare. */
export const MISSING_CLIENT_CAPABILITY = -32021;
/** Stateless era: the request's protocol version is not one this server speaks. */
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/**
 * Thrown by method handlers; becomes a JSON-RPC error response. `httpStatus` is for the stateless
 * era, where some errors change the HTTP status of the answer (400, 404); it is unset otherwise (200).
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

export const invalidParams = (message: string, data?: unknown) => new RpcError(INVALID_PARAMS, message, data);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is Id {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Classifies raw text. Never throws: every input maps to exactly one kind. */
export function classify(text: string): Incoming {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'parse-error' };
  }
  // Batches (arrays) are not accepted: this server speaks one message per line / per POST.
  if (!isObject(value)) return { kind: 'invalid', id: null };
  const readableId = isId(value.id) ? value.id : null;
  if (value.jsonrpc !== '2.0') return { kind: 'invalid', id: readableId };

  if ('method' in value) {
    if (typeof value.method !== 'string') return { kind: 'invalid', id: readableId };
    // JSON-RPC: params, when present, is a structured value.
    if ('params' in value && (typeof value.params !== 'object' || value.params === null)) return { kind: 'invalid', id: readableId };
    if (!('id' in value)) return { kind: 'notification', message: value as unknown as Notification };
    // MCP forbids null ids on requests; other non-string/number ids are not JSON-RPC ids at all.
    if (!isId(value.id)) return { kind: 'invalid', id: null };
    return { kind: 'request', message: value as unknown as Request };
  }

  // A response (the client's answer to a server-to-client request): exactly one of result / error.
  const hasResult = 'result' in value;
  const hasError = 'error' in value;
  if ('id' in value && (isId(value.id) || value.id === null) && hasResult !== hasError) {
    if (hasError) {
      const e = value.error;
      if (!isObject(e) || typeof e.code !== 'number' || !Number.isInteger(e.code) || typeof e.message !== 'string') {
        return { kind: 'invalid', id: readableId };
      }
    }
    return { kind: 'response', message: value as unknown as Response };
  }
  return { kind: 'invalid', id: readableId };
}

export function resultResponse(id: Id | null, result: unknown): Response {
  return { jsonrpc: '2.0', id, result };
}

export function errorResponse(id: Id | null, code: number, message: string, data?: unknown): Response {
  return { jsonrpc: '2.0', id, error: { code, message, ...(data !== undefined && { data }) } };
}

export function notification(method: string, params: JsonObject): Notification {
  return { jsonrpc: '2.0', method, params };
}

/**
 * The text of one outgoing message. duplicate-input-request-key writes the first inputRequests key
 * twice (a decoy first, the real entry last), which JSON.parse hides but the text shows.
 */
export function encode(message: Message, faults: ReadonlySet<string>): string {
  const text = JSON.stringify(message);
  if (!faults.has('duplicate-input-request-key') || !('result' in message) || !isObject(message.result)) return text;
  const requests = message.result.inputRequests;
  const first = isObject(requests) ? Object.keys(requests)[0] : undefined;
  if (first === undefined) return text;
  return text.replace('"inputRequests":{', `"inputRequests":{${JSON.stringify(first)}:{"method":"roots/list"},`);
}
