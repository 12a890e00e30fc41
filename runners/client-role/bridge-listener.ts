// The harness end of the stdio bridge: a loopback listener that accepts the one bridge a client adapter
// starts for a case, and turns its byte stream into timeline events (`in`: what the client wrote).
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../paths.js';
import { listenLoopback } from '../wire/loopback.js';
import { Timeline } from '../wire/timeline.js';

export interface BridgeEndpoint {
  /** What the client adapter runs as its stdio server. */
  command: string[];
  timeline: Timeline;
  /** Writes one message line to the client. */
  send(message: unknown): void;
  /** Called with every JSON value the client sends (undefined for a line that is not JSON). */
  onMessage(handler: (message: unknown, raw: string) => void): void;
  close(): Promise<void>;
}

export async function listenForBridge(): Promise<BridgeEndpoint> {
  const token = randomUUID();
  const timeline = new Timeline();
  const handlers: ((message: unknown, raw: string) => void)[] = [];
  let socket: Socket | undefined;
  const server: Server = createServer((s) => {
    let buffer = '';
    let authenticated = false;
    s.setEncoding('utf8');
    s.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).replace(/\r$/, '');
        buffer = buffer.slice(nl + 1);
        if (!authenticated) {
          // A connection that does not start with this case's token is not ours. A client may start its
          // server more than once (e.g. to probe it first), but only one at a time.
          if (line !== token || (socket && !socket.destroyed)) return void s.destroy();
          authenticated = true;
          socket = s;
          continue;
        }
        if (line === '') continue;
        let message: unknown;
        try {
          message = JSON.parse(line);
        } catch {
          message = undefined;
        }
        timeline.push(message === undefined ? { direction: 'in', kind: 'noise', raw: line.slice(0, 2000), channel: 'stdin' } : { direction: 'in', kind: 'message', raw: line, message, channel: 'stdin' });
        for (const h of handlers) h(message, line);
      }
    });
    s.on('close', () => {
      // Waits end here; a client that starts its server again reconnects, and its lines still land on the timeline.
      if (s === socket) timeline.close('the client closed its stdio server');
    });
    s.on('error', () => s.destroy());
  });
  const port = await listenLoopback(server);
  return {
    command: [process.execPath, join(ROOT, 'dist', 'runners', 'client-role', 'stdio-bridge.js'), String(port), token],
    timeline,
    send(message: unknown) {
      const raw = JSON.stringify(message);
      timeline.push({ direction: 'out', kind: 'message', raw, message, channel: 'stdout' });
      socket?.write(`${raw}\n`);
    },
    onMessage(handler) {
      handlers.push(handler);
    },
    async close() {
      socket?.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      timeline.close('the harness ended the case');
    },
  };
}
