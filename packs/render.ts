/**
 * Renders a resolved pack to a conformance pack template (CloudFormation
 * YAML, through the `yaml` library) and measures it against the inline limit.
 */
import { Document } from "yaml";

import type { PackSelection } from "./choices";
import { automationRole, automationRoleArnSub } from "./remediationRole";
import { resolvePackSelection, type ResolvedPack, type ResolvedRule } from "./resolve";
import type { PackDefinition } from "./choices";

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
  readonly remediations: readonly SelectedRemediation[];
}

export interface RenderContext {
  readonly deployment: { readonly project: string; readonly packs: readonly PackSelection[] };
}

/**
 * Renders one selected pack. Throws one error listing every problem of the
 * selection (config validation reports the same list earlier).
 */
export function renderPack(
  selection: PackSelection,
  ctx: RenderContext,
  library?: Readonly<Record<string, PackDefinition>>,
): RenderedPack {
  const resolved = resolveOrThrow(selection, ctx, library);
  const templateBody = templateOf(resolved, ctx);
  const bytes = Buffer.byteLength(templateBody, "utf8");
  if (bytes > S3_TEMPLATE_MAX_BYTES) {
    throw new Error(
      `pack \`${selection.name}\`: the template is ${bytes} bytes; AWS accepts at most ${S3_TEMPLATE_MAX_BYTES} even through S3: split the pack`,
    );
  }
  return { name: selection.name, templateBody, bytes, fitsInline: bytes <= INLINE_TEMPLATE_MAX_BYTES, remediations: remediationsIn(resolved) };
}

/** Every remediation the selected packs configure, across packs. */
export function remediationsOf(
  selections: readonly PackSelection[],
  ctx: RenderContext,
  library?: Readonly<Record<string, PackDefinition>>,
): SelectedRemediation[] {
  return selections.flatMap((selection) => remediationsIn(resolveOrThrow(selection, ctx, library)));
}

function resolveOrThrow(
  selection: PackSelection,
  ctx: RenderContext,
  library: Readonly<Record<string, PackDefinition>> | undefined,
): ResolvedPack {
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
            ...(remediation.mode === "automatic"
              ? { maximumAttempts: remediation.maximumAttempts, retrySeconds: remediation.retrySeconds }
              : {}),
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

function templateOf(resolved: ResolvedPack, ctx: RenderContext): string {
  const roleArn = cfnString(automationRoleArnSub(automationRole(ctx.deployment.project)));
  const resources: Record<string, unknown> = {};
  for (const rule of resolved.rules) {
    const id = logicalIdOf(rule.configRuleName);
    if (resources[id]) throw new Error(`pack \`${resolved.pack.name}\`: two rules render to the logical id \`${id}\`; rename one`);
    resources[id] = configRuleResource(rule);
    if (rule.remediation) resources[`${id}Remediation`] = remediationResource(rule, id, roleArn);
  }
  const doc = new Document({ Resources: resources }, { aliasDuplicateObjects: false });
  doc.commentBefore =
    ` Conformance pack \`${resolved.pack.name}\`: ${resolved.pack.description}\n` +
    ` Rendered by aws-config-org from packs/library; edit the pack, not this file.`;
  return doc.toString({ lineWidth: 0 });
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

function remediationResource(rule: ResolvedRule, ruleId: string, roleArn: unknown): Record<string, unknown> {
  const remediation = rule.remediation!;
  const parameters: Record<string, unknown> = { AutomationAssumeRole: { StaticValue: { Values: [roleArn] } } };
  for (const [name, value] of Object.entries(remediation.parameters)) {
    parameters[name] =
      value.kind === "resourceId" ? { ResourceValue: { Value: "RESOURCE_ID" } } : { StaticValue: { Values: [cfnString(value.value)] } };
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
