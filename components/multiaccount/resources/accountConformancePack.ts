/**
 * `AccountConformancePack`: a conformance pack in one member account and region, made
 * through the multi-account provider (type `pulumi-nodejs:dynamic/multiaccount:AccountConformancePack`).
 * It carries what an organization pack cannot: remediation with that account's literal
 * automation role ARN (AWS refuses `PutRemediationConfigurations` on rules deployed by
 * conformance packs, so the remediation must sit in the pack's own template:
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutRemediationConfigurations.html).
 * Inputs mirror `PutConformancePack`; a new account, region or name replaces the pack,
 * a new body or parameters update it in place.
 */
import * as pulumi from "@pulumi/pulumi";

import { MultiAccountResource } from "../shim";

export interface ConformancePackInputParameter {
  readonly ParameterName: string;
  readonly ParameterValue: string;
}

export interface AccountConformancePackInputs {
  readonly accountId: string;
  readonly region: string;
  /** Role to assume in `accountId`; absent: the caller's own credentials. */
  readonly roleArn?: string;
  readonly externalId?: string;
  /** `ConformancePackName`: 1-256 characters, `[a-zA-Z][-a-zA-Z0-9]*`. */
  readonly conformancePackName: string;
  /** `TemplateBody`, sent inline: 1-51,200 bytes. */
  readonly templateBody: string;
  /** `ConformancePackInputParameters`: at most 60. */
  readonly conformancePackInputParameters?: readonly ConformancePackInputParameter[];
}

/**
 * What the state keeps of a pack: its inputs but the body, which the state already holds once
 * in the inputs (about 11 KB a remediation pack), replaced by its hash and the rule names the
 * stack policy needs (policies/remediation.ts).
 */
export interface AccountConformancePackOutputs extends Omit<AccountConformancePackInputs, "templateBody"> {
  /** SHA-256 (hex) of the UTF-8 `TemplateBody` last put; diff compares the new body's hash to it. */
  readonly templateBodySha256?: string;
  /** `ConfigRuleName`s the body declares. */
  readonly configRuleNames?: readonly string[];
  /** Only in state written before the hash: the body itself (diff hashes it; the next update drops it). */
  readonly templateBody?: string;
  readonly conformancePackArn: string;
  /** True when a pack of this name already existed and this resource took it over. */
  readonly adopted: boolean;
}

export interface AccountConformancePackArgs {
  accountId: pulumi.Input<string>;
  region: pulumi.Input<string>;
  roleArn?: pulumi.Input<string>;
  externalId?: pulumi.Input<string>;
  conformancePackName: pulumi.Input<string>;
  templateBody: pulumi.Input<string>;
  conformancePackInputParameters?: pulumi.Input<pulumi.Input<ConformancePackInputParameter>[]>;
}

/** A conformance pack in one account and region. */
export class AccountConformancePack extends MultiAccountResource {
  public readonly accountId!: pulumi.Output<string>;
  public readonly region!: pulumi.Output<string>;
  public readonly conformancePackName!: pulumi.Output<string>;
  public readonly conformancePackArn!: pulumi.Output<string>;
  public readonly adopted!: pulumi.Output<boolean>;

  constructor(name: string, args: AccountConformancePackArgs, opts?: pulumi.CustomResourceOptions) {
    super("AccountConformancePack", name, { ...args, conformancePackArn: undefined, adopted: undefined }, opts);
  }
}
