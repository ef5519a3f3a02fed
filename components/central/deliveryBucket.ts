/**
 * In the log archive account: the one bucket every channel of the
 * organization delivers to, and with SSE-KMS the key Config encrypts with.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { deliveryKeyPolicy } from "../../config/configPublisherPolicies";
import type { Partition } from "../../aws/arns";
import type { Delivery } from "../../config/domain";
import { deliveryBucketPolicy } from "./bucketPolicies";
import { SecureBucket } from "./secureBucket";
import { CENTRAL_TYPES } from "./typeTokens";

export interface DeliveryBucketArgs {
  readonly partition: Partition;
  readonly homeRegion: string;
  readonly organizationId: string;
  readonly logArchiveAccountId: string;
  readonly delivery: Delivery;
  /** The accounts whose Config may deliver here (config/configPublisherPolicies.ts). */
  readonly sourceAccountIds: readonly string[];
  readonly logArchiveProvider: aws.Provider;
}

export class DeliveryBucket extends pulumi.ComponentResource {
  readonly bucket: SecureBucket;
  readonly key?: aws.kms.Key;
  readonly bucketName: string;

  constructor(name: string, args: DeliveryBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CENTRAL_TYPES.DeliveryBucket, name, {}, opts);
    const { delivery, sourceAccountIds } = args;
    const child = { parent: this, provider: args.logArchiveProvider };

    if (delivery.encryption === "SSE-KMS") {
      this.key = new aws.kms.Key(
        "delivery-key",
        {
          region: args.homeRegion,
          description: `AWS Config delivery for organization ${args.organizationId}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: JSON.stringify(deliveryKeyPolicy({ partition: args.partition, accountId: args.logArchiveAccountId, sourceAccountIds })),
        },
        { ...child, protect: true, retainOnDelete: true },
      );
      new aws.kms.Alias("delivery-key-alias", { region: args.homeRegion, name: "alias/aws-config-org-delivery", targetKeyId: this.key.keyId }, child);
    }

    this.bucketName = delivery.bucketName;
    this.bucket = new SecureBucket(
      "delivery",
      {
        bucketName: delivery.bucketName,
        region: args.homeRegion,
        policy: deliveryBucketPolicy({
          partition: args.partition,
          bucketName: delivery.bucketName,
          organizationId: args.organizationId,
          sourceCondition: delivery.sourceCondition,
          sourceAccountIds,
          ...(delivery.keyPrefix ? { keyPrefix: delivery.keyPrefix } : {}),
        }),
        ...(this.key ? { kmsKeyArn: this.key.arn } : {}),
        lifecycle: delivery.lifecycle,
        protect: true,
      },
      child,
    );

    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucket.bucket.arn, keyArn: this.key?.arn });
  }
}
