// Comparing a run with its baseline: what is unexpected, what is stale, and entries for races in the SDK.
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../runners/model.js';
import { compareWithBaseline, type BaselineEntry } from './baseline.js';

const record = (check: string, verdict: RunRecord['verdict'], transport: RunRecord['transport'] = 'stdio') =>
  ({ check, verdict, transport, specVersion: '2025-11-25' }) as RunRecord;

describe('compareWithBaseline', () => {
  const entry: BaselineEntry = { check: 'tools.a', verdict: 'fail', evidence: 'seen' };

  it('finds failures the baseline does not list, and listed failures that now pass', () => {
    expect(compareWithBaseline([record('tools.a', 'fail'), record('tools.b', 'fail')], [entry]).unexpected.map((r) => r.check)).toEqual(['tools.b']);
    expect(compareWithBaseline([record('tools.a', 'pass')], [entry]).stale).toEqual([entry]);
    expect(compareWithBaseline([record('tools.a', 'warn')], [entry]).unexpected.map((r) => r.verdict)).toEqual(['warn']);
    // Scoped by transport: a pass elsewhere does not make it stale.
    const stdioOnly = { ...entry, transports: ['stdio' as const] };
    expect(compareWithBaseline([record('tools.a', 'fail'), record('tools.a', 'pass', 'http')], [stdioOnly])).toEqual({ unexpected: [], stale: [] });
  });

  it('lets an intermittent entry pass or fail without either being reported', () => {
    const racy = { ...entry, intermittent: true as const };
    expect(compareWithBaseline([record('tools.a', 'pass')], [racy])).toEqual({ unexpected: [], stale: [] });
    expect(compareWithBaseline([record('tools.a', 'fail')], [racy])).toEqual({ unexpected: [], stale: [] });
    expect(compareWithBaseline([record('tools.a', 'timeout')], [racy]).unexpected).toHaveLength(1);
  });
});
