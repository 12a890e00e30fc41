// Fixtures shared by the report tests: records, a summary, a hostile string, an XML well-formedness check.
import type { RunRecord } from '../runners/model.js';
import { summarize } from './summary.js';

/** Markup, quotes, an ampersand, C0 controls, a CDATA end, a non-character and a lone surrogate. */
export const HOSTILE = 'a<script>alert("x")</script> & \'q\' \u0000\u0007\u001b[31m ]]> \uFFFE \uD800 end';

export function record(o: Partial<RunRecord> = {}): RunRecord {
  return {
    harness: { name: 'mcp-conform', version: '0.1.0' },
    runId: 'run-1',
    adapter: 'typescript',
    scenario: 'server.tools.list',
    check: 'tools.list-result',
    title: 'tools/list returns tools',
    verdict: 'pass',
    level: 'MUST',
    transport: 'stdio',
    specVersion: '2025-11-25',
    era: 'handshake',
    message: 'ok',
    spec: [],
    schemaDigest: 'x',
    durationMs: 1500,
    ...o,
  };
}

export function summaryOf(records: RunRecord[]) {
  return summarize(records, { runId: 'run-1', adapter: 'typescript', target: 'adapter typescript', startedAt: Date.now() - 2000, planned: 1, done: 1, interrupted: false });
}

/**
 * A small well-formedness check for the XML subset the reports use: a declaration, elements with
 * double-quoted attributes, text, and the five entities or numeric references. Throws on the first fault.
 */
export function assertWellFormed(xml: string): void {
  if (/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(xml)) throw new Error('illegal character');
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let roots = 0;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    m = token.exec(body);
    if (!m) throw new Error(`malformed markup at ${at}: ${body.slice(at, at + 40)}`);
    at = token.lastIndex;
    const [, close, name, attrs, selfClose, text] = m;
    const refs = (s: string) => {
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad reference in ${s.slice(0, 40)}`);
    };
    if (text !== undefined) {
      if (stack.length === 0 && text.trim()) throw new Error('text outside the root');
      if (text.includes(']]>')) throw new Error(']]> in text');
      refs(text);
      continue;
    }
    if (attrs) {
      refs(attrs);
      const names = [...attrs.matchAll(/([A-Za-z_][\w.-]*)=/g)].map((a) => a[1]);
      if (new Set(names).size !== names.length) throw new Error(`duplicate attribute on ${name}`);
    }
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClose) stack.push(name as string);
    }
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  if (roots !== 1) throw new Error(`${roots} root elements`);
}
