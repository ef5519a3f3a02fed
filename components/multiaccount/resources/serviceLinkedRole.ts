/**
 * `ServiceLinkedRole`: ensures `AWSServiceRoleForConfig` exists in an account (type
 * `pulumi-nodejs:dynamic/multiaccount:ServiceLinkedRole`). Creates it when missing, adopts
 * it when present, and on delete removes only a role this stack created.
 */
import * as pulumi from "@pulumi/pulumi";

import { MultiAccountResource } from "../shim";

export interface ServiceLinkedRoleInputs {
  readonly accountId: string;
  /** Role to assume in `accountId`; absent: the caller's own credentials. */
  readonly roleArn?: string;
  readonly externalId?: string;
}

export interface ServiceLinkedRoleOutputs extends ServiceLinkedRoleInputs {
  readonly arn: string;
  readonly roleName: string;
  /** True only if this stack created the role; only then does delete remove it. */
  readonly createdByThisStack: boolean;
}

export interface ServiceLinkedRoleArgs {
  accountId: pulumi.Input<string>;
  roleArn?: pulumi.Input<string>;
  externalId?: pulumi.Input<string>;
}

/** `AWSServiceRoleForConfig` in one account, ensured. */
export class ServiceLinkedRole extends MultiAccountResource {
  public readonly accountId!: pulumi.Output<string>;
  public readonly arn!: pulumi.Output<string>;
  public readonly roleName!: pulumi.Output<string>;
  public readonly createdByThisStack!: pulumi.Output<boolean>;

  constructor(name: string, args: ServiceLinkedRoleArgs, opts?: pulumi.CustomResourceOptions) {
    super("ServiceLinkedRole", name, { ...args, arn: undefined, roleName: undefined, createdByThisStack: undefined }, opts);
  }
}
