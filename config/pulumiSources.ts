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
  // Which keys the engine decrypted: a value meant to be secret (config/newAccounts.ts) must be one of them.
  const secretKeys = Object.keys(config).filter((k) => engineMarksSecret(`${project}:${k}`));
  return {
    project,
    stack: pulumi.getStack(),
    config,
    ...(secretKeys.length > 0 ? { secretKeys } : {}),
    inventory: readInventory(PROJECT_ROOT, config.accounts),
    templates: readTemplates(PROJECT_ROOT, config.packs),
  };
}

/**
 * Whether the engine handed `key` over as a secret. The SDK's `isConfigSecret` is what `Config.get`
 * uses to warn on a secret read in clear; it is marked internal, so its presence is checked here
 * and by tests/config/newAccounts.test.ts against the pinned @pulumi/pulumi.
 */
export function engineMarksSecret(key: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
  if (typeof runtime.isConfigSecret !== "function")
    throw new Error("@pulumi/pulumi no longer has runtime.isConfigSecret: config/pulumiSources.ts must learn another way to tell a secret config value");
  return runtime.isConfigSecret(key);
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
