// What the harness tests: an adapter (built from its manifest), a stdio server command, or a URL.
// A target prepares once per transport (build, start, probe) and opens one connection per case.
import { createConnection, createServer } from 'node:net';
import { InfraError, UsageError } from '../errors.js';
import type { TransportKind } from '../model.js';
import { HARNESS } from '../paths.js';
import { LATEST_HANDSHAKE, PROTOCOL_VERSIONS } from '../versions.js';
import type { Connection } from '../wire/connection.js';
import { HttpConnection, timedOut } from '../wire/http-connection.js';
import { LegacySseConnection } from '../wire/legacy-sse-connection.js';
import { StdioConnection } from '../wire/stdio-connection.js';
import { AuthorizationServer } from '../auth/authorization-server.js';
import { authPlaceholders, fillPlaceholders, mintCaseAuth } from '../auth/case-auth.js';
import type { AdapterManifest } from './adapter-manifest.js';
import { buildAdapter } from './build-adapter.js';
import { delay, spawnProcess, splitCommand, type Spawned } from './processes.js';

export interface TargetOptions {
  timeoutMs: number;
  startupTimeoutMs: number;
  build: boolean;
  log: (line: string) => void;
  /** Extra environment for the processes of an adapter (e.g. MCP_CONFORM_FAULTS for the faulty fixture). */
  env?: Record<string, string>;
}

export interface Target {
  /** The name records carry in `adapter`. */
  name: string;
  describe: string;
  fixture: boolean;
  sdk?: { package: string; version: string };
  transports: TransportKind[];
  /** The protocol versions to run. */
  versions: string[];
  /**
   * An adapter's manifest declares what its SDK supports: a released version newer than all of those
   * is a feature the SDK lacks (`unsupported`). Arbitrary servers are simply asked (`skip` if they decline).
   */
  declaresVersions: boolean;
  /** The versions a transport serves, where an SDK's transports differ (default: `versions`). */
  versionsFor?(transport: TransportKind): string[];
  /** How long a server it starts may take to answer its first request (a fresh stdio process starting a JVM, say). */
  readonly startupTimeoutMs?: number;
  prepare(transport: TransportKind): Promise<void>;
  open(transport: TransportKind): Promise<Connection>;
  dispose(): Promise<void>;
  /** Authorization cases (`auth: true`): why this target cannot run them, or undefined when it can. */
  readonly authUnavailable?: { verdict: 'unsupported' | 'skip'; reason: string };
  /** Starts what authorization cases need, once: the harness's authorization server and the server in auth mode. */
  prepareAuth?(): Promise<void>;
  /** One authorization case: fresh tokens as `${auth.*}` variables, and connections that carry the valid one. */
  authCase?(): { vars: Record<string, unknown>; open(): Promise<Connection> };
}

/** Arbitrary servers cannot be handed tokens the harness minted. */
const AUTH_NEEDS_ADAPTER = {
  verdict: 'skip' as const,
  reason: 'authorization checks need an adapter whose manifest has server.http.auth (the harness starts it against its own authorization server)',
};

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

function tailOf(text: string, lines = 8): string {
  const t = text.trim();
  return t ? `\n    stderr (last lines):\n      ${t.split('\n').slice(-lines).join('\n      ')}` : ' It wrote nothing to stderr.';
}

/**
 * Opens a connection, sends initialize and waits for any JSON-RPC answer, then closes it: tells
 * "cannot start or reach" (an infrastructure error) apart from "fails checks".
 */
async function probe(open: () => Promise<Connection>, what: string, hint: string, timeoutMs: number): Promise<void> {
  const conn = await open();
  try {
    await probeInitialize(conn, what, hint, timeoutMs);
  } finally {
    await conn.close();
  }
}

async function probeInitialize(conn: Connection, what: string, hint: string, timeoutMs: number): Promise<void> {
  const started = conn.timeline.nextSeq;
  await conn.send(
    JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: LATEST_HANDSHAKE, capabilities: {}, clientInfo: { name: `${HARNESS.name}-probe`, version: HARNESS.version } },
    }),
    { requestKey: '0' },
  );
  const outcome = await conn.timeline.waitFor((e) => (e.direction === 'in' && e.kind === 'message') || e.kind === 'http', started + 1, timeoutMs);
  if (outcome.kind === 'event' && outcome.event.kind === 'http') {
    const h = outcome.event.http;
    if (timedOut(h)) throw new InfraError(`${what} did not answer initialize within ${timeoutMs} ms. ${hint}`);
    if (h && h.status === 0) throw new InfraError(`${what} cannot be reached: ${h.failure}. ${hint}`);
    if (h && (h.status === 404 || h.status === 405) && !h.rpcBody) throw new InfraError(`${what} answered initialize with HTTP ${h.status}: is the endpoint path right? ${hint}`);
    return;
  }
  if (outcome.kind === 'closed') throw new InfraError(`${what} ${outcome.reason.replace(/^the server process /, '')} before answering initialize.${tailOf(conn.stderrTail())}\n${hint}`);
  if (outcome.kind === 'timeout') throw new InfraError(`${what} did not answer initialize within ${timeoutMs} ms.${tailOf(conn.stderrTail())}\n${hint}`);
}

