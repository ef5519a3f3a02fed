/**
 * A hand-built stack in the shape the program registers (DESIGN.md's shape
 * contract, and lib/mockRun.ts's view of it: URNs, `urn::id` provider
 * references, parents, dependencies, state = inputs + computed outputs).
 * Independent of the program on purpose: the policy unit tests must not move
 * when the program does. Every policy passes on it; tests mutate it.
 */
import type { DeploymentDescription } from "../../policies/config";
import type { PlannedResource } from "../../policies/evaluate";
import { CONFIG_RECORDER, SERVICE_LINKED_ROLE } from "../../policies/tokens";

export const STACK = "test";
export const PROJECT = "aws-config-org";
export const ORG_ID = "o-abcd123456";
export const MANAGEMENT = "123456789012";
export const SECURITY = "222222222222";
export const LOG_ARCHIVE = "333333333333";
/** Records lean (exclusion strategy, daily with a continuous override). */
export const MEMBER_LEAN = "444444444444";
/** Governs only us-east-1 and eu-west-1. */
export const MEMBER_SUBSET = "555555555555";
export const EXCLUDED = "666666666666";

export const HOME = "us-east-1";
/** eu-central-2 opened after Feb 2022: AWS records no global IAM types there. */
export const REGIONS = [
  { name: "us-east-1", supportsGlobalIamTypes: true },
  { name: "eu-west-1", supportsGlobalIamTypes: true },
  { name: "eu-central-2", supportsGlobalIamTypes: false },
];
const ALL_REGIONS = REGIONS.map((r) => r.name);
export const BUCKET = `aws-config-org-${LOG_ARCHIVE}-${HOME}`;
export const PACKS = ["data-protection-baseline", "network-and-identity"];
export const SCP_TARGETS = ["r-ab12", "ou-ab12-cdef3456"];

export const ACCOUNTS = [
  { id: MANAGEMENT, name: "management", regions: ALL_REGIONS, globalTypesRegion: HOME },
  { id: SECURITY, name: "security", regions: ALL_REGIONS, globalTypesRegion: HOME },
  { id: LOG_ARCHIVE, name: "log-archive", regions: ALL_REGIONS, globalTypesRegion: HOME },
  { id: MEMBER_LEAN, name: "sandbox", regions: ALL_REGIONS, globalTypesRegion: HOME },
  { id: MEMBER_SUBSET, name: "legacy-edge", regions: ["us-east-1", "eu-west-1"], globalTypesRegion: HOME },
];

export function description(overrides: Partial<DeploymentDescription> = {}): DeploymentDescription {
  return {
    organizationId: ORG_ID,
    homeRegion: HOME,
    governedRegions: REGIONS,
    managementAccountId: MANAGEMENT,
    securityAccountId: SECURITY,
    logArchiveAccountId: LOG_ARCHIVE,
    deployerAccountId: MANAGEMENT,
    accounts: ACCOUNTS,
    excludedAccountIds: [EXCLUDED],
    deliveryBucketName: BUCKET,
    conformancePacks: PACKS,
    tamperProtectionTargets: SCP_TARGETS,
    shard: { name: "all", ownsCentral: true },
    ...overrides,
  };
}

const urnPrefix = `urn:pulumi:${STACK}::${PROJECT}::`;

/** `urn:pulumi:<stack>::<project>::<parent types$>type::name`. */
export function urnOf(type: string, name: string, parentTypes: readonly string[] = []): string {
  return `${urnPrefix}${[...parentTypes, type].join("$")}::${name}`;
}

interface Options {
  readonly parent?: PlannedResource;
  readonly provider?: PlannedResource;
  readonly dependsOn?: readonly PlannedResource[];
  readonly state?: Record<string, unknown>;
  readonly custom?: boolean;
}

/** The parent chain's types, from the parent's URN. */
function parentTypes(parent: PlannedResource | undefined): string[] {
  if (!parent) return [];
  const qualified = parent.urn.slice(urnPrefix.length, parent.urn.lastIndexOf("::"));
  return qualified.split("$");
}

export function resource(type: string, name: string, inputs: Record<string, unknown>, opts: Options = {}): PlannedResource {
  const urn = urnOf(type, name, parentTypes(opts.parent));
  return {
    urn,
    type,
    name,
    inputs,
    state: { ...inputs, ...(opts.state ?? {}) },
    ...(opts.provider ? { provider: `${opts.provider.urn}::${opts.provider.name}-id` } : {}),
    ...(opts.parent ? { parent: opts.parent.urn } : {}),
    dependsOn: (opts.dependsOn ?? []).map((d) => d.urn),
  };
}

export function component(type: string, name: string, parent?: PlannedResource): PlannedResource {
  return resource(type, name, {}, { ...(parent ? { parent } : {}) });
}

