/**
 * Parses the stack config and the account inventory ONCE into a validated
 * `Deployment`. Every problem found is collected and reported together in one
 * `ConfigError`, each naming the key or inventory entry and how to fix it;
 * nothing is registered before this succeeds.
 *
 * Two stages, because discovery needs the organization's account list:
 *   parseSources(input)            -> ParsedSources   (schema + meaning)
 *   resolveDeployment(parsed, org) -> Deployment      (scope: discovery, exclusions, shard)
 */
import Ajv, { type ErrorObject } from "ajv";
import * as YAML from "yaml";

import type { Account, AccountAccess, ApprovedImages, AccountFunction, Delivery, Deployment, ExcludedAccount, GovernedRegion, RecordingProfile, Shard, Subscription, TamperProtection } from "./domain";
import { defaultDeliveryBucketName } from "./names";
import { BUILTIN_PROFILES, profileProblems } from "./profiles";
import { CONFIG_REGIONS, governedRegion, isConfigRegion, partitionOf } from "./regions";
import { EXCLUDED_ACCOUNT_KEYS, INVENTORY_SCHEMA, STACK_CONFIG_SCHEMA } from "./schema";
import { inShard } from "./shard";
import { validateAllowList, type AllowList } from "../rules/approved-images/allowList";
import type { Partition } from "../aws/arns";
import type { PackSelection } from "../packs/choices";

/** Thrown when config or inventory is wrong: `problems` lists every one of them. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[], readonly context: string) {
    super(
      `${context}: ${problems.length} problem${problems.length === 1 ? "" : "s"} to fix before anything is deployed:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** An account as the organization reports it (`aws.organizations.getOrganization`). */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  /** Parent OU id, where known. */
  readonly ou?: string;
}

/** The raw inputs of one stack, as read from Pulumi config and disk. */
export interface DeploymentSources {
  readonly project: string;
  readonly stack: string;
  /** Stack config values without the `<project>:` namespace; strings holding JSON are already parsed. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The inventory file as read: its text, or why it could not be read. */
  readonly inventory: { readonly path: string; readonly text?: string; readonly readError?: string };
}

interface RawAccountEntry {
  id: string;
  name?: string;
  ou?: string;
  profile?: string;
  roleName?: string;
  externalId?: string;
  regions?: string[];
  globalTypesRegion?: string;
  adopt?: string | Record<string, string>;
  recorderRoleArn?: string;
  exclude?: boolean;
  reason?: string;
}

interface RawInventory {
  discover?: boolean;
  defaults?: Omit<RawAccountEntry, "id">;
  profiles?: Record<string, Omit<RecordingProfile, "name" | "includedResourceTypes" | "excludedResourceTypes"> & {
    includedResourceTypes?: string[];
    excludedResourceTypes?: string[];
  }>;
  ouProfiles?: Record<string, string>;
  accounts?: RawAccountEntry[];
}

/** Everything that could be checked without asking the organization. */
export interface ParsedSources {
  readonly sources: DeploymentSources;
  readonly discover: boolean;
  readonly managementAccountId: string;
  /** Scope-independent settings of the deployment, fully validated. */
  readonly base: Omit<Deployment, "accounts" | "scope" | "excluded" | "discovered">;
  readonly inventory: RawInventory;
}

// `verbose` gives each error its data and schema: messages quote the bad value and list the allowed keys.
const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validateStackConfig = ajv.compile(STACK_CONFIG_SCHEMA);
const validateInventory = ajv.compile(INVENTORY_SCHEMA);

/** Pulumi hands structured config values over as JSON strings; YAML files hand them as values. */
export function normalizeConfigValues(
  entries: Readonly<Record<string, unknown>>,
  project: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(`${project}:`)) continue;
    const name = key.slice(project.length + 1);
    out[name] = typeof value === "string" ? parseConfigString(value) : value;
  }
  return out;
}

function parseConfigString(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  return value;
}

