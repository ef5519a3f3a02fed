/**
 * Everything the organization has once, in its three central accounts, under
 * one component. Built in two steps because the member recorders sit between
 * them: first what a delivery channel needs (bucket, topics, delegated
 * administration), then, once the recorders are declared, what needs them
 * (aggregator, conformance packs, remediation).
 */
import * as pulumi from "@pulumi/pulumi";

import type { Deployment } from "../../config/domain";
import type { Account } from "../account";
import { ApprovedImagesRule } from "./approvedImagesRule";
import { DeliveryBucket } from "./deliveryBucket";
import { GuardDuty } from "./guardDuty";
import { ComplianceTopics } from "./notifications";
import { OrganizationAccess } from "./organizationAccess";
import { OrganizationLayer } from "./organizationLayer";
import { OrganizationTrail } from "./organizationTrail";
import { RoleAlarms } from "./roleAlarms";
import type { OrganizationPacksByRegion } from "../../packs/packPlan";
import type { CentralProviders } from "./providers";
import { TamperProtection } from "./tamperProtection";

export interface CentralArgs {
  readonly deployment: Deployment;
  readonly providers: CentralProviders;
}

export class Central extends pulumi.ComponentResource {
  readonly access: OrganizationAccess;
  readonly delivery: DeliveryBucket;
  readonly notifications: ComplianceTopics;
  readonly tamperProtection: TamperProtection;
  readonly trail?: OrganizationTrail;
  readonly roleAlarms?: RoleAlarms;
  readonly guardDuty?: GuardDuty;
  organization?: OrganizationLayer;
  approvedImages?: ApprovedImagesRule;
  private readonly args: CentralArgs;

  constructor(name: string, args: CentralArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:central:Central", name, {}, opts);
    this.args = args;
    const { deployment, providers } = args;

    this.access = new OrganizationAccess("organization-access", {
      deployment,
      managementProvider: providers.forAccount(deployment.managementAccountId),
    }, { parent: this });

    this.delivery = new DeliveryBucket("delivery", {
      deployment,
      logArchiveProvider: providers.forAccount(deployment.logArchiveAccountId),
    }, { parent: this });

    this.notifications = new ComplianceTopics("notifications", {
      deployment,
      provider: providers.forAccount(deployment.securityAccountId),
    }, { parent: this });

    this.tamperProtection = new TamperProtection("tamper-protection", {
      deployment,
      managementProvider: providers.forAccount(deployment.managementAccountId),
    }, { parent: this });

    if (deployment.organizationTrail) {
      this.trail = new OrganizationTrail("organization-trail", {
        deployment,
        settings: deployment.organizationTrail,
        managementProvider: providers.forAccount(deployment.managementAccountId),
        logArchiveProvider: providers.forAccount(deployment.logArchiveAccountId),
        trustedAccess: this.access.trustedAccess,
      }, { parent: this });
    }

    // Alarms on elevated roles read the trail's log group (config/roleAlarms.ts requires it).
    if (deployment.roleAlarms.length > 0 && this.trail?.logGroup && this.trail.logGroupName) {
      this.roleAlarms = new RoleAlarms("role-alarms", {
        deployment,
        alarms: deployment.roleAlarms,
        logGroup: this.trail.logGroup,
        logGroupName: this.trail.logGroupName,
        managementProvider: providers.forAccount(deployment.managementAccountId),
      }, { parent: this });
    }

    if (deployment.guardDuty) {
      this.guardDuty = new GuardDuty("guardduty", {
        deployment,
        settings: deployment.guardDuty,
        managementProvider: providers.forAccount(deployment.managementAccountId),
        securityProvider: providers.forAccount(deployment.securityAccountId),
        notifiers: this.notifications.functions,
      }, { parent: this });
    }
  }

  /** What a channel in `region` needs to exist before it is put (`PutDeliveryChannel` checks the bucket policy). */
  deliveryReady(region: string): pulumi.Resource[] {
    return [this.delivery.bucket.policy, ...this.notifications.readyIn(region)];
  }

  /** Step two: the organization layer, after the member accounts' recorders. */
  completeWith(accounts: readonly Account[], packs: OrganizationPacksByRegion): void {
    const { deployment, providers } = this.args;
    // A region's packs need a recorder in every account there. They carry no remediation (each
    // account's own pack does, after that account's automation role: components/accountRegion.ts).
    const readyInRegion = (region: string) => accounts.flatMap((a) => a.regions.filter((r) => r.desiredRegion === region).map((r) => r.recorder));

    this.organization = new OrganizationLayer("organization-layer", {
      deployment,
      securityProvider: providers.forAccount(deployment.securityAccountId),
      nativeSecurityProvider: providers.nativeSecurity,
      packs,
      // With no registration (a one-account pilot), the aggregator and packs wait for trusted access itself.
      delegatedAdministration: this.access.delegatedAdministrators.length > 0 ? [...this.access.delegatedAdministrators] : [this.access.trustedAccess],
      readyInRegion,
    }, { parent: this });

    // The approved-images custom rule, beyond the managed rules' limits, when configured.
    if (deployment.approvedImages) {
      this.approvedImages = new ApprovedImagesRule("approved-images", {
        deployment,
        provider: providers.forAccount(deployment.securityAccountId),
        allowList: deployment.approvedImages.allowList,
        ...(deployment.approvedImages.findingsPrefix ? { findingsPrefix: deployment.approvedImages.findingsPrefix } : {}),
        ...(deployment.approvedImages.frequency ? { frequency: deployment.approvedImages.frequency } : {}),
      }, { parent: this });
    }

    this.registerOutputs({
      deliveryBucketName: this.delivery.bucketName,
      aggregatorArn: this.organization.aggregator.arn,
    });
  }
}
