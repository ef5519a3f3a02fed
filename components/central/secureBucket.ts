/**
 * A bucket the organization writes to: versioned, encrypted, every kind of
 * public access blocked, ACLs disabled, TLS only (the policy brings the
 * statement), and kept when the stack is destroyed: what was delivered is
 * history and outlives the tooling that set it up.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Delivery } from "../../config/domain";
import type { PolicyDocument } from "../../aws/policyDocument";
import { CENTRAL_TYPES } from "./typeTokens";

export interface SecureBucketArgs {
  readonly bucketName: string;
  readonly region: string;
  readonly policy: PolicyDocument;
  /** SSE-KMS with this key; SSE-S3 without. */
  readonly kmsKeyArn?: pulumi.Input<string>;
  readonly lifecycle?: Delivery["lifecycle"];
  /** `protect` blocks a destroy from even trying; `retainOnDelete` keeps the bucket once unprotected. */
  readonly protect: boolean;
}

export class SecureBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly policy: aws.s3.BucketPolicy;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly versioning: aws.s3.BucketVersioning;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;

  constructor(name: string, args: SecureBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CENTRAL_TYPES.SecureBucket, name, {}, opts);
    const child = { parent: this, retainOnDelete: true };
    const region = args.region;

    this.bucket = new aws.s3.Bucket(name, { bucket: args.bucketName, region, forceDestroy: false }, { ...child, protect: args.protect });
    const bucket = this.bucket.id;

    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket,
        region,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      child,
    );
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      {
        bucket,
        region,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      },
      child,
    );
    this.versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      {
        bucket,
        region,
        versioningConfiguration: { status: "Enabled" },
      },
      child,
    );
    this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket,
        region,
        rules: [
          args.kmsKeyArn
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      child,
    );
    // The policy is public-access-checked by S3: put it after the block is in place.
    this.policy = new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket,
        region,
        policy: JSON.stringify(args.policy),
      },
      { ...child, dependsOn: [this.publicAccessBlock, ownership] },
    );

    const lifecycleRules = args.lifecycle ? lifecycleRulesOf(args.lifecycle) : [];
    if (lifecycleRules.length > 0) {
      new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket, region, rules: lifecycleRules }, { ...child, dependsOn: [this.versioning] });
    }

    this.registerOutputs({ bucket: this.bucket, policy: this.policy });
  }
}

/** Transition and expiry as configured; 0 days means "never". */
export function lifecycleRulesOf(l: Delivery["lifecycle"]): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
  const rule: aws.types.input.s3.BucketLifecycleConfigurationRule = {
    id: "config-history",
    status: "Enabled",
    filter: {},
    abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    ...(l.transitionDays > 0 ? { transitions: [{ days: l.transitionDays, storageClass: l.transitionStorageClass }] } : {}),
    ...(l.expirationDays > 0 ? { expiration: { days: l.expirationDays } } : {}),
    ...(l.noncurrentExpirationDays > 0 ? { noncurrentVersionExpiration: { noncurrentDays: l.noncurrentExpirationDays } } : {}),
  };
  return [rule];
}
