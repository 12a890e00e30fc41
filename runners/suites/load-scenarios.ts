// Loads every scenario file, validates it against schema/scenario.schema.json and the requirement
// catalogues, and turns it into the Scenario model. All problems are collected with file:line:col;
// one bad file stops the run before anything starts (nothing is silently skipped).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { FileProblems } from '../errors.js';
import { OPERATORS } from '../match/matcher.js';
import type { CannedAnswer, CheckSpec, Condition, Envelope, Level, Scenario, SpecRef, Step, TransportKind } from '../model.js';
import { ROOT, SCHEMA_DIR, SUITES_DIR } from '../paths.js';
import { createAjv } from '../schema/json-schema.js';
import { TRANSCRIPT_CHECKS } from '../engine/score-transcript.js';
import { LATEST_HANDSHAKE } from '../versions.js';
import { loadRequirements, type Catalogues } from './requirements.js';
import { lineOf, locate, readYaml, type YamlSource } from './yaml-source.js';

const STEP_KINDS = ['connect', 'request', 'notify', 'send', 'await', 'disconnect', 'listen', 'paginate', 'http', 'sleep'] as const;

let scenarioValidator: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;
function validatorFor() {
  scenarioValidator ??= createAjv('2020-12').compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'scenario.schema.json'), 'utf8')));
  return scenarioValidator;
}

export function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listYaml(full));
    else if (name.endsWith('.yaml') || name.endsWith('.yml')) out.push(full);
  }
  return out;
}

/** The scenario files of the server suites (the requirement catalogues are not scenarios). */
export function scenarioFiles(root: string = join(SUITES_DIR, 'server')): string[] {
  return listYaml(root);
}

export function loadScenarios(files = scenarioFiles()): Scenario[] {
  const catalogues = loadRequirements();
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  // A step check may not take the id of a transcript check: both would write records under one id.
  const checkHomes = new Map<string, string>(TRANSCRIPT_CHECKS.map((c) => [c.id, 'a transcript check (runners/engine/transcript)']));
  const scenarioHomes = new Map<string, string>();

  for (const file of files) {
    const { source, problems: parseProblems } = readYaml(file);
    problems.push(...parseProblems);
    if (!source) continue;
    const validate = validatorFor();
    if (!validate(source.value)) {
      for (const e of schemaErrors(validate.errors ?? [], source.value)) {
        problems.push(`${locate(source, e.instancePath)}: ${e.message}`);
      }
      continue;
    }
    const before = problems.length;
    const scenario = toScenario(source, catalogues, problems);
    if (problems.length > before) continue;

    const home = locate(source, '/id');
    const other = scenarioHomes.get(scenario.id);
    if (other) problems.push(`${home}: scenario id '${scenario.id}' is also used at ${other}`);
    scenarioHomes.set(scenario.id, home);
    scenario.steps.forEach((step, i) =>
      step.checks.forEach((check, j) => {
        const at = locate(source, ['steps', i, 'checks', j, 'id']);
        const seen = checkHomes.get(check.id);
        if (seen) problems.push(`${at}: check id '${check.id}' is also used at ${seen}; check ids are unique across all suites`);
        checkHomes.set(check.id, at);
      }),
    );
    scenarios.push(scenario);
  }
  if (problems.length) throw new FileProblems(problems);
  return scenarios.sort((a, b) => a.id.localeCompare(b.id));
}

