/**
 * The per-account remediation pack: every remediated rule (manual or automatic) of the
 * selected packs with its `RemediationConfiguration`, rendered for ONE account, with
 * `AutomationAssumeRole` as that account's literal role ARN.
 *
 * Why per account: AWS Config takes the automation role as an exact ARN string, with no
 * CloudFormation intrinsic functions
 * (https://docs.aws.amazon.com/config/latest/developerguide/cpack-prerequisites.html), so
 * an organization pack (one template for every account) cannot name each account's role;
 * and `PutRemediationConfigurations` refuses rules deployed by conformance packs
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_PutRemediationConfigurations.html),
 * so the remediation cannot be added beside an organization pack's rule either. These rules
 * are left out of the organization packs (packs/render.ts): no rule is evaluated twice.
 */
import type { Partition } from "../aws/arns";
import type { PackDefinition, PackSelection } from "./choices";
import { automationRole, automationRoleArn } from "./remediationRole";
import { INLINE_TEMPLATE_MAX_BYTES, resolveOrThrow, templateOf, type RenderContext, type RuleToRender } from "./render";

/** `ConformancePackName`: 1-256 characters, a letter then letters, digits and hyphens. */
const PACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,255}$/;

/** The remediation pack's name, the same in every account and region: `<project>-remediation`. */
export function accountRemediationPackName(project: string): string {
  const name = `${project}-remediation`;
  if (!PACK_NAME.test(name)) {
    throw new Error(
      `remediation pack name \`${name}\` (from the project name \`${project}\`) is not a valid conformance pack name: a letter, then letters, digits and hyphens, at most 256; rename the project`,
    );
  }
  return name;
}

export interface AccountRemediationPack {
  readonly name: string;
  readonly templateBody: string;
  readonly bytes: number;
  /** Remediated rules the template holds (one RemediationConfiguration each). */
  readonly rules: number;
  /** The `AutomationAssumeRole` every remediation in it names. */
  readonly automationRoleArn: string;
}

export interface AccountPackTarget {
  readonly accountId: string;
  readonly partition: Partition;
  readonly project: string;
}

/**
 * The remediation pack of one account, or undefined when no selected pack remediates a
 * rule. Throws when it would not fit `TemplateBody` (the provider sends it inline).
 */
export function renderAccountRemediationPack(
  selections: readonly PackSelection[],
  ctx: RenderContext,
  target: AccountPackTarget,
  library?: Readonly<Record<string, PackDefinition>>,
): AccountRemediationPack | undefined {
  const rules: RuleToRender[] = selections.flatMap((selection) => {
    const resolved = resolveOrThrow(selection, ctx, library);
    return resolved.rules.filter((rule) => rule.remediation).map((rule) => ({ pack: resolved.pack.name, rule }));
  });
  if (rules.length === 0) return undefined;
  const name = accountRemediationPackName(target.project);
  const roleArn = automationRoleArn(automationRole(target.project), target.partition, target.accountId);
  const templateBody = templateOf(
    rules,
    ` Conformance pack \`${name}\` for account ${target.accountId}: the remediated rules of ` +
      `${[...new Set(rules.map((r) => r.pack))].join(", ")} with their remediations.\n` +
      ` AutomationAssumeRole is this account's literal role ARN (AWS Config takes no intrinsic functions there).\n` +
      ` Rendered by aws-config-org from packs/library; edit the pack, not this file.`,
    roleArn,
  );
  const bytes = Buffer.byteLength(templateBody, "utf8");
  if (bytes > INLINE_TEMPLATE_MAX_BYTES) {
    throw new Error(
      `remediation pack \`${name}\` for account ${target.accountId} is ${bytes} bytes; it is sent inline (at most ${INLINE_TEMPLATE_MAX_BYTES}): remediate fewer rules or set some to \`off\``,
    );
  }
  return { name, templateBody, bytes, rules: rules.length, automationRoleArn: roleArn };
}
