/**
 * The args of the central component (and each child's), the organization layer and the
 * approved-images rule, from the Deployment: the one place that reads the whole Deployment for
 * them. Each component then takes only what it uses, and reads as what it builds.
 */
import type * as aws from "@pulumi/aws";
import type * as awsnative from "@pulumi/aws-native";
import type * as pulumi from "@pulumi/pulumi";

import { accessTo } from "../../config/access";
import { configSourceAccountIds } from "../../config/configPublisherPolicies";
import { excludedAccountsIn, type ApprovedImages, type Deployment, type OrganizationTrail, type TargetReach } from "../../config/domain";
import type { GuardDutySettings } from "../../config/guardDuty";
import { exemptRoleNamesOf } from "../../config/tamperProtectionScp";
import type { OrganizationPacksByRegion } from "../../packs/packPlan";
import type { ApprovedImagesRuleArgs } from "./approvedImagesRule";
import type { Account } from "../account";
import type { Central, CentralArgs } from "./central";
import type { CentralProviders } from "./centralProviders";
import type { DeliveryBucketArgs } from "./deliveryBucket";
import type { GuardDutyArgs } from "./guardDuty";
import type { ComplianceTopicsArgs } from "./notifications";
import type { OrganizationAccessArgs } from "./organizationAccess";
import type { OrganizationLayerArgs } from "./organizationLayer";
import type { OrganizationScope } from "./organizationScope";
import type { OrganizationTrailArgs } from "./organizationTrail";
import type { RoleAlarmsArgs } from "./roleAlarms";
import type { TamperProtectionArgs } from "./tamperProtection";

export function centralArgsOf(deployment: Deployment, providers: CentralProviders): CentralArgs {
  const management = providers.forAccount(deployment.managementAccountId);
  const security = providers.forAccount(deployment.securityAccountId);
  const logArchive = providers.forAccount(deployment.logArchiveAccountId);
  const trail = deployment.organizationTrail;
  return {
    access: organizationAccessArgsOf(deployment, management),
    delivery: deliveryBucketArgsOf(deployment, logArchive),
    notifications: complianceTopicsArgsOf(deployment, security),
    tamperProtection: tamperProtectionArgsOf(deployment, management),
    ...(trail ? { trail: organizationTrailArgsOf(deployment, trail, management, logArchive) } : {}),
    ...(trail && deployment.roleAlarms.length > 0 ? { roleAlarms: roleAlarmsArgsOf(deployment, management) } : {}),
    ...(deployment.guardDuty ? { guardDuty: guardDutyArgsOf(deployment, deployment.guardDuty, management, security) } : {}),
  };
}

/**
 * What the aggregator and organization packs wait for, once the accounts are declared: the
 * central component's delegated administration, and in each region a recorder in every account
 * there. The packs carry no remediation: each account's own pack does, after that account's
 * automation role (components/accountRegion.ts).
 */
export function organizationReadiness(
  central: Central,
  accounts: readonly Account[],
): Pick<OrganizationLayerArgs, "delegatedAdministration" | "readyInRegion"> {
  const byRegion = new Map<string, pulumi.Resource[]>();
  for (const account of accounts) {
    for (const place of account.regions) {
      const recorders = byRegion.get(place.desiredRegion) ?? [];
      recorders.push(place.recorder);
      byRegion.set(place.desiredRegion, recorders);
    }
  }
  return { delegatedAdministration: central.administrationReady(), readyInRegion: (region) => [...(byRegion.get(region) ?? [])] };
}

export function organizationAccessArgsOf(d: Deployment, managementProvider: aws.Provider): OrganizationAccessArgs {
  return {
    managementAccountId: d.managementAccountId,
    securityAccountId: d.securityAccountId,
    managementAccess: accessTo(d.accessRules, d.managementAccountId),
    trailAccess: d.organizationTrail !== undefined,
    managementProvider,
  };
}

export function deliveryBucketArgsOf(d: Deployment, logArchiveProvider: aws.Provider): DeliveryBucketArgs {
  return {
    partition: d.partition,
    homeRegion: d.homeRegion,
    organizationId: d.organizationId,
    logArchiveAccountId: d.logArchiveAccountId,
    delivery: d.delivery,
    sourceAccountIds: configSourceAccountIds(d),
    logArchiveProvider,
  };
}

export function complianceTopicsArgsOf(d: Deployment, provider: aws.Provider): ComplianceTopicsArgs {
  return {
    partition: d.partition,
    securityAccountId: d.securityAccountId,
    regions: d.regions.map((r) => r.name),
    subscriptions: d.subscriptions,
    accounts: d.scope,
    sourceAccountIds: configSourceAccountIds(d),
    provider,
  };
}

