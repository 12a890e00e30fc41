// The stateless era (protocol version 2026-07-28): no initialize and no session; every request
// carries `_meta` with its protocol version and client capabilities, and is answered on its own.
// This module checks that envelope (and, over HTTP, the headers mirroring it), dispatches the
// methods of the era, and shapes every result (resultType, cache hints, serverInfo).
import {
  callTool,
  complete,
  getPrompt,
  listPrompts,
  listResources,
  listResourceTemplates,
  listTools,
  readResource,
  SERVER_INFO,
  toolInputSchema,
  toolsListMeta,
} from './fixture.js';
import {
  HEADER_MISMATCH,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  invalidParams,
  isObject,
  METHOD_NOT_FOUND,
  RpcError,
  UNSUPPORTED_PROTOCOL_VERSION,
  type JsonObject,
  type Request,
} from './jsonrpc.js';
import type { Faults } from './faults.js';
import type { StatelessRequest } from './mrtr.js';
import { paginate } from './pagination.js';
import { isLogLevel, type Emit, type LogLevel, type Session } from './session.js';
import { listen } from './subscriptions.js';
import {
  acknowledgeTaskIds,
  callTaskExtensionTool,
  handleLegacyTaskMethod,
  handleTaskExtensionMethod,
  isTaskExtensionTool,
  listTaskExtensionTools,
  taskSubscription,
  TASKS_EXTENSION,
  TASKS_EXTENSION_CAPABILITY,
  watchTasks,
} from './tasks-extension.js';

export const STATELESS_VERSION = '2026-07-28';
export const STATELESS_VERSIONS = [STATELESS_VERSION];

export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  logLevel: 'io.modelcontextprotocol/logLevel',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
} as const;

/** Declared by server/discover. `logging` stays: the era still has per-request log messages. */
const CAPABILITIES = {
  tools: { listChanged: true },
  resources: { listChanged: true },
  prompts: { listChanged: true },
  logging: {},
  completions: {},
  extensions: TASKS_EXTENSION_CAPABILITY,
};

const TTL_MS = 300_000;
/** Results that must carry ttlMs and cacheScope, and the scope each one gets. */
const CACHE_SCOPE: Record<string, 'public' | 'private'> = {
  'server/discover': 'public',
  'tools/list': 'public',
  'prompts/list': 'public',
  'resources/list': 'public',
  'resources/templates/list': 'public',
  'resources/read': 'private',
};

/** The params member each HTTP `Mcp-Name` header mirrors, by method. */
const NAME_PARAM: Record<string, string> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  // The tasks extension: requests about a task name it, so they can be routed to the instance holding it.
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

/** Whether params carry `_meta["io.modelcontextprotocol/protocolVersion"]`: the mark of a stateless-era request. */
export function claimsStateless(params: unknown): boolean {
  return isObject(params) && isObject(params._meta) && META.protocolVersion in params._meta;
}

export interface StatelessContext {
  session: Session;
  emit: Emit;
  /** Aborted when the request is cancelled (stdio: notifications/cancelled; HTTP: stream closed). */
  signal: AbortSignal;
  afterResult(work: () => Promise<void>): void;
  /** HTTP only: the request's headers by lower-case name; absent on stdio (no header rules there). */
  header?: (name: string) => string | undefined;
  /** The request will stay open (subscriptions/listen): the transport should start streaming now. */
  keepOpen?: () => void;
}

/**
 * capability-from-earlier-request: every client capability some earlier stateless request of this
 * process declared (merged). Only that fault reads it; correct behaviour uses each request's own.
 */
let declaredEarlier: JsonObject = {};

/** tools-list-unstable: how many tools/list listings (first pages) this process has answered. */
let toolListings = 0;

