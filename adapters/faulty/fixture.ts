// The fixture surface of adapters/FIXTURE.md: tools, resources, prompts and completions.
// Names and texts are a byte-exact contract with the scenarios. Each fault that concerns the
// surface is applied right where the affected value is built, so a fault changes exactly one thing.
import type { Faults } from './faults.js';
import { invalidParams, isObject, RESOURCE_NOT_FOUND, INTERNAL_ERROR, RpcError, notification, type JsonObject } from './jsonrpc.js';
import type { Emit, Session } from './session.js';

export const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
export const WAV_BASE64 = 'UklGRiQAAABXQVZFZm10IBAAAAABAAEARKwAAIhYAQACABAAZGF0YQAAAAA=';

const STEP_DELAY_MS = 50;
const COMPLETION_WORDS = ['alpha', 'beta', 'gamma'];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---- content blocks ----

type Block = JsonObject;

const text = (value: string): Block => ({ type: 'text', text: value });

function pngImage(faults: Faults): Block {
  const data = faults.has('image-data-not-base64') ? `data:image/png;base64,${PNG_BASE64}` : PNG_BASE64;
  return { type: 'image', data, mimeType: 'image/png' };
}

function embeddedResource(faults: Faults, resource: { uri: unknown; mimeType: string; text: string }): Block {
  // The flattened shape is a common mistake: the resource's fields placed on the block itself.
  return faults.has('embedded-resource-flattened') ? { type: 'resource', ...resource } : { type: 'resource', resource };
}

// ---- tools ----

