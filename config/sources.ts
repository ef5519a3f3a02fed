/**
 * Step 1 of the config pipeline (config/pipeline.ts): the raw inputs of one stack, read and
 * nothing more. From disk (Pulumi.<stack>.yaml and the inventory it names) for the commands
 * that run outside the engine; config/pulumiSources.ts reads the same keys through the engine
 * for the program. Both hand the same `DeploymentSources` to the same pipeline.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

import { ConfigError, stackContext } from "./errors";
import { parseTemplate, type ParsedTemplate } from "../packs/templates/cloudFormationYaml";

export const PROJECT_NAME = "aws-config-org";

/** The project root: the nearest folder above this module with Pulumi.yaml (source tree or compiled `dist/`). */
export const PROJECT_ROOT = findProjectRoot(__dirname);

/** The raw inputs of one stack, as read from Pulumi config and disk. */
export interface DeploymentSources {
  readonly project: string;
  readonly stack: string;
  /** Stack config values without the `<project>:` namespace; strings holding JSON are already parsed. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The inventory file as read: its text, or why it could not be read. */
  readonly inventory: { readonly path: string; readonly text?: string; readonly readError?: string };
  /** Keys (without the namespace) the engine marked secret; absent when read from disk, where a secret is `{secure: …}`. */
  readonly secretKeys?: readonly string[];
  /** The template files `packs[i].template` names, by the path as written: text and its YAML tree, or why it could not be read. */
  readonly templates?: Readonly<Record<string, TemplateFile>>;
}

/** A template file as read and parsed, once, whichever packs name it: config/templatePacks.ts reads the tree. */
export interface TemplateFile extends SourceFile {
  readonly parsed?: ParsedTemplate;
}

/** A file the config names, as read: its text, or why it could not be read. */
export interface SourceFile {
  readonly path: string;
  readonly text?: string;
  readonly readError?: string;
}

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, "..");
  }
}

/** Pulumi hands structured config values over as JSON strings; YAML files hand them as values. */
export function normalizeConfigValues(entries: Readonly<Record<string, unknown>>, project: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entries)) {
    if (!key.startsWith(`${project}:`)) continue;
    out[key.slice(project.length + 1)] = typeof value === "string" ? parseConfigString(value) : value;
  }
  return out;
}

function parseConfigString(value: string): unknown {
  const trimmed = value.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  return value;
}

/** Resolves the inventory path (relative to the project root, or absolute) and reads it. */
export function readInventory(projectRoot: string, configured: unknown): DeploymentSources["inventory"] {
  if (typeof configured !== "string" || configured === "")
    return { path: "(no `accounts` path set)", readError: "stack config `aws-config-org:accounts` is not set" };
  return readSourceFile(projectRoot, configured);
}

/**
 * Reads and parses (CloudFormation YAML, short tags kept) the template of every `packs:` entry that
 * names one; the schema step reports entries of the wrong shape, the templates step what the tree holds.
 */
export function readTemplates(projectRoot: string, packs: unknown): Record<string, TemplateFile> {
  const out: Record<string, TemplateFile> = {};
  if (!Array.isArray(packs)) return out;
  for (const entry of packs as unknown[]) {
    const file = typeof entry === "object" && entry !== null ? (entry as { template?: unknown }).template : undefined;
    if (typeof file !== "string" || file === "" || file in out) continue;
    const read = readSourceFile(projectRoot, file);
    out[file] = read.text !== undefined ? { ...read, parsed: parseTemplate(read.text) } : read;
  }
  return out;
}

/** A file named relative to the project root (or absolute), read as UTF-8. */
function readSourceFile(projectRoot: string, configured: string): SourceFile {
  const full = path.isAbsolute(configured) ? configured : path.join(projectRoot, configured);
  try {
    return { path: configured, text: fs.readFileSync(full, "utf8") };
  } catch (e) {
    return { path: configured, readError: (e as NodeJS.ErrnoException).code === "ENOENT" ? `no such file (${full})` : (e as Error).message };
  }
}

/** The `config:` map of Pulumi.<stack>.yaml. */
export function readStackConfigFile(projectRoot: string, stack: string): Record<string, unknown> {
  const file = path.join(projectRoot, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    const existing = stacksIn(projectRoot);
    throw new ConfigError(
      [
        `there is no Pulumi.${stack}.yaml in ${projectRoot}: ` +
          (existing.length > 0 ? `the stacks are ${existing.map((s) => `\`${s}\``).join(", ")}; check \`--stack\`, or create it` : "create it") +
          ` (\`npx pulumi stack init ${stack}\`)`,
      ],
      stackContext(stack),
    );
  }
  const doc = YAML.parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) =>
        e.code === "DUPLICATE_KEY"
          ? `Pulumi.${stack}.yaml ${duplicateKeyText(text, e)}`
          : `Pulumi.${stack}.yaml is not valid YAML: ${e.message.split("\n")[0]}`,
      ),
      stackContext(stack),
    );
  }
  const parsed = doc.toJS() as { config?: Record<string, unknown> } | null;
  return parsed?.config ?? {};
}

/**
 * A YAML DUPLICATE_KEY error in words: `repeats the key \`k\` (line 4, first on line 2): keep one
 * of them`. The parser's own message names the line only.
 */
export function duplicateKeyText(text: string, error: YAML.YAMLError): string {
  const at = error.pos[0];
  // A YAML key ends at the first `:` followed by a space or the line's end (`aws-config-org:regions:` is one key).
  const key = /^["']?([^\n]+?)["']?\s*:(?:\s|$)/.exec(text.slice(at))?.[1];
  const line = error.linePos?.[0].line;
  if (key === undefined) return `repeats a key: ${error.message.split("\n")[0]}; keep one of them`;
  const indent = error.linePos ? error.linePos[0].col - 1 : 0;
  // The nearest earlier line with the same key at the same indent (the mapping's first one, in practice).
  const sameKey = new RegExp(`^\\s{${indent}}["']?${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}["']?\\s*:(\\s|$)`);
  const before = text.split("\n").slice(0, Math.max(0, (line ?? 1) - 1));
  let first = -1;
  for (let n = before.length - 1; n >= 0 && first < 0; n--) if (sameKey.test(before[n]!)) first = n;
  return `repeats the key \`${key}\`${line ? ` (line ${line}${first >= 0 ? `, first on line ${first + 1}` : ""})` : ""}: keep one of them (YAML keeps only the last)`;
}

/** The stacks of a project: every Pulumi.<stack>.yaml at its root, sorted. */
export function stacksIn(projectRoot: string): string[] {
  let files: string[];
  try {
    files = fs.readdirSync(projectRoot);
  } catch {
    return [];
  }
  return files
    .map((f) => /^Pulumi\.([\w.-]+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export interface StackSourceOptions {
  readonly projectRoot?: string;
  /** Stack config entries (`aws-config-org:key` -> value) replacing those of Pulumi.<stack>.yaml, as tests and benchmarks need. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Use only `overrides` (a synthetic stack without a Pulumi.<stack>.yaml). */
  readonly configOnly?: boolean;
}

/** A stack's sources from disk. */
export function stackSources(stack: string, options: StackSourceOptions = {}): DeploymentSources {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const file = options.configOnly ? {} : readStackConfigFile(projectRoot, stack);
  const config = normalizeConfigValues({ ...file, ...(options.overrides ?? {}) }, PROJECT_NAME);
  return { project: PROJECT_NAME, stack, config, inventory: readInventory(projectRoot, config.accounts), templates: readTemplates(projectRoot, config.packs) };
}
