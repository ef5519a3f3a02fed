/**
 * Resolves a stack's pack selection against the library: parameter values
 * (config, else the pack's default), the rules actually deployed, their
 * inputs, and each rule's effective remediation. Pure: every problem is
 * collected and named by its config path (`packs[i].parameters.x`), nothing
 * is thrown, so config validation can report them all at once.
 */
import { managedRuleNamed } from "./catalog/managedRules";
import { runbookNamed } from "./catalog/runbooks";
import { packLibrary } from "./library";
import { checkParameterValue } from "./parameterValues";
import type { ExecutionFrequency, ManagedRule, Runbook, ValueSource } from "./catalog/facts";
import type { PackDefinition, PackRule, RemediationMode, PackSelection } from "./choices";

/** AWS: `MaximumAutomaticAttempts` 1–25, `RetryAttemptSeconds` 1–2678000. */
export const AUTOMATIC_ATTEMPTS = { default: 5, min: 1, max: 25 } as const;
export const RETRY_SECONDS = { default: 60, min: 1, max: 2_678_000 } as const;
/** Rules per organization conformance pack (aws-config-facts.md §4). */
export const MAX_RULES_PER_PACK = 130;

const MODES: readonly RemediationMode[] = ["off", "manual", "automatic"];

/** A runbook parameter's value once resolved: the finding's resource id, or a string. */
export type ResolvedValue = { readonly kind: "resourceId" } | { readonly kind: "value"; readonly value: string };

export interface ResolvedRemediation {
  readonly runbook: Runbook;
  readonly mode: "manual" | "automatic";
  readonly maximumAttempts: number;
  readonly retrySeconds: number;
  /** Runbook parameters other than `AutomationAssumeRole`. */
  readonly parameters: Readonly<Record<string, ResolvedValue>>;
}

export interface ResolvedRule {
  readonly configRuleName: string;
  readonly rule: ManagedRule;
  /** Input parameters with values; unset optional ones are absent. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Periodic rules only. */
  readonly frequency?: ExecutionFrequency;
  readonly remediation?: ResolvedRemediation;
}

export interface ResolvedPack {
  readonly pack: PackDefinition;
  readonly rules: readonly ResolvedRule[];
}

export interface Resolution {
  readonly resolved?: ResolvedPack;
  readonly problems: readonly string[];
}

export function configRuleNameOf(packRule: PackRule): string {
  return packRule.configRuleName ?? packRule.rule;
}

const list = (names: Iterable<string>) => [...names].map((n) => `\`${n}\``).join(", ");

/**
 * Resolves one selection. `path` is its place in config (`packs[2]`).
 * `library` is replaceable for tests of packs that are not shipped.
 */
export function resolvePackSelection(selection: PackSelection, path: string, library: Readonly<Record<string, PackDefinition>> = packLibrary): Resolution {
  const pack = library[selection.name];
  if (!pack) {
    return {
      problems: [`\`${path}.name\`: there is no pack \`${selection.name}\`; choose one of ${list(Object.keys(library))}`],
    };
  }
  const problems: string[] = [];
  const values = parameterValues(pack, selection, path, problems);

  const rules: ResolvedRule[] = [];
  const skipped = new Map<string, string[]>(); // config rule name -> unset parameters that left it out
  for (const packRule of pack.rules) {
    const rule = managedRuleNamed(packRule.rule);
    const name = configRuleNameOf(packRule);
    if (!rule) {
      problems.push(`pack \`${pack.name}\` rule \`${name}\`: \`${packRule.rule}\` is not in the managed rule catalog (packs/catalog/managedRules.ts)`);
      continue;
    }
    const unset = parametersUsed(packRule.inputs).filter((p) => values[p] === undefined);
    if (packRule.onlyWhenParametersSet && unset.length > 0) {
      skipped.set(name, unset);
      continue;
    }
    const inputs = resolveInputs(packRule, rule, values, path, problems);
    const remediation = resolveRemediation(packRule, rule, selection, values, path, problems);
    rules.push({
      configRuleName: name,
      rule,
      inputs,
      ...(rule.trigger === "periodic" ? { frequency: packRule.frequency ?? "TwentyFour_Hours" } : {}),
      ...(remediation ? { remediation } : {}),
    });
  }

  for (const [ruleName, mode] of Object.entries(selection.remediation)) {
    const where = `\`${path}.remediation.${ruleName}\``;
    if (!MODES.includes(mode)) {
      problems.push(`${where}: \`${String(mode)}\` is not a remediation mode; use \`off\`, \`manual\` or \`automatic\``);
    }
    const unset = skipped.get(ruleName);
    if (unset && mode !== "off") {
      problems.push(`${where}: the rule is not deployed because ${list(unset.map((p) => `${path}.parameters.${p}`))} is not set`);
    } else if (!pack.rules.some((r) => configRuleNameOf(r) === ruleName)) {
      problems.push(`${where}: pack \`${pack.name}\` has no rule \`${ruleName}\`; its rules are ${list(pack.rules.map(configRuleNameOf))}`);
    }
  }

  if (rules.length === 0 && pack.rules.length > 0) {
    const needed = [...new Set([...skipped.values()].flat())];
    problems.push(`\`${path}.parameters\`: pack \`${pack.name}\` deploys no rule; set ${list(needed)} (one or more)`);
  }
  return problems.length > 0 ? { problems } : { resolved: { pack, rules }, problems };
}

