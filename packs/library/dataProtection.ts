import type { PackDefinition } from "../choices";
/**
 * Data protection baseline: public access to data stores, encryption with KMS,
 * recoverability. Automatic remediation only where it cannot interrupt a
 * workload (runbooks.ts `outageRisk`); the rest waits for a person.
 */

const fromParameter = (name: string) => ({ kind: "packParameter", name }) as const;

export const dataProtectionBaseline: PackDefinition = {
  name: "data-protection-baseline",
  description: "S3 and RDS public access, RDS resilience, SNS and DynamoDB encryption with KMS, Lambda tracing, DynamoDB recovery.",
  parameters: {
    excludedPublicBuckets: {
      type: "CSV",
      description: "Buckets that are public on purpose; neither reported nor remediated.",
    },
    rdsDatabaseEngines: {
      type: "CSV",
      description: "RDS engines the deletion-protection rule evaluates (all when unset).",
    },
    snsKmsKeyIds: {
      type: "CSV",
      description: "KMS keys topics must be encrypted with (any KMS key when unset).",
    },
    snsRemediationKmsKeyArn: {
      type: "String",
      description:
        "Key the SNS remediation encrypts topics with. `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` are filled per account and region. " +
        "`automatic` remediation needs a customer managed key whose policy admits the topics' publishers; the default AWS managed key is for `manual` runs only.",
      default: "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sns",
    },
    dynamoDbKmsKeyArns: {
      type: "CSV",
      description: "KMS key ARNs tables must be encrypted with (any KMS key when unset).",
    },
    dynamoDbRemediationKmsKeyArn: {
      type: "String",
      description: "Customer managed key the DynamoDB remediation encrypts tables with (placeholders as above). Without it the remediation stays off.",
    },
  },
  rules: [
    {
      rule: "s3-bucket-level-public-access-prohibited",
      inputs: { excludedPublicBuckets: fromParameter("excludedPublicBuckets") },
      remediation: { mode: "automatic", maximumAttempts: 5, retrySeconds: 60 },
    },
    {
      rule: "s3-account-level-public-access-blocks-periodic",
      remediation: { mode: "automatic", maximumAttempts: 5, retrySeconds: 60 },
    },
    { rule: "rds-instance-public-access-check", remediation: { mode: "manual" } },
    { rule: "rds-multi-az-support", remediation: { mode: "manual" } },
    {
      rule: "rds-instance-deletion-protection-enabled",
      inputs: { databaseEngines: fromParameter("rdsDatabaseEngines") },
      remediation: { mode: "automatic", maximumAttempts: 5, retrySeconds: 300 },
    },
    {
      rule: "sns-encrypted-kms",
      inputs: { kmsKeyIds: fromParameter("snsKmsKeyIds") },
      // Manual: with the AWS managed key, service publishers (alarms, EventBridge, S3 events) would go silent.
      remediation: { mode: "manual", maximumAttempts: 5, retrySeconds: 60 },
      remediationParameters: { KmsKeyArn: fromParameter("snsRemediationKmsKeyArn") },
    },
    {
      rule: "lambda-function-xray-enabled",
      remediation: { mode: "automatic", maximumAttempts: 3, retrySeconds: 300 },
    },
    {
      rule: "dynamodb-table-encrypted-kms",
      inputs: { kmsKeyArns: fromParameter("dynamoDbKmsKeyArns") },
      remediation: { mode: "manual" },
      remediationParameters: { KMSKeyId: fromParameter("dynamoDbRemediationKmsKeyArn") },
    },
    {
      rule: "dynamodb-pitr-enabled",
      remediation: { mode: "automatic", maximumAttempts: 5, retrySeconds: 60 },
    },
  ],
};
