/**
 * One account in one governed region: the place's recorder, delivery channel
 * and recording status, as one `ConfigRecorder` of the multi-account provider.
 */
import * as pulumi from "@pulumi/pulumi";

import type { Place } from "../config/domain";
import { ConfigRecorder } from "./multiaccount/resources/configRecorder";
import type { DesiredRecorderInputs } from "./recorderSettings";

export interface AccountRegionArgs {
  readonly place: Place;
  readonly desired: DesiredRecorderInputs;
  /** KMS key for SSE-KMS delivery, when the bucket uses one (an output of the log archive). */
  readonly s3KmsKeyArn?: pulumi.Input<string>;
  /**
   * What the recorder waits for (service-linked role, bucket policy, topic
   * policy). Given to the recorder itself: a component's own `dependsOn` does
   * not hold back its children.
   */
  readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export class AccountRegion extends pulumi.ComponentResource {
  readonly recorder: ConfigRecorder;
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

    this.registerOutputs({ recorder: this.recorder });
  }
}
