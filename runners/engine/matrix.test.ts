import { describe, expect, it } from 'vitest';
import type { Scenario, TransportKind } from '../model.js';
import { expandMatrix, scenarioTransports } from './matrix.js';

const scenario = (id: string, transports: TransportKind[], extra: Partial<Scenario> = {}): Scenario => ({
  id,
  title: id,
  file: `${id}.yaml`,
  area: 'x',
  role: 'server',
  eras: ['handshake'],
  transports,
  fixture: false,
  auth: false,
  requires: [],
  answers: {},
  steps: [],
  ...extra,
});

const VERSIONS = ['2024-11-05', '2025-03-26', '2025-11-25', '2026-07-28'];

describe('the legacy HTTP+SSE transport in the matrix', () => {
  it('takes transport-agnostic scenarios, for 2024-11-05 only', () => {
    const both = scenario('both', ['stdio', 'http']);
    expect(scenarioTransports(both)).toEqual(['stdio', 'http', 'sse']);
    const cases = expandMatrix([both], { transports: ['stdio', 'http', 'sse'], versions: VERSIONS }, { transports: ['sse'] });
    expect(cases.map((c) => `${c.transport} ${c.version}`)).toEqual(['sse 2024-11-05']);
  });

  it('leaves transport-specific scenarios alone, unless they name sse', () => {
    const target = { transports: ['stdio', 'http', 'sse'] as TransportKind[], versions: VERSIONS };
    const httpOnly = scenario('h', ['http']);
    const stdioOnly = scenario('s', ['stdio']);
    const own = scenario('own', ['sse'], { versions: ['2024-11-05'] });
    const cases = expandMatrix([httpOnly, stdioOnly, own], target, { transports: ['sse'] });
    expect(cases.map((c) => c.scenario.id)).toEqual(['own']);
  });

  it('runs only on targets that declare it, and never in the stateless era', () => {
    const both = scenario('both', ['stdio', 'http'], { eras: ['handshake', 'stateless'] });
    expect(expandMatrix([both], { transports: ['stdio', 'http'], versions: VERSIONS }).some((c) => c.transport === 'sse')).toBe(false);
    const withSse = expandMatrix([both], { transports: ['sse'], versions: VERSIONS });
    expect(withSse.map((c) => c.version)).toEqual(['2024-11-05']);
  });
});

describe('versions per transport', () => {
  it('runs a transport only on the versions it serves, when the target says so', () => {
    const both = scenario('both', ['stdio', 'http']);
    const target = {
      transports: ['stdio', 'http'] as TransportKind[],
      versions: VERSIONS,
      versionsFor: (t: TransportKind) => (t === 'http' ? ['2025-03-26', '2025-11-25'] : VERSIONS),
    };
    const cases = expandMatrix([both], target).map((c) => `${c.transport} ${c.version}`);
    expect(cases.filter((c) => c.startsWith('http'))).toEqual(['http 2025-03-26', 'http 2025-11-25']);
    // A handshake-era scenario: every handshake version over stdio.
    expect(cases.filter((c) => c.startsWith('stdio'))).toEqual(['stdio 2024-11-05', 'stdio 2025-03-26', 'stdio 2025-11-25']);
  });
});
