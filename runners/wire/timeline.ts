// The ordered record of everything that crossed one connection. Transports append to it; the
// session and the steps wait on it; the transcript and schema scoring read it afterwards.
import type { WireEvent } from '../model.js';

export type WaitOutcome = { kind: 'event'; event: WireEvent } | { kind: 'timeout' } | { kind: 'closed'; reason: string };

type Waiter = { fromSeq: number; test: (e: WireEvent) => boolean; done: (o: WaitOutcome) => void };

export class Timeline {
  readonly events: WireEvent[] = [];
  private waiters = new Set<Waiter>();
  private listeners: ((e: WireEvent) => void)[] = [];
  private closedReason: string | undefined;
  private readonly t0 = Date.now();

  get nextSeq(): number {
    return this.events.length;
  }

  push(partial: Omit<WireEvent, 'seq' | 'at'>): WireEvent {
    const event: WireEvent = { seq: this.events.length, at: Date.now() - this.t0, ...partial };
    this.events.push(event);
    for (const l of this.listeners) l(event);
    for (const w of [...this.waiters]) {
      if (event.seq >= w.fromSeq && w.test(event)) w.done({ kind: 'event', event });
    }
    return event;
  }

  /** What the client sent: the text as it went out, parsed when it is JSON (deliberately broken input may not be). */
  pushSent(text: string, channel: string, deliberate: boolean | undefined): WireEvent {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      message = undefined;
    }
    return this.push({ direction: 'out', kind: 'message', raw: text, message, channel, ...(deliberate && { deliberate: true }) });
  }

  onEvent(listener: (e: WireEvent) => void): void {
    this.listeners.push(listener);
  }

  /** The peer went away (process exited, stream failed): every waiter is released. */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const w of [...this.waiters]) w.done({ kind: 'closed', reason });
  }

  get closed(): string | undefined {
    return this.closedReason;
  }

  /** The first event from `fromSeq` on that passes `test`, waiting at most `timeoutMs`. */
  waitFor(test: (e: WireEvent) => boolean, fromSeq: number, timeoutMs: number): Promise<WaitOutcome> {
    const found = this.events.slice(fromSeq).find(test);
    if (found) return Promise.resolve({ kind: 'event', event: found });
    if (this.closedReason !== undefined) return Promise.resolve({ kind: 'closed', reason: this.closedReason });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        fromSeq,
        test,
        done: (o) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(o);
        },
      };
      const timer = setTimeout(() => waiter.done({ kind: 'timeout' }), timeoutMs);
      this.waiters.add(waiter);
    });
  }
}
