// How many distinct checks the suites hold per area and protocol era (extensions counted apart).
import type { Scenario } from '../model.js';
import { allChecks } from '../engine/run-scenario.js';

export interface AreaCount {
  area: string;
  handshake: number;
  stateless: number;
  /** Distinct checks in the area, whatever the era. */
  total: number;
}

export function checkCountsByArea(scenarios: Scenario[]): AreaCount[] {
  const byArea = new Map<string, { handshake: Set<string>; stateless: Set<string>; all: Set<string> }>();
  for (const s of scenarios) {
    const area = s.extension ? `${s.area} (extension)` : s.area;
    const entry = byArea.get(area) ?? { handshake: new Set(), stateless: new Set(), all: new Set() };
    byArea.set(area, entry);
    for (const c of allChecks(s)) {
      entry.all.add(c.id);
      for (const era of s.eras) entry[era].add(c.id);
    }
  }
  return [...byArea.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([area, e]) => ({ area, handshake: e.handshake.size, stateless: e.stateless.size, total: e.all.size }));
}

export function formatCheckCounts(rows: AreaCount[]): string {
  const sum = (k: 'handshake' | 'stateless' | 'total') => rows.reduce((n, r) => n + r[k], 0);
  const line = (a: string, h: number | string, s: number | string, t: number | string) => `${a.padEnd(28)}${String(h).padStart(10)}${String(s).padStart(10)}${String(t).padStart(8)}\n`;
  return line('area', 'handshake', 'stateless', 'total') + rows.map((r) => line(r.area, r.handshake, r.stateless, r.total)).join('') + line('all', sum('handshake'), sum('stateless'), sum('total'));
}
