// One client case: the harness plays the server (scripted), starts the adapter's client program with a
// plan, waits for it to finish (bounded), and judges what crossed the wire and what the program reported.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failVerdict } from '../engine/run-scenario.js';
import { refs } from '../engine/transcript/rule.js';
import { match } from '../match/matcher.js';
import { formatViolations } from '../schema/json-schema.js';
import { hasSchema, validateWireMessage } from '../schema/mcp-schema.js';
import { idKey } from '../wire/connection.js';
import type { CheckResult, CheckSpec, WireEvent } from '../model.js';
import { spawnProcess } from '../targets/processes.js';
import { listenForBridge } from './bridge-listener.js';
import { listenHttp } from './http-endpoint.js';
import { declares, ScriptedServer } from './scripted-server.js';
import { DEFAULT_SCRIPT, mapStrings, type ServerScript } from './server-script.js';

export interface ClientPlan {
  protocolVersion?: string;
  capabilities?: Record<string, unknown>;
  answers?: Record<string, unknown>;
  actions: Record<string, unknown>[];
}

export interface ClientCaseInput {
  scenario: string;
  checks: CheckSpec[];
  server: Partial<ServerScript>;
  /** A client capability the checks need (a dotted path); without it every check is `unsupported`. */
  requiresClient?: string;
  plan: ClientPlan;
  /** The client program and the folder it runs in. */
  command: string[];
  cwd: string;
  version: string;
  transport: 'stdio' | 'http';
  /** Bound on the whole case, and on each action of the plan. */
  timeoutMs: number;
  /** Extra environment for the client program (e.g. the faulty client's faults). */
  env?: Record<string, string>;
}

export interface ClientCaseResult {
  checks: CheckResult[];
  transcript: WireEvent[];
  outcomes: unknown[];
  exit: string;
  stderrTail: string;
}

export async function runClientCase(input: ClientCaseInput): Promise<ClientCaseResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-conform-client-'));
  const { endpoint, target, server } = await serve(input);
  const planFile = join(dir, 'plan.json');
  const outcomesFile = join(dir, 'outcomes.jsonl');
  writeFileSync(planFile, JSON.stringify({ ...input.plan, protocolVersion: input.plan.protocolVersion ?? input.version, timeoutMs: Math.min(input.timeoutMs, 120_000), target }));
  const [program, ...args] = input.command as [string, ...string[]];
  const proc = spawnProcess(program, [...args, '--plan', planFile, '--outcomes', outcomesFile], { cwd: input.cwd, ...(input.env && { env: input.env }) });
  // The plan has its own per-action bound; the case as a whole gets a little more than all of them.
  const bound = input.timeoutMs * (input.plan.actions.length + 2);
  const timer = setTimeout(() => void proc.stop(), bound);
  const exit = await proc.exited;
  clearTimeout(timer);
  await proc.stop();
  await endpoint.close();
  const outcomes = readOutcomes(outcomesFile);
  rmSync(dir, { recursive: true, force: true });

  const events = endpoint.timeline.events;
  const messages = events.filter((e) => e.direction === 'in' && e.kind === 'message').map((e) => e.message);
  const subject = {
    messages,
    /** The methods of the client's requests and notifications, in the order it sent them. */
    methods: messages.flatMap((m) => (typeof m === 'object' && m !== null && typeof (m as { method?: unknown }).method === 'string' ? [(m as { method: string }).method] : [])),
    noise: events.filter((e) => e.kind === 'noise').map((e) => e.raw),
    /** HTTP: each request the client made (method, its headers) and the status the harness answered. */
    exchanges: events.filter((e) => e.kind === 'http').map((e) => e.http),
    negotiated: server.negotiated ?? null,
    outcomes,
    exit: { code: exit.code ?? null, describe: exit.describe },
  };
  const finished = outcomes.some((o) => typeof o === 'object' && o !== null && (o as { event?: unknown }).event === 'done');
  const lacking = input.requiresClient && finished && !declares(server.clientCapabilities, input.requiresClient);
  const checks = input.checks.map((check): CheckResult => {
    const base = { scenario: input.scenario, check: check.id, title: check.title, level: check.level, spec: check.spec };
    if (lacking) return { ...base, verdict: 'unsupported', message: `the client does not declare the capability ${input.requiresClient}` };
    const mismatch = match(check.expect, subject);
    if (!mismatch) return { ...base, verdict: 'pass', message: '' };
    // A client program that never reached the end of its plan cannot be judged on what it did not do.
    if (!finished) return { ...base, verdict: 'error', message: `the client program did not finish its plan (${exit.describe}); ${mismatch.at}: ${mismatch.problem}` };
    return { ...base, verdict: failVerdict(check), message: `${check.title} — ${mismatch.at}: ${mismatch.problem}` };
  });
  const schema = scoreClientMessages(input.scenario, events, server.negotiated ?? input.version);
  return { checks: [...checks, ...(schema ? [schema] : [])], transcript: events, outcomes, exit: exit.describe, stderrTail: proc.stderrTail() };
}

