// The server the harness plays when it judges a client (handshake era). It answers what the client asks
// from a ServerScript, sends the notifications and requests the script asks for during a tool call, and
// records nothing itself: the transport carrying it writes every message to the case's timeline.
import { idKey } from '../wire/connection.js';
import type { ScriptedTool, ServerScript } from './server-script.js';

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

const CLIENT_ANSWER_TIMEOUT_MS = 10_000;
export const STATELESS_VERSION = '2026-07-28';
const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
};
/** Methods the stateless era removed. */
const REMOVED = new Set(['initialize', 'ping', 'logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);
/** Results that carry caching hints on the stateless era. */
const CACHEABLE = new Set(['server/discover', 'tools/list', 'resources/list', 'resources/templates/list', 'prompts/list', 'resources/read']);

export type ClientAnswer = { result: unknown } | { error: { code: number; message: string } } | { timeout: true };

export class ScriptedServer {
  private requestCount = 0;
  private readonly waiting = new Map<string, (answer: ClientAnswer) => void>();
  private readonly cancelled = new Set<string>();
  /** The version initialize settled on (undefined before it). */
  negotiated: string | undefined;
  clientCapabilities: Rec | undefined;

  constructor(
    private readonly script: ServerScript,
    private readonly send: (message: Rec) => void,
  ) {}

  /**
   * One JSON value from the client. `out` carries what belongs to this request (its progress, the
   * requests made on its behalf, its answer): over HTTP, that request's own stream.
   */
  async receive(message: unknown, out: (message: Rec) => void = this.send): Promise<void> {
    if (!isRecord(message)) return;
    if (typeof message.method !== 'string') {
      // A response to one of our requests.
      const answer = this.waiting.get(idKey(message.id));
      if (answer) answer(isRecord(message.error) ? { error: message.error as { code: number; message: string } } : { result: message.result });
      return;
    }
    const params = isRecord(message.params) ? message.params : {};
    if (!('id' in message)) {
      if (message.method === 'notifications/cancelled') this.cancelled.add(idKey(params.requestId));
      return;
    }
    const id = message.id;
    const stateless = message.method === 'server/discover' || (isRecord(params._meta) && typeof params._meta[META.protocolVersion] === 'string');
    const answer = stateless ? this.answerStateless(message.method, params, out) : this.answer(message.method, params, out);
    const reply = await answer.catch((e: unknown) => ({ error: { code: -32603, message: String((e as Error).message ?? e) } }));
    // A cancelled request gets no answer.
    if (this.cancelled.has(idKey(id))) return;
    out({ jsonrpc: '2.0', id, ...reply } as Rec);
  }

  /** Sends a request to the client and waits (bounded) for its answer. */
  request(method: string, params: Rec | undefined, out: (message: Rec) => void = this.send): Promise<ClientAnswer> {
    const id = `harness-${++this.requestCount}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish({ timeout: true }), CLIENT_ANSWER_TIMEOUT_MS);
      const finish = (answer: ClientAnswer) => {
        clearTimeout(timer);
        this.waiting.delete(idKey(id));
        resolve(answer);
      };
      this.waiting.set(idKey(id), finish);
      out({ jsonrpc: '2.0', id, method, ...(params && { params }) });
    });
  }

  private async answer(method: string, params: Rec, out: (message: Rec) => void): Promise<{ result: unknown } | { error: unknown }> {
    const canned = this.script.answers[method];
    if (canned) return canned.error ? { error: canned.error } : { result: canned.result ?? {} };
    switch (method) {
      case 'initialize':
        return { result: this.initialize(params) };
      case 'ping':
        return { result: {} };
      case 'tools/list':
        return { result: this.page('tools', this.script.tools.map(listedTool), params.cursor) };
      case 'tools/call':
        return this.callTool(params, out);
      case 'resources/list':
        return { result: this.page('resources', this.script.resources.map(({ text: _t, ...listed }) => listed), params.cursor) };
      case 'resources/templates/list':
        return { result: { resourceTemplates: [] } };
      case 'resources/read': {
        const resource = this.script.resources.find((r) => r.uri === params.uri);
        if (!resource) return { error: { code: -32002, message: `Resource not found: ${String(params.uri)}` } };
        return { result: { contents: [{ uri: resource.uri, ...(resource.mimeType && { mimeType: resource.mimeType }), text: resource.text ?? '' }] } };
      }
      case 'resources/subscribe':
      case 'resources/unsubscribe':
      case 'logging/setLevel':
        return { result: {} };
      case 'prompts/list':
        return { result: this.page('prompts', this.script.prompts.map(({ messages: _m, ...listed }) => listed), params.cursor) };
      case 'prompts/get': {
        const prompt = this.script.prompts.find((p) => p.name === params.name);
        if (!prompt) return { error: { code: -32602, message: `Unknown prompt: ${String(params.name)}` } };
        return { result: { messages: prompt.messages ?? [{ role: 'user', content: { type: 'text', text: `Prompt ${prompt.name}` } }] } };
      }
      case 'completion/complete':
        return { result: { completion: { values: [], total: 0, hasMore: false } } };
      default:
        return { error: { code: -32601, message: `Method not found: ${method}` } };
    }
  }

  /**
   * The stateless era (2026-07-28): every request names its version and capabilities in `_meta`, results
   * carry resultType (and caching hints where cacheable), and a tool that needs the client asks through an
   * input_required result instead of sending requests.
   */
  private async answerStateless(method: string, params: Rec, out: (message: Rec) => void): Promise<{ result: unknown } | { error: unknown }> {
    const meta = isRecord(params._meta) ? params._meta : {};
    if (method !== 'server/discover' && (typeof meta[META.protocolVersion] !== 'string' || !isRecord(meta[META.clientCapabilities]))) {
      return { error: { code: -32602, message: 'Invalid params: _meta must carry protocolVersion and clientCapabilities' } };
    }
    if (REMOVED.has(method)) return { error: { code: -32601, message: `Method not found: ${method}` } };
    let reply: { result: unknown } | { error: unknown };
    if (method === 'server/discover') {
      this.negotiated = STATELESS_VERSION;
      reply = {
        result: {
          supportedVersions: [STATELESS_VERSION],
          capabilities: this.script.capabilities,
          ...(this.script.instructions && { instructions: this.script.instructions }),
        },
      };
    } else if (method === 'tools/call') {
      reply = await this.callToolStateless(params, out);
    } else {
      reply = await this.answer(method, params, out);
    }
    if (!('result' in reply) || !isRecord(reply.result)) return reply;
    const result: Rec = { resultType: 'complete', ...reply.result };
    if (CACHEABLE.has(method) && result.resultType === 'complete') Object.assign(result, { ttlMs: 0, cacheScope: 'private' });
    result._meta = { ...(isRecord(result._meta) ? result._meta : {}), [META.serverInfo]: this.script.serverInfo };
    return { result };
  }

  /** A tool whose script sends requests asks for them as input requests, and completes once they are answered. */
  private async callToolStateless(params: Rec, out: (message: Rec) => void): Promise<{ result: unknown } | { error: unknown }> {
    const tool = this.script.tools.find((t) => t.name === params.name);
    if (!tool) return { error: { code: -32602, message: `Unknown tool: ${String(params.name)}` } };
    // Progress and a delay work as on the handshake era; notifications go on the request's own stream.
    const token = isRecord(params._meta) ? params._meta.progressToken : undefined;
    if (token !== undefined) {
      for (const progress of tool.progress ?? []) out({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress, total: 100 } });
    }
    if (tool.delayMs) await new Promise((resolve) => setTimeout(resolve, tool.delayMs));
    const asks = tool.requests ?? [];
    const responses = isRecord(params.inputResponses) ? params.inputResponses : {};
    const state = `state-${tool.name}`;
    const keys = asks.map((_r, i) => `input-${i + 1}`);
    if (asks.length > 0 && (keys.some((k) => !(k in responses)) || params.requestState !== state)) {
      return {
        result: {
          resultType: 'input_required',
          inputRequests: Object.fromEntries(asks.map((r, i) => [keys[i], { method: r.method, ...(r.params && { params: r.params }) }])),
          requestState: state,
        },
      };
    }
    if (tool.error) return { error: tool.error };
    const answers = keys.map((k) => ({ result: responses[k] }) as ClientAnswer);
    return { result: tool.result ?? defaultResult(tool, isRecord(params.arguments) ? params.arguments : {}, answers) };
  }

  private initialize(params: Rec): Rec {
    const asked = typeof params.protocolVersion === 'string' ? params.protocolVersion : undefined;
    this.negotiated = this.script.answerVersion ?? (asked && this.script.versions.includes(asked) ? asked : this.script.versions[0]);
    this.clientCapabilities = isRecord(params.capabilities) ? params.capabilities : undefined;
    return {
      protocolVersion: this.negotiated,
      capabilities: this.script.capabilities,
      serverInfo: this.script.serverInfo,
      ...(this.script.instructions && { instructions: this.script.instructions }),
    };
  }

  /** One page of a list; the cursor is the offset, opaque to the client. */
  private page(key: string, items: unknown[], cursor: unknown): Rec {
    const size = this.script.pageSize ?? items.length;
    const start = typeof cursor === 'string' ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) || 0 : 0;
    const end = Math.min(items.length, start + Math.max(1, size));
    return { [key]: items.slice(start, end), ...(end < items.length && { nextCursor: Buffer.from(String(end), 'utf8').toString('base64url') }) };
  }

  private async callTool(params: Rec, out: (message: Rec) => void): Promise<{ result: unknown } | { error: unknown }> {
    const tool = this.script.tools.find((t) => t.name === params.name);
    if (!tool) return { error: { code: -32602, message: `Unknown tool: ${String(params.name)}` } };
    const meta = isRecord(params._meta) ? params._meta : {};
    const token = meta.progressToken;
    if (token !== undefined) {
      for (const progress of tool.progress ?? []) out({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress, total: 100 } });
    }
    for (const n of tool.notifications ?? []) out({ jsonrpc: '2.0', method: n.method, ...(n.params && { params: n.params }) });
    const answers: ClientAnswer[] = [];
    for (const r of tool.requests ?? []) answers.push(await this.request(r.method, r.params, out));
    if (tool.delayMs) await new Promise((resolve) => setTimeout(resolve, tool.delayMs));
    if (tool.error) return { error: tool.error };
    return { result: tool.result ?? defaultResult(tool, isRecord(params.arguments) ? params.arguments : {}, answers) };
  }
}

function listedTool({ name, description, inputSchema, outputSchema }: ScriptedTool): Rec {
  return { name, ...(description && { description }), inputSchema, ...(outputSchema && { outputSchema }) };
}

/** What a scripted tool answers when the script gives no result: something that shows it used its input. */
function defaultResult(tool: ScriptedTool, args: Rec, answers: ClientAnswer[]): Rec {
  const text = (t: string) => ({ content: [{ type: 'text', text: t }] });
  if (tool.name === 'echo') return text(`Echo: ${String(args.message)}`);
  if (tool.name === 'add') return text(String(Number(args.a) + Number(args.b)));
  if (answers.length > 0) return text(`Client answered: ${JSON.stringify(answers)}`);
  return text(`${tool.name} done`);
}
