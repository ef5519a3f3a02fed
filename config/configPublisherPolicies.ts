/**
 * Resource policies that admit AWS Config (the service principal `config.amazonaws.com`)
 * from every in-scope account: the Config-facing SNS topic and the SSE-KMS delivery key.
 * They grow with the account list, so they are built here, in config, where
 * validateDeployment.ts can refuse a scope whose policies would not fit before anything is
 * declared; components/central/notifications.ts and bucketPolicies.ts use the same builders.
 *
 * Why `AWS:SourceAccount` with every account id and not `aws:SourceOrgID`: Config's own
 * pages show only the account (or source ARN) form for a topic and a delivery key
 * (https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html,
 * https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html); no AWS
 * page shows Config honouring an organization condition there (docs/aws-constraints-findings.md (b)).
 */
import type { Partition } from "../aws/arns";
import type { PolicyDocument } from "../aws/policyDocument";
import type { Deployment } from "./domain";
import { s3BucketArn } from "./names";

/** SNS topic policy limit: 30 KB (https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-language-api-permissions-reference.html). */
export const SNS_TOPIC_POLICY_MAX_BYTES = 30 * 1024;
/** KMS key policy limit: 32 KB, not adjustable (https://docs.aws.amazon.com/kms/latest/developerguide/resource-limits.html). */
export const KMS_KEY_POLICY_MAX_BYTES = 32 * 1024;

/** Every in-scope account id (all shards: the topic and key are central), sorted, each once. */
export function configSourceAccountIds(deployment: Pick<Deployment, "scope">): string[] {
  return [...new Set(deployment.scope.map((a) => a.id))].sort();
}

/** S3 bucket policy limit: 20 KB (https://docs.aws.amazon.com/AmazonS3/latest/userguide/BucketRestrictions.html, "bucket policy ... 20 KB"). */
export const S3_BUCKET_POLICY_MAX_BYTES = 20 * 1024;

/** Refuses every request to the bucket that does not come over TLS. */
export function denyInsecureTransport(bucketArn: string): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * Config delivery from the accounts of the organization, the three `AWSConfigBucket*`
 * statements AWS documents, limited by `delivery.sourceCondition`:
 * - `organization`: `aws:SourceOrgID` (the pattern Control Tower uses), deliveries under `AWSLogs/*`;
 * - `accounts`: AWS Config's own form, `AWS:SourceAccount` = every in-scope account and one
 *   `AWSLogs/<account>/Config/*` resource each (docs/aws-constraints.md, Delivery bucket).
 */
export function deliveryBucketPolicy(args: {
  partition: Partition;
  bucketName: string;
  keyPrefix?: string;
  organizationId: string;
  sourceCondition?: "organization" | "accounts";
  sourceAccountIds?: readonly string[];
}): PolicyDocument {
  const bucket = s3BucketArn(args.partition, args.bucketName);
  const prefix = args.keyPrefix ? `${args.keyPrefix}/` : "";
  const perAccount = args.sourceCondition === "accounts";
  const accounts = [...(args.sourceAccountIds ?? [])];
  const from = perAccount ? { StringEquals: { "AWS:SourceAccount": accounts } } : { StringEquals: { "aws:SourceOrgID": args.organizationId } };
  const objects = perAccount ? accounts.map((id) => `${bucket}/${prefix}AWSLogs/${id}/Config/*`) : `${bucket}/${prefix}AWSLogs/*/Config/*`;
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSConfigBucketPermissionsCheck",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "s3:GetBucketAcl",
        Resource: bucket,
        Condition: from,
      },
      {
        Sid: "AWSConfigBucketExistenceCheck",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "s3:ListBucket",
        Resource: bucket,
        Condition: from,
      },
      {
        Sid: "AWSConfigBucketDelivery",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: objects,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...from.StringEquals } },
      },
      denyInsecureTransport(bucket),
    ],
  };
}

/** Refuses every publication that does not come over TLS. */
export function denyPublishWithoutTls(topicArn: string): Record<string, unknown> {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "sns:Publish",
    Resource: topicArn,
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/**
 * The Config-facing topic: Config may publish on behalf of the in-scope accounts only
 * (the organization's accounts this program governs); TLS only. No key: AWS Config does not
 * support encrypted SNS topics (sns-topic-policy page), so the topic carries none.
 */
export function complianceTopicPolicy(args: { topicArn: string; sourceAccountIds: readonly string[] }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSConfigSNSPolicy",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "sns:Publish",
        Resource: args.topicArn,
        Condition: { StringEquals: { "AWS:SourceAccount": [...args.sourceAccountIds] } },
      },
      denyPublishWithoutTls(args.topicArn),
    ],
  };
}

/** The delivery key's Config statement (s3-kms-key-policy page): data keys and decrypt for the in-scope accounts. */
export function configDeliveryKeyStatement(sourceAccountIds: readonly string[]): Record<string, unknown> {
  return {
    Sid: "AWSConfigKMSPolicy",
    Effect: "Allow",
    Principal: { Service: "config.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey"],
    Resource: "*",
    Condition: { StringEquals: { "AWS:SourceAccount": [...sourceAccountIds] } },
  };
}

/**
 * A key's first statement: its own account administers and uses it through
 * IAM (without it a key policy can lock everyone out, the account included).
 */
export function keyAdministeredByAccount(partition: Partition, accountId: string): Record<string, unknown> {
  return {
    Sid: "KeyAdministrationByOwningAccount",
    Effect: "Allow",
    Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/** KMS key for SSE-KMS delivery: administered by its account, usable by Config for the in-scope accounts only. */
export function deliveryKeyPolicy(args: { partition: Partition; accountId: string; sourceAccountIds: readonly string[] }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [keyAdministeredByAccount(args.partition, args.accountId), configDeliveryKeyStatement(args.sourceAccountIds)],
  };
}

/** Bytes of a policy as sent (minified JSON, UTF-8). */
export function policyBytes(document: PolicyDocument): number {
  return Buffer.byteLength(JSON.stringify(document), "utf8");
}
