// The mcp-conform client adapter for the TypeScript SDK v2 (`@modelcontextprotocol/client`): reads a client plan
// (schema/client-plan.schema.json), carries out each action with the SDK's `Client`, and writes one
// outcome line per action, per notification and per answered server request
// (schema/client-outcome.schema.json). A plan asking for protocolVersion 2026-07-28 (or later) runs on the
// stateless era (`server/discover`, embedded input requests fulfilled by the same handlers); any other
// plan on the handshake era.
//
//   node dist/client.js --plan <plan.json> --outcomes <outcomes.jsonl>
//
// Exit status: 0 when the plan ran to its end (failed actions are outcomes), 2 for a bad plan or bad
// usage, 1 for anything else.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import {
  Client,
  ProtocolError,
  SSEClientTransport,
  StreamableHTTPClientTransport,
  SUPPORTED_PROTOCOL_VERSIONS,
  type ClientCapabilities,
  type ClientOptions,
  type LoggingLevel,
  type Notification,
  type RequestOptions,
  type Transport,
} from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';

// ---------------------------------------------------------------------------------------------------
// The plan

type Json = Record<string, unknown>;
type Target =
  | { transport: 'http' | 'sse'; url: string }
  | { transport: 'stdio'; command: string[]; env?: Record<string, string> };
interface Answer {
  result?: Json;
  error?: { code: number; message: string };
}
interface Action {
  kind: string;
  args: Json;
  label?: string;
}
interface Plan {
  target: Target;
  protocolVersion?: string;
  clientInfo: { name: string; version: string };
  capabilities: Json;
  answers: { sampling?: Answer; elicitation?: Answer; roots?: Answer };
  timeoutMs: number;
  actions: Action[];
}

/** The first protocol version of the stateless era. */
const STATELESS_ERA = '2026-07-28';

const ACTIONS = new Set([
  'connect', 'ping', 'listTools', 'listResources', 'listResourceTemplates', 'listPrompts', 'callTool',
  'readResource', 'getPrompt', 'complete', 'setLoggingLevel', 'subscribe', 'unsubscribe', 'cancel', 'wait',
  'sleep', 'rootsChanged', 'close',
]);
const REQUIRED: Record<string, string[]> = {
  callTool: ['name'], readResource: ['uri'], getPrompt: ['name'], complete: ['ref', 'argument'],
  setLoggingLevel: ['level'], subscribe: ['uri'], unsubscribe: ['uri'], cancel: ['label'], wait: ['label'],
  sleep: ['ms'],
};

class PlanError extends Error {}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function readTarget(t: unknown): Target {
  if (!isObject(t)) throw new PlanError('target must be an object');
  if (t.transport === 'http' || t.transport === 'sse') {
    if (typeof t.url !== 'string' || !URL.canParse(t.url)) throw new PlanError('target.url must be a URL');
    return { transport: t.transport, url: t.url };
  }
  if (t.transport === 'stdio') {
    const { command, env } = t;
    if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === 'string')) {
      throw new PlanError('target.command must be a non-empty array of strings');
    }
    if (env !== undefined && (!isObject(env) || !Object.values(env).every((v) => typeof v === 'string'))) {
      throw new PlanError('target.env must map names to strings');
    }
    return { transport: 'stdio', command: command as string[], env: env as Record<string, string> | undefined };
  }
  throw new PlanError(`target.transport must be http, sse or stdio, not ${JSON.stringify(t.transport)}`);
}

function readAnswer(name: string, a: unknown): Answer | undefined {
  if (a === undefined) return undefined;
  if (isObject(a) && isObject(a.result) && a.error === undefined) return { result: a.result };
  if (isObject(a) && isObject(a.error) && a.result === undefined) {
    const { code, message } = a.error;
    if (Number.isInteger(code) && typeof message === 'string') return { error: { code: code as number, message } };
  }
  throw new PlanError(`answers.${name} must be {result: {...}} or {error: {code, message}}`);
}

