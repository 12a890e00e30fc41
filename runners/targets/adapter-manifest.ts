// Adapter manifests: adapters/<name>/adapter.yaml, validated against schema/adapter.schema.json.
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { FileProblems, UsageError } from '../errors.js';
import { ADAPTERS_DIR } from '../paths.js';
import { locate } from '../suites/yaml-source.js';
import { readValidatedYaml } from '../suites/validated-yaml.js';

export interface AdapterManifest {
  name: string;
  title: string;
  language: string;
  sdk?: { package: string; version: string; registry?: string };
  fixture?: boolean;
  protocolVersions: string[];
  unsupported?: string[];
  installable?: boolean;
  build?: { inputs?: string[]; steps: string[][]; timeoutMs?: number };
  env?: Record<string, string>;
  server?: {
    stdio?: { command: string[]; protocolVersions?: string[] };
    http?: {
      command: string[];
      /** The versions this transport serves, where it differs from the SDK's list. */
      protocolVersions?: string[];
      path?: string;
      ready?: string;
      /** Authorization mode: how to start a second server that protects its endpoint (README.md, "Authorization scenarios"). */
      auth?: { env: Record<string, string>; command?: string[] };
    };
    /** The legacy HTTP+SSE transport (2024-11-05): `path` is the SSE endpoint the client GETs. */
    sse?: { command: string[]; path?: string; ready?: string };
  };
  /** The client program: run with `--plan <file> --outcomes <file>` (schema/client-plan.schema.json). */
  client?: { command: string[]; transports?: ('stdio' | 'http' | 'sse')[] };
  /** The folder the manifest lives in; commands run there. */
  dir: string;
}


export function availableAdapters(): string[] {
  return readdirSync(ADAPTERS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(ADAPTERS_DIR, d.name, 'adapter.yaml')))
    .map((d) => d.name)
    .sort();
}

/** `name` is a folder under adapters/, or a path to a folder holding adapter.yaml. */
export function loadAdapter(name: string): AdapterManifest {
  const looksLikePath = name.includes('/') || name.startsWith('.') || isAbsolute(name);
  const dir = looksLikePath ? resolve(name) : join(ADAPTERS_DIR, name);
  const file = join(dir, 'adapter.yaml');
  if (!existsSync(file)) {
    throw new UsageError(
      looksLikePath
        ? `No adapter manifest at ${file}. An adapter folder holds an adapter.yaml (see schema/adapter.schema.json).`
        : `Unknown adapter '${name}'. Available adapters: ${availableAdapters().join(', ')}. Pass one of them, or a path to a folder holding an adapter.yaml.`,
    );
  }
  const { source } = readValidatedYaml<Omit<AdapterManifest, 'dir'>>(file, 'adapter.schema.json');
  const manifest = { ...(source.value as Omit<AdapterManifest, 'dir'>), dir };
  if (!looksLikePath && manifest.name !== name) {
    throw new FileProblems([`${locate(source, '/name')}: the adapter's name '${manifest.name}' must equal its folder name '${name}'`]);
  }
  for (const t of ['stdio', 'http'] as const) {
    const extra = (manifest.server?.[t]?.protocolVersions ?? []).filter((v) => !manifest.protocolVersions.includes(v));
    if (extra.length) {
      throw new FileProblems([`${locate(source, `/server/${t}/protocolVersions`)}: ${extra.join(', ')} not in the adapter's protocolVersions; a transport serves a subset of them`]);
    }
  }
  return manifest;
}
