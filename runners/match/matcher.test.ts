import { describe, expect, it } from 'vitest';
import { interpolate, MissingCapture } from './interpolate.js';
import { match, OPERATORS } from './matcher.js';
import { getPath } from './path.js';

const holds = (p: unknown, v: unknown) => expect(match(p, v)).toBeNull();
const breaks = (p: unknown, v: unknown, problem?: RegExp) => {
  const m = match(p, v);
  expect(m).not.toBeNull();
  if (problem) expect(m?.problem).toMatch(problem);
};

describe('literal matching', () => {
  it('compares scalars strictly, with their JSON type', () => {
    holds(7, 7);
    breaks(7, '7', /expected 7, saw "7"/);
    breaks('7', 7);
    breaks(0, null);
  });
  it('matches objects as subsets and reports the path of a mismatch', () => {
    holds({ a: 1 }, { a: 1, b: 2 });
    const m = match({ result: { content: [{ type: 'text' }] } }, { result: { content: [{ type: 'image' }] } });
    expect(m?.at).toBe('result.content[0].type');
  });
  it('requires arrays to have the same length', () => {
    holds([1, { a: 2 }], [1, { a: 2, b: 3 }]);
    breaks([1], [1, 2], /expected 1 element/);
  });
  it('treats a missing key as a mismatch for literals', () => {
    breaks({ a: 1 }, {}, /saw nothing/);
  });
});

