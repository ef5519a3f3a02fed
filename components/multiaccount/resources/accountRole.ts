/**
 * `AccountRole`: an IAM role in a member account, made through the multi-account provider
 * (type `pulumi-nodejs:dynamic/multiaccount:AccountRole`), e.g. the SSM remediation
 * automation role or a custom rule's read-only role in every account. Trust and inline
 * policies update in place; a new `roleName` or `path` replaces the role.
 */
import * as pulumi from "@pulumi/pulumi";

import { MultiAccountResource } from "../shim";

export interface AccountRoleInputs {
  readonly accountId: string;
  /** Role to assume in `accountId`; absent: the caller's own credentials. */
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly roleName: string;
  readonly path?: string;
  readonly description?: string;
  /** Trust policy, a JSON string. */
  readonly assumeRolePolicy: string;
  /** Inline policies: name → JSON string. */
  readonly inlinePolicies?: Readonly<Record<string, string>>;
  readonly managedPolicyArns?: readonly string[];
}

export interface AccountRoleOutputs extends AccountRoleInputs {
  readonly arn: string;
  readonly roleId: string;
}

export interface AccountRoleArgs {
  accountId: pulumi.Input<string>;
  roleArn?: pulumi.Input<string>;
  externalId?: pulumi.Input<string>;
  roleName: pulumi.Input<string>;
  path?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  assumeRolePolicy: pulumi.Input<string>;
  inlinePolicies?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  managedPolicyArns?: pulumi.Input<pulumi.Input<string>[]>;
}

/** An IAM role in one account. */
export class AccountRole extends MultiAccountResource {
  public readonly accountId!: pulumi.Output<string>;
  public readonly roleName!: pulumi.Output<string>;
  public readonly arn!: pulumi.Output<string>;
  public readonly roleId!: pulumi.Output<string>;

  constructor(name: string, args: AccountRoleArgs, opts?: pulumi.CustomResourceOptions) {
    super("AccountRole", name, { ...args, arn: undefined, roleId: undefined }, opts);
  }
}
