// Expectation matching. A pattern is JSON: scalars match by strict equality (7 ≠ "7"), objects match
// when every key of the pattern matches (extra keys in the value are fine), arrays match element by
// element with the same length. Keys starting with `$` are operators, documented in OPERATORS.
import { isDeepStrictEqual } from 'node:util';
import { compileRuntimeSchema, formatViolations, summarizeErrors } from '../schema/json-schema.js';
import { getPath, preview } from './path.js';

export interface Mismatch {
  /** Where in the subject, e.g. `result.content[0].text`. */
  at: string;
  problem: string;
}

export const OPERATORS = {
  $exists: 'true: the key is present; false: the key is absent',
  $type: 'JSON type name or list: string, number, integer, boolean, object, array, null',
  $exact: 'deep equality, no extra keys allowed',
  $in: 'deep-equals one of the listed values',
  $match: 'string matching a regular expression',
  $includes: 'string containing a substring',
  $not: 'the pattern must not match',
  $anyOf: 'at least one of the patterns matches',
  $allOf: 'every pattern matches',
  $where: 'array: keep only elements matching the pattern before the other array operators apply',
  $contains: 'array: some element matches',
  $each: 'array: every element matches',
  $first: 'array: the first element matches',
  $prefix: 'array: begins with elements matching these patterns, in order',
  $length: 'array or string length equals',
  $minItems: 'array has at least n elements',
  $maxItems: 'array has at most n elements',
  $uniqueBy: "array: the values at this path ('.' for the element) are all different",
  $increasing: "array: the numbers at this path ('.' for the element) strictly increase",
  $json: 'string that parses as JSON matching the pattern',
  $schema: 'value valid against the given JSON Schema',
  $base64: 'string of valid base64 (true) or not (false)',
  $gt: 'number greater than',
  $gte: 'number at least',
  $lt: 'number less than',
  $lte: 'number at most',
} as const;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = jsonType(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

const join = (base: string, key: string | number) =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;

/** The first mismatch between `pattern` and `value`, or null when the pattern holds. */
export function match(pattern: unknown, value: unknown, at = ''): Mismatch | null {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return { at, problem: `expected an array of ${pattern.length}, saw ${preview(value)}` };
    if (value.length !== pattern.length)
      return { at, problem: `expected ${pattern.length} element(s), saw ${value.length}: ${preview(value)}` };
    for (let i = 0; i < pattern.length; i++) {
      const m = match(pattern[i], value[i], join(at, i));
      if (m) return m;
    }
    return null;
  }
  if (!isPlainObject(pattern)) {
    return isDeepStrictEqual(pattern, value) ? null : { at, problem: `expected ${preview(pattern)}, saw ${preview(value)}` };
  }
  const operators = Object.keys(pattern).filter((k) => k.startsWith('$'));
  const keys = Object.keys(pattern).filter((k) => !k.startsWith('$'));
  let subject = value;
  if ('$where' in pattern) {
    if (!Array.isArray(value)) return { at, problem: `expected an array, saw ${preview(value)}` };
    subject = value.filter((e) => match(pattern.$where, e) === null);
  }
  for (const op of operators) {
    if (op === '$where') continue;
    const m = applyOperator(op, pattern[op], subject, at);
    if (m) return m;
  }
  if (keys.length === 0) return null;
  if (!isPlainObject(subject)) return { at, problem: `expected an object, saw ${preview(subject)}` };
  for (const key of keys) {
    // An absent key is matched as `undefined`: literals fail on it, `$exists: false` and `$not` can pass.
    const m = match(pattern[key], subject[key], join(at, key));
    if (m) return m;
  }
  return null;
}

function numberOp(value: unknown, at: string, ok: (n: number) => boolean, what: string): Mismatch | null {
  if (typeof value !== 'number') return { at, problem: `expected a number ${what}, saw ${preview(value)}` };
  return ok(value) ? null : { at, problem: `expected a number ${what}, saw ${value}` };
}

function arrayOp(value: unknown, at: string, then: (a: unknown[]) => Mismatch | null): Mismatch | null {
  return Array.isArray(value) ? then(value) : { at, problem: `expected an array, saw ${preview(value)}` };
}