export interface ToolContext {
  faults: Faults;
  session: Session;
  emit: Emit;
  progressToken: string | number | undefined;
  /** Work that still sends messages after the result (progress-after-result); transports wait for it. */
  afterResult(work: () => Promise<void>): void;
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

/** The text of a sampling answer's content, which is one block (or, from 2025-11-25, possibly an array). */
function samplingText(result: unknown): string {
  const content = isObject(result) ? result.content : undefined;
  const blocks = Array.isArray(content) ? content : [content];
  const first = blocks.find((b) => isObject(b) && b.type === 'text' && typeof b.text === 'string');
  return isObject(first) ? String(first.text) : JSON.stringify(content);
}

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
    run: async (_args, { faults, session, emit }) => {
      for (const [index, data] of LOG_MESSAGES.entries()) {
        if (index > 0) await sleep(STEP_DELAY_MS);
        if (faults.has('logging-silent')) continue;
        // The level is read at send time, so a setLevel arriving mid-call takes effect at once.
        if (!session.wantsLog('info') && !faults.has('logging-ignores-level')) continue;
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
          emit(notification('notifications/progress', { progressToken: token, progress, total: 100 }));
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
    run: async (args, { session, emit }) => {
      if (typeof args.prompt !== 'string') return invalidArguments('prompt must be a string');
      const params = { messages: [{ role: 'user', content: text(args.prompt) }], maxTokens: 100 };
      const answer = await session.requestClient('sampling/createMessage', params, emit);
      if (answer.kind !== 'result') return clientFailure('sampling/createMessage', answer);
      return { content: [text(`LLM response: ${samplingText(answer.result)}`)] };
    },
  },
  {
    name: 'test_elicitation',
    description: 'Asks the user for input via the client',
    inputSchema: stringArgument('message', 'Question for the user'),
    run: async (args, { session, emit }) => {
      if (typeof args.message !== 'string') return invalidArguments('message must be a string');
      const params = {
        message: args.message,
        requestedSchema: { type: 'object', properties: { response: { type: 'string' } }, required: ['response'] },
      };
      const answer = await session.requestClient('elicitation/create', params, emit);
      if (answer.kind !== 'result') return clientFailure('elicitation/create', answer);
      const result = isObject(answer.result) ? answer.result : {};
      return { content: [text(`User response: action=${String(result.action)}, content=${JSON.stringify(result.content)}`)] };
    },
  },
];

/** A tool whose name breaks the naming rules (bad-tool-name); callable like any other. */
const BAD_TOOL: ToolDefinition = {
  name: 'bad tool!',
  description: 'A tool whose name has a space and punctuation',
  inputSchema: NO_ARGUMENTS,
  run: () => ({ content: [text('ok')] }),
};

function clientFailure(method: string, answer: { kind: 'error'; message: string } | { kind: 'timeout' } | { kind: 'closed' }): JsonObject {
  const why =
    answer.kind === 'error' ? answer.message : answer.kind === 'timeout' ? `the client did not answer ${method} in time` : 'the session was closed';
  return { content: [text(why)], isError: true };
}

function availableTools(faults: Faults): ToolDefinition[] {
  return faults.has('bad-tool-name') ? [...TOOLS, BAD_TOOL] : TOOLS;
}

/** The full tools/list array (before pagination). */
export function listTools(faults: Faults): JsonObject[] {
  const listed = availableTools(faults).map((tool): JsonObject => ({
    name: tool.name,
    description: faults.has('null-description') ? null : tool.description,
    inputSchema: faults.has('input-schema-null') && tool.name === 'test_echo' ? null : tool.inputSchema,
    ...(tool.outputSchema && { outputSchema: tool.outputSchema }),
  }));
  if (faults.has('duplicate-tool')) {
    const first = listed[0];
    // Second position keeps both copies on the first page.
    if (first) listed.splice(1, 0, { ...first });
  }
  return listed;
}

export async function callTool(params: JsonObject, ctx: ToolContext): Promise<JsonObject> {
  const { name } = params;
  if (typeof name !== 'string') throw invalidParams('params.name must be a string');
  const args = params.arguments ?? {};
  if (!isObject(args)) throw invalidParams('params.arguments must be an object');
  const tool = availableTools(ctx.faults).find((t) => t.name === name);
  if (!tool) {
    if (ctx.faults.has('unknown-tool-success')) return { content: [text('ok')] };
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

const TEMPLATE_URI = 'test://template/{id}/data';
const TEMPLATE_PATTERN = /^test:\/\/template\/([^/]+)\/data$/;

export function listResources(): JsonObject[] {
  return RESOURCES.map((r) => ({ uri: r.uri, name: r.name, mimeType: r.mimeType }));
}

export function listResourceTemplates(): JsonObject[] {
  return [{ uriTemplate: TEMPLATE_URI, name: 'template', mimeType: 'application/json' }];
}

function requireUri(params: JsonObject): string {
  if (typeof params.uri !== 'string') throw invalidParams('params.uri must be a string');
  return params.uri;
}

const resourceNotFound = (uri: string) => new RpcError(RESOURCE_NOT_FOUND, 'Resource not found', { uri });

export function readResource(params: JsonObject, faults: Faults): JsonObject {
  const uri = requireUri(params);
  const contents = resourceContents(uri, faults);
  if (!contents) {
    if (faults.has('unknown-resource-empty-contents')) return { contents: [] };
    if (faults.has('unknown-resource-wrong-code')) throw invalidParams('Resource not found', { uri });
    throw resourceNotFound(uri);
  }
  const shaped = faults.has('resource-text-missing-uri') ? contents.map(({ uri: _dropped, ...rest }) => rest) : contents;
  return { contents: shaped };
}

function resourceContents(uri: string, faults: Faults): JsonObject[] | undefined {
  const known = RESOURCES.find((r) => r.uri === uri);
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
  let values: string[] = [];
  if (ref.type === 'ref/prompt') {
    const prompt = PROMPTS.find((p) => p.name === ref.name);
    if (!prompt) throw invalidParams(`Unknown prompt: ${String(ref.name)}`);
    const prefix = argument.value;
    if (prompt.name === 'test_prompt_with_arguments' && (argument.name === 'arg1' || argument.name === 'arg2')) {
      values = COMPLETION_WORDS.filter((word) => word.startsWith(prefix));
    }
  } else if (ref.type === 'ref/resource') {
    if (ref.uri !== TEMPLATE_URI) throw invalidParams(`Unknown resource template: ${String(ref.uri)}`);
  } else {
    throw invalidParams(`Unknown reference type: ${String(ref.type)}`);
  }
  if (faults.has('completion-too-many')) values = Array.from({ length: 150 }, (_, i) => `value-${i}`);
  return { completion: { values, total: values.length, hasMore: false } };
}