/** Problems of every selection, plus selections of the same pack twice. */
export function validatePackSelections(selections: readonly PackSelection[]): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  selections.forEach((selection, i) => {
    const seen = firstIndex.get(selection.name);
    if (seen !== undefined) {
      problems.push(
        `\`packs[${i}].name\`: pack \`${selection.name}\` is already selected at \`packs[${seen}]\`; select each pack once and merge their parameters`,
      );
    } else {
      firstIndex.set(selection.name, i);
    }
    problems.push(...resolvePackSelection(selection, `packs[${i}]`).problems);
  });
  return problems;
}

function parametersUsed(sources: Readonly<Record<string, ValueSource>> | undefined): string[] {
  return Object.values(sources ?? {}).flatMap((s) => (s.kind === "packParameter" ? [s.name] : []));
}

/** Effective value of each pack parameter (config, else default; empty strings count as unset). */
function parameterValues(pack: PackDefinition, selection: PackSelection, path: string, problems: string[]): Readonly<Record<string, string>> {
  for (const key of Object.keys(selection.parameters)) {
    if (!(key in pack.parameters)) {
      const known = Object.keys(pack.parameters);
      problems.push(
        `\`${path}.parameters.${key}\`: pack \`${pack.name}\` has no parameter \`${key}\`; ${known.length > 0 ? `its parameters are ${list(known)}` : "it takes none"}`,
      );
    }
  }
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(pack.parameters)) {
    const given = selection.parameters[name];
    const value = given !== undefined && given.trim() !== "" ? given.trim() : spec.default;
    const where = `${path}.parameters.${name}`;
    if (value === undefined) {
      if (spec.required) problems.push(`\`${where}\` is required by pack \`${pack.name}\`: ${spec.description}`);
      continue;
    }
    // Limits come from every managed rule input the parameter feeds.
    const bound = pack.rules.flatMap((packRule) =>
      Object.entries(packRule.inputs ?? {}).flatMap(([input, source]) =>
        source.kind === "packParameter" && source.name === name ? [managedRuleNamed(packRule.rule)?.inputs[input]] : [],
      ),
    );
    // Every input the parameter feeds has its say; a parameter feeding only runbooks is checked by its type.
    const constraintSets = bound.length > 0 ? [...new Set(bound.map((b) => b?.constraints))] : [undefined];
    const found = new Set(constraintSets.flatMap((constraints) => checkParameterValue(where, spec.type, value, constraints)));
    problems.push(...found);
    values[name] = value;
  }
  return values;
}

function resolveInputs(
  packRule: PackRule,
  rule: ManagedRule,
  values: Readonly<Record<string, string>>,
  path: string,
  problems: string[],
): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [input, source] of Object.entries(packRule.inputs ?? {})) {
    if (!(input in rule.inputs)) {
      problems.push(`pack rule \`${configRuleNameOf(packRule)}\`: \`${rule.name}\` has no input \`${input}\``);
      continue;
    }
    const value = sourceValue(source, values);
    if (value !== undefined) inputs[input] = value;
  }
  for (const [input, spec] of Object.entries(rule.inputs)) {
    if (spec.required && inputs[input] === undefined) {
      const source = packRule.inputs?.[input];
      problems.push(
        source?.kind === "packParameter"
          ? `\`${path}.parameters.${source.name}\` is required: rule \`${configRuleNameOf(packRule)}\` needs its \`${input}\``
          : `pack rule \`${configRuleNameOf(packRule)}\`: required input \`${input}\` has no value in the pack definition`,
      );
    }
  }
  return inputs;
}

