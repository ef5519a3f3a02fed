/**
 * `npm run policy-config [-- --stack <name>] [--live] [--check]`: writes
 * `policies/config/<stack>.json`, the policy pack's view of a stack, from the
 * same parsed config the program uses. Offline, a `discover: true` stack takes
 * the organization from its fixture; `--live` asks the organization (run it
 * before a real preview, as Pulumi Deployments does). `--check` fails when a
 * committed file is stale.
 */
import * as fs from "fs";
import * as path from "path";

import { offlineOrganization } from "../config/discovery";
import { parseStack, resolveDeployment } from "../config/pipeline";
import { PROJECT_ROOT } from "../config/sources";
import { describeDeployment } from "../offline/policyVerdict";
import { projectStacks } from "../offline/projectCoverage";
import { policyConfigFileText } from "../policies/config";
import { liveOrganization } from "./lib/liveOrganization";
import { type CommandIo, newProgram, parseArguments, processIo, runCommand, runMain } from "./lib/cli";
import { requireBaseCredentials } from "./lib/baseCredentials";
import { ExitCode } from "./lib/exitCodes";

export { projectStacks };

export function policyConfigPath(stack: string, projectRoot = PROJECT_ROOT): string {
  return path.join(projectRoot, "policies", "config", `${stack}.json`);
}

/** The text `policies/config/<stack>.json` should hold. */
export async function policyConfigText(stack: string, live = false): Promise<string> {
  return (await policyConfigOf(stack, live)).text;
}

/** Where a stack's accounts came from: the live organization, its fixture, or its own list. */
type AccountsSource = "live" | "fixture" | "inventory";

/** The file's text and where its accounts came from; `--live` asks the organization only for a stack that discovers. */
async function policyConfigOf(
  stack: string,
  live: boolean,
  deps: PolicyConfigDependencies = defaultDependencies,
): Promise<{ text: string; source: AccountsSource }> {
  const parsed = parseStack(stack);
  const source: AccountsSource = !parsed.discover ? "inventory" : live ? "live" : "fixture";
  if (source === "live") await deps.baseCredentials(`\`policy-config --live --stack ${stack}\``);
  const snapshot = source === "live" ? await liveOrganization(parsed) : offlineOrganization(parsed, { projectRoot: PROJECT_ROOT })?.snapshot;
  return { text: policyConfigFileText(describeDeployment(resolveDeployment(parsed, snapshot))), source };
}

/** What `--live` needs beside the config: the base credentials (a stand-in in tests). */
export interface PolicyConfigDependencies {
  readonly baseCredentials: (what: string) => Promise<void>;
}

const defaultDependencies: PolicyConfigDependencies = { baseCredentials: requireBaseCredentials };

/** What the `wrote` line adds after the file name. */
function sourceNote(source: AccountsSource, live: boolean): string {
  if (source === "live") return " (live organization)";
  if (source === "inventory" && live) return " (the stack lists its accounts: the live organization was not needed)";
  return "";
}

export async function main(argv: readonly string[], io: CommandIo = processIo, deps: PolicyConfigDependencies = defaultDependencies): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("policy-config", "Write policies/config/<stack>.json from the stack's config", io)
      .option("--stack <name>", "one stack (default: every Pulumi.<stack>.yaml)")
      .option("--live", "discover the organization live (credentials for the management account)")
      .option("--check", "do not write; exit 1 when a file is missing or stale");
    parseArguments(program, argv);
    const opts = program.opts<{ stack?: string; live?: boolean; check?: boolean }>();
    let stale = 0;
    for (const stack of opts.stack ? [opts.stack] : projectStacks()) {
      const { text, source } = await policyConfigOf(stack, opts.live ?? false, deps);
      const file = policyConfigPath(stack);
      const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
      if (opts.check) {
        if (current !== text) {
          stale++;
          io.stderr(`${path.relative(PROJECT_ROOT, file)} is ${current === undefined ? "missing" : "stale"}: run \`npm run policy-config\`\n`);
        }
      } else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        io.stdout(`wrote ${path.relative(PROJECT_ROOT, file)}${sourceNote(source, opts.live === true)}\n`);
      }
    }
    return stale > 0 ? ExitCode.Findings : ExitCode.Ok;
  });
}

if (require.main === module) runMain(main);
