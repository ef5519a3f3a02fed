/**
 * The thin shell every operator command shares: commander set-up, output-format flags,
 * and turning whatever happened into an exit code CI can act on.
 */
import { Command, CommanderError, Option } from "commander";
import { clearSessionCache } from "../../components/multiaccount/session";
import type { Deployment } from "../../config/domain";
import { ConfigError } from "../../config/errors";
import { AGGREGATOR_NAME } from "../../config/names";
import type { AggregatorTarget } from "./advancedQuery";
import { organizationAggregator } from "./aws";
import { loadDeployment, type StackOptions } from "./deployment";
import { AwsCallError } from "./awsCallError";
import { MissingCredentialsError, requireBaseCredentials } from "./baseCredentials";
import { ExitCode, InputError, UsageError } from "./exitCodes";
import type { OutputFormat } from "./render";

/** Where a command writes: the process by default, buffers in tests. */
export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  readonly stderrIsTty: boolean;
}

export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  stderrIsTty: process.stderr.isTTY === true,
};

/** A commander program that throws instead of exiting, and writes through `io`. */
export function newProgram(name: string, description: string, io: CommandIo): Command {
  return new Command(name)
    .description(description)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false)
    .allowExcessArguments(false);
}

export interface FormatFlags {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly markdown?: boolean;
}

/** Adds `--json`, `--csv` and (when allowed) `--markdown`. */
export function addFormatOptions(program: Command, formats: readonly OutputFormat[]): Command {
  if (formats.includes("json")) program.addOption(new Option("--json", "print JSON for machines (no progress bar)"));
  if (formats.includes("csv")) program.addOption(new Option("--csv", "print CSV"));
  if (formats.includes("markdown")) program.addOption(new Option("--markdown", "print Markdown for a ticket or a pull request"));
  program.addOption(new Option("--no-progress", "never draw a progress bar"));
  return program;
}

/** The one output format the flags ask for; a table when none. */
export function outputFormatOf(flags: FormatFlags): OutputFormat {
  const chosen = (["json", "csv", "markdown"] as const).filter((f) => flags[f] === true);
  if (chosen.length > 1) {
    throw new UsageError(`choose one output format, not ${chosen.map((f) => `\`--${f}\``).join(" and ")}`);
  }
  return chosen[0] ?? "table";
}

/** What commander parses from the options every stack-bound command shares (`addStackOptions`, `addFormatOptions`). */
export interface StackCommandOptions extends FormatFlags {
  readonly stack: string;
  /** `--organization <file>`: an organization snapshot instead of asking AWS Organizations. */
  readonly organization?: string;
  readonly projectRoot?: string;
  /** False with `--no-progress`. */
  readonly progress?: boolean;
}

/** A stack-bound command that also reads the organization aggregator (`--aggregator`). */
export interface AggregatorCommandOptions extends StackCommandOptions {
  readonly aggregator: string;
}

/** Help texts of the shared stack options that differ between commands. */
export interface StackOptionHelp {
  /** Help of `--stack`; by default it says which files the stack reads. */
  readonly stack?: string;
  /** Help of `--aggregator`; the option is added only when this is given. */
  readonly aggregator?: string;
}

/** Adds `--stack` (required), `--aggregator` when asked for, `--organization` and `--project-root`. */
export function addStackOptions(program: Command, help: StackOptionHelp = {}): Command {
  program.requiredOption("--stack <name>", help.stack ?? "Pulumi stack (reads Pulumi.<name>.yaml and its inventory)");
  if (help.aggregator !== undefined) program.option("--aggregator <name>", help.aggregator, AGGREGATOR_NAME);
  return program
    .option("--organization <file>", "organization snapshot for a `discover: true` inventory (default: ask AWS Organizations)")
    .option("--project-root <dir>", "directory holding Pulumi.yaml (default: this project)");
}

/** Dependencies a stack-bound command reaches out to; tests replace them. */
export interface StackCommandDependencies {
  readonly loadDeployment: (options: StackOptions) => Promise<Deployment>;
  /**
   * Resolves the caller's base credentials once, before the stack is loaded (a discovering
   * stack asks the organization) and before any per-account work; throws
   * `MissingCredentialsError` when there are none (commands/lib/baseCredentials.ts). Left out
   * by tests that stand in for AWS.
   */
  readonly baseCredentials?: (what: string) => Promise<void>;
}

export interface AggregatorCommandDependencies extends StackCommandDependencies {
  readonly aggregator: (deployment: Deployment, aggregatorName: string) => Promise<AggregatorTarget>;
}

/** The real dependencies: the stack's config, and the aggregator, reached with `purpose` in the role session name. */
export function aggregatorCommandDependencies(purpose: string): AggregatorCommandDependencies {
  return { loadDeployment, baseCredentials: requireBaseCredentials, aggregator: (deployment, name) => organizationAggregator(deployment, name, purpose) };
}

/**
 * The Deployment of the stack the options name, with their project root and organization
 * snapshot. Unless `offline`, the base credentials are resolved first (`command` names the
 * command in the message when there are none).
 */
export async function loadStackOf(deps: StackCommandDependencies, opts: StackCommandOptions, offline = false, command?: string): Promise<Deployment> {
  if (!offline && deps.baseCredentials) await deps.baseCredentials(`\`${command ?? "this command"} --stack ${opts.stack}\``);
  return deps.loadDeployment({
    stack: opts.stack,
    ...(offline ? { offline } : {}),
    ...(opts.projectRoot ? { projectRoot: opts.projectRoot } : {}),
    ...(opts.organization ? { organizationFile: opts.organization } : {}),
  });
}

