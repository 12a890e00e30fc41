// What both HTTP front-ends of the fixture (Streamable HTTP and the legacy HTTP+SSE transport) need:
// reading a bounded body, judging an Origin, and short answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.js';
import { readBoundedBody } from './io.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLocalOrigin(origin: string, faults: Faults): boolean {
  // local-origin-rejected: only the loopback address itself counts as local, not the name localhost.
  if (faults.has('local-origin-rejected') && origin.includes('localhost')) return false;
  try {
    return LOCAL_HOSTS.has(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** The body as text, or undefined when it exceeds the limit. */
export function readBody(req: IncomingMessage): Promise<string | undefined> {
  return readBoundedBody(req, MAX_BODY_BYTES);
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}
