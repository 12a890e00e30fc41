// The fixture surface of adapters/FIXTURE.md: tools, resources, prompts and completions, for both
// eras (the stateless era adds a few tools and a resource, and gets its input through
// InputRequiredResult instead of server-to-client requests).
// Names and texts are a byte-exact contract with the scenarios. Each fault that concerns the
// surface is applied right where the affected value is built, so a fault changes exactly one thing.
import type { Faults } from './faults.js';
import { defaultsElicitation, enumsElicitation } from './elicitation-forms.js';
import { elicitationParams, samplingMessages, samplingTools } from './input-request-faults.js';
import { text } from './text-block.js';
import { sleepUnlessAborted } from './timing.js';
import {
  invalidParams,
  isObject,
  MISSING_CLIENT_CAPABILITY,
  RESOURCE_NOT_FOUND,
  INTERNAL_ERROR,
  RpcError,
  notification,
  type JsonObject,
} from './jsonrpc.js';
import { samplingWithTools, statelessSamplingWithTools, statelessUrlElicitation, urlElicitation, urlElicitationRequired } from './server-flows.js';
import { MRTR_TOOL_NAMES, runMrtrTool, samplingText, statelessElicitation, statelessSampling, type StatelessRequest } from './mrtr.js';
import { LOG_LEVELS, type Emit, type Era, type LogLevel, type Session } from './session.js';
import { broadcastListChanged } from './subscriptions.js';

/** serverInfo (handshake: in the initialize result; stateless era: in every result's `_meta`). */
export const SERVER_INFO = { name: 'mcp-conform-faulty', version: '1.0.0' };

export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const WAV_BASE64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=';

const STEP_DELAY_MS = 50;
/** undefined-error-code: inside the spec's reserved range, but not a code the spec defines. */
const UNDEFINED_RESERVED_CODE = -32030;
/** test_slow_operation: the default wait, and the longest one accepted. */
const DEFAULT_SLOW_MS = 2000;
const MAX_SLOW_MS = 600_000;
const COMPLETION_WORDS = ['alpha', 'beta', 'gamma'];
/** The completions of test://template/{id}/data's `id`. */
const TEMPLATE_IDS = ['1', '2', '42'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- content blocks ----

type Block = JsonObject;

function pngImage(faults: Faults): Block {
  const data = faults.has('image-data-not-base64') ? `data:image/png;base64,${PNG_BASE64}` : PNG_BASE64;
  return { type: 'image', data, mimeType: 'image/png' };
}

function embeddedResource(faults: Faults, resource: { uri: unknown; mimeType: string; text: string }): Block {
  // The flattened shape is a common mistake: the resource's fields placed on the block itself.
  return faults.has('embedded-resource-flattened') ? { type: 'resource', ...resource } : { type: 'resource', resource };
}

// ---- tools ----

/** How each labelled test_slow_operation went, for test_operation_status (process-wide). */
const operations = new Map<string, 'running' | 'completed' | 'cancelled'>();

export interface ToolContext {
  faults: Faults;
  session: Session;
  emit: Emit;
  progressToken: string | number | undefined;
  /** Work that still sends messages after the result (progress-after-result); transports wait for it. */
  afterResult(work: () => Promise<void>): void;
  era: Era;
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** The stateless era's per-request data (`_meta`, input responses, request state). */
  request?: StatelessRequest;
}

/**
 * Whether a log message at `level` may be sent for this call: handshake era, the session's level
 * (everything before logging/setLevel); stateless era, only when the request's `_meta` set a level.
 */
function wantsLog(ctx: ToolContext, level: LogLevel): boolean {
  if (ctx.era === 'handshake') return ctx.session.wantsLog(level);
  const min = ctx.request?.logLevel;
  // stateless-log-without-level: no level asked for, yet everything is sent.
  if (min === undefined) return ctx.faults.has('stateless-log-without-level');
  // stateless-log-level-ignored: a level was asked for, and messages below it are sent too.
  if (ctx.faults.has('stateless-log-level-ignored')) return true;
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(min);
}

/** The stateless request data; tools listed only on that era are only reachable there. */
function statelessOf(ctx: ToolContext): StatelessRequest {
  if (!ctx.request) throw new RpcError(INTERNAL_ERROR, 'a stateless-era tool was called without stateless request data');
  return ctx.request;
}

interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonObject;
  outputSchema?: JsonObject;
  run(args: JsonObject, ctx: ToolContext): JsonObject | Promise<JsonObject>;
}

