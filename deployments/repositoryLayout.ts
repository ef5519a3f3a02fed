/**
 * Checks, before any settings are written, that the repository the
 * deployments will check out has what they run: the project, each stack's
 * config, the policy pack as a workspace of the root package with the root
 * lockfile (one `npm ci` installs both), and each stack's policy pack config.
 * A typo in a stack name fails here, not at 3 a.m. in a drift run.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { parse as parseYaml } from "yaml";

import type { DeploymentsConfig } from "./settings";

/** Problems found under `root` (the repository root), each with its fix. */
export function checkRepositoryLayout(root: string, config: DeploymentsConfig): string[] {
  const problems: string[] = [];
  const at = (rel: string) => path.join(root, rel);

  const projectFile = at("Pulumi.yaml");
  if (!fs.existsSync(projectFile)) {
    problems.push(`no Pulumi.yaml at the repository root \`${root}\`: set \`repositoryRoot\` to the folder holding the aws-config-org project`);
  } else {
    const name = (parseYaml(fs.readFileSync(projectFile, "utf8")) as { name?: unknown } | null)?.name;
    if (name !== config.project) {
      problems.push(`Pulumi.yaml names the project \`${String(name)}\` but \`project\` is \`${config.project}\`: make them agree`);
    }
  }

  for (const s of config.stacks) {
    if (!fs.existsSync(at(`Pulumi.${s.stack}.yaml`))) {
      problems.push(
        `stack \`${s.stack}\` has no Pulumi.${s.stack}.yaml at the repository root: create it (\`pulumi stack init ${config.organization}/${s.stack}\`) or fix the name in \`stacks\``,
      );
    }
    const policyConfig = at(s.policyPackConfig);
    if (!fs.existsSync(policyConfig)) {
      problems.push(`stack \`${s.stack}\` has no policy pack config \`${s.policyPackConfig}\`: create it (a JSON object, \`{}\` for the pack's defaults)`);
    } else {
      try {
        JSON.parse(fs.readFileSync(policyConfig, "utf8"));
      } catch (e) {
        problems.push(`\`${s.policyPackConfig}\` is not valid JSON (${(e as Error).message}): fix it, the preview passes it to \`--policy-pack-config\``);
      }
    }
  }

  for (const file of ["PulumiPolicy.yaml", "package.json"]) {
    if (!fs.existsSync(at(path.join(config.policyPack, file)))) {
      problems.push(`the policy pack \`${config.policyPack}\` has no ${file}: \`--policy-pack ${config.policyPack}\` needs it`);
    }
  }
  if (!fs.existsSync(at("package-lock.json"))) {
    problems.push("no package-lock.json at the repository root: the pre-run `npm ci` needs it; commit the one `npm install` writes");
  }
  const workspaces = rootWorkspaces(at("package.json"));
  if (workspaces === undefined) {
    problems.push("no readable package.json at the repository root: the pre-run `npm ci` installs the program and its policy pack from it");
  } else if (!workspaces.some((pattern) => matchesWorkspace(pattern, config.policyPack))) {
    problems.push(
      `the policy pack \`${config.policyPack}\` is not a workspace of the root package.json (\`workspaces\`: ${JSON.stringify(workspaces)}): ` +
        `the pre-run \`npm ci\` would not install its dependencies; add \`"${config.policyPack}"\` to \`workspaces\``,
    );
  }
  return problems;
}

/** The root package's `workspaces` (npm's array form or its `{ packages }` form), or undefined when unreadable. */
function rootWorkspaces(file: string): string[] | undefined {
  try {
    const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { workspaces?: unknown };
    const list = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces as { packages?: unknown } | undefined)?.packages;
    return Array.isArray(list) ? list.filter((w): w is string => typeof w === "string") : [];
  } catch {
    return undefined;
  }
}

/** Whether a workspace entry (a folder, `*` standing for one path segment) names `folder`. */
function matchesWorkspace(pattern: string, folder: string): boolean {
  const clean = (p: string) => p.replace(/^\.\//, "").replace(/\/+$/, "");
  const source = clean(pattern)
    .split("/")
    .map((segment) =>
      segment
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join("/");
  return new RegExp(`^${source}$`).test(clean(folder));
}