async function startStdio(command: string[], cwd: string | undefined, env: Record<string, string> | undefined): Promise<StdioConnection> {
  const [cmd, ...args] = command;
  const proc = spawnProcess(cmd as string, args, { ...(cwd && { cwd }), ...(env && { env }) });
  return new StdioConnection(proc);
}

async function spawnCheck(proc: Spawned, what: string, hint: string): Promise<void> {
  const early = await Promise.race([proc.exited, delay(0).then(() => undefined)]);
  if (early?.spawnError) throw new InfraError(`${what} could not be started: ${early.spawnError}. ${hint}`);
}

export class AdapterTarget implements Target {
  get startupTimeoutMs(): number {
    return this.options.startupTimeoutMs;
  }

  versionsFor(transport: TransportKind): string[] {
    const own = transport === 'sse' ? undefined : this.manifest.server?.[transport]?.protocolVersions;
    return own ?? this.versions;
  }

  readonly name: string;
  readonly describe: string;
  readonly fixture: boolean;
  readonly sdk?: { package: string; version: string };
  readonly transports: TransportKind[];
  readonly versions: string[];
  readonly declaresVersions = true;
  readonly authUnavailable?: { verdict: 'skip'; reason: string };
  private httpServer?: { proc: Spawned; url: string };
  private sseServer?: { proc: Spawned; url: string };
  private authServer?: { proc: Spawned; url: string; as: AuthorizationServer };
  private built = false;

  constructor(
    private readonly manifest: AdapterManifest,
    private readonly options: TargetOptions,
  ) {
    this.name = manifest.name;
    this.describe = `adapter ${manifest.name} (${manifest.title}${manifest.sdk ? `, ${manifest.sdk.package} ${manifest.sdk.version}` : ''})`;
    this.fixture = manifest.fixture === true;
    if (manifest.sdk) this.sdk = { package: manifest.sdk.package, version: manifest.sdk.version };
    this.transports = (['stdio', 'http', 'sse'] as const).filter((t) => manifest.server?.[t]);
    this.versions = manifest.protocolVersions;
    // Authorization is optional in MCP: a server run without it has nothing to judge there.
    if (!manifest.server?.http?.auth) {
      this.authUnavailable = {
        verdict: 'skip',
        reason: `the adapter '${manifest.name}' declares no authorization mode (server.http.auth in its adapter.yaml); authorization is optional`,
      };
    }
    if (manifest.installable === false) {
      throw new UsageError(`The adapter '${manifest.name}' is described but cannot be built on this machine (installable: false). Run it in the SDK's own CI.`);
    }
  }

  private async ensureBuilt(): Promise<void> {
    if (this.built || !this.options.build) return;
    await buildAdapter(this.manifest, this.options.log);
    this.built = true;
  }

  private hint(): string {
    return `Check the adapter's manifest (${this.manifest.dir}/adapter.yaml) and run its command by hand in that folder.`;
  }

  async prepare(transport: TransportKind): Promise<void> {
    await this.ensureBuilt();
    if (transport === 'http') await this.startHttp();
    if (transport === 'sse') await this.startSse();
    const where = transport === 'http' ? `over HTTP at ${this.httpServer!.url}` : transport === 'sse' ? `over legacy HTTP+SSE at ${this.sseServer!.url}` : 'over stdio';
    await probe(() => this.openForProbe(transport), `The ${this.describe} ${where}`, this.hint(), this.options.startupTimeoutMs);
  }

  /** Over HTTP the probe's POST may take as long as the start-up bound (a JVM answering its first request), not just --timeout. */
  private openForProbe(transport: TransportKind): Promise<Connection> {
    const timeoutMs = this.options.startupTimeoutMs;
    if (transport === 'http') return Promise.resolve(new HttpConnection(this.httpServer!.url, { timeoutMs }));
    if (transport === 'sse') return LegacySseConnection.open(this.sseServer!.url, { timeoutMs });
    return this.open(transport);
  }