const NO_ARGUMENTS: JsonObject = { type: 'object', properties: {} };

function stringArgument(name: string, description: string): JsonObject {
  return { type: 'object', properties: { [name]: { type: 'string', description } }, required: [name] };
}

const invalidArguments = (message: string): JsonObject => ({ content: [text(`Invalid arguments: ${message}`)], isError: true });

const WEATHER_SCHEMA: JsonObject = {
  type: 'object',
  properties: { temperature: { type: 'number' }, conditions: { type: 'string' } },
  required: ['temperature', 'conditions'],
};

const LOG_MESSAGES = ['Tool execution started', 'Tool processing data', 'Tool execution completed'];

const TOOLS: ToolDefinition[] = [
  {
    name: 'test_simple_text',
    description: 'Returns a simple text block',
    inputSchema: NO_ARGUMENTS,
    run: (_args, { faults }) => {
      const message = 'This is a simple text response for testing.';
      return { content: faults.has('text-content-as-string') ? message : [text(message)] };
    },
  },
  {
    name: 'test_image_content',
    description: 'Returns a 1x1 PNG image block',
    inputSchema: NO_ARGUMENTS,
    run: (_args, { faults }) => ({ content: [pngImage(faults)] }),
  },
  {
    name: 'test_audio_content',
    description: 'Returns a WAV audio block',
    inputSchema: NO_ARGUMENTS,
    run: (_args, { faults }) => ({
      content: [faults.has('audio-missing-mime-type') ? { type: 'audio', data: WAV_BASE64 } : { type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }],
    }),
  },
  {
    name: 'test_embedded_resource',
    description: 'Returns an embedded text resource',
    inputSchema: NO_ARGUMENTS,
    run: (_args, { faults }) => ({
      content: [embeddedResource(faults, { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' })],
    }),
  },
  {
    name: 'test_multiple_content_types',
    description: 'Returns text, image and resource blocks',
    inputSchema: NO_ARGUMENTS,
    run: (_args, { faults }) => {
      const blocks = [
        text('Multiple content types test:'),
        pngImage(faults),
        embeddedResource(faults, { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: '{"test":"data","value":123}' }),
      ];
      return { content: faults.has('mixed-content-truncated') ? blocks.slice(0, 1) : blocks };
    },
  },
  {
    name: 'test_tool_with_logging',
    description: 'Sends three info log messages while running',
    inputSchema: NO_ARGUMENTS,
    run: async (_args, ctx) => {
      const { faults, emit } = ctx;
      for (const [index, data] of LOG_MESSAGES.entries()) {
        if (index > 0) await sleep(STEP_DELAY_MS);
        if (faults.has('logging-silent')) continue;
        // The level is read at send time, so a setLevel arriving mid-call takes effect at once.
        if (!wantsLog(ctx, 'info') && !faults.has('logging-ignores-level')) continue;
        emit(notification('notifications/message', { level: 'info', logger: 'faulty', data }));
      }
      return { content: [text('Tool with logging executed successfully')] };
    },
  },
  {
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50, 100 of 100',
    inputSchema: NO_ARGUMENTS,
    run: async (_args, { faults, emit, progressToken, afterResult }) => {
      if (progressToken !== undefined) {
        const token = faults.has('progress-wrong-token') ? 'not-your-token' : progressToken;
        const steps = faults.has('progress-not-increasing') ? [0, 50, 50] : [0, 50, 100];
        for (const [index, progress] of steps.entries()) {
          if (index > 0) await sleep(STEP_DELAY_MS);
          const note = notification('notifications/progress', { progressToken: token, progress, total: 100 });
          // notification-with-id: the notification carries an id, as if it were a request.
          emit(faults.has('notification-with-id') ? { ...note, id: `note-${index}` } : note);
        }
        if (faults.has('progress-after-result')) {
          afterResult(async () => {
            await sleep(STEP_DELAY_MS);
            emit(notification('notifications/progress', { progressToken: token, progress: 101, total: 100 }));
            await sleep(STEP_DELAY_MS);
          });
        }
      }
      return { content: [text('Tool with progress executed successfully')] };
    },
  },
  {
    name: 'test_error_handling',
    description: 'Always returns a tool execution error',
    inputSchema: NO_ARGUMENTS,
    run: (_args, { faults }) => {
      const message = 'This tool intentionally returns an error for testing';
      if (faults.has('tool-error-as-jsonrpc-error')) throw new RpcError(INTERNAL_ERROR, message);
      return { content: [text(message)], isError: true };
    },
  },
  {
    name: 'test_echo',
    description: 'Echoes the message back',
    inputSchema: stringArgument('message', 'Text to echo'),
    run: (args, { faults }) => {
      if (faults.has('no-argument-validation')) return { content: [text(`Echo: ${String(args.message)}`)] };
      if (typeof args.message !== 'string') return invalidArguments('message must be a string');
      return { content: [text(`Echo: ${args.message}`)] };
    },
  },
  {
    name: 'test_structured_content',
    description: 'Returns structured content matching its output schema',
    inputSchema: NO_ARGUMENTS,
    outputSchema: WEATHER_SCHEMA,
    run: (_args, { faults }) => {
      const weather = { temperature: faults.has('structured-content-mismatch') ? '22.5' : 22.5, conditions: 'Partly cloudy' };
      return { content: faults.has('structured-no-text-mirror') ? [] : [text(JSON.stringify(weather))], structuredContent: weather };
    },
  },
  {
    name: 'test_sampling',
    description: 'Asks the client to sample an LLM',
    inputSchema: stringArgument('prompt', 'Prompt for the LLM'),
    run: async (args, ctx) => {
      const { session, emit, faults } = ctx;
      if (typeof args.prompt !== 'string') return invalidArguments('prompt must be a string');
      if (ctx.era === 'stateless') return statelessSampling(args.prompt, statelessOf(ctx), faults);
      // Never a request the client did not declare it can answer (unless the fault asks anyway).
      if (!isObject(session.clientCapabilities?.sampling) && !faults.has('sampling-ignores-capability')) return undeclared('sampling');
      const messages = samplingMessages(args.prompt, faults);
      const params = { ...(faults.has('sampling-without-max-tokens') ? { messages } : { messages, maxTokens: 100 }), ...samplingTools(faults) };
      const answer = await session.requestClient('sampling/createMessage', params, emit);
      if (answer.kind !== 'result') return clientFailure('sampling/createMessage', answer);
      const sampled = faults.has('sampling-answer-ignored') ? '(none)' : samplingText(answer.result);
      return { content: [text(`LLM response: ${sampled}`)] };
    },
  },
  {
    name: 'test_elicitation',
    description: 'Asks the user for input via the client',
    inputSchema: stringArgument('message', 'Question for the user'),
    run: async (args, ctx) => {
      const { session, emit, faults } = ctx;
      if (typeof args.message !== 'string') return invalidArguments('message must be a string');
      // The stateless era never sends requests to the client, unless the fault makes it.
      if (ctx.era === 'stateless' && !faults.has('sends-server-requests')) return statelessElicitation(args.message, statelessOf(ctx), faults);
      if (ctx.era === 'handshake' && !isObject(session.clientCapabilities?.elicitation) && !faults.has('elicitation-ignores-capability')) {
        return undeclared('elicitation');
      }
      const params = faults.has('elicitation-without-schema') ? { message: args.message } : elicitationParams(args.message, faults, 'handshake');
      const answer = await session.requestClient('elicitation/create', params, emit);
      if (answer.kind !== 'result') return clientFailure('elicitation/create', answer);
      if (faults.has('elicitation-answer-ignored')) return { content: [text('User response: action=decline, content=null')] };
      const result = isObject(answer.result) ? answer.result : {};
      return { content: [text(`User response: action=${String(result.action)}, content=${JSON.stringify(result.content)}`)] };
    },
  },
  {
    name: 'test_url_elicitation',
    description: 'Asks the user to open a URL (URL-mode elicitation)',
    inputSchema: NO_ARGUMENTS,
    run: (_args, ctx) => (ctx.era === 'stateless' ? statelessUrlElicitation(statelessOf(ctx), ctx.faults) : urlElicitation(ctx)),
  },
  {
    name: 'test_sampling_tools',
    description: 'Asks the client to sample an LLM that may call a tool',
    inputSchema: stringArgument('prompt', 'Prompt for the LLM'),
    run: (args, ctx) => {
      if (typeof args.prompt !== 'string') return invalidArguments('prompt must be a string');
      return ctx.era === 'stateless' ? statelessSamplingWithTools(args.prompt, statelessOf(ctx), ctx.faults) : samplingWithTools(args.prompt, ctx);
    },
  },
  {
    name: 'test_trigger_list_changed',
    description: 'Announces a change of the tool list',
    inputSchema: NO_ARGUMENTS,
    run: (_args, { era, emit, faults }) => {
      // Handshake era: the session hears it (on this request's channel, the only one there is).
      // Both eras: every open subscriptions/listen stream that opted in, whoever opened it.
      if (era === 'handshake' && !faults.has('no-list-changed')) emit(notification('notifications/tools/list_changed', {}));
      broadcastListChanged('toolsListChanged', faults);
      // list-changed-on-request-stream: 2026-07-28 sends it on this call's own stream too.
      if (era === 'stateless' && faults.has('list-changed-on-request-stream')) emit(notification('notifications/tools/list_changed', {}));
      return { content: [text('List change notified')] };
    },
  },
  {
    name: 'test_slow_operation',
    description: 'Waits durationMs milliseconds (default 2000), unless cancelled',
    // The duration's type lives in local $defs, reached by $ref (valid JSON Schema; dangling-schema-ref breaks the $ref).
    inputSchema: {
      type: 'object',
      $defs: { milliseconds: { type: 'integer', minimum: 0, maximum: MAX_SLOW_MS } },
      properties: {
        durationMs: { $ref: '#/$defs/milliseconds', description: 'How long to wait, in milliseconds' },
        label: { type: 'string', description: 'Remember how the call went under this label' },
      },
    },
    run: async (args, { signal, emit, faults }) => {
      const duration = args.durationMs ?? DEFAULT_SLOW_MS;
      const label = typeof args.label === 'string' ? args.label : undefined;
      // cancels-unknown-request: cancels a request the server never sent (nor, on 2026-07-28, a subscription).
      if (faults.has('cancels-unknown-request')) emit(notification('notifications/cancelled', { requestId: 'srv-never-sent', reason: 'fault' }));
      if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 0 || duration > MAX_SLOW_MS) {
        return invalidArguments(`durationMs must be an integer from 0 to ${MAX_SLOW_MS}`);
      }
      // A cancelled call wakes up at once; its result is then thrown away (no response is sent).
      if (label !== undefined) operations.set(label, 'running');
      await sleepUnlessAborted(duration, signal);
      if (label !== undefined) operations.set(label, signal?.aborted ? 'cancelled' : 'completed');
      return { content: [text(`Done after ${duration} ms`)] };
    },
  },
  {
    name: 'test_operation_status',
    description: 'Tells how a labelled test_slow_operation went',
    inputSchema: stringArgument('label', 'The label given to test_slow_operation'),
    run: (args) => ({ content: [text(operations.get(String(args.label)) ?? 'unknown')] }),
  },
  {
    // Over stateless HTTP its annotated arguments travel in Mcp-Param-* headers too (checked in stateless.ts).
    name: 'test_header_params',
    description: 'Echoes arguments that clients mirror into Mcp-Param headers',
    inputSchema: {
      type: 'object',
      properties: {
        region: { type: 'string', description: 'Region to route the call to', 'x-mcp-header': 'Region' },
        priority: { type: 'integer', description: 'Priority of the call', 'x-mcp-header': 'Priority' },
        tenant: { type: 'string', description: 'Optional tenant', 'x-mcp-header': 'Tenant' },
      },
      required: ['region', 'priority'],
    },
    run: (args) => {
      const { region, priority, tenant } = args;
      if (typeof region !== 'string') return invalidArguments('region must be a string');
      if (typeof priority !== 'number' || !Number.isSafeInteger(priority)) return invalidArguments('priority must be an integer');
      // null counts as not given, like an absent tenant.
      if (tenant !== undefined && tenant !== null && typeof tenant !== 'string') return invalidArguments('tenant must be a string');
      return { content: [text(`region=${region}; priority=${priority}; tenant=${typeof tenant === 'string' ? tenant : '(none)'}`)] };
    },
  },
];

const LOGGING_TOOL_LEVELS: LogLevel[] = ['debug', 'info', 'notice', 'warning', 'error'];

/** Tools listed (and callable) on the stateless era only. */
const STATELESS_TOOLS: ToolDefinition[] = [
  {
    name: 'test_missing_capability',
    description: 'Needs the sampling client capability on the request',
    inputSchema: NO_ARGUMENTS,
    run: (_args, ctx) => {
      const request = statelessOf(ctx);
      // The fault carries capabilities over from earlier requests, as a server keeping connection state would.
      const capabilities = ctx.faults.has('capability-from-earlier-request') ? { ...request.earlierCapabilities, ...request.capabilities } : request.capabilities;
      if (isObject(capabilities.sampling)) return { content: [text('Success')] };
      const message = 'Missing required client capability: sampling';
      if (ctx.faults.has('missing-capability-as-tool-error')) return { content: [text(message)], isError: true };
      throw new RpcError(MISSING_CLIENT_CAPABILITY, message, { requiredCapabilities: { sampling: {} } }, 400);
    },
  },
  ...MRTR_TOOL_NAMES.map(
    (name): ToolDefinition => ({
      name,
      description: `Multi round-trip request: ${name.replace('test_input_required_result_', '').replaceAll('_', ' ')}`,
      inputSchema: NO_ARGUMENTS,
      run: (_args, ctx) => runMrtrTool(name, statelessOf(ctx), ctx.faults),
    }),
  ),
  {
    name: 'test_logging_tool',
    description: 'Logs one message per level from debug to error, filtered by the request log level',
    inputSchema: NO_ARGUMENTS,
    run: (_args, ctx) => {
      for (const level of LOGGING_TOOL_LEVELS) {
        if (wantsLog(ctx, level)) ctx.emit(notification('notifications/message', { level, logger: 'faulty', data: `Log message at level ${level}` }));
      }
      return { content: [text('Logged')] };
    },
  },
];

/** Tools listed (and callable) on the handshake era only: -32042 does not exist on 2026-07-28. */
const HANDSHAKE_TOOLS: ToolDefinition[] = [
  {
    name: 'test_list_roots',
    description: 'Asks the client for its roots',
    inputSchema: NO_ARGUMENTS,
    run: async (_args, { session, emit, faults }) => {
      // roots-ignores-capability: asks a client that never declared roots.
      if (!isObject(session.clientCapabilities?.roots) && !faults.has('roots-ignores-capability')) return undeclared('roots');
      // roots-never-requested: answers without asking, as if the client had no roots.
      if (faults.has('roots-never-requested')) return { content: [text('Roots: 0: ')] };
      const answer = await session.requestClient('roots/list', {}, emit);
      if (answer.kind !== 'result') return clientFailure('roots/list', answer);
      const roots = isObject(answer.result) && Array.isArray(answer.result.roots) ? answer.result.roots.filter(isObject) : [];
      // roots-answer-ignored: reports no roots whatever the client listed.
      const shown = faults.has('roots-answer-ignored') ? [] : roots;
      return { content: [text(`Roots: ${shown.length}: ${shown.map((r) => String(r.uri)).join(', ')}`)] };
    },
  },
  {
    name: 'test_url_elicitation_required',
    description: 'Needs a URL-mode elicitation first, and says so with error -32042',
    inputSchema: NO_ARGUMENTS,
    run: (_args, ctx) => urlElicitationRequired(ctx.faults),
  },
  {
    name: 'test_elicitation_sep1034_defaults',
    description: 'Asks the user for a form whose fields all carry default values',
    inputSchema: NO_ARGUMENTS,
    run: (_args, ctx) => defaultsElicitation(ctx),
  },
  {
    name: 'test_elicitation_sep1330_enums',
    description: 'Asks the user for a form with every kind of enum field',
    inputSchema: NO_ARGUMENTS,
    run: (_args, ctx) => enumsElicitation(ctx),
  },
];

/** A tool whose name breaks the naming rules (bad-tool-name); callable like any other. */
const BAD_TOOL: ToolDefinition = {
  name: 'bad tool!',
  description: 'A tool whose name has a space and punctuation',
  inputSchema: NO_ARGUMENTS,
  run: () => ({ content: [text('ok')] }),
};

/** Handshake era: the tool needs a client capability the client did not declare in initialize. */
function undeclared(capability: string): JsonObject {
  return { content: [text(`The client did not declare the ${capability} capability`)], isError: true };
}

function clientFailure(method: string, answer: { kind: 'error'; message: string } | { kind: 'timeout' } | { kind: 'closed' }): JsonObject {
  const why =
    answer.kind === 'error' ? answer.message : answer.kind === 'timeout' ? `the client did not answer ${method} in time` : 'the session was closed';
  return { content: [text(why)], isError: true };
}

function availableTools(faults: Faults, era: Era): ToolDefinition[] {
  const tools = era === 'stateless' ? [...TOOLS, ...STATELESS_TOOLS] : [...TOOLS, ...HANDSHAKE_TOOLS];
  return faults.has('bad-tool-name') ? [...tools, BAD_TOOL] : tools;
}

/** bad-meta-key: the `_meta` member tools/list results get (both eras); nothing when correct. */
export function toolsListMeta(faults: Faults): JsonObject {
  return faults.has('bad-meta-key') ? { _meta: { '-bad key-': true } } : {};
}

/**
 * invalid-published-schema: test_echo's schema breaks JSON Schema itself (a negative minLength);
 * dangling-schema-ref: test_slow_operation's $ref points nowhere;
 * bad-x-mcp-header: every x-mcp-header annotation becomes a name with a space, not an HTTP token.
 */
function publishedSchema(name: string, schema: JsonObject, faults: Faults): JsonObject {
  if (faults.has('invalid-published-schema') && name === 'test_echo') {
    return { ...schema, properties: { message: { type: 'string', minLength: -1 } } };
  }
  // dangling-schema-ref: test_slow_operation's $ref names a definition its schema does not have.
  if (faults.has('dangling-schema-ref') && name === 'test_slow_operation') {
    return JSON.parse(JSON.stringify(schema).replace('#/$defs/milliseconds', '#/$defs/missing')) as JsonObject;
  }
  if (!faults.has('bad-x-mcp-header')) return schema;
  return JSON.parse(JSON.stringify(schema), (key, value: unknown) => (key === 'x-mcp-header' ? 'Bad Header' : value)) as JsonObject;
}

/** The full tools/list array (before pagination). */
export function listTools(faults: Faults, era: Era = 'handshake'): JsonObject[] {
  const listed = availableTools(faults, era).map((tool): JsonObject => ({
    name: tool.name,
    description: faults.has('null-description') ? null : tool.description,
    inputSchema: faults.has('input-schema-null') && tool.name === 'test_echo' ? null : publishedSchema(tool.name, tool.inputSchema, faults),
    ...(tool.outputSchema && { outputSchema: tool.outputSchema }),
  }));
  if (faults.has('duplicate-tool')) {
    const first = listed[0];
    // Second position keeps both copies on the first page.
    if (first) listed.splice(1, 0, { ...first });
  }
  return listed;
}

/** The inputSchema a tool is listed with on `era`, or undefined for a tool that is not there. */
export function toolInputSchema(name: string, faults: Faults, era: Era): JsonObject | undefined {
  return availableTools(faults, era).find((t) => t.name === name)?.inputSchema;
}

export async function callTool(params: JsonObject, ctx: ToolContext): Promise<JsonObject> {
  const { name } = params;
  if (typeof name !== 'string') throw invalidParams('params.name must be a string');
  const args = params.arguments ?? {};
  if (!isObject(args)) throw invalidParams('params.arguments must be an object');
  const tool = availableTools(ctx.faults, ctx.era).find((t) => t.name === name);
  if (!tool) {
    if (ctx.faults.has('unknown-tool-success')) return { content: [text('ok')] };
    // A code of the spec's reserved range (-32020..-32099) that the spec does not define.
    if (ctx.faults.has('undefined-error-code') && ctx.era === 'stateless') throw new RpcError(UNDEFINED_RESERVED_CODE, `Unknown tool: ${name}`);
    throw invalidParams(`Unknown tool: ${name}`);
  }
  return tool.run(args, ctx);
}

// ---- resources ----

interface StaticResource {
  uri: string;
  name: string;
  mimeType: string;
  text?: string;
  blob?: string;
}

const RESOURCES: StaticResource[] = [
  { uri: 'test://static-text', name: 'static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' },
  { uri: 'test://static-binary', name: 'static-binary', mimeType: 'image/png', blob: PNG_BASE64 },
  { uri: 'test://watched-resource', name: 'watched-resource', mimeType: 'text/plain', text: 'Watched resource content' },
];

/** Listed (and readable) on the stateless era only. */
const STATELESS_RESOURCES: StaticResource[] = [
  { uri: 'test://stateless-static-text', name: 'stateless-static-text', mimeType: 'text/plain', text: 'This is a stateless static text resource.' },
];

function availableResources(era: Era): StaticResource[] {
  return era === 'stateless' ? [...RESOURCES, ...STATELESS_RESOURCES] : RESOURCES;
}

const TEMPLATE_URI = 'test://template/{id}/data';
const TEMPLATE_PATTERN = /^test:\/\/template\/([^/]+)\/data$/;

export function listResources(faults: Faults, era: Era = 'handshake'): JsonObject[] {
  const listed: JsonObject[] = availableResources(era).map((r) => ({ uri: r.uri, name: r.name, mimeType: r.mimeType }));
  // bad-resource-uri: listed only; reading it is the usual unknown-resource error.
  return faults.has('bad-resource-uri') ? [...listed, { uri: 'not a uri', name: 'bad' }] : listed;
}

export function listResourceTemplates(): JsonObject[] {
  return [{ uriTemplate: TEMPLATE_URI, name: 'template', mimeType: 'application/json' }];
}

function requireUri(params: JsonObject): string {
  if (typeof params.uri !== 'string') throw invalidParams('params.uri must be a string');
  return params.uri;
}

const resourceNotFound = (uri: string) => new RpcError(RESOURCE_NOT_FOUND, 'Resource not found', { uri });

export function readResource(params: JsonObject, faults: Faults, era: Era = 'handshake'): JsonObject {
  const uri = requireUri(params);
  const contents = resourceContents(uri, faults, era);
  if (!contents) {
    if (faults.has('unknown-resource-empty-contents')) return { contents: [] };
    if (era === 'stateless') {
      // The stateless era moved resource-not-found from -32002 to -32602 (Invalid params).
      if (faults.has('stateless-resource-not-found-32002')) throw resourceNotFound(uri);
      throw invalidParams('Resource not found', { uri });
    }
    if (faults.has('unknown-resource-wrong-code')) throw invalidParams('Resource not found', { uri });
    throw resourceNotFound(uri);
  }
  const shaped = faults.has('resource-text-missing-uri') ? contents.map(({ uri: _dropped, ...rest }) => rest) : contents;
  return { contents: shaped };
}

function resourceContents(uri: string, faults: Faults, era: Era): JsonObject[] | undefined {
  const known = availableResources(era).find((r) => r.uri === uri);
  if (known) {
    if (known.blob !== undefined) {
      const blob = faults.has('blob-not-base64') ? `data:${known.mimeType};base64,${known.blob}` : known.blob;
      return [{ uri, mimeType: known.mimeType, blob }];
    }
    return [{ uri, mimeType: known.mimeType, text: known.text }];
  }
  const match = TEMPLATE_PATTERN.exec(uri);
  if (match) {
    const unexpanded = faults.has('template-uri-unexpanded');
    const id = unexpanded ? '{id}' : (match[1] ?? '');
    return [
      {
        uri: unexpanded ? TEMPLATE_URI : uri,
        mimeType: 'application/json',
        text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }),
      },
    ];
  }
  return undefined;
}

