// A small HTTP client on node:http for the Streamable HTTP transport. Unlike fetch it keeps the
// response's header names exactly as the server wrote them, so a fault can look them up by exact name.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

export interface HttpInit {
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  ok: boolean;
  /** A response header's value (undefined when absent). */
  header(name: string): string | undefined;
  /** The body as a web stream (for the SSE reader). */
  stream(): ReadableStream<Uint8Array>;
  /** The whole body as text ('' when it breaks off). */
  text(): Promise<string>;
  /** Throws the body away. */
  discard(): void;
}

/**
 * One HTTP exchange. Header names are compared case-insensitively, as HTTP wants; with `exactCase` a
 * header is found only under the exact (lower-case) name asked for, in the raw header list.
 */
export function httpExchange(url: string, init: HttpInit, exactCase = false): Promise<HttpAnswer> {
  const send = new URL(url).protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: init.method, headers: init.headers, ...(init.signal && { signal: init.signal }) }, (res) => resolve(answerOf(res, exactCase)));
    req.on('error', reject);
    req.end(init.body);
  });
}

function answerOf(res: IncomingMessage, exactCase: boolean): HttpAnswer {
  const status = res.statusCode ?? 0;
  // Aborting the request destroys the response with an error; the readers below end quietly instead.
  res.on('error', () => {});
  return {
    status,
    ok: status >= 200 && status < 300,
    header: (name) => (exactCase ? rawHeader(res.rawHeaders, name) : headerValue(res.headers[name.toLowerCase()])),
    stream: () => Readable.toWeb(res) as ReadableStream<Uint8Array>,
    text: async () => {
      const chunks: Buffer[] = [];
      try {
        for await (const chunk of res) chunks.push(chunk as Buffer);
      } catch {
        /* aborted: whatever arrived */
      }
      return Buffer.concat(chunks).toString('utf8');
    },
    discard: () => void res.resume(),
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function rawHeader(raw: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i] === name) return raw[i + 1];
  return undefined;
}
