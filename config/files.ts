/**
 * Where a stack's inputs live on disk: the project root, Pulumi.<stack>.yaml,
 * and the inventory file it names. Reading only; parsing is config/load.ts.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

import { ConfigError, type DeploymentSources } from "./load";

export const PROJECT_NAME = "aws-config-org";

/** The project root: the nearest folder above this module with Pulumi.yaml (source tree or compiled `dist/`). */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..");
  }
}

/** Resolves the inventory path (relative to the project root, or absolute) and reads it. */
export function readInventory(projectRoot: string, configured: unknown): DeploymentSources["inventory"] {
  if (typeof configured !== "string" || configured === "") return { path: "(no `accounts` path set)", readError: "stack config `aws-config-org:accounts` is not set" };
  const full = path.isAbsolute(configured) ? configured : path.join(projectRoot, configured);
  const shown = path.isAbsolute(configured) ? configured : configured;
  try {
    return { path: shown, text: fs.readFileSync(full, "utf8") };
  } catch (e) {
    return { path: shown, readError: (e as NodeJS.ErrnoException).code === "ENOENT" ? `no such file (${full})` : (e as Error).message };
  }
}

/** The `config:` map of Pulumi.<stack>.yaml. */
export function readStackConfigFile(projectRoot: string, stack: string): Record<string, unknown> {
  const file = path.join(projectRoot, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new ConfigError([`there is no Pulumi.${stack}.yaml in ${projectRoot}: create the stack (\`npx pulumi stack init ${stack}\`) or check \`--stack\``], `aws-config-org stack \`${stack}\``);
  }
  const doc = YAML.parse(text) as { config?: Record<string, unknown> } | null;
  return doc?.config ?? {};
}

/** A stack's sources from disk; `overrides` (`aws-config-org:key` -> value) replace file entries, as tests and benchmarks need. */
