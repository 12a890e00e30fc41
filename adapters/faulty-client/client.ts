// Entry point: `node client.js --plan <plan.json> --outcomes <outcomes.jsonl>`. Runs the plan's
// actions in order against the target server and appends one outcome line per action, a line per
// notification or server request, then `{"event":"done"}`. Exit 0 when the plan ran to its end
// (failed actions are outcomes), 2 for a bad plan, bad usage or an unknown fault, 1 otherwise.
// Faults come from MCP_CONFORM_CLIENT_FAULTS (comma-separated).
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CLIENT_FAULTS_ENV, parseClientFaults, UnknownClientFaultError, type ClientFaults } from './faults.js';
import { actionKey, checkPlan, PlanError, type ActionKey, type OutcomeLine, type Plan } from './plan.js';
import { OutputSchemas } from './output-schema.js';
import { CancelledError, ClientSession, isObject, RpcError, type Call, type JsonObject } from './session.js';
import { callToolAsTask, ToolTasks } from './tasks.js';
import { LegacySseTransport, StdioTransport, StreamableHttpTransport, type Transport } from './transports.js';

const USAGE = 'usage: node client.js --plan <plan.json> --outcomes <outcomes.jsonl>';
const DEFAULT_TIMEOUT_MS = 10_000;
/** Pages one list action follows before giving up. */
const MAX_PAGES = 100;

const LIST_METHODS = {
  listTools: ['tools/list', 'tools'],
  listResources: ['resources/list', 'resources'],
  listResourceTemplates: ['resources/templates/list', 'resourceTemplates'],
  listPrompts: ['prompts/list', 'prompts'],
} as const;

