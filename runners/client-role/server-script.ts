// What the server the harness plays does in a client scenario: its identity, the versions it accepts,
// and the tools, resources and prompts it offers. A scenario overrides any part to behave in unusual
// but legal ways (an older version, pages of one item, extra fields, notifications mid-call).
import type { CannedAnswer } from '../model.js';

export interface ScriptedTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  /** Listed as given (e.g. execution.taskSupport, annotations, title, icons). */
  execution?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  title?: string;
  icons?: unknown[];
  /** The result of tools/call (default: one text block naming the tool). */
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  /** With a progress token in the call, these progress values are notified first. */
  progress?: number[];
  /** Requests sent to the client while the call runs (e.g. sampling/createMessage); their answers are awaited. */
  requests?: ScriptedRequest[];
  /** Notifications sent while the call runs (e.g. notifications/message). */
  notifications?: { method: string; params?: Record<string, unknown> }[];
  /** Wait this long before answering (lets a client cancel). */
  delayMs?: number;
  /** Answer even after the client cancelled the call: the race where the answer crosses the cancellation. */
  answerAfterCancel?: boolean;
  /** Stateless era: the input_required result carries no requestState (the retry must not invent one). */
  withoutRequestState?: boolean;
  /** Stateless era: the result carries no resultType, as a server of an earlier version would answer. */
  withoutResultType?: boolean;
}

/** A request the server sends the client while a tool call runs. */
export interface ScriptedRequest {
  method: string;
  /** The string "$taskId" anywhere in the params stands for the task id the client's last CreateTaskResult gave. */
  params?: Record<string, unknown>;
  /** Sent only when the client declared this capability (a dotted path, e.g. tasks.requests.sampling.createMessage). */
  whenClientDeclares?: string;
  /** The request's id (default `harness-<n>`): an integer, or a string that looks like one, tests that the answer keeps its type. */
  id?: string | number;
}

/** How the Streamable HTTP endpoint answers (every option is legal server behaviour a client must handle). */
export interface HttpBehaviour {
  /** Answer every request on an SSE stream, even when there is nothing to say but the answer. */
  answerWith?: 'json' | 'sse';
  /** Put SSE comment lines (keep-alives) before and between events. */
  sseComments?: boolean;
  /** Write response header names in upper case (header names are case-insensitive). */
  upperCaseHeaders?: boolean;
  /** The session expires after this many requests carrying it: the next one is answered 404. */
  sessionExpiresAfter?: number;
  /**
   * Streams of these methods' answers are closed right after a priming event (an id and this `retry`), before
   * the answer; a GET with Last-Event-ID resumes them and gets what followed.
   */
  dropStreams?: { retryMs: number; methods?: string[] };
  /** Documents served by GET under /docs/<name> (e.g. a schema a $ref points at); every fetch is recorded. */
  documents?: Record<string, unknown>;
  /**
   * The endpoint lives at /mcp/, and every request to /mcp (the URL the client is given) is answered with this
   * redirect status and `Location: /mcp/`, as web frameworks do for an app mounted at a path.
   */
  redirectToSlash?: 307 | 308;
}

export interface ServerScript {
  serverInfo: { name: string; version: string };
  /** Versions initialize accepts: the client's own is echoed when listed, else the first of these. */
  versions: string[];
  /** Answer initialize with this version whatever the client asked (an older or an unknown one). */
  answerVersion?: string;
  capabilities: Record<string, unknown>;
  instructions?: string;
  tools: ScriptedTool[];
  resources: { uri: string; name: string; mimeType?: string; text?: string }[];
  prompts: { name: string; description?: string; arguments?: { name: string; required?: boolean }[]; messages?: unknown[] }[];
  /** Lists are cut into pages of this many items, with opaque cursors. */
  pageSize?: number;
  /** Canned answers (or errors) by method, taking precedence over the behaviour above (on both eras). */
  answers: Record<string, CannedAnswer | CannedAnswer[]>;
  /** Wait this long before answering these methods (e.g. an initialize slow enough for a client to time out). */
  delays?: Record<string, number>;
  http?: HttpBehaviour;
}

/** A copy of a script value with `replace` applied to every string in it (placeholders such as "$taskId"). */
export function mapStrings(value: unknown, replace: (s: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace)]));
  return value;
}

export const DEFAULT_SCRIPT: ServerScript = {
  serverInfo: { name: 'mcp-conform-server', version: '1.0.0' },
  versions: ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'],
  capabilities: { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, logging: {}, completions: {} },
  tools: [
    { name: 'echo', description: 'Echoes its message', inputSchema: { type: 'object', properties: { message: { type: 'string' } }, required: ['message'] } },
    { name: 'add', description: 'Adds two integers', inputSchema: { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, required: ['a', 'b'] } },
  ],
  resources: [{ uri: 'test://readme', name: 'readme', mimeType: 'text/plain', text: 'mcp-conform readme' }],
  prompts: [{ name: 'greet', description: 'Greets someone', arguments: [{ name: 'name', required: true }] }],
  answers: {},
};
