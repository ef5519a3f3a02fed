/**
 * Tamper protection (issue 7): where the policy config names SCP targets,
 * the service control policy that stops anyone but the deployment from
 * turning Config off is attached to each of them, and it also guards the roles
 * it exempts (issue 12 item 5): otherwise an account admin creates a role with
 * an exempt name, or rewrites an exempt role's trust, and walks around it.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { conditionValues, coversAction, coversResource, statementsOf, type Statement } from "./policyDocument";
import { ORGANIZATIONS_POLICY, ORGANIZATIONS_POLICY_ATTACHMENT } from "./tokens";
import { knownOrUndefined, listOf, ofTypes } from "./view";

/** The action every tamper-protection SCP denies: it is how the policy recognises one. */
export const TAMPER_ACTION = "config:StopConfigurationRecorder";

/**
 * IAM actions that create, re-trust, re-permission or remove a role: the SCP must deny them
 * on its exempt roles to everyone but those roles, as Control Tower's `GRIAMROLEPOLICY`
 * guards its own roles (https://docs.aws.amazon.com/controltower/latest/controlreference/mandatory-controls.html).
 * Listed here on their own, not taken from config/: the check must not follow the code it checks.
 */
export const ROLE_GUARD_ACTIONS: readonly string[] = [
  "iam:CreateRole",
  "iam:UpdateAssumeRolePolicy",
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:DetachRolePolicy",
  "iam:DeleteRolePolicy",
  "iam:DeleteRole",
  "iam:UpdateRole",
];

const exemptArnsOf = (statement: Statement): readonly string[] => conditionValues(statement, "ArnNotLike", "aws:PrincipalARN") ?? [];

/**
 * What the SCP leaves unguarded: for each role its Config deny exempts, the role-change
 * actions no Deny statement covers on that role, or covers but with a wider exemption.
 */
export function unguardedExemptRoles(content: unknown): string[] {
  const statements = statementsOf(content) ?? [];
  const exempt = [...new Set(statements.filter((s) => s.effect === "Deny" && coversAction(s, TAMPER_ACTION)).flatMap(exemptArnsOf))];
  const problems: string[] = [];
  for (const role of exempt) {
    const missing = ROLE_GUARD_ACTIONS.filter(
      (action) =>
        !statements.some(
          (s) =>
            s.effect === "Deny" &&
            coversAction(s, action) &&
            coversResource(s, role) &&
            // Its own exemption may not go beyond the exempt roles.
            exemptArnsOf(s).every((arn) => exempt.includes(arn)),
        ),
    );
    if (missing.length > 0) problems.push(`\`${role}\`: ${missing.map((a) => `\`${a}\``).join(", ")}`);
  }
  return problems;
}

/** An SCP whose content denies stopping the recorder. */
function isTamperProtectionScp(policy: PolicyResource): boolean {
  const type = (policy.props.type as string | undefined) ?? "SERVICE_CONTROL_POLICY";
  const statements = statementsOf(policy.props.content);
  return type === "SERVICE_CONTROL_POLICY" && statements !== undefined && statements.some((s) => s.effect === "Deny" && coversAction(s, TAMPER_ACTION));
}

/** Ids an attachment's `policyId` may carry for `policy`: its id, or the `p-…` tail of its ARN. */
function idsOf(policy: PolicyResource): string[] {
  const ids: string[] = [];
  const id = knownOrUndefined(() => policy.props.id);
  if (typeof id === "string") {
    ids.push(id);
  }
  const arn = knownOrUndefined(() => policy.props.arn);
  if (typeof arn === "string" && arn.includes("/")) {
    ids.push(arn.slice(arn.lastIndexOf("/") + 1));
  }
  return ids;
}

/**
 * Whether `attachment` attaches one of `scps`: through its dependency on the
 * SCP resource (known even in a first preview, when ids are not), else by id.
 */
function attachesOneOf(attachment: PolicyResource, scps: readonly PolicyResource[]): boolean {
  const urns = new Set(scps.map((s) => s.urn));
  const linked = [...(attachment.propertyDependencies.policyId ?? []), ...attachment.dependencies];
  if (linked.some((d) => urns.has(d.urn))) {
    return true;
  }
  const policyId = knownOrUndefined(() => attachment.props.policyId);
  return typeof policyId === "string" && scps.some((scp) => idsOf(scp).includes(policyId));
}

export const organizationsTamperProtectionScpAttached: StackValidationPolicy = {
  name: "organizations-tamper-protection-scp-attached",
  description:
    "Checks whether the tamper-protection service control policy is attached to every target the policy config names, and denies changes to the roles it exempts.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("tamperProtectionTargets", "shard"),
  validateStack: (args, reportViolation) => {
    const { tamperProtectionTargets: targets, shard } = requireFacts(
      organizationsTamperProtectionScpAttached.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "tamperProtectionTargets",
      "shard",
    );
    if (!shard.ownsCentral) {
      args.notApplicable(`Shard \`${shard.name}\` does not own the central resources: the stack that owns them declares the tamper-protection SCP`);
    }
    if (targets.length === 0) {
      args.notApplicable("The policy config names no tamper-protection targets");
    }
    const scps = ofTypes(args.resources, ORGANIZATIONS_POLICY).filter(isTamperProtectionScp);
    if (scps.length === 0) {
      reportViolation(
        `No tamper-protection SCP is declared for ${listOf(targets)}: declare a SERVICE_CONTROL_POLICY that denies ` +
          `\`${TAMPER_ACTION}\` to everyone but the deployment role.`,
      );
      return;
    }
    for (const scp of scps) {
      const unguarded = unguardedExemptRoles(scp.props.content);
      if (unguarded.length > 0) {
        reportViolation(
          `The tamper-protection SCP does not guard the roles it exempts: deny, to everyone but those roles ` +
            `(ArnNotLike aws:PrincipalARN), on each exempt role ARN: ${unguarded.join("; ")}. Otherwise an account ` +
            `admin can create or re-trust a role with an exempt name and turn Config off.`,
          scp.urn,
        );
      }
    }
    const attachments = ofTypes(args.resources, ORGANIZATIONS_POLICY_ATTACHMENT).filter((a) => attachesOneOf(a, scps));
    const attachedTo = new Set(attachments.map((a) => a.props.targetId));
    const unattached = targets.filter((t) => !attachedTo.has(t));
    for (const target of unattached) {
      reportViolation(`The tamper-protection SCP is not attached to \`${target}\`: declare a PolicyAttachment with ` + `\`targetId: ${target}\`.`, scps[0].urn);
    }
  },
};

export const tamperProtectionPolicies: readonly StackValidationPolicy[] = [organizationsTamperProtectionScpAttached];
