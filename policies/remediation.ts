/**
 * Remediation as AWS Config accepts it. AWS takes a remediation's automation role only as
 * an exact ARN string, no CloudFormation intrinsic functions
 * (https://docs.aws.amazon.com/config/latest/developerguide/cpack-prerequisites.html), so:
 * an organization pack, one template for every account, carries no remediation at all; and
 * every `AutomationAssumeRole` in an account's pack is a literal role ARN of that account.
 * Remediation cannot be attached to a pack's rules afterwards either: `PutRemediationConfigurations`
 * refuses rules deployed by conformance packs
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_PutRemediationConfigurations.html).
 * So a remediated rule lives in the account's pack only, never also in an organization pack of
 * the same region (it would be evaluated twice, one copy unremediated).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import { type TemplateResource, templateResources, templateRuleNames } from "./templateRules";
import { ACCOUNT_CONFORMANCE_PACK, NATIVE_ORGANIZATION_CONFORMANCE_PACK, ORGANIZATION_CONFORMANCE_PACK } from "./tokens";
import { resourceRegion, validateResourcesOfTypes } from "./view";

const REMEDIATION = "AWS::Config::RemediationConfiguration";
const ROLE_ARN = /^arn:aws(-[a-z-]+)?:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

function remediationsOf(resources: Record<string, TemplateResource>): [string, TemplateResource][] {
  return Object.entries(resources).filter(([, r]) => r?.Type === REMEDIATION);
}

/** What `AutomationAssumeRole` is set to: its static values (anything else is returned as found). */
function automationRoleValues(remediation: TemplateResource): unknown[] | undefined {
  const parameter = remediation.Properties?.Parameters?.AutomationAssumeRole as { StaticValue?: { Values?: unknown } } | undefined;
  if (parameter === undefined) return undefined;
  const values = parameter.StaticValue?.Values;
  return Array.isArray(values) ? values : [parameter];
}

const show = (value: unknown) => (typeof value === "string" ? `\`${value}\`` : JSON.stringify(value));

export const organizationConformancePackNoRemediation: ResourceValidationPolicy = {
  name: "organization-conformance-pack-no-remediation",
  description:
    "Checks whether an organization conformance pack template holds a RemediationConfiguration (refused: its one template cannot name each account's automation role, which AWS Config takes only as a literal ARN).",
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<{ name?: string; organizationConformancePackName?: string; templateBody?: unknown }>(
    [ORGANIZATION_CONFORMANCE_PACK, NATIVE_ORGANIZATION_CONFORMANCE_PACK],
    (pack, args, reportViolation) => {
      const resources = templateResources(pack.templateBody);
      if (!resources) return;
      const found = remediationsOf(resources).map(([id]) => id);
      if (found.length > 0) {
        const name = pack.name ?? pack.organizationConformancePackName ?? args.name;
        reportViolation(
          `organization conformance pack \`${name}\` in ${resourceRegion(args.props, args.provider) ?? "(no region)"} holds ${found.length} ${REMEDIATION}(s) ` +
            `(${found.join(", ")}): AWS Config takes the automation role only as a literal ARN, so remediation goes into each account's own pack (packs/accountPack.ts).`,
        );
      }
    },
  ),
};

export const remediationAutomationRoleLiteralArn: ResourceValidationPolicy = {
  name: "remediation-automation-role-literal-arn",
  description:
    "Checks whether every AutomationAssumeRole of a remediation in an account conformance pack is a literal IAM role ARN in the account the pack is in.",
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<{ accountId?: unknown; region?: unknown; conformancePackName?: unknown; templateBody?: unknown }>(
    ACCOUNT_CONFORMANCE_PACK,
    (pack, args, reportViolation) => {
      const resources = templateResources(pack.templateBody);
      if (!resources || typeof pack.accountId !== "string") return;
      const place = `account conformance pack \`${String(pack.conformancePackName ?? args.name)}\` in ${pack.accountId}/${String(pack.region)}`;
      for (const [id, remediation] of remediationsOf(resources)) {
        const values = automationRoleValues(remediation);
        if (values === undefined) continue;
        const bad = values.filter((value) => {
          const match = typeof value === "string" ? ROLE_ARN.exec(value) : null;
          return !match || match[2] !== pack.accountId;
        });
        for (const value of bad) {
          reportViolation(
            `${place}: ${id} sets AutomationAssumeRole to ${show(value)}; AWS Config needs the exact ARN of a role in account ${pack.accountId} ` +
              "(no intrinsic functions, no other account's role).",
          );
        }
      }
    },
  ),
};

/**
 * Rule names of an account pack as the stack sees it: from its body where the outputs carry one
 * (a new or updated pack, or state written before the provider kept a hash), else the names
 * the provider stored beside the body's hash.
 */
function accountPackRuleNames(props: Record<string, unknown>): string[] {
  const fromBody = templateRuleNames(props.templateBody);
  if (fromBody) return fromBody;
  return Array.isArray(props.configRuleNames) ? props.configRuleNames.filter((name): name is string => typeof name === "string") : [];
}

export const remediatedRuleNotInOrganizationPack: StackValidationPolicy = {
  name: "remediated-rule-not-in-organization-pack",
  description:
    "Checks whether a rule of an account's remediation pack is also in an organization conformance pack of the same region (it would be evaluated twice, and only one of them remediated).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const organizationRules = new Map<string, Map<string, string>>(); // region → rule → organization pack
    for (const pack of args.resources.filter((r) => r.type === ORGANIZATION_CONFORMANCE_PACK || r.type === NATIVE_ORGANIZATION_CONFORMANCE_PACK)) {
      const region = resourceRegion(pack.props, pack.provider);
      const names = templateRuleNames(pack.props.templateBody);
      if (region === undefined || !names) continue;
      const name = String(pack.props.name ?? pack.props.organizationConformancePackName ?? pack.name);
      const inRegion = organizationRules.get(region) ?? new Map<string, string>();
      for (const rule of names) inRegion.set(rule, name);
      organizationRules.set(region, inRegion);
    }
    for (const pack of args.resources.filter((r) => r.type === ACCOUNT_CONFORMANCE_PACK)) {
      const region = typeof pack.props.region === "string" ? pack.props.region : undefined;
      const inRegion = region !== undefined ? organizationRules.get(region) : undefined;
      if (!inRegion) continue;
      const twice = accountPackRuleNames(pack.props).filter((rule) => inRegion.has(rule));
      if (twice.length === 0) continue;
      reportViolation(
        `account conformance pack \`${String(pack.props.conformancePackName ?? pack.name)}\` in ${String(pack.props.accountId)}/${region} holds ` +
          `${twice.map((rule) => `\`${rule}\` (also in organization pack \`${inRegion.get(rule)}\`)`).join(", ")}: ` +
          "a remediated rule must leave the organization pack (packs/render.ts, packs/templates/templateForRegion.ts), or it is evaluated twice.",
        pack.urn,
      );
    }
  },
};

export const remediationPolicies = [
  organizationConformancePackNoRemediation,
  remediationAutomationRoleLiteralArn,
  remediatedRuleNotInOrganizationPack,
] as const;
