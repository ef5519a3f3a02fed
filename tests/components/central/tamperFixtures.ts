/**
 * A small, complete Deployment for tamper-protection tests: management
 * account 123456789012 (moto's caller account), security, log archive and one
 * member that overrides its role.
 */
import { planPacks } from "../../../packs/packPlan";
import type { Account, Deployment, GovernedRegion, RecordingProfile } from "../../../config/domain";
import { roleArn } from "../../../aws/arns";

const region: GovernedRegion = { name: "eu-west-1", optIn: false, supportsGlobalIamTypes: true };

const profile: RecordingProfile = {
  name: "complete",
  description: "All supported types, continuous",
  strategy: "ALL_SUPPORTED_RESOURCE_TYPES",
  includedResourceTypes: [],
  excludedResourceTypes: [],
  frequency: "CONTINUOUS",
};

function account(id: string, name: string, roleName: string | undefined, functions: Account["functions"]): Account {
  return {
    id,
    name,
    functions,
    access: roleName ? { roleName, roleArn: roleArn("aws", id, roleName) } : {},
    profile,
    regions: [region],
    globalTypesRegion: region.name,
    adopt: {},
    recorderRole: { kind: "service-linked" },
    source: "inventory",
  };
}

export function deploymentFixture(overrides: Partial<Deployment> = {}): Deployment {
  const built: Omit<Deployment, "scope" | "packPlan"> & Partial<Pick<Deployment, "scope" | "packPlan">> = {
    project: "aws-config-org",
    stack: "test",
    partition: "aws",
    organizationId: "o-abcd123456",
    homeRegion: region.name,
    regions: [region],
    managementAccountId: "123456789012",
    securityAccountId: "222222222222",
    logArchiveAccountId: "333333333333",
    deploymentAccountId: "123456789012",
    deploymentRoleName: "AwsConfigOrgDeployment",
    accessRules: { partition: "aws", deploymentAccountId: "123456789012", deploymentRoleName: "AwsConfigOrgDeployment", defaults: {}, overrides: {} },
    accounts: [
      account("123456789012", "management", undefined, ["management"]),
      account("222222222222", "security", "AwsConfigOrgDeployment", ["security"]),
      account("333333333333", "log-archive", "AwsConfigOrgDeployment", ["log-archive"]),
      account("444444444444", "invited", "LegacyConfigDeployer", ["member"]),
    ],
    excluded: [],
    profiles: { complete: profile },
    delivery: {
      bucketName: "aws-config-org-test-delivery",
      encryption: "SSE-S3",
      sourceCondition: "organization",
      snapshotFrequency: "TwentyFour_Hours",
      lifecycle: { transitionDays: 0, transitionStorageClass: "STANDARD_IA", expirationDays: 0, noncurrentExpirationDays: 0 },
    },
    packs: [],
    templatePacks: [],
    roleAlarms: [],
    subscriptions: [],
    shard: { kind: "all" },
    ownsCentral: true,
    tamperProtection: { enabled: true, targets: ["r-ab12", "ou-ab12-cdef3456"] },
    discovered: false,
    ...overrides,
  };
  return { ...built, scope: overrides.scope ?? built.accounts, packPlan: overrides.packPlan ?? planPacks(built) };
}
