/**
 * A small hand-built Deployment for pack, remediation, notification and
 * custom-rule tests: two governed regions, management (moto's caller account,
 * no role), security, log archive and one member with its own external id.
 */
import type { Account, Deployment, GovernedRegion, RecordingProfile } from "../../config/domain";

export const EU_WEST_1: GovernedRegion = { name: "eu-west-1", optIn: false, supportsGlobalIamTypes: true };
export const US_EAST_1: GovernedRegion = { name: "us-east-1", optIn: false, supportsGlobalIamTypes: true };

const profile: RecordingProfile = {
  name: "complete",
  description: "All supported types, continuous",
  strategy: "ALL_SUPPORTED_RESOURCE_TYPES",
  includedResourceTypes: [],
  excludedResourceTypes: [],
  frequency: "CONTINUOUS",
};

function account(id: string, name: string, access: Account["access"], functions: Account["functions"]): Account {
  return {
    id,
    name,
    functions,
    access,
    profile,
    regions: [EU_WEST_1, US_EAST_1],
    globalTypesRegion: EU_WEST_1.name,
    adopt: {},
    recorderRole: { kind: "service-linked" },
    source: "inventory",
  };
}

export function testDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    project: "aws-config-org",
    stack: "test",
    partition: "aws",
    organizationId: "o-abcd123456",
    homeRegion: EU_WEST_1.name,
    regions: [EU_WEST_1, US_EAST_1],
    managementAccountId: "123456789012",
    securityAccountId: "222222222222",
    logArchiveAccountId: "333333333333",
    deploymentAccountId: "123456789012",
    deploymentRoleName: "AwsConfigOrgDeployment",
    accounts: [
      account("123456789012", "management", {}, ["management"]),
      account("222222222222", "security", { roleName: "AwsConfigOrgDeployment" }, ["security"]),
      account("333333333333", "log-archive", { roleName: "AwsConfigOrgDeployment" }, ["log-archive"]),
      account("444444444444", "workload", { roleName: "AwsConfigOrgDeployment", externalId: "ext-444" }, ["member"]),
    ],
    excluded: [{ id: "555555555555", name: "sandbox", reason: "no Config by design" }],
    profiles: { complete: profile },
    delivery: {
      bucketName: "aws-config-org-333333333333-eu-west-1",
      encryption: "SSE-S3",
      snapshotFrequency: "TwentyFour_Hours",
      lifecycle: { transitionDays: 0, transitionStorageClass: "STANDARD_IA", expirationDays: 0, noncurrentExpirationDays: 0 },
    },
    packs: [],
    subscriptions: [],
    shard: { kind: "all" },
    ownsCentral: true,
    tamperProtection: { enabled: false, targets: [] },
    discovered: false,
    ...overrides,
  };
}
