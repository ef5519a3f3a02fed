/**
 * `npx aws-config-org organization --stack <name> [--write <file>]`: the live organization as
 * an offline snapshot (accounts/fixtures/organization.schema.json), the file a `discover: true`
 * stack's plan, cost and policy config read instead of asking AWS Organizations. It asks
 * through the management account exactly as `pulumi up` would (commands/lib/liveOrganization.ts),
 * for every account and the members of the OUs the stack's inventory and shard name.
 * Without `--write` the JSON goes to stdout. Exit codes: 0 written, 2 usage / config / AWS error.
 */
import * as fs from "fs";
import * as path from "path";

import type { Settings } from "../config/defaults";
import { readOrganizationSnapshot, type OrganizationSnapshot } from "../config/discovery";
import { parseStack } from "../config/pipeline";
import { newProgram, parseArguments, processIo, runCommand, runMain, type CommandIo } from "./lib/cli";
import { requireBaseCredentials } from "./lib/baseCredentials";
import { ExitCode, UsageError } from "./lib/exitCodes";

/** Where the snapshot's `$schema` points, relative to the file written. */
const SCHEMA_FILE = path.join(__dirname, "..", "accounts", "fixtures", "organization.schema.json");

export interface OrganizationDependencies {
  readonly organization: (settings: Settings) => Promise<OrganizationSnapshot>;
}

const defaultDependencies: OrganizationDependencies = {
  organization: async (settings) => {
    await requireBaseCredentials(`\`organization --stack ${settings.sources.stack}\``);
    return (await import("./lib/liveOrganization")).liveOrganization(settings);
  },
};

/** The snapshot as the file holds it: accounts sorted by id, OUs by id, a `$schema` for editors. */
export function snapshotFileText(snapshot: OrganizationSnapshot, file?: string): string {
  const schema = file
    ? path
        .relative(path.dirname(path.resolve(file)), SCHEMA_FILE)
        .split(path.sep)
        .join("/")
    : undefined;
  const accounts = [...snapshot.accounts].sort((a, b) => a.id.localeCompare(b.id)).map((a) => ({ id: a.id, name: a.name, status: a.status }));
  const ouMembers = Object.fromEntries(
    Object.keys(snapshot.ouMembers)
      .sort()
      .map((ou) => [ou, [...snapshot.ouMembers[ou]!].sort()]),
  );
  const units = {
    ...(snapshot.roots ? { roots: [...snapshot.roots].sort() } : {}),
    ...(snapshot.organizationalUnits ? { organizationalUnits: [...snapshot.organizationalUnits].sort() } : {}),
  };
  return `${JSON.stringify({ ...(schema ? { $schema: schema } : {}), accounts, ...units, ouMembers }, null, 2)}\n`;
}

export async function main(argv: readonly string[], io: CommandIo = processIo, deps: OrganizationDependencies = defaultDependencies): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("organization", "Write a `discover: true` stack's organization snapshot from the live organization", io)
      .requiredOption("--stack <name>", "the stack whose inventory and shard say which OUs matter (Pulumi.<name>.yaml)")
      .option("--write <file>", "write the snapshot here (e.g. accounts/fixtures/<stack>-organization.json); default: stdout")
      .option("--project-root <dir>", "directory holding Pulumi.yaml (default: this project)");
    parseArguments(program, argv);
    const opts = program.opts<{ stack: string; write?: string; projectRoot?: string }>();
    const settings = parseStack(opts.stack, opts.projectRoot ? { projectRoot: opts.projectRoot } : {});
    if (!settings.discover) {
      throw new UsageError(
        `the inventory of \`${opts.stack}\` does not say \`discover: true\`: its accounts are its list, and it needs no organization snapshot`,
      );
    }
    const snapshot = await deps.organization(settings);
    const text = snapshotFileText(snapshot, opts.write);
    if (!opts.write) {
      io.stdout(text);
      return ExitCode.Ok;
    }
    fs.mkdirSync(path.dirname(path.resolve(opts.write)), { recursive: true });
    fs.writeFileSync(opts.write, text);
    readOrganizationSnapshot(opts.write); // what was written is what the readers accept
    const active = snapshot.accounts.filter((a) => a.status === "ACTIVE").length;
    io.stderr(`wrote ${opts.write}: ${snapshot.accounts.length} account(s), ${active} ACTIVE, ${Object.keys(snapshot.ouMembers).length} OU(s) of interest\n`);
    return ExitCode.Ok;
  });
}

if (require.main === module) runMain(main);
