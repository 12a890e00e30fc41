// The server the harness plays when it judges a client (handshake era). It answers what the client asks
// from a ServerScript, sends the notifications and requests the script asks for during a tool call, and
// records nothing itself: the transport carrying it writes every message to the case's timeline.
import { idKey } from '../wire/connection.js';
import type { CannedAnswer } from '../model.js';
import { mapStrings, type ScriptedRequest, type ScriptedTool, type ServerScript } from './server-script.js';

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
  /** How many times each method with a list of canned answers has been answered. */
  private readonly cannedUsed = new Map<string, number>();
  /** The task id of the client's last CreateTaskResult ("$taskId" in scripted request params). */
  private lastTaskId: string | undefined;
  /** Tasks the client created by task-augmenting a tools/call (2025-11-25 tasks), by task id. */
  private readonly tasks = new Map<string, { task: Rec; outcome: Promise<{ result: unknown } | { error: unknown }>; done: boolean }>();
  /** The version initialize (or server/discover) settled on (undefined before it). */
  negotiated: string | undefined;
  /** What the client declared: at initialize, or in the _meta of its latest stateless request. */
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
    const method = message.method;
    const stateless = method === 'server/discover' || (isRecord(params._meta) && typeof params._meta[META.protocolVersion] === 'string');
    const delay = this.script.delays?.[method];
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const answer = stateless ? this.answerStateless(method, params, out) : this.answer(method, params, out);
    const reply = await answer.catch((e: unknown) => ({ error: { code: -32603, message: String((e as Error).message ?? e) } }));
    // A cancelled request gets no answer, unless the script makes the answer cross the cancellation.
    if (this.cancelled.has(idKey(id)) && !(method === 'tools/call' && this.tool(params)?.answerAfterCancel)) return;
    out({ jsonrpc: '2.0', id, ...reply } as Rec);
  }

  /** Sends a request to the client and waits (bounded) for its answer; the id is `harness-<n>` unless the script gives one. */
  request(method: string, params: Rec | undefined, out: (message: Rec) => void = this.send, scriptedId?: string | number): Promise<ClientAnswer> {
    const id = scriptedId ?? `harness-${++this.requestCount}`;
    return new Promise<ClientAnswer>((resolve) => {
      const timer = setTimeout(() => finish({ timeout: true }), CLIENT_ANSWER_TIMEOUT_MS);
      const finish = (answer: ClientAnswer) => {
        clearTimeout(timer);
        this.waiting.delete(idKey(id));
        resolve(answer);
      };
      this.waiting.set(idKey(id), finish);
      out({ jsonrpc: '2.0', id, method, ...(params && { params }) });
    }).then((answer) => {
      const task = 'result' in answer && isRecord(answer.result) && isRecord(answer.result.task) ? answer.result.task : undefined;
      if (task && typeof task.taskId === 'string') this.lastTaskId = task.taskId;
      return answer;
    });
  }

  /** The scripted requests of a tool call, in order, each awaited; "$taskId" is filled in as they go. */
  private async sendRequests(requests: ScriptedRequest[], out: (message: Rec) => void): Promise<ClientAnswer[]> {
    const answers: ClientAnswer[] = [];
    for (const r of requests) {
      // A server must not send what the client did not declare (e.g. a task-augmented request).
      if (r.whenClientDeclares && !declares(this.clientCapabilities, r.whenClientDeclares)) continue;
      const taskId = this.lastTaskId;
      const params = r.params && (mapStrings(r.params, (s) => (s === '$taskId' && taskId ? taskId : s)) as Rec);
      answers.push(await this.request(r.method, params, out, r.id));
    }
    return answers;
  }

  /** The canned answer for a method, if any: a list is used in turn and its last entry repeats (as in the server suites). */
  private canned(method: string): CannedAnswer | undefined {
    const entry = this.script.answers[method];
    if (!Array.isArray(entry)) return entry;
    const used = this.cannedUsed.get(method) ?? 0;
    this.cannedUsed.set(method, used + 1);
    return entry[Math.min(used, entry.length - 1)];
  }

  private tool(params: Rec): ScriptedTool | undefined {
    return this.script.tools.find((t) => t.name === params.name);
  }

  private async answer(method: string, params: Rec, out: (message: Rec) => void): Promise<{ result: unknown } | { error: unknown }> {
    const canned = this.canned(method);
    if (canned) return canned.error ? { error: canned.error } : { result: canned.result ?? {} };
    switch (method) {
      case 'initialize':
        return { result: this.initialize(params) };
      case 'ping':
        return { result: {} };
      case 'tools/list':
        return { result: this.page('tools', this.script.tools.map(listedTool), params.cursor) };
      case 'tools/call':
        return isRecord(params.task) ? this.startTask(params, out) : this.callTool(params, out);
      case 'tasks/get':
      case 'tasks/result':
      case 'tasks/cancel':
      case 'tasks/list':
        return this.taskRequest(method, params);
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
    if (isRecord(meta[META.clientCapabilities])) this.clientCapabilities = meta[META.clientCapabilities] as Rec;
    if (method !== 'server/discover' && (typeof meta[META.protocolVersion] !== 'string' || !isRecord(meta[META.clientCapabilities]))) {
      return { error: { code: -32602, message: 'Invalid params: _meta must carry protocolVersion and clientCapabilities' } };
    }
    if (REMOVED.has(method)) return { error: { code: -32601, message: `Method not found: ${method}` } };
    let reply: { result: unknown } | { error: unknown };
    const canned = method === 'server/discover' ? this.canned(method) : undefined;
    if (canned) {
      // E.g. a legacy server's error, or a modern one refusing the version.
      if (canned.error) return { error: canned.error };
      this.negotiated = STATELESS_VERSION;
      reply = { result: canned.result ?? {} };
    } else if (method === 'server/discover') {
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
    if (method === 'tools/call' && this.tool(params)?.withoutResultType) delete result.resultType;
    // Caching hints default to "do not cache"; a canned answer may give its own.
    if (CACHEABLE.has(method) && result.resultType === 'complete') Object.assign(result, { ttlMs: 0, cacheScope: 'private', ...result });
    result._meta = { ...(isRecord(result._meta) ? result._meta : {}), [META.serverInfo]: this.script.serverInfo };
    return { result };
  }

  /** A tool whose script sends requests asks for them as input requests, and completes once they are answered. */
  private async callToolStateless(params: Rec, out: (message: Rec) => void): Promise<{ result: unknown } | { error: unknown }> {
    const tool = this.tool(params);
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
    const stateEchoed = tool.withoutRequestState || params.requestState === state;
    if (asks.length > 0 && (keys.some((k) => !(k in responses)) || !stateEchoed)) {
      return {
        result: {
          resultType: 'input_required',
          inputRequests: Object.fromEntries(asks.map((r, i) => [keys[i], { method: r.method, ...(r.params && { params: r.params }) }])),
          ...(!tool.withoutRequestState && { requestState: state }),
        },
      };
    }
    if (tool.error) return { error: tool.error };
    const answers = keys.map((k) => ({ result: responses[k] }) as ClientAnswer);
    return { result: tool.result ?? defaultResult(tool, isRecord(params.arguments) ? params.arguments : {}, answers) };
  }

  /** A task-augmented tools/call: answered at once with CreateTaskResult; the call runs behind the task. */
  private startTask(params: Rec, out: (message: Rec) => void): Promise<{ result: unknown }> {
    const taskId = `task-${this.tasks.size + 1}`;
    const now = new Date().toISOString();
    const ttl = isRecord(params.task) && typeof params.task.ttl === 'number' ? params.task.ttl : null;
    const task: Rec = { taskId, status: 'working', createdAt: now, lastUpdatedAt: now, ttl, pollInterval: 100 };
    const { task: _t, ...call } = params;
    const entry = { task, done: false, outcome: this.callTool(call, out) };
    void entry.outcome.then((o) => {
      entry.done = true;
      Object.assign(task, { status: 'error' in o ? 'failed' : 'completed', lastUpdatedAt: new Date().toISOString() });
    });
    this.tasks.set(taskId, entry);
    return Promise.resolve({ result: { task: { ...task } } });
  }

  private async taskRequest(method: string, params: Rec): Promise<{ result: unknown } | { error: unknown }> {
    if (method === 'tasks/list') return { result: { tasks: [...this.tasks.values()].map((t) => ({ ...t.task })) } };
    const entry = typeof params.taskId === 'string' ? this.tasks.get(params.taskId) : undefined;
    if (!entry) return { error: { code: -32602, message: `Unknown task: ${String(params.taskId)}` } };
    const related = { 'io.modelcontextprotocol/related-task': { taskId: entry.task.taskId } };
    if (method === 'tasks/get') return { result: { ...entry.task } };
    if (method === 'tasks/cancel') {
      if (entry.done || entry.task.status === 'cancelled') return { error: { code: -32602, message: `Task ${String(entry.task.taskId)} is already ${String(entry.task.status)}` } };
      Object.assign(entry.task, { status: 'cancelled', lastUpdatedAt: new Date().toISOString() });
      return { result: { ...entry.task } };
    }
    const outcome = await entry.outcome;
    if ('error' in outcome) return outcome;
    return { result: { ...(outcome.result as Rec), _meta: related } };
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
    const tool = this.tool(params);
    if (!tool) return { error: { code: -32602, message: `Unknown tool: ${String(params.name)}` } };
    const meta = isRecord(params._meta) ? params._meta : {};
    const token = meta.progressToken;
    if (token !== undefined) {
      for (const progress of tool.progress ?? []) out({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: token, progress, total: 100 } });
    }
    for (const n of tool.notifications ?? []) out({ jsonrpc: '2.0', method: n.method, ...(n.params && { params: n.params }) });
    const answers = await this.sendRequests(tool.requests ?? [], out);
    if (tool.delayMs) await new Promise((resolve) => setTimeout(resolve, tool.delayMs));
    if (tool.error) return { error: tool.error };
    return { result: tool.result ?? defaultResult(tool, isRecord(params.arguments) ? params.arguments : {}, answers) };
  }
}