  private async startHttp(): Promise<void> {
    if (this.httpServer) return;
    const http = this.manifest.server?.http;
    if (!http) throw new UsageError(`The adapter '${this.name}' has no HTTP server command.`);
    const port = await freePort();
    this.httpServer = await this.launchHttp(http.command, port, this.env(), 'HTTP server');
  }

  private async startSse(): Promise<void> {
    if (this.sseServer) return;
    const sse = this.manifest.server?.sse;
    if (!sse) throw new UsageError(`The adapter '${this.name}' has no legacy HTTP+SSE server command (server.sse).`);
    this.sseServer = await this.launchHttp(sse.command, await freePort(), this.env(), 'legacy HTTP+SSE server', {}, sse, '/sse');
  }

  /** Starts the adapter's HTTP server on `port` and waits until it is ready (bounded by the startup timeout). */
  private async launchHttp(
    command: string[],
    port: number,
    env: Record<string, string>,
    label: string,
    fill: Record<string, string> = {},
    section: { path?: string; ready?: string } | undefined = this.manifest.server?.http,
    defaultPath = '/mcp',
  ): Promise<{ proc: Spawned; url: string }> {
    const http = section;
    if (!http) throw new UsageError(`The adapter '${this.name}' has no HTTP server command.`);
    const path = http.path ?? defaultPath;
    const [cmd, ...args] = command.map((a) => fillPlaceholders(a.replaceAll('{port}', String(port)).replaceAll('{path}', path), fill));
    const proc = spawnProcess(cmd as string, args, { cwd: this.manifest.dir, env });
    const what = `The ${this.describe} ${label} ('${[cmd, ...args].join(' ')}')`;
    // Listen before anything is awaited: a native binary prints its ready line within a millisecond.
    const ready = http.ready ? new RegExp(http.ready) : undefined;
    let sawReady = !ready;
    proc.onStderrLine((line) => {
      if (ready?.test(line)) sawReady = true;
    });
    await spawnCheck(proc, what, this.hint());
    const deadline = Date.now() + this.options.startupTimeoutMs;
    let exited: string | undefined;
    void proc.exited.then((x) => (exited = x.describe));
    for (;;) {
      if (exited) throw new InfraError(`${what} ${exited} before it was ready.${tailOf(proc.stderrTail())}\n${this.hint()}`);
      if (sawReady && (await portOpen(port))) break;
      if (Date.now() > deadline) {
        await proc.stop();
        throw new InfraError(`${what} was not ready on 127.0.0.1:${port} within ${this.options.startupTimeoutMs} ms.${tailOf(proc.stderrTail())}\n${this.hint()}`);
      }
      await delay(50);
    }
    return { proc, url: `http://127.0.0.1:${port}${path}` };
  }

  /**
   * Authorization mode: the harness's authorization server, and a second HTTP server started with the
   * manifest's `server.http.auth` environment (placeholders filled), probed with a valid token.
   */
  async prepareAuth(): Promise<void> {
    if (this.authServer) return;
    const http = this.manifest.server?.http;
    if (!http?.auth) throw new UsageError(`The adapter '${this.name}' declares no authorization mode (server.http.auth).`);
    await this.ensureBuilt();
    const as = new AuthorizationServer();
    await as.start();
    try {
      const port = await freePort();
      const path = http.path ?? '/mcp';
      const resource = `http://127.0.0.1:${port}${path}`;
      const fill = authPlaceholders(as, resource, port, path);
      const authEnv = Object.fromEntries(Object.entries(http.auth.env).map(([k, v]) => [k, fillPlaceholders(v, fill)]));
      const started = await this.launchHttp(http.auth.command ?? http.command, port, { ...this.env(), ...authEnv }, 'HTTP server in authorization mode', fill);
      this.authServer = { ...started, as };
    } catch (e) {
      await as.close();
      throw e;
    }
    const { validToken } = mintCaseAuth(this.authServer.as, this.authServer.url);
    const open = () => Promise.resolve(new HttpConnection(this.authServer!.url, { timeoutMs: this.options.timeoutMs, headers: { authorization: `Bearer ${validToken}` } }));
    await probe(open, `The ${this.describe} in authorization mode at ${this.authServer.url}`, this.hint(), this.options.startupTimeoutMs);
  }

