/**
 * In the log archive account: the one bucket every channel of the
 * organization delivers to, and with SSE-KMS the key Config encrypts with.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { configSourceAccountIds, deliveryKeyPolicy } from "../../config/configPublisherPolicies";
import type { Deployment } from "../../config/domain";
import { deliveryBucketPolicy } from "./bucketPolicies";
import { SecureBucket } from "./secureBucket";

export interface DeliveryBucketArgs {
  readonly deployment: Deployment;
  readonly logArchiveProvider: aws.Provider;
}

export class DeliveryBucket extends pulumi.ComponentResource {
  readonly bucket: SecureBucket;
  readonly key?: aws.kms.Key;
  readonly bucketName: string;

  constructor(name: string, args: DeliveryBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:central:DeliveryBucket", name, {}, opts);
    const { deployment } = args;
    const { delivery } = deployment;
    const child = { parent: this, provider: args.logArchiveProvider };

    if (delivery.encryption === "SSE-KMS") {
      this.key = new aws.kms.Key("delivery-key", {
        region: deployment.homeRegion,
        description: `AWS Config delivery for organization ${deployment.organizationId}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify(deliveryKeyPolicy({ partition: deployment.partition, accountId: deployment.logArchiveAccountId, sourceAccountIds: configSourceAccountIds(deployment) })),
      }, { ...child, protect: true, retainOnDelete: true });
      new aws.kms.Alias("delivery-key-alias", { region: deployment.homeRegion, name: "alias/aws-config-org-delivery", targetKeyId: this.key.keyId }, child);
    }

    this.bucketName = delivery.bucketName;
    this.bucket = new SecureBucket("delivery", {
      bucketName: delivery.bucketName,
      region: deployment.homeRegion,
      policy: deliveryBucketPolicy({
        partition: deployment.partition,
        bucketName: delivery.bucketName,
        organizationId: deployment.organizationId,
        sourceCondition: delivery.sourceCondition,
        sourceAccountIds: configSourceAccountIds(deployment),
        ...(delivery.keyPrefix ? { keyPrefix: delivery.keyPrefix } : {}),
      }),
      ...(this.key ? { kmsKeyArn: this.key.arn } : {}),
      lifecycle: delivery.lifecycle,
      protect: true,
    }, child);

    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucket.bucket.arn, keyArn: this.key?.arn });
  }
}
