// Runs one scenario on one connection for one protocol version and judges every check.
import { bearerChallenge } from '../auth/www-authenticate.js';
import { getPath, preview } from '../match/path.js';
import { interpolate, MissingCapture } from '../match/interpolate.js';
import { match } from '../match/matcher.js';
import type { CaseResult, CheckResult, CheckSpec, Condition, ConnectStep, Envelope, HttpExchange, Scenario, Step, TransportKind, Verdict, WireEvent } from '../model.js';
import { HARNESS } from '../paths.js';
import { ClientSession, type RequestOutcome } from '../session/client-session.js';
import { delay } from '../targets/processes.js';
import { eraOf, sendsVersionHeader } from '../versions.js';
import type { Connection } from '../wire/connection.js';
import { HttpConnection } from '../wire/http-connection.js';
import { scoreTranscript } from './score-transcript.js';

export interface CaseContext {
  scenario: Scenario;
  transport: TransportKind;
  version: string;
  timeoutMs: number;
  /** Over stdio each case starts the server: its first answer may take this long (start-up included). */
  startupTimeoutMs?: number;
  /** Whether the target exposes the fixture surface. */
  fixture: boolean;
  /** Variables the case starts with (authorization cases: `auth.*`, see runners/auth/case-auth.ts). */
  vars?: Record<string, unknown>;
  /** Bound on the whole case, whatever its steps wait for: past it, the step under way and the rest are `timeout`. */
  caseTimeoutMs?: number;
  open(): Promise<Connection>;
}

/** The case ran past its bound (--case-timeout). */
class CaseTimedOut extends Error {}

/** A promise that rejects once the case's bound has passed; `cancel` when the case ends first. */
function caseDeadline(ms: number | undefined, started: number): { expired: Promise<never>; cancel(): void } | undefined {
  if (ms === undefined) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CaseTimedOut(`the case ran past its bound of ${ms} ms (--case-timeout)`)), Math.max(0, started + ms - Date.now()));
  });
  // Nobody may be racing it when it fires (between steps, or while the transcript is scored).
  expired.catch(() => undefined);
  return { expired, cancel: () => clearTimeout(timer) };
}

/** Why a step could not produce something to judge; later steps are then not reached. */
interface Halt {
  verdict: Verdict;
  reason: string;
}

type Subject = Record<string, unknown>;

/** What a check that does not hold is worth: fail for MUST rows, warn for SHOULD rows, skip for MAY. */
export function failVerdict(check: CheckSpec): Verdict {
  if (check.level === 'MUST' || check.level === 'MUST NOT') return 'fail';
  if (check.level === 'SHOULD' || check.level === 'SHOULD NOT') return 'warn';
  return 'skip';
}

function result(scenario: Scenario, check: CheckSpec, verdict: Verdict, message: string): CheckResult {
  return { scenario: scenario.id, check: check.id, title: check.title, level: check.level, verdict, message, spec: check.spec };
}

export function allChecks(scenario: Scenario): CheckSpec[] {
  return scenario.steps.flatMap((s) => s.checks);
}

