import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishCi } from './ci.js';
import { record, summaryOf } from './test-helpers.js';

const sink = () => {
  const chunks: string[] = [];
  return { chunks, write: (t: string) => chunks.push(t) };
};

describe('publishCi', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const records = [record({ verdict: 'fail' })];

  it('appends summary.md to GITHUB_STEP_SUMMARY and prints annotations under GitHub Actions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ci-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'summary.md'), '## run\n');
    const step = join(dir, 'step.md');
    writeFileSync(step, 'earlier step\n');
    const out = sink();
    const err = sink();
    publishCi(dir, records, summaryOf(records), { env: { GITHUB_STEP_SUMMARY: step, GITHUB_ACTIONS: 'true' }, out, err });
    expect(readFileSync(step, 'utf8')).toBe('earlier step\n## run\n');
    expect(out.chunks.join('')).toMatch(/^::error title=tools\.list-result /);
    expect(err.chunks).toEqual([]);
  });

  it('warns instead of crashing when the step summary cannot be written, and is quiet outside CI', () => {
    const out = sink();
    const err = sink();
    publishCi('/nonexistent', records, summaryOf(records), { env: { GITHUB_STEP_SUMMARY: '/nonexistent/dir/step.md' }, out, err });
    expect(err.chunks.join('')).toMatch(/^warning: could not append the job summary/);
    expect(out.chunks).toEqual([]);
  });
});