/** An explicit aws provider as the program registers it: nested values JSON-encoded. */
export function awsProvider(accountId: string, assumeRole: boolean): PlannedResource {
  return resource("pulumi:providers:aws", `aws-${accountId}`, {
    allowedAccountIds: JSON.stringify([accountId]),
    ...(assumeRole
      ? {
          assumeRoles: JSON.stringify([{ roleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`, sessionName: "aws-config-org-central" }]),
        }
      : {}),
    region: HOME,
    skipRegionValidation: "true",
  });
}

const SLR = (account: string) => `arn:aws:iam::${account}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;

const LEAN_EXCLUSIONS = ["AWS::EC2::NetworkInterface", "AWS::EC2::Volume"];
const GLOBAL_IAM = ["AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User"];
/** Recorded once per account: the IAM types, and the global type AWS records in every region unless excluded. */
const ONE_REGION = [...GLOBAL_IAM, "AWS::RDS::GlobalCluster"];
const CONTINUOUS_ONLY = ["AWS::Config::ResourceCompliance", "AWS::Config::ConformancePackCompliance", "AWS::Config::ConfigurationRecorder"];

/**
 * ConfigRecorder inputs for one place: complete or lean, global types only in the home region
 * (elsewhere a complete profile is all types but the global ones, as components/recorderSettings.ts
 * renders it).
 */
export function recorderInputs(accountId: string, region: string, lean: boolean): Record<string, unknown> {
  const global = region === HOME;
  const exclusion = (types: string[]) => ({
    allSupported: false,
    includeGlobalResourceTypes: false,
    exclusionByResourceTypes: { resourceTypes: types },
    recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
  });
  const recordingGroup = lean
    ? exclusion(global ? LEAN_EXCLUSIONS : [...LEAN_EXCLUSIONS, ...ONE_REGION])
    : global
      ? { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" } }
      : exclusion(ONE_REGION);
  const recordingMode = lean
    ? {
        recordingFrequency: "DAILY",
        recordingModeOverrides: [
          { description: "Compliance types stay continuous", recordingFrequency: "CONTINUOUS", resourceTypes: [...CONTINUOUS_ONLY, "AWS::EC2::SecurityGroup"] },
        ],
      }
    : { recordingFrequency: "CONTINUOUS", recordingModeOverrides: [] };
  return {
    accountId,
    region,
    ...(accountId === MANAGEMENT ? {} : { roleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole` }),
    recorder: { name: "default", roleARN: SLR(accountId), recordingGroup, recordingMode },
    deliveryChannel: {
      name: "default",
      s3BucketName: BUCKET,
      snsTopicARN: `arn:aws:sns:${region}:${SECURITY}:aws-config-org-notifications`,
      configSnapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
    },
    recording: true,
    __provider: "exports.handler = __f0; /* serialized multi-account provider */",
  };
}

const TEMPLATE = "Resources:\n  S3BucketVersioningEnabled:\n    Type: AWS::Config::ConfigRule\n";

export function bucketPolicyDocument(bucket: string, org: string): string {
  const arn = `arn:aws:s3:::${bucket}`;
  const config = { Service: "config.amazonaws.com" };
  const sourceOrg = { "aws:SourceOrgID": org };
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSConfigBucketPermissionsCheck",
        Effect: "Allow",
        Principal: config,
        Action: "s3:GetBucketAcl",
        Resource: arn,
        Condition: { StringEquals: sourceOrg },
      },
      {
        Sid: "AWSConfigBucketExistenceCheck",
        Effect: "Allow",
        Principal: config,
        Action: "s3:ListBucket",
        Resource: arn,
        Condition: { StringEquals: sourceOrg },
      },
      {
        Sid: "AWSConfigBucketDelivery",
        Effect: "Allow",
        Principal: config,
        Action: "s3:PutObject",
        Resource: `${arn}/AWSLogs/*/Config/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...sourceOrg } },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });
}

export function scpContent(): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyConfigChangesOutsideDeploymentRole",
        Effect: "Deny",
        Action: ["config:DeleteConfigurationRecorder", "config:PutConfigurationRecorder", "config:StopConfigurationRecorder"],
        Resource: "*",
        Condition: { ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"] } },
      },
      {
        Sid: "DenyExemptRoleChangesOutsideThoseRoles",
        Effect: "Deny",
        Action: [
          "iam:AttachRolePolicy",
          "iam:CreateRole",
          "iam:DeleteRole",
          "iam:DeleteRolePolicy",
          "iam:DetachRolePolicy",
          "iam:PutRolePolicy",
          "iam:UpdateAssumeRolePolicy",
          "iam:UpdateRole",
        ],
        Resource: ["arn:aws:iam::*:role/OrganizationAccountAccessRole"],
        Condition: { ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/OrganizationAccountAccessRole"] } },
      },
    ],
  });
}

/** The whole stack: providers, per-place recorders, the central bucket, aggregator, packs and SCP. */
export function fixtureStack(): PlannedResource[] {
  const resources: PlannedResource[] = [];
  const add = (r: PlannedResource) => {
    resources.push(r);
    return r;
  };
  const management = add(awsProvider(MANAGEMENT, false));
  const security = add(awsProvider(SECURITY, true));
  const logArchive = add(awsProvider(LOG_ARCHIVE, true));

  for (const account of ACCOUNTS) {
    const accountComponent = add(component("aws-config-org:account:Account", account.id));
    add(resource(SERVICE_LINKED_ROLE, `slr-${account.id}`, { accountId: account.id }, { parent: accountComponent }));
    for (const region of account.regions) {
      const place = add(component("aws-config-org:account:AccountRegion", `${account.id}-${region}`, accountComponent));
      add(resource(CONFIG_RECORDER, `recorder-${account.id}-${region}`, recorderInputs(account.id, region, account.id === MEMBER_LEAN), { parent: place }));
    }
  }

  const central = add(component("aws-config-org:central:Central", "central"));
  const secure = add(component("aws-config-org:central:SecureBucket", "delivery", central));
  const bucket = add(
    resource(
      "aws:s3/bucket:Bucket",
      "delivery",
      { bucket: BUCKET, region: HOME },
      {
        parent: secure,
        provider: logArchive,
        state: { arn: `arn:aws:s3:::${BUCKET}` },
      },
    ),
  );
  // Companions reference the bucket by its id (a mock's id is not the name): the dependency links them.
  const bucketRef = { bucket: "delivery-id", region: HOME };
  const onBucket = { parent: secure, provider: logArchive, dependsOn: [bucket] };
  add(resource("aws:s3/bucketVersioning:BucketVersioning", "delivery-versioning", { ...bucketRef, versioningConfiguration: { status: "Enabled" } }, onBucket));
  add(
    resource(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "delivery-encryption",
      { ...bucketRef, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }] },
      onBucket,
    ),
  );
  const block = add(
    resource(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "delivery-public-access-block",
      { ...bucketRef, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      onBucket,
    ),
  );
  add(
    resource(
      "aws:s3/bucketPolicy:BucketPolicy",
      "delivery-policy",
      { ...bucketRef, policy: bucketPolicyDocument(BUCKET, ORG_ID) },
      {
        ...onBucket,
        dependsOn: [bucket, block],
      },
    ),
  );

  const notifications = add(component("aws-config-org:notifications:ComplianceTopics", "notifications", central));
  for (const region of ALL_REGIONS) {
    // The topic every delivery channel of the region names (recorderInputs): unencrypted, as Config needs.
    add(
      resource(
        "aws:sns/topic:Topic",
        `notifications-topic-${region}`,
        { name: "aws-config-org-notifications", region },
        { parent: notifications, provider: security },
      ),
    );
    // The topic people subscribe to: encrypted, no channel names it.
    add(
      resource(
        "aws:sns/topic:Topic",
        `notifications-formatted-topic-${region}`,
        { name: "aws-config-org-notifications-formatted", region, kmsMasterKeyId: `arn:aws:kms:${region}:${SECURITY}:key/formatted` },
        { parent: notifications, provider: security },
      ),
    );
  }

  const layer = add(component("aws-config-org:central:OrganizationLayer", "organization", central));
  add(
    resource(
      "aws:cfg/configurationAggregator:ConfigurationAggregator",
      "aggregator",
      {
        name: "aws-config-org",
        organizationAggregationSource: { allRegions: false, regions: ALL_REGIONS, roleArn: `arn:aws:iam::${SECURITY}:role/aws-config-org-aggregator` },
        region: HOME,
      },
      { parent: layer, provider: security },
    ),
  );
  for (const region of ALL_REGIONS) {
    for (const pack of PACKS) {
      add(
        resource(
          "aws:cfg/organizationConformancePack:OrganizationConformancePack",
          `pack-${pack}-${region}`,
          {
            name: pack,
            region,
            deliveryS3Bucket: `awsconfigconforms-${SECURITY}-${region}`,
            // legacy-edge has no recorder in eu-central-2: excluded there.
            excludedAccounts: region === "eu-central-2" ? [EXCLUDED, MEMBER_SUBSET] : [EXCLUDED],
            templateBody: TEMPLATE,
          },
          { parent: layer, provider: security },
        ),
      );
    }
  }

  const tamper = add(component("aws-config-org:central:TamperProtection", "tamper", central));
  const scp = add(
    resource(
      "aws:organizations/policy:Policy",
      "tamper-scp",
      { name: "aws-config-org-test-config-tamper-protection", type: "SERVICE_CONTROL_POLICY", content: scpContent() },
      { parent: tamper, provider: management, state: { arn: `arn:aws:organizations::${MANAGEMENT}:policy/${ORG_ID}/service_control_policy/p-tamper01` } },
    ),
  );
  for (const target of SCP_TARGETS) {
    add(
      resource(
        "aws:organizations/policyAttachment:PolicyAttachment",
        `tamper-${target}`,
        { policyId: "tamper-scp-id", targetId: target },
        {
          parent: tamper,
          provider: management,
          dependsOn: [scp],
        },
      ),
    );
  }
  return resources;
}
