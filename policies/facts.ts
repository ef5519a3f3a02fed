/**
 * What the policies need to know about the deployment a stack is meant to be,
 * delivered as policy config (`--policy-pack-config policies/config/<stack>.json`)
 * so one pack can judge any stack.
 *
 * CrossGuard config is per policy: each policy declares the facts it reads in
 * its `configSchema` (built here from one table of fact schemas), and
 * `buildPolicyConfig` (config.ts) hands each policy exactly those facts.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/** A governed region and whether AWS records the global IAM types there. */
export interface GovernedRegionFact {
  /** Region code, e.g. `eu-west-1`. */
  readonly name: string;
  /** Config was available there before Feb 2022, so it can record `AWS::IAM::*`. */
  readonly supportsGlobalIamTypes: boolean;
}

/** An account in this stack's scope. */
export interface AccountFact {
  /** 12-digit account id. */
  readonly id: string;
  /** Human name, used in messages. */
  readonly name?: string;
  /** Governed regions where this account must have a recorder. */
  readonly regions: readonly string[];
  /** The one region where this account records the global IAM types. */
  readonly globalTypesRegion?: string;
}

/** Which part of the organization the stack takes. */
export interface ShardFact {
  /** Label for messages, e.g. `all`, `ou:ou-ab12-workloads`, `hash 2/4`. */
  readonly name: string;
  /** Whether this stack owns the central resources (bucket, aggregator, packs). */
  readonly ownsCentral: boolean;
}

/**
 * The plain description of one stack's deployment: the input of
 * `buildPolicyConfig` and, split per policy, the content of the config file.
 */
export interface DeploymentFacts {
  /** `o-…`: the value the bucket policy's `aws:SourceOrgID` conditions must carry. */
  readonly organizationId: string;
  /** Region of the central resources. */
  readonly homeRegion: string;
  /** Every governed region of the stack. */
  readonly governedRegions: readonly GovernedRegionFact[];
  readonly managementAccountId: string;
  /** Delegated administrator: aggregator and organization conformance packs (equal to `managementAccountId` in a one-account stack, with no registration). */
  readonly securityAccountId: string;
  /** Owner of the central delivery bucket. */
  readonly logArchiveAccountId: string;
  /** Account whose credentials run the program: a provider without `assumeRoles` acts there. */
  readonly deployerAccountId: string;
  /** Accounts in this stack's scope, with their regions. */
  readonly accounts: readonly AccountFact[];
  /** Accounts the inventory excludes (`exclude: true`). */
  readonly excludedAccountIds: readonly string[];
  /**
   * Every account in scope across all shards: the accounts the central delivery bucket may admit
   * by `AWS:SourceAccount` (`delivery.sourceCondition: accounts`). Equal to `accounts` when the
   * stack is not sharded.
   */
  readonly scopeAccountIds: readonly string[];
  /** The one central bucket every delivery channel writes to. */
  readonly deliveryBucketName: string;
  /** Organization conformance pack names as deployed, each expected in every governed region. */
  readonly conformancePacks: readonly string[];
  /** Pack name -> governed regions it is left out of because AWS offers none of its rules there. */
  readonly conformancePackSkips: Readonly<Record<string, readonly string[]>>;
  /**
   * Organization pack or rule name (as deployed) -> the accounts of the stack's scope outside its
   * `targets`, which it must exclude in every region. A name not listed is not targeted.
   */
  readonly targetExclusions: Readonly<Record<string, readonly string[]>>;
  /** Roots (`r-…`), OUs (`ou-…`) or accounts the tamper-protection SCP must be attached to; empty: none. */
  readonly tamperProtectionTargets: readonly string[];
  readonly shard: ShardFact;
  /** Whether the stack turns GuardDuty on (stack `guardDuty.enabled`): then every governed region must have it. */
  readonly guardDuty: boolean;
}

export type FactName = keyof DeploymentFacts;