/** Judged on every client case: what the client sent is valid under the negotiated version's schema. */
export const CLIENT_SCHEMA_CHECK = {
  id: 'client.wire-schema',
  title: 'Every message the client sends is valid under the negotiated version’s JSON Schema',
  level: 'MUST' as const,
  spec: refs({ '2025-11-25': ['SCH-001', 'BASE-002'] }),
};

function scoreClientMessages(scenario: string, events: WireEvent[], version: string): CheckResult | undefined {
  if (!hasSchema(version)) return undefined;
  // The harness's own requests, so that an answer is judged against the result type of what it answers.
  const asked = new Map<string, string>();
  /** Those that carried `params.task`: the client may answer them with a CreateTaskResult. */
  const taskAugmented = new Set<string>();
  for (const e of events) {
    const m = e.message as Record<string, unknown> | undefined;
    if (e.direction !== 'out' || !m || typeof m.method !== 'string' || !('id' in m)) continue;
    asked.set(idKey(m.id), m.method);
    const params = m.params as Record<string, unknown> | undefined;
    if (params && typeof params.task === 'object' && params.task !== null) taskAugmented.add(idKey(m.id));
  }
  const problems: string[] = [];
  for (const e of events) {
    if (e.direction !== 'in' || e.kind !== 'message') continue;
    const m = e.message as Record<string, unknown>;
    const answersMethod = m && typeof m === 'object' && !('method' in m) ? asked.get(idKey(m.id)) : undefined;
    // The validator names the client's side 'out' (the side the harness takes when it is the client).
    const v = validateWireMessage(version, 'out', m, answersMethod ? { answersMethod, taskAugmented: taskAugmented.has(idKey(m.id)) } : {});
    if (!v.ok) problems.push(`message #${e.seq}${answersMethod ? ` (answer to ${answersMethod})` : ''} against ${v.definition}: ${formatViolations(v.violations)}`);
  }
  const messages = events.filter((e) => e.direction === 'in' && e.kind === 'message').length;
  if (messages === 0) return undefined;
  return {
    scenario,
    check: CLIENT_SCHEMA_CHECK.id,
    title: CLIENT_SCHEMA_CHECK.title,
    level: CLIENT_SCHEMA_CHECK.level,
    spec: CLIENT_SCHEMA_CHECK.spec,
    verdict: problems.length ? 'fail' : 'pass',
    message: problems.length ? `${problems.length} schema violation(s) under ${version}: ${problems.slice(0, 3).join(' | ')}` : '',
  };
}

/** The server side of the case: the stdio bridge, or a Streamable HTTP endpoint, with the scripted server behind it. */
async function serve(input: ClientCaseInput) {
  if (input.transport === 'http') {
    const endpoint = await listenHttp(input.server.http);
    // "$docs/<name>" in the script is the URL at which the endpoint serves that document.
    const docs = endpoint.url.replace(/\/mcp$/, '/docs/');
    const script = mapStrings(input.server, (s) => (s.startsWith('$docs/') ? docs + s.slice('$docs/'.length) : s)) as Partial<ServerScript>;
    const server = new ScriptedServer({ ...DEFAULT_SCRIPT, ...script }, () => {});
    endpoint.onMessage((m, out) => server.receive(m, out));
    return { endpoint, server, target: { transport: 'http', url: endpoint.url } };
  }
  const endpoint = await listenForBridge();
  const server = new ScriptedServer({ ...DEFAULT_SCRIPT, ...input.server }, (m) => endpoint.send(m));
  endpoint.onMessage((m) => void server.receive(m));
  return { endpoint, server, target: { transport: 'stdio', command: endpoint.command } };
}

function readOutcomes(file: string): unknown[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        return JSON.parse(l) as unknown;
      } catch {
        return { unreadable: l.slice(0, 200) };
      }
    });
}
