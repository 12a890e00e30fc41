// Argument parsing shared by the commands: one message shape for every bad option.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';
import type { TransportKind } from './model.js';
import { isKnownVersion, PROTOCOL_VERSIONS } from './versions.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. Run 'mcp-conform --help' for the options.`);
  }
}

export function splitList(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

export function transportsOf(values: string[] | undefined): TransportKind[] | undefined {
  const list = splitList(values);
  for (const t of list ?? []) if (t !== 'stdio' && t !== 'http' && t !== 'sse') throw new UsageError(`--transport '${t}' is not a transport: use stdio, http or sse.`);
  return list as TransportKind[] | undefined;
}

export function versionsOf(values: string[] | undefined): string[] | undefined {
  const list = splitList(values);
  for (const v of list ?? []) if (!isKnownVersion(v)) throw new UsageError(`--spec-version '${v}' is not a protocol version. Known: ${PROTOCOL_VERSIONS.join(', ')}.`);
  return list;
}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} '${value}' must be a positive whole number.`);
  return n;
}

/** A command taking folders or files as positionals besides its options. */
export function parseWithPositionals<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}. Run 'mcp-conform --help' for the options.`);
  }
}

export interface Timeouts {
  timeoutMs: number;
  startupTimeoutMs: number;
  caseTimeoutMs: number;
  runTimeoutMs: number;
}

/**
 * The layered bounds, each scaled by --timeout-multiplier (or MCP_CONFORM_TIMEOUT_MULTIPLIER) so a slow CI
 * machine can stretch them all at once without editing every flag.
 */
export function timeoutsOf(v: { timeout?: string; 'startup-timeout'?: string; 'case-timeout'?: string; 'run-timeout'?: string; 'timeout-multiplier'?: string }): Timeouts {
  const given = v['timeout-multiplier'] ?? process.env.MCP_CONFORM_TIMEOUT_MULTIPLIER;
  const factor = given === undefined || given === '' ? 1 : Number(given);
  if (!Number.isFinite(factor) || factor <= 0 || factor > 100) {
    throw new UsageError(`--timeout-multiplier '${given}' must be a number above 0 and at most 100 (e.g. 2 on a slow machine).`);
  }
  const scaled = (value: string | undefined, name: string, fallback: number) => Math.round(positiveInt(value, name, fallback) * factor);
  return {
    timeoutMs: scaled(v.timeout, 'timeout', 5000),
    startupTimeoutMs: scaled(v['startup-timeout'], 'startup-timeout', 30_000),
    caseTimeoutMs: scaled(v['case-timeout'], 'case-timeout', 120_000),
    runTimeoutMs: scaled(v['run-timeout'], 'run-timeout', 3 * 3600_000),
  };
}