describe('operators', () => {
  it('$exists and $not handle absent keys', () => {
    holds({ a: { $exists: false } }, {});
    breaks({ a: { $exists: false } }, { a: null });
    holds({ a: { $exists: true } }, { a: null });
    holds({ isError: { $not: true } }, {});
    breaks({ isError: { $not: true } }, { isError: true });
  });
  it('$type distinguishes integer from number', () => {
    holds({ $type: 'number' }, 1);
    holds({ $type: 'integer' }, 1);
    breaks({ $type: 'integer' }, 1.5);
    holds({ $type: ['string', 'null'] }, null);
  });
  it('$exact forbids extra keys', () => {
    holds({ $exact: { a: 1 } }, { a: 1 });
    breaks({ $exact: { a: 1 } }, { a: 1, b: 2 });
  });
  it('$in, $match and $includes', () => {
    holds({ $in: [1, 'x'] }, 'x');
    breaks({ $in: [1, 'x'] }, 2);
    holds({ $match: '^[a-z]+$' }, 'abc');
    breaks({ $match: '^[a-z]+$' }, 'ab1');
    breaks({ $match: 'a' }, 5);
    holds({ $includes: 'bc' }, 'abcd');
    breaks({ $includes: 'x' }, 'abcd');
  });
  it('$anyOf names every alternative that failed', () => {
    holds({ $anyOf: [{ error: { code: -32602 } }, { result: { isError: true } }] }, { result: { isError: true } });
    breaks({ $anyOf: [{ error: { code: -32602 } }, { result: { isError: true } }] }, { result: {} }, /none of 2 allowed outcomes.*\(1\).*\(2\)/);
    holds({ $allOf: [{ $type: 'string' }, { $match: 'a' }] }, 'a');
    breaks({ $allOf: [{ $type: 'string' }, { $match: 'b' }] }, 'a');
  });
  it('array operators: $contains, $each, $length, $minItems, $maxItems, $where', () => {
    holds({ $contains: { a: 1 } }, [{ a: 2 }, { a: 1 }]);
    breaks({ $contains: { a: 3 } }, [{ a: 2 }]);
    holds({ $each: { $type: 'string' } }, ['a', 'b']);
    breaks({ $each: { $type: 'string' } }, ['a', 1]);
    holds({ $length: 2 }, [1, 2]);
    holds({ $first: { a: 1 } }, [{ a: 1 }, { a: 2 }]);
    breaks({ $first: { a: 2 } }, [{ a: 1 }, { a: 2 }]);
    breaks({ $first: {} }, [], /empty/);
    holds({ $prefix: ['a', { $match: '^b' }] }, ['a', 'bc', 'd']);
    breaks({ $prefix: ['a', 'd'] }, ['a', 'b', 'd']);
    breaks({ $prefix: ['a', 'b'] }, ['a'], /at least 2/);
    breaks({ $minItems: 3 }, [1, 2]);
    breaks({ $maxItems: 1 }, [1, 2]);
    holds({ $where: { m: 'p' }, $length: 1 }, [{ m: 'p' }, { m: 'q' }]);
    breaks({ $where: { m: 'p' }, $length: 0 }, [{ m: 'p' }, { m: 'q' }]);
    breaks({ $each: {} }, 'not an array', /expected an array/);
  });
  it('$uniqueBy and $increasing', () => {
    holds({ $uniqueBy: 'name' }, [{ name: 'a' }, { name: 'b' }]);
    breaks({ $uniqueBy: 'name' }, [{ name: 'a' }, { name: 'a' }], /duplicate/);
    holds({ $increasing: 'p' }, [{ p: 0 }, { p: 50 }, { p: 100 }]);
    breaks({ $increasing: 'p' }, [{ p: 0 }, { p: 50 }, { p: 50 }], /increase/);
  });
  it('$json parses text and matches the pattern', () => {
    holds({ $json: { id: '123' } }, '{"id":"123","x":1}');
    breaks({ $json: { id: '123' } }, '{"id":123}');
    breaks({ $json: {} }, 'not json', /unparseable/);
  });
  it('$schema validates against a runtime schema of either dialect', () => {
    const schema = { type: 'object', properties: { t: { type: 'number' } }, required: ['t'] };
    holds({ $schema: schema }, { t: 1 });
    breaks({ $schema: schema }, { t: '1' }, /does not conform/);
    holds({ $schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' } }, 'x');
    breaks({ $schema: 'not a schema' }, 1, /does not compile/);
  });
  it('$base64 and numeric comparisons', () => {
    holds({ $base64: true }, 'iVBORw0KGgo=');
    breaks({ $base64: true }, 'data:image/png;base64,iVBORw0KGgo=');
    breaks({ $base64: true }, '');
    holds({ $gte: 400, $lt: 500 }, 404);
    breaks({ $gte: 400, $lt: 500 }, 500);
    breaks({ $gt: 1 }, '2');
    holds({ $lte: 1 }, 1);
  });
  it('documents every operator it implements', () => {
    for (const op of Object.keys(OPERATORS)) expect(() => match({ [op]: op === '$anyOf' || op === '$allOf' || op === '$in' ? [] : 1 }, 1)).not.toThrow(/unknown operator/);
  });
});

describe('paths and interpolation', () => {
  it('reads dotted paths, indexes and selectors', () => {
    const v = { result: { tools: [{ name: 'a', s: 1 }, { name: 'b', s: 2 }] } };
    expect(getPath(v, 'result.tools[1].name')).toBe('b');
    expect(getPath(v, 'result.tools[name=a].s')).toBe(1);
    expect(getPath(v, 'result.missing.x')).toBeUndefined();
    expect(getPath(v, '.')).toBe(v);
  });
  it('keeps the type of a whole-string capture and splices text otherwise', () => {
    expect(interpolate({ a: '${n}', b: 'v=${n}' }, { n: 5 })).toEqual({ a: 5, b: 'v=5' });
    expect(interpolate(['${o}'], { o: { x: 1 } })).toEqual([{ x: 1 }]);
    expect(() => interpolate('${missing}', {})).toThrow(MissingCapture);
  });
});

describe('keys() and key interpolation', () => {
  it('reads the keys of an object and splices captures into keys', () => {
    expect(getPath({ r: { inputRequests: { 'elicit-1': {} } } }, 'r.inputRequests.keys()[0]')).toBe('elicit-1');
    expect(interpolate({ '${k}': { a: '${v}' } }, { k: 'elicit-1', v: 1 })).toEqual({ 'elicit-1': { a: 1 } });
  });
});
