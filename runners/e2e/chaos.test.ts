// The harness against servers that misbehave at the transport level: every mode of the chaos fixture
// (adapters/chaos), over each transport it applies to, run through the CLI as a user would. Whatever the
// server does, the run ends within its bounds, exits 1 or 3 (0 where a mode is harmless to these
// scenarios), writes every report with a verdict for every selected check, and leaves no process behind.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS, MODE_NAMES, type ChaosTransport } from '../../adapters/chaos/modes.js';
import type { RunRecord, Verdict } from '../model.js';
import { BOUNDS, chaosRuns, EXIT_MARGIN_MS, expectedChecks, inPool, recordKey, REPORT_FILES, runChaos, runName, type ChaosOutcome, type ChaosRun } from './chaos-runs.js';

interface Expectation {
  exitCodes: number[];
  /** Every check the selected cases define has this verdict. */
  every?: Verdict;
  /** Every record of a check (`check`, or `scenario:check` for one case) has one of these verdicts; there is at least one. */
  checks?: Record<string, Verdict[]>;
  /** Verdicts no record may carry. */
  never?: Verdict[];
  /** What the one-paragraph error on stderr says. */
  stderr?: RegExp;
}

/** The handshake is answered correctly in every mode that lets the probe through. */
const HANDSHAKE_OK = { 'lifecycle.initialize-result': ['pass'] } satisfies Expectation['checks'];
const ALL_PASS: Expectation = { exitCodes: [0], every: 'pass', never: ['fail', 'error', 'timeout', 'warn'] };

function expectationFor({ mode, transport }: ChaosRun): Expectation {
  const stdio = transport === 'stdio';
  switch (mode) {
    case 'none':
      return ALL_PASS;
    // The target cannot be prepared: exit 3, and every selected check says so.
    case 'hang-before-handshake':
      // Over HTTP too, the first initialize is given the start-up bound, not just --timeout.
      return { exitCodes: [3], every: 'error', stderr: new RegExp(`did not answer initialize within ${BOUNDS.startupTimeoutMs} ms`) };
    case 'exit-at-once':
      return { exitCodes: [3], every: 'error', stderr: stdio ? /exited with code 3 before answering initialize/ : /exited with code 3 before it was ready/ };
    case 'redirect-loop':
      return { exitCodes: [3], every: 'error', stderr: /cannot be reached: .*redirect/ };
    case 'hang-after-handshake':
    case 'close-mid-stream':
      return { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['timeout'], 'base.id-echo-integer': ['timeout'] }, never: ['error'] };
    case 'crash-mid-message': {
      // The server died (stdio) or cut the body (HTTP) while the check waited: fail, at once.
      const halfLine: Record<string, Verdict[]> = stdio ? { 'server.ping.ping:stdio.stdout-only-mcp': ['fail'] } : {};
      return { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['fail'], 'base.id-echo-integer': ['fail'], ...halfLine }, never: ['error', 'timeout'] };
    }
    case 'garbage-stdout':
      // stdio: every answer still arrives, between lines the stdout rule rejects. HTTP: a non-JSON 200 body is no answer.
      return stdio
        ? { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['pass'], 'stdio.stdout-only-mcp': ['fail'] }, never: ['error', 'timeout'] }
        : { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['timeout'] }, never: ['error'] };
    case 'huge-message':
      // A 20 MB answer is a correct answer; it may take longer than --timeout (1 s) to arrive on a loaded machine, and nothing is blamed on the server.
      return { exitCodes: [0, 1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['pass', 'timeout'] }, never: ['fail', 'error'] };
    case 'slow-drip':
      // Cut off mid-answer by the harness at --timeout: a timeout, not a stdout line blamed on the server.
      return { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['timeout'] }, never: ['fail', 'error'] };
    case 'notification-flood':
      return ALL_PASS;
    case 'unsolicited-responses':
    case 'duplicate-responses':
      return { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['pass'], 'jsonrpc.responses-answer-requests': ['fail'] }, never: ['error', 'timeout'] };
    case 'wrong-ids':
      return {
        exitCodes: [1],
        checks: {
          ...HANDSHAKE_OK,
          'ping.empty-result': ['timeout'],
          'base.id-echo-integer': ['timeout'],
          'server.ping.ping:jsonrpc.responses-answer-requests': ['fail'],
          'server.base.request-ids:jsonrpc.responses-answer-requests': ['fail'],
        },
        never: ['error'],
      };
    case 'http-500':
      return { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['fail'], 'base.id-echo-integer': ['fail'] }, never: ['error', 'timeout'] };
    case 'sse-never-ends':
      // The first answer comes on a stream that never ends; the next never comes.
      return { exitCodes: [1], checks: { ...HANDSHAKE_OK, 'ping.empty-result': ['pass'], 'base.id-echo-integer': ['pass'], 'base.id-echo-string': ['timeout'] }, never: ['error'] };
    case 'wrong-content-type':
      // Harmless here: the harness reads a JSON body whatever its media type, and no check of these scenarios judges it.
      return ALL_PASS;
  }
}

