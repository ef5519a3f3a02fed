/**
 * The stack's Deployment for an operator command: config/stack.ts reads Pulumi.<stack>.yaml
 * and the inventory; for a `discover: true` inventory the organization comes from a
 * snapshot file (`--organization`) or, live, from AWS Organizations with the caller's own
 * credentials (run the command as the management account, as `pulumi up` does).
 */
import * as fs from "fs";
import type { Deployment } from "../../config/domain";
import type { OrganizationSnapshot } from "../../config/discovery";
import { retrySettings } from "../../components/multiaccount/session";
import { InputError } from "./exitCodes";
import { allPages } from "./pages";

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
  const organization = options.organizationFile ? readSnapshot(options.organizationFile) : liveOrganizationSnapshot;
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

/**
 * Every account of the organization, and for every OU the accounts below it (descendants),
 * read with the caller's credentials: `organizations:ListAccounts`, `ListRoots`,
 * `ListOrganizationalUnitsForParent`, `ListAccountsForParent`.
 */
export async function liveOrganizationSnapshot(): Promise<OrganizationSnapshot> {
  const org = await import("@aws-sdk/client-organizations");
  const client = new org.OrganizationsClient({ region: process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1", ...retrySettings() });
  try {
    const accountPages = await allPages((NextToken) => client.send(new org.ListAccountsCommand({ NextToken })));
    const accounts = accountPages
      .flatMap((p) => p.Accounts ?? [])
      .map((a) => ({ id: a.Id ?? "", name: a.Name ?? a.Id ?? "", status: String(a.State ?? a.Status ?? "") }));

    const ouMembers: Record<string, string[]> = {};
    // Walk the tree from each root; return the account ids below `parentId`.
    const walk = async (parentId: string): Promise<string[]> => {
      const direct = (await allPages((NextToken) => client.send(new org.ListAccountsForParentCommand({ ParentId: parentId, NextToken }))))
        .flatMap((p) => p.Accounts ?? [])
        .map((a) => a.Id ?? "");
      const children = (await allPages((NextToken) => client.send(new org.ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }))))
        .flatMap((p) => p.OrganizationalUnits ?? [])
        .map((ou) => ou.Id ?? "");
      const below = [...direct];
      for (const child of children) {
        const members = await walk(child);
        ouMembers[child] = members;
        below.push(...members);
      }
      return below;
    };
    const roots = (await allPages((NextToken) => client.send(new org.ListRootsCommand({ NextToken })))).flatMap((p) => p.Roots ?? []);
    for (const root of roots) if (root.Id) ouMembers[root.Id] = await walk(root.Id);
    return { accounts, ouMembers };
  } finally {
    client.destroy();
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
