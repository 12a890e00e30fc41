import type { Era } from './model.js';

/** Every published protocol version, oldest first. Dates compare as strings. */
export const PROTOCOL_VERSIONS = ['2024-11-05', '2025-03-26', '2025-06-18', '2025-11-25', '2026-07-28'] as const;
export const HANDSHAKE_VERSIONS = PROTOCOL_VERSIONS.filter((v) => eraOf(v) === 'handshake');
export const LATEST_HANDSHAKE = '2025-11-25';

export function eraOf(version: string): Era {
  return version >= '2026-07-28' ? 'stateless' : 'handshake';
}

export function isKnownVersion(v: unknown): v is string {
  return typeof v === 'string' && (PROTOCOL_VERSIONS as readonly string[]).includes(v);
}

/** HTTP clients send MCP-Protocol-Version from this version on. */
export function sendsVersionHeader(version: string): boolean {
  return version >= '2025-06-18';
}

/** Version names are dates, so they order as strings. */
export function versionAtLeast(version: string, min: string): boolean {
  return version >= min;
}
