/**
 * What preflight looks at, through the same session layer and service calls as the dynamic
 * provider: the deployment role (AssumeRole), which regions the account has enabled
 * (`ec2:DescribeRegions` with `AllRegions`), the service-linked role (`iam:GetRole`), and
 * each place's recorders, channels and statuses (`readConfigState`), and in the log archive account
 * the delivery bucket's policy and key policy (commands/lib/deliveryProof.ts). Read-only.
 *
 * Every probe of an account or place is collected as a value or an error, never thrown, so
 * one broken account reads as one row among the others.
 */
import pLimit from "p-limit";
import { allPages } from "../../aws/pages";
import { clientFor } from "../../components/multiaccount/awsClients";
import { readConfigState } from "../../components/multiaccount/configService";
import { getRole } from "../../components/multiaccount/iamService";
import { readPlaceRecord, type PlaceRecord } from "../../components/multiaccount/placeRecord";
import type { ExistingConfigState } from "../../components/multiaccount/recorderTypes";
import { credentialsFor, type Target } from "../../components/multiaccount/session";
import { placesOf, type Deployment } from "../../config/domain";
import { AGGREGATOR_NAME } from "../../config/names";
import { accountTarget } from "./aws";
import { describePackExclusions, targetedPackNames, type DeployedExclusions, type PackExclusionsProbe } from "./preflightPackTargets";
import type { Progress } from "./progress";

/** A probe's result: its value, or the error it ended with (message and hint kept). */
export type Observed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProbeError };

export interface ProbeError {
  readonly name: string;
  readonly message: string;
  readonly hint?: string;
}

/** `Name: message`, how a probe's error reads in a verdict. */
export function errorText(e: ProbeError): string {
  return `${e.name}: ${e.message}`;
}

/** The calls preflight makes; tests may replace one (the default set talks to AWS). */
export interface Probes {
  /** Resolves when the target's credentials can be had (assumed role, or the caller's own). */
  readonly assume: (target: Target) => Promise<void>;
  /** Region name -> `OptInStatus` (`opt-in-not-required`, `opted-in`, `not-opted-in`). */
  readonly regions: (target: Target, callRegion: string) => Promise<Readonly<Record<string, string>>>;
  /** Whether an IAM role of that name exists in the target's account. */
  readonly roleExists: (target: Target, roleName: string) => Promise<boolean>;
  readonly configState: (target: Target, region: string) => Promise<ExistingConfigState>;
  /**
   * The place's takeover record (components/multiaccount/placeRecord.ts), undefined when there
   * is none; a probe set without it reads as "no record".
   */
  readonly takeoverRecord?: (target: Target, region: string) => Promise<PlaceRecord | undefined>;
  /** The trails the target's account sees from `region`, shadow trails of other regions included. */
  readonly trails: (target: Target, region: string) => Promise<readonly TrailSeen[]>;
  /** GuardDuty's delegated administrators of the organization in `region` (asked of the management account). */
  readonly guardDutyAdministrators: (target: Target, region: string) => Promise<readonly string[]>;
  /** The GuardDuty detectors of the target's account in `region`. */
  readonly guardDutyDetectors: (target: Target, region: string) => Promise<readonly string[]>;
  /** Whether the configuration aggregator of this name exists (`DescribeConfigurationAggregators`). */
  readonly aggregatorExists: (target: Target, region: string, name: string) => Promise<boolean>;
  /** The delivery bucket's policy and, when SSE-KMS encrypted, its key's policy; a probe set without it skips the delivery proof. */
  readonly deliveryPolicies?: (target: Target, region: string, bucket: string) => Promise<DeliveryPoliciesSeen>;
  /** A deployed organization pack's `ExcludedAccounts` (commands/lib/preflightPackTargets.ts); without it, targeted packs are not compared. */
  readonly packExclusions?: PackExclusionsProbe;
}

/** The delivery bucket as the log archive account shows it (`s3:GetBucketPolicy`, `s3:GetBucketEncryption`, `kms:DescribeKey`, `kms:GetKeyPolicy`). */
export interface DeliveryPoliciesSeen {
  readonly bucketExists: boolean;
  /** The bucket policy's JSON text; absent when the bucket has none. */
  readonly bucketPolicy?: string;
  /** The key of the bucket's default SSE-KMS encryption, when it has one. */
  readonly kmsKeyArn?: string;
  /** That key's policy (`default`) JSON text. */
  readonly keyPolicy?: string;
}

const errorName = (error: unknown): string | undefined => (error as { name?: string } | undefined)?.name;

