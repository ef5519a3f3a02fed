/**
 * Discovery: the organization's accounts, and for the OUs the inventory or the shard names,
 * which accounts sit below them. One path, whatever asks: the program (through Pulumi
 * invokes, config/pulumiSources.ts), the operator commands live (through the Organizations
 * API, commands/lib/liveOrganization.ts) and offline runs (a snapshot file) all produce the
 * same `OrganizationSnapshot`, through `discoverOrganization` or `readOrganizationSnapshot`.
 */
import Ajv, { type ErrorObject } from "ajv";
import * as fs from "fs";
import * as path from "path";

import type { Settings } from "./defaults";
import { ConfigError, stackContext } from "./errors";
import type { OrganizationAccount } from "./scope";
import ORGANIZATION_SNAPSHOT_SCHEMA from "../accounts/fixtures/organization.schema.json";

/** The snapshot file's format, as a JSON Schema beside the fixtures (editors and this check read the same file). */
const validateSnapshot = new Ajv({ allErrors: true, strict: false, verbose: true }).compile(ORGANIZATION_SNAPSHOT_SCHEMA);

export interface OrganizationSnapshot {
  /** Every account of the organization, any status. */
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly status: string }[];
  /** Account ids below each OU of interest (descendants, not only direct children). */
  readonly ouMembers: Readonly<Record<string, readonly string[]>>;
  /** Every OU id of the organization, when the snapshot records them (config/organizationUnits.ts checks OU ids against it). */
  readonly organizationalUnits?: readonly string[];
  /** The organization's root ids, when recorded. */
  readonly roots?: readonly string[];
}

/** How an organization is asked: its accounts, and the accounts anywhere below an OU. */
export interface OrganizationLister {
  accounts(): Promise<OrganizationSnapshot["accounts"]>;
  descendantAccountIds(ou: string): Promise<readonly string[]>;
  /** Every root and OU id; when given, only OUs that exist are asked for members, and the others are reported by name. */
  units?(): Promise<{ readonly roots: readonly string[]; readonly organizationalUnits: readonly string[] }>;
}

/**
 * OUs whose membership matters: those with a recording profile, those a shard takes, and, last
 * (so an account's own OU stays the profile's or the shard's), those packs target.
 */
export function ousOfInterest(settings: Pick<Settings, "inventory" | "base">): string[] {
  const ous = new Set(Object.keys(settings.inventory.ouProfiles));
  if (settings.base.shard.kind === "ou") settings.base.shard.ous.forEach((ou) => ous.add(ou));
  const { packs, templatePacks, approvedImages } = settings.base;
  for (const targets of [...packs, ...templatePacks, ...(approvedImages ? [approvedImages] : [])].map((t) => t.targets))
    targets?.ous.forEach((ou) => ous.add(ou));
  return [...ous];
}

/** The snapshot a stack needs: every account, and the members of its OUs of interest. */
export async function discoverOrganization(lister: OrganizationLister, ous: readonly string[]): Promise<OrganizationSnapshot> {
  // The account list and the OU tree are independent: ask for both at once. The members of the OUs
  // of interest need the tree (an OU the organization lacks is reported, not listed).
  const [accounts, units] = await Promise.all([lister.accounts(), lister.units ? lister.units() : undefined]);
  const exists = (ou: string) => !units || units.organizationalUnits.includes(ou) || units.roots.includes(ou);
  const members = await Promise.all(ous.filter(exists).map(async (ou) => [ou, await lister.descendantAccountIds(ou)] as const));
  return {
    accounts,
    ouMembers: Object.fromEntries(members),
    ...(units ? { organizationalUnits: [...units.organizationalUnits], roots: [...units.roots] } : {}),
  };
}

/** Accounts with the first OU of interest that contains them (inventory order of OUs decides ties). */
export function accountsFromSnapshot(snapshot: OrganizationSnapshot, ous: readonly string[]): OrganizationAccount[] {
  const ouOf = new Map<string, string>();
  for (const ou of ous) for (const id of snapshot.ouMembers[ou] ?? []) if (!ouOf.has(id)) ouOf.set(id, ou);
  return snapshot.accounts.map((a) => ({ id: a.id, name: a.name, status: a.status, ...(ouOf.has(a.id) ? { ou: ouOf.get(a.id)! } : {}) }));
}