function readAction(a: unknown, index: number, backgroundLabels: Set<string>): Action {
  const where = `actions[${index}]`;
  if (!isObject(a)) throw new PlanError(`${where} must be an object`);
  if (a.label !== undefined && typeof a.label !== 'string') throw new PlanError(`${where}.label must be a string`);
  const keys = Object.keys(a).filter((k) => k !== 'label');
  if (keys.length !== 1) throw new PlanError(`${where} must have exactly one action key, has ${keys.length}`);
  const kind = keys[0];
  if (!ACTIONS.has(kind)) throw new PlanError(`${where}: unknown action ${kind}`);
  const args = a[kind];
  if (!isObject(args)) throw new PlanError(`${where}.${kind} must be an object`);
  for (const field of REQUIRED[kind] ?? []) {
    if (args[field] === undefined) throw new PlanError(`${where}.${kind}.${field} is required`);
  }
  const label = a.label as string | undefined;
  if (kind === 'callTool' && args.background === true) {
    if (label === undefined) throw new PlanError(`${where}: a background callTool needs a label`);
    backgroundLabels.add(label);
  }
  if ((kind === 'cancel' || kind === 'wait') && !backgroundLabels.has(args.label as string)) {
    throw new PlanError(`${where}.${kind}.label names no earlier background callTool: ${String(args.label)}`);
  }
  if (kind === 'sleep' && (!Number.isInteger(args.ms) || (args.ms as number) < 0)) {
    throw new PlanError(`${where}.sleep.ms must be a non-negative integer`);
  }
  if (kind === 'connect' && args.timeoutMs !== undefined && !isPositiveInteger(args.timeoutMs)) {
    throw new PlanError(`${where}.connect.timeoutMs must be a positive integer`);
  }
  if (kind === 'callTool') readTask(args.task, where);
  return { kind, args, label };
}

const isPositiveInteger = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;

function readTask(task: unknown, where: string): void {
  if (task === undefined) return;
  if (!isObject(task)) throw new PlanError(`${where}.callTool.task must be an object`);
  if (task.ttl !== undefined && (!Number.isInteger(task.ttl) || (task.ttl as number) < 0)) {
    throw new PlanError(`${where}.callTool.task.ttl must be a non-negative integer`);
  }
}

/**
 * What the client declares: the plan's capabilities, less `tasks` — v2 has no task store, so it cannot
 * answer a task-augmented request with a task or serve tasks/*. `extensions` pass through as given.
 */
function declarable(capabilities: Json): Json {
  if (capabilities.tasks === undefined) return capabilities;
  process.stderr.write('client: the SDK cannot receive tasks (no task store); capabilities.tasks is not declared\n');
  const { tasks: _tasks, ...rest } = capabilities;
  return rest;
}

function readPlan(file: string): Plan {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PlanError(`cannot read the plan ${file}: ${(e as Error).message}`);
  }
  if (!isObject(raw)) throw new PlanError('the plan must be a JSON object');
  if (!Array.isArray(raw.actions)) throw new PlanError('actions must be an array');
  const timeoutMs = raw.timeoutMs ?? 10_000;
  if (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1) throw new PlanError('timeoutMs must be a positive integer');
  const clientInfo = raw.clientInfo ?? { name: 'mcp-conform-typescript-v2', version: '0.1.0' };
  if (!isObject(clientInfo) || typeof clientInfo.name !== 'string' || typeof clientInfo.version !== 'string') {
    throw new PlanError('clientInfo must have a string name and version');
  }
  if (raw.capabilities !== undefined && !isObject(raw.capabilities)) throw new PlanError('capabilities must be an object');
  if (raw.answers !== undefined && !isObject(raw.answers)) throw new PlanError('answers must be an object');
  if (raw.protocolVersion !== undefined && typeof raw.protocolVersion !== 'string') {
    throw new PlanError('protocolVersion must be a string');
  }
  const answersIn = (raw.answers ?? {}) as Json;
  const answers = {
    sampling: readAnswer('sampling', answersIn.sampling),
    elicitation: readAnswer('elicitation', answersIn.elicitation),
    roots: readAnswer('roots', answersIn.roots),
  };
  // Without declared capabilities, declare those the answers imply.
  const capabilities = (raw.capabilities as Json | undefined) ?? {
    ...(answers.sampling && { sampling: {} }),
    ...(answers.elicitation && { elicitation: { form: {} } }),
    ...(answers.roots && { roots: { listChanged: true } }),
  };
  const backgroundLabels = new Set<string>();
  return {
    target: readTarget(raw.target),
    protocolVersion: raw.protocolVersion as string | undefined,
    clientInfo: { name: clientInfo.name, version: clientInfo.version },
    capabilities: declarable(capabilities),
    answers,
    timeoutMs: timeoutMs as number,
    actions: raw.actions.map((a, i) => readAction(a, i, backgroundLabels)),
  };
}

// ---------------------------------------------------------------------------------------------------
// The outcomes file: one JSON line each, written at once so that a crash leaves what happened so far.

class Outcomes {
  private readonly fd: number;
  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }
  write(line: Json): void {
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }
  close(): void {
    closeSync(this.fd);
  }
}

function errorOf(e: unknown): { code?: number; message: string } {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return Number.isInteger(code) ? { code: code as number, message } : { message };
}

class TimeoutError extends Error {}

/** Bounds a promise by the plan's per-action timeout. */
function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------
// Running the plan

interface Background {
  controller: AbortController;
  settled: Promise<{ ok: boolean; result?: unknown; error?: { code?: number; message: string } }>;
}

class Runner {
  private readonly client: Client;
  private transport: Transport | undefined;
  private readonly background = new Map<string, Background>();

