import type { TransportKind } from '../model.js';
import type { Timeline } from './timeline.js';

export interface SendInfo {
  /** The id key of the request in this message, so HTTP failures can be tied to it. */
  requestKey?: string;
  /** Deliberately malformed: recorded but not scored against the schema. */
  deliberate?: boolean;
  /** HTTP: headers for this message only, over the connection's own; null removes one. Names are case-insensitive. */
  headers?: Record<string, string | null>;
}

/** One client connection to the implementation under test; everything it sees lands on `timeline`. */
export interface Connection {
  readonly transport: TransportKind;
  readonly timeline: Timeline;
  send(text: string, info?: SendInfo): Promise<void>;
  /** After negotiation, HTTP sends MCP-Protocol-Version; stdio ignores it. */
  setProtocolVersion(version: string | undefined): void;
  /** HTTP: open the standalone GET stream; stdio has only one stream and ignores it. */
  openStandaloneStream(): Promise<void>;
  /** HTTP: abort the POST that carried this request (its answer stream closes); false where that is impossible. */
  disconnect(requestKey: string): boolean;
  close(): Promise<void>;
  stderrTail(): string;
}

/** The key a request id is known by: `7` and `"7"` are different requests. */
export function idKey(id: unknown): string {
  return JSON.stringify(id);
}
