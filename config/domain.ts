/**
 * The domain of an organization-wide AWS Config deployment.
 *
 * Stack config and the account inventory are parsed ONCE (config/pipeline.ts) into
 * these readonly types; nothing downstream reads `pulumi.Config` or YAML again.
 * Field docs here are user documentation too: the README's reference is written
 * from them.
 */

import type { Partition } from "../aws/arns";
import type { PackSelection, PackTargets, TemplatePackSelection } from "../packs/choices";
import type { PackPlan } from "../packs/packPlan";
import type { ExecutionFrequency } from "../policies/configVocabulary";
import type { AllowList } from "../rules/approved-images/allowList";
import type { NotificationEvent } from "../rules/compliance-notifier/events";
import type { GuardDutySettings } from "./guardDuty";
import type { NewAccountDeployments } from "./newAccounts";

/** Recording frequency of configuration items (AWS `RecordingMode.recordingFrequency`). */
export type RecordingFrequency = "CONTINUOUS" | "DAILY";

/** AWS `RecordingStrategy.useOnly`. */
export type RecordingStrategy = "ALL_SUPPORTED_RESOURCE_TYPES" | "EXCLUSION_BY_RESOURCE_TYPES" | "INCLUSION_BY_RESOURCE_TYPES";

/** A region this stack governs: a recorder lands in it in every in-scope account. */
export interface GovernedRegion {
  /** Region code, e.g. `eu-west-1`. */
  readonly name: string;
  /** Launched after 2019-03-20: disabled in an account until someone opts in. */
  readonly optIn: boolean;
  /** AWS records the global IAM types here (regions where Config ran before Feb 2022). */
  readonly supportsGlobalIamTypes: boolean;
}

/**
 * What a recorder records and how often: a named, reusable choice.
 *
 * @example
 * profiles:
 *   lean:
 *     description: Daily recording, noisy types excluded
 *     frequency: DAILY
 *     excludedResourceTypes: [AWS::EC2::NetworkInterface]
 *     override:
 *       description: Security groups stay continuous
 *       frequency: CONTINUOUS
 *       resourceTypes: [AWS::EC2::SecurityGroup]
 */
export interface RecordingProfile {
  readonly name: string;
  readonly description: string;
  readonly strategy: RecordingStrategy;
  /** For `INCLUSION_BY_RESOURCE_TYPES`: the only types recorded. */
  readonly includedResourceTypes: readonly string[];
  /** For `EXCLUSION_BY_RESOURCE_TYPES`: types not recorded. */
  readonly excludedResourceTypes: readonly string[];
  /** Default frequency for every recorded type. */
  readonly frequency: RecordingFrequency;
  /** AWS allows at most one recording-mode override. */
  readonly override?: RecordingModeOverride;
}

export interface RecordingModeOverride {
  readonly description: string;
  readonly frequency: RecordingFrequency;
  readonly resourceTypes: readonly string[];
}

/** Who assumes what to act in an account (config/access.ts `accessTo` decides it). */
export interface AccountAccess {
  /** Role assumed in this account; `undefined` means "use the caller's own credentials" (the caller's account). */
  readonly roleName?: string;
  /** `arn:<partition>:iam::<account>:role/<roleName>`, set exactly when `roleName` is. */
  readonly roleArn?: string;
  /** Optional external ID for the AssumeRole call. */
  readonly externalId?: string;
}

/** The stack's rules for reaching any account: defaults, and per-account overrides from the inventory. */
export interface AccessRules {
  readonly partition: Partition;
  readonly deploymentAccountId: string;
  readonly deploymentRoleName: string;
  readonly externalId?: string;
  /** Inventory `defaults.roleName` / `defaults.externalId`. */
  readonly defaults: { readonly roleName?: string; readonly externalId?: string };
  /** Inventory entries' own `roleName` / `externalId`, by account id. */
  readonly overrides: Readonly<Record<string, { readonly roleName?: string; readonly externalId?: string }>>;
}

/** Which IAM role the recorder uses. */
export type RecorderRole = { readonly kind: "service-linked" } | { readonly kind: "custom"; readonly roleArn: string };

/** The organization function an account has in this deployment. */
export type AccountFunction = "management" | "security" | "log-archive" | "member";

