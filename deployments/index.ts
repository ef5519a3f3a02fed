/**
 * Pulumi Deployments as code for the aws-config-org stacks: for each stack,
 * deployment settings (deploy on push to the branch, preview pull requests
 * with the policy pack, AWS credentials through OIDC) and a daily drift
 * schedule. Composes only: config → repository check → one StackDeployment
 * per stack → outputs. See docs/deployment.md.
 */
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";

import { checkRepositoryLayout } from "./repositoryLayout";
import { CONFIG_NAMESPACE, DeploymentsConfigError, parseDeploymentsConfig } from "./settings";
import { StackDeployment } from "./stackDeployment";

/** Keys whose values are lists or booleans; every other key stays the string it was written as. */
const STRUCTURED_KEYS = new Set(["stacks", "pathFilters", "autoRemediate"]);

/** This program's config values, decoded: `pulumi.Config` cannot list unknown (mistyped) keys, allConfig can. */
function rawConfig(): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const prefix = `${CONFIG_NAMESPACE}:`;
  for (const [fullKey, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!fullKey.startsWith(prefix)) continue;
    const key = fullKey.slice(prefix.length);
    if (!STRUCTURED_KEYS.has(key)) {
      raw[key] = value;
      continue;
    }
    try {
      raw[key] = JSON.parse(value);
    } catch {
      raw[key] = value;
    }
  }
  return raw;
}

const config = parseDeploymentsConfig(rawConfig());
const repositoryRoot = path.resolve(__dirname, config.repositoryRoot);
const layoutProblems = checkRepositoryLayout(repositoryRoot, config);
if (layoutProblems.length > 0) throw new DeploymentsConfigError(layoutProblems);

const deployments = config.stacks.map((settings) => new StackDeployment(settings.stack, { config, settings }));

/** Per stack: the settings id (`org/project/stack`) and the drift schedule id. */
export const stacks = pulumi
  .all(
    deployments.map((d) =>
      pulumi.all([d.deploymentSettings.stack, d.deploymentSettings.id, d.driftSchedule.scheduleId]).apply(([stack, settingsId, driftScheduleId]) => ({
        stack,
        settingsId,
        driftScheduleId,
      })),
    ),
  )
  .apply((list) => Object.fromEntries(list.map((s) => [s.stack, { settingsId: s.settingsId, driftScheduleId: s.driftScheduleId }])));
