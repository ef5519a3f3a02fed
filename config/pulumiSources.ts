/**
 * The one place the Pulumi program reads its stack config: every key of the
 * `aws-config-org` namespace, handed to the same pipeline the offline commands
 * use (config/pipeline.ts). Components never read `pulumi.Config`. With
 * `discover: true`, the organization is asked through Pulumi invokes on the
 * management account's provider, by the same discovery as the commands.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { OrganizationLister } from "./discovery";
import { normalizeConfigValues, PROJECT_ROOT, readInventory, readTemplates, type DeploymentSources } from "./sources";

export function pulumiSources(): DeploymentSources {
  const project = pulumi.getProject();
  const config = normalizeConfigValues(pulumi.runtime.allConfig(), project);
  return { project, stack: pulumi.getStack(), config, inventory: readInventory(PROJECT_ROOT, config.accounts), templates: readTemplates(PROJECT_ROOT, config.packs) };
}

/** The organization through the management account's provider (`aws.organizations.*` invokes). */
export function invokeOrganizationLister(provider: aws.Provider): OrganizationLister {
  return {
    async accounts() {
      const org = await aws.organizations.getOrganization({}, { provider });
      // `state` replaces `status`, which AWS retired in September 2026; read whichever is set.
      return org.accounts.map((a) => ({ id: a.id, name: a.name, status: a.state || a.status }));
    },
    async descendantAccountIds(ou) {
      const r = await aws.organizations.getOrganizationalUnitDescendantAccounts({ parentId: ou }, { provider });
      return r.accounts.map((a) => a.id);
    },
  };
}
