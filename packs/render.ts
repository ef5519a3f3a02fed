/**
 * Renders a resolved pack to an organization conformance pack template
 * (CloudFormation YAML, through the `yaml` library) and measures it against the
 * inline limit. Organization packs carry detection only: a rule with a
 * remediation is left out here and goes into each account's own pack
 * (packs/accountPack.ts), because AWS takes the automation role as an exact ARN
 * (no intrinsic functions) and refuses `PutRemediationConfigurations` on rules
 * that conformance packs deployed
 * (https://docs.aws.amazon.com/config/latest/developerguide/cpack-prerequisites.html,
 * https://docs.aws.amazon.com/config/latest/APIReference/API_PutRemediationConfigurations.html).
 */
import { Document } from "yaml";

import type { PackSelection } from "./choices";
import { resolvePackSelection, type ResolvedPack, type ResolvedRule } from "./resolve";
import type { PackDefinition, TemplatePackSelection } from "./choices";

/** `TemplateBody` limit of PutOrganizationConformancePack; larger templates go through `TemplateS3Uri`. */
export const INLINE_TEMPLATE_MAX_BYTES = 51_200;
/** `TemplateS3Uri` limit ("300 KB"; read as 300,000 bytes, the stricter reading). */
export const S3_TEMPLATE_MAX_BYTES = 300_000;

/** Whether a rendered template can be passed inline (`TemplateBody`) rather than uploaded to S3. */
export function fitsInline(templateBody: string): boolean {
  return Buffer.byteLength(templateBody, "utf8") <= INLINE_TEMPLATE_MAX_BYTES;
}

/** A remediation a rendered pack configures; the automation role must allow its runbook. */
export interface SelectedRemediation {
  readonly pack: string;
  readonly configRuleName: string;
  /** SSM document name. */
  readonly runbook: string;
  readonly mode: "manual" | "automatic";
  readonly maximumAttempts?: number;
  readonly retrySeconds?: number;
}

export interface RenderedPack {
  readonly name: string;
  readonly templateBody: string;
  /** UTF-8 size of `templateBody`. */
  readonly bytes: number;
  readonly fitsInline: boolean;
  /** Rules this template evaluates (the pack's rules without a remediation); 0: deploy no organization pack. */
  readonly detectionRules: number;
  /** The pack's remediated rules: rendered into each account's pack, not into this template. */
  readonly remediations: readonly SelectedRemediation[];
}

export interface RenderContext {
  readonly deployment: {
    readonly project: string;
    readonly packs: readonly PackSelection[];
    /** Template packs: their remediated rules join each account's remediation pack (accountPack.ts). */
    readonly templatePacks?: readonly TemplatePackSelection[];
  };
}

/**
 * Renders one selected pack. Throws one error listing every problem of the
 * selection (config validation reports the same list earlier).
 */
export function renderPack(selection: PackSelection, ctx: RenderContext, library?: Readonly<Record<string, PackDefinition>>): RenderedPack {
  const resolved = resolveOrThrow(selection, ctx, library);
  const detection = resolved.rules.filter((rule) => !rule.remediation);
  const templateBody = templateOf(
    detection.map((rule) => ({ pack: resolved.pack.name, rule })),
    ` Conformance pack \`${resolved.pack.name}\`: ${resolved.pack.description}\n` +
      ` Detection only: remediated rules are in each account's own pack (packs/accountPack.ts).\n` +
      ` Rendered by aws-config-org from packs/library; edit the pack, not this file.`,
  );
  const bytes = Buffer.byteLength(templateBody, "utf8");
  if (bytes > S3_TEMPLATE_MAX_BYTES) {
    throw new Error(`pack \`${selection.name}\`: the template is ${bytes} bytes; AWS accepts at most ${S3_TEMPLATE_MAX_BYTES} even through S3: split the pack`);
  }
  return {
    name: selection.name,
    templateBody,
    bytes,
    fitsInline: bytes <= INLINE_TEMPLATE_MAX_BYTES,
    detectionRules: detection.length,
    remediations: remediationsIn(resolved),
  };
}

/**
 * The organization packs to deploy: each selected pack rendered, without those left with no
 * detection rule (every rule remediated: they all live in the account packs).
 */
export function renderOrganizationPacks(
  selections: readonly PackSelection[],
  ctx: RenderContext,
  library?: Readonly<Record<string, PackDefinition>>,
): RenderedPack[] {
  return selections.map((selection) => renderPack(selection, ctx, library)).filter((pack) => pack.detectionRules > 0);
}

/** Every remediation the selected packs configure, across packs. */
export function remediationsOf(
  selections: readonly PackSelection[],
  ctx: RenderContext,
  library?: Readonly<Record<string, PackDefinition>>,
): SelectedRemediation[] {
  return selections.flatMap((selection) => remediationsIn(resolveOrThrow(selection, ctx, library)));
}

