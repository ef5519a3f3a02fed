/**
 * Every central resource type the program declares (through `@pulumi/aws` and `@pulumi/aws-native`
 * in the management, security and log archive accounts), with the IAM requests its create, read,
 * update and delete make, and where that list comes from. tests/deployments/centralPolicies.test.ts
 * evaluates docs/central-policies/*.json against these requests for every resource the program
 * declares, and fails on a type without a row.
 *
 * Sources: the action names and their resource types are AWS's Service Authorization Reference
 * (SAR, `https://docs.aws.amazon.com/service-authorization/latest/reference/list_<service>.html`);
 * which calls each resource makes is the provider's CRUD as its Pulumi registry page
 * (`https://www.pulumi.com/registry/packages/aws/api-docs/<module>/<resource>/`, bridged from the
 * Terraform AWS provider) describes it; for aws-native, the Cloud Control handler permissions of the
 * CloudFormation resource type.
 */
import type { Request } from "../helpers/iamPolicy";
import type { MockedResource } from "../helpers/program";

export interface RequestContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** The bucket name a resource's `bucket` input names (a mocked bucket id resolves to the bucket's name). */
  readonly bucketName: (value: unknown) => string;
}

export interface ResourceActions {
  /** Where the actions come from (see the header). */
  readonly source: string;
  readonly requests: (r: MockedResource, c: RequestContext) => Request[];
}

const SAR = (service: string) => `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${service}.html`;
const REGISTRY = (path: string) => `https://www.pulumi.com/registry/packages/${path}/`;

const input = (r: MockedResource, key: string): string => String((r.inputs as Record<string, unknown>)[key] ?? "");
const on = (resource: string, actions: readonly string[], context?: Request["context"]): Request[] =>
  actions.map((action) => ({ action, resource, ...(context ? { context } : {}) }));
const passRole = (roleArn: string, service: string): Request => ({ action: "iam:PassRole", resource: roleArn, context: { "iam:PassedToService": service } });
const slr = (c: RequestContext, service: string, role: string): Request => ({
  action: "iam:CreateServiceLinkedRole",
  resource: `arn:${c.partition}:iam::${c.accountId}:role/aws-service-role/${service}/${role}`,
  context: { "iam:AWSServiceName": service },
});

const bucketArn = (r: MockedResource, c: RequestContext) => `arn:${c.partition}:s3:::${c.bucketName((r.inputs as Record<string, unknown>).bucket)}`;
const bucketSub = (get: string, put: string, source: string): ResourceActions => ({
  source: `${SAR("amazons3")}; ${REGISTRY(source)}`,
  requests: (r, c) => on(bucketArn(r, c), [put, get]),
});
const topicArn = (r: MockedResource, c: RequestContext, key = "arn") =>
  input(r, key) || `arn:${c.partition}:sns:${c.region}:${c.accountId}:${input(r, "name")}`;
const roleArn = (c: RequestContext, name: string) => `arn:${c.partition}:iam::${c.accountId}:role/${name}`;
const keyArn = (c: RequestContext) => `arn:${c.partition}:kms:${c.region}:${c.accountId}:key/mocked-key-id`;
const logGroupArn = (c: RequestContext, name: string) => `arn:${c.partition}:logs:${c.region}:${c.accountId}:log-group:${name}`;
const functionArn = (c: RequestContext, name: string) => `arn:${c.partition}:lambda:${c.region}:${c.accountId}:function:${name.split(":").pop()}`;
const guardDutyDetectorArn = (c: RequestContext) => `arn:${c.partition}:guardduty:${c.region}:${c.accountId}:detector/mocked-detector-id`;
/**
 * An organization-wide Config resource of the delegated administrator: its writes on its own ARN,
 * its reads and the Organizations reads on `*`, and the multi-account setup service-linked role the
 * API creates when missing (its API page).
 */