/** A tool as tools/list shows it: its definition without the script's behaviour. */
function listedTool(tool: ScriptedTool): Rec {
  const { name, title, description, inputSchema, outputSchema, annotations, execution, icons } = tool;
  return { name, ...(title && { title }), ...(description && { description }), inputSchema, ...(outputSchema && { outputSchema }), ...(annotations && { annotations }), ...(execution && { execution }), ...(icons && { icons }) };
}

/** Whether a capability object declares a dotted path (e.g. tasks.requests.sampling.createMessage). */
export function declares(capabilities: Rec | undefined, path: string): boolean {
  let at: unknown = capabilities;
  for (const key of path.split('.')) {
    if (!isRecord(at) || !(key in at)) return false;
    at = at[key];
  }
  return true;
}


/** What a scripted tool answers when the script gives no result: something that shows it used its input. */
function defaultResult(tool: ScriptedTool, args: Rec, answers: ClientAnswer[]): Rec {
  const text = (t: string) => ({ content: [{ type: 'text', text: t }] });
  if (tool.name === 'echo') return text(`Echo: ${String(args.message)}`);
  if (tool.name === 'add') return text(String(Number(args.a) + Number(args.b)));
  if (answers.length > 0) return text(`Client answered: ${JSON.stringify(answers)}`);
  return text(`${tool.name} done`);
}