/** An account in scope: Config is turned on in each of its regions. */
export interface Account {
  /** 12-digit account id. */
  readonly id: string;
  /** Human name (inventory `name`, or the organization's account name when discovered). */
  readonly name: string;
  /** Organizational unit id or path, when known (discovery or inventory `ou`). */
  readonly ou?: string;
  readonly functions: readonly AccountFunction[];
  readonly access: AccountAccess;
  readonly profile: RecordingProfile;
  /** Governed regions this account records in (stack `regions`, or a per-account subset). */
  readonly regions: readonly GovernedRegion[];
  /** The one region where global IAM types are recorded for this account. */
  readonly globalTypesRegion: string;
  /** Existing recorder names this account's recorders may take over, per region. */
  readonly adopt: Readonly<Record<string, string>>;
  readonly recorderRole: RecorderRole;
  /** Where the account came from: listed in the inventory, or discovered from the organization. */
  readonly source: "inventory" | "discovered";
}

/** An account deliberately left out, with the reason reported in the outputs. */
export interface ExcludedAccount {
  readonly id: string;
  readonly name: string;
  readonly reason: string;
}

/** Central delivery of configuration history and snapshots. */
export interface Delivery {
  /** The central bucket, in the log archive account, home region. Deterministic so previews know it. */
  readonly bucketName: string;
  /** Optional prefix before `AWSLogs/`. */
  readonly keyPrefix?: string;
  /** `SSE-S3` (default) or `SSE-KMS` with a key created for Config in the log archive account. */
  readonly encryption: "SSE-S3" | "SSE-KMS";
  /**
   * How the bucket policy limits AWS Config's deliveries (`delivery.sourceCondition`):
   * `organization` (default): `aws:SourceOrgID` = the organization, one statement for any number
   * of accounts; `accounts`: AWS Config's own documented form, `AWS:SourceAccount` lists and one
   * `AWSLogs/<account>/Config/*` resource per in-scope account, within S3's 20 KB policy limit.
   * AWS Config's bucket-policy page once said the service-linked role does not work with
   * organization conditions; choose `accounts` if deliveries fail with `organization`.
   *
   * @example
   * delivery:
   *   sourceCondition: accounts
   * @see https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html
   */
  readonly sourceCondition: "organization" | "accounts";
  readonly snapshotFrequency: ExecutionFrequency;
  readonly lifecycle: {
    /** Days before objects move to `transitionStorageClass`; 0 disables. */
    readonly transitionDays: number;
    readonly transitionStorageClass: "STANDARD_IA" | "INTELLIGENT_TIERING" | "GLACIER_IR" | "GLACIER";
    /** Days before current objects expire; 0 keeps them forever. */
    readonly expirationDays: number;
    /** Days before non-current versions expire; 0 keeps them forever. */
    readonly noncurrentExpirationDays: number;
  };
}

/** What a subscriber may ask for: the compliance notifier's events (compliance changes, GuardDuty findings), and the role alarms (`roleAlarms`). */
export type SubscriptionEvent = NotificationEvent | "role-alarm";

/** Someone (or something) told about compliance changes, and people told of role alarms. */
export interface Subscription {
  readonly protocol: "email" | "https" | "sqs";
  readonly endpoint: string;
  /** Which events: `non-compliant` (changes to NON_COMPLIANT), `back-to-compliant`, `guardduty-finding` (stack `guardDuty`), `role-alarm` (stack `roleAlarms`). */
  readonly events: readonly SubscriptionEvent[];
}

/** The events among a subscription's that the formatted topic carries (all but role alarms, which have their own topic). */
export function notificationEventsOf(subscription: Pick<Subscription, "events">): NotificationEvent[] {
  return subscription.events.filter((e): e is NotificationEvent => e !== "role-alarm");
}

/** Part of the organization a stack takes, so a large organization runs as several stacks. */
export type Shard =
  | { readonly kind: "all" }
  | { readonly kind: "ou"; readonly ous: readonly string[] }
  | { readonly kind: "accounts"; readonly accountIds: readonly string[] }
  | { readonly kind: "hash"; readonly index: number; readonly count: number };

/** Service control policy that forbids tampering with Config outside the deployment role. */
export interface TamperProtection {
  readonly enabled: boolean;
  /** Where the SCP is attached: `r-…` roots or `ou-…` units. */
  readonly targets: readonly string[];
}

