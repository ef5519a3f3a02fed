/**
 * One account in scope: the Config service-linked role it needs once, and a
 * component per governed region that depends on it.
 */
import * as pulumi from "@pulumi/pulumi";

import { roleArn, type Account as DomainAccount, type Deployment, type Place } from "../config/domain";
import { AccountRegion } from "./accountRegion";
import { ServiceLinkedRole } from "./multiaccount/serviceLinkedRole";
import { desiredRecorder } from "./recorderSettings";

export interface AccountArgs {
  readonly deployment: Deployment;
  readonly account: DomainAccount;
  readonly places: readonly Place[];
  /** Central resources a channel needs before it can be put (bucket policy, topic policies), per region. */
  readonly deliveryReady: (region: string) => pulumi.Input<pulumi.Resource>[];
  readonly s3KmsKeyArn?: pulumi.Input<string>;
}

export class Account extends pulumi.ComponentResource {
  /** Absent when the recorder uses a custom role (no service-linked role needed). */
  readonly serviceLinkedRole?: ServiceLinkedRole;
  readonly regions: readonly AccountRegion[];

  constructor(name: string, args: AccountArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:account:Account", name, {}, opts);
    const { deployment, account } = args;

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

    this.registerOutputs({ serviceLinkedRole: this.serviceLinkedRole, regions: this.regions });
  }
}
