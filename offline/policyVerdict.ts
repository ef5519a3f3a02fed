/**
 * The policy pack's verdict on a planned shape: the same policies that
 * `pulumi preview --policy-pack policies` runs, with the same config that
 * `policies/config/<stack>.json` holds, evaluated on the resources the real
 * program registered under mocks.
 */
import type { Deployment, Shard } from "../config/domain";
import { buildPolicyConfig, type DeploymentDescription } from "../policies/config";
import { evaluatePack, type PackViolation } from "../policies/evaluate";
import type { MockedResource } from "./mockRun";
import { packRulesByRegion } from "./planModel";

export interface PolicyVerdict {
  readonly summary: string;
  readonly mandatoryViolations: number;
  readonly advisoryViolations: number;
  readonly violations: readonly (PackViolation & { readonly enforcementLevel: string })[];
}

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

/** What the policy pack needs to know of a stack: the facts in `policies/config/<stack>.json`. */
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
    // Organization packs as the program deploys them: a pack whose rules are all remediated has none.
    conformancePacks: deployment.ownsCentral ? [...deployment.packPlan.organizationPackNames] : [],
    conformancePackSkips: deployment.ownsCentral ? skippedPacks(deployment) : {},
    tamperProtectionTargets: deployment.tamperProtection.enabled ? [...deployment.tamperProtection.targets] : [],
    shard: { name: shardLabel(deployment.shard), ownsCentral: deployment.ownsCentral },
    guardDuty: deployment.guardDuty !== undefined,
  };
}

export function policyVerdict(deployment: Deployment, resources: readonly MockedResource[]): PolicyVerdict {
  const { violations } = evaluatePack(resources, buildPolicyConfig(describeDeployment(deployment)));
  const mandatory = violations.filter((v) => v.enforcement === "mandatory").length;
  const advisory = violations.length - mandatory;
  return {
    summary:
      violations.length === 0
        ? "PASS: no violations"
        : `${mandatory > 0 ? "FAIL" : "PASS with advice"}: ${mandatory} mandatory, ${advisory} advisory violation(s)`,
    mandatoryViolations: mandatory,
    advisoryViolations: advisory,
    violations: violations.map((v) => ({ ...v, enforcementLevel: v.enforcement })),
  };
}

/** Pack name -> regions where the organization layer leaves it out (no rule AWS offers there). */
function skippedPacks(deployment: Deployment): Record<string, string[]> {
  const skips: Record<string, string[]> = {};
  for (const [region, packs] of Object.entries(packRulesByRegion(deployment))) {
    for (const p of packs.filter((p) => p.delivery === "skipped")) (skips[p.name] ??= []).push(region);
  }
  return skips;
}
