/**
 * The stack's Deployment for an operator command: config/stack.ts reads Pulumi.<stack>.yaml
 * and the inventory; for a `discover: true` inventory the organization comes from a
 * snapshot file (`--organization`) or, live, from AWS Organizations through the management
 * account (lib/liveOrganization.ts: the same access rules as `pulumi up`).
 */
import * as fs from "fs";
import type { Deployment } from "../../config/domain";
import type { OrganizationSnapshot } from "../../config/discovery";
import { liveOrganization } from "../../lib/liveOrganization";
import { InputError } from "./exitCodes";

export interface StackOptions {
  readonly stack: string;
  /** Where Pulumi.yaml lives; defaults to the project root. */
  readonly projectRoot?: string;
  /** An organization snapshot file (config/discovery.ts `OrganizationSnapshot` JSON). */
  readonly organizationFile?: string;
}

export async function loadDeployment(options: StackOptions): Promise<Deployment> {
  // Required here, not at the top: commands whose core is tested with hand-built
  // Deployments should not load the whole config stack to do so.
  const { loadStackDeployment } = await import("../../config/stack");
  const organization = options.organizationFile ? readSnapshot(options.organizationFile) : liveOrganization;
  return loadStackDeployment(options.stack, {
    ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
    organization,
  });
}

function readSnapshot(file: string): OrganizationSnapshot {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<OrganizationSnapshot>;
    if (!Array.isArray(parsed.accounts)) throw new Error("it has no `accounts` list");
    return { accounts: parsed.accounts, ouMembers: parsed.ouMembers ?? {} };
  } catch (e) {
    throw new InputError(`\`--organization ${file}\` is not a usable organization snapshot: ${(e as Error).message}`);
  }
}

/** The inventory (or organization) name of an account in scope or excluded. */
export function accountName(deployment: Deployment, accountId: string): string | undefined {
  return deployment.accounts.find((a) => a.id === accountId)?.name ?? deployment.excluded.find((a) => a.id === accountId)?.name;
}

/** The stack's inventory file as its config names it (for messages that say where to edit). */
export async function inventoryPathOf(stack: string, projectRoot?: string): Promise<string> {
  const { stackSources, PROJECT_ROOT } = await import("../../config/stack");
  return stackSources(stack, projectRoot ?? PROJECT_ROOT).inventory.path;
}
