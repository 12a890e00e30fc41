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
import type { StatelessRequest } from './mrtr.js';
import { paginate } from './pagination.js';
import { isLogLevel, type Emit, type LogLevel, type Session } from './session.js';
import { listen } from './subscriptions.js';

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
const NAME_PARAM: Record<string, string> = { 'tools/call': 'name', 'prompts/get': 'name', 'resources/read': 'uri' };

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
  const result = await run(request, params, req, ctx);
  return shape(request.method, result, ctx.session, params.cursor !== undefined);
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

/** HTTP: MCP-Protocol-Version, Mcp-Method and (for three methods) Mcp-Name must mirror the body. */
function checkHeaders(method: string, params: JsonObject, metaVersion: string | undefined, header: (name: string) => string | undefined, ctx: StatelessContext): void {
  const { faults } = ctx.session;
  // Without a version in _meta (meta-optional) there is nothing for the header to mirror.
  if (metaVersion !== undefined && !faults.has('header-mismatch-ignored')) {
    const value = header('mcp-protocol-version')?.trim();
    if (value === undefined) throw headerMismatch('the MCP-Protocol-Version header is required', 'MCP-Protocol-Version', metaVersion);
    if (value !== metaVersion) throw headerMismatch(`MCP-Protocol-Version ${value} does not match _meta protocolVersion ${metaVersion}`, 'MCP-Protocol-Version', metaVersion);
  }
  if (!faults.has('method-header-ignored')) {
    const value = header('mcp-method')?.trim();
    if (value === undefined) throw headerMismatch('the Mcp-Method header is required', 'Mcp-Method', method);
    if (value !== method) throw headerMismatch(`Mcp-Method ${value} does not match the method ${method}`, 'Mcp-Method', method);
  }
  const field = NAME_PARAM[method];
  const bodyValue = field === undefined ? undefined : params[field];
  // A call without a name is malformed; the method itself reports that as -32602.
  if (field !== undefined && typeof bodyValue === 'string') {
    const value = header('mcp-name')?.trim();
    if (value === undefined) throw headerMismatch('the Mcp-Name header is required', 'Mcp-Name', bodyValue);
    if (decodeHeaderValue(value) !== bodyValue) throw headerMismatch(`Mcp-Name ${value} does not match params.${field}`, 'Mcp-Name', bodyValue);
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
      return { supportedVersions: STATELESS_VERSIONS, capabilities: CAPABILITIES };

    case 'tools/list': {
      const page = paginate('tools', listTools(faults, 'stateless'), params.cursor, faults);
      let items = page.items;
      if (faults.has('tools-list-unstable')) {
        // Every other listing (counted by its first page) has each page in reverse order.
        if (params.cursor === undefined) toolListings++;
        if (toolListings % 2 === 0) items = [...items].reverse();
      }
      return { tools: items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }), ...toolsListMeta(faults) };
    }
    case 'tools/call': {
      const token = isObject(params._meta) ? params._meta.progressToken : undefined;
      const progressToken = typeof token === 'string' || typeof token === 'number' ? token : undefined;
      return callTool(params, { faults, session, emit, progressToken, afterResult, era: 'stateless', signal, request: req });
    }

    case 'resources/list': {
      const page = paginate('resources', listResources(faults, 'stateless'), params.cursor, faults);
      return { resources: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'resources/templates/list': {
      const page = paginate('templates', listResourceTemplates(), params.cursor, faults);
      return { resourceTemplates: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'resources/read':
      return readResource(params, faults, 'stateless');

    case 'prompts/list': {
      const page = paginate('prompts', listPrompts(), params.cursor, faults);
      return { prompts: page.items, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    }
    case 'prompts/get':
      return getPrompt(params, faults);

    case 'completion/complete':
      return complete(params, faults);

    case 'subscriptions/listen': {
      const filter = params.notifications;
      if (!isObject(filter)) throw invalidParams('params.notifications must be a SubscriptionFilter object');
      ctx.keepOpen?.();
      // Runs until the client cancels; the cancelled request then gets no response at all.
      await listen(request.id, filter, emit, signal, faults);
      return { _meta: { 'io.modelcontextprotocol/subscriptionId': request.id } };
    }

    // ping, logging/setLevel, resources/(un)subscribe and initialize do not exist on this era.
    default:
      if (faults.has('unknown-method-internal-error')) throw new RpcError(INTERNAL_ERROR, 'Internal error');
      // HTTP 404 goes with -32601 on this era; unknown-method-status-200 keeps the code but answers 200.
      throw new RpcError(METHOD_NOT_FOUND, 'Method not found', { method: request.method }, faults.has('unknown-method-status-200') ? undefined : 404);
  }
}

/**
 * Every result: resultType, serverInfo in `_meta`, and cache hints where the method has them.
 * `laterPage`: the request carried a cursor (every page of a list keeps the first page's scope).
 */
function shape(method: string, result: unknown, session: Session, laterPage: boolean): unknown {
  if (!isObject(result)) return result;
  const { faults } = session;
  const resultType = typeof result.resultType === 'string' ? result.resultType : 'complete';
  let scope = resultType === 'complete' ? CACHE_SCOPE[method] : undefined;
  // page-scope-varies: pages after the first of a public list say "private".
  if (scope !== undefined && laterPage && faults.has('page-scope-varies')) scope = 'private';
  const withServerInfo = !(method === 'server/discover' && faults.has('discover-missing-server-info'));
  const shaped: JsonObject = {
    resultType,
    ...result,
    ...(scope !== undefined && { ttlMs: TTL_MS, cacheScope: scope }),
  };
  if (withServerInfo) shaped._meta = { ...(isObject(result._meta) ? result._meta : {}), [META.serverInfo]: SERVER_INFO };
  if (faults.has('no-cache-hints')) {
    delete shaped.ttlMs;
    delete shaped.cacheScope;
  }
  if (faults.has('no-result-type')) delete shaped.resultType;
  return shaped;
}
