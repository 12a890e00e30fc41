// The shape of a rule judged on a whole transcript rather than by a scenario step.
import type { CheckResult } from '../../model.js';
import type { TranscriptView } from './view.js';

export interface TranscriptCheck {
  id: string;
  title: string;
  level: CheckResult['level'];
  spec: CheckResult['spec'];
}

export interface TranscriptRule extends TranscriptCheck {
  /** Names the problems in the failure message, e.g. "unsolicited response(s)". */
  noun: string;
  /**
   * The problems found, or undefined when the transcript holds nothing the rule speaks about
   * (then no record is written: a rule about sampling says nothing of a ping scenario).
   */
  judge(view: TranscriptView): string[] | undefined;
}

/** Both spec versions' requirement ids, in the form checks cite them. */
export function refs(byVersion: Record<string, string[]>): CheckResult['spec'] {
  return Object.entries(byVersion).flatMap(([version, ids]) => ids.map((ref) => ({ version, ref })));
}
