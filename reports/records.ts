// Turns case results into the one record shape every report is derived from.
import type { CaseResult, RunRecord } from '../runners/model.js';
import { HARNESS } from '../runners/paths.js';
import { schemaDigest } from '../runners/schema/mcp-schema.js';

export interface RunMeta {
  runId: string;
  adapter: string;
  sdk?: { package: string; version: string };
}

export function transcriptPath(c: { scenario: string; transport: string; specVersion: string }): string {
  return `transcripts/${c.scenario}.${c.transport}.${c.specVersion}.jsonl`;
}

export function toRecords(result: CaseResult, meta: RunMeta): RunRecord[] {
  return result.checks.map((c) => ({
    harness: HARNESS,
    runId: meta.runId,
    adapter: meta.adapter,
    ...(meta.sdk && { sdk: meta.sdk }),
    scenario: c.scenario,
    check: c.check,
    title: c.title,
    verdict: c.verdict,
    level: c.level,
    transport: result.transport,
    specVersion: result.specVersion,
    ...(result.negotiatedVersion && { negotiatedVersion: result.negotiatedVersion }),
    era: result.era,
    ...(result.extension && { extension: result.extension }),
    message: c.message,
    spec: c.spec,
    schemaDigest: schemaDigest(result.negotiatedVersion ?? result.specVersion),
    durationMs: result.durationMs,
    ...(result.transcript.length > 0 && { transcript: transcriptPath(result) }),
  }));
}
