/**
 * The policy pack's description of a parsed Deployment: what
 * `policies/config/<stack>.json` holds for a stack. The tests use it to run
 * the pack against the real program; the config-file generator can do the same.
 */
import type { Deployment, Shard } from "../../config/domain";
import type { DeploymentDescription } from "../../policies/config";

export function shardLabel(shard: Shard): string {
  switch (shard.kind) {
    case "all":
      return "all";
    case "ou":
      return `ou:${shard.ous.join(",")}`;
    case "accounts":
      return `accounts:${shard.accountIds.length}`;
    case "hash":
      return `hash ${shard.index}/${shard.count}`;
  }
}

export function describeDeployment(deployment: Deployment): DeploymentDescription {
  return {
    organizationId: deployment.organizationId,
    homeRegion: deployment.homeRegion,
    governedRegions: deployment.regions.map((r) => ({ name: r.name, supportsGlobalIamTypes: r.supportsGlobalIamTypes })),
    managementAccountId: deployment.managementAccountId,
    securityAccountId: deployment.securityAccountId,
    logArchiveAccountId: deployment.logArchiveAccountId,
    deployerAccountId: deployment.deploymentAccountId,
    accounts: deployment.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      regions: a.regions.map((r) => r.name),
      globalTypesRegion: a.globalTypesRegion,
    })),
    excludedAccountIds: deployment.excluded.map((e) => e.id),
    deliveryBucketName: deployment.delivery.bucketName,
    conformancePacks: deployment.ownsCentral ? deployment.packs.map((p) => p.name) : [],
    tamperProtectionTargets: deployment.tamperProtection.enabled ? [...deployment.tamperProtection.targets] : [],
    shard: { name: shardLabel(deployment.shard), ownsCentral: deployment.ownsCentral },
  };
}
