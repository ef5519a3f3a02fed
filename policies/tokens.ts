/**
 * Type tokens the policies look for. Strings rather than @pulumi/aws classes:
 * the pack then loads without the 200 MB provider SDK, and the offline plan
 * (`npm run plan`) can evaluate it from the project root. A test checks every
 * token against `__pulumiType` of the @pulumi/aws (7.x) and @pulumi/aws-native
 * classes the program uses, so a renamed token fails the build, not silently
 * skips a policy (v7 renamed `aws:s3/bucketV2:BucketV2` to `aws:s3/bucket:Bucket`).
 */

/**
 * The multi-account dynamic provider's resources. The program's Resource classes take
 * `DYNAMIC_MODULE` and the kind from here, and the Pulumi SDK builds the token from them
 * (`pulumi-nodejs:dynamic/<module>:<kind>`), so this module owns every token the shape
 * contract names; tests/policies/tokens.test.ts checks the registered types against it.
 */
export const DYNAMIC_MODULE = "multiaccount";
export const DYNAMIC_RESOURCE_KINDS = ["ConfigRecorder", "ServiceLinkedRole", "TrustedServiceAccess", "AccountRole", "AccountConformancePack"] as const;
export type DynamicResourceKind = (typeof DYNAMIC_RESOURCE_KINDS)[number];
const dynamicToken = (kind: DynamicResourceKind) => `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:${kind}`;

/** Recorder + delivery channel + recording status: one per account × region. */
export const CONFIG_RECORDER = dynamicToken("ConfigRecorder");
/** `AWSServiceRoleForConfig`, ensured once per account. */
export const SERVICE_LINKED_ROLE = dynamicToken("ServiceLinkedRole");
/** Trusted access for the Config principals, in the management account. */
export const TRUSTED_SERVICE_ACCESS = dynamicToken("TrustedServiceAccess");
/** An IAM role in a member account (remediation automation, custom-rule reader). */
export const ACCOUNT_ROLE = dynamicToken("AccountRole");
/** A conformance pack in one member account × region (the remediated rules with that account's role). */
export const ACCOUNT_CONFORMANCE_PACK = dynamicToken("AccountConformancePack");

export const S3_BUCKET = "aws:s3/bucket:Bucket";
/** v7 keeps the deprecated `…V2` tokens as aliases; both configure the same thing. */
export const S3_BUCKET_VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
export const S3_BUCKET_ENCRYPTION = [
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
];
export const S3_BUCKET_PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
export const S3_BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

export const CONFIG_AGGREGATOR = "aws:cfg/configurationAggregator:ConfigurationAggregator";
export const NATIVE_CONFIG_AGGREGATOR = "aws-native:configuration:ConfigurationAggregator";
export const ORGANIZATION_CONFORMANCE_PACK = "aws:cfg/organizationConformancePack:OrganizationConformancePack";
export const NATIVE_ORGANIZATION_CONFORMANCE_PACK = "aws-native:configuration:OrganizationConformancePack";
export const ORGANIZATION_CUSTOM_RULE = "aws:cfg/organizationCustomRule:OrganizationCustomRule";

export const SNS_TOPIC = "aws:sns/topic:Topic";
export const NATIVE_SNS_TOPIC = "aws-native:sns:Topic";
export const CLOUDTRAIL_TRAIL = "aws:cloudtrail/trail:Trail";
export const CLOUDWATCH_LOG_METRIC_FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
export const CLOUDWATCH_METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
/** New accounts governed within minutes (policies/newAccountDeployments.ts). */
export const EVENTBRIDGE_CONNECTION = "aws:cloudwatch/eventConnection:EventConnection";
export const EVENTBRIDGE_API_DESTINATION = "aws:cloudwatch/eventApiDestination:EventApiDestination";
export const EVENTBRIDGE_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
export const GUARDDUTY_DETECTOR = "aws:guardduty/detector:Detector";
export const GUARDDUTY_ORGANIZATION_ADMIN_ACCOUNT = "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount";
export const GUARDDUTY_ORGANIZATION_CONFIGURATION = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";

export const ORGANIZATIONS_POLICY = "aws:organizations/policy:Policy";
export const ORGANIZATIONS_POLICY_ATTACHMENT = "aws:organizations/policyAttachment:PolicyAttachment";
export const ORGANIZATIONS_DELEGATED_ADMINISTRATOR = "aws:organizations/delegatedAdministrator:DelegatedAdministrator";

/** Every StackSet-shaped resource of both AWS providers. */
export const STACKSET_TYPES = [
  "aws:cloudformation/stackSet:StackSet",
  "aws:cloudformation/stackSetInstance:StackSetInstance",
  "aws:cloudformation/stackInstances:StackInstances",
  "aws-native:cloudformation:StackSet",
  "aws-native:servicecatalog:StackSetConstraint",
];

export const AWS_PROVIDER = "pulumi:providers:aws";
export const AWS_NATIVE_PROVIDER = "pulumi:providers:aws-native";
