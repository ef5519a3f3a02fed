/**
 * One account in one governed region: the place's recorder, delivery channel
 * and recording status, as one `ConfigRecorder` of the multi-account provider,
 * and, when any selected pack remediates a rule, the account's remediation
 * conformance pack there (`AccountConformancePack`, packs/accountPack.ts).
 */
import * as pulumi from "@pulumi/pulumi";

import type { Place } from "../config/domain";
import { AccountConformancePack } from "./multiaccount/resources/accountConformancePack";
import { ConfigRecorder } from "./multiaccount/resources/configRecorder";
import type { ConfigRecorderInputs } from "../policies/recorderShape";

export interface AccountRegionArgs {
  readonly place: Place;
  readonly desired: ConfigRecorderInputs;
  /** KMS key for SSE-KMS delivery, when the bucket uses one (an output of the log archive). */
  readonly s3KmsKeyArn?: pulumi.Input<string>;
  /**
   * What the recorder waits for (service-linked role, bucket policy, topic
   * policy). Given to the recorder itself: a component's own `dependsOn` does
   * not hold back its children.
   */
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
  /**
   * The account's remediation pack in this region, as the pack plan cut it (rules AWS does not
   * offer here left out, with their remediations), and the automation role it names: the pack
   * waits for that role and for this place's recorder (rules need a recorder).
   */
  readonly remediation?: { readonly packName: string; readonly templateBody: string; readonly automationRole?: pulumi.Resource };
}

export class AccountRegion extends pulumi.ComponentResource {
  readonly recorder: ConfigRecorder;
  readonly remediationPack?: AccountConformancePack;
  /** The governed region this component covers. */
  readonly desiredRegion: string;

  constructor(name: string, args: AccountRegionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:account:AccountRegion", name, {}, opts);
    const { desired } = args;
    this.desiredRegion = desired.region;

    this.recorder = new ConfigRecorder(
      `recorder-${desired.accountId}-${desired.region}`,
      {
        ...desired,
        deliveryChannel: {
          ...desired.deliveryChannel,
          ...(args.s3KmsKeyArn ? { s3KmsKeyArn: args.s3KmsKeyArn } : {}),
        },
      },
      { parent: this, dependsOn: args.dependsOn },
    );

    if (args.remediation) {
      const { packName, templateBody, automationRole } = args.remediation;
      this.remediationPack = new AccountConformancePack(
        `remediation-pack-${desired.accountId}-${desired.region}`,
        {
          accountId: desired.accountId,
          region: desired.region,
          ...(desired.roleArn ? { roleArn: desired.roleArn } : {}),
          ...(desired.externalId ? { externalId: desired.externalId } : {}),
          conformancePackName: packName,
          templateBody,
        },
        { parent: this, dependsOn: [this.recorder, ...(automationRole ? [automationRole] : [])] },
      );
    }

    this.registerOutputs({ recorder: this.recorder, remediationPack: this.remediationPack });
  }
}