/**
 * The approved-images organization rule: EC2 instances checked against an
 * allow-list of any length, beyond the managed rules' limits.
 *
 * @example
 * approvedImages:
 *   allowList:
 *     version: 1
 *     entries:
 *       - description: Golden images
 *         ownerAccountIds: ["111122223333"]
 *         namePatterns: ["golden-*"]
 */
export interface ApprovedImages {
  readonly allowList: AllowList;
  /** Key prefix of the findings written for the SIEM; default `findings/approved-images`. */
  readonly findingsPrefix?: string;
  readonly frequency?: ExecutionFrequency;
  /** `approvedImages.targets`: only these OUs and accounts get the rule (as for packs, `packs[i].targets`). */
  readonly targets?: PackTargets;
}

/**
 * Where a targeted organization pack or rule goes, resolved from the organization on this run
 * (config/packTargets.ts): an account that moved between OUs moves in or out on the next run.
 */
export interface TargetReach {
  readonly targets: PackTargets;
  /** Accounts of the stack's whole scope (every shard) the targets take, in scope order. */
  readonly accountIds: readonly string[];
  /** By targeted OU: the accounts of the whole scope below it (nested OUs included), in scope order. */
  readonly ouAccounts: Readonly<Record<string, readonly string[]>>;
  /** Accounts of the stack's whole scope outside the targets: excluded in every region. */
  readonly untargeted: readonly string[];
}

/**
 * The organization CloudTrail trail (stack `organizationTrail`): one multi-region trail in the
 * management account, delivering to its own bucket in the log archive account.
 *
 * @example
 * organizationTrail:
 *   enabled: true
 *   kms: true
 *   cloudWatchLogs: { retentionDays: 365 }
 */
export interface OrganizationTrail {
  /** Trail name; default `aws-config-org-organization-trail`. */
  readonly name: string;
  /** The trail's bucket in the log archive account, home region. Deterministic so previews know it. */
  readonly bucketName: string;
  /** SSE-KMS with a key for CloudTrail in the log archive account; SSE-S3 without. */
  readonly kms: boolean;
  /** Copy of the trail into a CloudWatch Logs group in the management account, kept this many days. */
  readonly cloudWatchLogs?: { readonly retentionDays: number };
  /** Data events the trail logs besides every management event (`organizationTrail.dataEvents`); empty: none. */
  readonly dataEvents: readonly TrailDataEvents[];
}

/**
 * One data event selection of the organization trail (`organizationTrail.dataEvents[i]`),
 * rendered as an advanced event selector (config/trailSelectors.ts).
 */
export interface TrailDataEvents {
  /** CloudTrail's `resources.type`, e.g. `AWS::S3::Object`. */
  readonly resourceType: string;
  /** Only read (true) or only write (false) events; both when absent. */
  readonly readOnly?: boolean;
  /** `resources.ARN` prefixes to log; every resource of the type when empty. */
  readonly arnPrefixes: readonly string[];
}

/**
 * An alarm when any principal assumes, or switches in the console to, a role of this name
 * in any account of the organization (`roleAlarms[i]`), read from the organization trail's
 * CloudWatch Logs group (components/central/roleAlarms.ts).
 */
export interface RoleAlarm {
  readonly roleName: string;
  readonly description?: string;
  /**
   * Absent (default): besides the alarm, a message to the role-alarm topic for each use
   * (components/central/roleAlarms.ts, the role-use notifier); `alarm`: the alarm only, which
   * notifies on its first use in a period and stays quiet while in ALARM.
   *
   * @example
   * roleAlarms:
   *   - roleName: ci-deploy
   *     notify: alarm
   */
  readonly notify?: "alarm";
}

