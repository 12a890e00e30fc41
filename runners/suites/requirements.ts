// The requirement catalogues in suites/requirements/<version>.yaml that checks cite by id.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FileProblems } from '../errors.js';
import type { Level } from '../model.js';
import { SUITES_DIR } from '../paths.js';
import { readYaml } from './yaml-source.js';

export interface Requirement {
  id: string;
  level: Level;
  side: string;
  area: string;
  text: string;
  source: string;
  origin?: string;
}

export type Catalogues = Map<string, Map<string, Requirement>>;

let cached: Catalogues | undefined;

export function loadRequirements(dir = join(SUITES_DIR, 'requirements')): Catalogues {
  if (cached) return cached;
  const out: Catalogues = new Map();
  const problems: string[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const { source, problems: p } = readYaml(join(dir, name));
    problems.push(...p);
    if (!source) continue;
    const data = source.value as { version?: string; requirements?: Requirement[] };
    if (typeof data.version !== 'string' || !Array.isArray(data.requirements)) {
      problems.push(`${name}: expected 'version' and a 'requirements' list`);
      continue;
    }
    out.set(data.version, new Map(data.requirements.map((r) => [r.id, r])));
  }
  if (problems.length) throw new FileProblems(problems);
  cached = out;
  return out;
}
