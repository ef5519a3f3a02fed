/**
 * Reads a stack's inputs straight from disk (Pulumi.<stack>.yaml and its
 * inventory), for the commands that run outside the Pulumi engine: the offline
 * plan, preflight, report, cost, find. The Pulumi program reads the same keys
 * through the engine (config/pulumiSources.ts); both end in `parseSources`.
 */
import * as fs from "fs";
import * as path from "path";

import type { Deployment } from "./domain";
import { accountsFromSnapshot, ousOfInterest, type OrganizationSnapshot } from "./discovery";
import { PROJECT_NAME, PROJECT_ROOT, readInventory, readStackConfigFile } from "./files";
import { ConfigError, normalizeConfigValues, parseSources, resolveDeployment, type DeploymentSources, type OrganizationAccount, type ParsedSources } from "./load";
import { validatePackSelections } from "../packs";

export { PROJECT_NAME, PROJECT_ROOT, readInventory, readStackConfigFile };

export function stackSources(stack: string, projectRoot = PROJECT_ROOT, overrides: Readonly<Record<string, unknown>> = {}, configOnly = false): DeploymentSources {
  const file = configOnly ? {} : readStackConfigFile(projectRoot, stack);
  const config = normalizeConfigValues({ ...file, ...overrides }, PROJECT_NAME);
  return { project: PROJECT_NAME, stack, config, inventory: readInventory(projectRoot, config.accounts) };
}

/** Reads an organization snapshot fixture (offline plan of a `discover: true` inventory). */
export function readOrganizationFixture(file: string): OrganizationSnapshot {
  return JSON.parse(fs.readFileSync(file, "utf8")) as OrganizationSnapshot;
}

/**
 * Offline, a `discover: true` stack's organization comes from a fixture: the snapshot and
 * the file it came from, or nothing for a stack that lists its accounts. A missing fixture
 * is a config problem that says where to put one.
 */
export function offlineOrganization(
  parsed: ParsedSources,
  options: { fixture?: string; projectRoot?: string } = {},
): { snapshot: OrganizationSnapshot; file: string } | undefined {
  if (!parsed.discover) return undefined;
  const stack = parsed.sources.stack;
  const file = options.fixture ?? defaultOrganizationFixture(stack, options.projectRoot);
  if (!fs.existsSync(file)) {
    throw new ConfigError(
      [`the inventory of \`${stack}\` says \`discover: true\`; offline, the organization comes from a fixture, and ${file} does not exist: create it (accounts and OU members) or pass \`--organization-fixture\``],
      `aws-config-org stack \`${stack}\``,
    );
  }
  return { snapshot: readOrganizationFixture(file), file };
}

/** Default fixture location for a stack: accounts/fixtures/<stack>-organization.json */
export function defaultOrganizationFixture(stack: string, projectRoot = PROJECT_ROOT): string {
  return path.join(projectRoot, "accounts", "fixtures", `${stack}-organization.json`);
}

/**
 * A stack's validated Deployment, read from disk. For a `discover: true`
 * inventory, the organization comes from `organization` (a snapshot) or
 * `organizationAccounts`; without either, discovery fails with a clear error.
 */
export async function loadStackDeployment(
  stack: string,
  options: {
    projectRoot?: string;
    /** Stack config entries replacing those of Pulumi.<stack>.yaml. */
    configOverrides?: Readonly<Record<string, unknown>>;
    /** Use only `configOverrides` (a synthetic stack without a Pulumi.<stack>.yaml). */
    configOnly?: boolean;
    organizationAccounts?: readonly OrganizationAccount[];
    /** A snapshot, or how to take one (live discovery needs the parsed sources: management account, OUs of interest). */
    organization?: OrganizationSnapshot | ((parsed: ParsedSources) => Promise<OrganizationSnapshot>);
  } = {},
): Promise<Deployment> {
  const parsed = parseStack(stack, options.configOverrides, options.projectRoot ?? PROJECT_ROOT, options.configOnly);
  if (!parsed.discover) return resolveDeployment(parsed);
  if (options.organizationAccounts) return resolveDeployment(parsed, options.organizationAccounts);
  if (!options.organization) {
    throw new ConfigError([`the inventory of \`${stack}\` says \`discover: true\`: pass the organization (live, or a fixture such as accounts/fixtures/${stack}-organization.json)`], `aws-config-org stack \`${stack}\``);
  }
  const snapshot = typeof options.organization === "function" ? await options.organization(parsed) : options.organization;
  return resolveWithSnapshot(parsed, snapshot);
}

/** Stage 2 of parsing, with the organization as a snapshot (live or fixture). */
export function resolveWithSnapshot(parsed: ParsedSources, snapshot?: OrganizationSnapshot): Deployment {
  return resolveDeployment(parsed, parsed.discover && snapshot ? accountsFromSnapshot(snapshot, ousOfInterest(parsed)) : undefined);
}

/** Stage 1 of parsing a stack read from disk, with the pack library's checks. */
export function parseStack(stack: string, configOverrides?: Readonly<Record<string, unknown>>, projectRoot = PROJECT_ROOT, configOnly = false): ParsedSources {
  return parseSources(stackSources(stack, projectRoot, configOverrides, configOnly), { validatePacks: validatePackSelections });
}
