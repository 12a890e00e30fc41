// The harness proving its own verdicts: every fault of the fault fixtures (adapters/faulty for servers,
// adapters/faulty-client for clients) must trip the checks it claims, and the fixtures with no fault on
// must pass every check. A check no fault trips could never fail: that is a defect of the suite.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CLIENT_SCHEMA_CHECK } from '../client-role/run-client-case.js';
import { runPool } from '../engine/pool.js';
import { selectScenarios } from '../engine/matrix.js';
import { TRANSCRIPT_CHECKS } from '../engine/score-transcript.js';
import type { RunRecord, TransportKind, Verdict } from '../model.js';
import { UsageError } from '../errors.js';
import { ADAPTERS_DIR } from '../paths.js';
import { TRANSCRIPT_LEVEL_CHECKS } from '../suites/scored-sets.js';
import { ALL_CLIENT_SCENARIOS, ALL_SCENARIOS, runClientFixture, runServerFixture } from './run-fixture.js';

export type Role = 'server' | 'client';

/** One entry of a faults.yaml registry. */
export interface FaultSpec {
  description: string;
  breaks: string[];
  transports?: TransportKind[];
  /** Server faults: the protocol version(s) to prove it on (default 2025-11-25). */
  versions?: string[];
  /** Server faults: scenario ids or globs to prove it on (default: the scenarios holding its checks). */
  scenarios?: string[];
}

export const FIXTURE: Record<Role, { adapter: string; env: string }> = {
  server: { adapter: 'faulty', env: 'MCP_CONFORM_FAULTS' },
  client: { adapter: 'faulty-client', env: 'MCP_CONFORM_CLIENT_FAULTS' },
};

/** Verdicts that show a check tripped (a SHOULD-level check warns). */
const TRIPPED: readonly Verdict[] = ['fail', 'warn', 'timeout'];

export function loadFaults(role: Role): Record<string, FaultSpec> {
  const file = join(ADAPTERS_DIR, FIXTURE[role].adapter, 'faults.yaml');
  return (parse(readFileSync(file, 'utf8')) as { faults: Record<string, FaultSpec> }).faults;
}

/** Every check id of a role's suites. */
export function checkIds(role: Role): string[] {
  const ids = role === 'server' ? [...ALL_SCENARIOS.flatMap((s) => s.steps.flatMap((st) => st.checks.map((c) => c.id))), ...TRANSCRIPT_CHECKS.map((c) => c.id)] : [...ALL_CLIENT_SCENARIOS.flatMap((s) => s.checks.map((c) => c.id)), CLIENT_SCHEMA_CHECK.id];
  return [...new Set(ids)];
}

/** The scenarios that hold a fault's checks (transcript checks live in every scenario). */
export function scenariosFor(role: Role, fault: FaultSpec): string[] {
  if (role === 'client') return ALL_CLIENT_SCENARIOS.filter((s) => s.checks.some((c) => fault.breaks.includes(c.id))).map((s) => s.id);
  if (fault.scenarios) return selectScenarios(ALL_SCENARIOS, fault.scenarios).map((s) => s.id);
  const own = ALL_SCENARIOS.filter((s) => s.steps.some((st) => st.checks.some((c) => fault.breaks.includes(c.id))));
  if (own.length === 0 && fault.breaks.some((id) => TRANSCRIPT_LEVEL_CHECKS.has(id))) return ALL_SCENARIOS.map((s) => s.id);
  return own.map((s) => s.id);
}

export interface FaultProof {
  role: Role;
  fault: string;
  transport: TransportKind;
  /** Claimed checks that tripped. */
  tripped: string[];
  /** Claimed checks judged here that did not trip: the fault does not do what it says. */
  missed: { check: string; verdicts: Verdict[] }[];
  /** Claimed checks with nothing to judge on this transport (a stdio-only scenario over http, say). */
  unjudged: string[];
  /** Other checks of the same scenarios that tripped, besides the schema-level ones (steps that follow a broken one). */
  collateral: string[];
}

