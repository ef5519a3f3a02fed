/**
 * AWS managed Config rules the pack library uses, as AWS documents them
 * (../shared/aws-config-facts.md §5 and each rule's page, docUrl): identifier,
 * input parameters with their types and limits, trigger, resource types, and
 * the SSM runbook that fixes what the rule finds where one exists.
 *
 * Adding a rule: copy the facts from its page (the identifier is not always the
 * name in upper case), add the runbook to runbooks.ts if it has one, and run
 * the catalog tests (tests/packs/catalog.test.ts).
 */
import type { ManagedRule } from "./facts";
import type { RunbookName } from "./runbooks";

const RULE_DOCS = "https://docs.aws.amazon.com/config/latest/developerguide";

const resourceId = { kind: "resourceId" } as const;
const literal = (value: string) => ({ kind: "literal", value }) as const;

/** `True`/`False` string flags (S3 account-level rules type them as String). */
const TRUE_OR_FALSE = { itemPattern: /^(true|false)$/i, itemHint: "`True` or `False`" };
const BUCKET_NAME = { itemPattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, itemHint: "an S3 bucket name" };
const ACCOUNT_ID = { itemPattern: /^\d{12}$/, itemHint: "a 12-digit account id" };

export const managedRules = {
  "s3-bucket-level-public-access-prohibited": {
    name: "s3-bucket-level-public-access-prohibited",
    identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
    description: "Checks whether S3 buckets have bucket-level Block Public Access turned on.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::S3::Bucket"],
    inputs: {
      excludedPublicBuckets: {
        type: "CSV",
        required: false,
        description: "Buckets that are public on purpose (static websites).",
        constraints: BUCKET_NAME,
      },
    },
    remediation: {
      runbook: "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
      parameters: {
        BucketName: resourceId,
        BlockPublicAcls: literal("true"),
        IgnorePublicAcls: literal("true"),
        BlockPublicPolicy: literal("true"),
        RestrictPublicBuckets: literal("true"),
      },
    },
    docUrl: `${RULE_DOCS}/s3-bucket-level-public-access-prohibited.html`,
  },
  "s3-account-level-public-access-blocks": {
    name: "s3-account-level-public-access-blocks",
    identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS",
    description: "Checks whether the account-level S3 Block Public Access settings are on (change-triggered).",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::S3::AccountPublicAccessBlock"],
    inputs: {
      IgnorePublicAcls: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
      BlockPublicPolicy: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
      BlockPublicAcls: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
      RestrictPublicBuckets: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
    },
    remediation: {
      runbook: "AWSConfigRemediation-ConfigureS3PublicAccessBlock",
      parameters: { AccountId: resourceId },
    },
    docUrl: `${RULE_DOCS}/s3-account-level-public-access-blocks.html`,
  },
  "s3-account-level-public-access-blocks-periodic": {
    name: "s3-account-level-public-access-blocks-periodic",
    identifier: "S3_ACCOUNT_LEVEL_PUBLIC_ACCESS_BLOCKS_PERIODIC",
    description: "Checks whether the account-level S3 Block Public Access settings are on (periodic).",
    trigger: "periodic",
    resourceTypes: [],
    inputs: {
      IgnorePublicAcls: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
      BlockPublicPolicy: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
      BlockPublicAcls: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
      RestrictPublicBuckets: { type: "String", required: false, description: "Default True.", constraints: TRUE_OR_FALSE },
    },
    remediation: {
      runbook: "AWSConfigRemediation-ConfigureS3PublicAccessBlock",
      // Periodic account rules evaluate the `AWS::::Account` resource: its id is the account id.
      parameters: { AccountId: resourceId },
    },
    docUrl: `${RULE_DOCS}/s3-account-level-public-access-blocks-periodic.html`,
  },
  "rds-instance-public-access-check": {
    name: "rds-instance-public-access-check",
    identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
    description: "Checks whether RDS DB instances are not publicly accessible.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::RDS::DBInstance"],
    inputs: {},
    remediation: {
      runbook: "AWSConfigRemediation-DisablePublicAccessToRDSInstance",
      parameters: { DbiResourceId: resourceId },
    },
    docUrl: `${RULE_DOCS}/rds-instance-public-access-check.html`,
  },
  "rds-multi-az-support": {
    name: "rds-multi-az-support",
    identifier: "RDS_MULTI_AZ_SUPPORT",
    description: "Checks whether RDS DB instances are Multi-AZ (Aurora, DocumentDB and Neptune are not applicable).",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::RDS::DBInstance"],
    inputs: {},
    remediation: {
      runbook: "AWSConfigRemediation-EnableMultiAZOnRDSInstance",
      parameters: { DbiResourceId: resourceId, ApplyImmediately: literal("false") },
    },
    docUrl: `${RULE_DOCS}/rds-multi-az-support.html`,
  },
  "rds-instance-deletion-protection-enabled": {
    name: "rds-instance-deletion-protection-enabled",
    identifier: "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
    description: "Checks whether RDS DB instances have deletion protection on.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::RDS::DBInstance"],
    inputs: {
      databaseEngines: {
        type: "CSV",
        required: false,
        description: "Engines to evaluate, e.g. `mysql,postgres`.",
        constraints: { itemPattern: /^[a-z0-9-]+$/, itemHint: "an RDS engine name like `postgres`" },
      },
    },
    remediation: {
      runbook: "AWSConfigRemediation-EnableRDSInstanceDeletionProtection",
      parameters: { DbInstanceResourceId: resourceId, ApplyImmediately: literal("true") },
    },
    docUrl: `${RULE_DOCS}/rds-instance-deletion-protection-enabled.html`,
  },
  "rds-cluster-deletion-protection-enabled": {
    name: "rds-cluster-deletion-protection-enabled",
    identifier: "RDS_CLUSTER_DELETION_PROTECTION_ENABLED",
    description: "Checks whether RDS DB clusters have deletion protection on.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::RDS::DBCluster"],
    inputs: {},
    remediation: {
      runbook: "AWSConfigRemediation-EnableRDSClusterDeletionProtection",
      parameters: { ClusterId: resourceId },
    },
    docUrl: `${RULE_DOCS}/rds-cluster-deletion-protection-enabled.html`,
  },
  "sns-encrypted-kms": {
    name: "sns-encrypted-kms",
    identifier: "SNS_ENCRYPTED_KMS",
    description: "Checks whether SNS topics are encrypted with AWS KMS.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::SNS::Topic"],
    inputs: {
      kmsKeyIds: {
        type: "CSV",
        required: false,
        description: "Key ARNs, alias ARNs, alias names or key ids the topics must use.",
      },
    },
    remediation: {
      runbook: "AWSConfigRemediation-EncryptSNSTopic",
      parameters: {
        TopicArn: resourceId,
        // The AWS managed key exists in every account and region once SNS uses it.
        KmsKeyArn: literal("arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/sns"),
      },
    },
    docUrl: `${RULE_DOCS}/sns-encrypted-kms.html`,
  },
  "lambda-function-xray-enabled": {
    name: "lambda-function-xray-enabled",
    identifier: "LAMBDA_FUNCTION_XRAY_ENABLED",
    description: "Checks whether X-Ray tracing is on for Lambda functions.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::Lambda::Function"],
    inputs: {},
    remediation: {
      runbook: "AWSConfigRemediation-ConfigureLambdaFunctionXRayTracing",
      parameters: { FunctionName: resourceId },
    },
    docUrl: `${RULE_DOCS}/lambda-function-xray-enabled.html`,
  },
  "dynamodb-table-encrypted-kms": {
    name: "dynamodb-table-encrypted-kms",
    identifier: "DYNAMODB_TABLE_ENCRYPTED_KMS",
    description: "Checks whether DynamoDB tables are encrypted with AWS KMS.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::DynamoDB::Table"],
    inputs: {
      kmsKeyArns: {
        type: "CSV",
        required: false,
        description: "KMS key ARNs allowed to encrypt tables.",
        constraints: { itemPattern: /^arn:aws[a-z-]*:kms:/, itemHint: "a KMS key ARN" },
      },
    },
    remediation: {
      // KMSKeyId has no default: a pack must give it (a customer managed key per account).
      runbook: "AWSConfigRemediation-EnableEncryptionOnDynamoDbTable",
      parameters: { TableName: resourceId },
    },
    docUrl: `${RULE_DOCS}/dynamodb-table-encrypted-kms.html`,
  },
  "dynamodb-pitr-enabled": {
    name: "dynamodb-pitr-enabled",
    identifier: "DYNAMODB_PITR_ENABLED",
    description: "Checks whether point-in-time recovery is on for DynamoDB tables.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::DynamoDB::Table"],
    inputs: {},
    remediation: {
      runbook: "AWSConfigRemediation-EnablePITRForDynamoDbTable",
      parameters: { TableName: resourceId },
    },
    docUrl: `${RULE_DOCS}/dynamodb-pitr-enabled.html`,
  },
  "restricted-ssh": {
    name: "restricted-ssh",
    identifier: "INCOMING_SSH_DISABLED",
    description: "Checks whether security groups refuse SSH (TCP 22) from 0.0.0.0/0 and ::/0.",
    trigger: "configuration-changes-and-periodic",
    resourceTypes: ["AWS::EC2::SecurityGroup"],
    inputs: {},
    remediation: {
      runbook: "AWS-DisableIncomingSSHOnPort22",
      parameters: { SecurityGroupIds: resourceId },
    },
    docUrl: `${RULE_DOCS}/restricted-ssh.html`,
  },
  "iam-root-access-key-check": {
    name: "iam-root-access-key-check",
    identifier: "IAM_ROOT_ACCESS_KEY_CHECK",
    description: "Checks whether the root user has access keys.",
    trigger: "periodic",
    resourceTypes: [],
    inputs: {},
    // No runbook: AWS publishes none that deletes root access keys (only the root user can).
    docUrl: `${RULE_DOCS}/iam-root-access-key-check.html`,
  },
  "cloudtrail-enabled": {
    name: "cloudtrail-enabled",
    identifier: "CLOUD_TRAIL_ENABLED",
    description: "Checks whether a CloudTrail trail is logging in the account.",
    trigger: "periodic",
    resourceTypes: [],
    inputs: {
      s3BucketName: { type: "String", required: false, description: "Bucket the trail must deliver to.", constraints: BUCKET_NAME },
      snsTopicArn: { type: "String", required: false, description: "Topic the trail must notify." },
      cloudWatchLogsLogGroupArn: { type: "String", required: false, description: "Log group the trail must send to." },
    },
    // No runbook here: AWS-EnableCloudTrail creates a single-account trail with its own bucket,
    // which duplicates (and pays twice for) the organization trail an organization logs through.
    docUrl: `${RULE_DOCS}/cloudtrail-enabled.html`,
  },
  "guardduty-enabled-centralized": {
    name: "guardduty-enabled-centralized",
    identifier: "GUARDDUTY_ENABLED_CENTRALIZED",
    description: "Checks whether GuardDuty is on in the account and region (optionally centralized).",
    trigger: "periodic",
    resourceTypes: [],
    inputs: {
      CentralMonitoringAccount: {
        type: "String",
        required: false,
        description: "Account that must receive the findings (the GuardDuty administrator).",
        constraints: ACCOUNT_ID,
      },
    },
    remediation: {
      runbook: "AWSConfigRemediation-CreateGuardDutyDetector",
      parameters: {},
    },
    docUrl: `${RULE_DOCS}/guardduty-enabled-centralized.html`,
  },
  "approved-amis-by-id": {
    name: "approved-amis-by-id",
    identifier: "APPROVED_AMIS_BY_ID",
    description: "Checks whether running EC2 instances use one of the listed AMI ids.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::EC2::Instance"],
    inputs: {
      amiIds: {
        type: "CSV",
        required: true,
        description: "Approved AMI ids.",
        // AWS: "Comma-separated list of up to 21 AMI IDs. There is a 1024 characters limit."
        constraints: { maxItems: 21, maxLength: 1024, itemPattern: /^ami-[0-9a-f]{8,17}$/, itemHint: "an AMI id like `ami-0abc1234`" },
      },
    },
    remediation: {
      runbook: "AWS-StopEC2Instance",
      parameters: { InstanceId: resourceId },
    },
    docUrl: `${RULE_DOCS}/approved-amis-by-id.html`,
  },
  "approved-amis-by-tag": {
    name: "approved-amis-by-tag",
    identifier: "APPROVED_AMIS_BY_TAG",
    description: "Checks whether running EC2 instances use AMIs carrying one of the listed tags.",
    trigger: "configuration-changes",
    resourceTypes: ["AWS::EC2::Instance"],
    inputs: {
      amisByTagKeyAndValue: {
        type: "StringMap",
        required: true,
        description: "Approved AMI tags as `key:value` pairs.",
        constraints: { maxItems: 10, itemPattern: /^[^:,]{1,128}:[^,]{0,256}$/, itemHint: "a `key:value` tag pair" },
      },
    },
    remediation: {
      runbook: "AWS-StopEC2Instance",
      parameters: { InstanceId: resourceId },
    },
    docUrl: `${RULE_DOCS}/approved-amis-by-tag.html`,
  },
} as const satisfies Readonly<Record<string, ManagedRule & { readonly remediation?: { readonly runbook: RunbookName } }>>;

export type ManagedRuleName = keyof typeof managedRules;

/** The managed rule with that name, typed as the general shape. */
export function managedRuleNamed(name: string): ManagedRule | undefined {
  return (managedRules as Readonly<Record<string, ManagedRule>>)[name];
}
