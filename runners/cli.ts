#!/usr/bin/env node
// The mcp-conform command line: `run` and `list`. Errors are one paragraph and an exit code, never a stack.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { loadBaseline, updatedBaseline } from '../reports/baseline.js';
import { writeFileAtomic } from '../reports/atomic-write.js';
import { copyTranscripts, mergeRuns, parseShard } from '../reports/shard.js';
import { writeReports } from '../reports/write-reports.js';
import { randomUUID } from 'node:crypto';
import { computeCoverage, formatCoverage } from '../reports/coverage.js';
import { loadRequirements } from './suites/requirements.js';
import { ConsoleReporter } from '../reports/console.js';
import { dashboardCommand, scoredSetCommand, selftestCommand, tierCommand, TIER_USAGE } from './cli-reports.js';
import { parse, parseWithPositionals, positiveInt, splitList, timeoutsOf, transportsOf, versionsOf } from './cli-args.js';
import { EXIT, HarnessError, UsageError } from './errors.js';
import { expandMatrix, scenarioTransports, scenarioVersions, selectScenarios } from './engine/matrix.js';
import { defaultOutDir, ensureWritable, Run } from './engine/run.js';
import { allChecks } from './engine/run-scenario.js';
import type { RunRecord, TransportKind } from './model.js';
import { HARNESS } from './paths.js';
import { availableAdapters, loadAdapter } from './targets/adapter-manifest.js';
import { buildAdapter, missingToolchains } from './targets/build-adapter.js';
import { AdapterTarget, CommandTarget, UrlTarget, type Target } from './targets/target.js';
import { checkCountsByArea, formatCheckCounts } from './suites/check-counts.js';
import { clientScenarioFiles, loadClientScenarios } from './suites/load-client-scenarios.js';
import { runClientSuite } from './client-role/run-client-suite.js';
import { loadScenarios, scenarioFiles } from './suites/load-scenarios.js';
import { TRANSCRIPT_CHECKS } from './engine/score-transcript.js';
import { LATEST_HANDSHAKE, PROTOCOL_VERSIONS } from './versions.js';

const USAGE = `mcp-conform ${HARNESS.version} — conformance harness for Model Context Protocol implementations

Usage:
  mcp-conform run  (--adapter NAME|PATH | --server-command "CMD ARGS" | --url URL) [options]
  mcp-conform run  --role client --adapter NAME [--transport stdio|http] [--scenario ID] [--out DIR]
  mcp-conform list [--scenario ID] [--spec-version V] [--transport T] [--json]
  mcp-conform coverage [--spec-version V] [--role server|client] [--json]
  mcp-conform merge DIR... --out DIR   join shard runs into the run an unsharded run gives
${TIER_USAGE}
  mcp-conform build [ADAPTER...] [--available]   build adapters with their toolchains (default: all),
                           incrementally; --available skips, and names, those whose toolchain is missing

Run options:
  --role server|client     judge the adapter's server (default) or its client program (the harness then
                           plays the server; client scenarios live in suites/client)
  --adapter NAME|PATH      an adapter folder under adapters/ (e.g. typescript), or a path to one
  --server-command "CMD"   any stdio MCP server; fixture-dependent checks report skip
  --url URL                any Streamable HTTP MCP endpoint (with --transport sse: the SSE endpoint of a
                           legacy HTTP+SSE server); fixture-dependent checks report skip
  --out DIR                report folder (default ./mcp-conform-results)
  --transport T            stdio, http or sse (legacy HTTP+SSE, 2024-11-05 only); repeat or
                           comma-separate (default: all the target has)
  --spec-version V         protocol version(s) to run (default: all the target supports)
  --scenario ID            scenario id, id prefix (server.tools) or glob (server.*.list*); repeatable
  --suites DIR             load scenarios from DIR instead of the bundled suites/server (suites/client
                           with --role client)
  --shard I/N              run every N-th case of the full matrix, from the I-th (CI matrices); join
                           the shards' --out folders with 'mcp-conform merge'
  --update-baseline        rewrite the --baseline file to list exactly this run's failures (keeping the
                           evidence of entries that still fail, and the file's format)
  --baseline FILE          known failures (expected-failures.yaml, or the official suite's server:/client:
                           lists of scenario or scenario:check): exit 1 only on new MUST-level
                           failures or on known failures that now pass
  --jobs N                 cases run concurrently (default: number of cores)
  --timeout MS             bound on every wait for an answer (default 5000)
  --startup-timeout MS     bound on a server starting and answering its first initialize (default 30000)
  --case-timeout MS        bound on one server scenario case, whatever it waits for (default 120000); past
                           it the step under way and the rest are 'timeout'
  --run-timeout MS         bound on the whole run (default 10800000, 3 h); past it no case starts, cases cut
                           off are 'timeout', the reports are written and the exit code is 3
  --timeout-multiplier X   scale every bound above (also MCP_CONFORM_TIMEOUT_MULTIPLIER), e.g. 3 on a slow
                           CI machine
  --no-build               do not build the adapter first
  --quiet                  print only cases that did not pass

Exit codes: 0 no MUST-level failure, 1 MUST-level failures, 2 usage error, 3 infrastructure error
(adapter did not build or start, server unreachable, or error verdicts), 130 interrupted.`;