function transportsOf(role: Role, fault: FaultSpec): TransportKind[] {
  const all = fault.transports ?? ['stdio', 'http'];
  // The harness plays the server on stdio and http only, for the client role.
  return role === 'client' ? all.filter((t) => t === 'stdio' || t === 'http') : all;
}

function judge(role: Role, fault: string, spec: FaultSpec, transport: TransportKind, records: RunRecord[]): FaultProof {
  const proof: FaultProof = { role, fault, transport, tripped: [], missed: [], unjudged: [], collateral: [] };
  for (const check of spec.breaks) {
    const verdicts = records.filter((r) => r.check === check).map((r) => r.verdict);
    if (verdicts.length === 0 || verdicts.every((v) => v === 'skip')) proof.unjudged.push(check);
    else if (verdicts.some((v) => TRIPPED.includes(v))) proof.tripped.push(check);
    else proof.missed.push({ check, verdicts: [...new Set(verdicts)] });
  }
  const claimed = new Set(spec.breaks);
  proof.collateral = [...new Set(records.filter((r) => TRIPPED.includes(r.verdict) && !claimed.has(r.check) && !TRANSCRIPT_LEVEL_CHECKS.has(r.check)).map((r) => r.check))].sort();
  return proof;
}

export async function proveFault(role: Role, fault: string, spec: FaultSpec, transport: TransportKind): Promise<FaultProof> {
  const options = { scenarios: scenariosFor(role, spec), transports: [transport], env: { [FIXTURE[role].env]: fault }, jobs: 2 };
  try {
    const { records } = role === 'server' ? await runServerFixture(FIXTURE.server.adapter, { ...options, versions: spec.versions ?? ['2025-11-25'] }) : await runClientFixture(FIXTURE.client.adapter, options);
    return judge(role, fault, spec, transport, records);
  } catch (e) {
    // None of the fault's scenarios runs over this transport: its claims are judged on the others.
    if (e instanceof UsageError && e.message.startsWith('Nothing to run')) return judge(role, fault, spec, transport, []);
    throw e;
  }
}

