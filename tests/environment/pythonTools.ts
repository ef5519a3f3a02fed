/**
 * The Python tools the tests run, moto's server and cfn-lint, at the versions
 * pinned in tests/environment/requirements.txt. Each is taken from, in order:
 * 1. the machine: `python3` on PATH that imports moto's server at the pinned
 *    version, `cfn-lint` on PATH at the pinned version;
 * 2. the project's own virtual environment, `.venv-tools/`, when it was
 *    installed from exactly the current requirements file;
 * 3. that environment, created now with `python3 -m venv` and filled by its
 *    own pip from the requirements file.
 * Nothing is installed outside the project. Each failure says what was
 * missing and what to do about it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export const VENV_DIR = ".venv-tools";
/** Written into the environment after a verified install: the requirements it was installed from. */
const VENV_STAMP = "installed-requirements.txt";
/** Imports what `python -m moto.server` needs (the `server` extra) and prints moto's version. */
const MOTO_PROBE = "import flask, flask_cors, moto, moto.server; print(moto.__version__)";

export interface ToolsContext {
  /** The project root; the virtual environment is `<root>/.venv-tools`. */
  readonly root: string;
  readonly requirementsFile: string;
  /** The environment: its PATH is searched, and every child gets it. */
  readonly env: NodeJS.ProcessEnv;
  /** Progress for people (stderr): creating the environment takes a while. */
  readonly log: (line: string) => void;
}

export interface ResolvedTool {
  /** Absolute path of the executable: the Python that runs `-m moto.server`, or `cfn-lint`. */
  readonly command: string;
  readonly version: string;
  readonly source: "machine" | "venv";
}

/** A tool the tests need cannot be found or provisioned; the message says how to fix it. */
export class TestToolsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TestToolsError";
  }
}

const REQUIREMENTS = path.join("tests", "environment", "requirements.txt");

/** The project root: the nearest folder above this module with tests/environment/requirements.txt (source tree or compiled `dist/`). */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, REQUIREMENTS))) return dir;
    if (path.dirname(dir) === dir) throw new TestToolsError(`no ${REQUIREMENTS} in any folder above ${__dirname}`);
  }
}

export function defaultContext(): ToolsContext {
  const root = projectRoot();
  return {
    root,
    requirementsFile: path.join(root, REQUIREMENTS),
    env: process.env,
    log: (line) => process.stderr.write(`${line}\n`),
  };
}

