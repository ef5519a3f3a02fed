/**
 * Tamper protection: a service control policy, managed from the management
 * account, that denies changes to AWS Config recording and delivery to every
 * principal except the deployment role(s) of this project.
 *
 * Reference: AWS Control Tower's mandatory control "Disallow configuration
 * changes to AWS Config" (AWS-GR_CONFIG_CHANGE_PROHIBITED, SCP statement
 * `GRCONFIGENABLED`): it denies Delete/Put ConfigurationRecorder, Delete/Put
 * DeliveryChannel, Delete/Put RetentionConfiguration and
 * StopConfigurationRecorder to everyone but `AWSControlTowerExecution`.
 * We deny the same seven actions plus the two newer ones that edit a
 * recorder's recording group in place (`AssociateResourceTypes`,
 * `DisassociateResourceTypes`, 2024), which would otherwise bypass the
 * `PutConfigurationRecorder` deny. Deliberately NOT denied:
 * `StartConfigurationRecorder` (harmless), `DeleteEvaluationResults` and rule
 * actions (rules come from organization conformance packs, which member
 * accounts cannot change), and service-linked recorder actions (they belong
 * to other AWS services).
 *
 * SCPs never apply to the management account or to service-linked roles.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Deployment, TamperProtection as TamperProtectionSettings } from "../../config/domain";
import type { Partition } from "../../aws/arns";

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

export interface TamperProtectionScpInput {
  readonly partition: Partition;
  /** Role names (optionally path-qualified, `path/name`) still allowed to change Config, in every account. */
  readonly exemptRoleNames: readonly string[];
}

/** `arn:<partition>:iam::*:role/<name>`: the role in any account of the organization. */
export function exemptRoleArnPattern(partition: Partition, roleName: string): string {
  return `arn:${partition}:iam::*:role/${roleName}`;
}

/**
 * The SCP document (minified JSON, as Organizations counts whitespace too).
 * Throws if a role name would widen the exemption or the document is too big.
 */
export function buildTamperProtectionScp(input: TamperProtectionScpInput): string {
  const problems = exemptRoleNameProblems(input.exemptRoleNames);
  if (problems.length > 0) throw new Error(`tamper protection SCP: ${problems.join("; ")}`);
  const document = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: TAMPER_PROTECTION_SID,
        Effect: "Deny",
        Action: [...TAMPER_PROTECTED_ACTIONS],
        Resource: "*",
        Condition: {
          ArnNotLike: {
            "aws:PrincipalARN": input.exemptRoleNames.map((name) => exemptRoleArnPattern(input.partition, name)),
          },
        },
      },
    ],
  };
  const json = JSON.stringify(document);
  if (json.length > SCP_MAX_CHARACTERS) {
    throw new Error(
      `tamper protection SCP is ${json.length} characters, over the ${SCP_MAX_CHARACTERS} limit of Organizations: ` +
        `exempt fewer roles (${input.exemptRoleNames.length} now), e.g. give accounts the same \`roleName\``,
    );
  }
  return json;
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

export interface TamperProtectionArgs {
  readonly deployment: Deployment;
  /** Provider for the management account: only it can create and attach SCPs. */
  readonly managementProvider: aws.Provider;
  /**
   * More role names to exempt, e.g. the CI role when `deploymentAccountId` is
   * a member account (it acts there with its own credentials), or
   * `AWSControlTowerExecution` in a Control Tower landing zone.
   */
  readonly additionalExemptRoleNames?: readonly string[];
}

/** The SCP and one attachment per target; nothing when `tamperProtection.enabled` is false. */
export class TamperProtection extends pulumi.ComponentResource {
  readonly policy?: aws.organizations.Policy;
  readonly attachments: readonly aws.organizations.PolicyAttachment[];
  /** `arn:<partition>:iam::*:role/<name>` patterns the deny does not apply to. */
  readonly exemptRoleArnPatterns: readonly string[];

  constructor(name: string, args: TamperProtectionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Validate before registering anything, so bad settings leave no half-built component.
    const { deployment } = args;
    const settings = deployment.tamperProtection;
    const problems = validateTamperProtection(settings, `${deployment.project}:tamperProtection`);
    if (problems.length > 0) {
      throw new Error(`tamper protection for stack \`${deployment.stack}\`: ${problems.join("; ")}`);
    }
    super("aws-config-org:organization:TamperProtection", name, {}, opts);

    const exemptRoleNames = exemptRoleNamesOf(deployment, args.additionalExemptRoleNames);
    this.exemptRoleArnPatterns = exemptRoleNames.map((n) => exemptRoleArnPattern(deployment.partition, n));

    if (!settings.enabled) {
      this.attachments = [];
      this.registerOutputs({ attachments: [], exemptRoleArnPatterns: this.exemptRoleArnPatterns });
      return;
    }

    const content = buildTamperProtectionScp({ partition: deployment.partition, exemptRoleNames });
    this.policy = new aws.organizations.Policy(
      `${name}-scp`,
      {
        name: `${deployment.project}-${deployment.stack}-config-tamper-protection`.slice(0, 128),
        description: (
          `Denies changes to AWS Config recorders, delivery channels and retention outside ` +
          `${exemptRoleNames.join(", ")} (${deployment.project} stack ${deployment.stack})`
        ).slice(0, 512),
        type: "SERVICE_CONTROL_POLICY",
        content,
      },
      { parent: this, provider: args.managementProvider },
    );
    this.attachments = settings.targets.map(
      (targetId) =>
        new aws.organizations.PolicyAttachment(
          `${name}-${targetId}`,
          { policyId: this.policy!.id, targetId },
          { parent: this, provider: args.managementProvider },
        ),
    );

    this.registerOutputs({
      policy: this.policy,
      attachments: this.attachments,
      exemptRoleArnPatterns: this.exemptRoleArnPatterns,
    });
  }
}
