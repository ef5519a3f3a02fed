/**
 * What the organization has once in its three central accounts, and what a member account's
 * delivery channel needs before it exists: delegated administration, the delivery bucket, the
 * compliance topics, tamper protection; the organization trail, role alarms and GuardDuty when
 * configured. One constructor, from args that hold only what it builds
 * (components/central/centralArgs.ts derives them from the Deployment).
 *
 * What needs the member accounts' recorders (the aggregator and organization packs, the
 * approved-images rule) is built by components of their own, which index.ts declares after the
 * accounts, with the recorders as a plain input, and with this component as their parent.
 * Why that, of the ways to drop the second call (`completeWith`) this component had:
 * - Built here, with the recorders as a promise that index.ts resolves later (`dependsOn`
 *   accepts one): the URNs stay, but the engine registers resources in the order they are
 *   constructed, here before the accounts, so the order changes, and with it the offline plan,
 *   which lists resources in that order (it must stay byte-identical).
 * - Top-level components of their own: the order stays, but a parent is part of the URN, so
 *   every resource under them would change URN and need aliases.
 * - Parented here, built after the accounts: the order and every URN stay, and nothing in this
 *   component waits for a later call. Only the type tokens that joined the one scheme need
 *   aliases (components/central/typeTokens.ts).
 */
import * as pulumi from "@pulumi/pulumi";

import { DeliveryBucket, type DeliveryBucketArgs } from "./deliveryBucket";
import { GuardDuty, type GuardDutyArgs } from "./guardDuty";
import { ComplianceTopics, type ComplianceTopicsArgs } from "./notifications";
import { OrganizationAccess, type OrganizationAccessArgs } from "./organizationAccess";
import { OrganizationTrail, type OrganizationTrailArgs } from "./organizationTrail";
import { RoleAlarms, type RoleAlarmsArgs } from "./roleAlarms";
import { TamperProtection, type TamperProtectionArgs } from "./tamperProtection";
import { CENTRAL_TYPES, earlierAliases } from "./typeTokens";

export interface CentralArgs {
  readonly access: OrganizationAccessArgs;
  readonly delivery: DeliveryBucketArgs;
  readonly notifications: ComplianceTopicsArgs;
  readonly tamperProtection: TamperProtectionArgs;
  /** The organization trail, when configured; it waits for trusted access. */
  readonly trail?: Omit<OrganizationTrailArgs, "trustedAccess">;
  /** Alarms on elevated roles; they read the trail's log group (config/roleAlarms.ts requires it). */
  readonly roleAlarms?: Omit<RoleAlarmsArgs, "logGroup" | "logGroupName">;
  /** GuardDuty, when configured; findings go to the compliance notifiers. */
  readonly guardDuty?: Omit<GuardDutyArgs, "notifiers">;
}

export class Central extends pulumi.ComponentResource {
  readonly access: OrganizationAccess;
  readonly delivery: DeliveryBucket;
  readonly notifications: ComplianceTopics;
  readonly tamperProtection: TamperProtection;
  readonly trail?: OrganizationTrail;
  readonly roleAlarms?: RoleAlarms;
  readonly guardDuty?: GuardDuty;

  constructor(name: string, args: CentralArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CENTRAL_TYPES.Central, name, {}, opts);
    const child = { parent: this };

    this.access = new OrganizationAccess("organization-access", args.access, child);
    this.delivery = new DeliveryBucket("delivery", args.delivery, child);
    this.notifications = new ComplianceTopics("notifications", args.notifications, child);
    this.tamperProtection = new TamperProtection("tamper-protection", args.tamperProtection, { ...child, aliases: earlierAliases("TamperProtection") });

    if (args.trail) {
      this.trail = new OrganizationTrail("organization-trail", { ...args.trail, trustedAccess: this.access.trustedAccess }, child);
    }
    if (args.roleAlarms && this.trail?.logGroup && this.trail.logGroupName) {
      this.roleAlarms = new RoleAlarms("role-alarms", { ...args.roleAlarms, logGroup: this.trail.logGroup, logGroupName: this.trail.logGroupName }, child);
    }
    if (args.guardDuty) {
      this.guardDuty = new GuardDuty("guardduty", { ...args.guardDuty, notifiers: this.notifications.functions }, child);
    }

    this.registerOutputs({ deliveryBucketName: this.delivery.bucketName });
  }

  /** What a channel in `region` needs to exist before it is put (`PutDeliveryChannel` checks the bucket policy). */
  deliveryReady(region: string): pulumi.Resource[] {
    return [this.delivery.bucket.policy, ...this.notifications.readyIn(region)];
  }

  /**
   * What the aggregator and organization packs wait for: delegated administration or, with no
   * registration (a one-account pilot), trusted access itself.
   */
  administrationReady(): pulumi.Resource[] {
    return this.access.delegatedAdministrators.length > 0 ? [...this.access.delegatedAdministrators] : [this.access.trustedAccess];
  }
}
