// Requirement coverage: which MUST / MUST NOT requirements of a version at least one check cites,
// per area, with the ones judged untestable (and why) kept apart from the ones not yet covered.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileProblems } from '../runners/errors.js';
import type { ClientScenario, Scenario } from '../runners/model.js';
import { TRANSCRIPT_CHECKS } from '../runners/engine/score-transcript.js';
import { SUITES_DIR } from '../runners/paths.js';
import type { Catalogues, Requirement } from '../runners/suites/requirements.js';
import { readYaml } from '../runners/suites/yaml-source.js';

export type Role = 'server' | 'client';

export interface AreaCoverage {
  area: string;
  total: number;
  covered: number;
  untestable: number;
}

export interface Coverage {
  version: string;
  role: Role;
  areas: AreaCoverage[];
  total: number;
  covered: number;
  untestable: number;
  /** covered / (total − untestable) */
  percent: number;
  /** The same without the authorization area, which the client role is not yet judged on. */
  withoutAuthorization: { covered: number; testable: number; percent: number };
  uncovered: Requirement[];
  untestableRows: (Requirement & { reason: string })[];
  /** Requirement id → the checks citing it. */
  citedBy: Record<string, string[]>;
}

/** suites/requirements/untestable/<version>.yaml: `untestable: [{ id, reason }]`. */
function loadUntestable(version: string): Map<string, string> {
  const file = join(SUITES_DIR, 'requirements', 'untestable', `${version}.yaml`);
  if (!existsSync(file)) return new Map();
  const { source, problems } = readYaml(file);
  if (!source) throw new FileProblems(problems);
  const rows = (source.value as { untestable?: { id: string; reason: string }[] }).untestable ?? [];
  return new Map(rows.map((r) => [r.id, r.reason]));
}

export function computeCoverage(catalogues: Catalogues, scenarios: Scenario[], version: string, role: Role, clientScenarios: ClientScenario[] = []): Coverage {
  const catalogue = catalogues.get(version);
  if (!catalogue) throw new Error(`no requirement catalogue for ${version}`);
  const untestable = loadUntestable(version);
  const citedBy: Record<string, string[]> = {};
  // Server rows are judged by the server suites and the transcript checks that run in every case;
  // client rows by the client suites.
  const checks =
    role === 'client' ? clientScenarios.flatMap((s) => s.checks) : [...scenarios.flatMap((s) => s.steps.flatMap((step) => step.checks)), ...TRANSCRIPT_CHECKS];
  for (const c of checks) for (const ref of c.spec) if (ref.version === version) (citedBy[ref.ref] ??= []).push(c.id);

  // Scored: the spec's own MUST / MUST NOT rows binding this role; rows derived by this project are not counted.
  const rows = [...catalogue.values()].filter(
    (r) => !r.origin && (r.level === 'MUST' || r.level === 'MUST NOT') && (r.side === role || r.side === 'both'),
  );
  const byArea = new Map<string, AreaCoverage>();
  const uncovered: Requirement[] = [];
  const untestableRows: (Requirement & { reason: string })[] = [];
  for (const r of rows) {
    const a = byArea.get(r.area) ?? { area: r.area, total: 0, covered: 0, untestable: 0 };
    a.total++;
    if (citedBy[r.id]) a.covered++;
    else if (untestable.has(r.id)) {
      a.untestable++;
      untestableRows.push({ ...r, reason: untestable.get(r.id) as string });
    } else uncovered.push(r);
    byArea.set(r.area, a);
  }
  const areas = [...byArea.values()].sort((x, y) => x.area.localeCompare(y.area));
  const total = rows.length;
  const covered = areas.reduce((n, a) => n + a.covered, 0);
  const untestableCount = areas.reduce((n, a) => n + a.untestable, 0);
  const testable = total - untestableCount;
  const auth = byArea.get('authorization') ?? { covered: 0, total: 0, untestable: 0 };
  const restCovered = covered - auth.covered;
  const restTestable = testable - (auth.total - auth.untestable);
  return {
    version,
    role,
    areas,
    total,
    covered,
    untestable: untestableCount,
    percent: percentOf(covered, testable),
    withoutAuthorization: { covered: restCovered, testable: restTestable, percent: percentOf(restCovered, restTestable) },
    uncovered,
    untestableRows,
    citedBy,
  };
}

const percentOf = (part: number, whole: number) => (whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10);

export function formatCoverage(c: Coverage): string {
  const w = c.withoutAuthorization;
  const lines = [
    `Coverage of ${c.role}-side MUST / MUST NOT requirements of ${c.version}: ${c.covered} of ${c.total - c.untestable} testable (${c.percent}%); ${c.untestable} judged untestable`,
    `  without the authorization area: ${w.covered} of ${w.testable} (${w.percent}%)`,
  ];
  lines.push(`${'area'.padEnd(18)}${'total'.padStart(7)}${'covered'.padStart(9)}${'untestable'.padStart(12)}${'%'.padStart(8)}`);
  for (const a of c.areas) {
    const testable = a.total - a.untestable;
    const pct = testable === 0 ? '—' : `${Math.round((a.covered / testable) * 100)}`;
    lines.push(`${a.area.padEnd(18)}${String(a.total).padStart(7)}${String(a.covered).padStart(9)}${String(a.untestable).padStart(12)}${pct.padStart(8)}`);
  }
  if (c.uncovered.length) {
    lines.push('', 'Not covered yet:');
    for (const r of c.uncovered) lines.push(`  ${r.id.padEnd(12)} ${r.level.padEnd(9)} ${r.text}`);
  }
  if (c.untestableRows.length) {
    lines.push('', 'Judged untestable:');
    for (const r of c.untestableRows) lines.push(`  ${r.id.padEnd(12)} ${r.reason}`);
  }
  return lines.join('\n') + '\n';
}
