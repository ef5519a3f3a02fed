/**
 * One aws-config-org stack in Pulumi Deployments: its deployment settings
 * (source, triggers, OIDC, pre-run policy preview) and its drift schedule.
 */
import * as pulumi from "@pulumi/pulumi";
import * as service from "@pulumi/pulumiservice";

import { preRunCommands } from "./preRunCommands";
import type { DeploymentsConfig, StackDeploymentSettings } from "./settings";

export interface StackDeploymentArgs {
  readonly config: Omit<DeploymentsConfig, "stacks">;
  readonly settings: StackDeploymentSettings;
}

export class StackDeployment extends pulumi.ComponentResource {
  readonly deploymentSettings: service.DeploymentSettings;
  readonly driftSchedule: service.DriftSchedule;

  constructor(name: string, args: StackDeploymentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:deployments:StackDeployment", name, {}, opts);
    const { config, settings } = args;
    const target = { organization: config.organization, project: config.project, stack: settings.stack };

    this.deploymentSettings = new service.DeploymentSettings(
      `${name}-settings`,
      {
        ...target,
        // The Pulumi GitHub app reaches the repository; `vcs` replaces the deprecated `github` block.
        vcs: {
          provider: "github",
          repository: config.repository,
          deployCommits: settings.deployCommits,
          previewPullRequests: settings.previewPullRequests,
          pullRequestTemplate: false,
          paths: [...config.pathFilters],
        },
        sourceContext: { git: { branch: `refs/heads/${config.branch}` } },
        operationContext: {
          oidc: { aws: { roleARN: settings.oidcRoleArn, sessionName: settings.sessionName } },
          preRunCommands: preRunCommands({
            organization: config.organization,
            project: config.project,
            stack: settings.stack,
            policyPack: config.policyPack,
            policyPackConfig: settings.policyPackConfig,
          }),
          options: {
            // The pre-run commands install (root and policy pack) before the policy preview.
            skipInstallDependencies: true,
            // Merges in quick succession deploy the newest commit once.
            skipIntermediateDeployments: true,
          },
        },
      },
      { parent: this },
    );

    this.driftSchedule = new service.DriftSchedule(
      `${name}-drift`,
      { ...target, scheduleCron: settings.driftSchedule, autoRemediate: settings.autoRemediate },
      // A drift run uses the stack's deployment settings: they must exist first.
      { parent: this, dependsOn: [this.deploymentSettings] },
    );

    this.registerOutputs({ deploymentSettings: this.deploymentSettings, driftSchedule: this.driftSchedule });
  }
}
