/**
 * `TrustedServiceAccess`: organization trusted access for the Config service principals,
 * enabled from the management account (type
 * `pulumi-nodejs:dynamic/multiaccount:TrustedServiceAccess`). Idempotent; delete leaves
 * access enabled unless this stack enabled it AND `disableOnDelete` is true (other tools
 * and the aggregator depend on it).
 */
import * as pulumi from "@pulumi/pulumi";

import { MultiAccountResource } from "../shim";

export interface TrustedServiceAccessInputs {
  /** The organization's management account. */
  readonly accountId: string;
  readonly roleArn?: string;
  readonly externalId?: string;
  /** Default: both Config principals. */
  readonly servicePrincipals?: readonly string[];
  /** On delete, disable the access this stack enabled (default false: leave it enabled). */
  readonly disableOnDelete?: boolean;
}

export interface TrustedServiceAccessOutputs extends TrustedServiceAccessInputs {
  /** Principals that were not enabled before and that this stack enabled. */
  readonly enabledByThisStack: readonly string[];
}

export interface TrustedServiceAccessArgs {
  accountId: pulumi.Input<string>;
  roleArn?: pulumi.Input<string>;
  externalId?: pulumi.Input<string>;
  servicePrincipals?: pulumi.Input<pulumi.Input<string>[]>;
  disableOnDelete?: pulumi.Input<boolean>;
}

/** Trusted access for the Config principals, from the management account. */
export class TrustedServiceAccess extends MultiAccountResource {
  public readonly accountId!: pulumi.Output<string>;
  public readonly servicePrincipals!: pulumi.Output<string[] | undefined>;
  public readonly enabledByThisStack!: pulumi.Output<string[]>;

  constructor(name: string, args: TrustedServiceAccessArgs, opts?: pulumi.CustomResourceOptions) {
    super("TrustedServiceAccess", name, { ...args, enabledByThisStack: undefined }, opts);
  }
}
