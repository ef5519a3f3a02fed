/**
 * Policy documents of the central buckets and key, as plain JSON: the names
 * they refer to are deterministic, so the documents are known at preview and
 * the policy pack can read them. Statements follow AWS's documented ones
 * (../shared/aws-config-facts.md §1, §4), scoped to this organization.
 */
import type { Partition } from "../../aws/arns";
import type { PolicyDocument } from "../../aws/policyDocument";
import { s3BucketArn } from "../../config/names";

/** Refuses every request that does not come over TLS. */
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
 * Config delivery from every account of the organization (the pattern Control
 * Tower uses): the three `AWSConfigBucket*` statements with `aws:SourceOrgID`.
 */
export function deliveryBucketPolicy(args: {
  partition: Partition;
  bucketName: string;
  keyPrefix?: string;
  organizationId: string;
}): PolicyDocument {
  const bucket = s3BucketArn(args.partition, args.bucketName);
  const prefix = args.keyPrefix ? `${args.keyPrefix}/` : "";
  const fromOrg = { StringEquals: { "aws:SourceOrgID": args.organizationId } };
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AWSConfigBucketPermissionsCheck", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "s3:GetBucketAcl", Resource: bucket, Condition: fromOrg },
      { Sid: "AWSConfigBucketExistenceCheck", Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "s3:ListBucket", Resource: bucket, Condition: fromOrg },
      {
        Sid: "AWSConfigBucketDelivery",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${bucket}/${prefix}AWSLogs/*/Config/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceOrgID": args.organizationId } },
      },
      denyInsecureTransport(bucket),
    ],
  };
}

/**
 * Organization conformance pack delivery bucket: the conformance-pack
 * service-linked role of any account of the organization may read and write
 * (AWS's documented statements, `aws:PrincipalOrgID`).
 */
export function conformsBucketPolicy(args: { partition: Partition; bucketName: string; organizationId: string }): PolicyDocument {
  const bucket = s3BucketArn(args.partition, args.bucketName);
  const conformsRole = `arn:${args.partition}:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms`;
  const fromOrgRole = {
    StringEquals: { "aws:PrincipalOrgID": args.organizationId },
    ArnLike: { "aws:PrincipalArn": conformsRole },
  };
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "AllowGetPutObject", Effect: "Allow", Principal: "*", Action: ["s3:GetObject", "s3:PutObject"], Resource: `${bucket}/*`, Condition: fromOrgRole },
      { Sid: "AllowGetBucketAcl", Effect: "Allow", Principal: "*", Action: "s3:GetBucketAcl", Resource: bucket, Condition: fromOrgRole },
      denyInsecureTransport(bucket),
    ],
  };
}

// Built in config so that validateDeployment.ts can hold the key policy to KMS's size limit.