/** Turns ajv's errors into messages that name the key and say how to fix it. */
function schemaProblems(errors: ErrorObject[] | null | undefined, describe: (path: string) => string): string[] {
  const problems: string[] = [];
  for (const e of errors ?? []) {
    const path = pathOf(e.instancePath);
    const where = describe(path);
    switch (e.keyword) {
      case "additionalProperties": {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
        problems.push(
          `unknown key \`${key}\` in ${where}: ` +
            (allowed.length ? `allowed keys are ${allowed.map((k) => `\`${k}\``).join(", ")}; check the spelling` : "remove it"),
        );
        break;
      }
      case "required":
        problems.push(`${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\`: add it`);
        break;
      case "pattern":
        problems.push(patternProblem(where, e));
        break;
      case "enum":
        problems.push(
          `${where} is ${JSON.stringify(e.data)}: use one of ${(e.params as { allowedValues: unknown[] }).allowedValues
            .map((v) => `\`${String(v)}\``)
            .join(", ")}`,
        );
        break;
      case "type":
        problems.push(
          `${where} must be ${(e.params as { type: string }).type}` +
            (typeof e.data === "number" && /id$/i.test(path)
              ? `: quote it ('${String(e.data).padStart(12, "0")}') so YAML keeps it a 12-digit string`
              : `, not ${JSON.stringify(e.data)}`),
        );
        break;
      case "anyOf":
        break; // its branches report the detail
      default:
        problems.push(`${where} ${e.message ?? "is invalid"}`);
    }
  }
  return [...new Set(problems)];
}

function patternProblem(where: string, e: ErrorObject): string {
  const value = JSON.stringify(e.data);
  const pattern = (e.params as { pattern: string }).pattern;
  if (pattern === "^[0-9]{12}$") return `${where} is ${value}: an AWS account id is exactly 12 digits; quote it in YAML`;
  if (pattern.startsWith("^o-")) return `${where} is ${value}: an organization id looks like \`o-a1b2c3d4e5\` (see \`aws organizations describe-organization\`)`;
  if (pattern.startsWith("^(r-")) return `${where} is ${value}: a target is a root id (\`r-ab12\`) or an OU id (\`ou-ab12-cd34ef56\`)`;
  if (pattern.startsWith("^AWS::")) return `${where} is ${value}: a resource type looks like \`AWS::S3::Bucket\``;
  if (pattern.startsWith("^arn:")) return `${where} is ${value}: give a role ARN such as \`arn:aws:iam::111122223333:role/ConfigRecorder\``;
  if (pattern.startsWith("^[\\w+=")) return `${where} is ${value}: an IAM role name has 1-64 letters, digits or \`+=,.@-_\``;
  return `${where} is ${value}: it must match \`${pattern}\``;
}

/** `/accounts/2/id` -> `accounts[2].id` */
function pathOf(instancePath: string): string {
  return instancePath
    .split("/")
    .filter(Boolean)
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i === 0 ? "" : "."}${part.replace(/~1/g, "/").replace(/~0/g, "~")}`))
    .join("");
}

/** Stage 1: schema and meaning of config and inventory. Throws `ConfigError` with every problem. */
export function parseSources(sources: DeploymentSources, options: { validatePacks?: (packs: readonly PackSelection[]) => string[] } = {}): ParsedSources {
  const problems: string[] = [];
  const cfg = sources.config;
  const ns = sources.project;
  const key = (path: string) => (path ? `stack config \`${ns}:${path}\`` : `stack config of \`${sources.stack}\``);

  if (!validateStackConfig(cfg)) problems.push(...schemaProblems(validateStackConfig.errors, key));

  // Inventory: readable, YAML, schema.
  let inventory: RawInventory = {};
  let inventoryReadable = false;
  const inv = sources.inventory;
  const invKey = (path: string) => (path ? `\`${path}\` in ${inv.path}` : `the inventory ${inv.path}`);
  if (inv.readError !== undefined) {
    problems.push(
      `the inventory ${inv.path} (stack config \`${ns}:accounts\`) cannot be read: ${inv.readError}. ` +
        `Create it or point \`${ns}:accounts\` at the right file (relative to the project root)`,
    );
  } else {
    const doc = YAML.parseDocument(inv.text ?? "", { uniqueKeys: true });
    if (doc.errors.length > 0) {
      problems.push(...doc.errors.map((e) => `the inventory ${inv.path} is not valid YAML: ${e.message.split("\n")[0]}`));
    } else {
      const parsed: unknown = doc.toJS() ?? {};
      if (!validateInventory(parsed)) problems.push(...schemaProblems(validateInventory.errors, invKey));
      inventoryReadable = true;
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) inventory = parsed as RawInventory;
      else problems.push(`the inventory ${inv.path} must be a mapping with \`accounts:\` (and optionally \`discover: true\`)`);
    }
  }

  // Regions.
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  const regionNames = Array.isArray(cfg.regions) ? cfg.regions.filter((r): r is string => typeof r === "string") : [];
  const homeRegion = str(cfg.homeRegion) ?? "";
  for (const r of regionNames) {
    if (!isConfigRegion(r)) problems.push(`${key("regions")} lists \`${r}\`, which is not a region with an AWS Config endpoint: check the spelling (e.g. \`eu-west-1\`)`);
  }
  const partitions = new Set(regionNames.map(partitionOf).filter(Boolean));
  if (partitions.size > 1) problems.push(`${key("regions")} mixes partitions (${[...partitions].join(", ")}): one stack governs one partition`);
  const partition: Partition = (partitions.values().next().value as Partition | undefined) ?? "aws";
  if (homeRegion && !regionNames.includes(homeRegion)) {
    problems.push(`${key("homeRegion")} is \`${homeRegion}\`, which is not in ${key("regions")}: add it to \`regions\` or pick one of ${regionNames.map((r) => `\`${r}\``).join(", ")}`);
  } else if (homeRegion && isConfigRegion(homeRegion) && !CONFIG_REGIONS[homeRegion]!.supportsGlobalIamTypes) {
    problems.push(`${key("homeRegion")} is \`${homeRegion}\`, where AWS Config does not record global IAM types: choose a region that does (e.g. \`us-east-1\`)`);
  }
  const regions: GovernedRegion[] = regionNames.filter(isConfigRegion).map(governedRegion);

  // Central accounts.
  const managementAccountId = str(cfg.managementAccountId) ?? "";
  const securityAccountId = str(cfg.securityAccountId) ?? "";
  const logArchiveAccountId = str(cfg.logArchiveAccountId) ?? securityAccountId;
  const deploymentAccountId = str(cfg.deploymentAccountId) ?? managementAccountId;
  if (securityAccountId && securityAccountId === managementAccountId) {
    problems.push(`${key("securityAccountId")} equals \`managementAccountId\` (${securityAccountId}): AWS does not let the management account be its own delegated administrator; name a separate security account`);
  }

  // Profiles: built-in plus the inventory's, each checked against AWS's rules.
  const profiles: Record<string, RecordingProfile> = { ...BUILTIN_PROFILES };
  for (const [name, p] of Object.entries(inventory.profiles ?? {})) {
    if (typeof p !== "object" || p === null) continue;
    const profile: RecordingProfile = {
      name,
      description: p.description ?? name,
      strategy: p.strategy ?? "ALL_SUPPORTED_RESOURCE_TYPES",
      includedResourceTypes: p.includedResourceTypes ?? [],
      excludedResourceTypes: p.excludedResourceTypes ?? [],
      frequency: p.frequency ?? "CONTINUOUS",
      ...(p.override
        ? { override: { description: p.override.description ?? `${name} override`, frequency: p.override.frequency, resourceTypes: p.override.resourceTypes ?? [] } }
        : {}),
    };
    problems.push(...profileProblems(profile, `profiles.${name} in ${inv.path}`));
    profiles[name] = profile;
  }
  for (const [ou, profileName] of Object.entries(inventory.ouProfiles ?? {})) {
    if (typeof profileName === "string" && !profiles[profileName]) {
      problems.push(`\`ouProfiles.${ou}\` in ${inv.path} names profile \`${profileName}\`, which does not exist: use one of ${Object.keys(profiles).map((n) => `\`${n}\``).join(", ")}`);
    }
  }

  // Account entries: duplicates, exclusion rules, per-account settings.
  const entries = Array.isArray(inventory.accounts) ? inventory.accounts : [];
  const seen = new Map<string, number>();
  entries.forEach((entry, i) => {
    if (typeof entry !== "object" || entry === null || typeof entry.id !== "string") return;
    const where = `\`accounts[${i}]\` (${entry.id}${entry.name ? `, ${entry.name}` : ""}) in ${inv.path}`;
    const first = seen.get(entry.id);
    if (first !== undefined) problems.push(`${where} repeats account ${entry.id}, already listed as \`accounts[${first}]\`: merge the two entries`);
    else seen.set(entry.id, i);
    if (entry.exclude === true) {
      const overrides = Object.keys(entry).filter((k) => !EXCLUDED_ACCOUNT_KEYS.includes(k));
      if (overrides.length > 0) problems.push(`${where} is excluded but also sets ${overrides.map((k) => `\`${k}\``).join(", ")}: an excluded account gets nothing, so remove those keys or drop \`exclude: true\``);
      if (!entry.reason) problems.push(`${where} is excluded without a \`reason\`: say why (it appears in the stack outputs)`);
      if (entry.id === securityAccountId || entry.id === logArchiveAccountId) problems.push(`${where} is excluded, but it is the ${entry.id === securityAccountId ? "security" : "log archive"} account: central accounts must be in scope`);
    } else {
      if (entry.reason !== undefined) problems.push(`${where} has a \`reason\` but no \`exclude: true\`: add \`exclude: true\` or remove \`reason\``);
      problems.push(...accountSettingProblems(entry, where, { regionNames, profiles }));
    }
  });
  if (inventory.defaults) problems.push(...accountSettingProblems({ id: "defaults", ...inventory.defaults }, `\`defaults\` in ${inv.path}`, { regionNames, profiles }));
  const discover = inventory.discover === true;
  if (!discover && entries.length === 0 && inventoryReadable) {
    problems.push(`the inventory ${inv.path} lists no accounts and does not say \`discover: true\`: list the accounts or turn on discovery`);
  }

  // Delivery, packs, notifications, shard, tamper protection.
  const delivery = deliveryOf(cfg.delivery, logArchiveAccountId, homeRegion);
  const packs: PackSelection[] = (Array.isArray(cfg.packs) ? cfg.packs : []).filter(isObject).map((p) => ({
    name: String(p.name),
    parameters: Object.fromEntries(Object.entries(isObject(p.parameters) ? p.parameters : {}).map(([k, v]) => [k, String(v)])),
    remediation: (isObject(p.remediation) ? p.remediation : {}) as PackSelection["remediation"],
  }));
  if (options.validatePacks) problems.push(...options.validatePacks(packs));
  const subscriptions: Subscription[] = (isObject(cfg.notifications) && Array.isArray(cfg.notifications.subscriptions) ? cfg.notifications.subscriptions : [])
    .filter(isObject)
    .map((s) => ({
      protocol: s.protocol as Subscription["protocol"],
      endpoint: String(s.endpoint),
      events: (Array.isArray(s.events) ? s.events : ["non-compliant", "back-to-compliant"]) as Subscription["events"],
    }));
  const shard = shardOf(cfg.shard, key("shard"), problems);
  const ownsCentral = typeof cfg.ownsCentral === "boolean" ? cfg.ownsCentral : shard.kind === "all";
  const tamperProtection = tamperOf(cfg.tamperProtection);
  let approvedImages: ApprovedImages | undefined;
  if (isObject(cfg.approvedImages) && cfg.approvedImages.allowList !== undefined) {
    const where = `${ns}:approvedImages.allowList`;
    const allowListProblems = validateAllowList(cfg.approvedImages.allowList, where);
    problems.push(...allowListProblems.map((p) => `stack config ${p}`));
    if (allowListProblems.length === 0) {
      approvedImages = {
        allowList: cfg.approvedImages.allowList as unknown as AllowList,
        ...(typeof cfg.approvedImages.findingsPrefix === "string" ? { findingsPrefix: cfg.approvedImages.findingsPrefix } : {}),
        ...(typeof cfg.approvedImages.frequency === "string" ? { frequency: cfg.approvedImages.frequency as ApprovedImages["frequency"] } : {}),
      };
    }
  }
  if (tamperProtection.enabled && tamperProtection.targets.length === 0) {
    problems.push(`${key("tamperProtection")} is enabled without \`targets\`: list the root (\`r-…\`) or OU ids to attach the SCP to`);
  }

  if (problems.length > 0) throw new ConfigError(problems, `aws-config-org stack \`${sources.stack}\``);

  return {
    sources,
    discover,
    managementAccountId,
    inventory,
    base: {
      project: sources.project,
      stack: sources.stack,
      partition,
      organizationId: String(cfg.organizationId),
      homeRegion,
      regions,
      managementAccountId,
      securityAccountId,
      logArchiveAccountId,
      deploymentAccountId,
      ...(str(cfg.externalId) ? { externalId: str(cfg.externalId)! } : {}),
      deploymentRoleName: str(cfg.deploymentRoleName) ?? "OrganizationAccountAccessRole",
      profiles,
      delivery,
      packs,
      subscriptions,
      shard,
      ownsCentral,
      tamperProtection,
      ...(approvedImages ? { approvedImages } : {}),
    },
  };
}

