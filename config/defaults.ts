/**
 * Step 3 of the config pipeline: every default, applied once and deeply, to inputs that
 * passed their schemas. What comes out (`Settings`) is complete: no field downstream is
 * optional because the user left it out. Nothing here checks meaning (config/validateSettings.ts).
 */
import type { AccessRules, Delivery, Deployment, RecordingProfile, Shard, Subscription } from "./domain";
import type { PackSelection, TemplatePackSelection } from "../packs/choices";
import type { ApprovedImages, OrganizationTrail } from "./domain";
import type { AllowList } from "../rules/approved-images/allowList";
import { defaultDeliveryBucketName, defaultTrailBucketName, DEFAULT_ORGANIZATION_TRAIL_NAME } from "./names";
import { guardDutyOf, type GuardDutyInput } from "./guardDuty";
import { newAccountsOf, type NewAccountsInput } from "./newAccounts";
import { BUILTIN_PROFILES } from "./profiles";
import { governedRegion, isConfigRegion, partitionOf } from "./regions";
import type { AccountDefaultsInput, AccountEntryInput, InventoryInput, StackConfigInput } from "./schema";
import type { DeploymentSources } from "./sources";
import { targetsOf } from "./targetsOf";
import { isTemplateEntry } from "./templatePacks";

/** The Deployment's scope-independent part. */
export type DeploymentBase = Omit<Deployment, "accounts" | "scope" | "excluded" | "discovered" | "packPlan">;

/** Everything a stack says, every default applied, before the organization is asked. */
export interface Settings {
  readonly sources: DeploymentSources;
  /** Whether the inventory asks the organization for its accounts. */
  readonly discover: boolean;
  readonly base: DeploymentBase;
  /** The options whose written form the defaults resolve away, for the meaning step. */
  readonly written: WrittenOptions;
  /** Region names as the stack config lists them (including any that are not Config regions, for messages). */
  readonly regionNames: readonly string[];
  readonly inventory: {
    readonly path: string;
    /** The file was read and parsed as YAML. */
    readonly parsed: boolean;
    readonly defaults: AccountDefaultsInput;
    readonly ouProfiles: Readonly<Record<string, string>>;
    readonly accounts: readonly AccountEntryInput[];
  };
}

/**
 * Options as the stack wrote them (typed by the schema step) where `base` no longer shows what
 * was written: options beside a missing `enabled: true`, a shard's kinds, a chosen bucket name
 * beside its default. The meaning step (config/validateSettings.ts) checks these, so the
 * defaults step needs to drop or correct nothing.
 */
export interface WrittenOptions {
  readonly deliveryBucketName?: string;
  readonly shard?: StackConfigInput["shard"];
  readonly organizationTrail?: StackConfigInput["organizationTrail"];
  readonly guardDuty?: GuardDutyInput;
  readonly newAccounts?: NewAccountsInput;
  /** Whether the engine marked `newAccounts` secret (its token must be). */
  readonly newAccountsMarkedSecret?: boolean;
}

export const DEFAULT_DEPLOYMENT_ROLE_NAME = "OrganizationAccountAccessRole";
export const DEFAULT_PROFILE_NAME = "complete";
export const DEFAULT_SUBSCRIPTION_EVENTS: Subscription["events"] = ["non-compliant", "back-to-compliant"];

/**
 * What a subscription without `events` receives: both compliance events and, for people
 * (email, https), GuardDuty's findings when GuardDuty is on and the role alarms when the stack
 * has any. Queues read Config's JSON on the Config topic, where neither goes.
 */
export function defaultSubscriptionEvents(
  protocol: Subscription["protocol"],
  detection: { readonly guardDuty: boolean; readonly roleAlarms: boolean },
): Subscription["events"] {
  if (protocol === "sqs") return DEFAULT_SUBSCRIPTION_EVENTS;
  return [
    ...DEFAULT_SUBSCRIPTION_EVENTS,
    ...(detection.guardDuty ? (["guardduty-finding"] as const) : []),
    ...(detection.roleAlarms ? (["role-alarm"] as const) : []),
  ];
}

