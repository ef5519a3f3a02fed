/**
 * Reads a conformance pack template the user brings and checks it before
 * anything is deployed, reporting every problem at once; each message names the
 * pack, the template file and, where the YAML parser gives one, the line.
 *
 * Limits and facts (sources in ../catalog/managed-rules.json and
 * ../../README's notes):
 * - a template may hold only `AWS::Config::ConfigRule` and
 *   `AWS::Config::RemediationConfiguration` resources;
 * - an organization conformance pack holds at most 130 rules, and takes at most
 *   60 input parameters (API reference, PutOrganizationConformancePack);
 * - `ConfigRuleName` is 1–128 characters (API reference, ConfigRule). In member
 *   accounts AWS names the rule `<name>-conformance-pack-<random>`; the random
 *   part's length is not documented (seen: 9), so template rule names are held
 *   to 128 − 18 − 12 = 98 characters, leaving room for the suffix within the
 *   same 128-character limit;
 * - `AWS_CONFIG_PROCESS_CHECK` is AWS's identifier for manual process checks.
 */
import type { Node } from "yaml";

import { closestNames } from "../../aws/closest";
import { EXECUTION_FREQUENCIES } from "../../policies/configVocabulary";
import { entriesOf, isMap, lineOf, parseTemplate, toPlain } from "./cloudFormationYaml";
import { classifyAutomationRole } from "./remediationRoles";
import { checkPlaceholders, checkReferences } from "./templateReferences";
import { isRecord, refersToParameters, resolveString } from "./templateValues";
import type {
  InputParameter,
  RemediationParameterValue,
  RemediationRole,
  RuleOwner,
  TemplatePackInput,
  TemplatePackResult,
  TemplateParameter,
  TemplateRemediation,
  TemplateRule,
} from "./types";

export const MAX_RULES_PER_ORGANIZATION_PACK = 130;
export const MAX_INPUT_PARAMETERS = 60;
export const CONFIG_RULE_NAME_LIMIT = 128;
export const MEMBER_ACCOUNT_SUFFIX = "-conformance-pack-";
/** Room kept for the member-account suffix: its fixed part plus up to 12 random characters. */
export const MAX_TEMPLATE_RULE_NAME = CONFIG_RULE_NAME_LIMIT - MEMBER_ACCOUNT_SUFFIX.length - 12;
export const PROCESS_CHECK = "AWS_CONFIG_PROCESS_CHECK";

const CONFIG_RULE = "AWS::Config::ConfigRule";
const REMEDIATION = "AWS::Config::RemediationConfiguration";
const TOP_LEVEL_SECTIONS = ["AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Conditions", "Mappings", "Resources", "Outputs"];
const OWNERS: readonly RuleOwner[] = ["AWS", "CUSTOM_LAMBDA", "CUSTOM_POLICY"];
const LAMBDA_ARN = /^arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):lambda:[^:]+:[^:]+:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?$/;
const ROLE_PARAMETER = "AutomationAssumeRole";

type Plain = unknown;

