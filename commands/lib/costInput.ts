/**
 * Inputs of the cost estimate besides the stack: resource counts (a file, or the aggregator)
 * and the assumptions that turn counts into configuration items and evaluations.
 *
 * @example counts.yaml
 * counts:                      # account id -> region (or `global` for IAM) -> type -> resources
 *   "111111111111":
 *     eu-west-1:
 *       AWS::EC2::Instance: 40
 *       AWS::EC2::NetworkInterface: 120
 *     global:
 *       AWS::IAM::Role: 80
 * assumptions:
 *   daysPerMonth: 30
 *   changesPerResourceMonth:   # configuration changes of one resource in a month
 *     default: 2
 *     AWS::EC2::NetworkInterface: 60
 *   rules:                     # rules besides the stack's packs (which are read from packs/),
 *     - name: ec2-instance-managed-by-systems-manager   # or a pack rule to override
 *       billing: rule                     # a standalone Config rule; `conformancePack` otherwise
 *       resourceTypes: [AWS::EC2::Instance]  # scope; change-triggered unless `onChange: false`
 *     - name: iam-root-access-key-check
 *       billing: rule
 *       periodic: TwentyFour_Hours        # one account-level evaluation per run
 */
import * as fs from "fs";
import * as YAML from "yaml";
import type { ExecutionFrequency } from "../../policies/configVocabulary";
import { InputError } from "./exitCodes";

/** `global` holds the global IAM types; the estimate puts them in each account's global-types region. */
export const GLOBAL_REGION_KEY = "global";

/** account id -> region -> resource type -> number of resources. */
export type ResourceCounts = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, number>>>>>>;

export type { ExecutionFrequency };

export const RUNS_PER_DAY: Readonly<Record<ExecutionFrequency, number>> = {
  One_Hour: 24,
  Three_Hours: 8,
  Six_Hours: 4,
  Twelve_Hours: 2,
  TwentyFour_Hours: 1,
};

/** A rule as the estimate sees it: how it bills and what makes it evaluate. */
export interface RuleCostSpec {
  readonly name: string;
  /** Rules deployed by a conformance pack bill as conformance-pack evaluations. */
  readonly billing: "rule" | "conformancePack";
  /** The rule's scope (`Scope.ComplianceResourceTypes`); empty for account-level rules. */
  readonly resourceTypes: readonly string[];
  /** Triggered by configuration changes: each recorded CI of a scoped type is one evaluation. */
  readonly onChange: boolean;
  /** Periodic trigger: one evaluation per run per in-scope resource, or per account when unscoped. */
  readonly periodic?: ExecutionFrequency;
  /** Where the rule comes from: a pack of the stack, or the assumptions file. */
  readonly source: string;
  /** Governed Regions the rule is not deployed to (AWS does not offer it there: packs/regionalPacks.ts leaves it out). */
  readonly leftOutIn?: readonly string[];
}

export interface CostAssumptions {
  /** Days in the billed month; a DAILY-recorded resource yields at most one CI per day. */
  readonly daysPerMonth: number;
  /** Configuration changes per resource per month, by type; `default` for the rest. */
  readonly changesPerResourceMonth: Readonly<Record<string, number>> & { readonly default: number };
  readonly rules: readonly RuleCostSpec[];
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  daysPerMonth: 30,
  changesPerResourceMonth: { default: 2 },
  rules: [],
};

export interface CostInputFile {
  readonly counts?: ResourceCounts;
  readonly assumptions?: CostAssumptions;
}

const ACCOUNT_ID = /^[0-9]{12}$/;
const RESOURCE_TYPE = /^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/;
const FREQUENCIES = Object.keys(RUNS_PER_DAY);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

function countsOf(raw: unknown, problems: string[]): ResourceCounts {
  if (!isRecord(raw)) {
    problems.push("`counts` must map account ids to regions to resource types to numbers");
    return {};
  }
  const out: Record<string, Record<string, Record<string, number>>> = {};
  for (const [account, regions] of Object.entries(raw)) {
    if (!ACCOUNT_ID.test(account))
      problems.push(`\`counts.${account}\`: an account id is exactly 12 digits; quote it in YAML (\`"${account.padStart(12, "0")}"\`)`);
    if (!isRecord(regions)) {
      problems.push(`\`counts.${account}\` must map regions (or \`${GLOBAL_REGION_KEY}\`) to resource types`);
      continue;
    }
    const byRegion: Record<string, Record<string, number>> = {};
    for (const [region, types] of Object.entries(regions)) {
      if (!isRecord(types)) {
        problems.push(`\`counts.${account}.${region}\` must map resource types to numbers`);
        continue;
      }
      const byType: Record<string, number> = {};
      for (const [type, n] of Object.entries(types)) {
        if (!RESOURCE_TYPE.test(type)) problems.push(`\`counts.${account}.${region}\` has \`${type}\`: a resource type looks like \`AWS::S3::Bucket\``);
        else if (!isCount(n)) problems.push(`\`counts.${account}.${region}.${type}\` must be a number of resources, not ${JSON.stringify(n)}`);
        else byType[type] = n;
      }
      byRegion[region] = byType;
    }
    out[account] = byRegion;
  }
  return out;
}

