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
 * are left out of the organization packs (packs/render.ts, templates/templateForRegion.ts):
 * no rule is evaluated twice. Template packs' remediated rules come in through
 * templateAccountPart.ts.
 */
import { Document } from "yaml";

import { roleArn, type Partition } from "../aws/arns";
import type { PackDefinition, PackSelection } from "./choices";
import { automationRole, automationRoleArn } from "./remediationRole";
import { INLINE_TEMPLATE_MAX_BYTES, logicalIdOf, resolveOrThrow, ruleResources, type RenderContext, type RuleToRender } from "./render";
import { templateAccountPart } from "./templateAccountPart";
import type { RemediationRole } from "./templates/types";

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
  /** The project's automation role ARN in this account (template remediations with an allowed role name their own). */
  readonly automationRoleArn: string;
  /** The packs (built-in and template) whose remediated rules it holds. */
  readonly packs: readonly string[];
}

export interface AccountPackTarget {
  readonly accountId: string;
  readonly partition: Partition;
  readonly project: string;
}

/**
 * The remediation pack of one account, or undefined when no selected pack remediates a
 * rule: the built-in packs' remediated rules, then each template pack's part
 * (templateAccountPart.ts). Throws when it would not fit `TemplateBody` (the provider sends
 * it inline), or when two packs render to one logical id.
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
  const parts = (ctx.deployment.templatePacks ?? []).flatMap((t) => templateAccountPart(t.name, t.pack) ?? []);
  if (rules.length === 0 && parts.length === 0) return undefined;
  const name = accountRemediationPackName(target.project);
  const roleArn = automationRoleArn(automationRole(target.project), target.partition, target.accountId);
  const packs = [...new Set([...rules.map((r) => r.pack), ...parts.map((p) => p.pack)])];

  const sections = { Parameters: {}, Conditions: {}, Mappings: {}, Resources: rules.length > 0 ? ruleResources(rules, roleArn) : {} } as Record<
    string,
    Record<string, unknown>
  >;
  // Who put each logical id there (keys of other sections are `<section>/<id>`), for a clear collision error.
  const owners = new Map<string, string>();
  for (const { pack, rule } of rules) {
    const id = logicalIdOf(rule.configRuleName);
    owners.set(id, pack).set(`${id}Remediation`, pack);
  }
  for (const part of parts) {
    const resources = structuredClone(part.resources) as Record<string, { Properties?: { Parameters?: Record<string, unknown> } }>;
    for (const remediation of part.remediations) {
      const arn = roleFor(remediation.role, roleArn, target);
      const properties = resources[remediation.logicalId]?.Properties;
      if (arn !== undefined && properties) properties.Parameters = { ...properties.Parameters, AutomationAssumeRole: { StaticValue: { Values: [arn] } } };
    }
    const add = (section: string, entries: Readonly<Record<string, unknown>>) => {
      for (const [id, value] of Object.entries(entries)) {
        const owner = owners.get(`${section}/${id}`) ?? (section === "Resources" ? owners.get(id) : undefined);
        if (owner !== undefined)
          throw new Error(
            `packs \`${owner}\` and \`${part.pack}\` both put \`${id}\` into the ${section} of remediation pack \`${name}\`; rename one of the packs`,
          );
        owners.set(section === "Resources" ? id : `${section}/${id}`, part.pack);
        sections[section]![id] = value;
      }
    };
    add("Parameters", part.parameters);
    add("Conditions", part.conditions);
    add("Mappings", part.mappings);
    add("Resources", resources);
  }
  const body = Object.fromEntries(Object.entries(sections).filter(([, entries]) => Object.keys(entries).length > 0));
  const doc = new Document(body, { aliasDuplicateObjects: false });
  doc.commentBefore =
    ` Conformance pack \`${name}\` for account ${target.accountId}: the remediated rules of ${packs.join(", ")} with their remediations.\n` +
    ` AutomationAssumeRole is this account's literal role ARN (AWS Config takes no intrinsic functions there).\n` +
    ` Rendered by aws-config-org from packs/library; edit the pack, not this file.` +
    (parts.length > 0 ? `\n Template packs' rules come from their templates (${parts.map((p) => p.file).join(", ")}); names are prefixed per pack.` : "");
  const templateBody = doc.toString({ lineWidth: 0 });
  const bytes = Buffer.byteLength(templateBody, "utf8");
  if (bytes > INLINE_TEMPLATE_MAX_BYTES) {
    throw new Error(
      `remediation pack \`${name}\` for account ${target.accountId} is ${bytes} bytes (the remediated rules of ${packs.join(", ")}); it is sent inline (at most ${INLINE_TEMPLATE_MAX_BYTES}): ` +
        "remediate fewer rules (set built-in ones to `off`, or take RemediationConfigurations out of a template)",
    );
  }
  const ruleCount = rules.length + parts.reduce((n, p) => n + p.ruleNames.length, 0);
  return { name, templateBody, bytes, rules: ruleCount, automationRoleArn: roleArn, packs };
}

/**
 * The literal role a template remediation runs as in this account: the project's automation
 * role in place of AWS's placeholder; an allowed role under its own path and name, in this
 * account (an IAM role ARN names one account, and the runbook acts in the account it runs in);
 * none when the template gives the runbook no role.
 */
function roleFor(role: RemediationRole, projectRoleArn: string, target: AccountPackTarget): string | undefined {
  if (role.kind === "project") return projectRoleArn;
  if (role.kind === "none") return undefined;
  return roleArn(target.partition, target.accountId, /:role\/(.+)$/.exec(role.arn)![1]!);
}

/**
 * Rule names two packs would both put into the account's remediation pack: one template cannot
 * hold two rules of one name, and reports map a rule back to its pack by name. One message per
 * name, naming both packs.
 */
export function accountPackRuleCollisions(
  selections: readonly PackSelection[],
  ctx: RenderContext,
  library?: Readonly<Record<string, PackDefinition>>,
): string[] {
  const owners = new Map<string, string>();
  const problems: string[] = [];
  const claim = (rule: string, pack: string) => {
    const owner = owners.get(rule);
    if (owner === undefined) owners.set(rule, pack);
    else if (owner !== pack) {
      problems.push(
        `packs \`${owner}\` and \`${pack}\` both remediate a rule named \`${rule}\`, and remediated rules of every pack share each account's remediation pack: ` +
          "rename the rule in the template (ConfigRuleName), or drop one of the remediations",
      );
    }
  };
  for (const selection of selections) {
    const resolved = resolveOrThrow(selection, ctx, library);
    for (const rule of resolved.rules) if (rule.remediation) claim(rule.configRuleName, resolved.pack.name);
  }
  for (const t of ctx.deployment.templatePacks ?? []) for (const rule of templateAccountPart(t.name, t.pack)?.ruleNames ?? []) claim(rule, t.name);
  return problems;
}
