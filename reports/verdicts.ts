import type { Verdict } from '../runners/model.js';

/** Worst first: the verdict a group of checks takes is the worst of its members. */
const SEVERITY: Verdict[] = ['error', 'timeout', 'fail', 'unsupported', 'warn', 'pass', 'skip'];

export function worstVerdict(verdicts: Verdict[]): Verdict {
  // A group in which nothing was evaluated is never a pass.
  if (verdicts.length === 0) return 'skip';
  return SEVERITY.find((v) => verdicts.includes(v)) ?? 'skip';
}

/** Verdicts that count as failed in the tier score. */
export function countsAsFailed(v: Verdict): boolean {
  return v === 'fail' || v === 'unsupported' || v === 'error' || v === 'timeout';
}

export function emptyCounts(): Record<Verdict, number> {
  return { pass: 0, fail: 0, warn: 0, skip: 0, unsupported: 0, error: 0, timeout: 0 };
}
