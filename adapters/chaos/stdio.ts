// stdio transport: newline-delimited JSON-RPC on stdin/stdout, one process per client. Each mode
// changes what goes out on stdout after a request has been read; notifications are never answered.
import { appliesTo, LIMITS, type Mode } from './modes.js';
import { answer, classify, inflated, notificationMessage, unsolicited, withWrongId, type Request, type Response } from './protocol.js';
import { onStdinLines } from '../faulty/io.js';

/** stdout, in order: every write waits for the ones before it (a dripped answer included). */
class Output {
  private tail: Promise<void> = Promise.resolve();

  raw(text: string): void {
    this.tail = this.tail.then(() => writeNow(text));
  }

  line(message: unknown): void {
    this.raw(`${JSON.stringify(message)}\n`);
  }

  /** One byte at a time, with a pause after each. */
  drip(text: string): void {
    this.tail = this.tail.then(async () => {
      for (const byte of Buffer.from(text)) {
        await writeNow(Buffer.from([byte]));
        await new Promise((r) => setTimeout(r, LIMITS.dripMs));
      }
    });
  }

  /** Runs `action` once everything queued so far has been written. */
  after(action: () => void): void {
    this.tail = this.tail.then(action);
  }
}

function writeNow(chunk: string | Buffer): Promise<void> {
  return new Promise((resolve) => process.stdout.write(chunk, () => resolve()));
}

interface Connection {
  out: Output;
  /** An initialize has come in: most modes misbehave only after it, so the harness's probe gets through. */
  handshakeDone: boolean;
  /** Counts the requests read (numbers the unsolicited ids). */
  requests: number;
  /** huge-message: the one oversized answer has gone out. */
  inflatedOnce: boolean;
}

type Behaviour = (request: Request, reply: Response, conn: Connection) => void;

const correct: Behaviour = (_request, reply, { out }) => out.line(reply);
const afterHandshake =
  (misbehave: Behaviour): Behaviour =>
  (request, reply, conn) =>
    (conn.handshakeDone ? misbehave : correct)(request, reply, conn);

const BEHAVIOURS: Partial<Record<Mode, Behaviour>> = {
  'hang-before-handshake': () => {},
  'hang-after-handshake': afterHandshake(() => {}),
  'crash-mid-message': afterHandshake((_request, reply, { out }) => {
    const text = JSON.stringify(reply);
    out.raw(text.slice(0, Math.ceil(text.length / 2)));
    out.after(() => process.exit(1));
  }),
  'garbage-stdout': (_request, reply, { out }) => {
    out.raw('chaos: this line is not JSON\n');
    out.line(reply);
    out.raw('{"jsonrpc": "2.0", "id": \n');
  },
  'huge-message': afterHandshake((_request, reply, conn) => {
    // The first request after the handshake only: one 20 MB line is the point, not twenty.
    conn.out.line(conn.inflatedOnce ? reply : inflated(reply, LIMITS.hugeBytes));
    conn.inflatedOnce = true;
  }),
  'slow-drip': afterHandshake((_request, reply, { out }) => out.drip(`${JSON.stringify(reply)}\n`)),
  'unsolicited-responses': (_request, reply, { out, requests }) => {
    for (const stray of unsolicited(requests)) out.line(stray);
    out.line(reply);
  },
  'duplicate-responses': (_request, reply, { out }) => {
    out.line(reply);
    out.line(reply);
  },
  'wrong-ids': afterHandshake((_request, reply, { out }) => out.line(withWrongId(reply))),
};

/** notification-flood: a bounded burst, a batch per turn of the event loop so requests are still answered. */
function flood(out: Output): void {
  let sent = 0;
  const batch = (): void => {
    for (const end = Math.min(sent + LIMITS.floodBatch, LIMITS.floodCount); sent < end; ) out.line(notificationMessage(++sent));
    if (sent < LIMITS.floodCount) out.after(() => void setImmediate(batch));
  };
  batch();
}

export function startStdio(mode: Mode | undefined): void {
  const active = appliesTo(mode, 'stdio') ? mode : undefined;
  const behave = (active && BEHAVIOURS[active]) ?? correct;
  const conn: Connection = { out: new Output(), handshakeDone: false, requests: 0, inflatedOnce: false };
  // A closed pipe on our side means the client is gone.
  process.stdout.on('error', () => process.exit(0));

  const onLine = (line: string): void => {
    const incoming = classify(line);
    if (incoming.kind === 'invalid') return conn.out.line(incoming.reply);
    if (incoming.kind === 'quiet') return;
    conn.requests++;
    behave(incoming.request, answer(incoming.request), conn);
    if (incoming.request.method !== 'initialize' || conn.handshakeDone) return;
    conn.handshakeDone = true;
    if (active === 'notification-flood') flood(conn.out);
  };

  onStdinLines(onLine);
  // stdin closing is how a stdio client says goodbye: whatever is still queued (a drip, a flood) is dropped.
  process.stdin.on('end', () => process.exit(0));
}
