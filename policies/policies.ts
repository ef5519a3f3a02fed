/**
 * Every policy of the pack, in one list, without constructing the PolicyPack
 * (its constructor starts a gRPC server and may `process.exit`): tests, the
 * offline plan and index.ts all import from here.
 */
import type { Policies } from "@pulumi/policy";

import { aggregatorPolicies } from "./aggregator";
import { conformancePackPolicies } from "./conformancePacks";
import { coveragePolicies } from "./coverage";
import { delegatedAdministratorPolicies } from "./delegatedAdministrator";
import { deliveryBucketPolicies } from "./deliveryBucket";
import { guardDutyPolicies } from "./guardDuty";
import { newAccountDeploymentPolicies } from "./newAccountDeployments";
import { notificationTopicPolicies } from "./notificationTopics";
import { organizationTrailPolicies } from "./organizationTrail";
import { packTargetPolicies } from "./packTargets";
import { providerPolicies } from "./providers";
import { recorderPolicies } from "./recorder";
import { remediationPolicies } from "./remediation";
import { roleAlarmPolicies } from "./roleAlarms";
import { stacksetPolicies } from "./stacksets";
import { tamperProtectionPolicies } from "./tamperProtection";

export * from "./aggregator";
export * from "./conformancePacks";
export * from "./coverage";
export * from "./delegatedAdministrator";
export * from "./deliveryBucket";
export * from "./guardDuty";
export * from "./newAccountDeployments";
export * from "./notificationTopics";
export * from "./organizationTrail";
export * from "./packTargets";
export * from "./providers";
export * from "./recorder";
export * from "./remediation";
export * from "./roleAlarms";
export * from "./stacksets";
export * from "./tamperProtection";

/** The pack's name in `pulumi preview` output and Pulumi Cloud. */
export const PACK_NAME = "aws-config-org";

export const PACK_DESCRIPTION =
  "Invariants of an organization-wide AWS Config deployment: no StackSets, recorders as AWS accepts them, " +
  "full coverage, one central bucket and aggregator, packs in every governed region, tamper protection.";

export const policies: Policies = [
  ...stacksetPolicies,
  ...recorderPolicies,
  ...conformancePackPolicies,
  ...packTargetPolicies,
  ...remediationPolicies,
  ...deliveryBucketPolicies,
  ...notificationTopicPolicies,
  ...coveragePolicies,
  ...aggregatorPolicies,
  ...delegatedAdministratorPolicies,
  ...providerPolicies,
  ...tamperProtectionPolicies,
  ...organizationTrailPolicies,
  ...roleAlarmPolicies,
  ...guardDutyPolicies,
  ...newAccountDeploymentPolicies,
];
