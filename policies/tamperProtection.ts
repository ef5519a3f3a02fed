/**
 * Tamper protection (issue 7): where the policy config names SCP targets,
 * the service control policy that stops anyone but the deployment from
 * turning Config off is attached to each of them.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { coversAction, statementsOf } from "./policyDocument";
import { ORGANIZATIONS_POLICY, ORGANIZATIONS_POLICY_ATTACHMENT } from "./tokens";
import { knownOrUndefined, listOf, ofTypes } from "./view";

/** The action every tamper-protection SCP denies: it is how the policy recognises one. */
export const TAMPER_ACTION = "config:StopConfigurationRecorder";

/** An SCP whose content denies stopping the recorder. */
function isTamperProtectionScp(policy: PolicyResource): boolean {
  const type = (policy.props.type as string | undefined) ?? "SERVICE_CONTROL_POLICY";
  const statements = statementsOf(policy.props.content);
  return (
    type === "SERVICE_CONTROL_POLICY" &&
    statements !== undefined &&
    statements.some((s) => s.effect === "Deny" && coversAction(s, TAMPER_ACTION))
  );
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
    "Checks whether the tamper-protection service control policy is attached to every target the policy config names.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("tamperProtectionTargets"),
  validateStack: (args, reportViolation) => {
    const { tamperProtectionTargets: targets } = requireFacts(
      organizationsTamperProtectionScpAttached.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "tamperProtectionTargets",
    );
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
    const attachments = ofTypes(args.resources, ORGANIZATIONS_POLICY_ATTACHMENT).filter((a) => attachesOneOf(a, scps));
    const attachedTo = new Set(attachments.map((a) => a.props.targetId));
    const unattached = targets.filter((t) => !attachedTo.has(t));
    for (const target of unattached) {
      reportViolation(
        `The tamper-protection SCP is not attached to \`${target}\`: declare a PolicyAttachment with ` +
          `\`targetId: ${target}\`.`,
        scps[0].urn,
      );
    }
  },
};

export const tamperProtectionPolicies: readonly StackValidationPolicy[] = [organizationsTamperProtectionScpAttached];
