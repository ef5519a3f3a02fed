/**
 * Discovery: the organization's accounts, and for the OUs the inventory or the shard names,
 * which accounts sit below them. One path, whatever asks: the program (through Pulumi
 * invokes, config/pulumiSources.ts), the operator commands live (through the Organizations
 * API, commands/lib/liveOrganization.ts) and offline runs (a snapshot file) all produce the
 * same `OrganizationSnapshot`, through `discoverOrganization` or `readOrganizationSnapshot`.
 */
import * as fs from "fs";
import * as path from "path";

import type { Settings } from "./defaults";
import { ConfigError, stackContext } from "./errors";
import type { OrganizationAccount } from "./scope";

export interface OrganizationSnapshot {
  /** Every account of the organization, any status. */
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly status: string }[];
  /** Account ids below each OU of interest (descendants, not only direct children). */
  readonly ouMembers: Readonly<Record<string, readonly string[]>>;
}

/** How an organization is asked: its accounts, and the accounts anywhere below an OU. */
export interface OrganizationLister {
  accounts(): Promise<OrganizationSnapshot["accounts"]>;
  descendantAccountIds(ou: string): Promise<readonly string[]>;
}

/** OUs whose membership matters: those with a recording profile and those a shard takes. */
export function ousOfInterest(settings: Pick<Settings, "inventory" | "base">): string[] {
  const ous = new Set(Object.keys(settings.inventory.ouProfiles));
  if (settings.base.shard.kind === "ou") settings.base.shard.ous.forEach((ou) => ous.add(ou));
  return [...ous];
}

/** The snapshot a stack needs: every account, and the members of its OUs of interest. */
export async function discoverOrganization(lister: OrganizationLister, ous: readonly string[]): Promise<OrganizationSnapshot> {
  const [accounts, members] = await Promise.all([lister.accounts(), Promise.all(ous.map(async (ou) => [ou, await lister.descendantAccountIds(ou)] as const))]);
  return { accounts, ouMembers: Object.fromEntries(members) };
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
  let parsed: Partial<OrganizationSnapshot>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<OrganizationSnapshot>;
  } catch (e) {
    throw new Error(`${file} is not a usable organization snapshot: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed.accounts)) throw new Error(`${file} is not a usable organization snapshot: it has no \`accounts\` list`);
  for (const [i, a] of parsed.accounts.entries()) {
    if (typeof a?.id !== "string" || typeof a.status !== "string") throw new Error(`${file} is not a usable organization snapshot: \`accounts[${i}]\` needs an \`id\` and a \`status\``);
  }
  return { accounts: parsed.accounts.map((a) => ({ id: a.id, name: a.name ?? a.id, status: a.status })), ouMembers: parsed.ouMembers ?? {} };
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
    throw new ConfigError(
      [`the inventory of \`${stack}\` says \`discover: true\`; offline, the organization comes from a fixture, and ${file} does not exist: create it (accounts and OU members) or pass \`${flag}\``],
      stackContext(stack),
    );
  }
  try {
    return { snapshot: readOrganizationSnapshot(file), file };
  } catch (e) {
    throw new ConfigError([(e as Error).message], stackContext(stack));
  }
}