const runs = chaosRuns();
const outcomes = new Map<string, ChaosOutcome>();
/** Runs with other bounds than the table's, kept for clean-up. */
const boundRuns: ChaosOutcome[] = [];
const expected = new Map<ChaosTransport, Set<string>>();
const JUDGED: Verdict[] = ['pass', 'fail', 'warn', 'skip', 'error', 'timeout'];

function recordsOf(o: ChaosOutcome, key: string): RunRecord[] {
  const [scenario, check] = key.includes(':') ? key.split(':') : [undefined, key];
  return o.records.filter((r) => r.check === check && (scenario === undefined || r.scenario === scenario));
}

/** A short account of a run for assertion messages. */
function describeRun(o: ChaosOutcome): string {
  const notPassing = o.records.filter((r) => r.verdict !== 'pass').map((r) => `${r.scenario} ${r.check}: ${r.verdict} ${r.message.slice(0, 120)}`);
  return `${runName(o.run)} (exit ${o.exitCode}, ${o.seconds.toFixed(1)} s)\nstderr: ${o.stderr.slice(-1500)}\n${notPassing.join('\n')}`;
}

describe('the harness against the chaos fixture', () => {
  beforeAll(async () => {
    for (const t of ['stdio', 'http'] as const) expected.set(t, await expectedChecks(t));
    // Two runs at a time, each with --jobs 2: the machine's two cores stay busy without starving the bounds.
    for (const o of await inPool(runs, 2, runChaos)) outcomes.set(runName(o.run), o);
  }, 300_000);

  // The huge-message transcripts alone take a few hundred MB.
  afterAll(() => {
    for (const o of [...outcomes.values(), ...boundRuns]) rmSync(o.out, { recursive: true, force: true });
  });

  it('covers every mode over every transport it applies to, with a control run of the correct server', () => {
    for (const mode of ['none', ...MODE_NAMES]) expect(runs.some((r) => r.mode === mode), mode).toBe(true);
    // ping.ping (1 check), lifecycle.initialize (3), base.request-ids (3)
    for (const t of ['stdio', 'http'] as const) expect(expected.get(t)?.size).toBe(7);
  });

  it.each(runs.map((r) => [runName(r), r] as const))('%s: ends in bounds, reports every check, leaves no process', (name, run) => {
    const o = outcomes.get(name);
    if (!o) throw new Error(`${name} did not run`);
    const why = describeRun(o);
    const expectation = expectationFor(run);

    expect(o.seconds * 1000, why).toBeLessThan(BOUNDS.runTimeoutMs + EXIT_MARGIN_MS);
    expect(expectation.exitCodes, why).toContain(o.exitCode);
    expect(o.stderr, why).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    if (expectation.stderr) expect(o.stderr, why).toMatch(expectation.stderr);
    expect(o.taggedBefore).toEqual([]);
    expect(o.taggedAfter, why).toEqual([]);

    for (const file of REPORT_FILES) expect(o.files[file], `${file} missing: ${why}`).toBe(true);
    const summary = JSON.parse(readFileSync(join(o.out, 'summary.json'), 'utf8')) as { complete: boolean; cases: { planned: number; done: number } };
    expect(summary.complete, why).toBe(true);
    expect(summary.cases.done, why).toBe(summary.cases.planned);

    // Every check of every selected case has exactly one record, with a verdict that judges it.
    const wanted = expected.get(run.transport) ?? new Set<string>();
    const scenarioRecords = o.records.filter((r) => wanted.has(recordKey(r)));
    expect(scenarioRecords.map(recordKey).sort(), why).toEqual([...wanted].sort());
    for (const r of o.records) expect(JUDGED, `${r.scenario} ${r.check}`).toContain(r.verdict);

    if (expectation.every) for (const r of scenarioRecords) expect(r.verdict, `${r.scenario} ${r.check}: ${why}`).toBe(expectation.every);
    for (const [key, verdicts] of Object.entries(expectation.checks ?? {})) {
      const found = recordsOf(o, key);
      expect(found.length, `no record of ${key}: ${why}`).toBeGreaterThan(0);
      for (const r of found) expect(verdicts, `${r.scenario} ${r.check} (${r.message}): ${why}`).toContain(r.verdict);
    }
    for (const r of o.records) expect(expectation.never ?? [], `${r.scenario} ${r.check} (${r.message}): ${why}`).not.toContain(r.verdict);
  });

  it('the run bound cuts short a server that hangs before its handshake, and the case bound one that drips', async () => {
    const [hung, dripping] = await Promise.all([
      // The start-up bound alone would wait 30 s; the run's 4 s win.
      runChaos({ mode: 'hang-before-handshake', transport: 'stdio' }, { ...BOUNDS, startupTimeoutMs: 30_000, runTimeoutMs: 4000 }),
      // Each wait alone may last 20 s; the case's 1.5 s win.
      runChaos({ mode: 'slow-drip', transport: 'http' }, { ...BOUNDS, timeoutMs: 20_000, caseTimeoutMs: 1500 }),
    ]);
    for (const o of [hung, dripping]) {
      boundRuns.push(o);
      expect(o.taggedAfter, describeRun(o)).toEqual([]);
      for (const file of REPORT_FILES) expect(o.files[file], `${file} missing: ${describeRun(o)}`).toBe(true);
    }
    expect(hung.exitCode, describeRun(hung)).toBe(3);
    expect(hung.seconds * 1000, describeRun(hung)).toBeLessThan(4000 + EXIT_MARGIN_MS);
    expect(hung.records.length).toBeGreaterThan(0);
    for (const r of hung.records) expect(r, describeRun(hung)).toMatchObject({ verdict: 'timeout', message: expect.stringMatching(/--run-timeout/) });
    expect(dripping.exitCode, describeRun(dripping)).toBe(1);
    expect(dripping.seconds * 1000, describeRun(dripping)).toBeLessThan(20_000);
    for (const r of recordsOf(dripping, 'ping.empty-result')) expect(r, describeRun(dripping)).toMatchObject({ verdict: 'timeout', message: expect.stringMatching(/--case-timeout/) });
  });

  it('notification-flood really floods: the ping case saw at least a batch of notifications before its answer', () => {
    for (const transport of ['stdio', 'http'] as const) {
      const o = outcomes.get(runName({ mode: 'notification-flood', transport }));
      if (!o) throw new Error(`notification-flood over ${transport} did not run`);
      const transcript = readFileSync(join(o.out, 'transcripts', `server.ping.ping.${transport}.2025-11-25.jsonl`), 'utf8');
      const flood = transcript.split('\n').filter((l) => l.includes('"notifications/message"')).length;
      expect(flood, transport).toBeGreaterThanOrEqual(LIMITS.floodBatch);
    }
  });
});