/** `name==version` per line (an `[extra]` allowed), so every tool is pinned exactly. */
export function readPins(file: string): Map<string, string> {
  const pins = new Map<string, string>();
  const problems: string[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((raw, i) => {
      const line = raw.replace(/#.*/, "").trim();
      if (line === "") return;
      const match = /^([A-Za-z0-9_.-]+)(?:\[[A-Za-z0-9_,.-]+\])?==([A-Za-z0-9_.+-]+)$/.exec(line);
      if (match) pins.set(match[1]!.toLowerCase(), match[2]!);
      else problems.push(`line ${i + 1} \`${line}\` is not \`name==version\``);
    });
  if (problems.length > 0) throw new TestToolsError(`${file}: ${problems.join("; ")}: pin every tool to one exact version`);
  return pins;
}

function pinOf(ctx: ToolsContext, name: string): string {
  const version = readPins(ctx.requirementsFile).get(name);
  if (version === undefined) throw new TestToolsError(`${ctx.requirementsFile} pins no \`${name}\`: add \`${name}==<version>\``);
  return version;
}

/** The first executable file called `name` in the PATH of `env`. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      if (fs.statSync(candidate).isFile()) {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

interface Run {
  readonly ok: boolean;
  readonly stdout: string;
  /** The last lines of stderr (of stdout when stderr is empty), or why the process did not run. */
  readonly tail: string;
}

function run(ctx: ToolsContext, command: string, args: readonly string[], timeoutMs: number): Run {
  const result = spawnSync(command, args, { env: ctx.env, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  const lines = (text: string | null) => (text ?? "").split("\n").filter((l) => l.trim() !== "");
  const stderr = lines(result.stderr);
  const tail = (stderr.length > 0 ? stderr : lines(result.stdout)).slice(-6).join("\n");
  return { ok: result.status === 0, stdout: (result.stdout ?? "").trim(), tail: result.error ? result.error.message : tail || `exit code ${result.status}` };
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}

/** moto's version as `python` imports it, or why it cannot. */
function probeMoto(ctx: ToolsContext, python: string): { version?: string; problem?: string } {
  const probe = run(ctx, python, ["-c", MOTO_PROBE], 120_000);
  if (!probe.ok) return { problem: `${python} cannot import moto's server (${probe.tail.split("\n").pop()})` };
  return { version: probe.stdout.split("\n").pop()!.trim() };
}

/** cfn-lint's version as `cfnLint --version` prints it, or why it cannot. */
function probeCfnLint(ctx: ToolsContext, cfnLint: string): { version?: string; problem?: string } {
  const probe = run(ctx, cfnLint, ["--version"], 120_000);
  const version = /cfn-lint\s+(\S+)/.exec(probe.stdout)?.[1];
  if (!probe.ok || version === undefined) return { problem: `\`${cfnLint} --version\` did not print a cfn-lint version (${probe.tail.split("\n").pop()})` };
  return { version };
}

function venvPaths(ctx: ToolsContext): { dir: string; python: string; cfnLint: string; stamp: string } {
  const dir = path.join(ctx.root, VENV_DIR);
  return { dir, python: path.join(dir, "bin", "python"), cfnLint: path.join(dir, "bin", "cfn-lint"), stamp: path.join(dir, VENV_STAMP) };
}

function venvReady(ctx: ToolsContext): boolean {
  const venv = venvPaths(ctx);
  try {
    return fs.readFileSync(venv.stamp, "utf8") === fs.readFileSync(ctx.requirementsFile, "utf8") && fs.existsSync(venv.python) && fs.existsSync(venv.cfnLint);
  } catch {
    return false;
  }
}

/** Why a probed tool is not the pinned one, or undefined when it is. */
function versionProblem(name: string, probe: { version?: string; problem?: string }, pin: string): string | undefined {
  if (probe.problem !== undefined) return probe.problem;
  return probe.version === pin ? undefined : `its ${name} is ${probe.version}, not the pinned ${pin}`;
}

/**
 * The project's virtual environment with the pinned tools, created and installed if it
 * is not there yet (or was installed from other pins). `why` says why the machine's
 * tools were not used, for the messages.
 */
export function ensureVenv(ctx: ToolsContext, why: string): { python: string; cfnLint: string } {
  const venv = venvPaths(ctx);
  if (venvReady(ctx)) return venv;
  const requirements = path.relative(ctx.root, ctx.requirementsFile);
  const pins = [...readPins(ctx.requirementsFile)].map(([name, version]) => `${name} ${version}`).join(" and ");

  const python3 = findOnPath("python3", ctx.env);
  if (python3 === undefined) {
    throw new TestToolsError(
      `Python 3 is not on PATH (no \`python3\`), and the tests need it: ${pins} (${requirements}) are Python tools, ` +
        `taken from the machine or from ${VENV_DIR}/, which the tests make with \`python3 -m venv\`. ` +
        "Install Python 3.9 or newer with its venv module (Debian/Ubuntu: `apt-get install python3 python3-venv`; macOS: `brew install python`) and run the tests again; " +
        `they install the tools into ${VENV_DIR}/ in the project, nothing globally.`,
    );
  }
  ctx.log(`tests: ${why}; creating ${VENV_DIR}/ with ${python3} and installing ${requirements} into it (once)`);
  fs.rmSync(venv.stamp, { force: true });

  const created = run(ctx, python3, ["-m", "venv", "--clear", venv.dir], 300_000);
  if (!created.ok) {
    throw new TestToolsError(
      `\`${python3} -m venv ${venv.dir}\` failed:\n${indent(created.tail)}\n` +
        "Python's venv module is missing or broken: on Debian/Ubuntu `apt-get install python3-venv`, then run the tests again.",
    );
  }
  const installed = run(
    ctx,
    venv.python,
    ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--retries", "2", "--timeout", "30", "-r", ctx.requirementsFile],
    900_000,
  );
  if (!installed.ok) {
    throw new TestToolsError(
      `pip could not install ${requirements} (${pins}) into ${VENV_DIR}/:\n${indent(installed.tail)}\n` +
        "When the Python package index cannot be reached from here, set PIP_INDEX_URL to an index that can, " +
        `or put ${pins} on PATH yourself (\`python3\` importing moto's server, and \`cfn-lint\`); then run the tests again.`,
    );
  }
  const problems = [
    versionProblem("moto", probeMoto(ctx, venv.python), pinOf(ctx, "moto")),
    versionProblem("cfn-lint", probeCfnLint(ctx, venv.cfnLint), pinOf(ctx, "cfn-lint")),
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0)
    throw new TestToolsError(`${VENV_DIR}/ was installed from ${requirements} but ${problems.join("; ")}: remove ${VENV_DIR}/ and run the tests again`);
  fs.writeFileSync(venv.stamp, fs.readFileSync(ctx.requirementsFile, "utf8"));
  return venv;
}

/** The Python that runs `-m moto.server` at the pinned moto version. */
export function resolveMoto(ctx: ToolsContext = defaultContext()): ResolvedTool {
  const pin = pinOf(ctx, "moto");
  const python3 = findOnPath("python3", ctx.env);
  let why = "no `python3` on PATH";
  if (python3 !== undefined) {
    const probe = probeMoto(ctx, python3);
    if (probe.version === pin) return { command: python3, version: pin, source: "machine" };
    why = probe.problem ?? `the machine's moto is ${probe.version}, not the pinned ${pin}`;
  }
  return { command: ensureVenv(ctx, why).python, version: pin, source: "venv" };
}

/** `cfn-lint` at the pinned version. */
export function resolveCfnLint(ctx: ToolsContext = defaultContext()): ResolvedTool {
  const pin = pinOf(ctx, "cfn-lint");
  const cfnLint = findOnPath("cfn-lint", ctx.env);
  let why = "no `cfn-lint` on PATH";
  if (cfnLint !== undefined) {
    const probe = probeCfnLint(ctx, cfnLint);
    if (probe.version === pin) return { command: cfnLint, version: pin, source: "machine" };
    why = probe.problem ?? `the machine's cfn-lint is ${probe.version}, not the pinned ${pin}`;
  }
  return { command: ensureVenv(ctx, why).cfnLint, version: pin, source: "venv" };
}

/** One line for people: which tool, which version, from where. */
export function describeTool(name: string, tool: ResolvedTool): string {
  return `${name} ${tool.version} (${tool.source === "machine" ? "the machine's" : `${VENV_DIR}/`}: ${tool.command})`;
}

let moto: ResolvedTool | undefined;
let cfnLint: ResolvedTool | undefined;

/** resolveMoto once per process, for the test helpers. */
export function motoTool(): ResolvedTool {
  return (moto ??= resolveMoto());
}

/** resolveCfnLint once per process, for the test helpers. */
export function cfnLintTool(): ResolvedTool {
  return (cfnLint ??= resolveCfnLint());
}

/** Long enough for a first run that creates the environment and installs into it. */
export const PROVISION_TIMEOUT_MS = 20 * 60_000;
