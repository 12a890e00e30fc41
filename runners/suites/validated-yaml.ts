// A project data file (manifest, baseline, scored set, evidence): YAML read with positions and validated
// against its schema in schema/, every problem reported as `file:line:col: what — see the schema`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { FileProblems } from '../errors.js';
import { SCHEMA_DIR } from '../paths.js';
import { createAjv } from '../schema/json-schema.js';
import { locate, readYaml, type YamlSource } from './yaml-source.js';

const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaFile: string): ValidateFunction {
  let v = validators.get(schemaFile);
  if (!v) {
    v = createAjv('2020-12').compile(JSON.parse(readFileSync(join(SCHEMA_DIR, schemaFile), 'utf8')));
    validators.set(schemaFile, v);
  }
  return v;
}

/** Parses and validates; throws FileProblems (exit 2) naming each problem's position. */
export function readValidatedYaml<T>(file: string, schemaFile: string, preValidated?: (value: unknown) => boolean): { value: T; source: YamlSource } {
  const { source, problems } = readYaml(file);
  if (!source) throw new FileProblems(problems);
  // Some files accept a second, foreign format that their schema does not describe.
  if (preValidated?.(source.value)) return { value: source.value as T, source };
  const validate = validatorFor(schemaFile);
  if (!validate(source.value)) {
    throw new FileProblems(
      (validate.errors ?? []).slice(0, 5).map((e) => {
        const detail = e.keyword === 'additionalProperties' || e.keyword === 'enum' ? ` (${JSON.stringify(e.params)})` : '';
        return `${locate(source, e.instancePath)}: ${e.message ?? e.keyword}${detail} — see schema/${schemaFile}`;
      }),
    );
  }
  return { value: source.value as T, source };
}
