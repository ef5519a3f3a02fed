/**
 * Policy documents of the organization trail, as plain JSON (every name in them is
 * deterministic, so the policy pack reads them at preview). Statements follow AWS's
 * documented ones, scoped to this one trail by `aws:SourceArn`:
 * - bucket: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 *   (organization trails write under `AWSLogs/<management account>/` and `AWSLogs/<organization id>/`)
 * - key: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 * - delivery role: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html
 */
import type { Partition } from "../../aws/arns";
import type { PolicyDocument } from "../../aws/policyDocument";
import { s3BucketArn } from "../../config/names";
import { denyInsecureTransport } from "./bucketPolicies";
import { keyAdministeredByAccount } from "../../config/configPublisherPolicies";

export const CLOUDTRAIL_SERVICE = "cloudtrail.amazonaws.com";

export interface TrailPlace {
  readonly partition: Partition;
  readonly managementAccountId: string;
  readonly organizationId: string;
  /** The trail's deterministic ARN (config/names.ts `trailArn`). */
  readonly trailArn: string;
}

/** ACL check and writes for the organization trail only; everything else over TLS only. */
export function trailBucketPolicy(args: TrailPlace & { readonly bucketName: string }): PolicyDocument {
  const bucket = s3BucketArn(args.partition, args.bucketName);
  const fromTrail = { "aws:SourceArn": args.trailArn };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSCloudTrailAclCheck",
        Effect: "Allow",
        Principal: { Service: CLOUDTRAIL_SERVICE },
        Action: "s3:GetBucketAcl",
        Resource: bucket,
        Condition: { StringEquals: fromTrail },
      },
      // The management account's own events, then every member account's, under the organization id.
      ...(
        [
          ["AWSCloudTrailWrite", args.managementAccountId],
          ["AWSCloudTrailOrganizationWrite", args.organizationId],
        ] as const
      ).map(([sid, folder]) => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: CLOUDTRAIL_SERVICE },
        Action: "s3:PutObject",
        Resource: `${bucket}/AWSLogs/${folder}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromTrail } },
      })),
      denyInsecureTransport(bucket),
    ],
  };
}

/**
 * The trail's SSE-KMS key in the log archive account: administered by that account, used by
 * CloudTrail for this trail only (encryption context of the management account's trails and
 * `aws:SourceArn`), readable by principals of the log archive account.
 */
export function trailKeyPolicy(args: TrailPlace & { readonly keyAccountId: string }): PolicyDocument {
  const trailsOfManagement = `arn:${args.partition}:cloudtrail:*:${args.managementAccountId}:trail/*`;
  return {
    Version: "2012-10-17",
    Statement: [
      keyAdministeredByAccount(args.partition, args.keyAccountId),
      {
        Sid: "AllowCloudTrailToEncryptLogs",
        Effect: "Allow",
        Principal: { Service: CLOUDTRAIL_SERVICE },
        // Decrypt too: the bucket uses an S3 Bucket Key, and CloudTrail then needs kms:Decrypt to create the trail.
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: {
          StringEquals: { "aws:SourceArn": args.trailArn },
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trailsOfManagement },
        },
      },
      {
        Sid: "AllowCloudTrailToDescribeKey",
        Effect: "Allow",
        Principal: { Service: CLOUDTRAIL_SERVICE },
        Action: "kms:DescribeKey",
        Resource: "*",
        Condition: { StringEquals: { "aws:SourceArn": args.trailArn } },
      },
      {
        Sid: "AllowLogArchiveAccountToDecryptLogs",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: ["kms:Decrypt", "kms:ReEncryptFrom"],
        Resource: "*",
        Condition: {
          StringEquals: { "kms:CallerAccount": args.keyAccountId },
          StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": trailsOfManagement },
        },
      },
    ],
  };
}

/** Who may assume the delivery role: CloudTrail, for this trail only. */
export function trailLogsTrustPolicy(args: Pick<TrailPlace, "trailArn">): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: CLOUDTRAIL_SERVICE },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceArn": args.trailArn } },
      },
    ],
  };
}

/**
 * What the delivery role may do: create streams and put events in the trail's group only.
 * An organization trail names its streams `<management>_CloudTrail_<region>` and
 * `<organization id>_*`, hence the stream wildcard within the group.
 */
export function trailLogsDeliveryPolicy(logGroupArn: string): PolicyDocument {
  const streams = `${logGroupArn}:log-stream:*`;
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AWSCloudTrailCreateLogStream", Effect: "Allow", Action: "logs:CreateLogStream", Resource: streams },
      { Sid: "AWSCloudTrailPutLogEvents", Effect: "Allow", Action: "logs:PutLogEvents", Resource: streams },
    ],
  };
}
