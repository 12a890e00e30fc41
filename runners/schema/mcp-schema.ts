// Where every wire message gets validated: picks the definition of the vendored MCP schema that a
// message must satisfy (by version, direction, kind and method) and reports violations. Official
// extensions vendored next to a version's schema (the tasks extension of 2026-07-28) add their methods,
// notifications and result types to it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import type { Direction } from '../model.js';
import { SCHEMA_DIR } from '../paths.js';
import { createAjv, dialectOf, summarizeErrors, type SchemaViolation } from './json-schema.js';

interface LoadedSchema {
  version: string;
  digest: string;
  defsKey: 'definitions' | '$defs';
  defs: Record<string, Record<string, unknown>>;
  ajv: Ajv;
  compiled: Map<string, ValidateFunction>;
  /** method name → request/notification definition name, per union (ClientRequest, ServerNotification, …). */
  methods: Map<string, Map<string, string>>;
  /** Every sub-schema object → its JSON pointer, so a violation can name the definition it broke. */
  pointers: WeakMap<object, string>;
  /** Definitions an extension schema provides → the key that schema was added under (core ones are under `mcp`). */
  homes: Map<string, string>;
  /** Result types an extension adds → the definition such a result must satisfy, and the methods it may answer. */
  resultTypes: Map<string, { def: string; methods: string[] }>;
}

/**
 * An official extension whose messages are scored together with a version's own: its schema is
 * vendored as `schema/mcp/<key>/schema.json`, and these tables say which of its definitions apply.
 */
interface ExtensionSchema {
  key: string;
  versions: string[];
  /** Client request method → request definition (its result is the same name with `Result`). */
  requests: Record<string, string>;
  /** Server notification method → notification definition. */
  notifications: Record<string, string>;
  /** resultType value → the result definition, and the request methods such a result may answer. */
  resultTypes: Record<string, { def: string; methods: string[] }>;
}

const EXTENSION_SCHEMAS: ExtensionSchema[] = [
  {
    // io.modelcontextprotocol/tasks: CreateTaskResult answers tools/call; tasks/* and notifications/tasks are its own.
    key: 'ext-tasks',
    versions: ['2026-07-28'],
    requests: { 'tasks/get': 'GetTaskRequest', 'tasks/update': 'UpdateTaskRequest', 'tasks/cancel': 'CancelTaskRequest' },
    notifications: { 'notifications/tasks': 'TaskStatusNotification' },
    resultTypes: { task: { def: 'CreateTaskResult', methods: ['tools/call'] } },
  },
];

function indexPointers(value: unknown, pointer: string, into: WeakMap<object, string>): void {
  if (typeof value !== 'object' || value === null) return;
  into.set(value, pointer);
  for (const [k, v] of Object.entries(value)) indexPointers(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, into);
}

const loaded = new Map<string, LoadedSchema>();

export function schemaPath(version: string): string {
  return join(SCHEMA_DIR, 'mcp', version, 'schema.json');
}

export function hasSchema(version: string): boolean {
  return existsSync(schemaPath(version));
}

function load(version: string): LoadedSchema {
  const cached = loaded.get(version);
  if (cached) return cached;
  const text = readFileSync(schemaPath(version), 'utf8');
  const schema = JSON.parse(text) as Record<string, unknown>;
  const defsKey = schema.$defs ? '$defs' : 'definitions';
  const defs = schema[defsKey] as LoadedSchema['defs'];
  const ajv = createAjv(dialectOf(schema));
  ajv.addSchema(schema, 'mcp');
  const methods = new Map<string, Map<string, string>>();
  for (const union of ['ClientRequest', 'ClientNotification', 'ServerRequest', 'ServerNotification']) {
    const byMethod = new Map<string, string>();
    for (const branch of (defs[union]?.anyOf as { $ref: string }[] | undefined) ?? []) {
      const name = branch.$ref.split('/').pop() ?? '';
      const method = (defs[name]?.properties as Record<string, { const?: string }> | undefined)?.method?.const;
      if (method) byMethod.set(method, name);
    }
    methods.set(union, byMethod);
  }
  const pointers = new WeakMap<object, string>();
  indexPointers(schema, '#', pointers);
  const homes = new Map<string, string>();
  const resultTypes = new Map<string, { def: string; methods: string[] }>();
  for (const ext of EXTENSION_SCHEMAS.filter((e) => e.versions.includes(version))) {
    const extSchema = JSON.parse(readFileSync(join(SCHEMA_DIR, 'mcp', ext.key, 'schema.json'), 'utf8')) as Record<string, unknown>;
    const extDefs = extSchema.$defs as LoadedSchema['defs'];
    ajv.addSchema(extSchema, ext.key);
    indexPointers(extSchema, `${ext.key}#`, pointers);
    const own = (name: string) => {
      if (name in extDefs && !(name in defs)) homes.set(name, ext.key);
    };
    for (const [method, def] of Object.entries(ext.requests)) {
      own(def);
      own(def.replace(/Request$/, 'Result'));
      if (!methods.get('ClientRequest')?.has(method)) methods.get('ClientRequest')?.set(method, def);
    }
    for (const [method, def] of Object.entries(ext.notifications)) {
      own(def);
      if (!methods.get('ServerNotification')?.has(method)) methods.get('ServerNotification')?.set(method, def);
    }
    for (const [kind, target] of Object.entries(ext.resultTypes)) {
      own(target.def);
      resultTypes.set(kind, target);
    }
  }
  const entry: LoadedSchema = {
    homes,
    resultTypes,
    pointers,
    version,
    digest: 'sha256:' + createHash('sha256').update(text).digest('hex'),
    defsKey,
    defs,
    ajv,
    compiled: new Map(),
    methods,
  };
  loaded.set(version, entry);
  return entry;
}

