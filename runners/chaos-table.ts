// `node dist/runners/chaos-table.js`: runs the CLI against every mode of the chaos fixture (adapters/chaos)
// over each transport it applies to, exactly as runners/e2e/chaos.test.ts does, and prints a Markdown table
// of what happened. Prints figures; asserts nothing (the tests do).
import { rmSync } from 'node:fs';
import { BOUNDS, CHAOS_SCENARIOS, chaosRuns, inPool, runChaos, verdictCounts, type ChaosOutcome } from './e2e/chaos-runs.js';

const HEADER = ['mode', 'transport', 'exit code', 'verdicts (counts)', 'seconds', 'processes left'];

function row(o: ChaosOutcome): string[] {
  const counts = verdictCounts(o.records)
    .map(([verdict, n]) => `${verdict} ${n}`)
    .join(', ');
  return [o.run.mode, o.run.transport, String(o.exitCode ?? 'killed'), counts || '(no records)', o.seconds.toFixed(1), String(o.taggedAfter.length)];
}

const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;

async function main(): Promise<void> {
  const runs = chaosRuns();
  process.stderr.write(`chaos table: ${runs.length} runs, two at a time…\n`);
  const outcomes = await inPool(runs, 2, async (run) => {
    const o = await runChaos(run);
    process.stderr.write(`  ${run.mode} over ${run.transport}: exit ${o.exitCode}, ${o.seconds.toFixed(1)} s\n`);
    return o;
  });
  const { timeoutMs, startupTimeoutMs, caseTimeoutMs, runTimeoutMs, jobs } = BOUNDS;
  process.stdout.write(
    `Scenarios ${CHAOS_SCENARIOS.join(', ')} on 2025-11-25; --timeout ${timeoutMs} --startup-timeout ${startupTimeoutMs} --case-timeout ${caseTimeoutMs} --run-timeout ${runTimeoutMs} --jobs ${jobs}. Verdicts count every record, transcript rules included.\n\n`,
  );
  process.stdout.write(`${line(HEADER)}\n${line(HEADER.map(() => '---'))}\n`);
  for (const o of outcomes) process.stdout.write(`${line(row(o))}\n`);
  for (const o of outcomes) rmSync(o.out, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  process.stderr.write(`chaos table: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