/** ajv lists one error per failed oneOf branch; keep the ones that explain the mistake. */
function schemaErrors(errors: { instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }[], value: unknown) {
  // A step without a known kind fails every branch of the step union: say that once, naming its keys.
  const kindless = new Set(errors.filter((e) => e.keyword === 'required' && /^\/steps\/\d+$/.test(e.instancePath)).map((e) => e.instancePath));
  const collapsed = errors.filter((e) => !(kindless.has(e.instancePath) && (e.keyword === 'required' || e.keyword === 'oneOf')));
  for (const path of kindless) {
    const step = (value as { steps?: Record<string, unknown>[] }).steps?.[Number(path.split('/')[2])] ?? {};
    const kinds = Object.keys(step).filter((k) => (STEP_KINDS as readonly string[]).includes(k));
    const unknown = Object.keys(step).filter((k) => !(STEP_KINDS as readonly string[]).includes(k) && !['checks', 'capture', 'answers', 'when'].includes(k));
    collapsed.push({
      instancePath: path,
      keyword: 'step',
      params: {},
      message: kinds.length > 1 ? `a step has exactly one kind, this one has ${kinds.join(' and ')}` : `a step needs one of ${STEP_KINDS.join(', ')}${unknown.length ? `; unknown key '${unknown.join("', '")}'` : ''}`,
    });
  }
  errors = collapsed;
  const meaningful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if' && e.keyword !== 'allOf');
  const pool = meaningful.length ? meaningful : errors;
  const seen = new Set<string>();
  return pool
    .map((e) => {
      let message = e.message ?? e.keyword;
      if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
        const key = String(e.params.additionalProperty ?? e.params.unevaluatedProperty);
        message = `unknown key '${key}'` + (e.instancePath.match(/^\/steps\/\d+$/) ? ` (a step takes exactly one of ${STEP_KINDS.join(', ')}, plus checks, capture, answers, when)` : '');
      } else if (e.keyword === 'required') {
        message = `missing '${String(e.params.missingProperty)}'`;
      } else if (e.keyword === 'enum') {
        message = `${message}: ${JSON.stringify(e.params.allowedValues)}`;
      }
      return { instancePath: e.instancePath, message: message + ' — see schema/scenario.schema.json' };
    })
    .filter((e) => {
      const key = e.instancePath + e.message;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, 5);
}

type Raw = Record<string, unknown>;

function toScenario(source: YamlSource, catalogues: Catalogues, problems: string[]): Scenario {
  const raw = source.value as Raw;
  const rel = relative(ROOT, source.file);
  const area = basename(dirname(source.file));
  const id = raw.id as string;
  if (!id.startsWith(`server.${area}.`)) {
    problems.push(`${locate(source, '/id')}: scenario id '${id}' must start with 'server.${area}.' (the folder it lives in)`);
  }
  const defaultVersion = LATEST_HANDSHAKE;
  const steps: Step[] = (raw.steps as Raw[]).map((rawStep, i) => toStep(source, rawStep, i, catalogues, defaultVersion, problems));

  // `await` and `disconnect` must name a label that an earlier `send` introduced.
  const labels = new Set<string>();
  steps.forEach((s, i) => {
    if (s.kind === 'send' && s.as) labels.add(s.as);
    if ((s.kind === 'await' || s.kind === 'disconnect') && !labels.has(s.label)) {
      problems.push(`${locate(source, ['steps', i, s.kind])}: '${s.kind}: ${s.label}' names no earlier 'send' with 'as: ${s.label}'`);
    }
  });
  // Authorization is defined for HTTP only; stdio servers take their credentials from the environment.
  if (raw.auth === true && ((raw.transports as string[] | undefined) ?? ['stdio', 'http']).includes('stdio')) {
    problems.push(`${locate(source, '/auth')}: an 'auth: true' scenario runs over HTTP only; add 'transports: [http]'`);
  }
  if (!steps.some((s) => s.checks.length > 0)) {
    problems.push(`${locate(source, '/steps')}: the scenario has no checks; a scenario that checks nothing can never pass`);
  }

  return {
    id,
    title: raw.title as string,
    ...(typeof raw.description === 'string' && { description: raw.description }),
    file: rel,
    area,
    role: 'server',
    eras: (raw.eras as Scenario['eras']) ?? ['handshake'],
    transports: (raw.transports as TransportKind[]) ?? ['stdio', 'http'],
    ...(raw.versions !== undefined && { versions: raw.versions as string[] }),
    ...(raw.since !== undefined && { since: raw.since as string }),
    ...(raw.until !== undefined && { until: raw.until as string }),
    fixture: raw.fixture === true,
    auth: raw.auth === true,
    ...(typeof raw.extension === 'string' && { extension: raw.extension }),
    requires: (raw.requires as Condition[]) ?? [],
    answers: (raw.answers as Record<string, CannedAnswer | CannedAnswer[]>) ?? {},
    steps,
  };
}

