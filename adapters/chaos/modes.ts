// The misbehaviours the chaos fixture knows, the transports each exists on, and the limits that keep
// every one of them finite on the server side too. The harness's chaos tests read this table.

export const CHAOS_ENV = 'MCP_CONFORM_CHAOS';

export type ChaosTransport = 'stdio' | 'http';

const BOTH: readonly ChaosTransport[] = ['stdio', 'http'];
const HTTP_ONLY: readonly ChaosTransport[] = ['http'];

/** Every mode, with the transports it misbehaves on (elsewhere the server stays correct). */
export const MODES = {
  'hang-before-handshake': BOTH,
  'hang-after-handshake': BOTH,
  'exit-at-once': BOTH,
  'crash-mid-message': BOTH,
  'garbage-stdout': BOTH,
  'huge-message': BOTH,
  'slow-drip': BOTH,
  'notification-flood': BOTH,
  'unsolicited-responses': BOTH,
  'duplicate-responses': BOTH,
  'wrong-ids': BOTH,
  'http-500': HTTP_ONLY,
  'sse-never-ends': HTTP_ONLY,
  'close-mid-stream': HTTP_ONLY,
  'wrong-content-type': HTTP_ONLY,
  'redirect-loop': HTTP_ONLY,
} as const satisfies Record<string, readonly ChaosTransport[]>;

export type Mode = keyof typeof MODES;

export const MODE_NAMES = Object.keys(MODES) as Mode[];

export const LIMITS = {
  /** huge-message: the size of the one oversized answer. */
  hugeBytes: 20 * 1024 * 1024,
  /** slow-drip: the pause after each byte; a ping answer (~40 bytes) then takes over 2 s. */
  dripMs: 60,
  /** notification-flood: how many notifications one connection (stdio) or session (HTTP) gets. */
  floodCount: 10_000,
  /** notification-flood: written per turn of the event loop, so requests are still read and answered. */
  floodBatch: 250,
  /** sse-never-ends: the interval of the keep-alive comments. */
  keepAliveMs: 250,
  /** A safety net: whatever the mode, the process never outlives this. */
  lifetimeMs: 10 * 60_000,
} as const;

export class UnknownModeError extends Error {}

/** The mode named in the environment; undefined (or empty) means the correct server. */
export function parseMode(value: string | undefined): Mode | undefined {
  const name = value?.trim() ?? '';
  if (name === '') return undefined;
  if (name in MODES) return name as Mode;
  throw new UnknownModeError(`unknown ${CHAOS_ENV} mode '${name}'; known modes: ${MODE_NAMES.join(', ')}`);
}

export function appliesTo(mode: Mode | undefined, transport: ChaosTransport): boolean {
  return mode !== undefined && (MODES[mode] as readonly ChaosTransport[]).includes(transport);
}