/** Everything one stack deploys, parsed and validated. */
export interface Deployment {
  readonly project: string;
  readonly stack: string;
  readonly partition: Partition;
  /** `o-…`: used in every organization-scoped policy condition. */
  readonly organizationId: string;
  readonly homeRegion: string;
  readonly regions: readonly GovernedRegion[];
  readonly managementAccountId: string;
  readonly securityAccountId: string;
  readonly logArchiveAccountId: string;
  /** The account whose credentials run the deployment: resources there use them directly (stack `deploymentAccountId`, default the management account). */
  readonly deploymentAccountId: string;
  /** External ID for every AssumeRole, unless an account sets its own. */
  readonly externalId?: string;
  /** Default role assumed in each account (stack `deploymentRoleName`). */
  readonly deploymentRoleName: string;
  /** How to reach any account, in this shard or not (config/access.ts `accessTo`). */
  readonly accessRules: AccessRules;
  /** The accounts in scope (this shard), management account included when in the shard. */
  readonly accounts: readonly Account[];
  /**
   * Every account in scope before the shard slices it (equal to `accounts` when the stack is
   * not sharded). What the central component does for the whole organization uses it: pack
   * exclusions of accounts that skip a region, account names in notifications, SCP exemptions.
   */
  readonly scope: readonly Account[];
  readonly excluded: readonly ExcludedAccount[];
  readonly profiles: Readonly<Record<string, RecordingProfile>>;
  readonly delivery: Delivery;
  readonly packs: readonly PackSelection[];
  /** Packs the stack brings as templates (`packs[i].template`), deployed per region beside the built-in ones. */
  readonly templatePacks: readonly TemplatePackSelection[];
  readonly subscriptions: readonly Subscription[];
  readonly shard: Shard;
  /** Whether this stack owns the central component (exactly one stack of a sharded project does). */
  readonly ownsCentral: boolean;
  readonly tamperProtection: TamperProtection;
  /** The approved-images custom rule, when configured. */
  readonly approvedImages?: ApprovedImages;
  /** The organization CloudTrail trail, when `organizationTrail.enabled` is true. */
  readonly organizationTrail?: OrganizationTrail;
  /** Alarms on elevated roles (`roleAlarms`); they need the trail's CloudWatch Logs group. */
  readonly roleAlarms: readonly RoleAlarm[];
  /** GuardDuty in every governed region, administered by the security account, when `guardDuty.enabled` is true. */
  readonly guardDuty?: GuardDutySettings;
  /** Organizations' account events start a deployment of this stack (`newAccounts`; config/newAccounts.ts), when set. */
  readonly newAccounts?: NewAccountDeployments;
  /** Whether the inventory asked the organization for its accounts. */
  readonly discovered: boolean;
  /**
   * Packs with `targets` (built-in and template, by name) and the approved-images rule
   * (`approvedImages.targets`), resolved: absent, or a pack without an entry, reaches every
   * account in scope.
   */
  readonly reach?: {
    readonly packs: Readonly<Record<string, TargetReach>>;
    readonly approvedImages?: TargetReach;
    /**
     * By account of this shard: its remediation pack and automation role, planned for the packs
     * that reach it (one plan per distinct set of packs, shared by the accounts with that set).
     */
    readonly accountPacks?: Readonly<Record<string, Pick<PackPlan, "accountRemediation" | "automation">>>;
  };
  /**
   * Every conformance pack worked out once, the pipeline's last step (packs/packPlan.ts): the
   * organization packs per region, each account's remediation pack, the automation role.
   */
  readonly packPlan: PackPlan;
}

/** One account × region place where a recorder lives. */
export interface Place {
  readonly account: Account;
  readonly region: GovernedRegion;
  /** Global IAM types are recorded here. */
  readonly recordsGlobalTypes: boolean;
}

/** Every account × region place of a deployment, in inventory order. */
export function placesOf(deployment: Deployment): Place[] {
  return deployment.accounts.flatMap((account) =>
    account.regions.map((region) => ({
      account,
      region,
      recordsGlobalTypes: region.name === account.globalTypesRegion,
    })),
  );
}

/** `PutOrganizationConformancePack` / `PutOrganizationConfigRule` `ExcludedAccounts` limit. */
export const MAX_EXCLUDED_ACCOUNTS = 1000;

/**
 * Accounts an organization pack or rule in `region` must skip: the inventory's exclusions,
 * accounts that do not record in that region (their rules would fail for want of a
 * recorder), and, for a targeted pack or rule (`reach`), the accounts outside its targets. The
 * whole scope, not only this stack's shard: organization packs reach every account.
 * config/validateDeployment.ts and config/packTargets.ts hold it to AWS's limit of 1,000.
 */
export function excludedAccountsIn(deployment: Pick<Deployment, "scope" | "excluded">, region: string, reach?: TargetReach): string[] {
  const regionless = deployment.scope.filter((a) => !a.regions.some((r) => r.name === region)).map((a) => a.id);
  if (!reach) return [...deployment.excluded.map((a) => a.id), ...regionless];
  return [...new Set([...deployment.excluded.map((a) => a.id), ...regionless, ...reach.untargeted])];
}