function accountSettingProblems(
  entry: RawAccountEntry,
  where: string,
  ctx: { regionNames: string[]; profiles: Record<string, RecordingProfile> },
): string[] {
  const problems: string[] = [];
  if (entry.profile !== undefined && !ctx.profiles[entry.profile]) {
    problems.push(`${where} uses profile \`${entry.profile}\`, which does not exist: use one of ${Object.keys(ctx.profiles).map((n) => `\`${n}\``).join(", ")} or define it under \`profiles:\``);
  }
  const regions = Array.isArray(entry.regions) ? entry.regions : ctx.regionNames;
  for (const r of Array.isArray(entry.regions) ? entry.regions : []) {
    if (!ctx.regionNames.includes(r)) problems.push(`${where} lists region \`${r}\`, which the stack does not govern: add it to the stack's \`regions\` or remove it here`);
  }
  if (entry.globalTypesRegion !== undefined) {
    if (!regions.includes(entry.globalTypesRegion)) problems.push(`${where} records global types in \`${entry.globalTypesRegion}\`, which is not one of its regions (${regions.join(", ")}): pick one of them`);
    else if (isConfigRegion(entry.globalTypesRegion) && !CONFIG_REGIONS[entry.globalTypesRegion]!.supportsGlobalIamTypes)
      problems.push(`${where} records global types in \`${entry.globalTypesRegion}\`, where AWS Config does not record global IAM types: pick an older region`);
  }
  if (typeof entry.adopt === "object" && entry.adopt !== null) {
    for (const r of Object.keys(entry.adopt)) {
      if (!regions.includes(r)) problems.push(`${where} adopts a recorder in \`${r}\`, which is not one of its regions: fix the region key under \`adopt\``);
    }
  }
  if (typeof entry.adopt === "string" && entry.adopt.startsWith("AWSConfigurationRecorderFor")) {
    problems.push(`${where} adopts \`${entry.adopt}\`, a service-linked recorder that belongs to another AWS service: it cannot be adopted; remove \`adopt\``);
  }
  return problems;
}