function toStep(source: YamlSource, raw: Raw, i: number, catalogues: Catalogues, defaultVersion: string, problems: string[]): Step {
  const kind = STEP_KINDS.find((k) => k in raw) as (typeof STEP_KINDS)[number];
  const body = raw[kind] as Raw;
  const checks = ((raw.checks as Raw[]) ?? []).map((c, j) => toCheck(source, c, ['steps', i, 'checks', j], catalogues, defaultVersion, problems));
  const base = {
    index: i + 1,
    line: lineOf(source, ['steps', i]),
    ...(raw.when !== undefined && { when: raw.when as Condition }),
    checks,
    capture: (raw.capture as Record<string, string>) ?? {},
    answers: (raw.answers as Record<string, CannedAnswer | CannedAnswer[]>) ?? {},
  };
  switch (kind) {
    case 'connect':
      return {
        ...base,
        kind,
        ...(body.protocolVersion !== undefined && { protocolVersion: body.protocolVersion as string }),
        ...(body.capabilities !== undefined && { capabilities: body.capabilities as Raw }),
        ...(body.clientInfo !== undefined && { clientInfo: body.clientInfo as Raw }),
        initialized: body.initialized !== false,
        stream: body.stream === true,
      };
    case 'request':
      return {
        ...base,
        kind,
        method: body.method as string,
        ...('params' in body && { params: body.params }),
        ...(body.id !== undefined && { id: body.id as string | number }),
        invalid: body.invalid === true,
        ...envelope(body),
      };
    case 'notify':
      return { ...base, kind, method: body.method as string, ...('params' in body && { params: body.params }) };
    case 'send':
      return {
        ...base,
        kind,
        ...('json' in body && { json: body.json }),
        ...(typeof body.raw === 'string' && { raw: body.raw }),
        ...(typeof body.as === 'string' && { as: body.as }),
        invalid: body.invalid === true,
      };
    case 'await':
      return { ...base, kind, label: raw.await as string };
    case 'disconnect':
      return { ...base, kind, label: raw.disconnect as string };
    case 'listen':
      return {
        ...base,
        kind,
        forMs: body.forMs as number,
        ...('until' in body && { until: body.until }),
        from: (body.from as 'previous-step' | 'here' | undefined) ?? 'previous-step',
      };
    case 'paginate':
      return {
        ...base,
        kind,
        method: body.method as string,
        ...(body.params !== undefined && { params: body.params as Raw }),
        items: body.items as string,
        maxPages: (body.maxPages as number) ?? 50,
        ...envelope(body),
      };
    case 'http':
      return {
        ...base,
        kind,
        method: body.method as string,
        ...(body.headers !== undefined && { headers: body.headers as Record<string, string | null> }),
        ...('body' in body && { body: body.body }),
        ...(body.url !== undefined && { url: body.url as string | string[] }),
      };
    case 'sleep':
      return { ...base, kind, ms: raw.sleep as number };
  }
}

function envelope(body: Raw): Envelope {
  return {
    ...(body.meta !== undefined && { meta: body.meta as Envelope['meta'] }),
    ...(body.headers !== undefined && { headers: body.headers as Envelope['headers'] }),
  };
}

