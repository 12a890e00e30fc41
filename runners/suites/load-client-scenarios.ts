// Loads the client scenarios (suites/client/<area>/*.yaml): validated against
// schema/client-scenario.schema.json and the requirement catalogues, with file:line:col for every problem.
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { FileProblems } from '../errors.js';
import type { ClientScenario, Era, TransportKind } from '../model.js';
import { ROOT, SCHEMA_DIR, SUITES_DIR } from '../paths.js';
import { createAjv } from '../schema/json-schema.js';
import { LATEST_HANDSHAKE } from '../versions.js';
import { listYaml, toCheck } from './load-scenarios.js';
import { loadRequirements } from './requirements.js';
import { locate, readYaml } from './yaml-source.js';

let validator: ReturnType<ReturnType<typeof createAjv>['compile']> | undefined;
function validatorFor() {
  if (!validator) {
    const ajv = createAjv('2020-12');
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMA_DIR, 'scenario.schema.json'), 'utf8')), 'scenario.schema.json');
    validator = ajv.compile(JSON.parse(readFileSync(join(SCHEMA_DIR, 'client-scenario.schema.json'), 'utf8')));
  }
  return validator;
}

export function clientScenarioFiles(root: string = join(SUITES_DIR, 'client')): string[] {
  try {
    return listYaml(root);
  } catch {
    return [];
  }
}

type Raw = Record<string, unknown>;

export function loadClientScenarios(files = clientScenarioFiles()): ClientScenario[] {
  const catalogues = loadRequirements();
  const problems: string[] = [];
  const scenarios: ClientScenario[] = [];
  const homes = new Map<string, string>();
  for (const file of files) {
    const { source, problems: parseProblems } = readYaml(file);
    problems.push(...parseProblems);
    if (!source) continue;
    const validate = validatorFor();
    if (!validate(source.value)) {
      for (const e of (validate.errors ?? []).filter((x) => x.keyword !== 'oneOf' && x.keyword !== 'if').slice(0, 5)) {
        const what = e.keyword === 'additionalProperties' ? `unknown key '${String(e.params.additionalProperty)}'` : e.keyword === 'required' ? `missing '${String(e.params.missingProperty)}'` : e.message;
        problems.push(`${locate(source, e.instancePath)}: ${what} — see schema/client-scenario.schema.json`);
      }
      continue;
    }
    const raw = source.value as Raw;
    const area = basename(dirname(file));
    const id = raw.id as string;
    if (!id.startsWith(`client.${area}.`)) problems.push(`${locate(source, '/id')}: scenario id '${id}' must start with 'client.${area}.' (the folder it lives in)`);
    const checks = (raw.checks as Raw[]).map((c, i) => toCheck(source, c, ['checks', i], catalogues, LATEST_HANDSHAKE, problems));
    checks.forEach((c, i) => {
      const at = locate(source, ['checks', i, 'id']);
      const seen = homes.get(c.id);
      if (seen) problems.push(`${at}: check id '${c.id}' is also used at ${seen}; check ids are unique across all suites`);
      homes.set(c.id, at);
    });
    scenarios.push({
      id,
      title: raw.title as string,
      ...(typeof raw.description === 'string' && { description: raw.description }),
      file: relative(ROOT, file),
      area,
      role: 'client',
      eras: (raw.eras as Era[]) ?? ['handshake'],
      transports: (raw.transports as TransportKind[]) ?? ['stdio', 'http'],
      ...(raw.versions !== undefined && { versions: raw.versions as string[] }),
      ...(raw.since !== undefined && { since: raw.since as string }),
      ...(raw.until !== undefined && { until: raw.until as string }),
      server: (raw.server as Raw) ?? {},
      ...(typeof raw.requiresClient === 'string' && { requiresClient: raw.requiresClient }),
      plan: raw.plan as ClientScenario['plan'],
      checks,
    });
  }
  if (problems.length) throw new FileProblems(problems);
  return scenarios.sort((a, b) => a.id.localeCompare(b.id));
}
