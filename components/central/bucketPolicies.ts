/**
 * Policy documents of the central buckets and key, as plain JSON: the names
 * they refer to are deterministic, so the documents are known at preview and
 * the policy pack can read them. Statements follow AWS's documented ones
 * (../shared/aws-config-facts.md §1, §4), scoped to this organization.
 */
import type { Partition } from "../../aws/arns";
import type { PolicyDocument } from "../../aws/policyDocument";
import { s3BucketArn } from "../../config/names";

export { deliveryBucketPolicy, denyInsecureTransport } from "../../config/configPublisherPolicies";
import { denyInsecureTransport } from "../../config/configPublisherPolicies";

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