  constructor(private readonly plan: Plan, private readonly out: Outcomes) {
    this.client = new Client(plan.clientInfo, clientOptions(plan));
    this.client.fallbackNotificationHandler = async (n: Notification) => {
      this.out.write({ event: 'notification', method: n.method, params: n.params });
    };
    this.client.onerror = (e: Error) => process.stderr.write(`client: SDK error: ${e.message}\n`);
    this.installAnswers();
  }

  /** Server requests are answered from the plan, for each capability the plan declares. */
  private installAnswers(): void {
    const { answers, capabilities } = this.plan;
    const answer = (method: string, a: Answer) => async (request: { params?: unknown }) => {
      this.out.write({ event: 'request', method, params: request.params });
      if (a.error) throw new ProtocolError(a.error.code, a.error.message);
      return a.result as never;
    };
    if (answers.sampling && capabilities.sampling) {
      this.client.setRequestHandler('sampling/createMessage', answer('sampling/createMessage', answers.sampling));
    }
    if (answers.elicitation && capabilities.elicitation) {
      this.client.setRequestHandler('elicitation/create', answer('elicitation/create', answers.elicitation));
    }
    if (answers.roots && capabilities.roots) {
      this.client.setRequestHandler('roots/list', answer('roots/list', answers.roots));
    }
  }

  private get options(): RequestOptions {
    return { timeout: this.plan.timeoutMs };
  }

  async run(): Promise<void> {
    for (const [index, action] of this.plan.actions.entries()) {
      const base = { action: action.kind, index, ...(action.label !== undefined && { label: action.label }) };
      if (action.kind === 'callTool' && action.args.background === true) {
        this.startBackground(action, base);
        continue;
      }
      const started = performance.now();
      try {
        const result = await bounded(this.perform(action), this.bound(action), action.kind);
        this.out.write({ ...base, ok: true, ...(result !== undefined && { result }), ms: since(started) });
      } catch (e) {
        this.out.write({ ...base, ok: false, error: errorOf(e), ms: since(started) });
      }
    }
    await Promise.all([...this.background.values()].map((b) => b.settled));
  }

  /** A connect with its own timeout is bounded above it, so that the SDK's timeout is what fires. */
  private bound(action: Action): number {
    const own = action.kind === 'connect' ? (action.args.timeoutMs as number | undefined) : undefined;
    return own === undefined ? this.plan.timeoutMs : Math.max(this.plan.timeoutMs, own + 1_000);
  }

  async shutdown(): Promise<void> {
    await bounded(this.client.close(), this.plan.timeoutMs, 'close').catch(() => undefined);
  }

  private perform(action: Action): Promise<unknown> {
    const a = action.args;
    switch (action.kind) {
      case 'connect': return this.connect(a);
      case 'ping': return this.client.ping(this.options);
      case 'listTools':
        return a.all === false ? this.firstPage('tools/list') : this.client.listTools(undefined, this.options);
      case 'listResources':
        return a.all === false ? this.firstPage('resources/list') : this.client.listResources(undefined, this.options);
      case 'listResourceTemplates':
        return a.all === false
          ? this.firstPage('resources/templates/list')
          : this.client.listResourceTemplates(undefined, this.options);
      case 'listPrompts':
        return a.all === false ? this.firstPage('prompts/list') : this.client.listPrompts(undefined, this.options);
      case 'callTool': return this.callTool(a, this.options);
      case 'readResource': return this.client.readResource({ uri: a.uri as string }, this.options);
      case 'getPrompt':
        return this.client.getPrompt({ name: a.name as string, arguments: a.arguments as Record<string, string> }, this.options);
      case 'complete': return this.client.complete(a as never, this.options);
      case 'setLoggingLevel': return this.client.setLoggingLevel(a.level as LoggingLevel, this.options);
      case 'subscribe': return this.client.subscribeResource({ uri: a.uri as string }, this.options);
      case 'unsubscribe': return this.client.unsubscribeResource({ uri: a.uri as string }, this.options);
      case 'cancel': return this.cancel(a.label as string, a.reason as string | undefined);
      case 'wait': return this.wait(a.label as string);
      case 'sleep': return new Promise((resolve) => setTimeout(() => resolve(undefined), a.ms as number));
      case 'rootsChanged': return this.client.sendRootsListChanged();
      case 'close': return this.client.close();
      default: throw new PlanError(`unknown action ${action.kind}`);
    }
  }

  /** The plan's connect.timeoutMs bounds initialize (or the discover probe); on expiry the SDK's own timeout applies. */
  private async connect(a: Json): Promise<unknown> {
    this.transport = makeTransport(this.plan.target);
    const timeout = (a.timeoutMs as number | undefined) ?? this.plan.timeoutMs;
    await this.client.connect(this.transport, { ...this.options, timeout });
    return {
      protocolVersion: this.client.getNegotiatedProtocolVersion(),
      era: this.client.getProtocolEra(),
      serverInfo: this.client.getServerVersion(),
      capabilities: this.client.getServerCapabilities(),
      instructions: this.client.getInstructions(),
    };
  }