/**
 * How to reach an account: its inventory `roleName`, else `defaults.roleName`,
 * else the stack's `deploymentRoleName`; the deployment account itself is
 * reached with the caller's own credentials unless a role is set for it.
 */
export function accessOf(parsed: ParsedSources, accountId: string): AccountAccess {
  const e = parsed.inventory.accounts?.find((a) => a.id === accountId) ?? { id: accountId };
  const defaults = parsed.inventory.defaults ?? {};
  const roleName = e.roleName ?? defaults.roleName ?? (accountId === parsed.base.deploymentAccountId ? undefined : parsed.base.deploymentRoleName);
  const externalId = e.externalId ?? defaults.externalId ?? parsed.base.externalId;
  return { ...(roleName ? { roleName } : {}), ...(externalId ? { externalId } : {}) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function deliveryOf(raw: unknown, logArchiveAccountId: string, homeRegion: string): Delivery {
  const d = isObject(raw) ? raw : {};
  const l = isObject(d.lifecycle) ? d.lifecycle : {};
  const num = (v: unknown, fallback: number) => (typeof v === "number" ? v : fallback);
  return {
    bucketName: typeof d.bucketName === "string" ? d.bucketName : defaultDeliveryBucketName(logArchiveAccountId, homeRegion),
    ...(typeof d.keyPrefix === "string" ? { keyPrefix: d.keyPrefix } : {}),
    encryption: d.encryption === "SSE-KMS" ? "SSE-KMS" : "SSE-S3",
    snapshotFrequency: (d.snapshotFrequency as Delivery["snapshotFrequency"]) ?? "TwentyFour_Hours",
    lifecycle: {
      transitionDays: num(l.transitionDays, 90),
      transitionStorageClass: (l.transitionStorageClass as Delivery["lifecycle"]["transitionStorageClass"]) ?? "STANDARD_IA",
      expirationDays: num(l.expirationDays, 0),
      noncurrentExpirationDays: num(l.noncurrentExpirationDays, 0),
    },
  };
}

function shardOf(raw: unknown, where: string, problems: string[]): Shard {
  if (!isObject(raw)) return { kind: "all" };
  const kinds = ["ous", "accountIds", "index"].filter((k) => raw[k] !== undefined);
  if (kinds.length !== 1) {
    problems.push(`${where} must set exactly one of \`ous\`, \`accountIds\` or \`index\`+\`count\` (found ${kinds.length ? kinds.join(", ") : "none"})`);
    return { kind: "all" };
  }
  if (Array.isArray(raw.ous)) return { kind: "ou", ous: raw.ous.map(String) };
  if (Array.isArray(raw.accountIds)) return { kind: "accounts", accountIds: raw.accountIds.map(String) };
  const index = Number(raw.index);
  const count = Number(raw.count);
  if (!Number.isInteger(count) || index > count) {
    problems.push(`${where} is shard ${raw.index} of ${String(raw.count)}: \`index\` runs from 1 to \`count\``);
    return { kind: "all" };
  }
  return { kind: "hash", index, count };
}

function tamperOf(raw: unknown): TamperProtection {
  const t = isObject(raw) ? raw : {};
  return { enabled: t.enabled === true, targets: Array.isArray(t.targets) ? t.targets.map(String) : [] };
}

/**
 * Stage 2: the scope. With `discover`, the organization's ACTIVE accounts are
 * the base and inventory entries override them; without, the inventory is the
 * whole scope. Exclusions leave, the shard slices, central accounts must be in.
 */
export function resolveDeployment(parsed: ParsedSources, organization?: readonly OrganizationAccount[]): Deployment {
  const problems: string[] = [];
  const { base, inventory } = parsed;
  const invPath = parsed.sources.inventory.path;
  const entries = inventory.accounts ?? [];
  const byId = new Map(entries.map((e) => [e.id, e]));

  let candidates: { id: string; name?: string; ou?: string; source: Account["source"] }[];
  if (parsed.discover) {
    if (!organization) throw new Error("resolveDeployment: the inventory says `discover: true` but no organization accounts were given");
    const orgIds = new Set(organization.map((a) => a.id));
    const active = organization.filter((a) => a.status === "ACTIVE");
    for (const e of entries) {
      if (!orgIds.has(e.id)) problems.push(`account ${e.id}${e.name ? ` (${e.name})` : ""} in ${invPath} is not in organization ${base.organizationId}: remove the entry or check the id`);
      else if (!e.exclude && !active.some((a) => a.id === e.id)) problems.push(`account ${e.id} in ${invPath} is not ACTIVE in the organization (suspended or closing): exclude it with a reason or remove the entry`);
    }
    candidates = active.map((a) => ({ id: a.id, name: byId.get(a.id)?.name ?? a.name, ou: byId.get(a.id)?.ou ?? a.ou, source: byId.has(a.id) ? "inventory" : "discovered" }));
  } else {
    candidates = entries.map((e) => ({ id: e.id, ...(e.name ? { name: e.name } : {}), ...(e.ou ? { ou: e.ou } : {}), source: "inventory" }));
  }

  const excluded: ExcludedAccount[] = [];
  const inScope: typeof candidates = [];
  for (const c of candidates) {
    const entry = byId.get(c.id);
    if (entry?.exclude) excluded.push({ id: c.id, name: c.name ?? c.id, reason: entry.reason ?? "" });
    else inScope.push(c);
  }
  const scopeIds = new Set(inScope.map((c) => c.id));
  const central: [string, string][] = [
    ["managementAccountId", base.managementAccountId],
    ["securityAccountId", base.securityAccountId],
    ["logArchiveAccountId", base.logArchiveAccountId],
  ];
  for (const [k, id] of central) {
    if (!scopeIds.has(id) && !excluded.some((x) => x.id === id)) {
      problems.push(
        `stack config \`${base.project}:${k}\` is ${id}, which is not in scope: ` +
          (parsed.discover ? `it is not an ACTIVE account of the organization` : `add \`- id: "${id}"\` to ${invPath}`),
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, `aws-config-org stack \`${base.stack}\``);

  const defaults = inventory.defaults ?? {};
  const scope: Account[] = inScope
    .map((c) => {
      const e: Partial<RawAccountEntry> = byId.get(c.id) ?? {};
      const regionNames = e.regions ?? defaults.regions ?? base.regions.map((r) => r.name);
      const regions = base.regions.filter((r) => regionNames.includes(r.name));
      const profileName = e.profile ?? (c.ou ? inventory.ouProfiles?.[c.ou] : undefined) ?? defaults.profile ?? "complete";
      const globalTypesRegion = e.globalTypesRegion ?? defaults.globalTypesRegion ?? (regionNames.includes(base.homeRegion) ? base.homeRegion : regions.find((r) => r.supportsGlobalIamTypes)?.name ?? base.homeRegion);
      const adopt = typeof e.adopt === "string" ? Object.fromEntries(regions.map((r) => [r.name, e.adopt as string])) : (e.adopt ?? {});
      const functions: AccountFunction[] = [];
      if (c.id === base.managementAccountId) functions.push("management");
      if (c.id === base.securityAccountId) functions.push("security");
      if (c.id === base.logArchiveAccountId) functions.push("log-archive");
      if (functions.length === 0) functions.push("member");
      return {
        id: c.id,
        name: c.name ?? c.id,
        ...(c.ou ? { ou: c.ou } : {}),
        functions,
        access: accessOf(parsed, c.id),
        profile: base.profiles[profileName]!,
        regions,
        globalTypesRegion,
        adopt,
        recorderRole: e.recorderRoleArn ? { kind: "custom", roleArn: e.recorderRoleArn } : { kind: "service-linked" },
        source: c.source,
      } satisfies Account;
    });

  const accounts = scope.filter((a) => inShard({ id: a.id, ...(a.ou ? { ou: a.ou } : {}) }, base.shard));
  return { ...base, accounts, scope, excluded, discovered: parsed.discover };
}
