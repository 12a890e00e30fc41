// Plumbing every fixture server shares (the faulty fixture and the chaos fixture): stdin read as lines,
// bounded request bodies, and the readiness line the harness waits for.
import type { Server } from 'node:http';

/** Calls `onLine` with each non-empty line of stdin (a CR before the newline dropped). */
export function onStdinLines(onLine: (line: string) => void): void {
  let buffer = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    buffer += chunk;
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line.trim() !== '') onLine(line);
    }
  });
}

/** The body as text, or undefined when it exceeds a limit: the harness's own bounded reader. */
export { readBody as readBoundedBody } from '../../runners/wire/loopback.js';


/** Listens on 127.0.0.1 and prints the line the manifest's `ready` waits for; a listen error ends the process. */
export function listenAndAnnounce(server: Server, port: number, path: string, log: (line: string) => void): void {
  server.on('error', (e) => {
    log(`HTTP server error: ${e.message}`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    process.stderr.write(`mcp-conform adapter ready on http://127.0.0.1:${actual}${path}\n`);
  });
}
