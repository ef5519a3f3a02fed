/**
 * The tamper-protection SCP's content, a function of the deployment alone: what it denies,
 * whom it exempts, and whether it fits Organizations' limits. Built here, in config, so that
 * the pipeline can refuse a stack whose SCP would be too large before anything is deployed;
 * components/central/tamperProtection.ts registers it.
 *
 * Reference: AWS Control Tower's mandatory control "Disallow configuration changes to AWS
 * Config" (SCP statement `GRCONFIGENABLED`), see components/central/tamperProtection.ts.
 */
import type { Partition } from "../aws/arns";
import type { Deployment, TamperProtection as TamperProtectionSettings } from "./domain";

/** Organizations' limit on an SCP document, in characters. */
export const SCP_MAX_CHARACTERS = 5120;

/** Config actions the SCP denies outside the exempt roles. */
export const TAMPER_PROTECTED_ACTIONS: readonly string[] = [
  "config:AssociateResourceTypes",
  "config:DeleteConfigurationRecorder",
  "config:DeleteDeliveryChannel",
  "config:DeleteRetentionConfiguration",
  "config:DisassociateResourceTypes",
  "config:PutConfigurationRecorder",
  "config:PutDeliveryChannel",
  "config:PutRetentionConfiguration",
  "config:StopConfigurationRecorder",
];

/** Statement id of the deny, for readers of the Organizations console. */
export const TAMPER_PROTECTION_SID = "DenyConfigChangesOutsideDeploymentRole";

/**
 * IAM actions denied on the exempt roles themselves, to everyone but those roles: without
 * this an account admin could create a role with an exempt name, or rewrite an exempt
 * role's trust or permissions, and walk around the first statement. Control Tower pairs
 * its Config guardrail with such a role guardrail (`GRIAMROLEPOLICY`,
 * https://docs.aws.amazon.com/controltower/latest/controlreference/mandatory-controls.html).
 */
export const EXEMPT_ROLE_GUARDED_ACTIONS: readonly string[] = [
  "iam:AttachRolePolicy",
  "iam:CreateRole",
  "iam:DeleteRole",
  "iam:DeleteRolePolicy",
  "iam:DetachRolePolicy",
  "iam:PutRolePolicy",
  "iam:UpdateAssumeRolePolicy",
  "iam:UpdateRole",
];

/** Statement id of the role guard. */
export const EXEMPT_ROLE_GUARD_SID = "DenyExemptRoleChangesOutsideThoseRoles";

export interface TamperProtectionScpInput {
  readonly partition: Partition;
  /** Role names (optionally path-qualified, `path/name`) still allowed to change Config, in every account. */
  readonly exemptRoleNames: readonly string[];
}

/** `arn:<partition>:iam::*:role/<name>`: the role in any account of the organization. */
export function exemptRoleArnPattern(partition: Partition, roleName: string): string {
  return `arn:${partition}:iam::*:role/${roleName}`;
}

/** The SCP document as minified JSON (Organizations counts whitespace too). */
export function tamperProtectionScpDocument(input: TamperProtectionScpInput): string {
  const exemptRoleArns = input.exemptRoleNames.map((name) => exemptRoleArnPattern(input.partition, name));
  const outsideExemptRoles = { ArnNotLike: { "aws:PrincipalARN": exemptRoleArns } };
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Sid: TAMPER_PROTECTION_SID, Effect: "Deny", Action: [...TAMPER_PROTECTED_ACTIONS], Resource: "*", Condition: outsideExemptRoles },
      { Sid: EXEMPT_ROLE_GUARD_SID, Effect: "Deny", Action: [...EXEMPT_ROLE_GUARDED_ACTIONS], Resource: exemptRoleArns, Condition: outsideExemptRoles },
    ],
  });
}

/** Why the SCP could not be attached: a role name that would widen the exemption, or a document over the limit. */
export function tamperProtectionScpProblems(input: TamperProtectionScpInput): string[] {
  const problems = exemptRoleNameProblems(input.exemptRoleNames);
  const length = tamperProtectionScpDocument(input).length;
  if (length > SCP_MAX_CHARACTERS) {
    problems.push(
      `the tamper protection SCP is ${length} characters, over the ${SCP_MAX_CHARACTERS} limit of Organizations: ` +
        `exempt fewer roles (${input.exemptRoleNames.length} now), e.g. give accounts the same \`roleName\``,
    );
  }
  return problems;
}

/**
 * The SCP document; throws what `tamperProtectionScpProblems` finds (the config pipeline
 * reports those first, so a deployment that got this far never throws here).
 */
export function buildTamperProtectionScp(input: TamperProtectionScpInput): string {
  const problems = tamperProtectionScpProblems(input);
  if (problems.length > 0) throw new Error(`tamper protection SCP: ${problems.join("; ")}`);
  return tamperProtectionScpDocument(input);
}

/**
 * The roles exempt from the SCP for a deployment: the stack's
 * `deploymentRoleName`, every per-account `roleName` override in this
 * stack's scope, then `additional` ones; each once, in that order.
 */
export function exemptRoleNamesOf(deployment: Deployment, additional: readonly string[] = []): string[] {
  // Every shard's accounts: the SCP is attached organization-wide by the one stack that owns it.
  const overrides = deployment.scope
    .map((a) => a.access.roleName)
    .filter((n): n is string => n !== undefined && n !== deployment.deploymentRoleName)
    .sort();
  return [...new Set([deployment.deploymentRoleName, ...overrides, ...additional])];
}

/** Problems with the stack's `tamperProtection` settings (empty when usable). */
export function validateTamperProtection(settings: TamperProtectionSettings, where = "tamperProtection"): string[] {
  if (!settings.enabled) return [];
  const problems: string[] = [];
  if (settings.targets.length === 0) {
    problems.push(`\`${where}\` is enabled without \`targets\`: list the root (\`r-…\`) or OU (\`ou-…\`) ids to attach the SCP to`);
  }
  for (const target of settings.targets) {
    if (!/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(target)) {
      problems.push(
        `\`${where}.targets\` has \`${target}\`: use a root id (\`r-ab12\`) or an OU id (\`ou-ab12-cdef3456\`) from \`aws organizations list-roots\` / \`list-organizational-units-for-parent\``,
      );
    }
  }
  const seen = new Set<string>();
  for (const target of settings.targets) {
    if (seen.has(target)) problems.push(`\`${where}.targets\` lists \`${target}\` more than once`);
    seen.add(target);
  }
  return problems;
}

function exemptRoleNameProblems(names: readonly string[]): string[] {
  const problems: string[] = [];
  if (names.length === 0) problems.push("no exempt role: the deployment role itself would be denied, name at least `deploymentRoleName`");
  for (const name of names) {
    // IAM role names and paths only; `*` or `?` would exempt roles that are not ours.
    if (!/^[\w+=,.@-]+(\/[\w+=,.@-]+)*$/.test(name) || name.length > 576) {
      problems.push(`exempt role name \`${name}\` is not an IAM role name (letters, digits, \`+=,.@_-\`, optional \`path/\`)`);
    }
  }
  return problems;
}
