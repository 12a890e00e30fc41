// What the server the harness plays does in a client scenario: its identity, the versions it accepts,
// and the tools, resources and prompts it offers. A scenario overrides any part to behave in unusual
// but legal ways (an older version, pages of one item, extra fields, notifications mid-call).
import type { CannedAnswer } from '../model.js';

export interface ScriptedTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  /** The result of tools/call (default: one text block naming the tool). */
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
  /** With a progress token in the call, these progress values are notified first. */
  progress?: number[];
  /** Requests sent to the client while the call runs (e.g. sampling/createMessage); their answers are awaited. */
  requests?: { method: string; params?: Record<string, unknown> }[];
  /** Notifications sent while the call runs (e.g. notifications/message). */
  notifications?: { method: string; params?: Record<string, unknown> }[];
  /** Wait this long before answering (lets a client cancel). */
  delayMs?: number;
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
  /** Canned answers (or errors) by method, taking precedence over the behaviour above. */
  answers: Record<string, CannedAnswer>;
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
