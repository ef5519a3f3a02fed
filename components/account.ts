/**
 * One account in scope: the Config service-linked role it needs once, a
 * component per governed region that depends on it, and the remediation
 * automation role when the deployed packs configure remediation.
 */
import * as pulumi from "@pulumi/pulumi";

import { roleArn, type Account as DomainAccount, type Deployment, type Place } from "../config/domain";
import { AccountRegion } from "./accountRegion";
import { automationRoleArgs, type AutomationRolePlan } from "./central/remediation";
import { AccountRole } from "./multiaccount/accountRole";
import { ServiceLinkedRole } from "./multiaccount/serviceLinkedRole";
import { desiredRecorder } from "./recorderSettings";

export interface AccountArgs {
  readonly deployment: Deployment;
  readonly account: DomainAccount;
  readonly places: readonly Place[];
  /** Central resources a channel needs before it can be put (bucket policy, topic policies), per region. */
  readonly deliveryReady: (region: string) => pulumi.Input<pulumi.Resource>[];
  readonly s3KmsKeyArn?: pulumi.Input<string>;
  /** The remediation automation role the deployed packs need; none when no runbook is configured. */
  readonly automationRole?: AutomationRolePlan;
}

export class Account extends pulumi.ComponentResource {
  /** Absent when the recorder uses a custom role (no service-linked role needed). */
  readonly serviceLinkedRole?: ServiceLinkedRole;
  readonly regions: readonly AccountRegion[];
  /** The account this component covers. */
  readonly accountId: string;
  /** The SSM automation role organization packs remediate with, when any remediation is configured. */
  readonly automationRole?: AccountRole;

  constructor(name: string, args: AccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:account:Account", name, {}, opts);
    const { deployment, account } = args;
    this.accountId = account.id;

    if (account.recorderRole.kind === "service-linked") {
      this.serviceLinkedRole = new ServiceLinkedRole(
        `slr-${account.id}`,
        {
          accountId: account.id,
          ...(account.access.roleName ? { roleArn: roleArn(deployment.partition, account.id, account.access.roleName) } : {}),
          ...(account.access.externalId ? { externalId: account.access.externalId } : {}),
        },
        { parent: this },
      );
    }

    this.regions = args.places.map(
      (place) =>
        new AccountRegion(
          `${account.id}-${place.region.name}`,
          {
            place,
            desired: desiredRecorder(deployment, place),
            ...(args.s3KmsKeyArn ? { s3KmsKeyArn: args.s3KmsKeyArn } : {}),
            dependsOn: [...(this.serviceLinkedRole ? [this.serviceLinkedRole] : []), ...args.deliveryReady(place.region.name)],
          },
          { parent: this },
        ),
    );

    const plan = args.automationRole;
    if (plan && plan.runbooks.length > 0) {
      this.automationRole = new AccountRole(`automation-role-${account.id}`, automationRoleArgs(deployment, account, plan), { parent: this });
    }

    this.registerOutputs({ serviceLinkedRole: this.serviceLinkedRole, regions: this.regions, automationRole: this.automationRole });
  }
}
