import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileProblems } from '../errors.js';
import { loadScenarios, scenarioFiles } from './load-scenarios.js';

function suite(files: Record<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-suite-'));
  return Object.entries(files).map(([name, text]) => {
    const file = join(dir, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    return file;
  });
}

function problemsOf(files: string[]): string[] {
  try {
    loadScenarios(files);
  } catch (e) {
    if (e instanceof FileProblems) return e.problems;
    throw e;
  }
  return [];
}

const GOOD = `id: server.tools.sample
title: A sample
steps:
  - connect: {}
  - request: { method: tools/list }
    checks:
      - id: sample.check
        title: lists tools
        level: MUST
        spec: [TOOL-004]
        expect: { result: { tools: { $type: array } } }
`;

describe('loadScenarios', () => {
  it('loads every bundled scenario without problems', () => {
    const scenarios = loadScenarios(scenarioFiles());
    expect(scenarios.length).toBeGreaterThan(20);
    const checks = scenarios.flatMap((s) => s.steps.flatMap((st) => st.checks));
    expect(new Set(checks.map((c) => c.id)).size).toBe(checks.length);
    for (const c of checks) expect(c.spec.every((r) => r.text), c.id).toBe(true);
    // A check citing a MUST row must fail (not merely warn) when broken, or coverage would overstate.
    const weaker = checks.filter((c) => c.level.startsWith('SHOULD') && c.spec.some((r) => r.level?.startsWith('MUST')));
    expect(weaker.map((c) => c.id)).toEqual([]);
  });

  it('turns a good file into the model with resolved requirement texts', () => {
    const [s] = loadScenarios(suite({ 'tools/sample.yaml': GOOD }));
    expect(s?.id).toBe('server.tools.sample');
    expect(s?.transports).toEqual(['stdio', 'http']);
    expect(s?.steps[1]?.kind).toBe('request');
    expect(s?.steps[1]?.line).toBe(5);
    expect(s?.steps[1]?.checks[0]?.spec[0]).toMatchObject({ version: '2025-11-25', ref: 'TOOL-004', level: 'MUST' });
  });

  it('reports malformed YAML with file, line and column', () => {
    const [p] = problemsOf(suite({ 'tools/broken.yaml': 'id: server.tools.x\ntitle: [unclosed\nsteps: []\n' }));
    expect(p).toMatch(/broken\.yaml:\d+:\d+: malformed YAML/);
  });

  it('reports schema violations at the line and column of the offending key', () => {
    const bad = GOOD.replace('level: MUST', 'level: MANDATORY');
    const [p] = problemsOf(suite({ 'tools/sample.yaml': bad }));
    expect(p).toMatch(/sample\.yaml:9:16: must be equal to one of the allowed values/);
    const typo = GOOD.replace('  - request: { method: tools/list }', '  - requets: { method: tools/list }');
    expect(problemsOf(suite({ 'tools/sample.yaml': typo })).join('\n')).toMatch(/sample\.yaml:5:\d+: .*unknown key 'requets'/);
  });

  it('rejects an operator given the wrong kind of argument, which would otherwise match silently', () => {
    const prefix = GOOD.replace('{ $type: array }', '{ $prefix: /docs/ }');
    expect(problemsOf(suite({ 'tools/sample.yaml': prefix })).join('\n')).toMatch(/sample\.yaml:11:\d+: \$prefix takes a list of patterns, not "\/docs\/"/);
    const regex = GOOD.replace('{ $type: array }', '{ $match: "([" }');
    expect(problemsOf(suite({ 'tools/sample.yaml': regex })).join('\n')).toMatch(/\$match takes a valid regular expression/);
    const placeholder = GOOD.replace('{ $type: array }', '{ $match: "${auth.scope}" }');
    expect(problemsOf(suite({ 'tools/sample.yaml': placeholder }))).toEqual([]);
  });

  it('rejects unknown operators, unknown requirements, unknown await labels and check-less scenarios', () => {
    expect(problemsOf(suite({ 'tools/sample.yaml': GOOD.replace('$type', '$typo') })).join('\n')).toMatch(/sample\.yaml:11:\d+: unknown operator '\$typo'/);
    expect(problemsOf(suite({ 'tools/sample.yaml': GOOD.replace('TOOL-004', 'TOOL-999') })).join('\n')).toMatch(/sample\.yaml:10:\d+: requirement 'TOOL-999' is not in/);
    const awaiting = GOOD.replace('  - request: { method: tools/list }', '  - await: nothing');
    expect(problemsOf(suite({ 'tools/sample.yaml': awaiting })).join('\n')).toMatch(/names no earlier 'send'/);
    const noChecks = 'id: server.tools.none\ntitle: none\nsteps:\n  - connect: {}\n';
    expect(problemsOf(suite({ 'tools/none.yaml': noChecks })).join('\n')).toMatch(/no checks/);
  });

  it('rejects duplicate check ids across files and ids that do not match their folder', () => {
    const twice = suite({ 'tools/a.yaml': GOOD, 'tools/b.yaml': GOOD.replace('server.tools.sample', 'server.tools.other') });
    expect(problemsOf(twice).join('\n')).toMatch(/check id 'sample\.check' is also used at .*a\.yaml/);
    expect(problemsOf(suite({ 'prompts/sample.yaml': GOOD })).join('\n')).toMatch(/must start with 'server\.prompts\.'/);
    // A transcript check's id too: both would write records under one id in the same case.
    expect(problemsOf(suite({ 'tools/a.yaml': GOOD.replace('sample.check', 'wire.schema') })).join('\n')).toMatch(/check id 'wire\.schema' is also used at a transcript check/);
  });

  it('marks authorization scenarios, which run over HTTP only', () => {
    const auth = GOOD.replace('steps:', 'auth: true\ntransports: [http]\nsteps:');
    const [s] = loadScenarios(suite({ 'tools/sample.yaml': auth }));
    expect(s?.auth).toBe(true);
    expect(loadScenarios(suite({ 'tools/sample.yaml': GOOD }))[0]?.auth).toBe(false);
    const overStdio = GOOD.replace('steps:', 'auth: true\nsteps:');
    expect(problemsOf(suite({ 'tools/sample.yaml': overStdio })).join('\n')).toMatch(/sample\.yaml:3:\d+: an 'auth: true' scenario runs over HTTP only/);
  });

  it('collects the problems of several files in one report', () => {
    const files = suite({ 'tools/a.yaml': GOOD.replace('$type', '$nope'), 'tools/b.yaml': 'id: [' });
    expect(problemsOf(files)).toHaveLength(2);
  });
});

describe('requirement coverage', () => {
  it('counts the MUST rows a check cites, per area, and leaves derived rows out', async () => {
    const { computeCoverage } = await import('../../reports/coverage.js');
    const { loadRequirements } = await import('./requirements.js');
    const [s] = loadScenarios(suite({ 'tools/sample.yaml': GOOD }));
    const c = computeCoverage(loadRequirements(), [s!], '2025-11-25', 'server');
    expect(c.citedBy['TOOL-004']).toEqual(['sample.check']);
    const tools = c.areas.find((a) => a.area === 'tools');
    expect(tools?.covered).toBe(1);
    expect(c.uncovered.some((r) => r.id === 'TOOL-009')).toBe(true);
    expect(c.uncovered.some((r) => r.id.startsWith('RPC-') || r.id.startsWith('SCH-'))).toBe(false);
    expect(c.percent).toBeGreaterThan(0);
    expect(c.percent).toBeLessThan(100);
  });
});
