// YAML files with positions: parse errors and schema errors both come out as `file:line:col`.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { ROOT } from '../paths.js';

export interface YamlSource {
  file: string;
  doc: Document;
  lines: LineCounter;
  value: unknown;
}

/** A path as short as it can be while still leading to the file from where the user stands. */
export function displayPath(file: string): string {
  const fromCwd = relative(process.cwd(), file);
  if (!fromCwd.startsWith('..')) return fromCwd;
  const fromRoot = relative(ROOT, file);
  return fromRoot.startsWith('..') ? file : fromRoot;
}

/** Parses a YAML file; returns problems (with positions) instead of throwing. */
export function readYaml(file: string): { source?: YamlSource; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { problems: [`${displayPath(file)}: cannot read: ${(e as Error).message}`] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${displayPath(file)}:${pos?.line ?? 1}:${pos?.col ?? 1}: malformed YAML: ${e.message.split('\n')[0]}`;
      }),
    };
  }
  return { source: { file, doc, lines, value: doc.toJS() }, problems: [] };
}

/** `file:line:col` of the value at a JSON pointer (or of its nearest existing ancestor). */
export function locate(source: YamlSource, pointer: string | (string | number)[]): string {
  const path = typeof pointer === 'string' ? pointerToPath(pointer) : pointer;
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? source.doc.contents : source.doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      const { line, col } = source.lines.linePos(node.range[0]);
      return `${displayPath(source.file)}:${line}:${col}`;
    }
  }
  return `${displayPath(source.file)}:1:1`;
}

export function lineOf(source: YamlSource, path: (string | number)[]): number {
  const node = source.doc.getIn(path, true);
  return isNode(node) && node.range ? source.lines.linePos(node.range[0]).line : 1;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
