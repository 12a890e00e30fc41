// A tool result's structuredContent checked against the outputSchema the tool listed: a mismatch fails
// the call. A schema without $schema is JSON Schema 2020-12, one naming draft-07 is read as draft-07, and
// any other dialect is refused with an error. References are never fetched from the network.
import { Ajv, type AnySchemaObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ClientFaults } from './faults.js';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

type Dialect = 'draft-07' | '2020-12';

const DIALECTS: [RegExp, Dialect][] = [
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, 'draft-07'],
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, '2020-12'],
];

export class OutputSchemas {
  private readonly schemas = new Map<string, JsonObject>();

  constructor(private readonly faults: ClientFaults) {}

  /** Remembers the outputSchema of each listed tool. */
  learn(tools: unknown[]): void {
    for (const tool of tools) {
      if (!isObject(tool) || typeof tool.name !== 'string') continue;
      if (isObject(tool.outputSchema)) this.schemas.set(tool.name, tool.outputSchema);
      else this.schemas.delete(tool.name);
    }
  }

  /** Throws when the result's structuredContent does not fit the tool's outputSchema (error results are not checked). */
  async check(name: string, result: unknown): Promise<void> {
    // structured-content-unvalidated: whatever the server says is handed over as it is.
    if (this.faults.has('structured-content-unvalidated')) return;
    const schema = this.schemas.get(name);
    if (schema === undefined || !isObject(result) || result.isError === true || !('structuredContent' in result)) return;
    const validate = await this.compile(name, schema);
    if (!validate(result.structuredContent)) {
      const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
      throw new Error(`tool ${name}: structuredContent does not match its outputSchema: ${problems.join('; ')}`);
    }
  }

  private dialect(name: string, schema: JsonObject): Dialect {
    const declared = schema.$schema;
    // output-schema-draft-07: a schema that names no dialect is read as draft-07 (prefixItems means nothing there).
    if (declared === undefined) return this.faults.has('output-schema-draft-07') ? 'draft-07' : '2020-12';
    // dialect-ignored: whatever $schema says, the schema is read as 2020-12.
    if (this.faults.has('dialect-ignored')) return '2020-12';
    const known = DIALECTS.find(([pattern]) => typeof declared === 'string' && pattern.test(declared));
    if (known === undefined) throw new Error(`tool ${name}: the outputSchema's dialect ${JSON.stringify(declared)} is unsupported (this client reads 2020-12 and draft-07)`);
    return known[1];
  }

  private async compile(name: string, schema: JsonObject): Promise<ValidateFunction> {
    const dialect = this.dialect(name, schema);
    // fetches-network-refs: http(s) references are fetched and followed.
    const fetching = this.faults.has('fetches-network-refs');
    const options = { strict: false, allErrors: true, logger: false as const, ...(fetching && { loadSchema: fetchSchema }) };
    const ajv = dialect === 'draft-07' ? new Ajv(options) : new Ajv2020(options);
    // The dialect is settled above; $schema would only make ajv look for a meta-schema it may not have.
    const { $schema: _dialect, ...settled } = schema;
    // local-refs-unresolved: a $ref is never followed, so the subschema holding it accepts anything.
    const body = this.faults.has('local-refs-unresolved') ? (withoutRefs(settled) as JsonObject) : settled;
    try {
      return fetching ? await ajv.compileAsync(body) : ajv.compile(body);
    } catch (e) {
      throw new Error(`tool ${name}: its outputSchema cannot be used: ${(e as Error).message}`);
    }
  }
}

/** A copy of a schema with every $ref member left out. */
function withoutRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRefs);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '$ref').map(([key, v]) => [key, withoutRefs(v)]));
}

async function fetchSchema(uri: string): Promise<AnySchemaObject> {
  if (!/^https?:/.test(uri)) throw new Error(`cannot load ${uri}`);
  const response = await fetch(uri, { signal: AbortSignal.timeout(5000) });
  return (await response.json()) as AnySchemaObject;
}
