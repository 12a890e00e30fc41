import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, found from this file whether it runs from the sources or from dist/. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'suites'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the mcp-conform project root');
    dir = up;
  }
}

export const ROOT = findRoot();
export const SUITES_DIR = join(ROOT, 'suites');
export const SCHEMA_DIR = join(ROOT, 'schema');
export const ADAPTERS_DIR = join(ROOT, 'adapters');

export const HARNESS = {
  name: 'mcp-conform',
  version: (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version,
};
