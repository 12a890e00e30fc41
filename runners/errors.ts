// Exit codes and the errors that carry them. Each error is one paragraph for a human:
// what went wrong, where, and what to do; the CLI prints it without a stack trace.

export const EXIT = {
  ok: 0,
  /** At least one MUST-level check failed (fail, timeout or unsupported). */
  failures: 1,
  /** Bad arguments, bad scenario or manifest files, unknown adapter, unwritable output. */
  usage: 2,
  /** The harness could not judge: adapter did not build or start, server unreachable, error verdicts. */
  infrastructure: 3,
  /** Interrupted by SIGINT/SIGTERM; partial reports were written. */
  interrupted: 130,
} as const;

export class HarnessError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export class UsageError extends HarnessError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export class InfraError extends HarnessError {
  constructor(message: string) {
    super(message, EXIT.infrastructure);
  }
}

/** Several file problems reported together, so a user fixes them in one pass. */
export class FileProblems extends UsageError {
  constructor(readonly problems: string[]) {
    super(
      `${problems.length} problem(s) in input files (scenarios, manifests, baselines, scored sets or evidence); nothing was done:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
  }
}
