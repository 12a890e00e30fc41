// The TypeScript SDK adapters (v1, the reference for the handshake era; v2, for the stateless era) over
// both transports and every version: everything passes except what each baseline lists with evidence.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWithBaseline, loadBaseline } from '../../reports/baseline.js';
import { ADAPTERS_DIR } from '../paths.js';
import { liveProcessCount } from '../targets/processes.js';
import { runAdapter } from './run-helpers.js';

const cases = (['typescript', 'typescript-v2'] as const).flatMap((adapter) => (['stdio', 'http'] as const).map((transport) => ({ adapter, transport })));

describe.each(cases)('$adapter adapter over $transport', ({ adapter, transport }) => {
  afterAll(() => expect(liveProcessCount()).toBe(0));
  const baseline = loadBaseline(join(ADAPTERS_DIR, adapter, 'expected-failures.yaml'));

  it('passes every check but its known failures, for every version', async () => {
    const { records, summary } = await runAdapter(adapter, { transports: [transport] });
    expect(summary.complete).toBe(true);
    expect(records.filter((r) => r.verdict === 'error' || r.verdict === 'timeout')).toEqual([]);
    const { unexpected, stale } = compareWithBaseline(records, baseline.filter((b) => !b.transports || b.transports.includes(transport)));
    expect(unexpected.map((r) => `${r.check} ${r.specVersion}: ${r.verdict} ${r.message}`)).toEqual([]);
    expect(stale.map((b) => b.check)).toEqual([]);
    // At least 40 distinct checks are judged on the latest handshake version.
    expect(summary.distinctChecks[transport]?.['2025-11-25']).toBeGreaterThanOrEqual(40);
    for (const v of ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25']) expect(summary.byVersion[v]?.pass).toBeGreaterThan(0);
    // A skip always says why.
    for (const r of records.filter((x) => x.verdict === 'skip')) expect(r.message).not.toBe('');
  });
});

// v1 also serves the legacy HTTP+SSE transport (SSEServerTransport), which runs 2024-11-05 only; v2 has none.
describe('typescript adapter over sse (legacy HTTP+SSE)', () => {
  afterAll(() => expect(liveProcessCount()).toBe(0));
  const baseline = loadBaseline(join(ADAPTERS_DIR, 'typescript', 'expected-failures.yaml'));

  it('passes every check but its known failures', async () => {
    const { records, summary } = await runAdapter('typescript', { transports: ['sse'] });
    expect(summary.complete).toBe(true);
    expect(records.filter((r) => r.verdict === 'error' || r.verdict === 'timeout')).toEqual([]);
    expect([...new Set(records.map((r) => r.specVersion))]).toEqual(['2024-11-05']);
    const { unexpected, stale } = compareWithBaseline(records, baseline.filter((b) => !b.transports || b.transports.includes('sse')));
    expect(unexpected.map((r) => `${r.check} ${r.specVersion}: ${r.verdict} ${r.message}`)).toEqual([]);
    expect(stale.map((b) => b.check)).toEqual([]);
    expect(summary.distinctChecks.sse?.['2024-11-05']).toBeGreaterThanOrEqual(40);
  });
});
