/**
 * The stack's Deployment for an operator command: config/sources.ts reads Pulumi.<stack>.yaml
 * and the inventory; for a `discover: true` inventory the organization comes from a
 * snapshot file (`--organization`) or, live, from AWS Organizations through the management
 * account (lib/liveOrganization.ts: the same access rules as `pulumi up`).
 */
import type { Settings } from "../../config/defaults";
import { offlineOrganization, readOrganizationSnapshot, type OrganizationSnapshot } from "../../config/discovery";
import type { Deployment } from "../../config/domain";
import { InputError } from "./exitCodes";
import { liveOrganization } from "./liveOrganization";

export interface StackOptions {
  readonly stack: string;
  /** Where Pulumi.yaml lives; defaults to the project root. */
  readonly projectRoot?: string;
  /** An organization snapshot file (config/discovery.ts `OrganizationSnapshot` JSON). */
  readonly organizationFile?: string;
  /**
   * Never ask AWS Organizations: without `organizationFile`, a `discover: true` stack reads its
   * default fixture, accounts/fixtures/<stack>-organization.json, as the offline plan does.
   */
  readonly offline?: boolean;
}

export async function loadDeployment(options: StackOptions): Promise<Deployment> {
  // Required here, not at the top: commands whose core is tested with hand-built
  // Deployments should not load the whole config stack to do so.
  const { loadStackDeployment } = await import("../../config/pipeline");
  const { PROJECT_ROOT } = await import("../../config/sources");
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const organization = options.organizationFile
    ? readSnapshot(options.organizationFile)
    : options.offline
      ? async (settings: Settings) => offlineOrganization(settings, { projectRoot, flag: "--organization" })!.snapshot
      : liveOrganization;
  return loadStackDeployment(options.stack, {
    ...(options.projectRoot ? { projectRoot: options.projectRoot } : {}),
    organization,
  });
}

function readSnapshot(file: string): OrganizationSnapshot {
  try {
    return readOrganizationSnapshot(file);
  } catch (e) {
    throw new InputError((e as Error).message.replace(file, `\`--organization ${file}\``));
  }
}

/** The inventory (or organization) name of an account in scope or excluded. */
export function accountName(deployment: Deployment, accountId: string): string | undefined {
  return deployment.accounts.find((a) => a.id === accountId)?.name ?? deployment.excluded.find((a) => a.id === accountId)?.name;
}

/** The stack's inventory file as its config names it (for messages that say where to edit). */
export async function inventoryPathOf(stack: string, projectRoot?: string): Promise<string> {
  const { stackSources } = await import("../../config/sources");
  return stackSources(stack, projectRoot ? { projectRoot } : {}).inventory.path;
}