function sourceValue(source: ValueSource, values: Readonly<Record<string, string>>): string | undefined {
  switch (source.kind) {
    case "literal":
      return source.value;
    case "packParameter":
      return values[source.name];
    case "resourceId":
      return undefined;
  }
}

function resolveRemediation(
  packRule: PackRule,
  rule: ManagedRule,
  selection: PackSelection,
  values: Readonly<Record<string, string>>,
  path: string,
  problems: string[],
): ResolvedRemediation | undefined {
  const name = configRuleNameOf(packRule);
  const override = selection.remediation[name];
  const where = `\`${path}.remediation.${name}\``;
  const mode = override ?? packRule.remediation.mode;
  if (mode === "off" || !MODES.includes(mode)) return undefined;

  const runbook = rule.remediation ? runbookNamed(rule.remediation.runbook) : undefined;
  if (!rule.remediation || !runbook) {
    problems.push(`${where}: rule \`${rule.name}\` has no remediation runbook (AWS publishes none); use \`off\``);
    return undefined;
  }

  const sources: Record<string, ValueSource> = { ...rule.remediation.parameters, ...packRule.remediationParameters };
  const parameters: Record<string, ResolvedValue> = {};
  const missing: string[] = [];
  for (const [param, spec] of Object.entries(runbook.parameters)) {
    const source = sources[param];
    if (source?.kind === "resourceId") {
      parameters[param] = { kind: "resourceId" };
      continue;
    }
    const value = source ? sourceValue(source, values) : undefined;
    if (value !== undefined) parameters[param] = { kind: "value", value };
    else if (spec.required) missing.push(source?.kind === "packParameter" ? `${path}.parameters.${source.name}` : param);
  }
  if (missing.length > 0) {
    // A default mode that lacks a value stays off quietly (the pack documents it); an explicit choice is an error.
    if (override !== undefined) {
      problems.push(`${where}: \`${mode}\` remediation runs \`${runbook.document}\`, which needs ${list(missing)}; set it or choose \`off\``);
    }
    return undefined;
  }

  const keyProblem = mode === "automatic" ? awsManagedKeyProblem(runbook, sources, parameters, path) : undefined;
  if (keyProblem !== undefined) {
    problems.push(`${where}: ${keyProblem}`);
    return undefined;
  }

  const maximumAttempts = packRule.remediation.maximumAttempts ?? AUTOMATIC_ATTEMPTS.default;
  const retrySeconds = packRule.remediation.retrySeconds ?? RETRY_SECONDS.default;
  return { runbook, mode, maximumAttempts, retrySeconds, parameters };
}

/** An AWS managed key alias (`alias/aws/<service>`), bare or as an ARN. */
const AWS_MANAGED_KEY = /(^|:)alias\/aws\//;

/**
 * Why `automatic` remediation may not run with the key it was given: the runbook needs a
 * customer managed key (Runbook.automaticNeedsCustomerManagedKey) and got an AWS managed or empty one.
 */
function awsManagedKeyProblem(
  runbook: Runbook,
  sources: Readonly<Record<string, ValueSource>>,
  parameters: Readonly<Record<string, ResolvedValue>>,
  path: string,
): string | undefined {
  const param = runbook.automaticNeedsCustomerManagedKey;
  if (param === undefined) return undefined;
  const resolved = parameters[param];
  const value = resolved?.kind === "value" ? resolved.value.trim() : "";
  if (value !== "" && !AWS_MANAGED_KEY.test(value)) return undefined;
  const source = sources[param];
  const setting = source?.kind === "packParameter" ? `\`${path}.parameters.${source.name}\`` : `the runbook parameter \`${param}\``;
  return (
    `\`automatic\` remediation runs \`${runbook.document}\` with ${value === "" ? "no key" : `the AWS managed key \`${value}\``}, ` +
    "whose policy cannot admit AWS service publishers (CloudWatch alarms, EventBridge, S3 events): their topics would go silent. " +
    `Set ${setting} to a customer managed key ARN whose policy admits the topics' publishers, or choose \`manual\``
  );
}
