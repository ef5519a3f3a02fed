/**
 * The one place the Pulumi program reads its stack config: every key of the
 * `aws-config-org` namespace, handed to the same parser the offline commands
 * use. Components never read `pulumi.Config`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { OrganizationSnapshot } from "./discovery";
import { normalizeConfigValues, type DeploymentSources } from "./load";
import { PROJECT_ROOT, readInventory } from "./files";

export function pulumiSources(): DeploymentSources {
  const project = pulumi.getProject();
  const config = normalizeConfigValues(pulumi.runtime.allConfig(), project);
  return { project, stack: pulumi.getStack(), config, inventory: readInventory(PROJECT_ROOT, config.accounts) };
}

/** The organization's accounts, and the members of the OUs of interest, through the management account. */
export async function discoverOrganization(provider: aws.Provider, ous: readonly string[]): Promise<OrganizationSnapshot> {
  const org = await aws.organizations.getOrganization({}, { provider });
  const members = await Promise.all(
    ous.map(async (ou) => {
      const r = await aws.organizations.getOrganizationalUnitDescendantAccounts({ parentId: ou }, { provider });
      return [ou, r.accounts.map((a) => a.id)] as const;
    }),
  );
  return {
    // `state` replaces `status`, which AWS retired in September 2026; read whichever is set.
    accounts: org.accounts.map((a) => ({ id: a.id, name: a.name, status: a.state || a.status })),
    ouMembers: Object.fromEntries(members),
  };
}
