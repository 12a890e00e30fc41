// Rules on what servers publish: the schemas of their tools, x-mcp-header annotations, and the
// trace-context values they put in _meta.
import { schemaProblem } from '../../schema/json-schema.js';
import { versionAtLeast } from '../../versions.js';
import { danglingLocalRefs } from './local-refs.js';
import { refs, type TranscriptRule } from './rule.js';
import { isRecord, isResponse, type Item, type Rec, type TranscriptView } from './view.js';

/** The tools of every tools/list result the server sent. */
function listedTools(view: TranscriptView): { item: Item; tool: Rec; index: number }[] {
  return view.fromServer
    .filter((i) => isResponse(i.m) && view.requestFor(i)?.m.method === 'tools/list' && isRecord(i.m.result))
    .flatMap((item) => {
      const tools = (item.m.result as Rec).tools;
      return Array.isArray(tools) ? tools.filter(isRecord).map((tool, index) => ({ item, tool, index })) : [];
    });
}

export const PUBLISHED_SCHEMAS_VALID: TranscriptRule = {
  id: 'tools.published-schemas-valid',
  title: "Every tool's inputSchema and outputSchema is a valid schema of its declared dialect (JSON Schema 2020-12 when none is declared), whose local $refs resolve",
  level: 'MUST',
  spec: refs({ '2025-11-25': ['BASE-015', 'BASE-012'], '2026-07-28': ['BASE-033', 'BASE-028'] }),
  noun: 'invalid published schema(s)',
  judge(view: TranscriptView) {
    // Before 2025-11-25 the spec named no default dialect.
    if (!versionAtLeast(view.version, '2025-11-25')) return undefined;
    const tools = listedTools(view);
    if (tools.length === 0) return undefined;
    const problems: string[] = [];
    for (const { item, tool, index } of tools) {
      for (const key of ['inputSchema', 'outputSchema'] as const) {
        if (tool[key] === undefined) continue;
        // A schema the meta-schema accepts may still name a definition it lacks: no validator can use it.
        const problem = schemaProblem(tool[key]) ?? danglingLocalRefs(tool[key])[0];
        if (problem) problems.push(`${view.describe(item)}: tools[${index}] (${String(tool.name)}) ${key}: ${problem}`);
      }
    }
    return problems;
  },
};

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_TYPES = new Set(['string', 'integer', 'boolean']);

/** Every x-mcp-header annotation in a schema, with its path and whether only `properties` keys lead to it. */
function annotations(schema: unknown, path: string[] = [], out: { path: string[]; owner: Rec }[] = []): { path: string[]; owner: Rec }[] {
  if (Array.isArray(schema)) schema.forEach((s, i) => annotations(s, [...path, String(i)], out));
  else if (isRecord(schema)) {
    if ('x-mcp-header' in schema) out.push({ path, owner: schema });
    for (const [k, v] of Object.entries(schema)) annotations(v, [...path, k], out);
  }
  return out;
}

function onPropertiesChain(path: string[]): boolean {
  if (path.length === 0 || path.length % 2 !== 0) return false;
  return path.every((p, i) => i % 2 === 1 || p === 'properties');
}

export const X_MCP_HEADER_VALID: TranscriptRule = {
  id: 'tools.x-mcp-header-valid',
  title: 'x-mcp-header annotations are non-empty, unique HTTP tokens on string, integer or boolean properties reached only through properties',
  level: 'MUST',
  spec: refs({ '2026-07-28': ['HTTP-032', 'HTTP-033'] }),
  noun: 'invalid x-mcp-header annotation(s)',
  judge(view: TranscriptView) {
    if (!view.stateless) return undefined;
    const annotated = listedTools(view).map((t) => ({ ...t, found: annotations(t.tool.inputSchema) })).filter((t) => t.found.length > 0);
    if (annotated.length === 0) return undefined;
    const problems: string[] = [];
    for (const { item, tool, found } of annotated) {
      const where = (p: string[]) => `${view.describe(item)}: tool ${String(tool.name)} at /${p.join('/')}`;
      const names = new Map<string, string>();
      for (const { path, owner } of found) {
        const name = owner['x-mcp-header'];
        if (typeof name !== 'string' || !TOKEN.test(name)) {
          problems.push(`${where(path)}: ${JSON.stringify(name)} is not a non-empty HTTP token`);
          continue;
        }
        const prior = names.get(name.toLowerCase());
        if (prior !== undefined) problems.push(`${where(path)}: ${JSON.stringify(name)} repeats ${JSON.stringify(prior)} (names compare case-insensitively)`);
        names.set(name.toLowerCase(), name);
        if (!onPropertiesChain(path)) problems.push(`${where(path)}: only properties reached through a chain of "properties" keys may be annotated`);
        if (typeof owner.type !== 'string' || !HEADER_TYPES.has(owner.type)) problems.push(`${where(path)}: annotates a property of type ${JSON.stringify(owner.type)}; only string, integer and boolean may be`);
      }
    }
    return problems;
  },
};

// W3C Trace Context level 1 and W3C Baggage.
const TRACEPARENT = /^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACESTATE_MEMBER = /^(?:[a-z0-9][_0-9a-z\-*/]{0,255}|[a-z0-9][_0-9a-z\-*/]{0,240}@[a-z][_0-9a-z\-*/]{0,13})=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;
const BAGGAGE_MEMBER = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*=\s*[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*\s*(?:;.*)?$/;

function traceProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${key} is not a string`;
  if (key === 'traceparent') return TRACEPARENT.test(value) ? undefined : `traceparent ${JSON.stringify(value)} is not version-traceid-parentid-flags in lower-case hex`;
  const members = value.split(',').map((m) => m.trim()).filter((m) => m !== '');
  if (key === 'tracestate') {
    if (members.length > 32) return `tracestate has ${members.length} members (at most 32)`;
    const bad = members.find((m) => !TRACESTATE_MEMBER.test(m));
    return bad === undefined ? undefined : `tracestate member ${JSON.stringify(bad)} is not key=value`;
  }
  const bad = members.find((m) => !BAGGAGE_MEMBER.test(m));
  return bad === undefined ? undefined : `baggage member ${JSON.stringify(bad)} is not key=value with percent-encoded value`;
}

const TRACE_KEYS = ['traceparent', 'tracestate', 'baggage'];

function traceValues(value: unknown, path: string, out: { path: string; key: string; value: unknown }[]): void {
  if (Array.isArray(value)) value.forEach((v, i) => traceValues(v, `${path}/${i}`, out));
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '_meta' && isRecord(v)) for (const t of TRACE_KEYS) if (t in v) out.push({ path: `${path}/_meta`, key: t, value: v[t] });
      traceValues(v, `${path}/${k}`, out);
    }
  }
}

export const TRACE_CONTEXT_FORMAT: TranscriptRule = {
  id: 'wire.trace-context-format',
  title: 'traceparent, tracestate and baggage in _meta follow the W3C Trace Context and Baggage formats',
  level: 'MUST',
  spec: refs({ '2026-07-28': ['BASE-050'] }),
  noun: 'malformed trace-context value(s)',
  judge(view: TranscriptView) {
    if (!view.stateless) return undefined;
    const found = view.fromServer.flatMap((item) => {
      const out: { path: string; key: string; value: unknown }[] = [];
      traceValues(item.m, '', out);
      return out.map((f) => ({ ...f, item }));
    });
    if (found.length === 0) return undefined;
    return found.flatMap(({ item, path, key, value }) => {
      const problem = traceProblem(key, value);
      return problem ? [`${view.describe(item)} at ${path}: ${problem}`] : [];
    });
  },
};
