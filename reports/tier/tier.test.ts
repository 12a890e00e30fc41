import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileProblems } from '../../runners/errors.js';
import type { RunRecord } from '../../runners/model.js';
import { record, summaryOf } from '../test-helpers.js';
import { assessTier } from './assess.js';
import { conformanceLeg } from './conformance.js';
import { combineEvidence, loadEvidence } from './evidence.js';
import { conformanceLegOf, isStableVersion, p0Leg, stableReleaseLeg, triageLeg } from './legs.js';
import type { ScoredSet, TierEvidence } from './model.js';
import { renderTierMarkdown, shortBlockers } from './render-tier.js';

const tmp = mkdtempSync(join(tmpdir(), 'mcp-conform-tier-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const SET: ScoredSet = {
  specVersion: '2025-11-25',
  revision: 3,
  frozenAt: '2026-11-26',
  server: ['a.one', 'a.two', 'a.three', 'a.four', 'a.five', 'wire.schema'],
  client: ['client.x'],
  excluded: [{ check: 'a.ext', role: 'server', reason: 'extension', note: 'n' }],
};

const server = (check: string, verdict: RunRecord['verdict'], o: Partial<RunRecord> = {}) => record({ scenario: 'server.area.s', check, verdict, ...o });

const FULL_EVIDENCE: TierEvidence = {
  sdk: 'typescript',
  specTracking: { '2025-11-25': { release: '1.23.0', releasedAt: '2025-11-20' } },
  triage: { issues: 10, within2BusinessDays: 9, withinOneMonth: 10 },
  p0: { issues: 2, within7Days: 2, within14Days: 2 },
  stableRelease: { latest: '1.32.2' },
  docs: { level: 'comprehensive' },
  dependencyPolicy: { published: true },
  roadmap: { level: 'published' },
};

describe('the conformance leg', () => {
  it('scores each check over every transport: any failing record fails it, warn/skip only is not counted, no record is not run', () => {
    const records = [
      server('a.one', 'pass'),
      server('a.one', 'pass', { transport: 'http' }),
      server('a.two', 'pass'),
      server('a.two', 'timeout', { transport: 'http', message: 'no answer' }),
      server('a.three', 'warn'),
      server('a.three', 'skip', { transport: 'http' }),
      server('a.four', 'unsupported'),
      // Extension records never count, even under a scored id; other versions neither.
      server('a.five', 'fail', { extension: 'io.modelcontextprotocol/tasks' }),
      server('a.five', 'fail', { specVersion: '2025-06-18' }),
    ];
    const leg = conformanceLeg(records, SET, 'server');
    const outcome = Object.fromEntries(leg.checks.map((c) => [c.check, c.outcome]));
    expect(outcome).toEqual({ 'a.one': 'passed', 'a.two': 'failed', 'a.three': 'not-counted', 'a.four': 'failed', 'a.five': 'not-run', 'wire.schema': 'not-counted' });
    expect(leg).toMatchObject({ passed: 1, failed: 2, notCounted: 2, notRun: 1, rate: 1 / 3, scoredSetRevision: 3 });
    expect(leg.checks.find((c) => c.check === 'a.two')).toMatchObject({ byTransport: { stdio: 'pass', http: 'timeout' }, message: 'timeout on http: no answer' });
  });

  it('keeps the roles apart by scenario id', () => {
    const leg = conformanceLeg([record({ scenario: 'client.base.x', check: 'client.x', verdict: 'fail' }), server('a.one', 'pass')], SET, 'client');
    expect(leg).toMatchObject({ passed: 0, failed: 1 });
  });

  it('allows Tier 1 only at 100% with every scored check run, Tier 2 from 80%', () => {
    const leg = (passed: number, failed: number, notRun = 0) => ({ role: 'server' as const, specVersion: 'v', scoredSetRevision: 1, passed, failed, notCounted: 0, notRun, rate: passed / (passed + failed), checks: [] });
    const set = { revision: 1, server: ['x'], client: [] };
    expect(conformanceLegOf(leg(10, 0), 'server', set).meets).toBe(1);
    expect(conformanceLegOf(leg(10, 0, 1), 'server', set).meets).toBe(2);
    expect(conformanceLegOf(leg(8, 2), 'server', set).meets).toBe(2);
    expect(conformanceLegOf(leg(79, 21), 'server', set).meets).toBe(3);
    expect(conformanceLegOf(undefined, 'server', set)).toMatchObject({ measured: false, value: 'not measured' });
    expect(conformanceLegOf(undefined, 'client', set)).toMatchObject({ measured: true, meets: 1 });
  });
});

describe('the evidence legs', () => {
  it('judges triage at 90% within 2 business days and 80% within a month', () => {
    expect(triageLeg({ triage: { issues: 10, within2BusinessDays: 9, withinOneMonth: 9 } }, 'f').meets).toBe(1);
    expect(triageLeg({ triage: { issues: 10, within2BusinessDays: 8, withinOneMonth: 8 } }, 'f').meets).toBe(2);
    expect(triageLeg({ triage: { issues: 10, within2BusinessDays: 5, withinOneMonth: 7 } }, 'f').meets).toBe(3);
    expect(triageLeg({ triage: { issues: 0, within2BusinessDays: 0, withinOneMonth: 0 } }, 'f')).toMatchObject({ meets: 1, value: 'no issue due in the window' });
    expect(triageLeg({}, 'f').measured).toBe(false);
  });

  it('judges P0 resolution at 7 and 14 days', () => {
    expect(p0Leg({ p0: { issues: 3, within7Days: 3, within14Days: 3 } }, 'f').meets).toBe(1);
    expect(p0Leg({ p0: { issues: 3, within7Days: 2, within14Days: 3 } }, 'f').meets).toBe(2);
    expect(p0Leg({ p0: { issues: 3, within7Days: 1, within14Days: 2 } }, 'f').meets).toBe(3);
  });

  it('reads a stable release from the runs, and needs the history only for a pre-1.0 SDK', () => {
    expect(isStableVersion('1.0.0')).toBe(true);
    expect(isStableVersion('v2.3.1')).toBe(true);
    expect(isStableVersion('1.0.0-rc.1')).toBe(false);
    expect(isStableVersion('0.16.0')).toBe(false);
    expect(stableReleaseLeg('1.32.2', {}, 'f')).toMatchObject({ meets: 1, source: 'runs' });
    expect(stableReleaseLeg('0.16.0', {}, 'f')).toMatchObject({ measured: false, upTo: 2 });
    expect(stableReleaseLeg('0.16.0', { stableRelease: { latest: '1.0.0' } }, 'f').meets).toBe(2);
    expect(stableReleaseLeg('0.16.0', { stableRelease: { latest: null } }, 'f').meets).toBe(3);
  });
});

describe('an assessment', () => {
  const run = (records: RunRecord[]) => ({ dir: tmp, records, summary: { ...summaryOf(records), sdk: { package: 'pkg', version: '0.9.0' } } });
  const allPass = [...SET.server.map((c) => server(c, 'pass')), record({ scenario: 'client.a.b', check: 'client.x', verdict: 'pass' })];
  const now = new Date('2026-11-26T00:00:00Z');

  it('without evidence gives the tier the measured legs allow, leaves the tier unconfirmed and names what is missing', () => {
    const r = assessTier({ adapter: 'typescript', runs: [run(allPass)], set: SET, evidence: combineEvidence([]), now });
    expect(r.tier).toBeUndefined();
    // 0.9.0 is not stable: Tier 1 is out of reach whatever the rest says.
    expect(r.measuredTier).toBe(2);
    expect(r.notMeasured).toEqual(['spec-tracking', 'triage', 'p0-resolution', 'stable-release', 'docs', 'dependency-policy', 'roadmap']);
    expect(r.blockers[0]).toMatch(/^New protocol features: not measured/);
    expect(r.blockers.some((b) => b.startsWith('Stable release: 0.9.0, the release judged, is not stable'))).toBe(true);
    expect(shortBlockers(r)).toBe('to Tier 1: Stable release (0.9.0, the release judged, is not stable); 6 leg(s) not measured');
  });

  it('with every leg measured gives a confirmed tier, and the lowest leg decides', () => {
    const evidence = combineEvidence([{ evidence: { ...FULL_EVIDENCE, stableRelease: { latest: '1.0.0' } }, from: 'evidence e.yaml' }]);
    const stable = { ...run(allPass), summary: { ...run(allPass).summary, sdk: { package: 'pkg', version: '1.2.0' } } };
    expect(assessTier({ adapter: 'typescript', runs: [stable], set: SET, evidence, now })).toMatchObject({ tier: 1, measuredTier: 1, blockers: [], notMeasured: [] });
    const slowTriage = combineEvidence([{ evidence: { ...FULL_EVIDENCE, triage: { issues: 10, within2BusinessDays: 5, withinOneMonth: 9 } }, from: 'evidence e.yaml' }]);
    const r = assessTier({ adapter: 'typescript', runs: [stable], set: SET, evidence: slowTriage, now });
    expect(r).toMatchObject({ tier: 2, measuredTier: 2 });
    expect(r.blockers).toEqual(['Issue triage: 50.0% within 2 business days, 90.0% within a month (10 issues); Tier 1 needs ≥ 90% triaged within 2 business days']);
    expect(r.legs.find((l) => l.id === 'triage')?.source).toBe('evidence e.yaml');
  });

  it('renders adapter strings inert in Markdown', () => {
    const hostile = [server('a.one', 'fail', { message: '<img src=x onerror=alert(1)> | **x**' })];
    const md = renderTierMarkdown(assessTier({ adapter: '<b>x</b>', runs: [run(hostile)], set: SET, evidence: combineEvidence([]), now }));
    expect(md).not.toContain('<img');
    expect(md).not.toContain('<b>');
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt; \\| \\*\\*x\\*\\*');
  });
});

describe('evidence files', () => {
  it('are validated with positions, and subset counts may not exceed the whole', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'sdk: typescript\ntriage:\n  issues: 3\n  within2BusinessDays: many\n  withinOneMonth: 2\n');
    expect(() => loadEvidence(bad)).toThrow(FileProblems);
    expect(() => loadEvidence(bad)).toThrow(/bad\.yaml:4:\d+: must be integer — see schema\/tier-evidence\.schema\.json/);
    const over = join(tmp, 'over.yaml');
    writeFileSync(over, 'sdk: typescript\np0:\n  issues: 1\n  within7Days: 2\n  within14Days: 2\n');
    expect(() => loadEvidence(over)).toThrow(/over\.yaml:4:\d+: within7Days \(2\) exceeds issues \(1\)/);
    const good = join(tmp, 'good.yaml');
    writeFileSync(good, 'sdk: typescript\ndocs: { level: basic }\n');
    expect(loadEvidence(good)).toEqual({ sdk: 'typescript', docs: { level: 'basic' } });
  });

  it('combine with the earlier source winning, each leg remembering where it came from', () => {
    const c = combineEvidence([
      { evidence: { docs: { level: 'basic' } }, from: 'file' },
      { evidence: { docs: { level: 'comprehensive' }, triage: { issues: 1, within2BusinessDays: 1, withinOneMonth: 1 } }, from: 'GitHub' },
    ]);
    expect(c.evidence.docs).toEqual({ level: 'basic' });
    expect(c.from).toEqual({ docs: 'file', triage: 'GitHub' });
  });
});