const ACCOUNT_ID: PolicyConfigJSONSchema = { type: "string", pattern: "^[0-9]{12}$" };
const REGION: PolicyConfigJSONSchema = { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$" };

/** JSON Schema (draft 7, what the CLI's gojsonschema reads) of every fact. */
export const FACT_SCHEMAS: { readonly [K in FactName]: PolicyConfigJSONSchema } = {
  organizationId: {
    description: "Organization id (`o-…`) the bucket policy's `aws:SourceOrgID` conditions must name.",
    type: "string",
    pattern: "^o-[a-z0-9]{10,32}$",
  },
  homeRegion: { ...REGION, description: "Region of the central resources." },
  governedRegions: {
    description: "Every governed region, and whether AWS records the global IAM types there.",
    type: "array",
    minItems: 1,
    items: {
      type: "object",
      additionalProperties: false,
      required: ["name", "supportsGlobalIamTypes"],
      properties: { name: REGION, supportsGlobalIamTypes: { type: "boolean" } },
    },
  },
  managementAccountId: { ...ACCOUNT_ID, description: "Organization management account." },
  securityAccountId: { ...ACCOUNT_ID, description: "Delegated administrator: aggregator and organization packs." },
  logArchiveAccountId: { ...ACCOUNT_ID, description: "Owner of the central delivery bucket." },
  deployerAccountId: {
    ...ACCOUNT_ID,
    description: "Account whose credentials run the program; a provider without `assumeRoles` acts there.",
  },
  accounts: {
    description: "Accounts in this stack's scope and the governed regions each must record in.",
    type: "array",
    items: {
      type: "object",
      additionalProperties: false,
      required: ["id", "regions"],
      properties: {
        id: ACCOUNT_ID,
        name: { type: "string" },
        regions: { type: "array", items: REGION, minItems: 1, uniqueItems: true },
        globalTypesRegion: REGION,
      },
    },
  },
  excludedAccountIds: {
    description: "Accounts the inventory excludes.",
    type: "array",
    items: ACCOUNT_ID,
    uniqueItems: true,
  },
  scopeAccountIds: {
    description: "Every account in scope across all shards: the accounts the central bucket may admit by `AWS:SourceAccount`.",
    type: "array",
    items: ACCOUNT_ID,
    uniqueItems: true,
  },
  deliveryBucketName: {
    description: "The central bucket every delivery channel writes to.",
    type: "string",
    pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
  },
  conformancePacks: {
    description: "Organization conformance pack names as deployed; each must exist in every governed region.",
    type: "array",
    items: { type: "string", minLength: 1 },
    uniqueItems: true,
  },
  conformancePackSkips: {
    description: "Pack name -> governed regions where AWS offers none of the pack's rules, so the pack is not deployed there.",
    type: "object",
    additionalProperties: { type: "array", items: { type: "string", minLength: 1 }, uniqueItems: true },
  },
  targetExclusions: {
    description:
      "Organization pack or rule name (as deployed) -> the accounts of the stack's scope outside its `targets`, which it must exclude in every region.",
    type: "object",
    additionalProperties: { type: "array", items: ACCOUNT_ID, uniqueItems: true },
  },
  tamperProtectionTargets: {
    description: "Roots (`r-…`), OUs (`ou-…`) or accounts the tamper-protection SCP must be attached to.",
    type: "array",
    items: { type: "string", pattern: "^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|[0-9]{12})$" },
    uniqueItems: true,
  },
  guardDuty: {
    description: "Whether the stack turns GuardDuty on: then every governed region has it, administered by the security account.",
    type: "boolean",
  },
  shard: {
    description: "The part of the organization this stack takes.",
    type: "object",
    additionalProperties: false,
    required: ["name", "ownsCentral"],
    properties: { name: { type: "string", minLength: 1 }, ownsCentral: { type: "boolean" } },
  },
};

/** The `configSchema` of a policy that reads `names`: all of them required. */
export function factsConfigSchema(...names: FactName[]): PolicyConfigSchema {
  const properties: Record<string, PolicyConfigJSONSchema> = {};
  for (const name of names) {
    properties[name] = FACT_SCHEMAS[name];
  }
  return { properties, required: [...names] };
}

/** The facts a policy's `getConfig()` returned, checked for presence so a missing file fails loudly. */
export function requireFacts<K extends FactName>(policyName: string, config: Partial<DeploymentFacts>, ...names: K[]): Pick<DeploymentFacts, K> {
  const missing = names.filter((name) => config[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `policy \`${policyName}\` has no config ${missing.map((m) => `\`${m}\``).join(", ")}: run the pack with ` +
        "`--policy-pack-config policies/config/<stack>.json` (see policies/config/README.md)",
    );
  }
  return config as Pick<DeploymentFacts, K>;
}
