// The stateless era's request headers over Streamable HTTP that mirror the body (2026-07-28): Mcp-Name,
// and Mcp-Param-{Name} for the tool arguments annotated with x-mcp-header. Values that are not plain
// header-safe ASCII travel as =?base64?…?=.
import type { ClientFaults } from './faults.js';

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An x-mcp-header annotation: the header is Mcp-Param-<name>, the value at `path` in the arguments. */
export interface HeaderParam {
  name: string;
  path: string[];
}

/** Visible ASCII, inner spaces allowed: such a value goes as it is. */
const HEADER_PLAIN = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;
/** A value that already looks encoded must be encoded itself, or it would be decoded on arrival. */
const SENTINEL = /^=\?base64\?.*\?=$/i;
/** RFC 9110 token characters: what a header name may be made of. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** The property types an x-mcp-header may annotate. */
const HEADER_TYPES = ['string', 'integer', 'boolean'];

/** A header value as it travels: plain visible ASCII as is, anything else (and sentinel look-alikes) as =?base64?…?=. */
export function encodeHeaderValue(value: string, sentinelPlain = false): string {
  if (HEADER_PLAIN.test(value) && (sentinelPlain || !SENTINEL.test(value))) return value;
  return `=?base64?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** The Mcp-Name value of a tools/call, resources/read or prompts/get. */
export function nameHeader(name: string, faults: ClientFaults): string {
  // name-header-unencoded: the name goes out exactly as it is, non-ASCII and all.
  return faults.has('name-header-unencoded') ? name : encodeHeaderValue(name);
}

/**
 * The x-mcp-header annotations of a tool's input schema, and what breaks the rules: a header name must be
 * a non-empty token, unique whatever its case (HTTP-032), on a string, integer or boolean property
 * reached from the root through `properties` alone (HTTP-033).
 */
export function headerParams(schema: JsonObject): { params: HeaderParam[]; problems: string[] } {
  const params: HeaderParam[] = [];
  const problems: string[] = [];
  const walk = (node: unknown, path: string[], reachable: boolean): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, path, false));
    if (!isObject(node)) return;
    if ('x-mcp-header' in node) {
      const name = node['x-mcp-header'];
      const where = path.length > 0 ? path.join('.') : '(root)';
      if (typeof name !== 'string' || !TOKEN.test(name)) problems.push(`${where}: header name ${JSON.stringify(name)} is not an HTTP token`);
      else if (path.length === 0 || !reachable) problems.push(`${where}: x-mcp-header is not on a property reached through properties`);
      else if (!headerType(node.type)) problems.push(`${where}: x-mcp-header on a property of type ${JSON.stringify(node.type)}`);
      else if (params.some((p) => p.name.toLowerCase() === name.toLowerCase())) problems.push(`${where}: header name ${name} is used twice`);
      else params.push({ name, path });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && isObject(value)) for (const [property, sub] of Object.entries(value)) walk(sub, [...path, property], reachable);
      else walk(value, path, false);
    }
  };
  walk(schema, [], true);
  return { params, problems };
}

/** A string, integer or boolean type; a nullable one (["string", "null"]) too, since null only leaves the header out. */
function headerType(type: unknown): boolean {
  const types = Array.isArray(type) ? type.filter((t) => t !== 'null') : [type];
  return types.length > 0 && types.every((t) => typeof t === 'string' && HEADER_TYPES.includes(t));
}

/** The Mcp-Param-* headers of a tools/call; an absent or null argument gets none. */
export function paramHeaders(params: HeaderParam[], args: JsonObject, faults: ClientFaults): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const param of params) {
    let value: unknown = args;
    for (const k of param.path) value = isObject(value) ? value[k] : undefined;
    // param-header-null-sent: a null argument is sent as the text "null" instead of leaving the header out.
    if (value === null && faults.has('param-header-null-sent')) value = 'null';
    const text = typeof value === 'string' ? value : (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' ? String(value) : undefined;
    if (text === undefined) continue;
    headers[`mcp-param-${param.name.toLowerCase()}`] = paramValue(text, faults);
  }
  return headers;
}

function paramValue(text: string, faults: ClientFaults): string {
  // param-header-unencoded: no base64 at all; surrounding whitespace is trimmed and non-ASCII percent-encoded.
  if (faults.has('param-header-unencoded')) return text.trim().replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
  // param-header-sentinel-plain: a value that looks like the sentinel goes as it is.
  return encodeHeaderValue(text, faults.has('param-header-sentinel-plain'));
}
