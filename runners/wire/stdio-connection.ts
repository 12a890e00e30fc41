// stdio transport: one JSON-RPC message per line on the child's stdin and stdout.
import type { Spawned } from '../targets/processes.js';
import type { Connection, SendInfo } from './connection.js';
import { Timeline } from './timeline.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lossyUtf8 = new TextDecoder('utf-8');

export class StdioConnection implements Connection {
  readonly transport = 'stdio' as const;
  readonly timeline = new Timeline();
  /** The chunks of the line still being received, joined once when its newline comes: a 20 MB line costs one copy, not one per chunk. */
  private partial: Buffer[] = [];
  /** The harness is stopping the process: a line cut short by that is not the server's doing. */
  private closing = false;

  constructor(private readonly proc: Spawned) {
    // Bytes, not text: a line is split at the newline byte and then decoded strictly, so a message
    // that is not valid UTF-8 is caught rather than silently repaired.
    proc.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    void proc.exited.then((exit) => {
      // A server that dies mid-line wrote that fragment; one the harness killed mid-line did not finish it.
      if (this.partial.length && !this.closing) this.onLine(Buffer.concat(this.partial));
      this.partial = [];
      this.timeline.close(`the server process ${exit.describe}`);
    });
  }

  private onData(chunk: Buffer): void {
    // Only the new chunk is searched for newlines; what came before holds none.
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      this.partial.push(chunk.subarray(start, nl));
      const line = this.partial.length === 1 ? (this.partial[0] as Buffer) : Buffer.concat(this.partial);
      this.partial = [];
      this.onLine(line);
      start = nl + 1;
    }
    if (start < chunk.length) this.partial.push(chunk.subarray(start));
  }

  private onLine(bytes: Buffer): void {
    let line: string;
    try {
      line = strictUtf8.decode(bytes);
    } catch {
      this.timeline.push({ direction: 'in', kind: 'noise', raw: `(not valid UTF-8) ${lossyUtf8.decode(bytes).slice(0, 2000)}`, channel: 'stdout' });
      return;
    }
    if (line.trim() === '') return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.timeline.push({ direction: 'in', kind: 'noise', raw: line.slice(0, 2000), channel: 'stdout' });
      return;
    }
    this.timeline.push({ direction: 'in', kind: 'message', raw: line, message, channel: 'stdout' });
  }

  async send(text: string, info: SendInfo = {}): Promise<void> {
    this.timeline.pushSent(text, 'stdin', info.deliberate);
    const stdin = this.proc.child.stdin;
    if (!stdin || stdin.destroyed || this.timeline.closed) return;
    await new Promise<void>((resolve) => stdin.write(text + '\n', () => resolve()));
  }

  setProtocolVersion(): void {}

  async openStandaloneStream(): Promise<void> {}

  /** stdio has one stream for everything: walking away from one answer is impossible. */
  disconnect(): boolean {
    return false;
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.proc.stop();
  }

  stderrTail(): string {
    return this.proc.stderrTail();
  }
}