export async function dispatchStateless(request: Request, ctx: StatelessContext): Promise<unknown> {
  const raw = request.params ?? {};
  if (!isObject(raw)) throw new RpcError(INVALID_PARAMS, 'params must be an object', undefined, 400);
  const params: JsonObject = raw;
  const req = readEnvelope(request.method, params, ctx);
  if (ctx.session.faults.has('trace-context-rejected') && isObject(params._meta) && 'traceparent' in params._meta) {
    throw new RpcError(INVALID_PARAMS, 'Invalid params: unexpected _meta key traceparent', undefined, 400);
  }
  const result = await run(request, params, req, ctx);
  const trace = isObject(params._meta) ? params._meta.traceparent : undefined;
  return shape(request.method, result, ctx.session, params.cursor !== undefined, trace);
}

/**
 * The per-request envelope, checked in this order: `_meta` complete (-32602), HTTP headers agree with
 * the body (-32020), a version we speak (-32022), a known log level (-32602). All are HTTP 400.
 */
function readEnvelope(method: string, params: JsonObject, ctx: StatelessContext): StatelessRequest {
  const { faults } = ctx.session;
  const meta = isObject(params._meta) ? params._meta : undefined;
  const version = meta?.[META.protocolVersion];
  const capabilities = meta?.[META.clientCapabilities];
  const missing = [
    ...(typeof version === 'string' ? [] : [META.protocolVersion]),
    ...(isObject(capabilities) ? [] : [META.clientCapabilities]),
  ];
  if (missing.length > 0 && !faults.has('meta-optional')) {
    throw new RpcError(INVALID_PARAMS, `Invalid params: _meta must carry ${missing.join(' and ')}`, { missing }, 400);
  }
  const metaVersion = typeof version === 'string' ? version : undefined;
  if (ctx.header) checkHeaders(method, params, metaVersion, ctx.header, ctx);

  const protocolVersion = metaVersion ?? STATELESS_VERSION;
  if (!STATELESS_VERSIONS.includes(protocolVersion)) {
    if (faults.has('unsupported-version-wrong-code')) throw new RpcError(INVALID_PARAMS, 'Invalid params: unsupported protocol version', undefined, 400);
    throw new RpcError(UNSUPPORTED_PROTOCOL_VERSION, `Unsupported protocol version: ${protocolVersion}`, { supported: STATELESS_VERSIONS, requested: protocolVersion }, 400);
  }

  const level = meta?.[META.logLevel];
  // stateless-log-level-unchecked: an unknown level passes, and then asks for no messages at all.
  if (level !== undefined && !isLogLevel(level) && !faults.has('stateless-log-level-unchecked')) {
    throw new RpcError(INVALID_PARAMS, `Invalid params: unknown log level ${JSON.stringify(level)}`, { [META.logLevel]: level }, 400);
  }
  const logLevel: LogLevel | undefined = isLogLevel(level) ? level : undefined;

  const own = isObject(capabilities) ? capabilities : {};
  const earlierCapabilities = declaredEarlier;
  declaredEarlier = { ...declaredEarlier, ...own };

  // The retry fields of a multi round-trip request (tools/call, prompts/get, resources/read).
  const { inputResponses, requestState } = params;
  if (inputResponses !== undefined && !isObject(inputResponses)) throw invalidParams('params.inputResponses must be an object');
  if (requestState !== undefined && typeof requestState !== 'string') throw invalidParams('params.requestState must be a string');

  return {
    protocolVersion,
    capabilities: own,
    earlierCapabilities,
    logLevel,
    inputResponses: isObject(inputResponses) ? inputResponses : undefined,
    requestState: typeof requestState === 'string' ? requestState : undefined,
  };
}

const headerMismatch = (message: string, header: string, expected: string | undefined) =>
  new RpcError(HEADER_MISMATCH, `Bad Request: ${message}`, { header, ...(expected !== undefined && { expected }) }, 400);

