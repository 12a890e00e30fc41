// Handshake-era resumability: every event of a request's SSE stream gets an id `<stream>-<n>` and is
// kept, so a client that lost the stream can GET it back with Last-Event-ID. The stream opens with
// a priming event (an id and empty data), as 2025-11-25 suggests.
import type { ServerResponse } from 'node:http';

interface StreamLog {
  frames: string[];
  /** A GET that resumed the stream and now receives what the broken POST no longer can. */
  sink: ServerResponse | undefined;
  done: boolean;
}

export class EventLog {
  private readonly streams = new Map<string, StreamLog>();
  private count = 0;

  /** A new stream; returns its id and priming frame. */
  open(): { stream: string; priming: string } {
    const stream = `s${++this.count}`;
    this.streams.set(stream, { frames: [], sink: undefined, done: false });
    return { stream, priming: `id: ${stream}-0\ndata: \n\n` };
  }

  /** Keeps one message of a stream and returns its SSE frame. */
  record(stream: string, data: string): string {
    const log = this.streams.get(stream);
    if (!log) throw new Error(`no stream ${stream}`);
    const frame = `id: ${stream}-${log.frames.length + 1}\nevent: message\ndata: ${data}\n\n`;
    log.frames.push(frame);
    return frame;
  }

  /** A frame the POST could not take goes to the resuming GET, if one is attached (else it waits in the log). */
  deliver(stream: string, frame: string): void {
    this.streams.get(stream)?.sink?.write(frame);
  }

  /** The stream's last message went out: a resuming GET ends too. */
  finish(stream: string): void {
    const log = this.streams.get(stream);
    if (!log) return;
    log.done = true;
    log.sink?.end();
  }

  /**
   * GET with Last-Event-ID: replays what followed that event on its own stream (under
   * resume-replays-other-streams, on every stream) and keeps the GET for what is still to come.
   * False when the id names no known stream.
   */
  resume(lastEventId: string, res: ServerResponse, everyStream: boolean): boolean {
    const match = /^(s\d+)-(\d+)$/.exec(lastEventId);
    const log = match ? this.streams.get(match[1] as string) : undefined;
    if (!match || !log) return false;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const after = Number(match[2]);
    for (const frame of log.frames.slice(after)) res.write(frame);
    if (everyStream) for (const [id, other] of this.streams) if (id !== match[1]) for (const frame of other.frames) res.write(frame);
    if (log.done) return void res.end(), true;
    log.sink = res;
    res.on('close', () => {
      if (log.sink === res) log.sink = undefined;
    });
    return true;
  }
}
