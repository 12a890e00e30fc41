// Expands scenarios into cases: scenario × transport × protocol version, against one target.
import type { Scenario, TransportKind } from '../model.js';
import { globToRegExp } from '../match/glob.js';
import { eraOf, PROTOCOL_VERSIONS } from '../versions.js';

export interface Case {
  scenario: Scenario;
  transport: TransportKind;
  version: string;
}

export interface MatrixFilter {
  transports?: TransportKind[];
  versions?: string[];
}

/** The versions a scenario covers, before the target's own list narrows them. */
export function scenarioVersions(s: Scenario): string[] {
  if (s.versions) return s.versions;
  return PROTOCOL_VERSIONS.filter((v) => s.eras.includes(eraOf(v)) && (!s.since || v >= s.since) && (!s.until || v <= s.until));
}

/** The legacy HTTP+SSE transport belongs to this protocol version; it runs no other. */
export const LEGACY_SSE_VERSIONS: readonly string[] = ['2024-11-05'];

/**
 * The transports a scenario runs over. Besides the ones it lists, a transport-agnostic scenario (one
 * that runs over both stdio and http) also runs over the legacy HTTP+SSE transport.
 */
export function scenarioTransports(s: Scenario): TransportKind[] {
  const agnostic = s.transports.includes('stdio') && s.transports.includes('http');
  return agnostic && !s.transports.includes('sse') ? [...s.transports, 'sse'] : s.transports;
}

type VersionedTarget = { versions: string[]; versionsFor?(transport: TransportKind): string[] };

/** Whether the target serves a version over a transport (some SDKs' transports serve fewer versions). */
export function servesVersion(target: VersionedTarget, transport: TransportKind, version: string): boolean {
  return (target.versionsFor?.(transport) ?? target.versions).includes(version);
}

export function expandMatrix(
  scenarios: Scenario[],
  target: { transports: TransportKind[] } & VersionedTarget,
  filter: MatrixFilter = {},
): Case[] {
  const cases: Case[] = [];
  for (const scenario of scenarios) {
    for (const transport of scenarioTransports(scenario)) {
      if (!target.transports.includes(transport)) continue;
      if (filter.transports && !filter.transports.includes(transport)) continue;
      for (const version of scenarioVersions(scenario)) {
        if (transport === 'sse' && !LEGACY_SSE_VERSIONS.includes(version)) continue;
        if (!servesVersion(target, transport, version)) continue;
        if (filter.versions && !filter.versions.includes(version)) continue;
        cases.push({ scenario, transport, version });
      }
    }
  }
  return cases;
}

/** `--scenario` accepts ids, id prefixes (`server.tools`) and `*` wildcards. */
export function selectScenarios<S extends { id: string }>(scenarios: S[], patterns: string[] | undefined): S[] {
  if (!patterns?.length) return scenarios;
  const tests = patterns.map((p) => {
    if (p.includes('*')) {
      const re = globToRegExp(p);
      return (id: string) => re.test(id);
    }
    return (id: string) => id === p || id.startsWith(p + '.');
  });
  return scenarios.filter((s) => tests.some((t) => t(s.id)));
}
