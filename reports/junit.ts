// junit.xml: the run as JUnit XML for CI test-report views (GitHub test-reporter actions, GitLab).
// One <testsuite> per transport × version, one <testcase> per record. Verdict mapping:
//   pass → plain testcase; warn → passes, with the warning in <system-out> (a SHOULD is not a failure);
//   fail, and unsupported at MUST / MUST NOT → <failure>; error, timeout → <error>;
//   skip, and unsupported below MUST → <skipped>.
import type { RunRecord } from '../runners/model.js';
import type { RunSummary } from './summary.js';
import { wireExcerpt } from './wire-excerpt.js';
import { xmlAttr, xmlText } from './xml.js';

export type JunitOutcome = 'pass' | 'warn' | 'failure' | 'error' | 'skipped';

export function junitOutcome(r: Pick<RunRecord, 'verdict' | 'level'>): JunitOutcome {
  switch (r.verdict) {
    case 'pass':
      return 'pass';
    case 'warn':
      return 'warn';
    case 'fail':
      return 'failure';
    case 'unsupported':
      return r.level === 'MUST' || r.level === 'MUST NOT' ? 'failure' : 'skipped';
    case 'error':
    case 'timeout':
      return 'error';
    case 'skip':
      return 'skipped';
  }
}

export interface JunitOptions {
  /** Reads a transcript by its run-folder path (record.transcript); undefined when absent. Called only for failures. */
  readTranscript?: (path: string) => string | undefined;
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);
/** Attribute messages stay short; the whole message is in the element body. */
const oneLine = (s: string, max = 300) => {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : line.slice(0, max - 1) + '…';
};

export function renderJunit(records: RunRecord[], summary: RunSummary, o: JunitOptions = {}): string {
  const excerpts = new Map<string, string>();
  const excerptFor = (r: RunRecord): string => {
    if (!r.transcript || !o.readTranscript) return '';
    if (!excerpts.has(r.transcript)) {
      const text = o.readTranscript(r.transcript);
      excerpts.set(r.transcript, text === undefined ? '' : wireExcerpt(text));
    }
    return excerpts.get(r.transcript) ?? '';
  };

  const suites = new Map<string, RunRecord[]>();
  for (const r of records) {
    const key = `${r.transport} ${r.specVersion}`;
    suites.set(key, [...(suites.get(key) ?? []), r]);
  }

  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const all = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const body: string[] = [];
  for (const [key, rs] of suites) {
    const counts = { tests: rs.length, failures: 0, errors: 0, skipped: 0 };
    // Checks of one case share its duration: the case's first check carries it, so times add up.
    const timed = new Set<string>();
    const cases: string[] = [];
    let ms = 0;
    for (const r of rs) {
      const caseKey = `${r.scenario}|${r.transport}|${r.specVersion}`;
      const time = timed.has(caseKey) ? 0 : r.durationMs;
      timed.add(caseKey);
      ms += time;
      const outcome = junitOutcome(r);
      const open = `    <testcase classname="${xmlAttr(r.scenario)}" name="${xmlAttr(`${r.check}: ${r.title}`)}" time="${seconds(time)}"`;
      const detail = `${r.verdict} [${r.level}] ${r.message}`;
      const evidence = () => {
        const excerpt = excerptFor(r);
        return excerpt ? `${detail}\n\nLast wire messages (${r.transcript}):\n${excerpt}` : detail;
      };
      if (outcome === 'pass') {
        cases.push(`${open}/>`);
      } else if (outcome === 'warn') {
        cases.push(`${open}>`, `      <system-out>${xmlText(`warning: ${detail}`)}</system-out>`, '    </testcase>');
      } else if (outcome === 'skipped') {
        counts.skipped++;
        cases.push(`${open}>`, `      <skipped message="${xmlAttr(oneLine(`${r.verdict}: ${r.message}`))}"/>`, '    </testcase>');
      } else {
        const tag = outcome;
        counts[outcome === 'failure' ? 'failures' : 'errors']++;
        cases.push(`${open}>`, `      <${tag} message="${xmlAttr(oneLine(r.message))}" type="${xmlAttr(r.verdict)}">${xmlText(evidence())}</${tag}>`, '    </testcase>');
      }
    }
    for (const k of ['tests', 'failures', 'errors', 'skipped'] as const) all[k] += counts[k];
    const name = `mcp-conform ${summary.adapter} ${key}`;
    body.push(
      `  <testsuite name="${xmlAttr(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="${seconds(ms)}" timestamp="${xmlAttr(summary.startedAt.replace(/Z$/, ''))}">`,
      '    <properties>',
      ...properties(summary).map(([n, v]) => `      <property name="${xmlAttr(n)}" value="${xmlAttr(v)}"/>`),
      '    </properties>',
      ...cases,
      '  </testsuite>',
    );
  }
  out.push(
    `<testsuites name="${xmlAttr(`mcp-conform ${summary.target}`)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${seconds(summary.durationMs)}">`,
    ...body,
    '</testsuites>',
  );
  return out.join('\n') + '\n';
}

function properties(s: RunSummary): [string, string][] {
  return [
    ['adapter', s.adapter],
    ...(s.sdk ? [['sdk', `${s.sdk.package}@${s.sdk.version}`] as [string, string]] : []),
    ['harness', `${s.harness.name}@${s.harness.version}`],
    ['runId', s.runId],
  ];
}