/** HTTP: MCP-Protocol-Version, Mcp-Method and (for three methods) Mcp-Name must mirror the body; tools/call also Mcp-Param-*. */
function checkHeaders(method: string, params: JsonObject, metaVersion: string | undefined, header: (name: string) => string | undefined, ctx: StatelessContext): void {
  const { faults } = ctx.session;
  // Without a version in _meta (meta-optional) there is nothing for the header to mirror.
  if (metaVersion !== undefined && !faults.has('header-mismatch-ignored')) {
    const value = header('mcp-protocol-version')?.trim();
    // version-header-optional: a request without the header is served (one that disagrees is still refused).
    if (value === undefined && !faults.has('version-header-optional')) throw headerMismatch('the MCP-Protocol-Version header is required', 'MCP-Protocol-Version', metaVersion);
    if (value !== undefined && value !== metaVersion) throw headerMismatch(`MCP-Protocol-Version ${value} does not match _meta protocolVersion ${metaVersion}`, 'MCP-Protocol-Version', metaVersion);
  }
  if (!faults.has('method-header-ignored')) {
    const value = header('mcp-method')?.trim();
    // method-header-optional: a request without Mcp-Method is served; method-header-case-folded compares without case.
    if (value === undefined && !faults.has('method-header-optional')) throw headerMismatch('the Mcp-Method header is required', 'Mcp-Method', method);
    const same = value === undefined || (faults.has('method-header-case-folded') ? value.toLowerCase() === method.toLowerCase() : value === method);
    if (!same) throw headerMismatch(`Mcp-Method ${value} does not match the method ${method}`, 'Mcp-Method', method);
  }
  const field = NAME_PARAM[method];
  const bodyValue = field === undefined ? undefined : params[field];
  const taskMethod = method.startsWith('tasks/');
  // task-ext-name-header-refused: Mcp-Name is taken as meant for tools, prompts and resources only.
  if (taskMethod && faults.has('task-ext-name-header-refused') && header('mcp-name') !== undefined) throw headerMismatch(`Mcp-Name is not expected on ${method}`, 'Mcp-Name', undefined);
  // task-ext-name-header-unchecked: Mcp-Name is not compared with params.taskId.
  if (taskMethod && faults.has('task-ext-name-header-unchecked')) return;
  // A call without a name is malformed; the method itself reports that as -32602.
  if (field !== undefined && typeof bodyValue === 'string') {
    const value = header('mcp-name')?.trim();
    // name-header-optional: a call without Mcp-Name is served; name-header-unchecked: any Mcp-Name is.
    if (value === undefined && faults.has('name-header-optional')) return checkToolParams(method, params, header, faults);
    if (faults.has('name-header-unchecked')) return checkToolParams(method, params, header, faults);
    if (value === undefined) throw headerMismatch('the Mcp-Name header is required', 'Mcp-Name', bodyValue);
    if (!HEADER_SAFE.test(value)) throw headerMismatch('Mcp-Name holds characters that are not visible ASCII (such names travel as =?base64?...?=)', 'Mcp-Name', bodyValue);
    const decoded = faults.has('sentinel-not-decoded') ? value : decodeHeaderValue(value);
    if (decoded !== bodyValue) throw headerMismatch(`Mcp-Name ${value} does not match params.${field}`, 'Mcp-Name', bodyValue);
  }
  checkToolParams(method, params, header, faults);
}

function checkToolParams(method: string, params: JsonObject, header: (name: string) => string | undefined, faults: Faults): void {
  if (method === 'tools/call') checkParamHeaders(params, header, faults);
}

/** What a header value may hold as it stands: visible ASCII, space and tab (anything else is Base64-encoded). */
const HEADER_SAFE = /^[\t\x20-\x7e]*$/;

interface HeaderParam {
  /** The x-mcp-header value: the header is `Mcp-Param-<name>`. */
  name: string;
  /** The chain of `properties` keys from the schema root to the annotated property. */
  path: string[];
}

/** The x-mcp-header annotations of an inputSchema, on properties reached through `properties` keys only. */
function headerParams(schema: JsonObject, path: string[] = []): HeaderParam[] {
  const found: HeaderParam[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const [key, property] of Object.entries(properties)) {
    if (!isObject(property)) continue;
    const at = [...path, key];
    const name = property['x-mcp-header'];
    if (typeof name === 'string') found.push({ name, path: at });
    found.push(...headerParams(property, at));
  }
  return found;
}