export function resolveOrThrow(selection: PackSelection, ctx: RenderContext, library: Readonly<Record<string, PackDefinition>> | undefined): ResolvedPack {
  const index = ctx.deployment.packs.findIndex((p) => p.name === selection.name);
  const path = index >= 0 ? `packs[${index}]` : `packs[name=${selection.name}]`;
  const { resolved, problems } = resolvePackSelection(selection, path, library);
  if (!resolved) {
    throw new Error(`pack \`${selection.name}\` cannot be rendered (${problems.length} issues):\n- ${problems.join("\n- ")}`);
  }
  return resolved;
}

function remediationsIn(resolved: ResolvedPack): SelectedRemediation[] {
  return resolved.rules.flatMap(({ configRuleName, remediation }) =>
    remediation
      ? [
          {
            pack: resolved.pack.name,
            configRuleName,
            runbook: remediation.runbook.document,
            mode: remediation.mode,
            ...(remediation.mode === "automatic" ? { maximumAttempts: remediation.maximumAttempts, retrySeconds: remediation.retrySeconds } : {}),
          },
        ]
      : [],
  );
}

/** `${AWS::…}` references make a value an `Fn::Sub`; anything else stays a plain string. */
function cfnString(value: string): string | { "Fn::Sub": string } {
  return /\$\{AWS::[A-Za-z]+\}/.test(value) ? { "Fn::Sub": value } : value;
}

/** `s3-bucket-level-public-access-prohibited` → `S3BucketLevelPublicAccessProhibited`. */
export function logicalIdOf(configRuleName: string): string {
  const id = configRuleName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
  return /^[A-Za-z]/.test(id) ? id : `Rule${id}`;
}

/** A rule to render, with the pack it came from (named in errors). */
export interface RuleToRender {
  readonly pack: string;
  readonly rule: ResolvedRule;
}

/**
 * The template of `rules`: each rule, and its remediation when `automationRoleArn` is given
 * (the literal ARN of the account the template is for). Throws when two rules render to one
 * logical id.
 */
export function templateOf(rules: readonly RuleToRender[], header: string, automationRoleArn?: string): string {
  const doc = new Document({ Resources: ruleResources(rules, automationRoleArn) }, { aliasDuplicateObjects: false });
  doc.commentBefore = header;
  return doc.toString({ lineWidth: 0 });
}

/** The `Resources` of `rules` (see templateOf), by logical id. */
export function ruleResources(rules: readonly RuleToRender[], automationRoleArn?: string): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  const owners = new Map<string, string>();
  for (const { pack, rule } of rules) {
    const id = logicalIdOf(rule.configRuleName);
    const owner = owners.get(id);
    if (owner !== undefined) {
      const where = owner === pack ? `pack \`${pack}\`` : `packs \`${owner}\` and \`${pack}\``;
      throw new Error(`${where}: two rules render to the logical id \`${id}\`; rename one`);
    }
    owners.set(id, pack);
    resources[id] = configRuleResource(rule);
    if (rule.remediation && automationRoleArn !== undefined) resources[`${id}Remediation`] = remediationResource(rule, id, automationRoleArn);
  }
  return resources;
}

function configRuleResource(rule: ResolvedRule): Record<string, unknown> {
  const inputs = Object.entries(rule.inputs);
  return {
    Type: "AWS::Config::ConfigRule",
    Properties: {
      ConfigRuleName: rule.configRuleName,
      Description: rule.rule.description,
      Source: { Owner: "AWS", SourceIdentifier: rule.rule.identifier },
      ...(rule.rule.resourceTypes.length > 0 ? { Scope: { ComplianceResourceTypes: [...rule.rule.resourceTypes] } } : {}),
      ...(inputs.length > 0 ? { InputParameters: Object.fromEntries(inputs.map(([k, v]) => [k, cfnString(v)])) } : {}),
      ...(rule.frequency ? { MaximumExecutionFrequency: rule.frequency } : {}),
    },
  };
}

function remediationResource(rule: ResolvedRule, ruleId: string, roleArn: string): Record<string, unknown> {
  const remediation = rule.remediation!;
  const parameters: Record<string, unknown> = { AutomationAssumeRole: { StaticValue: { Values: [roleArn] } } };
  for (const [name, value] of Object.entries(remediation.parameters)) {
    parameters[name] = value.kind === "resourceId" ? { ResourceValue: { Value: "RESOURCE_ID" } } : { StaticValue: { Values: [cfnString(value.value)] } };
  }
  const automatic = remediation.mode === "automatic";
  return {
    Type: "AWS::Config::RemediationConfiguration",
    DependsOn: ruleId,
    Properties: {
      ConfigRuleName: rule.configRuleName,
      ...(rule.rule.resourceTypes.length === 1 ? { ResourceType: rule.rule.resourceTypes[0] } : {}),
      TargetType: "SSM_DOCUMENT",
      TargetId: remediation.runbook.document,
      Parameters: parameters,
      Automatic: automatic,
      ...(automatic ? { MaximumAutomaticAttempts: remediation.maximumAttempts, RetryAttemptSeconds: remediation.retrySeconds } : {}),
    },
  };
}
