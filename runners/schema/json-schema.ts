// One place that builds JSON Schema validators: the MCP schemas (draft-07 and 2020-12 files) and
// schemas met at run time (a tool's outputSchema). ajv is configured the same way for all of them.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// RFC 3986: a scheme, a colon, then anything without whitespace; precise enough to catch "not a URI".
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

export const FORMATS: Record<string, RegExp> = {
  byte: BASE64,
  uri: URI,
  'uri-template': /^[^\s]*$/,
};

export type Dialect = 'draft-07' | '2020-12';

export function dialectOf(schema: { $schema?: unknown }): Dialect {
  return typeof schema.$schema === 'string' && schema.$schema.includes('draft-07') ? 'draft-07' : '2020-12';
}

export function createAjv(dialect: Dialect): Ajv {
  const options = {
    strict: false,
    allErrors: true,
    allowUnionTypes: true,
    logger: false as const,
    verbose: true,
    // Schemas met at run time may be written by anyone: never fetch remote references.
    loadSchema: undefined,
  };
  const ajv = dialect === 'draft-07' ? new Ajv(options) : new Ajv2020(options);
  for (const [name, pattern] of Object.entries(FORMATS)) ajv.addFormat(name, pattern);
  return ajv;
}

const runtimeAjv: Partial<Record<Dialect, Ajv>> = {};
const runtimeCache = new Map<string, ValidateFunction | Error>();

/** Compiles a schema found on the wire (cached by its text); a schema that does not compile is returned as an Error. */
export function compileRuntimeSchema(schema: unknown): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  const cached = runtimeCache.get(key);
  if (cached) return cached;
  let compiled: ValidateFunction | Error;
  try {
    if (typeof schema !== 'object' || schema === null) throw new Error('a schema must be an object');
    const dialect = dialectOf(schema as { $schema?: unknown });
    const ajv = (runtimeAjv[dialect] ??= createAjv(dialect));
    // $id would collide across cached compilations; the text is the identity here.
    const { $id: _ignored, ...rest } = schema as Record<string, unknown>;
    compiled = ajv.compile(rest);
  } catch (e) {
    compiled = e instanceof Error ? e : new Error(String(e));
  }
  runtimeCache.set(key, compiled);
  return compiled;
}

const KNOWN_DIALECTS = [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/];

/**
 * Why a published schema is not valid under its declared dialect (2020-12 when none), or undefined
 * when it is, or when it declares a dialect this harness cannot judge. References are not followed.
 */
export function schemaProblem(schema: unknown): string | undefined {
  if (typeof schema === 'boolean') return undefined;
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return `a schema must be an object or a boolean, not ${Array.isArray(schema) ? 'an array' : typeof schema}`;
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared !== undefined && (typeof declared !== 'string' || !KNOWN_DIALECTS.some((d) => d.test(declared)))) return undefined;
  const dialect = dialectOf(schema as { $schema?: unknown });
  const ajv = (runtimeAjv[dialect] ??= createAjv(dialect));
  if (ajv.validateSchema(schema) === true) return undefined;
  return (ajv.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`).join('; ') || 'not a valid schema';
}

export interface SchemaViolation {
  /** JSON pointer into the instance, e.g. /result/content/0/text. */
  path: string;
  /** JSON pointer into the schema, naming the rule, e.g. #/$defs/TextContent/required. */
  rule: string;
  message: string;
}

/**
 * ajv reports every failing branch of a union. A branch whose discriminator (`type` or `method`
 * const) differs from the instance's is not what the sender meant, so its errors are dropped; of
 * the rest keep the errors that got furthest into the instance. Needs ajv's `verbose` errors.
 */
export function summarizeErrors(
  errors: ErrorObject[] | null | undefined,
  max = 3,
  /** Names where a sub-schema lives (e.g. `#/$defs/TextContent`), for rules that say which definition failed. */
  locateSchema?: (schema: object) => string | undefined,
): SchemaViolation[] {
  if (!errors?.length) return [];
  const discriminatorOf = (schema: unknown): unknown => {
    const props = (schema as { properties?: Record<string, { const?: unknown }> } | undefined)?.properties;
    return props?.type?.const ?? props?.method?.const;
  };
  const wrongBranch = (e: ErrorObject): boolean => {
    if ((e.keyword === 'const' || e.keyword === 'enum') && /\/(type|method)$/.test(e.instancePath)) return true;
    const d = discriminatorOf(e.parentSchema);
    const data = e.data as Record<string, unknown> | undefined;
    return d !== undefined && typeof data === 'object' && data !== null && data.type !== d && data.method !== d;
  };
  const meant = errors.filter((e) => !wrongBranch(e));
  const concrete = meant.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const pool = concrete.length ? concrete : meant.length ? meant : errors;
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const deepest = Math.max(...pool.map(depth));
  const picked = pool.filter((e) => depth(e) === deepest);
  const seen = new Set<string>();
  const out: SchemaViolation[] = [];
  for (const e of picked) {
    const message = describe(e);
    const key = `${e.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const home = e.parentSchema && locateSchema ? locateSchema(e.parentSchema) : undefined;
    out.push({ path: e.instancePath || '/', rule: home ? `${home}/${e.keyword}` : e.schemaPath, message });
    if (out.length >= max) break;
  }
  return out;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing required property '${String(p.missingProperty)}'`;
    case 'additionalProperties':
      return `unexpected property '${String(p.additionalProperty)}'`;
    case 'const':
      return `must equal ${JSON.stringify(p.allowedValue)}`;
    case 'enum':
      return `must be one of ${JSON.stringify(p.allowedValues)}`;
    default:
      return e.message ?? e.keyword;
  }
}

export function formatViolations(violations: SchemaViolation[]): string {
  return violations.map((v) => `at ${v.path}: ${v.message} (rule ${v.rule})`).join('; ');
}