  authCase(): { vars: Record<string, unknown>; open(): Promise<Connection> } {
    const server = this.authServer;
    if (!server) throw new Error('prepareAuth() must run before authorization cases');
    const { vars, validToken } = mintCaseAuth(server.as, server.url);
    return {
      vars,
      open: () => Promise.resolve(new HttpConnection(server.url, { timeoutMs: this.options.timeoutMs, headers: { authorization: `Bearer ${validToken}` } })),
    };
  }

  async open(transport: TransportKind): Promise<Connection> {
    if (transport === 'sse') {
      if (!this.sseServer) await this.startSse();
      return LegacySseConnection.open(this.sseServer!.url, { timeoutMs: this.options.timeoutMs });
    }
    if (transport === 'http') {
      if (!this.httpServer) await this.startHttp();
      return new HttpConnection(this.httpServer!.url, { timeoutMs: this.options.timeoutMs });
    }
    const stdio = this.manifest.server?.stdio;
    if (!stdio) throw new UsageError(`The adapter '${this.name}' has no stdio server command.`);
    return startStdio(stdio.command, this.manifest.dir, this.env());
  }

  private env(): Record<string, string> {
    return { ...this.manifest.env, ...this.options.env };
  }

  async dispose(): Promise<void> {
    const auth = this.authServer;
    this.authServer = undefined;
    await Promise.all([this.httpServer?.proc.stop(), this.sseServer?.proc.stop(), auth?.proc.stop(), auth?.as.close()]);
    this.httpServer = undefined;
    this.sseServer = undefined;
  }
}

export class CommandTarget implements Target {
  get startupTimeoutMs(): number {
    return this.options.startupTimeoutMs;
  }

  readonly name = 'server-command';
  readonly describe: string;
  readonly fixture = false;
  readonly transports: TransportKind[] = ['stdio'];
  readonly versions = [...PROTOCOL_VERSIONS];
  readonly declaresVersions = false;
  readonly authUnavailable = AUTH_NEEDS_ADAPTER;
  private readonly argv: string[];

  constructor(
    commandLine: string,
    private readonly options: TargetOptions,
  ) {
    this.argv = splitCommand(commandLine);
    if (this.argv.length === 0) throw new UsageError('--server-command is empty. Give the command that starts your stdio MCP server, e.g. --server-command "node server.js".');
    this.describe = `server command '${commandLine}'`;
  }

  async prepare(): Promise<void> {
    const hint = 'Check that the command starts an MCP server speaking newline-delimited JSON-RPC on stdin/stdout.';
    await probe(() => this.open(), `The ${this.describe}`, hint, this.options.startupTimeoutMs);
  }

  async open(): Promise<Connection> {
    return startStdio(this.argv, undefined, undefined);
  }

  async dispose(): Promise<void> {}
}

export class UrlTarget implements Target {
  readonly name = 'url';
  readonly describe: string;
  readonly fixture = false;
  readonly transports: TransportKind[];
  readonly versions = [...PROTOCOL_VERSIONS];
  readonly declaresVersions = false;
  readonly authUnavailable = AUTH_NEEDS_ADAPTER;

  /** `sse`: the URL is the SSE endpoint of a legacy HTTP+SSE server rather than a Streamable HTTP endpoint. */
  constructor(
    private readonly url: string,
    private readonly options: TargetOptions,
    private readonly kind: 'http' | 'sse' = 'http',
  ) {
    this.transports = [kind];
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--url '${url}' is not a URL. Give the MCP endpoint, e.g. --url http://127.0.0.1:3000/mcp.`);
    }
    if (!/^https?:$/.test(parsed.protocol)) throw new UsageError(`--url '${url}' must be an http:// or https:// URL.`);
    this.describe = kind === 'sse' ? `legacy HTTP+SSE server at ${url}` : `server at ${url}`;
  }

  async prepare(): Promise<void> {
    const hint = 'Check that the server is running and the URL (including the endpoint path) is right.';
    const timeoutMs = this.options.startupTimeoutMs;
    const open = () => (this.kind === 'sse' ? LegacySseConnection.open(this.url, { timeoutMs }) : Promise.resolve(new HttpConnection(this.url, { timeoutMs })));
    await probe(open, `The ${this.describe}`, hint, timeoutMs);
  }

  async open(): Promise<Connection> {
    if (this.kind === 'sse') return LegacySseConnection.open(this.url, { timeoutMs: this.options.timeoutMs });
    return new HttpConnection(this.url, { timeoutMs: this.options.timeoutMs });
  }

  async dispose(): Promise<void> {}
}