/** resources/subscribe and resources/unsubscribe: the fixture never changes, so acknowledging is all. */
export function subscription(params: JsonObject): JsonObject {
  const uri = requireUri(params);
  if (!RESOURCES.some((r) => r.uri === uri) && !TEMPLATE_PATTERN.test(uri)) throw resourceNotFound(uri);
  return {};
}

// ---- prompts ----

interface PromptArgument {
  name: string;
  description: string;
}

interface PromptDefinition {
  name: string;
  description: string;
  arguments: PromptArgument[];
  messages(args: Record<string, string | undefined>, faults: Faults): Block[];
}

const PROMPTS: PromptDefinition[] = [
  {
    name: 'test_simple_prompt',
    description: 'A prompt without arguments',
    arguments: [],
    messages: () => [text('This is a simple prompt for testing.')],
  },
  {
    name: 'test_prompt_with_arguments',
    description: 'A prompt with two required arguments',
    arguments: [
      { name: 'arg1', description: 'First argument' },
      { name: 'arg2', description: 'Second argument' },
    ],
    messages: (args, faults) => {
      const [arg1, arg2] = faults.has('prompt-args-ignored') ? ['', ''] : [String(args.arg1), String(args.arg2)];
      return [text(`Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`)];
    },
  },
  {
    name: 'test_prompt_with_embedded_resource',
    description: 'A prompt that embeds a resource',
    arguments: [{ name: 'resourceUri', description: 'URI of the embedded resource' }],
    messages: (args, faults) => [
      embeddedResource(faults, { uri: args.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' }),
      text('Please process the embedded resource above.'),
    ],
  },
  {
    name: 'test_prompt_with_image',
    description: 'A prompt that carries an image',
    arguments: [],
    messages: (_args, faults) => [pngImage(faults), text('Please analyze the image above.')],
  },
];

export function listPrompts(): JsonObject[] {
  return PROMPTS.map((p) => ({
    name: p.name,
    description: p.description,
    ...(p.arguments.length > 0 && { arguments: p.arguments.map((a) => ({ name: a.name, description: a.description, required: true })) }),
  }));
}

export function getPrompt(params: JsonObject, faults: Faults): JsonObject {
  const { name } = params;
  if (typeof name !== 'string') throw invalidParams('params.name must be a string');
  const prompt = PROMPTS.find((p) => p.name === name);
  if (!prompt) {
    if (faults.has('unknown-prompt-empty')) return { messages: [] };
    throw invalidParams(`Unknown prompt: ${name}`);
  }
  const given = params.arguments ?? {};
  if (!isObject(given)) throw invalidParams('params.arguments must be an object');
  const args: Record<string, string | undefined> = {};
  for (const { name: argName } of prompt.arguments) {
    const value = given[argName];
    if (typeof value === 'string') args[argName] = value;
    else if (value === undefined && faults.has('no-prompt-argument-validation')) args[argName] = undefined;
    else throw invalidParams(value === undefined ? `Missing required argument: ${argName}` : `Argument ${argName} must be a string`);
  }
  const blocks = prompt.messages(args, faults);
  return {
    description: prompt.description,
    messages: blocks.map((block) => ({ role: 'user', content: faults.has('prompt-content-array') ? [block] : block })),
  };
}

// ---- completion ----

export function complete(params: JsonObject, faults: Faults): JsonObject {
  const { ref, argument } = params;
  if (!isObject(ref) || !isObject(argument) || typeof argument.name !== 'string' || typeof argument.value !== 'string') {
    throw invalidParams('params.ref and params.argument { name, value } are required');
  }
  // completion-context-rejected: context (2025-06-18) is refused, as by a server validating against an older schema.
  if (faults.has('completion-context-rejected') && params.context !== undefined) throw invalidParams('Unexpected parameter: context');
  let values: string[] = [];
  const prefix = argument.value;
  if (ref.type === 'ref/prompt') {
    const prompt = PROMPTS.find((p) => p.name === ref.name);
    if (!prompt) {
      // completion-unknown-prompt-empty: an unknown prompt gets an empty completion instead of -32602.
      if (faults.has('completion-unknown-prompt-empty')) return { completion: { values: [] } };
      throw invalidParams(`Unknown prompt: ${String(ref.name)}`);
    }
    if (prompt.name === 'test_prompt_with_arguments' && (argument.name === 'arg1' || argument.name === 'arg2')) {
      // completion-prefix-ignored: every word, whatever was typed; completion-empty-value-nothing: nothing for "".
      values = faults.has('completion-prefix-ignored') ? COMPLETION_WORDS : COMPLETION_WORDS.filter((word) => word.startsWith(prefix));
      if (faults.has('completion-empty-value-nothing') && prefix === '') values = [];
    }
  } else if (ref.type === 'ref/resource') {
    if (ref.uri !== TEMPLATE_URI) throw invalidParams(`Unknown resource template: ${String(ref.uri)}`);
    // completion-resource-template-empty: template variables are never completed.
    if (argument.name === 'id' && !faults.has('completion-resource-template-empty')) values = TEMPLATE_IDS.filter((id) => id.startsWith(prefix));
  } else {
    throw invalidParams(`Unknown reference type: ${String(ref.type)}`);
  }
  if (faults.has('completion-too-many')) values = Array.from({ length: 150 }, (_, i) => `value-${i}`);
  // completion-total-understated: total counts nothing, below the values actually sent.
  return { completion: { values, total: faults.has('completion-total-understated') ? 0 : values.length, hasMore: false } };
}