function applyOperator(op: string, arg: unknown, value: unknown, at: string): Mismatch | null {
  switch (op) {
    case '$exists':
      return (value !== undefined) === arg ? null : { at, problem: arg ? 'expected a value, it is missing' : `expected nothing, saw ${preview(value)}` };
    case '$type': {
      const types = Array.isArray(arg) ? (arg as string[]) : [arg as string];
      return types.some((t) => typeMatches(value, t)) ? null : { at, problem: `expected type ${types.join(' or ')}, saw ${jsonType(value)} ${preview(value)}` };
    }
    case '$exact':
      return isDeepStrictEqual(arg, value) ? null : { at, problem: `expected exactly ${preview(arg)}, saw ${preview(value)}` };
    case '$in':
      return (arg as unknown[]).some((a) => isDeepStrictEqual(a, value))
        ? null
        : { at, problem: `expected one of ${preview(arg)}, saw ${preview(value)}` };
    case '$match':
      return typeof value === 'string' && new RegExp(arg as string, 'u').test(value)
        ? null
        : { at, problem: `expected a string matching /${String(arg)}/, saw ${preview(value)}` };
    case '$includes':
      return typeof value === 'string' && value.includes(arg as string)
        ? null
        : { at, problem: `expected a string containing ${preview(arg)}, saw ${preview(value)}` };
    case '$not':
      return match(arg, value, at) ? null : { at, problem: `expected not ${preview(arg)}, saw ${preview(value)}` };
    case '$anyOf': {
      const misses = (arg as unknown[]).map((p) => match(p, value, at));
      if (misses.some((m) => m === null)) return null;
      return {
        at,
        problem: `none of ${misses.length} allowed outcomes held: ${misses.map((m, i) => `(${i + 1}) ${m?.at ? m.at + ': ' : ''}${m?.problem}`).join(' ')}`,
      };
    }
    case '$allOf':
      for (const p of arg as unknown[]) {
        const m = match(p, value, at);
        if (m) return m;
      }
      return null;
    case '$contains':
      return arrayOp(value, at, (a) =>
        a.some((e) => match(arg, e) === null) ? null : { at, problem: `expected an element matching ${preview(arg)}, saw ${preview(a)}` },
      );
    case '$first':
      return arrayOp(value, at, (a) => (a.length === 0 ? { at, problem: 'expected a first element, the array is empty' } : match(arg, a[0], join(at, 0))));
    case '$prefix':
      return arrayOp(value, at, (a) => {
        const patterns = arg as unknown[];
        if (a.length < patterns.length) return { at, problem: `expected at least ${patterns.length} element(s) beginning ${preview(patterns)}, saw ${preview(a)}` };
        for (let i = 0; i < patterns.length; i++) {
          const m = match(patterns[i], a[i], join(at, i));
          if (m) return m;
        }
        return null;
      });
    case '$each':
      return arrayOp(value, at, (a) => {
        for (let i = 0; i < a.length; i++) {
          const m = match(arg, a[i], join(at, i));
          if (m) return m;
        }
        return null;
      });
    case '$length': {
      const len = Array.isArray(value) || typeof value === 'string' ? value.length : undefined;
      return len === arg ? null : { at, problem: `expected length ${String(arg)}, saw ${len ?? 'no length'}: ${preview(value)}` };
    }
    case '$minItems':
      return arrayOp(value, at, (a) => (a.length >= (arg as number) ? null : { at, problem: `expected at least ${String(arg)} element(s), saw ${a.length}` }));
    case '$maxItems':
      return arrayOp(value, at, (a) => (a.length <= (arg as number) ? null : { at, problem: `expected at most ${String(arg)} element(s), saw ${a.length}` }));
    case '$uniqueBy':
      return arrayOp(value, at, (a) => {
        const seen = new Map<string, number>();
        for (let i = 0; i < a.length; i++) {
          const key = JSON.stringify(getPath(a[i], arg as string));
          const first = seen.get(key);
          if (first !== undefined) return { at: join(at, i), problem: `duplicate ${arg === '.' ? 'element' : String(arg)} ${key} (first at [${first}])` };
          seen.set(key, i);
        }
        return null;
      });
    case '$increasing':
      return arrayOp(value, at, (a) => {
        for (let i = 1; i < a.length; i++) {
          const prev = getPath(a[i - 1], arg as string);
          const cur = getPath(a[i], arg as string);
          if (typeof prev !== 'number' || typeof cur !== 'number' || !(cur > prev))
            return { at: join(at, i), problem: `expected ${String(arg)} to increase, saw ${preview(prev)} then ${preview(cur)}` };
        }
        return null;
      });
    case '$json': {
      if (typeof value !== 'string') return { at, problem: `expected a JSON text, saw ${preview(value)}` };
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return { at, problem: `expected a JSON text, saw unparseable ${preview(value)}` };
      }
      const m = match(arg, parsed, `${at}(parsed)`);
      return m;
    }
    case '$schema': {
      const validate = compileRuntimeSchema(arg);
      if (validate instanceof Error) return { at, problem: `the schema to check against does not compile: ${validate.message}` };
      return validate(value)
        ? null
        : { at, problem: `value ${preview(value)} does not conform to the schema: ${formatViolations(summarizeErrors(validate.errors))}` };
    }
    case '$base64': {
      const ok = typeof value === 'string' && value.length > 0 && BASE64.test(value);
      return ok === arg ? null : { at, problem: `expected ${arg ? '' : 'in'}valid base64, saw ${preview(value, 80)}` };
    }
    case '$gt':
      return numberOp(value, at, (n) => n > (arg as number), `> ${String(arg)}`);
    case '$gte':
      return numberOp(value, at, (n) => n >= (arg as number), `>= ${String(arg)}`);
    case '$lt':
      return numberOp(value, at, (n) => n < (arg as number), `< ${String(arg)}`);
    case '$lte':
      return numberOp(value, at, (n) => n <= (arg as number), `<= ${String(arg)}`);
    default:
      // The scenario schema admits only known operators, so reaching here is a harness bug.
      throw new Error(`unknown operator ${op}`);
  }
}