/** A primitive argument as a header carries it: strings as they are, integers in decimal, booleans in lower case. */
function headerString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/**
 * HTTP tools/call: each annotated argument that is present (and not null) must come with its
 * Mcp-Param-<name> header, made of header-safe characters, equal to the argument once decoded
 * (integers compared as numbers). Absent and null arguments expect no header. Failures are -32020.
 */
function checkParamHeaders(params: JsonObject, header: (name: string) => string | undefined, faults: Faults): void {
  const schema = typeof params.name === 'string' ? toolInputSchema(params.name, faults, 'stateless') : undefined;
  // An unknown tool has nothing to mirror; the call itself reports it.
  if (!schema) return;
  const args = isObject(params.arguments) ? params.arguments : {};
  for (const param of headerParams(schema)) {
    const headerName = `Mcp-Param-${param.name}`;
    // Node hands header names over in lower case; param-header-name-case-sensitive looks for the declared spelling.
    const lookup = faults.has('param-header-name-case-sensitive') ? `mcp-param-${param.name}` : `mcp-param-${param.name.toLowerCase()}`;
    const raw = header(lookup)?.trim();
    let value: unknown = args;
    for (const key of param.path) value = isObject(value) ? value[key] : undefined;
    const where = `arguments.${param.path.join('.')}`;
    if (value === undefined || value === null) {
      if (raw === undefined && faults.has('param-header-expected-when-absent')) throw headerMismatch(`the ${headerName} header is required`, headerName, undefined);
      continue;
    }
    const expected = headerString(value);
    // An argument no header can carry (object, array) is the tool's own argument error.
    if (expected === undefined) continue;
    if (raw === undefined) {
      if (faults.has('param-header-missing-accepted')) continue;
      throw headerMismatch(`the ${headerName} header is required: ${where} is present`, headerName, expected);
    }
    if (!HEADER_SAFE.test(raw) && !faults.has('param-header-invalid-chars-accepted')) {
      throw headerMismatch(`${headerName} holds characters that are not visible ASCII (such values travel as =?base64?...?=)`, headerName, expected);
    }
    const decoded = faults.has('sentinel-not-decoded') ? raw : decodeHeaderValue(raw);
    if (decoded === undefined) throw headerMismatch(`${headerName} is not valid Base64 between =?base64? and ?=`, headerName, expected);
    const numeric = typeof value === 'number' && /^-?\d+(?:\.\d+)?$/.test(decoded);
    const same = numeric ? Number(decoded) === value : decoded === expected;
    if (!same && !faults.has('param-header-mismatch-accepted')) throw headerMismatch(`${headerName} ${raw} does not match ${where}`, headerName, expected);
  }
}

const SENTINEL_PREFIX = '=?base64?';
const SENTINEL_SUFFIX = '?=';
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Header values that are not plain tokens arrive Base64-encoded between `=?base64?` and `?=`. */
function decodeHeaderValue(value: string): string | undefined {
  if (!(value.startsWith(SENTINEL_PREFIX) && value.endsWith(SENTINEL_SUFFIX))) return value;
  const encoded = value.slice(SENTINEL_PREFIX.length, value.length - SENTINEL_SUFFIX.length);
  if (!CANONICAL_BASE64.test(encoded)) return undefined;
  return Buffer.from(encoded, 'base64').toString('utf8');
}