function organizationConfigApi(api: string, arnType: string, writes: readonly string[], reads: readonly string[], registryPage: string): ResourceActions {
  return {
    source: `${SAR("awsconfig")}; ${REGISTRY(`aws/api-docs/cfg/${registryPage}`)}; https://docs.aws.amazon.com/config/latest/APIReference/API_${api}.html`,
    requests: (r, c) => [
      ...on(`arn:${c.partition}:config:${c.region}:${c.accountId}:${arnType}/${input(r, "name")}-mocked`, writes),
      ...on("*", [
        ...reads,
        "organizations:DescribeOrganization",
        "organizations:ListDelegatedAdministrators",
        "organizations:ListAWSServiceAccessForOrganization",
        "organizations:ListAccounts",
      ]),
      slr(c, "config-multiaccountsetup.amazonaws.com", "AWSServiceRoleForConfigMultiAccountSetup"),
    ],
  };
}

export const CENTRAL_RESOURCE_ACTIONS: Readonly<Record<string, ResourceActions>> = {
  // ---------------------------------------------------------------- S3
  "aws:s3/bucket:Bucket": {
    source: `${SAR("amazons3")}; ${REGISTRY("aws/api-docs/s3/bucket")}`,
    requests: (r, c) =>
      on(`arn:${c.partition}:s3:::${input(r, "bucket")}`, [
        "s3:CreateBucket",
        "s3:ListBucket",
        "s3:GetBucketAcl",
        "s3:GetBucketCORS",
        "s3:GetBucketWebsite",
        "s3:GetBucketVersioning",
        "s3:GetAccelerateConfiguration",
        "s3:GetBucketRequestPayment",
        "s3:GetBucketLogging",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:GetEncryptionConfiguration",
        "s3:GetBucketObjectLockConfiguration",
        "s3:GetBucketPolicy",
        "s3:GetBucketTagging",
        "s3:PutBucketTagging",
        "s3:DeleteBucket",
      ]),
  },
  "aws:s3/bucketPolicy:BucketPolicy": {
    source: `${SAR("amazons3")}; ${REGISTRY("aws/api-docs/s3/bucketpolicy")}`,
    requests: (r, c) => on(bucketArn(r, c), ["s3:PutBucketPolicy", "s3:GetBucketPolicy", "s3:DeleteBucketPolicy"]),
  },
  "aws:s3/bucketVersioning:BucketVersioning": bucketSub("s3:GetBucketVersioning", "s3:PutBucketVersioning", "aws/api-docs/s3/bucketversioning"),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketSub(
    "s3:GetEncryptionConfiguration",
    "s3:PutEncryptionConfiguration",
    "aws/api-docs/s3/bucketserversideencryptionconfiguration",
  ),
  // DeletePublicAccessBlock, DeleteBucketOwnershipControls and DeleteBucketLifecycle are authorized by the Put actions (SAR).
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketSub(
    "s3:GetBucketPublicAccessBlock",
    "s3:PutBucketPublicAccessBlock",
    "aws/api-docs/s3/bucketpublicaccessblock",
  ),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketSub(
    "s3:GetBucketOwnershipControls",
    "s3:PutBucketOwnershipControls",
    "aws/api-docs/s3/bucketownershipcontrols",
  ),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketSub(
    "s3:GetLifecycleConfiguration",
    "s3:PutLifecycleConfiguration",
    "aws/api-docs/s3/bucketlifecycleconfiguration",
  ),
  "aws:s3/bucketObjectv2:BucketObjectv2": {
    source: `${SAR("amazons3")}; ${REGISTRY("aws/api-docs/s3/bucketobjectv2")}`,
    requests: (r, c) =>
      on(`${bucketArn(r, c)}/${input(r, "key")}`, ["s3:PutObject", "s3:GetObject", "s3:GetObjectTagging", "s3:PutObjectTagging", "s3:DeleteObject"]),
  },
  // ---------------------------------------------------------------- KMS
  "aws:kms/key:Key": {
    source: `${SAR("awskeymanagementservice")}; ${REGISTRY("aws/api-docs/kms/key")}`,
    requests: (_r, c) => [
      { action: "kms:CreateKey", resource: "*" },
      ...on(keyArn(c), [
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:GetKeyRotationStatus",
        "kms:EnableKeyRotation",
        "kms:ListResourceTags",
        "kms:TagResource",
        "kms:UpdateKeyDescription",
        "kms:ScheduleKeyDeletion",
      ]),
    ],
  },
  "aws:kms/alias:Alias": {
    source: `${SAR("awskeymanagementservice")}; ${REGISTRY("aws/api-docs/kms/alias")}`,
    requests: (r, c) => [
      ...on(`arn:${c.partition}:kms:${c.region}:${c.accountId}:${input(r, "name")}`, ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]),
      ...on(keyArn(c), ["kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"]),
      { action: "kms:ListAliases", resource: "*" },
    ],
  },
  // ---------------------------------------------------------------- SNS
  "aws:sns/topic:Topic": {
    source: `${SAR("amazonsns")}; ${REGISTRY("aws/api-docs/sns/topic")}`,
    requests: (r, c) =>
      on(topicArn(r, c), [
        "sns:CreateTopic",
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:ListTagsForResource",
        "sns:TagResource",
        "sns:DeleteTopic",
      ]),
  },
  "aws:sns/topicPolicy:TopicPolicy": {
    source: `${SAR("amazonsns")}; ${REGISTRY("aws/api-docs/sns/topicpolicy")}`,
    requests: (r, c) => on(topicArn(r, c), ["sns:SetTopicAttributes", "sns:GetTopicAttributes"]),
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    source: `${SAR("amazonsns")}; ${REGISTRY("aws/api-docs/sns/topicsubscription")}`,
    requests: (r, c) => on(topicArn(r, c, "topic"), ["sns:Subscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:Unsubscribe"]),
  },
  // ---------------------------------------------------------------- IAM
  "aws:iam/role:Role": {
    source: `${SAR("awsidentityandaccessmanagementiam")}; ${REGISTRY("aws/api-docs/iam/role")}`,
    requests: (r, c) =>
      on(roleArn(c, `${input(r, "path").replace(/^\//, "")}${input(r, "name")}`), [
        "iam:CreateRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:DeleteRole",
      ]),
  },
  "aws:iam/rolePolicy:RolePolicy": {
    source: `${SAR("awsidentityandaccessmanagementiam")}; ${REGISTRY("aws/api-docs/iam/rolepolicy")}`,
    requests: (r, c) => on(roleArn(c, input(r, "role")), ["iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"]),
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
    source: `${SAR("awsidentityandaccessmanagementiam")}; ${REGISTRY("aws/api-docs/iam/rolepolicyattachment")}`,
    requests: (r, c) => [
      ...on(roleArn(c, input(r, "role")), ["iam:AttachRolePolicy", "iam:DetachRolePolicy"], { "iam:PolicyARN": input(r, "policyArn") }),
      ...on(roleArn(c, input(r, "role")), ["iam:ListAttachedRolePolicies"]),
    ],
  },
  // ---------------------------------------------------------------- Lambda
  "aws:lambda/function:Function": {
    source: `${SAR("awslambda")}; ${REGISTRY("aws/api-docs/lambda/function")}`,
    requests: (r, c) => [
      ...on(functionArn(c, input(r, "name")), [
        "lambda:CreateFunction",
        "lambda:GetFunction",
        "lambda:GetFunctionCodeSigningConfig",
        "lambda:ListVersionsByFunction",
        "lambda:UpdateFunctionCode",
        "lambda:UpdateFunctionConfiguration",
        "lambda:TagResource",
        "lambda:ListTags",
        "lambda:DeleteFunction",
      ]),
      passRole(input(r, "role"), "lambda.amazonaws.com"),
    ],
  },
  "aws:lambda/permission:Permission": {
    source: `${SAR("awslambda")}; ${REGISTRY("aws/api-docs/lambda/permission")}`,
    requests: (r, c) => on(functionArn(c, input(r, "function")), ["lambda:AddPermission", "lambda:GetPolicy", "lambda:RemovePermission"]),
  },
  // ---------------------------------------------------------------- CloudWatch Logs, alarms, EventBridge
  "aws:cloudwatch/logGroup:LogGroup": {
    source: `${SAR("amazoncloudwatchlogs")}; ${REGISTRY("aws/api-docs/cloudwatch/loggroup")}`,
    requests: (r, c) =>
      on(logGroupArn(c, input(r, "name")), [
        "logs:CreateLogGroup",
        "logs:DescribeLogGroups",
        "logs:PutRetentionPolicy",
        "logs:DeleteRetentionPolicy",
        "logs:ListTagsForResource",
        "logs:TagResource",
        "logs:DeleteLogGroup",
      ]),
  },
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
    source: `${SAR("amazoncloudwatchlogs")}; ${REGISTRY("aws/api-docs/cloudwatch/logmetricfilter")}`,
    requests: (r, c) => on(logGroupArn(c, input(r, "logGroupName")), ["logs:PutMetricFilter", "logs:DescribeMetricFilters", "logs:DeleteMetricFilter"]),
  },
  "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": {
    source: `${SAR("amazoncloudwatchlogs")}; ${REGISTRY("aws/api-docs/cloudwatch/logsubscriptionfilter")}`,
    requests: (r, c) =>
      on(logGroupArn(c, input(r, "logGroup")), ["logs:PutSubscriptionFilter", "logs:DescribeSubscriptionFilters", "logs:DeleteSubscriptionFilter"]),
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    source: `${SAR("amazoncloudwatch")}; ${REGISTRY("aws/api-docs/cloudwatch/metricalarm")}`,
    requests: (r, c) =>
      on(`arn:${c.partition}:cloudwatch:${c.region}:${c.accountId}:alarm:${input(r, "name")}`, [
        "cloudwatch:PutMetricAlarm",
        "cloudwatch:DescribeAlarms",
        "cloudwatch:ListTagsForResource",
        "cloudwatch:TagResource",
        "cloudwatch:DeleteAlarms",
      ]),
  },
  "aws:cloudwatch/eventRule:EventRule": {
    source: `${SAR("amazoneventbridge")}; ${REGISTRY("aws/api-docs/cloudwatch/eventrule")}`,
    requests: (r, c) =>
      on(`arn:${c.partition}:events:${c.region}:${c.accountId}:rule/${input(r, "name")}`, [
        "events:PutRule",
        "events:DescribeRule",
        "events:ListTagsForResource",
        "events:TagResource",
        "events:DeleteRule",
      ]),
  },
  "aws:cloudwatch/eventTarget:EventTarget": {
    source: `${SAR("amazoneventbridge")}; ${REGISTRY("aws/api-docs/cloudwatch/eventtarget")}`,
    requests: (r, c) => [
      ...on(`arn:${c.partition}:events:${c.region}:${c.accountId}:rule/${input(r, "rule")}`, [
        "events:PutTargets",
        "events:ListTargetsByRule",
        "events:RemoveTargets",
      ]),
      // A target that runs as a role (an API destination's, stack `newAccounts`) passes it to EventBridge.
      ...(input(r, "roleArn") ? [passRole(input(r, "roleArn"), "events.amazonaws.com")] : []),
    ],
  },
  // Stack `newAccounts`: the connection (EventBridge keeps its secret in Secrets Manager, `events!connection/…`, created with the caller's permissions), the API destination, the dead-letter queue.
  "aws:cloudwatch/eventConnection:EventConnection": {
    source: `${SAR("amazoneventbridge")}; ${SAR("awssecretsmanager")}; ${REGISTRY("aws/api-docs/cloudwatch/eventconnection")}; https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEventBridgeApiDestinationsServiceRolePolicy.html`,
    requests: (r, c) => [
      ...on(`arn:${c.partition}:events:${c.region}:${c.accountId}:connection/${input(r, "name")}`, [
        "events:CreateConnection",
        "events:DescribeConnection",
        "events:UpdateConnection",
        "events:DeleteConnection",
      ]),
      ...on(`arn:${c.partition}:secretsmanager:${c.region}:${c.accountId}:secret:events!connection/${input(r, "name")}/x-AbCdEf`, [
        "secretsmanager:CreateSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:PutSecretValue",
        "secretsmanager:UpdateSecret",
        "secretsmanager:DeleteSecret",
      ]),
      slr(c, "apidestinations.events.amazonaws.com", "AWSServiceRoleForAmazonEventBridgeApiDestinations"),
    ],
  },
  "aws:cloudwatch/eventApiDestination:EventApiDestination": {
    source: `${SAR("amazoneventbridge")}; ${REGISTRY("aws/api-docs/cloudwatch/eventapidestination")}`,
    requests: (r, c) =>
      on(`arn:${c.partition}:events:${c.region}:${c.accountId}:api-destination/${input(r, "name")}`, [
        "events:CreateApiDestination",
        "events:DescribeApiDestination",
        "events:UpdateApiDestination",
        "events:DeleteApiDestination",
      ]),
  },
  "aws:sqs/queue:Queue": {
    source: `${SAR("amazonsqs")}; ${REGISTRY("aws/api-docs/sqs/queue")}`,
    requests: (r, c) =>
      on(`arn:${c.partition}:sqs:${c.region}:${c.accountId}:${input(r, "name")}`, [
        "sqs:CreateQueue",
        "sqs:GetQueueAttributes",
        "sqs:SetQueueAttributes",
        "sqs:GetQueueUrl",
        "sqs:ListQueueTags",
        "sqs:TagQueue",
        "sqs:DeleteQueue",
      ]),
  },
  "aws:sqs/queuePolicy:QueuePolicy": {
    source: `${SAR("amazonsqs")}; ${REGISTRY("aws/api-docs/sqs/queuepolicy")}`,
    // The queue's URL ends with its name (`https://sqs.<region>.amazonaws.com/<account>/<name>`).
    requests: (r, c) =>
      on(`arn:${c.partition}:sqs:${c.region}:${c.accountId}:${input(r, "queueUrl").split("/").pop() ?? ""}`, [
        "sqs:SetQueueAttributes",
        "sqs:GetQueueAttributes",
      ]),
  },
  // ---------------------------------------------------------------- CloudTrail
  "aws:cloudtrail/trail:Trail": {
    source: `${SAR("awscloudtrail")}; ${REGISTRY("aws/api-docs/cloudtrail/trail")}; https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-an-organizational-trail-prepare.html`,
    requests: (r, c) => [
      ...on(`arn:${c.partition}:cloudtrail:${c.region}:${c.accountId}:trail/${input(r, "name")}`, [
        "cloudtrail:CreateTrail",
        "cloudtrail:GetTrail",
        "cloudtrail:GetTrailStatus",
        "cloudtrail:GetEventSelectors",
        "cloudtrail:GetInsightSelectors",
        "cloudtrail:PutEventSelectors",
        "cloudtrail:StartLogging",
        "cloudtrail:StopLogging",
        "cloudtrail:UpdateTrail",
        "cloudtrail:AddTags",
        "cloudtrail:ListTags",
        "cloudtrail:DeleteTrail",
      ]),
      { action: "cloudtrail:DescribeTrails", resource: "*" },
      ...(input(r, "cloudWatchLogsRoleArn") ? [passRole(input(r, "cloudWatchLogsRoleArn"), "cloudtrail.amazonaws.com")] : []),
      // An organization trail enables CloudTrail's trusted access with the caller's permissions.
      ...on("*", ["organizations:EnableAWSServiceAccess"], { "organizations:ServicePrincipal": "cloudtrail.amazonaws.com" }),
      ...on("*", ["organizations:ListAWSServiceAccessForOrganization", "organizations:DescribeOrganization", "organizations:ListAccounts"]),
      slr(c, "cloudtrail.amazonaws.com", "AWSServiceRoleForCloudTrail"),
    ],
  },
  // ---------------------------------------------------------------- AWS Config (security account)
  "aws:cfg/configurationAggregator:ConfigurationAggregator": {
    source: `${SAR("awsconfig")}; ${REGISTRY("aws/api-docs/cfg/configurationaggregator")}; https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html`,
    requests: (r, c) => {
      const role = String(((r.inputs as Record<string, unknown>).organizationAggregationSource as { roleArn?: string } | undefined)?.roleArn ?? "");
      return [
        ...on(`arn:${c.partition}:config:${c.region}:${c.accountId}:config-aggregator/config-aggregator-mocked`, [
          "config:PutConfigurationAggregator",
          "config:ListTagsForResource",
          "config:TagResource",
          "config:DeleteConfigurationAggregator",
        ]),
        { action: "config:DescribeConfigurationAggregators", resource: "*" },
        ...(role ? [passRole(role, "config.amazonaws.com")] : []),
        ...on("*", ["organizations:DescribeOrganization", "organizations:ListAWSServiceAccessForOrganization", "organizations:ListDelegatedAdministrators"]),
      ];
    },
  },
  "aws:cfg/organizationConformancePack:OrganizationConformancePack": organizationConfigApi(
    "PutOrganizationConformancePack",
    "organization-conformance-pack",
    ["Put", "Delete"].map((v) => `config:${v}OrganizationConformancePack`),
    ["config:DescribeOrganizationConformancePacks", "config:DescribeOrganizationConformancePackStatuses"],
    "organizationconformancepack",
  ),
  "aws:cfg/organizationCustomRule:OrganizationCustomRule": organizationConfigApi(
    "PutOrganizationConfigRule",
    "organization-config-rule",
    ["Put", "Delete"].map((v) => `config:${v}OrganizationConfigRule`),
    ["config:DescribeOrganizationConfigRules", "config:DescribeOrganizationConfigRuleStatuses"],
    "organizationcustomrule",
  ),
  "aws-native:configuration:StoredQuery": {
    source: `${SAR("awsconfig")}; ${SAR("awscloudcontrolapi")}; ${REGISTRY("aws-native/api-docs/configuration/storedquery")} (handler permissions of AWS::Config::StoredQuery)`,
    requests: (r, c) => [
      ...on(`arn:${c.partition}:config:${c.region}:${c.accountId}:stored-query/${input(r, "queryName")}/mocked`, [
        "config:PutStoredQuery",
        "config:GetStoredQuery",
        "config:ListTagsForResource",
        "config:TagResource",
        "config:UntagResource",
        "config:DeleteStoredQuery",
      ]),
      ...on("*", [
        "config:ListStoredQueries",
        "cloudformation:CreateResource",
        "cloudformation:GetResource",
        "cloudformation:UpdateResource",
        "cloudformation:DeleteResource",
        "cloudformation:GetResourceRequestStatus",
      ]),
    ],
  },
  // ---------------------------------------------------------------- GuardDuty
  "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount": {
    source: `${SAR("amazonguardduty")}; ${REGISTRY("aws/api-docs/guardduty/organizationadminaccount")}; https://docs.aws.amazon.com/guardduty/latest/ug/organizations_permissions.html`,
    requests: (_r, c) => [
      // GuardDuty's organizations_permissions page: the Organizations reads it makes with the caller's permissions.
      ...on("*", [
        "guardduty:EnableOrganizationAdminAccount",
        "guardduty:ListOrganizationAdminAccounts",
        "guardduty:DisableOrganizationAdminAccount",
        "organizations:DescribeOrganization",
        "organizations:DescribeAccount",
        "organizations:DescribeOrganizationalUnit",
        "organizations:ListAccounts",
        "organizations:ListAWSServiceAccessForOrganization",
        "organizations:ListDelegatedAdministrators",
      ]),
      ...on("*", ["organizations:EnableAWSServiceAccess", "organizations:RegisterDelegatedAdministrator"], {
        "organizations:ServicePrincipal": "guardduty.amazonaws.com",
      }),
      slr(c, "guardduty.amazonaws.com", "AWSServiceRoleForAmazonGuardDuty"),
    ],
  },
  "aws:guardduty/detector:Detector": {
    source: `${SAR("amazonguardduty")}; ${REGISTRY("aws/api-docs/guardduty/detector")}`,
    requests: (_r, c) => [
      ...on("*", ["guardduty:CreateDetector", "guardduty:ListDetectors"]),
      ...on(guardDutyDetectorArn(c), [
        "guardduty:GetDetector",
        "guardduty:UpdateDetector",
        "guardduty:ListTagsForResource",
        "guardduty:TagResource",
        "guardduty:DeleteDetector",
      ]),
      slr(c, "guardduty.amazonaws.com", "AWSServiceRoleForAmazonGuardDuty"),
    ],
  },
  "aws:guardduty/detectorFeature:DetectorFeature": {
    source: `${SAR("amazonguardduty")}; ${REGISTRY("aws/api-docs/guardduty/detectorfeature")}`,
    requests: (_r, c) => on(guardDutyDetectorArn(c), ["guardduty:GetDetector", "guardduty:UpdateDetector"]),
  },
  "aws:guardduty/organizationConfiguration:OrganizationConfiguration": {
    source: `${SAR("amazonguardduty")}; ${REGISTRY("aws/api-docs/guardduty/organizationconfiguration")}`,
    requests: (_r, c) => on(guardDutyDetectorArn(c), ["guardduty:UpdateOrganizationConfiguration", "guardduty:DescribeOrganizationConfiguration"]),
  },
  "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature": {
    source: `${SAR("amazonguardduty")}; ${REGISTRY("aws/api-docs/guardduty/organizationconfigurationfeature")}`,
    requests: (_r, c) => on(guardDutyDetectorArn(c), ["guardduty:UpdateOrganizationConfiguration", "guardduty:DescribeOrganizationConfiguration"]),
  },
  // ---------------------------------------------------------------- Organizations (management account)
  "aws:organizations/delegatedAdministrator:DelegatedAdministrator": {
    source: `${SAR("awsorganizations")}; ${REGISTRY("aws/api-docs/organizations/delegatedadministrator")}`,
    requests: (r, c) => [
      ...on(
        `arn:${c.partition}:organizations::${c.accountId}:account/o-mocked/${input(r, "accountId")}`,
        ["organizations:RegisterDelegatedAdministrator", "organizations:DeregisterDelegatedAdministrator"],
        { "organizations:ServicePrincipal": input(r, "servicePrincipal") },
      ),
      ...on("*", ["organizations:ListDelegatedAdministrators", "organizations:ListDelegatedServicesForAccount", "organizations:DescribeOrganization"]),
    ],
  },
  "aws:organizations/policy:Policy": {
    source: `${SAR("awsorganizations")}; ${REGISTRY("aws/api-docs/organizations/policy")}`,
    requests: (_r, c) => [
      ...on("*", ["organizations:CreatePolicy"], { "organizations:PolicyType": "SERVICE_CONTROL_POLICY" }),
      ...on(`arn:${c.partition}:organizations::${c.accountId}:policy/o-mocked/service_control_policy/p-mocked`, [
        "organizations:DescribePolicy",
        "organizations:UpdatePolicy",
        "organizations:ListTagsForResource",
        "organizations:TagResource",
        "organizations:DeletePolicy",
      ]),
    ],
  },
  "aws:organizations/policyAttachment:PolicyAttachment": {
    source: `${SAR("awsorganizations")}; ${REGISTRY("aws/api-docs/organizations/policyattachment")}`,
    requests: (_r, c) => [
      ...on(`arn:${c.partition}:organizations::${c.accountId}:policy/o-mocked/service_control_policy/p-mocked`, [
        "organizations:AttachPolicy",
        "organizations:DetachPolicy",
        "organizations:ListTargetsForPolicy",
      ]),
      ...on(`arn:${c.partition}:organizations::${c.accountId}:ou/o-mocked/ou-mocked`, [
        "organizations:AttachPolicy",
        "organizations:DetachPolicy",
        "organizations:ListPoliciesForTarget",
      ]),
    ],
  },
};

/** Preflight's reads with the central credentials (commands/lib/preflightProbes.ts), per central role. */
export const PREFLIGHT_CENTRAL_REQUESTS: Readonly<Record<"management" | "security" | "log-archive", (c: RequestContext, bucket: string) => Request[]>> = {
  management: () => on("*", ["cloudtrail:DescribeTrails", "guardduty:ListOrganizationAdminAccounts"]),
  security: () => on("*", ["config:DescribeConfigurationAggregators", "guardduty:ListDetectors"]),
  "log-archive": (c, bucket) => [
    ...on(`arn:${c.partition}:s3:::${bucket}`, ["s3:GetBucketPolicy", "s3:GetEncryptionConfiguration"]),
    ...on(keyArn(c), ["kms:DescribeKey", "kms:GetKeyPolicy"]),
  ],
};
