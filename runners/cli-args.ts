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