function rulesOf(raw: unknown, problems: string[]): RuleCostSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push("`assumptions.rules` must be a list of `{name, billing, resourceTypes?, onChange?, periodic?}`");
    return [];
  }
  const rules: RuleCostSpec[] = [];
  raw.forEach((r: unknown, i) => {
    // A rule as written in the file: how it bills, its scope, its triggers.
    const where = `\`assumptions.rules[${i}]\``;
    if (!isRecord(r) || typeof r.name !== "string") {
      problems.push(`${where} needs a \`name\``);
      return;
    }
    const billing = r.billing ?? "conformancePack";
    if (billing !== "rule" && billing !== "conformancePack")
      problems.push(`${where} (${r.name}) has \`billing: ${String(billing)}\`: use \`rule\` or \`conformancePack\``);
    const types = r.resourceTypes ?? [];
    if (!Array.isArray(types) || !types.every((t) => typeof t === "string" && RESOURCE_TYPE.test(t))) {
      problems.push(`${where} (${r.name}) \`resourceTypes\` must be a list of types such as \`AWS::S3::Bucket\``);
    }
    if (r.periodic !== undefined && !FREQUENCIES.includes(String(r.periodic))) {
      problems.push(`${where} (${r.name}) \`periodic\` is ${JSON.stringify(r.periodic)}: use one of ${FREQUENCIES.map((f) => `\`${f}\``).join(", ")}`);
    }
    if (r.onChange !== undefined && typeof r.onChange !== "boolean") problems.push(`${where} (${r.name}) \`onChange\` must be true or false`);
    const scoped = Array.isArray(types) && types.length > 0;
    const onChange = r.onChange === undefined ? scoped : r.onChange === true;
    if (onChange && !scoped) problems.push(`${where} (${r.name}) is triggered by changes but has no \`resourceTypes\`: list its scope`);
    if (!onChange && r.periodic === undefined) problems.push(`${where} (${r.name}) has neither \`resourceTypes\` nor \`periodic\`: it would never evaluate`);
    const extra = Object.keys(r).filter((k) => !["name", "billing", "resourceTypes", "onChange", "periodic"].includes(k));
    if (extra.length > 0) problems.push(`${where} (${r.name}) has unknown key(s) ${extra.map((k) => `\`${k}\``).join(", ")}`);
    rules.push({
      name: r.name,
      billing: billing === "rule" ? "rule" : "conformancePack",
      resourceTypes: Array.isArray(types) ? types.filter((t): t is string => typeof t === "string") : [],
      onChange,
      ...(r.periodic !== undefined ? { periodic: r.periodic as ExecutionFrequency } : {}),
      source: "assumptions",
    });
  });
  return rules;
}

function assumptionsOf(raw: unknown, problems: string[]): CostAssumptions {
  if (raw === undefined) return DEFAULT_ASSUMPTIONS;
  if (!isRecord(raw)) {
    problems.push("`assumptions` must be a mapping");
    return DEFAULT_ASSUMPTIONS;
  }
  const extra = Object.keys(raw).filter((k) => !["daysPerMonth", "changesPerResourceMonth", "rules"].includes(k));
  if (extra.length > 0)
    problems.push(
      `\`assumptions\` has unknown key(s) ${extra.map((k) => `\`${k}\``).join(", ")}: allowed are \`daysPerMonth\`, \`changesPerResourceMonth\`, \`rules\``,
    );
  const days = raw.daysPerMonth ?? DEFAULT_ASSUMPTIONS.daysPerMonth;
  if (typeof days !== "number" || !Number.isInteger(days) || days < 28 || days > 31)
    problems.push(`\`assumptions.daysPerMonth\` must be 28 to 31, not ${JSON.stringify(days)}`);
  const changes: Record<string, number> = { ...DEFAULT_ASSUMPTIONS.changesPerResourceMonth };
  const rawChanges = raw.changesPerResourceMonth;
  if (typeof rawChanges === "number") {
    changes.default = rawChanges;
  } else if (isRecord(rawChanges)) {
    for (const [type, n] of Object.entries(rawChanges)) {
      if (type !== "default" && !RESOURCE_TYPE.test(type))
        problems.push(`\`assumptions.changesPerResourceMonth\` has \`${type}\`: use \`default\` or a type such as \`AWS::S3::Bucket\``);
      else if (!isCount(n)) problems.push(`\`assumptions.changesPerResourceMonth.${type}\` must be a non-negative number`);
      else changes[type] = n;
    }
  } else if (rawChanges !== undefined) {
    problems.push("`assumptions.changesPerResourceMonth` must be a number or a mapping of types (and `default`) to numbers");
  }
  return {
    daysPerMonth: typeof days === "number" ? days : DEFAULT_ASSUMPTIONS.daysPerMonth,
    changesPerResourceMonth: changes as CostAssumptions["changesPerResourceMonth"],
    rules: rulesOf(raw.rules, problems),
  };
}

/** Parses a counts / assumptions document (already YAML- or JSON-decoded). */
export function parseCostInput(raw: unknown, file: string): CostInputFile {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new InputError(`${file} must be a mapping with \`counts:\` and/or \`assumptions:\``);
  const extra = Object.keys(raw).filter((k) => k !== "counts" && k !== "assumptions");
  if (extra.length > 0) problems.push(`unknown top-level key(s) ${extra.map((k) => `\`${k}\``).join(", ")}: allowed are \`counts\` and \`assumptions\``);
  const counts = raw.counts === undefined ? undefined : countsOf(raw.counts, problems);
  const assumptions = raw.assumptions === undefined ? undefined : assumptionsOf(raw.assumptions, problems);
  if (problems.length > 0) throw new InputError(`${file}: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return { ...(counts ? { counts } : {}), ...(assumptions ? { assumptions } : {}) };
}

/** Reads a `.json`, `.yaml` or `.yml` counts / assumptions file. */
export function readCostInput(file: string): CostInputFile {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read \`${file}\`: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    throw new InputError(`\`${file}\` is not valid ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(e as Error).message.split("\n")[0]}`);
  }
  return parseCostInput(raw, file);
}
