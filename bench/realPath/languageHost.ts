/**
 * How Pulumi's Node language host (pulumi-language-nodejs, `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`
 * in pulumi/pulumi) starts a program, reproduced for the benchmark: which directory, which
 * `node` arguments, which environment, for a project's Pulumi.yaml.
 *
 * - The engine's `getPwdMain` (pkg/engine/project.go): no `main` means the project root and
 *   entry point `.`; a `main` file means its folder as the working directory and its base
 *   name as the entry point.
 * - `parseOptions`: `runtime.options.typescript` defaults to true (then the host sets
 *   `PULUMI_NODEJS_TYPESCRIPT=true` and cmd/run registers ts-node); `tsconfig` sets
 *   `PULUMI_NODEJS_TSCONFIG_PATH`; `nodeargs` are split like a shell line and go first.
 * - `constructArguments`: `@pulumi/pulumi/cmd/run` resolved from the program directory,
 *   then `--monitor --engine --organization --project --root-directory --stack --pwd
 *   [--dry-run] --parallel`, then the entry point.
 * - `constructConfig`: `PULUMI_CONFIG` as JSON with keys `<namespace>:config:<name>`,
 *   every value a string; `PULUMI_CONFIG_SECRET_KEYS` `[]`.
 *
 * Left out: the host's own monitor proxy and the synchronous-invoke pipes (`--sync`), which
 * this program never uses (the SDK opens them only for synchronous invokes).
 */
import * as fs from "fs";
import * as path from "path";

import * as YAML from "yaml";

/** `runtime.options` of a Pulumi.yaml, with the host's defaults applied. */
export interface NodeRuntimeOptions {
  readonly typescript: boolean;
  readonly tsconfig?: string;
  readonly nodeargs: readonly string[];
}

export interface ProgramLaunch {
  readonly node: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The Pulumi.yaml facts the launch follows, for the benchmark's report. */
  readonly describe: string;
}

export interface LaunchRequest {
  /** Folder of the project's Pulumi.yaml. */
  readonly projectRoot: string;
  readonly project: string;
  readonly stack: string;
  readonly organization: string;
  readonly monitorAddress: string;
  readonly dryRun: boolean;
  /** The engine's `--parallel` (the CLI's default is 4 × GOMAXPROCS, pulumi/pulumi#14989). */
  readonly parallel: number;
  /** Stack config, `<namespace>:<name>` -> value (non-strings are JSON-encoded, as the CLI stores them). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Pulumi.yaml's `main` and runtime options; read from `projectRoot/Pulumi.yaml` when absent. */
  readonly projectFile?: { readonly main?: string; readonly options: Readonly<Record<string, unknown>> };
  /** Extra environment (e.g. `PULUMI_NODEJS_TRANSPILE_ONLY`), as a user could have set. */
  readonly extraEnv?: Readonly<Record<string, string>>;
}

/** The options the host reads, with its defaults; a wrong type is an error naming the option. */
export function nodeRuntimeOptions(options: Readonly<Record<string, unknown>>): NodeRuntimeOptions {
  const typescript = options.typescript ?? true;
  if (typeof typescript !== "boolean") throw new Error("Pulumi.yaml: `runtime.options.typescript` must be true or false");
  const nodeargs = options.nodeargs ?? "";
  if (typeof nodeargs !== "string") throw new Error("Pulumi.yaml: `runtime.options.nodeargs` must be a string");
  if (options.tsconfig !== undefined && typeof options.tsconfig !== "string") throw new Error("Pulumi.yaml: `runtime.options.tsconfig` must be a string");
  return { typescript, ...(options.tsconfig ? { tsconfig: options.tsconfig } : {}), nodeargs: nodeargs.split(/\s+/).filter(Boolean) };
}

/** Pulumi.yaml's `main` and `runtime.options`. */
export function readProjectFile(projectRoot: string): { main?: string; options: Record<string, unknown> } {
  const doc = YAML.parse(fs.readFileSync(path.join(projectRoot, "Pulumi.yaml"), "utf8")) as {
    main?: string;
    runtime?: string | { options?: Record<string, unknown> };
  };
  const options = typeof doc.runtime === "object" ? (doc.runtime.options ?? {}) : {};
  return { ...(doc.main ? { main: doc.main } : {}), options };
}

/** The engine's working directory and entry point for a project's `main`. */
export function pwdAndEntryPoint(projectRoot: string, main?: string): { pwd: string; entryPoint: string } {
  if (!main) return { pwd: projectRoot, entryPoint: "." };
  const full = path.isAbsolute(main) ? main : path.join(projectRoot, main);
  if (!fs.existsSync(full)) throw new Error(`project 'main' could not be read: ${full} does not exist (run \`npm run build\` first?)`);
  if (fs.statSync(full).isDirectory()) return { pwd: full, entryPoint: "." };
  return { pwd: path.dirname(full), entryPoint: path.basename(full) };
}

/** `PULUMI_CONFIG` as the host writes it. */
export function pulumiConfigJson(config: Readonly<Record<string, unknown>>): string {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const at = key.indexOf(":");
    if (at < 0) throw new Error(`config key \`${key}\` has no namespace (expected \`<project>:<name>\`)`);
    out[`${key.slice(0, at)}:config:${key.slice(at + 1)}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return JSON.stringify(out);
}

export function programLaunch(request: LaunchRequest): ProgramLaunch {
  const projectFile = request.projectFile ?? readProjectFile(request.projectRoot);
  const options = nodeRuntimeOptions(projectFile.options);
  const { pwd, entryPoint } = pwdAndEntryPoint(request.projectRoot, projectFile.main);
  const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [pwd] });
  const args = [
    ...options.nodeargs,
    runPath,
    "--monitor",
    request.monitorAddress,
    "--engine",
    request.monitorAddress,
    "--organization",
    request.organization,
    "--project",
    request.project,
    "--root-directory",
    request.projectRoot,
    "--stack",
    request.stack,
    "--pwd",
    pwd,
    ...(request.dryRun ? ["--dry-run"] : []),
    "--parallel",
    String(request.parallel),
    entryPoint,
  ];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_CONFIG: pulumiConfigJson(request.config),
    PULUMI_CONFIG_SECRET_KEYS: "[]",
    ...(options.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
    ...(options.tsconfig ? { PULUMI_NODEJS_TSCONFIG_PATH: options.tsconfig } : {}),
    ...(request.extraEnv ?? {}),
  };
  // The benchmark's own process may carry test or ts-node settings a user's shell would not.
  delete env.TS_NODE_TRANSPILE_ONLY;
  delete env.TS_NODE_PROJECT;
  const describe = [
    `main ${projectFile.main ?? "(package.json main)"}`,
    `typescript: ${options.typescript}`,
    ...(options.nodeargs.length ? [`nodeargs: ${options.nodeargs.join(" ")}`] : []),
    ...Object.entries(request.extraEnv ?? {}).map(([k, v]) => `${k}=${v}`),
  ].join(", ");
  return { node: process.execPath, args, cwd: pwd, env, describe };
}