function fail(code: number, message: string): never {
  process.stderr.write(`mcp-conform faulty-client: ${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): { plan: string; outcomes: string } {
  let plan: string | undefined;
  let outcomes: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === '--plan' && value !== undefined) (plan = value), i++;
    else if (arg === '--outcomes' && value !== undefined) (outcomes = value), i++;
    else fail(2, `unexpected argument '${arg}'\n${USAGE}`);
  }
  if (plan === undefined || outcomes === undefined) fail(2, USAGE);
  return { plan, outcomes };
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rejects after `ms` unless `promise` settles first. */
function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** An action started with `background: true`; its outcome line is written when it settles. */
interface Background {
  settled: Promise<{ ok: boolean; result?: unknown; error?: { code?: number; message: string } }>;
  cancel(reason: string): void;
}

function errorOf(e: unknown): { code?: number; message: string } {
  if (e instanceof RpcError) return { code: e.code, message: e.message };
  if (e instanceof Error) return { message: e.message };
  return { message: String(e) };
}

class Runner {
  private readonly background = new Map<string, Background>();
  private readonly unlabelled: Background[] = [];
  private readonly session: ClientSession;
  private readonly toolTasks: ToolTasks;
  private readonly outputSchemas: OutputSchemas;

  constructor(
    private readonly plan: Plan,
    private readonly faults: ClientFaults,
    private readonly write: (line: OutcomeLine) => void,
  ) {
    const timeoutMs = plan.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const target = plan.target;
    let transport: Transport;
    if (target.transport === 'stdio') transport = new StdioTransport(target.command, target.env, faults, timeoutMs);
    else if (target.transport === 'http') transport = new StreamableHttpTransport(target.url, faults, timeoutMs);
    else transport = new LegacySseTransport(target.url, faults, timeoutMs);
    this.session = new ClientSession(transport, target.transport, plan, faults, write, timeoutMs);
    this.toolTasks = new ToolTasks(faults);
    this.outputSchemas = new OutputSchemas(faults);
  }

  get timeoutMs(): number {
    return this.session.timeoutMs;
  }

  async run(): Promise<void> {
    for (const [index, action] of this.plan.actions.entries()) {
      const key = actionKey(action);
      const body = action[key] as JsonObject;
      const label = action.label;
      const started = performance.now();
      const line = (outcome: { ok: boolean; result?: unknown; error?: { code?: number; message: string } }): void =>
        this.write({ action: key, index, ...(label !== undefined && { label }), ...outcome, ms: Math.round((performance.now() - started) * 10) / 10 });

      if (key === 'callTool' && body.background === true) {
        const op = this.startCall(body);
        op.settled = op.settled.then((outcome) => (line(outcome), outcome));
        if (label !== undefined) this.background.set(label, op);
        else this.unlabelled.push(op);
        continue;
      }
      try {
        const result = await this.perform(key, body);
        line({ ok: true, ...(result !== undefined && { result }) });
      } catch (e) {
        line({ ok: false, error: errorOf(e) });
      }
    }
    // Whatever still runs in the background ends with the connection.
    await this.session.close();
    await bounded(Promise.all([...this.background.values(), ...this.unlabelled].map((b) => b.settled)), this.timeoutMs, 'background actions').catch(() => undefined);
  }

  async shutdown(): Promise<void> {
    await this.session.close();
  }

  private startCall(body: JsonObject): Background {
    const current: { call?: Call; cancelled?: string } = {};
    const settled = this.callTool(body, current).then(
      (result) => ({ ok: true, result }),
      (e: unknown) => ({ ok: false, error: errorOf(e) }),
    );
    return {
      settled,
      cancel: (reason) => {
        current.cancelled = reason;
        current.call?.cancel(reason);
      },
    };
  }

  private async callTool(body: JsonObject, current: { call?: Call; cancelled?: string }): Promise<unknown> {
    const params: JsonObject = { name: body.name, ...(isObject(body.arguments) && { arguments: body.arguments }) };
    const options = { progress: body.progress === true };
    const task = this.toolTasks.metadataFor(body.name as string, body.task, this.session.serverCapabilities);
    const result = task !== undefined ? await callToolAsTask(this.session, params, task, options, current) : await this.session.withInputRounds('tools/call', params, options, current);
    // tool-error-thrown: a tool result with isError true is turned into a failure instead of being handed on.
    if (this.faults.has('tool-error-thrown') && isObject(result) && result.isError === true) throw new Error(`tool ${String(body.name)} failed`);
    await this.outputSchemas.check(body.name as string, result);
    return result;
  }

  private async perform(key: ActionKey, body: JsonObject): Promise<unknown> {
    const s = this.session;
    const stateless = s.era === 'stateless';
    const notInStateless = (what: string): never => {
      throw new Error(`${what} does not exist in protocol version 2026-07-28`);
    };
    const ask = (method: string, params: JsonObject = {}): Promise<unknown> => s.request(method, params).promise;
    switch (key) {
      case 'connect':
        return s.connect(typeof body.timeoutMs === 'number' ? body.timeoutMs : undefined);
      case 'close':
        await s.close();
        return undefined;
      case 'ping':
        if (stateless) notInStateless('ping');
        return ask('ping');
      case 'listTools':
      case 'listResources':
      case 'listResourceTemplates':
      case 'listPrompts':
        return this.list(key, body.all !== false);
      case 'callTool':
        return this.callTool(body, {});
      case 'readResource':
        return s.withInputRounds('resources/read', { uri: body.uri }, {}, {});
      case 'getPrompt':
        return s.withInputRounds('prompts/get', { name: body.name, ...(isObject(body.arguments) && { arguments: body.arguments }) }, {}, {});
      case 'complete':
        return ask('completion/complete', { ref: body.ref, argument: body.argument, ...(isObject(body.context) && { context: body.context }) });
      case 'setLoggingLevel':
        // The stateless era asks for log messages per request, through `_meta`.
        if (stateless) {
          s.setLogLevel(body.level as string);
          return {};
        }
        return ask('logging/setLevel', { level: body.level });
      case 'subscribe':
        if (stateless) notInStateless('resources/subscribe');
        return ask('resources/subscribe', { uri: body.uri });
      case 'unsubscribe':
        if (stateless) notInStateless('resources/unsubscribe');
        return ask('resources/unsubscribe', { uri: body.uri });
      case 'rootsChanged':
        if (stateless) notInStateless('notifications/roots/list_changed');
        if (!s.connected) throw new Error('not connected');
        // roots-change-unnotified: the application's roots change, but the server is never told.
        if (this.faults.has('roots-change-unnotified')) return undefined;
        await s.notify('notifications/roots/list_changed');
        return undefined;
      case 'cancel': {
        const op = this.background.get(body.label as string);
        if (!op) throw new Error(`no background action labelled '${String(body.label)}'`);
        op.cancel(typeof body.reason === 'string' ? body.reason : 'cancelled by the plan');
        return undefined;
      }
      case 'wait': {
        const op = this.background.get(body.label as string);
        if (!op) throw new Error(`no background action labelled '${String(body.label)}'`);
        const outcome = await bounded(op.settled, this.timeoutMs, `waiting for '${String(body.label)}'`);
        if (outcome.ok) return outcome.result;
        const error = outcome.error ?? { message: 'failed' };
        throw error.code !== undefined ? new RpcError(error.code, error.message) : new Error(error.message);
      }
      case 'sleep':
        await delay(body.ms as number);
        return undefined;
    }
  }

  /** A list action: every page (following nextCursor) merged under the list's key, or the first page. */
  private async list(key: keyof typeof LIST_METHODS, all: boolean): Promise<unknown> {
    const [method, field] = LIST_METHODS[key];
    const items: unknown[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await this.session.cachedRequest(method, cursor === undefined ? {} : { cursor });
      if (!isObject(result)) throw new Error(`${method} answered a result that is not an object`);
      let pageItems = Array.isArray(result[field]) ? (result[field] as unknown[]) : [];
      if (key === 'listTools') {
        pageItems = this.session.learnTools(pageItems);
        this.toolTasks.learnTools(pageItems);
        this.outputSchemas.learn(pageItems);
      }
      if (!all) return { ...result, [field]: pageItems };
      items.push(...pageItems);
      const next = result.nextCursor;
      // Only an absent (or null) nextCursor ends the list; "" is a cursor like any other.
      // ignores-cursor: the first page is taken for the whole list.
      // empty-cursor-ends-pagination: an empty nextCursor is taken for the end.
      if (typeof next !== 'string' || this.faults.has('ignores-cursor') || (next === '' && this.faults.has('empty-cursor-ends-pagination'))) return { [field]: items };
      cursor = next;
    }
    throw new Error(`${method}: more than ${MAX_PAGES} pages`);
  }

}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  let faults: ClientFaults;
  try {
    faults = parseClientFaults(process.env[CLIENT_FAULTS_ENV]);
  } catch (e) {
    if (e instanceof UnknownClientFaultError) fail(2, e.message);
    throw e;
  }
  if (faults.size > 0) process.stderr.write(`mcp-conform faulty-client: faults on: ${[...faults].join(', ')}\n`);

  let plan: Plan;
  try {
    plan = checkPlan(JSON.parse(readFileSync(args.plan, 'utf8')));
  } catch (e) {
    if (e instanceof PlanError || e instanceof SyntaxError) fail(2, `bad plan ${args.plan}: ${e.message}`);
    fail(2, `cannot read the plan ${args.plan}: ${(e as Error).message}`);
  }

  let fd: number;
  try {
    fd = openSync(args.outcomes, 'a');
  } catch (e) {
    fail(1, `cannot open ${args.outcomes}: ${(e as Error).message}`);
  }
  const write = (line: OutcomeLine): void => void writeSync(fd, `${JSON.stringify(line)}\n`);

  const runner = new Runner(plan, faults, write);
  const stop = (): void => {
    void bounded(runner.shutdown(), 3000, 'shutdown')
      .catch(() => undefined)
      .finally(() => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);

  await runner.run();
  write({ event: 'done' });
  closeSync(fd);
  process.exit(0);
}

process.on('unhandledRejection', (e) => {
  if (e instanceof CancelledError) return;
  process.stderr.write(`mcp-conform faulty-client: unexpected: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
});

main().catch((e: unknown) => fail(1, e instanceof Error ? (e.stack ?? e.message) : String(e)));