async function run(request: Request, params: JsonObject, req: StatelessRequest, ctx: StatelessContext): Promise<unknown> {
  const { session, emit, signal, afterResult } = ctx;
  const { faults } = session;
  switch (request.method) {
    case 'server/discover':
      if (faults.has('discover-missing-capabilities')) return { supportedVersions: STATELESS_VERSIONS };
      if (faults.has('bad-extension-id')) return { supportedVersions: STATELESS_VERSIONS, capabilities: { ...CAPABILITIES, extensions: { 'bad id': {} } } };
      // task-ext-capability-legacy: the 2025-11-25 tasks capability is declared as well, and its settings leak into the extension's entry.
      if (faults.has('task-ext-capability-legacy')) {
        const legacy = { requests: { tools: { call: {} } } };
        return { supportedVersions: STATELESS_VERSIONS, capabilities: { ...CAPABILITIES, tasks: legacy, extensions: { [TASKS_EXTENSION]: legacy } } };
      }
      return { supportedVersions: STATELESS_VERSIONS, capabilities: CAPABILITIES };

    case 'tools/list': {
      const page = paginate('tools', [...listTools(faults, 'stateless'), ...listTaskExtensionTools(faults)], params.cursor, faults);
      let items = page.items;
      if (faults.has('tools-list-unstable')) {
        // Every other listing (counted by its first page) has each page in reverse order.
        if (params.cursor === undefined) toolListings++;
        if (toolListings % 2 === 0) items = [...items].reverse();
      }
      return { tools: items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }), ...toolsListMeta(faults) };
    }
    case 'tools/call': {
      if (isTaskExtensionTool(params.name)) return callTaskExtensionTool(params.name, params, req, faults, signal);
      const token = isObject(params._meta) ? params._meta.progressToken : undefined;
      const progressToken = typeof token === 'string' || typeof token === 'number' ? token : undefined;
      return callTool(params, { faults, session, emit, progressToken, afterResult, era: 'stateless', signal, request: req });
    }

    case 'resources/list': {
      const page = paginate('resources', varying(listResources(faults, 'stateless'), faults.has('resources-list-varies')), params.cursor, faults);
      return { resources: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'resources/templates/list': {
      const page = paginate('templates', listResourceTemplates(), params.cursor, faults);
      return { resourceTemplates: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'resources/read':
      return readResource(params, faults, 'stateless');

    case 'prompts/list': {
      if (faults.has('prompts-list-error')) throw new RpcError(INTERNAL_ERROR, 'Internal error');
      const page = paginate('prompts', varying(listPrompts(), faults.has('prompts-list-varies')), params.cursor, faults);
      return { prompts: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'prompts/get':
      return getPrompt(params, faults);

    case 'completion/complete':
      // input-required-for-completion: asks for input where only tools, prompts and reads may.
      if (faults.has('input-required-for-completion')) return { resultType: 'input_required', requestState: 'completion-state' };
      return complete(params, faults);

    case 'subscriptions/listen': {
      const filter = params.notifications;
      if (!isObject(filter)) throw invalidParams('params.notifications must be a SubscriptionFilter object');
      // Task status notifications (the tasks extension) need the extension on this request: -32021 otherwise.
      const taskIds = taskSubscription(filter, req, faults);
      ctx.keepOpen?.();
      // Runs until the client cancels; the cancelled request then gets no response at all. listen()
      // acknowledges before it first waits, so task notifications can only follow the acknowledgement.
      const listening = listen(request.id, filter, taskIds ? acknowledgeTaskIds(emit, taskIds) : emit, signal, faults);
      const unwatch = taskIds ? watchTasks(request.id, taskIds, emit, faults) : undefined;
      try {
        await listening;
      } finally {
        unwatch?.();
      }
      return { _meta: { 'io.modelcontextprotocol/subscriptionId': request.id } };
    }

    case 'tasks/get':
    case 'tasks/update':
    case 'tasks/cancel':
      return handleTaskExtensionMethod(request.method, params, req, faults);
    // Methods of the 2025-11-25 tasks that the extension dropped: unknown here, unless task-ext-legacy-methods.
    case 'tasks/result':
    case 'tasks/list':
      if (faults.has('task-ext-legacy-methods')) return handleLegacyTaskMethod(request.method, params, faults);
      throw new RpcError(METHOD_NOT_FOUND, 'Method not found', { method: request.method }, 404);

    // ping, logging/setLevel, resources/(un)subscribe and initialize do not exist on this era
    // (removed-methods-served answers them as the handshake era would).
    case 'ping':
    case 'initialize':
    case 'logging/setLevel':
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      if (faults.has('removed-methods-served')) return {};
      throw new RpcError(METHOD_NOT_FOUND, 'Method not found', { method: request.method }, 404);
    default:
      if (faults.has('unknown-method-internal-error')) throw new RpcError(INTERNAL_ERROR, 'Internal error');
      // HTTP 404 goes with -32601 on this era; unknown-method-status-200 keeps the code but answers 200.
      throw new RpcError(METHOD_NOT_FOUND, 'Method not found', { method: request.method }, faults.has('unknown-method-status-200') ? undefined : 404);
  }
}

let listings = 0;
/** resources-list-varies, prompts-list-varies: every other listing comes in reverse order. */
function varying<T>(items: T[], varies: boolean): T[] {
  return varies && ++listings % 2 === 0 ? [...items].reverse() : items;
}

/** The caching faults that leave one kind of cacheable result without ttlMs and cacheScope. */
function dropsCacheHints(method: string, result: JsonObject, laterPage: boolean, faults: Faults): boolean {
  if (laterPage && faults.has('later-pages-no-cache-hints')) return true;
  if (method === 'prompts/list') return faults.has('prompts-list-no-cache-hints');
  if (method === 'resources/list') return faults.has('resources-list-no-cache-hints');
  if (method === 'resources/templates/list') return faults.has('templates-list-no-cache-hints');
  if (method !== 'resources/read') return false;
  const contents = Array.isArray(result.contents) ? result.contents.filter(isObject) : [];
  if (faults.has('blob-read-no-cache-hints') && contents.some((c) => typeof c.blob === 'string')) return true;
  return faults.has('template-read-no-cache-hints') && contents.some((c) => typeof c.uri === 'string' && c.uri.startsWith('test://template/'));
}

/**
 * Every result: resultType, serverInfo in `_meta`, and cache hints where the method has them.
 * `laterPage`: the request carried a cursor (every page of a list keeps the first page's scope).
 */
function shape(method: string, result: unknown, session: Session, laterPage: boolean, traceparent: unknown): unknown {
  if (!isObject(result)) return result;
  const { faults } = session;
  const resultType = typeof result.resultType === 'string' ? result.resultType : 'complete';
  let scope = resultType === 'complete' && !dropsCacheHints(method, result, laterPage, faults) ? CACHE_SCOPE[method] : undefined;
  // page-scope-varies: pages after the first of a public list say "private".
  if (scope !== undefined && laterPage && faults.has('page-scope-varies')) scope = 'private';
  const withServerInfo = !(method === 'server/discover' && faults.has('discover-missing-server-info'));
  const shaped: JsonObject = {
    resultType,
    ...result,
    ...(scope !== undefined && { ttlMs: TTL_MS, cacheScope: scope }),
  };
  if (withServerInfo) shaped._meta = { ...(isObject(result._meta) ? result._meta : {}), [META.serverInfo]: SERVER_INFO };
  // The trace context travels back with the result; bad-traceparent sends it in upper case, which W3C forbids.
  if (typeof traceparent === 'string') {
    shaped._meta = { ...(isObject(shaped._meta) ? shaped._meta : {}), traceparent: faults.has('bad-traceparent') ? traceparent.toUpperCase() : traceparent };
  }
  // unknown-result-type: a tool result says "finished", a value no core rule or declared extension defines.
  if (method === 'tools/call' && resultType === 'complete' && faults.has('unknown-result-type')) shaped.resultType = 'finished';
  if (faults.has('no-cache-hints')) {
    delete shaped.ttlMs;
    delete shaped.cacheScope;
  }
  if (faults.has('no-result-type')) delete shaped.resultType;
  return shaped;
}
