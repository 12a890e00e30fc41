// Tier reports as Markdown: one per SDK and version, and one table over all of them.
import { mdCell } from '../job-summary.js';
import type { TierReport } from './model.js';

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

export function tierLabel(r: TierReport): string {
  return r.tier !== undefined ? `Tier ${r.tier}` : `Tier ${r.measuredTier} on the measured legs (unconfirmed)`;
}

export function renderTierMarkdown(r: TierReport, opts: { maxFailures?: number } = {}): string {
  const max = opts.maxFailures ?? 50;
  const sdk = r.sdk.package ? `${r.sdk.package} ${r.sdk.version ?? ''}`.trim() : r.sdk.adapter;
  const out = [
    `# ${mdCell(r.sdk.adapter)}: ${tierLabel(r)} for MCP ${mdCell(r.specVersion)}`,
    '',
    `SDK ${mdCell(sdk)}; results of ${r.resultsAt ?? 'unknown date'}; ${r.harness.name} ${r.harness.version}; assessed ${r.generatedAt}.`,
    '',
    row(['leg', 'value', 'Tier 1 needs', 'Tier 2 needs', 'meets', 'source']),
    row(['---', '---', '---', '---', '---', '---']),
    ...r.legs.map((l) => row([l.title, mdCell(l.value), l.tier1, l.tier2, l.measured ? `Tier ${l.meets}` : l.upTo ? `not measured (at most Tier ${l.upTo})` : 'not measured', mdCell(l.source)])),
    '',
  ];
  if (r.notMeasured.length) out.push(`Not measured: ${r.notMeasured.join(', ')}. The tier the measured legs allow is Tier ${r.measuredTier}; supply the rest with --evidence FILE (schema/tier-evidence.schema.json) or --github OWNER/REPO to confirm it.`, '');
  out.push(r.blockers.length ? `## Blockers to Tier ${r.measuredTier === 1 ? 1 : r.measuredTier - 1}` : '## Blockers', '');
  out.push(...(r.blockers.length ? r.blockers.map((b) => `- ${mdCell(b, 400)}`) : ['None: every leg meets Tier 1.']), '');
  for (const c of r.conformance) {
    const failed = c.checks.filter((k) => k.outcome === 'failed');
    const notRun = c.checks.filter((k) => k.outcome === 'not-run');
    out.push(`## ${c.role === 'server' ? 'Server' : 'Client'} conformance (scored set r${c.scoredSetRevision}): ${c.passed} passed, ${c.failed} failed, ${c.notCounted} not counted, ${c.notRun} not run`, '');
    if (failed.length) {
      out.push(row(['failed check', 'per transport', 'first failure']), row(['---', '---', '---']));
      out.push(...failed.slice(0, max).map((k) => row([`\`${mdCell(k.check)}\``, mdCell(Object.entries(k.byTransport).map(([t, v]) => `${t} ${v}`).join(', ')), mdCell(k.message ?? '')])));
      if (failed.length > max) out.push('', `…and ${failed.length - max} more (see the JSON report).`);
      out.push('');
    }
    if (notRun.length) out.push(`Not run: ${notRun.slice(0, max).map((k) => `\`${mdCell(k.check)}\``).join(', ')}${notRun.length > max ? ` …and ${notRun.length - max} more` : ''}.`, '');
  }
  return out.join('\n');
}

/** SDK × version × tier × blockers, for the dashboard's README and a job summary. */
export function renderTierTable(reports: TierReport[]): string {
  const lines = [row(['SDK', 'version', 'tier', 'conformance (server / client)', 'blockers']), row(['---', '---', '---', '---', '---'])];
  for (const r of reports) {
    const conf = (['server', 'client'] as const).map((role) => {
      const c = r.conformance.find((x) => x.role === role);
      return c && c.passed + c.failed > 0 ? `${c.passed}/${c.passed + c.failed}` : '—';
    });
    lines.push(row([mdCell(r.sdk.adapter), r.specVersion, tierLabel(r), conf.join(' / '), mdCell(shortBlockers(r), 400)]));
  }
  return lines.join('\n') + '\n';
}

/** The blockers in a line: the legs below the next tier with their values, then how many legs were not measured. */
export function shortBlockers(r: TierReport): string {
  const target = r.measuredTier === 1 ? 1 : r.measuredTier - 1;
  const below = r.legs.filter((l) => (l.measured ? l.meets! > target : (l.upTo ?? 1) > target)).map((l) => `${l.title} ${l.measured ? l.value.split(' (')[0] : '(' + l.source.split(';')[0] + ')'}`);
  const unmeasured = r.legs.filter((l) => !l.measured && (l.upTo ?? 1) <= target).length;
  const parts = [...below, ...(unmeasured ? [`${unmeasured} leg(s) not measured`] : [])];
  return parts.length ? `to Tier ${target}: ${parts.join('; ')}` : 'none';
}
