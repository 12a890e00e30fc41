// Local references of a JSON Schema ("#/$defs/x", "#anchor") that lead nowhere. A meta-schema check
// accepts any URI-reference as $ref, so a schema whose $ref names a missing definition passes it, yet
// no validator can compile it. References to other documents are left alone: whether they resolve
// depends on what a validator may fetch (2026-07-28 BASE-034), not on the schema.

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keywords whose values are data, not subschemas: a "$ref" member in them is not a reference. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
const REF_KEYWORDS = ['$ref', '$dynamicRef'] as const;

/** One problem per local $ref that does not resolve within its schema resource, e.g. `/properties/a: $ref "#/$defs/x" resolves to nothing`. */
export function danglingLocalRefs(schema: unknown): string[] {
  const problems: string[] = [];
  walk(schema, schema, '', problems);
  return problems;
}

function walk(node: unknown, resource: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) return node.forEach((item, i) => walk(item, resource, `${path}/${i}`, problems));
  if (!isRecord(node)) return;
  // A subschema with an $id of its own (not a draft-07 "#anchor") is a new resource: "#..." is relative to it.
  const own = typeof node.$id === 'string' && !node.$id.startsWith('#') && node !== resource ? node : resource;
  for (const keyword of REF_KEYWORDS) {
    const ref = node[keyword];
    if (typeof ref === 'string' && ref.startsWith('#') && !resolves(ref.slice(1), own)) {
      problems.push(`${path || '/'}: ${keyword} ${JSON.stringify(ref)} resolves to nothing in the schema`);
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (!DATA_KEYWORDS.has(key)) walk(value, own, `${path}/${escape(key)}`, problems);
  }
}

/** Whether a fragment (without its "#") names a subschema of the resource: a JSON pointer or an anchor. */
function resolves(fragment: string, resource: unknown): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(fragment);
  } catch {
    return false;
  }
  if (decoded === '') return true;
  if (decoded.startsWith('/')) return isSchema(pointer(resource, decoded));
  return hasAnchor(resource, decoded, resource);
}

function pointer(root: unknown, path: string): unknown {
  let node = root;
  for (const raw of path.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node) && /^(0|[1-9]\d*)$/.test(token)) node = node[Number(token)];
    else if (isRecord(node) && Object.hasOwn(node, token)) node = node[token];
    else return undefined;
  }
  return node;
}

const isSchema = (v: unknown): boolean => typeof v === 'boolean' || isRecord(v);

/** An $anchor or $dynamicAnchor (2020-12), or an "$id": "#name" (draft-07), inside this resource. */
function hasAnchor(node: unknown, name: string, resource: unknown): boolean {
  if (Array.isArray(node)) return node.some((item) => hasAnchor(item, name, resource));
  if (!isRecord(node)) return false;
  if (node !== resource && typeof node.$id === 'string' && !node.$id.startsWith('#')) return false;
  if (node.$anchor === name || node.$dynamicAnchor === name || node.$id === `#${name}`) return true;
  return Object.entries(node).some(([key, value]) => !DATA_KEYWORDS.has(key) && hasAnchor(value, name, resource));
}

const escape = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