const RUN_OPTIONS = {
  adapter: { type: 'string' },
  role: { type: 'string' },
  'server-command': { type: 'string' },
  url: { type: 'string' },
  out: { type: 'string' },
  transport: { type: 'string', multiple: true },
  'spec-version': { type: 'string', multiple: true },
  scenario: { type: 'string', multiple: true },
  suites: { type: 'string' },
  baseline: { type: 'string' },
  'update-baseline': { type: 'boolean' },
  shard: { type: 'string' },
  jobs: { type: 'string' },
  timeout: { type: 'string' },
  'startup-timeout': { type: 'string' },
  'case-timeout': { type: 'string' },
  'run-timeout': { type: 'string' },
  'timeout-multiplier': { type: 'string' },
  'no-build': { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const LIST_OPTIONS = {
  scenario: { type: 'string', multiple: true },
  suites: { type: 'string' },
  'spec-version': { type: 'string', multiple: true },
  transport: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function loadBaselineFile(file: string, updating = false) {
  // --update-baseline may start a baseline from nothing.
  if (updating && !existsSync(file)) return [];
  if (!existsSync(file)) throw new UsageError(`--baseline '${file}' does not exist. Give a file of known failures, e.g. adapters/typescript/expected-failures.yaml.`);
  return loadBaseline(file);
}

/** --update-baseline: the file now lists exactly this run's failures; the run then gates on nothing else. */
function updateBaselineFile(file: string, records: RunRecord[], exitCode: number): number {
  writeFileAtomic(resolve(file), updatedBaseline(file, records));
  const failing = records.filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip').length;
  process.stderr.write(`mcp-conform: rewrote ${file} to list this run's ${failing} non-passing record(s); review the evidence of new entries before committing it\n`);
  return exitCode === EXIT.infrastructure || exitCode === EXIT.interrupted ? exitCode : EXIT.ok;
}

function suitesDir(dir: string | undefined): string | undefined {
  if (dir === undefined) return undefined;
  const full = resolve(dir);
  if (!existsSync(full) || !statSync(full).isDirectory()) throw new UsageError(`--suites '${dir}' is not a folder. Give a folder of scenario YAML files.`);
  return full;
}

/** SIGINT/SIGTERM: the first stops the run gracefully (partial reports written), a second quits at once. */
function onInterrupt(reporter: ConsoleReporter, stop: () => void): void {
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    reporter.log('interrupted: stopping and writing partial reports (press Ctrl-C again to quit at once)');
    stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function runCommand(args: string[]): Promise<number> {
  const v = parse(args, RUN_OPTIONS);
  if (v['update-baseline'] && v.baseline === undefined) throw new UsageError('--update-baseline rewrites the file named by --baseline FILE: give both.');
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  const chosen = [v.adapter, v['server-command'], v.url].filter((x) => x !== undefined);
  if (chosen.length !== 1) {
    throw new UsageError('Say what to test with exactly one of --adapter NAME, --server-command "CMD ARGS" or --url URL (for example: mcp-conform run --adapter typescript).');
  }
  const reporter = new ConsoleReporter(process.stdout, v.quiet === true);
  const timeouts = timeoutsOf(v);
  const targetOptions = {
    timeoutMs: timeouts.timeoutMs,
    startupTimeoutMs: timeouts.startupTimeoutMs,
    build: v['no-build'] !== true,
    log: (line: string) => reporter.log(line),
  };
  const transports = transportsOf(v.transport);
  const versions = versionsOf(v['spec-version']);
  const role = v.role ?? 'server';
  if (role !== 'server' && role !== 'client') throw new UsageError(`--role '${role}' must be server or client.`);
  if (role === 'client') {
    if (v.adapter === undefined) throw new UsageError('--role client judges an adapter\'s client program: name it with --adapter NAME.');
    const clientScenarios = selectScenarios(loadClientScenarios(clientScenarioFiles(suitesDir(v.suites))), splitList(v.scenario));
    if (clientScenarios.length === 0) throw new UsageError(`No client scenario matches --scenario ${splitList(v.scenario)?.join(', ')}.`);
    const stop = new AbortController();
    onInterrupt(reporter, () => stop.abort());
    const outcome = await runClientSuite({
      manifest: loadAdapter(v.adapter),
      scenarios: clientScenarios,
      ...(transports && { transports }),
      jobs: positiveInt(v.jobs, 'jobs', availableParallelism()),
      timeoutMs: targetOptions.timeoutMs,
      outDir: resolve(v.out ?? defaultOutDir()),
      reporter,
      build: targetOptions.build,
      ...(v.baseline !== undefined && { baseline: { file: v.baseline, entries: loadBaselineFile(v.baseline, v['update-baseline']) } }),
      ...(v.shard !== undefined && { shard: parseShard(v.shard) }),
      runTimeoutMs: timeouts.runTimeoutMs,
      signal: stop.signal,
    });
    return v['update-baseline'] && v.baseline ? updateBaselineFile(v.baseline, outcome.records, outcome.exitCode) : outcome.exitCode;
  }
  const scenarios = selectScenarios(loadScenarios(scenarioFiles(suitesDir(v.suites))), splitList(v.scenario));
  if (scenarios.length === 0) throw new UsageError(`No scenario matches --scenario ${splitList(v.scenario)?.join(', ')}. 'mcp-conform list' shows the ids.`);
  let target: Target;
  if (v.adapter !== undefined) target = new AdapterTarget(loadAdapter(v.adapter), targetOptions);
  else if (v['server-command'] !== undefined) target = new CommandTarget(v['server-command'], targetOptions);
  // A URL is one kind of endpoint: with --transport sse it is the SSE endpoint of a legacy HTTP+SSE server.
  else target = new UrlTarget(v.url as string, targetOptions, transports?.includes('sse') ? 'sse' : 'http');
  for (const t of transports ?? []) {
    if (!target.transports.includes(t)) throw new UsageError(`The ${target.describe} has no ${t} transport (it has: ${target.transports.join(', ')}).`);
  }

  const run = new Run({
    target,
    scenarios,
    filter: { ...(transports && { transports }), ...(versions && { versions }) },
    jobs: positiveInt(v.jobs, 'jobs', availableParallelism()),
    timeoutMs: targetOptions.timeoutMs,
    caseTimeoutMs: timeouts.caseTimeoutMs,
    runTimeoutMs: timeouts.runTimeoutMs,
    outDir: resolve(v.out ?? defaultOutDir()),
    reporter,
    ...(v.baseline !== undefined && { baseline: { file: v.baseline, entries: loadBaselineFile(v.baseline, v['update-baseline']) } }),
    ...(v.shard !== undefined && { shard: parseShard(v.shard) }),
  });
  onInterrupt(reporter, () => void run.interrupt());
  const outcome = await run.execute();
  return v['update-baseline'] && v.baseline ? updateBaselineFile(v.baseline, outcome.records, outcome.exitCode) : outcome.exitCode;
}

function listCommand(args: string[]): number {
  const v = parse(args, LIST_OPTIONS);
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  const transports = transportsOf(v.transport);
  const versions = versionsOf(v['spec-version']);
  const everything = { transports: ['stdio', 'http', 'sse'] as TransportKind[], versions: [...PROTOCOL_VERSIONS] };
  const scenarios = selectScenarios(loadScenarios(scenarioFiles(suitesDir(v.suites))), splitList(v.scenario)).filter(
    (s) => expandMatrix([s], everything, { ...(transports && { transports }), ...(versions && { versions }) }).length > 0,
  );
  if (v.json) {
    const rows = scenarios.map((s) => ({
      id: s.id,
      title: s.title,
      file: s.file,
      transports: scenarioTransports(s),
      versions: scenarioVersions(s),
      fixture: s.fixture,
      checks: allChecks(s).map((c) => ({ id: c.id, title: c.title, level: c.level, spec: c.spec.map((r) => `${r.version}#${r.ref}`) })),
    }));
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return EXIT.ok;
  }
  let checks = 0;
  for (const s of scenarios) {
    process.stdout.write(`${s.id}  — ${s.title}\n    ${s.file}; ${scenarioTransports(s).join(', ')}; ${scenarioVersions(s).join(', ')}${s.fixture ? '; needs the fixture' : ''}\n`);
    for (const c of allChecks(s)) {
      checks++;
      const refs = c.spec.map((r) => (r.version === LATEST_HANDSHAKE ? r.ref : `${r.version}#${r.ref}`)).join(', ');
      process.stdout.write(`    ${c.level.padEnd(10)} ${c.id}  [${refs}]  ${c.title}\n`);
    }
  }
  process.stdout.write(`\nScenario checks per area and era:\n${formatCheckCounts(checkCountsByArea(scenarios))}`);
  process.stdout.write(
    `${scenarios.length} scenarios, ${checks} checks, plus ${TRANSCRIPT_CHECKS.length} transcript rules judged on every case where they apply: ${TRANSCRIPT_CHECKS.map((c) => c.id).join(', ')}\n`,
  );
  return EXIT.ok;
}

const COVERAGE_OPTIONS = {
  'spec-version': { type: 'string', multiple: true },
  role: { type: 'string' },
  suites: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

function coverageCommand(args: string[]): number {
  const v = parse(args, COVERAGE_OPTIONS);
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  const role = v.role ?? 'server';
  if (role !== 'server' && role !== 'client') throw new UsageError(`--role '${role}' must be server or client.`);
  const catalogues = loadRequirements();
  const versions = versionsOf(v['spec-version']) ?? [...catalogues.keys()].sort();
  const scenarios = loadScenarios(scenarioFiles(suitesDir(v.suites)));
  const results = versions.map((version) => {
    if (!catalogues.has(version)) throw new UsageError(`There is no requirement catalogue for ${version} (suites/requirements/${version}.yaml). Catalogues: ${[...catalogues.keys()].join(', ')}.`);
    return computeCoverage(catalogues, scenarios, version, role, role === 'client' ? loadClientScenarios(clientScenarioFiles()) : []);
  });
  if (v.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else process.stdout.write(results.map(formatCoverage).join('\n'));
  return EXIT.ok;
}

/** `merge DIR... --out DIR`: shard runs joined; refuses different targets and duplicate records. */
function mergeCommand(args: string[]): number {
  const parsed = parseWithPositionals(args, { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  if (parsed.values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  const out = parsed.values.out;
  if (out === undefined) throw new UsageError('merge writes the joined run to --out DIR: give one.');
  const { records, summary, problems } = mergeRuns(parsed.positionals.map((d) => resolve(d)), randomUUID());
  if (records.length === 0 && problems.length) throw new UsageError(`Cannot merge these runs:\n  - ${problems.join('\n  - ')}`);
  const dir = resolve(out);
  ensureWritable(dir);
  copyTranscripts(parsed.positionals.map((d) => resolve(d)), dir);
  writeReports(dir, records, summary);
  process.stdout.write(`merged ${parsed.positionals.length} run(s): ${summary.cases.done} cases, ${records.length} records into ${dir}\n`);
  for (const p of problems) process.stderr.write(`mcp-conform: ${p}\n`);
  if (problems.length) return EXIT.infrastructure;
  return summary.mustFailures > 0 ? EXIT.failures : EXIT.ok;
}

/** `build [ADAPTER...]`: builds each adapter (all by default), going on past failures; exit 3 if any failed. */
async function buildCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseWithPositionals(args, { help: { type: 'boolean', short: 'h' }, available: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  const manifests = (positionals.length ? positionals : availableAdapters()).map(loadAdapter);
  const failed: string[] = [];
  for (const manifest of manifests) {
    if (!manifest.build) continue;
    if (manifest.installable === false) {
      process.stderr.write(`${manifest.name}: described only (installable: false), built in the SDK's own CI\n`);
      continue;
    }
    const missing = missingToolchains(manifest);
    // --available: a machine without some toolchain still builds (and tests) the adapters it can.
    if (values.available && missing.length) {
      process.stderr.write(`${manifest.name}: skipped, ${missing.join(', ')} not on PATH\n`);
      continue;
    }
    const started = Date.now();
    try {
      const built = await buildAdapter(manifest, (line) => process.stderr.write(`${line}\n`));
      process.stderr.write(built ? `${manifest.name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s\n` : `${manifest.name}: up to date\n`);
    } catch (e) {
      if (!(e instanceof HarnessError)) throw e;
      failed.push(manifest.name);
      process.stderr.write(`mcp-conform: ${e.message}\n`);
    }
  }
  if (failed.length) process.stderr.write(`mcp-conform: ${failed.length} adapter(s) did not build: ${failed.join(', ')}\n`);
  return failed.length ? EXIT.infrastructure : EXIT.ok;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(rest);
    case 'list':
      return listCommand(rest);
    case 'coverage':
      return coverageCommand(rest);
    case 'build':
      return buildCommand(rest);
    case 'merge':
      return mergeCommand(rest);
    case 'tier':
      return tierCommand(rest);
    case 'scored-set':
      return scoredSetCommand(rest);
    case 'dashboard':
      return dashboardCommand(rest);
    case 'selftest':
      return selftestCommand(rest);
    case '--version':
    case '-v':
      process.stdout.write(`${HARNESS.version}\n`);
      return EXIT.ok;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      throw new UsageError(`Unknown command '${command}'. Commands: run, list, coverage, build, merge, tier, dashboard, scored-set, selftest. Run 'mcp-conform --help' for the options.`);
  }
}

/** Exits once stdout and stderr have been flushed: writes to a pipe are asynchronous, and exiting at once would cut long output (list --json) short. */
function exitWhenFlushed(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (e: unknown) => {
    if (e instanceof HarnessError) {
      process.stderr.write(`mcp-conform: ${e.message}\n`);
      return exitWhenFlushed(e.exitCode);
    }
    process.stderr.write(`mcp-conform: internal error (please report it): ${(e as Error)?.stack ?? String(e)}\n`);
    exitWhenFlushed(EXIT.infrastructure);
  },
);
