/**
 * Stack config and inventory sources for config pipeline tests: a three-account organization
 * (management, security, log archive) in us-east-1 and eu-west-1, with what a test adds.
 */
import { expect } from "chai";
import * as YAML from "yaml";

import { ConfigError } from "../../config/errors";
import { parseSettings, resolveDeployment } from "../../config/pipeline";
import type { DeploymentSources } from "../../config/sources";

export const MGMT = "111111111111";
export const SEC = "222222222222";
export const LOG = "333333333333";
export const APP = "444444444444";

export function sources(config: Record<string, unknown>, inventory: unknown): DeploymentSources {
  return {
    project: "aws-config-org",
    stack: "test",
    config: {
      homeRegion: "us-east-1",
      regions: ["us-east-1", "eu-west-1"],
      organizationId: "o-abcdefghij",
      managementAccountId: MGMT,
      securityAccountId: SEC,
      logArchiveAccountId: LOG,
      accounts: "accounts/test.yaml",
      ...config,
    },
    inventory: { path: "accounts/test.yaml", text: typeof inventory === "string" ? inventory : YAML.stringify(inventory) },
  };
}

export const inventory = (accounts: unknown[], extra: Record<string, unknown> = {}) => ({
  accounts: [{ id: MGMT, name: "mgmt" }, { id: SEC, name: "sec" }, { id: LOG, name: "log" }, ...accounts],
  ...extra,
});

/** The problems a load reports, or [] when it succeeds. */
export function problemsOf(src: DeploymentSources): string[] {
  return problemsFrom(() => resolveDeployment(parseSettings(src)));
}

/** The problems of the `ConfigError` that `load` throws, or [] when it succeeds; any other error is rethrown. */
export function problemsFrom(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

export function expectOneProblem(src: DeploymentSources, ...fragments: string[]): string {
  const problems = problemsOf(src);
  expect(problems, problems.join("\n")).to.have.length(1);
  for (const f of fragments) expect(problems[0]).to.include(f);
  return problems[0]!;
}