  /**
   * The SDK's list calls follow nextCursor themselves when given no cursor; the first page alone is
   * a plain request.
   */
  private firstPage(method: 'tools/list' | 'resources/list' | 'resources/templates/list' | 'prompts/list'): Promise<unknown> {
    return this.client.request({ method, params: {} }, this.options);
  }

  private async callTool(a: Json, options: RequestOptions): Promise<unknown> {
    // v2 has no task API (no task option on requests, no callToolStream): nothing is sent.
    if (a.task !== undefined) throw new Error('unsupported by this SDK: task-augmented tools/call');
    const onprogress = a.progress === true
      ? (progress: Json) => this.out.write({ event: 'notification', method: 'notifications/progress', params: progress })
      : undefined;
    return this.client.callTool(
      { name: a.name as string, arguments: a.arguments as Json | undefined },
      { ...options, ...(onprogress && { onprogress }) },
    );
  }

  private startBackground(action: Action, base: Json): void {
    const controller = new AbortController();
    const started = performance.now();
    const call = bounded(this.callTool(action.args, { ...this.options, signal: controller.signal }), this.plan.timeoutMs, 'callTool');
    const settled = call.then(
      (result) => ({ ok: true, result }),
      (e: unknown) => ({ ok: false, error: errorOf(e) }),
    ).then((outcome) => {
      this.out.write({ ...base, ...outcome, ms: since(started) });
      return outcome;
    });
    this.background.set(action.label as string, { controller, settled });
  }

  /** Cancels a background call through its AbortSignal: the SDK sends notifications/cancelled. */
  private async cancel(label: string, reason: string | undefined): Promise<unknown> {
    const b = this.background.get(label);
    if (!b) throw new Error(`no background action labelled ${label} has started`);
    b.controller.abort(reason ?? 'cancelled by the plan');
    return undefined;
  }

  private async wait(label: string): Promise<unknown> {
    const b = this.background.get(label);
    if (!b) throw new Error(`no background action labelled ${label} has started`);
    const outcome = await b.settled;
    if (!outcome.ok) throw Object.assign(new Error(outcome.error?.message), { code: outcome.error?.code });
    return outcome.result;
  }
}

/**
 * The era follows the plan's protocolVersion: 2026-07-28 or later prefers the stateless era and, like a
 * dual-era client, falls back to `initialize` when the server turns out to be legacy; an older version is
 * offered first in `initialize`; none leaves the SDK's defaults (handshake era, its latest version).
 */
function clientOptions(plan: Plan): ClientOptions {
  const options: ClientOptions = { capabilities: plan.capabilities as ClientCapabilities };
  const version = plan.protocolVersion;
  if (version === undefined) return options;
  if (version >= STATELESS_ERA) return { ...options, versionNegotiation: { mode: 'auto' } };
  return { ...options, supportedProtocolVersions: [version, ...SUPPORTED_PROTOCOL_VERSIONS.filter((v) => v !== version)] };
}

function makeTransport(target: Target): Transport {
  switch (target.transport) {
    case 'http': return new StreamableHTTPClientTransport(new URL(target.url));
    case 'sse': return new SSEClientTransport(new URL(target.url));
    case 'stdio': {
      const [command, ...args] = target.command;
      return new StdioClientTransport({ command, args, env: { ...getDefaultEnvironment(), ...target.env } });
    }
  }
}

const since = (started: number) => Math.round((performance.now() - started) * 10) / 10;

// ---------------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv: string[]): { plan: string; outcomes: string } {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag !== '--plan' && flag !== '--outcomes') || value === undefined) {
      throw new PlanError(`unexpected argument ${flag}`);
    }
    args[flag.slice(2)] = value;
  }
  if (!args.plan || !args.outcomes) throw new PlanError('both --plan and --outcomes are required');
  return { plan: args.plan, outcomes: args.outcomes };
}

async function main(): Promise<number> {
  let plan: Plan;
  let files: { plan: string; outcomes: string };
  try {
    files = parseArgs(process.argv.slice(2));
    plan = readPlan(files.plan);
  } catch (e) {
    if (!(e instanceof PlanError)) throw e;
    process.stderr.write(`client: ${e.message}\nusage: node dist/client.js --plan <plan.json> --outcomes <outcomes.jsonl>\n`);
    return 2;
  }
  const out = new Outcomes(files.outcomes);
  const runner = new Runner(plan, out);
  try {
    await runner.run();
  } finally {
    await runner.shutdown();
  }
  out.write({ event: 'done' });
  out.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`client: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
