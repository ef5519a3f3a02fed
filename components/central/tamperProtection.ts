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

import type { Partition } from "../../aws/arns";
import type { TamperProtection as TamperProtectionSettings } from "../../config/domain";
import { buildTamperProtectionScp, exemptRoleArnPattern } from "../../config/tamperProtectionScp";
import { CENTRAL_TYPES } from "./typeTokens";

export interface TamperProtectionArgs {
  readonly partition: Partition;
  /** Project and stack: they name the SCP. */
  readonly project: string;
  readonly stack: string;
  readonly settings: TamperProtectionSettings;
  /** The roles the deny does not apply to, each once (config/tamperProtectionScp.ts `exemptRoleNamesOf`). */
  readonly exemptRoleNames: readonly string[];
  /** Provider for the management account: only it can create and attach SCPs. */
  readonly managementProvider: aws.Provider;
}

/** The SCP and one attachment per target; nothing when `tamperProtection.enabled` is false. */
export class TamperProtection extends pulumi.ComponentResource {
  readonly policy?: aws.organizations.Policy;
  readonly attachments: readonly aws.organizations.PolicyAttachment[];
  /** `arn:<partition>:iam::*:role/<name>` patterns the deny does not apply to. */
  readonly exemptRoleArnPatterns: readonly string[];

  constructor(name: string, args: TamperProtectionArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // The config pipeline validated the settings and the SCP (config/validateDeployment.ts).
    const { settings, exemptRoleNames, partition, project, stack } = args;
    super(CENTRAL_TYPES.TamperProtection, name, {}, opts);

    this.exemptRoleArnPatterns = exemptRoleNames.map((n) => exemptRoleArnPattern(partition, n));

    if (!settings.enabled) {
      this.attachments = [];
      this.registerOutputs({ attachments: [], exemptRoleArnPatterns: this.exemptRoleArnPatterns });
      return;
    }

    const content = buildTamperProtectionScp({ partition, exemptRoleNames });
    this.policy = new aws.organizations.Policy(
      `${name}-scp`,
      {
        name: `${project}-${stack}-config-tamper-protection`.slice(0, 128),
        description: (
          `Denies changes to AWS Config recorders, delivery channels and retention outside ` + `${exemptRoleNames.join(", ")} (${project} stack ${stack})`
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