/** Reads the delivery bucket's policies (read-only): the bucket policy, its default encryption, and an SSE-KMS key's policy. */
async function readDeliveryPolicies(target: Target, region: string, bucket: string): Promise<DeliveryPoliciesSeen> {
  const s3 = await import("@aws-sdk/client-s3");
  const client = await clientFor("s3", s3.S3Client, target, region);
  let bucketPolicy: string | undefined;
  try {
    bucketPolicy = (await client.send(new s3.GetBucketPolicyCommand({ Bucket: bucket }))).Policy;
  } catch (error) {
    if (errorName(error) === "NoSuchBucket") return { bucketExists: false };
    if (errorName(error) !== "NoSuchBucketPolicy") throw error;
  }
  let keyId: string | undefined;
  try {
    const rules = (await client.send(new s3.GetBucketEncryptionCommand({ Bucket: bucket }))).ServerSideEncryptionConfiguration?.Rules ?? [];
    const kms = rules.map((r) => r.ApplyServerSideEncryptionByDefault).find((d) => d?.SSEAlgorithm === "aws:kms" || d?.SSEAlgorithm === "aws:kms:dsse");
    // Without a key id, SSE-KMS uses the AWS managed key `aws/s3`, whose policy no one can change.
    keyId = kms ? (kms.KMSMasterKeyID ?? "alias/aws/s3") : undefined;
  } catch (error) {
    if (errorName(error) !== "ServerSideEncryptionConfigurationNotFoundError") throw error;
  }
  const seen = { bucketExists: true, ...(bucketPolicy ? { bucketPolicy } : {}) };
  if (!keyId) return seen;
  const kmsSdk = await import("@aws-sdk/client-kms");
  const kms = await clientFor("kms", kmsSdk.KMSClient, target, region);
  // GetKeyPolicy takes a key id or ARN, not an alias: DescribeKey resolves either.
  const kmsKeyArn = (await kms.send(new kmsSdk.DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata?.Arn ?? keyId;
  const keyPolicy = (await kms.send(new kmsSdk.GetKeyPolicyCommand({ KeyId: kmsKeyArn, PolicyName: "default" }))).Policy;
  return { ...seen, kmsKeyArn, ...(keyPolicy ? { keyPolicy } : {}) };
}

/** A CloudTrail trail as `DescribeTrails` shows it. */
export interface TrailSeen {
  readonly name: string;
  readonly arn?: string;
  readonly homeRegion?: string;
  readonly organization: boolean;
  readonly multiRegion: boolean;
  readonly bucket?: string;
}

/** The role AWS Config creates for itself (`iam:CreateServiceLinkedRole` for `config.amazonaws.com`). */
export const CONFIG_SERVICE_LINKED_ROLE = "AWSServiceRoleForConfig";

export const awsProbes: Probes = {
  assume: async (target) => {
    await credentialsFor(target);
  },
  regions: async (target, callRegion) => {
    const ec2 = await import("@aws-sdk/client-ec2");
    const client = await clientFor("ec2", ec2.EC2Client, target, callRegion);
    const out = await client.send(new ec2.DescribeRegionsCommand({ AllRegions: true }));
    return Object.fromEntries((out.Regions ?? []).filter((r) => r.RegionName).map((r) => [r.RegionName!, r.OptInStatus ?? "unknown"]));
  },
  roleExists: async (target, roleName) => (await getRole(target, roleName)) !== undefined,
  configState: (target, region) => readConfigState({ target, region }),
  takeoverRecord: (target, region) => readPlaceRecord({ target, region }),
  trails: async (target, region) => {
    const cloudtrail = await import("@aws-sdk/client-cloudtrail");
    const client = await clientFor("cloudtrail", cloudtrail.CloudTrailClient, target, region);
    // Shadow trails included: a multi-region trail made in another region still shows here.
    const out = await client.send(new cloudtrail.DescribeTrailsCommand({ includeShadowTrails: true }));
    return (out.trailList ?? []).map((t) => ({
      name: t.Name ?? "",
      ...(t.TrailARN ? { arn: t.TrailARN } : {}),
      ...(t.HomeRegion ? { homeRegion: t.HomeRegion } : {}),
      organization: t.IsOrganizationTrail === true,
      multiRegion: t.IsMultiRegionTrail === true,
      ...(t.S3BucketName ? { bucket: t.S3BucketName } : {}),
    }));
  },
  guardDutyAdministrators: async (target, region) => {
    const guardduty = await import("@aws-sdk/client-guardduty");
    const client = await clientFor("guardduty", guardduty.GuardDutyClient, target, region);
    const pages = await allPages((NextToken) => client.send(new guardduty.ListOrganizationAdminAccountsCommand({ NextToken })));
    return pages.flatMap((page) =>
      (page.AdminAccounts ?? []).filter((a) => a.AdminStatus !== "DISABLE_IN_PROGRESS" && a.AdminAccountId).map((a) => a.AdminAccountId!),
    );
  },
  guardDutyDetectors: async (target, region) => {
    const guardduty = await import("@aws-sdk/client-guardduty");
    const client = await clientFor("guardduty", guardduty.GuardDutyClient, target, region);
    const pages = await allPages((NextToken) => client.send(new guardduty.ListDetectorsCommand({ NextToken })));
    return pages.flatMap((page) => page.DetectorIds ?? []);
  },
  aggregatorExists: async (target, region, name) => {
    const config = await import("@aws-sdk/client-config-service");
    const client = await clientFor("config", config.ConfigServiceClient, target, region);
    try {
      const out = await client.send(new config.DescribeConfigurationAggregatorsCommand({ ConfigurationAggregatorNames: [name] }));
      return (out.ConfigurationAggregators ?? []).some((a) => a.ConfigurationAggregatorName === name);
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchConfigurationAggregatorException") return false;
      throw error;
    }
  },
  deliveryPolicies: readDeliveryPolicies,
  packExclusions: describePackExclusions,
};

/** What GuardDuty already has in one governed region: who administers it, and the security account's detectors. */
export interface GuardDutyObservation {
  readonly region: string;
  readonly administrators: Observed<readonly string[]>;
  readonly securityDetectors: Observed<readonly string[]>;
}

export interface AccountObservation {
  readonly accountId: string;
  readonly target: Target;
  readonly assume: Observed<void>;
  readonly regions?: Observed<Readonly<Record<string, string>>>;
  readonly serviceLinkedRole?: Observed<boolean>;
  /** Custom recorder role (inventory `recorderRoleArn`) in the same account: whether it exists. */
  readonly recorderRole?: { readonly roleArn: string; readonly exists: Observed<boolean> };
}

export interface PlaceObservation {
  readonly accountId: string;
  readonly region: string;
  /** Absent when the account could not be reached or the region is not enabled. */
  readonly state?: Observed<ExistingConfigState>;
  /** The takeover record a stopped run left (or the stack keeps); absent when not reachable. */
  readonly record?: Observed<PlaceRecord | undefined>;
}

export interface Observations {
  readonly accounts: readonly AccountObservation[];
  readonly places: readonly PlaceObservation[];
  /** The management account's trails (home region); absent when it could not be reached. */
  readonly managementTrails?: Observed<readonly TrailSeen[]>;
  /** Per governed region, with `guardDuty` on: GuardDuty as it is before `pulumi up`. */
  readonly guardDuty?: readonly GuardDutyObservation[];
  /** Whether the organization aggregator exists in the security account's home region (a stack that owns the central resources). */
  readonly aggregator?: Observed<boolean>;
  /** The delivery bucket's policies, read in the log archive account's home region; absent when the probe set has no `deliveryPolicies`. */
  readonly delivery?: Observed<DeliveryPoliciesSeen>;
  /** By targeted pack: its deployed `ExcludedAccounts` in the home region (undefined: not deployed yet). */
  readonly packExclusions?: DeployedExclusions;
}

export function probeError(error: unknown): ProbeError {
  const e = error as { name?: string; message?: string; hint?: string; awsError?: { name?: string } };
  const hint = typeof e?.hint === "string" ? e.hint : undefined;
  const message = e?.message ?? String(error);
  return {
    name: e?.name ?? "Error",
    // The multi-account errors end their message with the hint: keep it once, as the hint.
    message: hint && message.endsWith(`. ${hint}`) ? message.slice(0, -(hint.length + 2)) : message,
    ...(hint ? { hint } : {}),
  };
}

async function observe<T>(run: () => Promise<T>): Promise<Observed<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: probeError(error) };
  }
}