/**
 * A snapshot file (`accounts/fixtures/<stack>-organization.json` or one a command wrote):
 * read and checked, or an error that says what is wrong with it.
 */
export function readOrganizationSnapshot(file: string): OrganizationSnapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    throw new Error(`${file} is not a usable organization snapshot: ${(e as Error).message}`);
  }
  if (!validateSnapshot(parsed)) {
    const problems = (validateSnapshot.errors ?? []).map(snapshotProblem);
    throw new Error(`${file} is not a usable organization snapshot (accounts/fixtures/organization.schema.json): ${[...new Set(problems)].join("; ")}`);
  }
  const snapshot = parsed as {
    accounts: { id: string; name?: string; status: string }[];
    ouMembers?: Record<string, string[]>;
    organizationalUnits?: string[];
    roots?: string[];
  };
  return {
    accounts: snapshot.accounts.map((a) => ({ id: a.id, name: a.name ?? a.id, status: a.status })),
    ouMembers: snapshot.ouMembers ?? {},
    ...(snapshot.organizationalUnits ? { organizationalUnits: snapshot.organizationalUnits } : {}),
    ...(snapshot.roots ? { roots: snapshot.roots } : {}),
  };
}

function snapshotProblem(e: ErrorObject): string {
  const key = e.instancePath.slice(1).replace(/\//g, ".");
  const where = key ? `\`${key}\`` : "the top level";
  switch (e.keyword) {
    case "additionalProperties":
      return `unknown key \`${(e.params as { additionalProperty: string }).additionalProperty}\` at ${where}: remove it`;
    case "required":
      return `${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\``;
    case "type":
      return `${where} must be a ${(e.params as { type: string }).type}${key.endsWith(".id") ? " (a quoted 12-digit account id)" : ""}`;
    case "pattern":
      return `${where} is ${JSON.stringify(e.data)}, which is not ${key.startsWith("ouMembers") ? "an account id (12 digits)" : "a 12-digit account id"}`;
    case "propertyNames":
      return `${where} has a key that is not an OU id (\`ou-ab12-cd34ef56\`) or root id (\`r-ab12\`)`;
    default:
      return `${where} is not valid (${e.keyword})`;
  }
}

/** Default fixture location for a stack: accounts/fixtures/<stack>-organization.json */
export function defaultOrganizationFixture(stack: string, projectRoot: string): string {
  return path.join(projectRoot, "accounts", "fixtures", `${stack}-organization.json`);
}

/**
 * Offline, a `discover: true` stack's organization comes from a fixture: the snapshot and
 * the file it came from, or nothing for a stack that lists its accounts. A missing or broken
 * fixture is a config problem that says where to put one and which flag names another.
 */
export function offlineOrganization(
  settings: Settings,
  options: { readonly fixture?: string; readonly projectRoot: string; readonly flag?: string },
): { snapshot: OrganizationSnapshot; file: string } | undefined {
  if (!settings.discover) return undefined;
  const stack = settings.sources.stack;
  const file = options.fixture ?? defaultOrganizationFixture(stack, options.projectRoot);
  const flag = options.flag ?? "--organization";
  if (!fs.existsSync(file)) {
    const write = `\`npx aws-config-org organization --stack ${stack} --write ${options.fixture ?? path.relative(options.projectRoot, file)}\``;
    throw new ConfigError(
      [
        options.fixture
          ? `\`${flag} ${file}\`: the file does not exist; write it from the live organization with ${write} (format: accounts/fixtures/organization.schema.json)`
          : `the inventory of \`${stack}\` says \`discover: true\`; offline, the organization comes from a fixture, and ${file} does not exist: write it with ${write} (format: accounts/fixtures/organization.schema.json) or pass \`${flag} <file>\``,
      ],
      stackContext(stack),
    );
  }
  try {
    return { snapshot: readOrganizationSnapshot(file), file };
  } catch (e) {
    throw new ConfigError([(e as Error).message], stackContext(stack));
  }
}