/**
 * `program.parse` for a command's own arguments, with an unknown option reported as unknown
 * (commander's message, with its "did you mean") before anything else. Commander checks
 * required options first, so `--stak dev` would otherwise read as a missing `--stack`.
 */
export function parseArguments(program: Command, argv: readonly string[]): void {
  const known = new Set(["--help", "-h"]);
  for (const o of program.options) {
    if (o.long) known.add(o.long);
    if (o.short) known.add(o.short);
  }
  for (const arg of argv) {
    if (arg === "--") break;
    if (!arg.startsWith("-") || arg === "-") continue;
    const flag = arg.startsWith("--") ? arg.split("=")[0]! : arg.slice(0, 2);
    if (!known.has(flag)) (program as unknown as { unknownOption(flag: string): never }).unknownOption(flag);
  }
  program.parse([...argv], { from: "user" });
}

/** A positive integer option such as `--concurrency`. */
export function positiveInteger(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`\`${name}\` must be a positive integer, got \`${value}\``);
    return n;
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { Code?: string; code?: string }).Code;
    const name = error.name && error.name !== "Error" ? error.name : undefined;
    const prefix = [name, code && code !== name ? code : undefined].filter(Boolean).join("/");
    return prefix ? `${prefix}: ${error.message}` : error.message;
  }
  return String(error);
}

/**
 * Runs a command body and maps the outcome to an exit code: the body's own code when it
 * returns, 2 for usage, input and unexpected errors (printed on stderr), 0 for `--help`.
 */
export async function runCommand(io: CommandIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help text).
      return error.exitCode === 0 ? ExitCode.Ok : ExitCode.UsageOrConfig;
    }
    // Config problems already name every key and fix: printed as they are, without a stack trace.
    if (
      error instanceof UsageError ||
      error instanceof InputError ||
      error instanceof ConfigError ||
      error instanceof AwsCallError ||
      error instanceof MissingCredentialsError
    ) {
      io.stderr(`error: ${error.message}\n`);
      return ExitCode.UsageOrConfig;
    }
    io.stderr(`error: ${describeError(error)}\n`);
    if (process.env.DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return ExitCode.UsageOrConfig;
  }
}

/** Entry point of a command file run as a script: sets the process exit code. */
export function runMain(main: (argv: readonly string[], io: CommandIo) => Promise<number>): void {
  main(process.argv.slice(2), processIo)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`error: ${describeError(error)}\n`);
        process.exitCode = ExitCode.UsageOrConfig;
      },
    )
    // Close the cached SDK clients (their keep-alive sockets) so the process ends now.
    .finally(() => clearSessionCache());
}
