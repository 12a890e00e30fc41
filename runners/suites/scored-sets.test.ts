import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSIONS } from '../versions.js';
import { loadClientScenarios } from './load-client-scenarios.js';
import { loadScenarios } from './load-scenarios.js';
import { applicableChecks, freezeScoredSet, loadScoredSet, scoredSetDrift, type ApplicableCheck } from './scored-sets.js';

const scenarios = loadScenarios();
const clientScenarios = loadClientScenarios();

describe('the committed scored sets', () => {
  for (const version of PROTOCOL_VERSIONS) {
    it(`${version}: valid, frozen over checks that exist, scoring only core MUST-level checks`, () => {
      const set = loadScoredSet(version);
      expect(set, `suites/scored/${version}.yaml`).toBeDefined();
      const applicable = applicableChecks(version, scenarios, clientScenarios);
      const drift = scoredSetDrift(set!, applicable);
      // A listed check that no longer exists would silently lower the bar; new checks are pending by design.
      expect(drift.gone).toEqual([]);
      const byKey = new Map(applicable.map((a) => [`${a.role} ${a.check}`, a]));
      for (const role of ['server', 'client'] as const) {
        for (const id of set![role]) {
          const a = byKey.get(`${role} ${id}`)!;
          expect(a.extension, id).toBeUndefined();
          expect(['MUST', 'MUST NOT'], id).toContain(a.level);
        }
      }
      expect(set!.server.length).toBeGreaterThan(50);
    });
  }

  it('exclude the tasks extension at 2026-07-28 and the experimental tasks before it', () => {
    expect(loadScoredSet('2026-07-28')!.excluded.filter((e) => e.reason === 'extension').length).toBeGreaterThan(10);
    expect(loadScoredSet('2025-11-25')!.excluded.some((e) => e.reason === 'experimental' && e.check.startsWith('tasks.'))).toBe(true);
  });
});

describe('freezing', () => {
  const a = (check: string, exclusion?: ApplicableCheck['exclusion']): ApplicableCheck => ({ check, role: 'server', title: check, level: 'MUST', ...(exclusion && { exclusion }) });

  it('keeps the revision while nothing changes, bumps it when the lists do, and keeps hand-made pending exclusions', () => {
    const first = freezeScoredSet('2025-11-25', [a('x.one'), a('x.two', { reason: 'advisory', note: 'SHOULD' })], undefined, '2026-01-01');
    expect(first).toMatchObject({ revision: 1, frozenAt: '2026-01-01', server: ['x.one'], client: [] });
    expect(freezeScoredSet('2025-11-25', [a('x.one'), a('x.two', { reason: 'advisory', note: 'SHOULD' })], first, '2026-02-01')).toBe(first);
    const pending = { ...first, excluded: [...first.excluded, { check: 'x.three', role: 'server' as const, reason: 'pending' as const, note: 'under review' }] };
    const next = freezeScoredSet('2025-11-25', [a('x.one'), a('x.two', { reason: 'advisory', note: 'SHOULD' }), a('x.three'), a('x.four')], pending, '2026-03-01');
    expect(next).toMatchObject({ revision: 2, frozenAt: '2026-03-01', server: ['x.one', 'x.four'] });
    expect(next.excluded.find((e) => e.check === 'x.three')).toMatchObject({ reason: 'pending', note: 'under review' });
  });

  it('reports checks newer than the frozen set as unlisted', () => {
    const set = freezeScoredSet('2025-11-25', [a('x.one')], undefined, '2026-01-01');
    expect(scoredSetDrift(set, [a('x.one'), a('x.new')])).toEqual({ unlisted: [a('x.new')], gone: [] });
    expect(scoredSetDrift(set, [])).toEqual({ unlisted: [], gone: [{ role: 'server', check: 'x.one' }] });
  });
});