/** `role/path/Name` -> `Name`, for a role ARN in `accountId`; undefined for another account's role. */
function roleNameInAccount(roleArn: string, accountId: string): string | undefined {
  const m = /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  return m && m[1] === accountId ? m[2] : undefined;
}

/** Each governed region's GuardDuty administrators (from the management account) and the security account's detectors. */
async function observeGuardDuty(
  deployment: Deployment,
  managementTarget: Target,
  probes: Probes,
  limit: ReturnType<typeof pLimit>,
): Promise<GuardDutyObservation[]> {
  const securityTarget = accountTarget(deployment, deployment.securityAccountId, "preflight");
  return Promise.all(
    deployment.regions.map((r) =>
      limit(async () => ({
        region: r.name,
        administrators: await observe(() => probes.guardDutyAdministrators(managementTarget, r.name)),
        securityDetectors: await observe(() => probes.guardDutyDetectors(securityTarget, r.name)),
      })),
    ),
  );
}

export interface ObserveOptions {
  readonly concurrency: number;
  readonly progress: Progress;
  readonly probes?: Probes;
}

/**
 * Looks at every account (role, regions, service-linked role) and then every place of it,
 * at most `concurrency` calls chains at once across the organization.
 */
export async function observeOrganization(deployment: Deployment, options: ObserveOptions): Promise<Observations> {
  const probes = options.probes ?? awsProbes;
  const limit = pLimit(options.concurrency);
  const places = placesOf(deployment);
  options.progress.start(deployment.accounts.length + places.length, "preflight");
  const tick = <T>(p: Promise<T>) => p.finally(() => options.progress.tick());

  const placeObservations: PlaceObservation[] = [];
  const accounts = await Promise.all(
    deployment.accounts.map((account) =>
      tick(
        limit(async (): Promise<AccountObservation> => {
          const target = accountTarget(deployment, account.id, "preflight");
          const assume = await observe(() => probes.assume(target));
          if (!assume.ok) return { accountId: account.id, target, assume };
          const [regions, serviceLinkedRole] = await Promise.all([
            observe(() => probes.regions(target, deployment.homeRegion)),
            observe(() => probes.roleExists(target, CONFIG_SERVICE_LINKED_ROLE)),
          ]);
          const custom = account.recorderRole.kind === "custom" ? account.recorderRole.roleArn : undefined;
          const customName = custom ? roleNameInAccount(custom, account.id) : undefined;
          const recorderRole = custom && customName ? { roleArn: custom, exists: await observe(() => probes.roleExists(target, customName)) } : undefined;
          return { accountId: account.id, target, assume, regions, serviceLinkedRole, ...(recorderRole ? { recorderRole } : {}) };
        }),
      ),
    ),
  );

  const byAccount = new Map(accounts.map((a) => [a.accountId, a]));
  await Promise.all(
    places.map((place) =>
      tick(
        limit(async () => {
          const account = byAccount.get(place.account.id)!;
          const status = account.regions?.ok ? account.regions.value[place.region.name] : undefined;
          const reachable = account.assume.ok && status !== "not-opted-in";
          const takeoverRecord = probes.takeoverRecord;
          const [state, record] = reachable
            ? await Promise.all([
                observe(() => probes.configState(account.target, place.region.name)),
                observe(async () => (takeoverRecord ? takeoverRecord(account.target, place.region.name) : undefined)),
              ])
            : [undefined, undefined];
          placeObservations.push({ accountId: place.account.id, region: place.region.name, ...(state ? { state } : {}), ...(record ? { record } : {}) });
        }),
      ),
    ),
  );
  // An organization trail shows in the management account (and every member); look there once.
  const managementTarget = accountTarget(deployment, deployment.managementAccountId, "preflight");
  const management = byAccount.get(deployment.managementAccountId);
  const managementReachable = management ? management.assume.ok : (await observe(() => probes.assume(managementTarget))).ok;
  const managementTrails = managementReachable ? await observe(() => probes.trails(management?.target ?? managementTarget, deployment.homeRegion)) : undefined;
  const guardDuty = deployment.guardDuty ? await observeGuardDuty(deployment, managementTarget, probes, limit) : undefined;
  const aggregator = deployment.ownsCentral
    ? await observe(() => probes.aggregatorExists(accountTarget(deployment, deployment.securityAccountId, "preflight"), deployment.homeRegion, AGGREGATOR_NAME))
    : undefined;
  const deliveryPolicies = probes.deliveryPolicies;
  const delivery = deliveryPolicies
    ? await observe(() =>
        deliveryPolicies(accountTarget(deployment, deployment.logArchiveAccountId, "preflight"), deployment.homeRegion, deployment.delivery.bucketName),
      )
    : undefined;
  const packExclusions = await observePackExclusions(deployment, probes);
  options.progress.stop();
  return {
    accounts,
    places: placeObservations,
    ...(managementTrails ? { managementTrails } : {}),
    ...(guardDuty ? { guardDuty } : {}),
    ...(aggregator ? { aggregator } : {}),
    ...(delivery ? { delivery } : {}),
    ...(packExclusions ? { packExclusions } : {}),
  };
}

/** Each targeted pack's deployed exclusions, read in the security account's home region. */
async function observePackExclusions(deployment: Deployment, probes: Probes): Promise<DeployedExclusions | undefined> {
  const names = targetedPackNames(deployment);
  const read = probes.packExclusions;
  if (names.length === 0 || !read) return undefined;
  const security = accountTarget(deployment, deployment.securityAccountId, "preflight");
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await observe(() => read(security, deployment.homeRegion, name))] as const)));
}