export async function runScenario(ctx: CaseContext): Promise<CaseResult> {
  const { scenario } = ctx;
  const started = Date.now();
  const results: CheckResult[] = [];
  const era = eraOf(ctx.version);
  const base = { scenario: scenario.id, transport: ctx.transport, specVersion: ctx.version, era, ...(scenario.extension && { extension: scenario.extension }) };
  const skipAll = (reason: string): CaseResult => ({
    ...base,
    durationMs: Date.now() - started,
    checks: allChecks(scenario).map((c) => result(scenario, c, 'skip', reason)),
    transcript: [],
  });

  if (scenario.fixture && !ctx.fixture) return skipAll('needs the fixture surface (adapters/FIXTURE.md); run it with --adapter');
  const unmetTransport = scenario.requires.find((r) => r.transport && r.transport !== ctx.transport);
  if (unmetTransport) return skipAll(`applies to the ${unmetTransport.transport} transport only`);

  let conn: Connection;
  try {
    conn = await ctx.open();
  } catch (e) {
    return {
      ...base,
      durationMs: Date.now() - started,
      checks: allChecks(scenario).map((c) => result(scenario, c, 'error', `could not connect: ${(e as Error).message}`)),
      transcript: [],
    };
  }

  const firstAnswer = conn.transport === 'stdio' ? ctx.startupTimeoutMs : undefined;
  const session = new ClientSession(conn, ctx.timeoutMs, scenario.answers, firstAnswer);
  const vars: Record<string, unknown> = { ...ctx.vars, protocolVersion: ctx.version };
  let capabilities: Record<string, unknown> | undefined;
  let negotiated: string | undefined;
  let halt: Halt | undefined;
  const sends = new Map<string, Awaited<ReturnType<ClientSession['sendRequest']>>>();
  const deadline = caseDeadline(ctx.caseTimeoutMs, started);
  const inFlight: Promise<void>[] = [];
  let previousStepSeq = 0;

  const conditionHolds = (c: Condition | undefined): string | undefined => {
    if (!c) return undefined;
    if (c.transport && c.transport !== ctx.transport) return `applies to the ${c.transport} transport only`;
    if (c.era && c.era !== era) return `applies to the ${c.era} era only`;
    if (c.captured !== undefined) {
      const value = vars[c.captured];
      if (value === undefined) return `nothing was captured as '${c.captured}'`;
      if (c.matches !== undefined && match(c.matches, value)) return `'${c.captured}' is ${preview(value, 60)}`;
    }
    if (c.capability) {
      if (!capabilities) return `needs the server capability '${c.capability}', and no capabilities were negotiated`;
      if (getPath(capabilities, c.capability) === undefined) return `the server does not declare the capability '${c.capability}'`;
    }
    if (c.extension) {
      // Extension ids hold dots and a slash, so they are looked up as one key rather than as a path.
      if (!capabilities) return `needs the server extension '${c.extension}', and no capabilities were negotiated`;
      const declared = capabilities.extensions;
      if (typeof declared !== 'object' || declared === null || !(c.extension in declared)) return `the server does not declare the extension '${c.extension}'`;
    }
    return undefined;
  };

  try {
    for (const step of scenario.steps) {
      // A step for another transport or era never applies here, whatever happened before it.
      const notHere =
        (step.kind === 'http' && ctx.transport !== 'http' ? 'an HTTP exchange applies to the http transport only' : undefined) ??
        (step.when?.transport && step.when.transport !== ctx.transport ? `applies to the ${step.when.transport} transport only` : undefined) ??
        (step.when?.era && step.when.era !== era ? `applies to the ${step.when.era} era only` : undefined);
      if (halt && !notHere) {
        for (const c of step.checks) results.push(result(scenario, c, halt.verdict, `not reached: ${halt.reason}`));
        continue;
      }
      const stepSkip =
        notHere ??
        conditionHolds(step.when) ??
        (step.kind !== 'connect' ? scenario.requires.map(conditionHolds).find(Boolean) : undefined);
      if (stepSkip) {
        for (const c of step.checks) results.push(result(scenario, c, 'skip', stepSkip));
        continue;
      }
      const stepStart = conn.timeline.nextSeq;
      const scenarioAnswers = session.answers;
      session.answers = { ...scenarioAnswers, ...step.answers };
      let subject: Subject | undefined;
      try {
        const running = executeStep(step);
        // A step abandoned at the deadline settles later, when the connection closes; nobody awaits it then.
        running.catch(() => undefined);
        const outcome = await (deadline ? Promise.race([running, deadline.expired]) : running);
        subject = outcome.subject;
        // An HTTP answer with WWW-Authenticate also shows its (Bearer) challenge, parsed, as `challenge`.
        const wwwAuthenticate = (subject?.http as HttpExchange | undefined)?.headers?.['www-authenticate'];
        if (subject && wwwAuthenticate !== undefined) subject.challenge = bearerChallenge(wwwAuthenticate);
        halt = outcome.halt;
      } catch (e) {
        if (e instanceof CaseTimedOut) {
          halt = { verdict: 'timeout', reason: e.message };
          for (const c of step.checks) results.push(result(scenario, c, 'timeout', e.message));
          continue;
        }
        if (!(e instanceof MissingCapture)) throw e;
        for (const c of step.checks) results.push(result(scenario, c, failVerdict(c), `could not be evaluated: ${e.message}`));
        continue;
      } finally {
        session.answers = scenarioAnswers;
      }
      if (step.kind !== 'listen') previousStepSeq = stepStart;
      if (halt && !subject) {
        for (const c of step.checks) results.push(result(scenario, c, halt.verdict, halt.reason));
        continue;
      }
      if (subject) {
        for (const [name, path] of Object.entries(step.capture)) vars[name] = getPath(subject, path);
        for (const c of step.checks) results.push(judge(c, subject));
      }
    }
  } catch (e) {
    // A harness fault must not be blamed on the implementation under test.
    const reason = `harness fault: ${(e as Error).stack ?? String(e)}`;
    const judged = new Set(results.map((r) => r.check));
    for (const c of allChecks(scenario)) if (!judged.has(c.id)) results.push(result(scenario, c, 'error', reason));
  } finally {
    deadline?.cancel();
    await conn.close();
    // Requests sent without waiting end with the connection; bounded all the same.
    await Promise.race([Promise.allSettled(inFlight), delay(ctx.timeoutMs)]);
  }

  const evaluated = results.some((r) => r.verdict !== 'skip');
  results.push(...scoreTranscript(scenario, conn.timeline.events, negotiated ?? ctx.version, evaluated));
  return {
    ...base,
    ...(negotiated && { negotiatedVersion: negotiated }),
    durationMs: Date.now() - started,
    checks: results,
    transcript: conn.timeline.events,
    ...(conn.stderrTail() && { stderrTail: conn.stderrTail() }),
  };

  // ---- step execution ----

  async function executeStep(step: Step): Promise<{ subject?: Subject; halt?: Halt }> {
    switch (step.kind) {
      case 'connect': {
        if (era === 'stateless') return discover(step);
        const requested = step.protocolVersion ?? ctx.version;
        const params = {
          protocolVersion: requested,
          capabilities: interpolate(step.capabilities ?? {}, vars),
          clientInfo: step.clientInfo ?? { name: HARNESS.name, version: HARNESS.version },
        };
        const outcome = await session.request('initialize', params);
        const done = fromOutcome(outcome, 'initialize');
        const res = outcome.kind === 'response' ? (outcome.message.result as Record<string, unknown> | undefined) : undefined;
        if (!res) return { ...done, halt: done.halt ?? { verdict: 'fail', reason: `initialize did not succeed: ${describeOutcome(outcome)}` } };
        negotiated = typeof res.protocolVersion === 'string' ? res.protocolVersion : undefined;
        capabilities = (res.capabilities as Record<string, unknown> | undefined) ?? {};
        vars.negotiatedVersion = negotiated;
        if (negotiated && sendsVersionHeader(negotiated)) conn.setProtocolVersion(negotiated);
        if (step.initialized) await session.notify('notifications/initialized', undefined);
        if (step.stream) await conn.openStandaloneStream();
        if (!step.protocolVersion && negotiated !== ctx.version) {
          // The server does not speak this version; that is judged by the lifecycle scenarios.
          return { ...done, halt: { verdict: 'skip', reason: `the server answered initialize for ${ctx.version} with ${preview(res.protocolVersion)}: it does not speak ${ctx.version}` } };
        }
        return done;
      }
      case 'request': {
        const outcome = await session.request(step.method, interpolate(step.params, vars), step.id, step.invalid, envelopeOf(step));
        return fromOutcome(outcome, step.method);
      }
      case 'notify': {
        const startSeq = await session.notify(step.method, interpolate(step.params, vars));
        return { subject: { http: httpOf(conn.timeline.events, startSeq) } };
      }
      case 'send': {
        const startSeq = conn.timeline.nextSeq;
        let json = step.raw === undefined ? (interpolate(step.json, vars) as Record<string, unknown>) : undefined;
        const isRequest = !!json && typeof json === 'object' && !Array.isArray(json) && typeof json.method === 'string' && 'id' in json;
        let headers: Record<string, string | null> | undefined;
        if (isRequest && json && !step.invalid) {
          // A well-formed request gets what every request of its era carries (stateless `_meta`, mirrored headers).
          const prepared = session.prepare(json.method as string, json.params);
          json = { ...json, ...(prepared.params !== undefined && { params: prepared.params }) };
          headers = prepared.headers;
        }
        if (isRequest && json && step.as) {
          sends.set(step.as, { key: JSON.stringify(json.id), id: json.id as string | number, method: String(json.method), startSeq });
        }
        const payload = step.raw ?? JSON.stringify(json);
        // Not awaited: over HTTP a POST may hold its answer until the request completes, and a
        // following send must still overlap it. Its HTTP answer shows up in later steps' subjects.
        inFlight.push(conn.send(payload, { deliberate: step.invalid, headers, ...(isRequest && json && { requestKey: JSON.stringify(json.id) }) }));
        await delay(0);
        return { subject: {} };
      }
      case 'await': {
        const sent = sends.get(step.label);
        if (!sent) throw new Error(`await ${step.label}: nothing was sent under that label`);
        return fromOutcome(await session.awaitResponse(sent), sent.method);
      }
      case 'disconnect': {
        const sent = sends.get(step.label);
        if (!sent) throw new Error(`disconnect ${step.label}: nothing was sent under that label`);
        if (!conn.disconnect(sent.key)) return { halt: { verdict: 'skip', reason: `disconnect needs a transport with one stream per request (HTTP), not ${ctx.transport}` } };
        return { subject: {} };
      }
      case 'listen': {
        const from = conn.timeline.nextSeq;
        const until = step.until === undefined ? undefined : interpolate(step.until, vars);
        const test = (e: WireEvent) => e.direction === 'in' && e.kind === 'message' && until !== undefined && match(until, e.message) === null;
        await conn.timeline.waitFor(test, from, step.forMs);
        const window = conn.timeline.events.slice(step.from === 'here' ? from : previousStepSeq);
        return {
          subject: {
            messages: window.filter((e) => e.direction === 'in' && e.kind === 'message').map((e) => e.message),
            // The same messages with the stream and SSE event id they came with (for resumption).
            events: window
              .filter((e) => e.direction === 'in' && e.kind === 'message')
              .map((e) => ({ channel: e.channel, ...(e.sseId !== undefined && { sseId: e.sseId }), message: e.message })),
            exchanges: window.filter((e) => e.kind === 'http').map((e) => e.http),
          },
        };
      }
      case 'paginate': {
        const items: unknown[] = [];
        const results: unknown[] = [];
        let cursor: unknown;
        let pages = 0;
        const cursors: unknown[] = [];
        for (;;) {
          const params = { ...(interpolate(step.params ?? {}, vars) as object), ...(cursor !== undefined && { cursor }) };
          const outcome = await session.request(step.method, params, undefined, false, envelopeOf(step));
          pages++;
          const page = fromOutcome(outcome, step.method);
          if (page.halt || !page.subject || !page.subject.result) {
            return { subject: { ...page.subject, items, results, pages, cursors, complete: false }, ...(page.halt && { halt: page.halt }) };
          }
          const res = page.subject.result as Record<string, unknown>;
          results.push(res);
          const list = res[step.items];
          if (Array.isArray(list)) items.push(...list);
          cursor = res.nextCursor;
          if (cursor === undefined) return { subject: { items, results, pages, cursors, complete: true } };
          cursors.push(cursor);
          if (pages >= step.maxPages) return { subject: { items, results, pages, cursors, complete: false } };
        }
      }
      case 'http': {
        if (!(conn instanceof HttpConnection)) return {};
        const body = step.body === undefined ? undefined : typeof step.body === 'string' ? step.body : JSON.stringify(interpolate(step.body, vars));
        const headers = step.headers ? (interpolate(step.headers, vars) as Record<string, string | null>) : {};
        if (step.url === undefined) return { subject: { http: await conn.exchange(step.method, headers, body) } };
        // Other URLs in turn (those naming a capture not made are passed over) until one answers 2xx.
        let last: { url: string; http: HttpExchange } | undefined;
        let missing: MissingCapture | undefined;
        for (const candidate of Array.isArray(step.url) ? step.url : [step.url]) {
          let url: string;
          try {
            url = String(interpolate(candidate, vars));
          } catch (e) {
            if (!(e instanceof MissingCapture)) throw e;
            missing ??= e;
            continue;
          }
          last = { url, http: await conn.exchange(step.method, headers, body, undefined, undefined, url) };
          if (last.http.status >= 200 && last.http.status < 300) break;
        }
        if (!last) throw missing ?? new MissingCapture('no URL to try');
        return { subject: { http: last.http, url: last.url } };
      }
      case 'sleep':
        await delay(step.ms);
        return {};
    }
  }

  /** Stateless era: no handshake; `server/discover` tells the versions and capabilities, and every request carries `_meta`. */
  async function discover(step: ConnectStep): Promise<{ subject?: Subject; halt?: Halt }> {
    const requested = step.protocolVersion ?? ctx.version;
    session.stateless = {
      protocolVersion: requested,
      clientCapabilities: interpolate(step.capabilities ?? {}, vars) as Record<string, unknown>,
      clientInfo: step.clientInfo ?? { name: HARNESS.name, version: HARNESS.version },
    };
    const outcome = await session.request('server/discover', {});
    const done = fromOutcome(outcome, 'server/discover');
    const res = outcome.kind === 'response' ? (outcome.message.result as Record<string, unknown> | undefined) : undefined;
    if (!res) {
      // A handshake-only server does not know server/discover: it does not speak this era.
      const reason = `server/discover did not succeed (${describeOutcome(outcome)}): the server does not speak ${ctx.version}`;
      // In authorization mode the request carried a valid token: a refusal is the server's fault, not a version it lacks.
      const refused = scenario.auth && outcome.kind === 'http-failure' && (outcome.http.http?.status === 401 || outcome.http.http?.status === 403);
      if (refused) return { ...done, halt: { verdict: 'fail', reason: `server/discover carrying a valid access token was refused with ${describeOutcome(outcome)}` } };
      return { ...done, halt: done.halt ?? { verdict: step.protocolVersion ? 'fail' : 'skip', reason } };
    }
    const supported = Array.isArray(res.supportedVersions) ? (res.supportedVersions as unknown[]) : [];
    capabilities = (res.capabilities as Record<string, unknown> | undefined) ?? {};
    negotiated = supported.includes(requested) ? requested : undefined;
    vars.negotiatedVersion = negotiated;
    if (!step.protocolVersion && !supported.includes(ctx.version)) {
      return { ...done, halt: { verdict: 'skip', reason: `server/discover lists ${preview(res.supportedVersions)}: the server does not speak ${ctx.version}` } };
    }
    return done;
  }

  function envelopeOf(step: Envelope): Envelope {
    return {
      ...(step.meta !== undefined && { meta: step.meta === false ? false : (interpolate(step.meta, vars) as Record<string, unknown>) }),
      ...(step.headers !== undefined && { headers: interpolate(step.headers, vars) as Record<string, string | null> }),
    };
  }

  function fromOutcome(outcome: RequestOutcome, method: string): { subject?: Subject; halt?: Halt } {
    if (outcome.kind === 'timeout') {
      // Responses that arrived but answered no request are the usual reason: show their ids.
      const stray = conn.timeline.events
        .slice(outcome.startSeq)
        .filter((e) => e.direction === 'in' && e.kind === 'message')
        .map((e) => e.message as Record<string, unknown>)
        .filter((m) => m && !('method' in m) && ('result' in m || 'error' in m));
      const seen = stray.length ? `; meanwhile ${stray.length} response(s) arrived with id ${stray.map((m) => preview(m.id, 30)).join(', ')}` : '';
      return { halt: { verdict: 'timeout', reason: `no response to ${method} within ${ctx.timeoutMs} ms${seen}` } };
    }
    if (outcome.kind === 'closed') {
      const tail = conn.stderrTail().trim().split('\n').slice(-3).join(' | ');
      return { halt: { verdict: 'fail', reason: `${outcome.reason} before answering ${method}${tail ? ` (stderr: ${tail})` : ''}` } };
    }
    const inbetween = conn.timeline.events.slice(outcome.startSeq, outcome.endSeq);
    const inbound = inbetween.filter((e) => e.direction === 'in' && e.kind === 'message').map((e) => e.message as Record<string, unknown>);
    const subject: Subject = {
      notifications: inbound.filter((m) => typeof m.method === 'string' && !('id' in m)),
      requests: inbound.filter((m) => typeof m.method === 'string' && 'id' in m),
    };
    if (outcome.kind === 'http-failure') {
      subject.http = outcome.http.http;
      // An error body that could not name the request (id null) still says what went wrong.
      const body = conn.timeline.events.find((e) => e.kind === 'message' && e.direction === 'in' && e.channel === outcome.http.channel);
      const m = body?.message as Record<string, unknown> | undefined;
      if (m && 'error' in m) {
        subject.id = m.id;
        subject.error = m.error;
      }
      return { subject };
    }
    const m = outcome.message;
    subject.id = m.id;
    if ('result' in m) subject.result = m.result;
    if ('error' in m) subject.error = m.error;
    if (outcome.http) subject.http = outcome.http.http;
    return { subject };
  }

  function judge(check: CheckSpec, subject: Subject): CheckResult {
    const skip = conditionHolds(check.when);
    if (skip) return result(scenario, check, 'skip', skip);
    let pattern: unknown;
    try {
      pattern = interpolate(check.expect, vars);
    } catch (e) {
      if (e instanceof MissingCapture) return result(scenario, check, failVerdict(check), `could not be evaluated: ${e.message}`);
      throw e;
    }
    const miss = match(pattern, subject);
    if (!miss) return result(scenario, check, 'pass', '');
    const refs = [...new Set(check.spec.map((s) => s.ref))].join(', ');
    const http = subject.http as { status?: number; contentType?: string; bodyPreview?: string; failure?: string } | undefined;
    const wire =
      http && !('result' in subject) && !('error' in subject)
        ? ` The HTTP answer was ${http.status === 0 ? `a failure (${http.failure})` : `status ${http.status} ${http.contentType ?? ''}${http.bodyPreview ? ` with body ${preview(http.bodyPreview, 120)}` : ''}`}.`
        : '';
    return result(scenario, check, failVerdict(check), `${check.title} [${refs}] — ${miss.at || 'response'}: ${miss.problem}.${wire}`);
  }
}

function httpOf(events: WireEvent[], fromSeq: number): unknown {
  const out = events[fromSeq];
  return events.find((e) => e.seq > fromSeq && e.kind === 'http' && e.channel === out?.channel)?.http;
}

function describeOutcome(o: RequestOutcome): string {
  switch (o.kind) {
    case 'response':
      return `error ${preview(o.message.error)}`;
    case 'http-failure':
      return o.http.http?.status ? `HTTP ${o.http.http.status}` : `HTTP failure ${o.http.http?.failure ?? ''}`;
    case 'timeout':
      return 'no response';
    case 'closed':
      return o.reason;
  }
}