export function toCheck(
  source: YamlSource,
  raw: Raw,
  path: (string | number)[],
  catalogues: Catalogues,
  defaultVersion: string,
  problems: string[],
): CheckSpec {
  const spec: SpecRef[] = (raw.spec as string[]).map((text, k) => {
    const [version, ref] = text.includes('#') ? (text.split('#') as [string, string]) : [defaultVersion, text];
    const row = catalogues.get(version)?.get(ref);
    if (!row) {
      const where = locate(source, [...path, 'spec', k]);
      problems.push(
        catalogues.has(version)
          ? `${where}: requirement '${ref}' is not in suites/requirements/${version}.yaml`
          : `${where}: there is no requirement catalogue suites/requirements/${version}.yaml`,
      );
      return { version, ref };
    }
    return { version, ref, level: row.level, text: row.text };
  });
  findUnknownOperators(raw.expect, [...path, 'expect'], source, problems);
  return {
    id: raw.id as string,
    title: raw.title as string,
    level: raw.level as Level,
    spec,
    expect: raw.expect,
    ...(raw.when !== undefined && { when: raw.when as Condition }),
  };
}

const isArray = (v: unknown) => Array.isArray(v);
const isNumber = (v: unknown) => typeof v === 'number';
const isString = (v: unknown) => typeof v === 'string';
/** What each operator's argument must be; a pattern with the wrong kind would match nothing (or everything) silently. */
const OPERATOR_ARGUMENTS: Partial<Record<keyof typeof OPERATORS, [(v: unknown) => boolean, string]>> = {
  $exists: [(v) => typeof v === 'boolean', 'takes true or false'],
  $type: [(v) => isString(v) || (isArray(v) && (v as unknown[]).every(isString)), 'takes a type name or a list of them'],
  $in: [isArray, 'takes a list of values'],
  $match: [(v) => isString(v) && compiles(v as string), 'takes a valid regular expression'],
  $includes: [isString, 'takes a string'],
  $anyOf: [isArray, 'takes a list of patterns'],
  $allOf: [isArray, 'takes a list of patterns'],
  $prefix: [isArray, 'takes a list of patterns'],
  $length: [isNumber, 'takes a number'],
  $minItems: [isNumber, 'takes a number'],
  $maxItems: [isNumber, 'takes a number'],
  $uniqueBy: [isString, 'takes a path'],
  $increasing: [isString, 'takes a path'],
  $base64: [(v) => typeof v === 'boolean', 'takes true or false'],
  $gt: [isNumber, 'takes a number'],
  $gte: [isNumber, 'takes a number'],
  $lt: [isNumber, 'takes a number'],
  $lte: [isNumber, 'takes a number'],
};

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

function operatorArgumentProblem(key: string, value: unknown): string | undefined {
  // A ${...} placeholder is filled in when the check runs.
  if (typeof value === 'string' && value.includes('${')) return undefined;
  const rule = OPERATOR_ARGUMENTS[key as keyof typeof OPERATORS];
  return rule && !rule[0](value) ? `${rule[1]}, not ${JSON.stringify(value)}` : undefined;
}

function findUnknownOperators(pattern: unknown, path: (string | number)[], source: YamlSource, problems: string[]): void {
  if (Array.isArray(pattern)) {
    pattern.forEach((p, i) => findUnknownOperators(p, [...path, i], source, problems));
    return;
  }
  if (typeof pattern !== 'object' || pattern === null) return;
  for (const [key, value] of Object.entries(pattern)) {
    if (key.startsWith('$') && !(key in OPERATORS)) {
      problems.push(`${locate(source, [...path, key])}: unknown operator '${key}'; known: ${Object.keys(OPERATORS).join(' ')}`);
    } else if (key.startsWith('$')) {
      const wrong = operatorArgumentProblem(key, value);
      if (wrong) problems.push(`${locate(source, [...path, key])}: ${key} ${wrong} (${OPERATORS[key as keyof typeof OPERATORS]})`);
    }
    // Literal values of $exact/$in are data, not patterns.
    if (key !== '$exact' && key !== '$in' && key !== '$schema') findUnknownOperators(value, [...path, key], source, problems);
  }
}