/** Reads, checks and resolves one template pack. */
export function readTemplatePack(input: TemplatePackInput): TemplatePackResult {
  const { name, file, text, catalog } = input;
  const problems: string[] = [];
  const where = (line?: number) => `pack \`${name}\` (${file}${line !== undefined ? `, line ${line}` : ""})`;
  const report = (line: number | undefined, message: string) => problems.push(`${where(line)}: ${message}`);

  const parsed = input.parsed ?? parseTemplate(text);
  for (const error of parsed.errors) report(error.line, `is not valid YAML: ${error.message}`);
  if (parsed.errors.length > 0) return { problems };
  const { document, lines } = parsed;
  const root = document.contents;
  if (!isMap(root)) {
    report(lineOf(root, lines), "is not a CloudFormation template: its top level must be a mapping with a `Resources` section");
    return { problems };
  }
  const line = (node: unknown) => lineOf(node, lines);
  const sections = new Map(entriesOf(root).map((e) => [e.key, e]));
  for (const [key, entry] of sections) {
    if (!TOP_LEVEL_SECTIONS.includes(key))
      report(line(entry.keyNode), `has a top-level section \`${key}\`; a template has only ${TOP_LEVEL_SECTIONS.map((s) => `\`${s}\``).join(", ")}`);
  }

  // Parameters and the user's values for them.
  const parameters: TemplateParameter[] = [];
  for (const entry of entriesOf(sections.get("Parameters")?.value)) {
    const spec = toPlain(entry.value) as Record<string, Plain> | null;
    if (!spec || typeof spec !== "object" || Array.isArray(spec) || typeof spec.Type !== "string") {
      report(line(entry.keyNode), `template parameter \`${entry.key}\` needs a \`Type\``);
      continue;
    }
    parameters.push({
      name: entry.key,
      type: spec.Type,
      ...(spec.Default !== undefined && spec.Default !== null ? { default: String(spec.Default) } : {}),
      ...(Array.isArray(spec.AllowedValues) ? { allowedValues: spec.AllowedValues.map(String) } : {}),
      ...(typeof spec.Description === "string" ? { description: spec.Description } : {}),
    });
  }
  const parameterNames = parameters.map((p) => p.name);
  const choices = parameterNames.length > 0 ? parameterNames.map((p) => `\`${p}\``).join(", ") : "none";
  const userValues = Object.entries(input.parameters ?? {}).map(([key, value]) => [key, String(value)] as const);
  const values = new Map<string, string>();
  for (const parameter of parameters) if (parameter.default !== undefined) values.set(parameter.name, parameter.default);
  const inputParameters: InputParameter[] = [];
  for (const [key, value] of userValues) {
    const parameter = parameters.find((p) => p.name === key);
    if (!parameter) {
      problems.push(`${where()}: parameter \`${key}\` is not one of the template's Parameters (${choices})`);
      continue;
    }
    if (parameter.allowedValues && !parameter.allowedValues.includes(value)) {
      problems.push(`${where()}: parameter \`${key}\` is \`${value}\`; the template allows ${parameter.allowedValues.map((v) => `\`${v}\``).join(", ")}`);
    }
    if (parameter.type === "Number" && !/^-?\d+(\.\d+)?$/.test(value)) {
      problems.push(`${where()}: parameter \`${key}\` is \`${value}\`; the template declares it a Number`);
    }
    values.set(key, value);
    inputParameters.push({ parameterName: key, parameterValue: value });
  }
  for (const parameter of parameters) {
    if (parameter.default === undefined && !userValues.some(([key]) => key === parameter.name)) {
      problems.push(
        `${where()}: template parameter \`${parameter.name}\` has no Default; set it under the pack's \`parameters\` (the template's Parameters: ${choices})`,
      );
    }
  }
  if (inputParameters.length > MAX_INPUT_PARAMETERS) {
    problems.push(`${where()}: sets ${inputParameters.length} parameters; an organization conformance pack takes at most ${MAX_INPUT_PARAMETERS}`);
  }

  const conditionNames = new Set(entriesOf(sections.get("Conditions")?.value).map((e) => e.key));

  // Resources.
  const resourcesEntry = sections.get("Resources");
  const resources = entriesOf(resourcesEntry?.value);
  if (resources.length === 0)
    report(line(resourcesEntry?.keyNode), "has no `Resources`; a conformance pack template needs at least one AWS::Config::ConfigRule");
  const logicalIds = new Set(resources.map((r) => r.key));
  const rules: TemplateRule[] = [];
  const remediationEntries: typeof resources = [];
  const ruleNames = new Map<string, string>();

  for (const resource of resources) {
    const at = line(resource.keyNode);
    const body = toPlain(resource.value) as Record<string, Plain> | null;
    const type = body && typeof body === "object" ? body.Type : undefined;
    if (type === REMEDIATION) {
      remediationEntries.push(resource);
      continue;
    }
    if (type !== CONFIG_RULE) {
      report(
        at,
        `resource \`${resource.key}\` is of type \`${String(type)}\`; a conformance pack template may hold only ${CONFIG_RULE} and ${REMEDIATION} resources`,
      );
      continue;
    }
    const properties = (body!.Properties ?? {}) as Record<string, Plain>;
    const propertyNode = (...keys: string[]) =>
      (resource.value as { getIn?: (path: string[], keep: boolean) => unknown }).getIn?.(["Properties", ...keys], true);
    const ruleName = properties.ConfigRuleName;
    if (typeof ruleName !== "string" || ruleName.trim() === "") {
      report(at, `rule \`${resource.key}\` needs a literal \`ConfigRuleName\` (the name reports map member-account rules back to)`);
      continue;
    }
    const nameLine = line(propertyNode("ConfigRuleName")) ?? at;
    if (ruleName.length > MAX_TEMPLATE_RULE_NAME) {
      report(
        nameLine,
        `rule name \`${ruleName}\` is ${ruleName.length} characters; keep it to ${MAX_TEMPLATE_RULE_NAME} so that with the member-account suffix \`${MEMBER_ACCOUNT_SUFFIX}<random>\` it stays within AWS's ${CONFIG_RULE_NAME_LIMIT}-character ConfigRuleName limit`,
      );
    }
    const sameName = ruleNames.get(ruleName);
    if (sameName) report(nameLine, `rules \`${sameName}\` and \`${resource.key}\` are both named \`${ruleName}\``);
    ruleNames.set(ruleName, resource.key);

    const source = (properties.Source ?? {}) as Record<string, Plain>;
    const owner = source.Owner as RuleOwner;
    const sourceLine = line(propertyNode("Source", "SourceIdentifier")) ?? line(propertyNode("Source")) ?? at;
    if (!OWNERS.includes(owner)) {
      report(sourceLine, `rule \`${ruleName}\` has Source.Owner \`${String(source.Owner)}\`; AWS Config takes ${OWNERS.map((o) => `\`${o}\``).join(", ")}`);
      continue;
    }
    let managedIdentifier: string | undefined;
    if (owner === "AWS") {
      const identifier = source.SourceIdentifier;
      if (typeof identifier !== "string") {
        report(sourceLine, `managed rule \`${ruleName}\` needs a literal Source.SourceIdentifier`);
      } else if (!catalog.byIdentifier(identifier)) {
        const byName = catalog.byName(identifier.toLowerCase().replace(/_/g, "-"));
        report(
          sourceLine,
          `rule \`${ruleName}\` names \`${identifier}\`, which is not an AWS Config managed rule identifier (catalog of ${catalog.count} rules read ${catalog.readOn})` +
            (byName ? `; the rule \`${byName.name}\` has the identifier \`${byName.identifier}\`` : didYouMeanIdentifier(identifier, catalog)),
        );
      } else {
        managedIdentifier = identifier;
        checkInputParameterNames(identifier, ruleName, properties.InputParameters, line(propertyNode("InputParameters")) ?? at);
      }
    } else if (owner === "CUSTOM_LAMBDA") {
      const arn = resolveString(source.SourceIdentifier, values);
      if (arn === undefined || !LAMBDA_ARN.test(arn.replace(/<[^>]+>/g, "x"))) {
        report(
          sourceLine,
          `custom Lambda rule \`${ruleName}\` needs the function's ARN as Source.SourceIdentifier (\`arn:aws:lambda:<region>:<account>:function:<name>\`)` +
            (arn !== undefined ? `, not \`${arn}\`` : ""),
        );
      }
    }
    const frequency = properties.MaximumExecutionFrequency;
    if (frequency !== undefined && !(EXECUTION_FREQUENCIES as readonly unknown[]).includes(frequency)) {
      report(
        line(propertyNode("MaximumExecutionFrequency")) ?? at,
        `rule \`${ruleName}\` has MaximumExecutionFrequency \`${String(frequency)}\`; AWS takes ${EXECUTION_FREQUENCIES.join(", ")}`,
      );
    }
    const condition = typeof body!.Condition === "string" ? body!.Condition : undefined;
    if (condition !== undefined && !conditionNames.has(condition))
      report(at, `rule \`${ruleName}\` has Condition \`${condition}\`, which the template's Conditions do not define`);
    rules.push({
      logicalId: resource.key,
      configRuleName: ruleName,
      owner,
      ...(source.SourceIdentifier !== undefined ? { sourceIdentifier: source.SourceIdentifier } : {}),
      ...(managedIdentifier ? { managedIdentifier } : {}),
      inputParameters: isRecord(properties.InputParameters) ? properties.InputParameters : {},
      ...(typeof frequency === "string" ? { maximumExecutionFrequency: frequency } : {}),
      ...(isRecord(properties.Scope) ? { scope: properties.Scope } : {}),
      ...(condition ? { condition } : {}),
      ...(at !== undefined ? { line: at } : {}),
    });
  }
  if (rules.length > MAX_RULES_PER_ORGANIZATION_PACK) {
    report(
      line(resourcesEntry?.keyNode),
      `has ${rules.length} rules; an organization conformance pack holds at most ${MAX_RULES_PER_ORGANIZATION_PACK}: split it into two packs`,
    );
  }

  const remediations: TemplateRemediation[] = [];
  const remediationsOff: TemplateRemediation[] = [];
  const off = new Set(input.remediationOff ?? []);
  for (const resource of remediationEntries) {
    const remediation = readRemediation(resource);
    if (remediation) (off.has(remediation.configRuleName) ? remediationsOff : remediations).push(remediation);
  }
  for (const rule of off) {
    if (!remediationsOff.some((r) => r.configRuleName === rule)) {
      const remediated = remediations.map((r) => `\`${r.configRuleName}\``);
      problems.push(
        `${where()}: \`remediation.${rule}\` names no remediated rule of the template (its remediated rules: ${remediated.length > 0 ? remediated.join(", ") : "none"})`,
      );
    }
  }

  const references = { parameterNames, logicalIds, conditionNames, choices, placeholderExempt: ["Description", ROLE_PARAMETER], line, report };
  checkReferences(
    resources.map((r) => r.value),
    references,
  );
  checkPlaceholders(root as Node, [], references);

  if (problems.length > 0) return { problems };
  return {
    pack: { name, file, rules, remediations, remediationsOff, parameters, inputParameters, text, document, bodyBytes: Buffer.byteLength(text, "utf8") },
  };

  // --- helpers (closures over the problems list and the template's names) ---

  function checkInputParameterNames(identifier: string, ruleName: string, given: Plain, at: number | undefined) {
    if (given === undefined || given === null) return;
    // `InputParameters: Fn::If: [condition, {...}, {...} or Ref AWS::NoValue]`: check each branch.
    if (isRecord(given) && Array.isArray(given["Fn::If"]) && Object.keys(given).length === 1) {
      for (const branch of (given["Fn::If"] as unknown[]).slice(1)) {
        if (!(isRecord(branch) && branch.Ref === "AWS::NoValue")) checkInputParameterNames(identifier, ruleName, branch, at);
      }
      return;
    }
    if (!isRecord(given)) {
      report(at, `rule \`${ruleName}\` has InputParameters that are not a mapping of parameter names to values`);
      return;
    }
    const facts = catalog.byIdentifier(identifier)!;
    if (facts.kind === "process-check") return;
    const known = facts.parameters.map((p) => p.name);
    for (const key of Object.keys(given)) {
      if (known.includes(key)) continue;
      report(
        at,
        `rule \`${ruleName}\` (${identifier}) has input parameter \`${key}\`; ` +
          (known.length > 0 ? `the rule takes ${known.map((k) => `\`${k}\``).join(", ")}` : "the rule takes no parameters"),
      );
    }
  }

  function readRemediation(resource: (typeof resources)[number]): TemplateRemediation | undefined {
    const at = line(resource.keyNode);
    const properties = ((toPlain(resource.value) as Record<string, Plain>).Properties ?? {}) as Record<string, Plain>;
    const ruleName = properties.ConfigRuleName;
    const label = `remediation \`${resource.key}\``;
    if (typeof ruleName !== "string") {
      report(at, `${label} needs a literal ConfigRuleName naming one of the template's rules`);
      return undefined;
    }
    const rule = rules.find((r) => r.configRuleName === ruleName);
    if (!rule && !ruleNames.has(ruleName)) report(at, `${label} is for rule \`${ruleName}\`, which the template does not define`);
    const targetId = properties.TargetId;
    if (typeof targetId !== "string" || targetId === "") {
      report(at, `${label} needs TargetId (the SSM Automation runbook)`);
      return undefined;
    }
    const parameters: Record<string, RemediationParameterValue> = {};
    let role: RemediationRole = { kind: "none" };
    let roleParameter: string | undefined;
    for (const [key, spec] of Object.entries(isRecord(properties.Parameters) ? properties.Parameters : {})) {
      const value = isRecord(spec) ? spec : {};
      if (isRecord(value.ResourceValue)) {
        parameters[key] = { resourceValue: "RESOURCE_ID" };
        continue;
      }
      const staticValues = isRecord(value.StaticValue) ? value.StaticValue.Values : undefined;
      if (!Array.isArray(staticValues)) {
        report(at, `${label} parameter \`${key}\` needs ResourceValue or StaticValue.Values`);
        continue;
      }
      const resolved = staticValues.map((v) => resolveString(v, values));
      if (resolved.some((v) => v === undefined)) {
        // A Ref to a template parameter left without a value is reported once, above.
        if (staticValues.every((v) => refersToParameters(v, parameterNames))) continue;
        report(at, `${label} parameter \`${key}\` has a value that is not a string, a Ref to a template parameter or an Fn::Sub of them`);
        continue;
      }
      if (key === ROLE_PARAMETER) {
        roleParameter = key;
        const classified = classifyAutomationRole(resolved[0]!, input.remediationRoleName, input.allowedRemediationRoles ?? []);
        // A remediation config turns off is delivered nowhere: the role it names does not matter.
        if (classified.problem && !input.remediationOff?.includes(ruleName)) report(at, `${label} ${key} ${classified.problem}`);
        else role = classified.role!;
        continue;
      }
      parameters[key] = { staticValues: resolved as string[] };
    }
    const attempts = properties.MaximumAutomaticAttempts;
    const seconds = properties.RetryAttemptSeconds;
    return {
      logicalId: resource.key,
      configRuleName: ruleName,
      ...(rule ? { ruleLogicalId: rule.logicalId } : {}),
      targetType: typeof properties.TargetType === "string" ? properties.TargetType : "SSM_DOCUMENT",
      targetId,
      ...(properties.TargetVersion !== undefined ? { targetVersion: String(properties.TargetVersion) } : {}),
      ...(typeof properties.ResourceType === "string" ? { resourceType: properties.ResourceType } : {}),
      parameters,
      ...(roleParameter ? { roleParameter } : {}),
      role,
      automatic: properties.Automatic === true || String(properties.Automatic).toLowerCase() === "true",
      ...(attempts !== undefined ? { maximumAutomaticAttempts: Number(attempts) } : {}),
      ...(seconds !== undefined ? { retryAttemptSeconds: Number(seconds) } : {}),
      ...(isRecord(properties.ExecutionControls) ? { executionControls: properties.ExecutionControls } : {}),
      ...(at !== undefined ? { line: at } : {}),
    };
  }
}

/** `; did you mean \`X\`?` from the catalog's identifiers nearest to a misspelt one, or nothing. */
function didYouMeanIdentifier(identifier: string, catalog: TemplatePackInput["catalog"]): string {
  const near = closestNames(
    identifier,
    catalog.rules.map((r) => r.identifier),
    { max: 2 },
  );
  return near.length > 0
    ? `; did you mean ${near.map((n) => `\`${n}\``).join(" or ")}?`
    : "; look it up in AWS's list (https://docs.aws.amazon.com/config/latest/developerguide/managed-rules-by-aws-config.html)";
}