/**
 * `additionalExemptRoleNames`: more roles the SCP does not apply to, e.g. the CI role when
 * `deploymentAccountId` is a member account (it acts there with its own credentials), or
 * `AWSControlTowerExecution` in a Control Tower landing zone.
 */
export function tamperProtectionArgsOf(
  d: Deployment,
  managementProvider: aws.Provider,
  additionalExemptRoleNames: readonly string[] = [],
): TamperProtectionArgs {
  return {
    partition: d.partition,
    project: d.project,
    stack: d.stack,
    settings: d.tamperProtection,
    exemptRoleNames: exemptRoleNamesOf(d, additionalExemptRoleNames),
    managementProvider,
  };
}

/** Without the trusted access it waits for, which Central passes. */
export function organizationTrailArgsOf(
  d: Deployment,
  settings: OrganizationTrail,
  managementProvider: aws.Provider,
  logArchiveProvider: aws.Provider,
): Omit<OrganizationTrailArgs, "trustedAccess"> {
  return {
    settings,
    partition: d.partition,
    homeRegion: d.homeRegion,
    organizationId: d.organizationId,
    managementAccountId: d.managementAccountId,
    logArchiveAccountId: d.logArchiveAccountId,
    managementProvider,
    logArchiveProvider,
  };
}

/** Without the trail's log group, which Central passes from the trail it builds. */
export function roleAlarmsArgsOf(d: Deployment, managementProvider: aws.Provider): Omit<RoleAlarmsArgs, "logGroup" | "logGroupName"> {
  return {
    partition: d.partition,
    homeRegion: d.homeRegion,
    managementAccountId: d.managementAccountId,
    organizationId: d.organizationId,
    trailName: d.organizationTrail?.name ?? "",
    subscriptions: d.subscriptions,
    alarms: d.roleAlarms,
    managementProvider,
  };
}

/** Without the compliance notifiers, which Central passes from the topics it builds. */
export function guardDutyArgsOf(
  d: Deployment,
  settings: GuardDutySettings,
  managementProvider: aws.Provider,
  securityProvider: aws.Provider,
): Omit<GuardDutyArgs, "notifiers"> {
  return {
    partition: d.partition,
    homeRegion: d.homeRegion,
    regions: d.regions.map((r) => r.name),
    securityAccountId: d.securityAccountId,
    settings,
    managementProvider,
    securityProvider,
  };
}

/** Without what the layer waits for (delegated administration, recorders), which Central passes. */
export function organizationLayerArgsOf(
  d: Deployment,
  securityProvider: aws.Provider,
  nativeSecurityProvider: awsnative.Provider,
  packs: OrganizationPacksByRegion,
): Omit<OrganizationLayerArgs, "delegatedAdministration" | "readyInRegion"> {
  // With `packs[i].targets`, a pack skips the accounts outside its targets too (config/packTargets.ts).
  const targetedExclusions = Object.fromEntries(
    Object.entries(d.reach?.packs ?? {}).map(([pack, reach]) => [
      pack,
      Object.fromEntries(d.regions.map((r) => [r.name, excludedAccountsIn(d, r.name, reach)])),
    ]),
  );
  return {
    ...organizationScopeOf(d),
    targetedExclusions,
    securityProvider,
    nativeSecurityProvider,
    packs,
  };
}

export function approvedImagesRuleArgsOf(d: Deployment, settings: ApprovedImages, provider: aws.Provider): ApprovedImagesRuleArgs {
  return {
    ...organizationScopeOf(d, d.reach?.approvedImages),
    project: d.project,
    accountIds: configSourceAccountIds(d),
    provider,
    allowList: settings.allowList,
    ...(settings.findingsPrefix ? { findingsPrefix: settings.findingsPrefix } : {}),
    ...(settings.frequency ? { frequency: settings.frequency } : {}),
  };
}

/** `reach`: a targeted rule's (`approvedImages.targets`), whose exclusions take the accounts outside its targets too. */
function organizationScopeOf(d: Deployment, reach?: TargetReach): OrganizationScope {
  return {
    partition: d.partition,
    homeRegion: d.homeRegion,
    regions: d.regions.map((r) => r.name),
    securityAccountId: d.securityAccountId,
    organizationId: d.organizationId,
    excludedAccounts: Object.fromEntries(d.regions.map((r) => [r.name, excludedAccountsIn(d, r.name, reach)])),
  };
}