export function schemaDigest(version: string): string {
  return hasSchema(version) ? load(version).digest : 'none';
}

function validator(s: LoadedSchema, def: string): ValidateFunction {
  let v = s.compiled.get(def);
  if (!v) {
    v = s.ajv.compile({ $ref: `${s.homes.get(def) ?? 'mcp'}#/${s.homes.has(def) ? '$defs' : s.defsKey}/${def}` });
    s.compiled.set(def, v);
  }
  return v;
}

/** Whether the version's schema, or an extension scored with it, defines `name`. */
function defines(s: LoadedSchema, name: string): boolean {
  return name in s.defs || s.homes.has(name);
}

function firstExisting(s: LoadedSchema, ...names: string[]): string {
  const found = names.find((n) => n in s.defs);
  if (!found) throw new Error(`schema ${s.version} has none of ${names.join(', ')}`);
  return found;
}

/**
 * The definition a result must satisfy: `XResult` for `XRequest`, unless the result says by its
 * `resultType` that it is another kind (2026-07-28: `input_required` → InputRequiredResult; with the
 * tasks extension, `task` → CreateTaskResult on tools/call).
 */
function resultDefinition(s: LoadedSchema, requestDef: string, result: unknown, method: string): string {
  const kind = typeof result === 'object' && result !== null ? (result as Record<string, unknown>).resultType : undefined;
  if (typeof kind === 'string' && kind !== 'complete') {
    // An extension's result type (tasks: "task" → CreateTaskResult), only on the requests it may answer.
    const added = s.resultTypes.get(kind);
    if (added) {
      if (added.methods.includes(method)) return added.def;
    } else {
      const named = kind.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()) + 'Result';
      if (named in s.defs) return named;
    }
  }
  const resultDef = requestDef.replace(/Request$/, 'Result');
  return defines(s, resultDef) ? resultDef : 'EmptyResult';
}

export interface WireValidation {
  ok: boolean;
  /** The definitions the message was checked against, e.g. `JSONRPCResultResponse + CallToolResult`. */
  definition: string;
  violations: SchemaViolation[];
}

export interface WireContext {
  /** For a response: the method of the request it answers (unknown → only the envelope is checked). */
  answersMethod?: string;
  /** That request carried `params.task` (2025-11-25 tasks): its answer is a CreateTaskResult. */
  taskAugmented?: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Validates one message sent in `direction` ('out' = harness to implementation under test).
 * The harness always plays the client in server suites, so 'in' messages are server messages.
 */
export function validateWireMessage(
  version: string,
  direction: Direction,
  message: unknown,
  ctx: WireContext = {},
): WireValidation {
  const s = load(version);
  const sender = direction === 'in' ? 'Server' : 'Client';
  const receiver = direction === 'in' ? 'Client' : 'Server';
  const checks: [string, unknown, string][] = []; // [definition, instance, path prefix]

  if (!isObject(message)) {
    checks.push(['JSONRPCMessage', message, '']);
  } else if ('method' in message) {
    const isRequest = 'id' in message;
    const union = `${sender}${isRequest ? 'Request' : 'Notification'}`;
    const envelope = isRequest ? 'JSONRPCRequest' : 'JSONRPCNotification';
    checks.push([envelope, message, '']);
    const specific = typeof message.method === 'string' ? s.methods.get(union)?.get(message.method) : undefined;
    if (specific) checks.push([specific, message, '']);
  } else if ('error' in message) {
    if (message.id === null) {
      // JSON-RPC answers unreadable requests with id null, which some versions' envelopes do not admit;
      // score the error object alone.
      const errorDef = s.defs.Error ? 'Error' : undefined;
      if (errorDef) checks.push([errorDef, message.error, '/error']);
      else if (!isObject(message.error) || !Number.isInteger(message.error.code) || typeof message.error.message !== 'string') {
        return {
          ok: false,
          definition: 'JSON-RPC error object',
          violations: [{ path: '/error', rule: 'JSON-RPC 2.0 §5.1', message: 'error needs an integer code and a string message' }],
        };
      }
    } else {
      checks.push([firstExisting(s, 'JSONRPCErrorResponse', 'JSONRPCError'), message, '']);
    }
  } else if ('result' in message) {
    checks.push([firstExisting(s, 'JSONRPCResultResponse', 'JSONRPCResponse'), message, '']);
    const requestDef = ctx.answersMethod ? s.methods.get(`${receiver}Request`)?.get(ctx.answersMethod) : undefined;
    if (requestDef) {
      // A receiver may ignore task metadata (it then answers normally), so the shape decides which definition applies.
      const createsTask = ctx.taskAugmented && isObject(message.result) && 'task' in message.result && 'CreateTaskResult' in s.defs;
      const def = createsTask ? 'CreateTaskResult' : resultDefinition(s, requestDef, message.result, ctx.answersMethod ?? '');
      checks.push([def, message.result, '/result']);
    }
  } else {
    checks.push(['JSONRPCMessage', message, '']);
  }

  const violations: SchemaViolation[] = [];
  for (const [def, instance, prefix] of checks) {
    const validate = validator(s, def);
    if (!validate(instance)) {
      for (const v of summarizeErrors(validate.errors, 3, (o) => s.pointers.get(o))) {
        violations.push({ ...v, path: prefix + (v.path === '/' && prefix ? '' : v.path) });
      }
    }
  }
  return { ok: violations.length === 0, definition: checks.map((c) => c[0]).join(' + '), violations };
}
