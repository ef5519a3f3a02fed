/** A throwaway repository layout for the deployments program to check against. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface FixtureRepository {
  readonly root: string;
  remove(): void;
}

export function fixtureRepository(
  stacks: readonly string[],
  options: { project?: string; omit?: readonly string[]; workspaces?: readonly string[] } = {},
): FixtureRepository {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "aws-config-org-repo-"));
  const files: Record<string, string> = {
    "Pulumi.yaml": `name: ${options.project ?? "aws-config-org"}\nruntime: nodejs\n`,
    "policies/PulumiPolicy.yaml": "runtime: nodejs\n",
    "package.json": `${JSON.stringify({ name: "aws-config-org", workspaces: options.workspaces ?? ["policies"] })}\n`,
    "package-lock.json": "{}\n",
    "policies/package.json": "{}\n",
  };
  for (const stack of stacks) {
    files[`Pulumi.${stack}.yaml`] = "config: {}\n";
    files[`policies/config/${stack}.json`] = "{}\n";
  }
  for (const [rel, content] of Object.entries(files)) {
    if (options.omit?.includes(rel)) continue;
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return { root, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}
