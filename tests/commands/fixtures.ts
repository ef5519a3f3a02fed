/**
 * Hand-built Deployments for the operator command tests: realistic ids and names, the
 * built-in profiles, two governed regions. Each test derives what it needs with `withAccounts`.
 */
import type { Account, Deployment, GovernedRegion } from "../../config/domain";
import { BUILTIN_PROFILES } from "../../config/profiles";
import { roleArn } from "../../aws/arns";
import { planPacks } from "../../packs/packPlan";

export const MANAGEMENT = "123456789012";
export const SECURITY = "222222222222";
export const WORKLOAD = "333333333333";
export const SANDBOX = "444444444444";

export const EU_WEST_1: GovernedRegion = { name: "eu-west-1", optIn: false, supportsGlobalIamTypes: true };
export const US_EAST_1: GovernedRegion = { name: "us-east-1", optIn: false, supportsGlobalIamTypes: true };

/** Security Hub CSPM's service-linked recorder as `DescribeConfigurationRecorders` shows it: all supported types, no global IAM types, CONTINUOUS. */
export const CSPM_RECORDER = {
  name: "AWSConfigurationRecorderForSecurityHubCSPM",
  roleARN: `arn:aws:iam::${WORKLOAD}:role/aws-service-role/securityhub.amazonaws.com/AWSServiceRoleForSecurityHub`,
  servicePrincipal: "securityhub.amazonaws.com",
  recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
  recordingMode: { recordingFrequency: "CONTINUOUS" },
} as const;

export function account(id: string, name: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    name,
    functions: id === MANAGEMENT ? ["management"] : id === SECURITY ? ["security", "log-archive"] : ["member"],
    access: id === MANAGEMENT ? {} : { roleName: "OrganizationAccountAccessRole", roleArn: roleArn("aws", id, "OrganizationAccountAccessRole") },
    profile: BUILTIN_PROFILES.complete!,
    regions: [EU_WEST_1, US_EAST_1],
    globalTypesRegion: "eu-west-1",
    adopt: {},
    recorderRole: { kind: "service-linked" },
    source: "inventory",
    ...overrides,
  };
}

export function deployment(accounts: readonly Account[], overrides: Partial<Deployment> = {}): Deployment {
  const built: Omit<Deployment, "packPlan"> = {
    project: "aws-config-org",
    stack: "test",
    partition: "aws",
    organizationId: "o-a1b2c3d4e5",
    homeRegion: "eu-west-1",
    regions: [EU_WEST_1, US_EAST_1],
    managementAccountId: MANAGEMENT,
    securityAccountId: SECURITY,
    logArchiveAccountId: SECURITY,
    deploymentAccountId: MANAGEMENT,
    deploymentRoleName: "OrganizationAccountAccessRole",
    accessRules: { partition: "aws", deploymentAccountId: MANAGEMENT, deploymentRoleName: "OrganizationAccountAccessRole", defaults: {}, overrides: {} },
    accounts,
    excluded: [{ id: "999999999999", name: "legacy-billing", reason: "closing in Q3" }],
    profiles: BUILTIN_PROFILES,
    delivery: {
      bucketName: `aws-config-org-${SECURITY}-eu-west-1`,
      encryption: "SSE-S3",
      sourceCondition: "organization",
      snapshotFrequency: "TwentyFour_Hours",
      lifecycle: { transitionDays: 90, transitionStorageClass: "STANDARD_IA", expirationDays: 0, noncurrentExpirationDays: 0 },
    },
    packs: [],
    templatePacks: [],
    roleAlarms: [],
    subscriptions: [],
    shard: { kind: "all" },
    ownsCentral: true,
    tamperProtection: { enabled: false, targets: [] },
    discovered: false,
    ...overrides,
    scope: overrides.scope ?? overrides.accounts ?? accounts,
  };
  return { ...built, packPlan: overrides.packPlan ?? planPacks(built) };
}

/** Management, security, one workload and one sandbox account. */
export function standardDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return deployment(
    [
      account(MANAGEMENT, "management"),
      account(SECURITY, "security"),
      account(WORKLOAD, "payments-prod"),
      account(SANDBOX, "sandbox-alice", { profile: BUILTIN_PROFILES.lean! }),
    ],
    overrides,
  );
}

/** An in-memory `CommandIo` that records what a command printed. */
export function bufferIo(): { io: { stdout: (s: string) => void; stderr: (s: string) => void; stderrIsTty: boolean }; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    io: { stdout: (s) => void (out += s), stderr: (s) => void (err += s), stderrIsTty: false },
    out: () => out,
    err: () => err,
  };
}