/** The fixture with no fault on: the checks that did not pass (anything but pass or skip is a defect). */
export async function proveClean(role: Role): Promise<{ failing: string[]; passed: Set<string>; seen: Set<string> }> {
  const { records } = role === 'server' ? await runServerFixture(FIXTURE.server.adapter, { transports: ['stdio', 'http', 'sse'] }) : await runClientFixture(FIXTURE.client.adapter);
  return {
    failing: [...new Set(records.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip').map((r) => `${r.check} (${r.transport} ${r.specVersion}: ${r.verdict})`))],
    passed: new Set(records.filter((r) => r.verdict === 'pass').map((r) => r.check)),
    seen: new Set(records.map((r) => r.check)),
  };
}

export interface SelftestRow {
  role: Role;
  check: string;
  /** Faults that tripped it, with the transports they did so on. */
  trippedBy: string[];
  passesClean: boolean;
  /** A transcript rule the fault-free fixture never gives anything to judge (its unit tests prove it passes). */
  unexercised?: true;
}

export interface SelftestReport {
  rows: SelftestRow[];
  faults: number;
  proofs: FaultProof[];
  cleanFailures: string[];
  /** Every way the proof falls short: checks no fault trips, faults that miss their claims, unknown ids, clean failures. */
  problems: string[];
}

/** `clean: false` leaves out the fault-free runs, for callers that prove those their own way (the e2e tests, per transport). */
export async function selftest(o: { roles: Role[]; jobs: number; clean?: boolean; onProgress?: (done: number, total: number, proof: FaultProof) => void }): Promise<SelftestReport> {
  const problems: string[] = [];
  const proofs: FaultProof[] = [];
  const rows: SelftestRow[] = [];
  const cleanFailures: string[] = [];
  let faultCount = 0;
  for (const role of o.roles) {
    const faults = loadFaults(role);
    faultCount += Object.keys(faults).length;
    const ids = checkIds(role);
    for (const [name, spec] of Object.entries(faults)) for (const check of spec.breaks) if (!ids.includes(check)) problems.push(`${role} fault ${name} claims ${check}, which no scenario defines`);
    const jobs = Object.entries(faults).flatMap(([name, spec]) => transportsOf(role, spec).map((transport) => ({ name, spec, transport })));
    await runPool(jobs, o.jobs, async ({ name, spec, transport }) => {
      const proof = await proveFault(role, name, spec, transport);
      proofs.push(proof);
      o.onProgress?.(proofs.filter((p) => p.role === role).length, jobs.length, proof);
    });
    const mine = proofs.filter((p) => p.role === role);
    for (const p of mine) for (const m of p.missed) problems.push(`${role} fault ${p.fault} over ${p.transport} did not trip ${m.check} (verdicts: ${m.verdicts.join(', ')})`);
    // A claim judged nowhere was never proven.
    for (const [name, spec] of Object.entries(faults)) {
      for (const check of spec.breaks) if (!mine.some((p) => p.fault === name && (p.tripped.includes(check) || p.missed.some((m) => m.check === check)))) problems.push(`${role} fault ${name}: ${check} never ran under it`);
    }
    const clean = o.clean === false ? undefined : await proveClean(role);
    cleanFailures.push(...(clean?.failing ?? []).map((f) => `${role}: ${f}`));
    for (const check of ids.sort()) {
      const trippedBy = mine.filter((p) => p.tripped.includes(check)).map((p) => `${p.fault}/${p.transport}`);
      // A transcript rule writes a record only when the wire holds what it speaks of; one the fault-free
      // fixture never provokes is proven to pass by its unit tests on hand-made transcripts instead.
      const unexercised = clean !== undefined && TRANSCRIPT_LEVEL_CHECKS.has(check) && !clean.seen.has(check);
      rows.push({ role, check, trippedBy, passesClean: clean ? clean.passed.has(check) || unexercised : true, ...(unexercised && { unexercised }) });
      if (trippedBy.length === 0) problems.push(`${role} check ${check} is tripped by no fault: it could never fail`);
      if (clean && !clean.passed.has(check) && !unexercised) problems.push(`${role} check ${check} never passed on the fixture with no fault: it could never pass`);
    }
  }
  problems.push(...cleanFailures.map((f) => `with no fault on, ${f}`));
  return { rows, faults: faultCount, proofs, cleanFailures, problems };
}

/** The table the command prints: check → faults that trip it → result; then the totals. */
export function renderSelftest(r: SelftestReport): string {
  const lines = ['| role | check | tripped by | passes with no fault | result |', '| --- | --- | --- | --- | --- |'];
  for (const row of r.rows) {
    const faults = [...new Set(row.trippedBy.map((t) => t.split('/')[0]))];
    const shown = faults.length > 3 ? `${faults.slice(0, 3).join(', ')} +${faults.length - 3}` : faults.join(', ') || '—';
    const clean = row.unexercised ? 'not provoked (unit-tested)' : row.passesClean ? 'yes' : 'NO';
    lines.push(`| ${row.role} | ${row.check} | ${shown} | ${clean} | ${faults.length && row.passesClean ? 'ok' : 'DEFECT'} |`);
  }
  const untripped = r.rows.filter((x) => x.trippedBy.length === 0).length;
  const collateral = r.proofs.filter((p) => p.collateral.length > 0).length;
  lines.push(
    '',
    `${r.rows.length} checks, ${r.faults} faults (${r.proofs.length} fault × transport runs); checks without a tripping fault: ${untripped}; checks that never pass with no fault: ${r.rows.filter((x) => !x.passesClean).length}; transcript rules the fault-free fixture never provokes: ${r.rows.filter((x) => x.unexercised).length}; fault runs that also tripped other checks of their scenarios: ${collateral}.`,
  );
  if (r.problems.length) lines.push('', `${r.problems.length} problem(s):`, ...r.problems.map((p) => `- ${p}`));
  return lines.join('\n') + '\n';
}