/** `templatePacks`: the `packs:` entries that name a template, as the templates step read them (config/templatePacks.ts). */
export function withDefaults(
  sources: DeploymentSources,
  config: StackConfigInput,
  inventory: InventoryInput,
  templatePacks: readonly TemplatePackSelection[],
  inventoryParsed = true,
): Settings {
  const regionNames = config.regions ?? [];
  const partitions = regionNames.map(partitionOf).filter((p) => p !== undefined);
  const managementAccountId = config.managementAccountId;
  const securityAccountId = config.securityAccountId;
  const logArchiveAccountId = config.logArchiveAccountId ?? securityAccountId;
  const deploymentAccountId = config.deploymentAccountId ?? managementAccountId;
  const deploymentRoleName = config.deploymentRoleName ?? DEFAULT_DEPLOYMENT_ROLE_NAME;
  const shard = shardOf(config.shard);
  const guardDuty = guardDutyOf(config.guardDuty);
  const newAccounts = newAccountsOf(config.newAccounts, sources);
  const defaults = inventory.defaults ?? {};
  const accounts = inventory.accounts ?? [];
  const accessRules: AccessRules = {
    partition: partitions[0] ?? "aws",
    deploymentAccountId,
    deploymentRoleName,
    ...(config.externalId ? { externalId: config.externalId } : {}),
    defaults: { ...(defaults.roleName ? { roleName: defaults.roleName } : {}), ...(defaults.externalId ? { externalId: defaults.externalId } : {}) },
    overrides: Object.fromEntries(
      accounts
        .filter((e) => e.roleName !== undefined || e.externalId !== undefined)
        .map((e) => [e.id, { ...(e.roleName ? { roleName: e.roleName } : {}), ...(e.externalId ? { externalId: e.externalId } : {}) }]),
    ),
  };
  return {
    sources,
    discover: inventory.discover === true,
    regionNames,
    written: {
      ...(config.delivery?.bucketName !== undefined ? { deliveryBucketName: config.delivery.bucketName } : {}),
      ...(config.shard ? { shard: config.shard } : {}),
      ...(config.organizationTrail ? { organizationTrail: config.organizationTrail } : {}),
      ...(config.guardDuty ? { guardDuty: config.guardDuty } : {}),
      ...(config.newAccounts ? { newAccounts: config.newAccounts, newAccountsMarkedSecret: sources.secretKeys?.includes("newAccounts") === true } : {}),
    },
    inventory: { path: sources.inventory.path, parsed: inventoryParsed, defaults, ouProfiles: inventory.ouProfiles ?? {}, accounts },
    base: {
      project: sources.project,
      stack: sources.stack,
      partition: accessRules.partition,
      organizationId: config.organizationId,
      homeRegion: config.homeRegion,
      regions: regionNames.filter(isConfigRegion).map(governedRegion),
      managementAccountId,
      securityAccountId,
      logArchiveAccountId,
      deploymentAccountId,
      ...(config.externalId ? { externalId: config.externalId } : {}),
      deploymentRoleName,
      accessRules,
      profiles: profilesOf(inventory.profiles ?? {}),
      delivery: deliveryOf(config.delivery ?? {}, logArchiveAccountId, config.homeRegion),
      packs: (config.packs ?? []).filter((p) => !isTemplateEntry(p)).map(packOf),
      templatePacks,
      subscriptions: (config.notifications?.subscriptions ?? []).map((s) => ({
        protocol: s.protocol,
        endpoint: s.endpoint,
        events: s.events ?? defaultSubscriptionEvents(s.protocol, { guardDuty: guardDuty !== undefined, roleAlarms: (config.roleAlarms ?? []).length > 0 }),
      })),
      shard,
      ownsCentral: config.ownsCentral ?? shard.kind === "all",
      tamperProtection: { enabled: config.tamperProtection?.enabled === true, targets: config.tamperProtection?.targets ?? [] },
      ...(config.approvedImages ? { approvedImages: approvedImagesOf(config.approvedImages) } : {}),
      ...(config.organizationTrail?.enabled === true
        ? { organizationTrail: organizationTrailOf(config.organizationTrail, logArchiveAccountId, config.homeRegion) }
        : {}),
      roleAlarms: (config.roleAlarms ?? []).map((a) => ({
        roleName: a.roleName,
        ...(a.description ? { description: a.description } : {}),
        ...(a.notify === "alarm" ? { notify: "alarm" as const } : {}),
      })),
      ...(guardDuty ? { guardDuty } : {}),
      ...(newAccounts ? { newAccounts } : {}),
    },
  };
}

