// The few named types every part of the harness speaks: scenario, step, check, wire message,
// check result and run record. Loading, running and reporting meet only through these.

export type Level = 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY';
/** `sse` is the legacy HTTP+SSE transport of 2024-11-05 (opt-in: only adapters that declare it run it). */
export type TransportKind = 'stdio' | 'http' | 'sse';
export type Era = 'handshake' | 'stateless';

/** The closed set of verdicts shared by every report. */
export const VERDICTS = ['pass', 'fail', 'warn', 'skip', 'unsupported', 'error', 'timeout'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface SpecRef {
  version: string;
  ref: string;
  level?: Level;
  text?: string;
}

/** A JSON pattern: literals match by equality, objects by subset, `$`-keys are operators (see match/matcher.ts). */
export type Pattern = unknown;

export interface Condition {
  /** Dotted path into the server's declared capabilities, e.g. `resources.subscribe`. */
  capability?: string;
  /** An extension id the server declares under `capabilities.extensions`, e.g. `io.modelcontextprotocol/tasks`. */
  extension?: string;
  transport?: TransportKind;
  era?: Era;
  /** A capture made by an earlier step exists (and, with `matches`, matches that pattern). */
  captured?: string;
  matches?: Pattern;
}

export interface CheckSpec {
  id: string;
  title: string;
  level: Level;
  spec: SpecRef[];
  expect: Pattern;
  when?: Condition;
}

export interface CannedAnswer {
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

interface StepBase {
  /** 1-based position in the scenario, and where it sits in its file, for messages. */
  index: number;
  line: number;
  when?: Condition;
  checks: CheckSpec[];
  capture: Record<string, string>;
  answers: Record<string, CannedAnswer | CannedAnswer[]>;
}

export interface ConnectStep extends StepBase {
  kind: 'connect';
  protocolVersion?: string;
  capabilities?: Record<string, unknown>;
  clientInfo?: Record<string, unknown>;
  /** Send notifications/initialized after the result (default true). */
  initialized: boolean;
  /** HTTP: also open the standalone GET stream, as most clients do, to receive messages sent there. */
  stream: boolean;
}
/** What a request carries besides its params: stateless-era `_meta` and HTTP headers. */
export interface Envelope {
  /** Stateless era: keys merged over the `_meta` the harness adds; `false` sends no added `_meta` at all. */
  meta?: Record<string, unknown> | false;
  /** HTTP: headers merged over the ones the harness derives; `null` removes one. */
  headers?: Record<string, string | null>;
}

export interface RequestStep extends StepBase, Envelope {
  kind: 'request';
  method: string;
  params?: unknown;
  id?: string | number;
  /** The request breaks the schema on purpose (e.g. an unknown log level): not scored against the harness. */
  invalid: boolean;
}
export interface NotifyStep extends StepBase {
  kind: 'notify';
  method: string;
  params?: unknown;
}
export interface SendStep extends StepBase {
  kind: 'send';
  /** A JSON value sent as one message (any shape, valid or not). */
  json?: unknown;
  /** Bytes sent verbatim as one message (for malformed input). */
  raw?: string;
  /** Label under which the response to a sent request can be awaited later. */
  as?: string;
  /** The message breaks the schema on purpose: do not score the harness for it. */
  invalid: boolean;
}
export interface AwaitStep extends StepBase {
  kind: 'await';
  label: string;
}
export interface ListenStep extends StepBase {
  kind: 'listen';
  forMs: number;
  until?: Pattern;
  /** Which messages count: from the start of the previous step (default), or only those arriving during the listen. */
  from: 'previous-step' | 'here';
}
export interface PaginateStep extends StepBase, Envelope {
  kind: 'paginate';
  method: string;
  params?: Record<string, unknown>;
  /** Key of the item array in each page's result, e.g. `tools`. */
  items: string;
  maxPages: number;
}
/** A raw HTTP exchange with the endpoint (GET, DELETE, odd headers); HTTP transport only. */
export interface HttpStep extends StepBase {
  kind: 'http';
  method: string;
  headers?: Record<string, string | null>;
  body?: unknown;
  /**
   * Another URL than the endpoint (e.g. a well-known metadata document), sent with the step's headers
   * only. A list is tried in order, passing over URLs that name a capture not made, until one answers 2xx.
   */
  url?: string | string[];
}
/** HTTP: the client goes away from the answer stream of a `send` (the stateless era's way to cancel). */
export interface DisconnectStep extends StepBase {
  kind: 'disconnect';
  label: string;
}
export interface SleepStep extends StepBase {
  kind: 'sleep';
  ms: number;
}

export type Step =
  | ConnectStep
  | RequestStep
  | NotifyStep
  | SendStep
  | AwaitStep
  | ListenStep
  | PaginateStep
  | HttpStep
  | DisconnectStep
  | SleepStep;

export interface Scenario {
  id: string;
  title: string;
  description?: string;
  /** Path relative to the project root, and the folder area it lives in. */
  file: string;
  area: string;
  role: 'server';
  /** The protocol eras the scenario applies to; each case runs in the era of its version. */
  eras: Era[];
  transports: TransportKind[];
  /** Explicit protocol versions, or a range; resolved against the target in engine/matrix.ts. */
  versions?: string[];
  since?: string;
  until?: string;
  /** Needs the fixture surface of adapters/FIXTURE.md (skipped against arbitrary servers). */
  fixture: boolean;
  /** Runs against the target in authorization mode, with the harness's authorization server and `${auth.*}` variables. */
  auth: boolean;
  /** An extension id (e.g. io.modelcontextprotocol/tasks): the scenario's records are scored apart from the core. */
  extension?: string;
  requires: Condition[];
  answers: Record<string, CannedAnswer | CannedAnswer[]>;
  steps: Step[];
}

/** A client scenario: the harness plays `server`, the client adapter follows `plan`, `checks` judge it. */
export interface ClientScenario {
  id: string;
  title: string;
  description?: string;
  file: string;
  area: string;
  role: 'client';
  eras: Era[];
  transports: TransportKind[];
  versions?: string[];
  since?: string;
  until?: string;
  /** Overrides of the scripted server (runners/client-role/server-script.ts). */
  server: Record<string, unknown>;
  /** A client capability (dotted path) the checks need; a client that does not declare it is `unsupported`. */
  requiresClient?: string;
  plan: { capabilities?: Record<string, unknown>; clientInfo?: Record<string, unknown>; answers?: Record<string, unknown>; actions: Record<string, unknown>[] };
  checks: CheckSpec[];
}

// ---- wire ----

export type Direction = 'out' | 'in';

export interface HttpExchange {
  method: string;
  status: number;
  contentType: string;
  headers: Record<string, string>;
  /** Whether the body carried JSON-RPC messages (they appear as their own events, just before this one). */
  rpcBody: boolean;
  /** Start of a body that was neither JSON-RPC nor an event stream, for evidence. */
  bodyPreview?: string;
  /** That body parsed, when it was JSON (e.g. a metadata document or an OAuth error). */
  json?: unknown;
  /** The Last-Event-ID the request carried: the stream it resumes. */
  resumedFrom?: string;
  /** When the harness plays the server: the path the client asked for, and the JSON-RPC method its POST carried. */
  path?: string;
  rpcMethod?: string;
  /** A request resuming a stream the harness closed: how long after the close it came. */
  resumeDelayMs?: number;
  /** Set when the request never got an HTTP answer (refused, reset, timed out). */
  failure?: string;
  /**
   * Set on every exchange of the legacy HTTP+SSE transport (2024-11-05), which Streamable HTTP rules
   * pass over. On its GET: the name of the stream's first event and the `endpoint` event's data and
   * resolved POST URL.
   */
  legacySse?: { firstEvent?: string; endpoint?: string; postUrl?: string };
}

/** One event of a connection's timeline: a message either way, an HTTP exchange, or a stdout line that was not JSON. */
export interface WireEvent {
  seq: number;
  at: number;
  direction: Direction;
  kind: 'message' | 'http' | 'noise';
  raw?: string;
  message?: unknown;
  http?: HttpExchange;
  /** Which POST or stream carried it (HTTP), for evidence. */
  channel?: string;
  /** The SSE event id the message came with, if any. */
  sseId?: string;
  /** For HTTP exchanges: the key of the JSON-RPC request the POST carried. */
  requestKey?: string;
  /** The message is deliberately malformed (sent by a scenario to test robustness): not scored. */
  deliberate?: boolean;
}

// ---- results ----

export interface CheckResult {
  scenario: string;
  check: string;
  title: string;
  level: Level;
  verdict: Verdict;
  message: string;
  spec: SpecRef[];
}

export interface CaseKey {
  scenario: string;
  transport: TransportKind;
  specVersion: string;
}

export interface CaseResult extends CaseKey {
  era: Era;
  /** Set when the scenario judges an extension rather than the core protocol. */
  extension?: string;
  negotiatedVersion?: string;
  durationMs: number;
  checks: CheckResult[];
  transcript: WireEvent[];
  stderrTail?: string;
}

/** One line of results.jsonl: a check, on one transport, for one protocol version. */
export interface RunRecord {
  harness: { name: string; version: string };
  runId: string;
  adapter: string;
  sdk?: { package: string; version: string };
  scenario: string;
  check: string;
  title: string;
  verdict: Verdict;
  level: Level;
  transport: TransportKind;
  specVersion: string;
  negotiatedVersion?: string;
  era: Era;
  extension?: string;
  message: string;
  spec: SpecRef[];
  schemaDigest: string;
  durationMs: number;
  transcript?: string;
}
