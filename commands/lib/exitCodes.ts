/**
 * Exit codes shared by every operator command, so CI can act on them:
 * `0` nothing to report, `1` findings (preflight FAIL, report non-compliant with
 * `--fail-on-noncompliant`, find without a match), `2` the command could not do its job
 * (bad arguments, invalid stack config, or an AWS error that stopped it).
 */
export const ExitCode = {
  Ok: 0,
  Findings: 1,
  UsageOrConfig: 2,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Wrong or conflicting arguments: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A config, inventory or input file the command cannot use: printed without a stack trace, exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}
