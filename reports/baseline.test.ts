// Comparing a run with its baseline: what is unexpected, what is stale, and entries for races in the SDK.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../runners/model.js';
import { compareWithBaseline, loadBaseline, updatedBaseline, type BaselineEntry } from './baseline.js';

const record = (check: string, verdict: RunRecord['verdict'], transport: RunRecord['transport'] = 'stdio', scenario = 'server.tools.x') =>
  ({ check, verdict, transport, scenario, specVersion: '2025-11-25', message: `${check} broke`, title: check }) as RunRecord;

function file(text: string): string {
  const f = join(mkdtempSync(join(tmpdir(), 'mcp-conform-baseline-')), 'baseline.yaml');
  writeFileSync(f, text);
  return f;
}

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

  it("reads the official suite's format: server/client lists of scenario or scenario:check, any failing verdict", () => {
    const entries = loadBaseline(file('server:\n  - server.tools.x\nclient:\n  - client.base.ping:client.ping-answered\n'));
    expect(entries).toMatchObject([{ scenario: 'server.tools.x', check: '*', verdict: 'any' }, { scenario: 'client.base.ping', check: 'client.ping-answered', verdict: 'any' }]);
    const records = [record('tools.a', 'fail'), record('tools.b', 'timeout'), record('tools.c', 'fail', 'stdio', 'server.tools.y')];
    expect(compareWithBaseline(records, entries).unexpected.map((r) => r.check)).toEqual(['tools.c']);
    // A listed scenario that now passes everywhere is stale.
    expect(compareWithBaseline([record('tools.a', 'pass')], entries).stale).toMatchObject([{ scenario: 'server.tools.x' }]);
  });

  it('--update-baseline rewrites a file to list exactly the failures, keeping evidence and the format', () => {
    const ours = file('failures:\n  - check: tools.a\n    verdict: fail\n    evidence: seen on the wire\n  - check: tools.gone\n    verdict: fail\n    evidence: fixed since\n');
    const records = [record('tools.a', 'fail'), record('tools.a', 'fail', 'http'), record('tools.new', 'warn'), record('tools.ok', 'pass')];
    const rewritten = parse(updatedBaseline(ours, records)) as { failures: BaselineEntry[] };
    expect(rewritten.failures).toEqual([
      { check: 'tools.a', verdict: 'fail', transports: ['http', 'stdio'], versions: ['2025-11-25'], evidence: 'seen on the wire' },
      { check: 'tools.new', verdict: 'warn', transports: ['stdio'], versions: ['2025-11-25'], evidence: 'tools.new broke' },
    ]);
    const official = file('server:\n  - server.tools.old\n');
    expect(parse(updatedBaseline(official, [...records, record('client.x', 'fail', 'http', 'client.base.ping')]))).toEqual({
      server: ['server.tools.x:tools.a', 'server.tools.x:tools.new'],
      client: ['client.base.ping:client.x'],
    });
  });
});
