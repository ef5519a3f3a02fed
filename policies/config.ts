/**
 * The policy config file of a stack (`policies/config/<stack>.json`, given to
 * `pulumi preview --policy-pack policies --policy-pack-config …`): built from
 * a plain description of the deployment, one entry per policy holding exactly
 * the facts its `configSchema` declares. Also the JSON Schema of that file.
 */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

import type { AccountFact, DeploymentFacts, FactName, GovernedRegionFact, ShardFact } from "./facts";
import { policies } from "./policies";

/** The description `buildPolicyConfig` takes: DeploymentFacts, with the obvious defaults optional. */
export interface DeploymentDescription {
  readonly organizationId: string;
  readonly homeRegion: string;
  readonly governedRegions: readonly GovernedRegionFact[];
  readonly managementAccountId: string;
  readonly securityAccountId: string;
  /** Default: the security account. */
  readonly logArchiveAccountId?: string;
  /** Default: the management account (the program runs with its credentials). */
  readonly deployerAccountId?: string;
  readonly accounts: readonly AccountFact[];
  /** Default: none. */
  readonly excludedAccountIds?: readonly string[];
  /** Default: the ids of `accounts` (an unsharded stack's scope). */
  readonly scopeAccountIds?: readonly string[];
  readonly deliveryBucketName: string;
  /** Default: none. */
  readonly conformancePacks?: readonly string[];
  /** Default: none (every pack in every governed region). */
  readonly conformancePackSkips?: Readonly<Record<string, readonly string[]>>;
  /** Default: none (no pack or rule has `targets`). */
  readonly targetExclusions?: Readonly<Record<string, readonly string[]>>;
  /** Default: none (tamper protection off). */
  readonly tamperProtectionTargets?: readonly string[];
  /** Default: `{ name: "all", ownsCentral: true }`. */
  readonly shard?: ShardFact;
  /** Default: false (GuardDuty off). */
  readonly guardDuty?: boolean;
}

/** One policy's entry in the config file: its facts (and, if a user adds one, an `enforcementLevel`). */
export type PolicyConfigEntry = Partial<DeploymentFacts>;

/** The config file: policy name → entry. */
export type PolicyPackConfigFile = Record<string, PolicyConfigEntry>;

/** The description with defaults filled in; throws once with every inconsistency, each naming the field. */
export function deploymentFacts(description: DeploymentDescription): DeploymentFacts {
  const facts: DeploymentFacts = {
    organizationId: description.organizationId,
    homeRegion: description.homeRegion,
    governedRegions: description.governedRegions,
    managementAccountId: description.managementAccountId,
    securityAccountId: description.securityAccountId,
    logArchiveAccountId: description.logArchiveAccountId ?? description.securityAccountId,
    deployerAccountId: description.deployerAccountId ?? description.managementAccountId,
    accounts: description.accounts,
    excludedAccountIds: description.excludedAccountIds ?? [],
    scopeAccountIds: description.scopeAccountIds ?? description.accounts.map((a) => a.id),
    deliveryBucketName: description.deliveryBucketName,
    conformancePacks: description.conformancePacks ?? [],
    conformancePackSkips: description.conformancePackSkips ?? {},
    targetExclusions: description.targetExclusions ?? {},
    tamperProtectionTargets: description.tamperProtectionTargets ?? [],
    shard: description.shard ?? { name: "all", ownsCentral: true },
    guardDuty: description.guardDuty ?? false,
  };
  const problems = factProblems(facts);
  if (problems.length > 0) {
    throw new Error(`policy config description has ${problems.length} issue(s):\n- ${problems.join("\n- ")}`);
  }
  return facts;
}

/** What is inconsistent in `facts` (pure; each problem names the field and the fix). */
export function factProblems(facts: DeploymentFacts): string[] {
  const problems: string[] = [];
  const governed = new Set(facts.governedRegions.map((r) => r.name));
  if (!governed.has(facts.homeRegion)) {
    problems.push(`\`homeRegion\` ${facts.homeRegion} is not in \`governedRegions\`: add it`);
  }
  const seen = new Set<string>();
  for (const account of facts.accounts) {
    if (seen.has(account.id)) {
      problems.push(`\`accounts\` lists ${account.id} twice: keep one entry`);
    }
    seen.add(account.id);
    if (facts.excludedAccountIds.includes(account.id)) {
      problems.push(`account ${account.id} is both in \`accounts\` and \`excludedAccountIds\`: keep one`);
    }
    const ungoverned = account.regions.filter((r) => !governed.has(r));
    if (ungoverned.length > 0) {
      problems.push(`\`accounts[${account.id}].regions\` has ${ungoverned.join(", ")}, not in \`governedRegions\``);
    }
    if (account.globalTypesRegion !== undefined && !account.regions.includes(account.globalTypesRegion)) {
      problems.push(`\`accounts[${account.id}].globalTypesRegion\` ${account.globalTypesRegion} is not one of the account's \`regions\``);
    }
  }
  return problems;
}

/** The names of the facts a policy declares in its `configSchema`. */
function factsOf(policy: { configSchema?: { properties: Record<string, unknown> } }): FactName[] {
  return Object.keys(policy.configSchema?.properties ?? {}) as FactName[];
}

/**
 * The config file content for `description`: for every policy that declares
 * config, exactly the facts it reads, keys in a stable order.
 */
export function buildPolicyConfig(description: DeploymentDescription): PolicyPackConfigFile {
  const facts = deploymentFacts(description);
  const config: PolicyPackConfigFile = {};
  for (const policy of [...policies].sort((a, b) => a.name.localeCompare(b.name))) {
    const names = factsOf(policy).sort();
    if (names.length === 0) {
      continue;
    }
    const entry: Record<string, unknown> = {};
    for (const name of names) {
      entry[name] = facts[name];
    }
    config[policy.name] = entry as PolicyConfigEntry;
  }
  return config;
}

/** `buildPolicyConfig` as the text of `policies/config/<stack>.json`. */
export function policyConfigFileText(description: DeploymentDescription): string {
  return `${JSON.stringify(buildPolicyConfig(description), null, 2)}\n`;
}

const ENFORCEMENT_LEVEL: PolicyConfigJSONSchema = {
  type: "string",
  enum: ["advisory", "mandatory", "remediate", "disabled"],
};

/**
 * JSON Schema (draft 7) of a config file for this pack, derived from the
 * policies so it cannot drift: policies that need facts take an object with
 * them; the others take an enforcement level or `{ enforcementLevel }`.
 */
export function policyConfigFileSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    all: {
      description: "Enforcement level for every policy.",
      anyOf: [ENFORCEMENT_LEVEL, { type: "object", properties: { enforcementLevel: ENFORCEMENT_LEVEL }, additionalProperties: false }],
    },
  };
  for (const policy of [...policies].sort((a, b) => a.name.localeCompare(b.name))) {
    const schema = policy.configSchema;
    const required = schema?.required ?? [];
    const object = {
      type: "object",
      properties: { enforcementLevel: ENFORCEMENT_LEVEL, ...(schema?.properties ?? {}) },
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    };
    properties[policy.name] = {
      description: policy.description,
      ...(required.length > 0 ? object : { anyOf: [ENFORCEMENT_LEVEL, object] }),
    };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "aws-config-org policy pack config",
    description: "Generated from the policies by `cd policies && npx ts-node scripts/writeConfigSchema.ts`; do not edit.",
    type: "object",
    properties,
    additionalProperties: false,
  };
}
