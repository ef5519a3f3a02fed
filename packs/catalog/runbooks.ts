/**
 * AWS-owned SSM Automation runbooks that fix what a managed rule finds.
 *
 * Parameters and "Required IAM permissions" are from each runbook's page in
 * the Systems Manager Automation runbook reference (docUrl). The SSM automation
 * basics (`ssm:StartAutomationExecution`, `ssm:GetAutomationExecution`) every
 * page lists are added once by remediationRole.ts, not repeated here. Where a
 * runbook's verification step reads what it changed (an assert step) and the
 * page lists no read action, the read action is added and commented.
 */
import type { Runbook } from "./facts";

const RUNBOOK_DOCS = "https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide";

const ALL = ["*"];
const RDS_INSTANCES = ["arn:{partition}:rds:*:{accountId}:db:*"];
const DYNAMODB_TABLES = ["arn:{partition}:dynamodb:*:{accountId}:table/*"];

export const runbooks = {
  "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock": {
    document: "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
    description: "Turns on the S3 Block Public Access settings of one bucket.",
    parameters: {
      BucketName: { type: "String", required: true, description: "Bucket to configure." },
      BlockPublicAcls: { type: "Boolean", required: false, description: "Default true." },
      IgnorePublicAcls: { type: "Boolean", required: false, description: "Default true." },
      BlockPublicPolicy: { type: "Boolean", required: false, description: "Default true." },
      RestrictPublicBuckets: { type: "Boolean", required: false, description: "Default true." },
    },
    permissions: [
      // Bucket-level actions accept bucket ARNs; every bucket of the account may be non-compliant.
      { actions: ["s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"], resources: ["arn:{partition}:s3:::*"] },
    ],
    outageRisk: "Blocks public access; buckets meant to be public are excluded by the rule's `excludedPublicBuckets`, so what remains public is unintended.",
    unattendedSafe: true,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-block-public-s3-bucket.html`,
  },
  "AWSConfigRemediation-ConfigureS3PublicAccessBlock": {
    document: "AWSConfigRemediation-ConfigureS3PublicAccessBlock",
    description: "Turns on the account-level S3 Block Public Access settings.",
    parameters: {
      AccountId: { type: "String", required: true, description: "Account whose settings are configured." },
      BlockPublicAcls: { type: "Boolean", required: false, description: "Default true." },
      IgnorePublicAcls: { type: "Boolean", required: false, description: "Default true." },
      BlockPublicPolicy: { type: "Boolean", required: false, description: "Default true." },
      RestrictPublicBuckets: { type: "Boolean", required: false, description: "Default true." },
    },
    permissions: [
      // Account-level S3 control actions support no resource-level permissions.
      { actions: ["s3:GetAccountPublicAccessBlock", "s3:PutAccountPublicAccessBlock"], resources: ALL },
    ],
    outageRisk: "Blocks public access account-wide; the same reasoning as the bucket-level runbook.",
    unattendedSafe: true,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-block-public-s3.html`,
  },
  "AWSConfigRemediation-DisablePublicAccessToRDSInstance": {
    document: "AWSConfigRemediation-DisablePublicAccessToRDSInstance",
    description: "Sets `PubliclyAccessible` to false on a DB instance.",
    parameters: {
      DbiResourceId: { type: "String", required: true, description: "Resource id (`db-…`) of the instance." },
    },
    permissions: [
      // Describe is called with a resource-id filter, which needs "*".
      { actions: ["rds:DescribeDBInstances"], resources: ALL },
      { actions: ["rds:ModifyDBInstance"], resources: RDS_INSTANCES },
    ],
    outageRisk: "Clients that reach the database from outside its VPC lose their connection.",
    unattendedSafe: false,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-disable-rds-instance-public-access.html`,
  },
  "AWSConfigRemediation-EnableMultiAZOnRDSInstance": {
    document: "AWSConfigRemediation-EnableMultiAZOnRDSInstance",
    description: "Converts a DB instance to Multi-AZ.",
    parameters: {
      DbiResourceId: { type: "String", required: true, description: "Resource id (`db-…`) of the instance." },
      ApplyImmediately: { type: "Boolean", required: false, description: "Default false: waits for the maintenance window." },
    },
    permissions: [
      { actions: ["rds:DescribeDBInstances"], resources: ALL },
      { actions: ["rds:ModifyDBInstance"], resources: RDS_INSTANCES },
    ],
    outageRisk: "The conversion adds a standby and can degrade performance while it syncs; it doubles the instance cost.",
    unattendedSafe: false,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-multi-az-rds.html`,
  },
  "AWSConfigRemediation-EnableRDSInstanceDeletionProtection": {
    document: "AWSConfigRemediation-EnableRDSInstanceDeletionProtection",
    description: "Turns on deletion protection of a DB instance.",
    parameters: {
      DbInstanceResourceId: { type: "String", required: true, description: "Resource id (`db-…`) of the instance." },
      ApplyImmediately: { type: "Boolean", required: false, description: "Default false." },
    },
    permissions: [
      { actions: ["rds:DescribeDBInstances"], resources: ALL },
      { actions: ["rds:ModifyDBInstance"], resources: RDS_INSTANCES },
    ],
    outageRisk: "None for running workloads: only a later DeleteDBInstance is refused.",
    unattendedSafe: true,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-enable-rds-instance-deletion-protection.html`,
  },
  "AWSConfigRemediation-EnableRDSClusterDeletionProtection": {
    document: "AWSConfigRemediation-EnableRDSClusterDeletionProtection",
    description: "Turns on deletion protection of a DB cluster.",
    parameters: {
      ClusterId: { type: "String", required: true, description: "Resource id (`cluster-…`) of the cluster." },
    },
    permissions: [
      // The runbook maps the resource id to the cluster name through Config's history.
      { actions: ["config:GetResourceConfigHistory", "rds:DescribeDBClusters"], resources: ALL },
      { actions: ["rds:ModifyDBCluster"], resources: ["arn:{partition}:rds:*:{accountId}:cluster:*"] },
    ],
    outageRisk: "None for running workloads: only a later DeleteDBCluster is refused.",
    unattendedSafe: true,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-enable-rds-cluster-deletion-protection.html`,
  },
  "AWSConfigRemediation-EncryptSNSTopic": {
    document: "AWSConfigRemediation-EncryptSNSTopic",
    description: "Sets `KmsMasterKeyId` on a topic.",
    parameters: {
      TopicArn: { type: "String", required: true, description: "Topic to encrypt (Config's resource id of a topic is its ARN)." },
      KmsKeyArn: { type: "String", required: true, description: "KMS key that encrypts the topic." },
    },
    permissions: [{ actions: ["sns:GetTopicAttributes", "sns:SetTopicAttributes"], resources: ["arn:{partition}:sns:*:{accountId}:*"] }],
    outageRisk:
      "With `alias/aws/sns` only same-account IAM publishers keep publishing: AWS services (CloudWatch alarms, EventBridge, S3 events) and other accounts need a customer managed key whose policy admits them, and the AWS managed key's policy cannot be changed.",
    // Safe unattended only with a customer managed key that admits the topic's publishers.
    unattendedSafe: true,
    automaticNeedsCustomerManagedKey: "KmsKeyArn",
    docUrl: `${RUNBOOK_DOCS}/automation-aws-encrypt-sns-topic.html`,
  },
  "AWSConfigRemediation-ConfigureLambdaFunctionXRayTracing": {
    document: "AWSConfigRemediation-ConfigureLambdaFunctionXRayTracing",
    description: "Sets X-Ray tracing to Active on a function.",
    parameters: {
      FunctionName: { type: "String", required: true, description: "Function name or ARN." },
    },
    permissions: [
      {
        // GetFunctionConfiguration: the runbook's assert step reads the tracing mode back.
        actions: ["lambda:UpdateFunctionConfiguration", "lambda:GetFunctionConfiguration"],
        resources: ["arn:{partition}:lambda:*:{accountId}:function:*"],
      },
    ],
    outageRisk: "Invocations continue during the configuration update; a function role without X-Ray permissions makes the update fail, not the function.",
    unattendedSafe: true,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-config-lambda-xray.html`,
  },
  "AWSConfigRemediation-EnableEncryptionOnDynamoDbTable": {
    document: "AWSConfigRemediation-EnableEncryptionOnDynamoDbTable",
    description: "Encrypts a table with a customer managed KMS key.",
    parameters: {
      TableName: { type: "String", required: true, description: "Table to encrypt." },
      KMSKeyId: { type: "String", required: true, description: "ARN of the customer managed key." },
    },
    permissions: [{ actions: ["dynamodb:DescribeTable", "dynamodb:UpdateTable"], resources: DYNAMODB_TABLES }],
    outageRisk: "Readers and writers lose access when the chosen key's policy does not allow them.",
    unattendedSafe: false,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-enable-ddb-encrypt.html`,
  },
  "AWSConfigRemediation-EnablePITRForDynamoDbTable": {
    document: "AWSConfigRemediation-EnablePITRForDynamoDbTable",
    description: "Turns on point-in-time recovery of a table.",
    parameters: {
      TableName: { type: "String", required: true, description: "Table to protect." },
    },
    permissions: [{ actions: ["dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups"], resources: DYNAMODB_TABLES }],
    outageRisk: "None: backups run in the background (they cost storage).",
    unattendedSafe: true,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-enable-pitr-ddb.html`,
  },
  "AWS-DisableIncomingSSHOnPort22": {
    document: "AWS-DisableIncomingSSHOnPort22",
    description: "Removes rules that allow SSH (TCP 22) from anywhere.",
    parameters: {
      SecurityGroupIds: { type: "String", required: true, description: "Comma-separated security group ids." },
    },
    permissions: [
      { actions: ["ec2:DescribeSecurityGroups"], resources: ALL },
      { actions: ["ec2:RevokeSecurityGroupIngress"], resources: ["arn:{partition}:ec2:*:{accountId}:security-group/*"] },
    ],
    outageRisk: "People and tools that reach instances over SSH from the internet are cut off.",
    unattendedSafe: false,
    docUrl: `${RUNBOOK_DOCS}/disable-incoming-ssh.html`,
  },
  "AWSConfigRemediation-CreateGuardDutyDetector": {
    document: "AWSConfigRemediation-CreateGuardDutyDetector",
    description: "Creates a GuardDuty detector in the account and region.",
    parameters: {},
    permissions: [{ actions: ["guardduty:CreateDetector", "guardduty:GetDetector"], resources: ALL }],
    outageRisk: "None for workloads; a local detector can conflict with GuardDuty managed by a delegated administrator, and it costs.",
    unattendedSafe: false,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-enable-guard-detect.html`,
  },
  "AWS-StopEC2Instance": {
    document: "AWS-StopEC2Instance",
    description: "Stops an EC2 instance.",
    parameters: {
      InstanceId: { type: "StringList", required: true, description: "Instance to stop." },
    },
    permissions: [
      { actions: ["ec2:DescribeInstanceStatus", "ec2:DescribeInstances"], resources: ALL },
      { actions: ["ec2:StopInstances"], resources: ["arn:{partition}:ec2:*:{accountId}:instance/*"] },
    ],
    outageRisk: "Stops the workload running on the instance.",
    unattendedSafe: false,
    docUrl: `${RUNBOOK_DOCS}/automation-aws-stopec2instance.html`,
  },
} as const satisfies Readonly<Record<string, Runbook>>;

export type RunbookName = keyof typeof runbooks;

/** The runbook with that document name, typed as the general shape. */
export function runbookNamed(document: string): Runbook | undefined {
  return (runbooks as Readonly<Record<string, Runbook>>)[document];
}
