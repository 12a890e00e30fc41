// stdio transport: one JSON-RPC message per line on the child's stdin and stdout.
import type { Spawned } from '../targets/processes.js';
import type { Connection, SendInfo } from './connection.js';
import { Timeline } from './timeline.js';

export class StdioConnection implements Connection {
  readonly transport = 'stdio' as const;
  readonly timeline = new Timeline();
  private partial = '';

  constructor(private readonly proc: Spawned) {
    const stdout = proc.child.stdout;
    stdout?.setEncoding('utf8');
    stdout?.on('data', (chunk: string) => this.onData(chunk));
    void proc.exited.then((exit) => {
      if (this.partial.trim()) this.onLine(this.partial);
      this.timeline.close(`the server process ${exit.describe}`);
    });
  }

  private onData(chunk: string): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }

  private onLine(line: string): void {
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
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }
    this.timeline.push({ direction: 'out', kind: 'message', raw: text, message, channel: 'stdin', ...(info.deliberate && { deliberate: true }) });
    const stdin = this.proc.child.stdin;
    if (!stdin || stdin.destroyed || this.timeline.closed) return;
    await new Promise<void>((resolve) => stdin.write(text + '\n', () => resolve()));
  }

  setProtocolVersion(): void {}

  async openStandaloneStream(): Promise<void> {}

  async close(): Promise<void> {
    await this.proc.stop();
  }

  stderrTail(): string {
    return this.proc.stderrTail();
  }
}