/** The built-in profiles plus the inventory's, each field defaulted. */
function profilesOf(raw: NonNullable<InventoryInput["profiles"]>): Record<string, RecordingProfile> {
  const profiles: Record<string, RecordingProfile> = { ...BUILTIN_PROFILES };
  for (const [name, p] of Object.entries(raw)) {
    profiles[name] = {
      name,
      description: p.description ?? name,
      strategy: p.strategy ?? "ALL_SUPPORTED_RESOURCE_TYPES",
      includedResourceTypes: p.includedResourceTypes ?? [],
      excludedResourceTypes: p.excludedResourceTypes ?? [],
      frequency: p.frequency ?? "CONTINUOUS",
      ...(p.override
        ? { override: { description: p.override.description ?? `${name} override`, frequency: p.override.frequency, resourceTypes: p.override.resourceTypes } }
        : {}),
    };
  }
  return profiles;
}

function deliveryOf(d: NonNullable<StackConfigInput["delivery"]>, logArchiveAccountId: string, homeRegion: string): Delivery {
  const l = d.lifecycle ?? {};
  return {
    bucketName: d.bucketName ?? defaultDeliveryBucketName(logArchiveAccountId, homeRegion),
    ...(d.keyPrefix ? { keyPrefix: d.keyPrefix } : {}),
    encryption: d.encryption ?? "SSE-S3",
    sourceCondition: d.sourceCondition ?? "organization",
    snapshotFrequency: d.snapshotFrequency ?? "TwentyFour_Hours",
    lifecycle: {
      transitionDays: l.transitionDays ?? 90,
      transitionStorageClass: l.transitionStorageClass ?? "STANDARD_IA",
      expirationDays: l.expirationDays ?? 0,
      noncurrentExpirationDays: l.noncurrentExpirationDays ?? 0,
    },
  };
}

function packOf(p: NonNullable<StackConfigInput["packs"]>[number]): PackSelection {
  return {
    name: p.name,
    parameters: Object.fromEntries(Object.entries(p.parameters ?? {}).map(([k, v]) => [k, String(v)])),
    remediation: p.remediation ?? {},
    ...(p.targets ? { targets: targetsOf(p.targets) } : {}),
  };
}

/** The shard as written; config/validateSettings.ts reports a shard that sets none or several kinds. */
function shardOf(raw: StackConfigInput["shard"]): Shard {
  if (!raw) return { kind: "all" };
  if (raw.ous) return { kind: "ou", ous: raw.ous };
  if (raw.accountIds) return { kind: "accounts", accountIds: raw.accountIds };
  if (raw.index !== undefined && raw.count !== undefined) return { kind: "hash", index: raw.index, count: raw.count };
  return { kind: "all" };
}

function approvedImagesOf(raw: NonNullable<StackConfigInput["approvedImages"]>): ApprovedImages {
  return {
    // Shape checked by config/validateSettings.ts (rules/approved-images/allowList.ts names every problem by path).
    allowList: raw.allowList as unknown as AllowList,
    ...(raw.findingsPrefix ? { findingsPrefix: raw.findingsPrefix } : {}),
    ...(raw.frequency ? { frequency: raw.frequency } : {}),
    ...(raw.targets ? { targets: targetsOf(raw.targets) } : {}),
  };
}

function organizationTrailOf(raw: NonNullable<StackConfigInput["organizationTrail"]>, logArchiveAccountId: string, homeRegion: string): OrganizationTrail {
  return {
    name: raw.name ?? DEFAULT_ORGANIZATION_TRAIL_NAME,
    bucketName: defaultTrailBucketName(logArchiveAccountId, homeRegion),
    kms: raw.kms === true,
    ...(raw.cloudWatchLogs ? { cloudWatchLogs: { retentionDays: raw.cloudWatchLogs.retentionDays } } : {}),
    dataEvents: (raw.dataEvents ?? []).map((d) => ({
      resourceType: d.resourceType,
      ...(d.readOnly !== undefined ? { readOnly: d.readOnly } : {}),
      arnPrefixes: d.arnPrefixes ?? [],
    })),
  };
}
