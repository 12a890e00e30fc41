// Dotted paths into JSON values, shared by captures, matcher operators and messages.
// Syntax: `result.tools[0].name`, `result.tools[name=test_echo].inputSchema`, `.` for the value itself,
// and `keys()` for an object's keys (`result.inputRequests.keys()[0]`: the first key the server chose).

type Segment = { key: string } | { index: number } | { where: [string, string] } | { keys: true };

export function parsePath(path: string): Segment[] {
  if (path === '.' || path === '') return [];
  const segments: Segment[] = [];
  const re = /(keys\(\)|[^.[\]()]+)|\[(\d+)\]|\[([^=\]]+)=([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(path))) {
    if (m[1] === 'keys()') segments.push({ keys: true });
    else if (m[1] !== undefined) segments.push({ key: m[1] });
    else if (m[2] !== undefined) segments.push({ index: Number(m[2]) });
    else segments.push({ where: [m[3] as string, m[4] as string] });
    consumed += m[0].length;
  }
  const dots = (path.match(/\./g) ?? []).length;
  if (consumed + dots !== path.length) throw new Error(`malformed path '${path}'`);
  return segments;
}

/** The value at `path`, or undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const seg of parsePath(path)) {
    if ('keys' in seg) {
      cur = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? Object.keys(cur) : undefined;
    } else if ('key' in seg) {
      cur = typeof cur === 'object' && cur !== null && !Array.isArray(cur) ? (cur as Record<string, unknown>)[seg.key] : undefined;
    } else if ('index' in seg) {
      cur = Array.isArray(cur) ? cur[seg.index] : undefined;
    } else {
      const [k, v] = seg.where;
      cur = Array.isArray(cur)
        ? cur.find((e) => typeof e === 'object' && e !== null && String((e as Record<string, unknown>)[k]) === v)
        : undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Short JSON for messages: long values are cut so a failure message stays one readable paragraph. */
export function preview(value: unknown, max = 240): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
