/**
 * The real Pulumi CLI, driven as a user drives it, for the engine tests and the
 * engine benchmark: the engine from tools/engine/provision, state on a `file://`
 * backend in a temporary folder, the real dynamic provider host
 * (`pulumi-resource-pulumi-nodejs` from @pulumi/pulumi) and the stand-in aws and
 * aws-native plugins (tests/engine/standins) found on PATH, with automatic plugin
 * acquisition off so that nothing is downloaded.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as path from "node:path";

/** The checkout's root, whether this file runs from its source or compiled in dist/tests/engine. */
const HERE_ROOT = path.resolve(__dirname, "..", "..");
export const PROJECT_ROOT = path.basename(HERE_ROOT) === "dist" ? path.dirname(HERE_ROOT) : HERE_ROOT;

export const STACK = "engine";

let engineBin: string | undefined;

/** The folder with `pulumi` and `pulumi-language-nodejs` (built or found once per process). */
export function engineDir(): string {
  if (!engineBin) {
    let out: string;
    try {
      out = execFileSync("bash", [path.join(PROJECT_ROOT, "tools", "engine", "provision")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 40 * 60_000,
      });
    } catch (e) {
      const stderr = String((e as { stderr?: unknown }).stderr ?? "").trim();
      throw new Error(`the Pulumi engine is not available: ${stderr.split("\n").pop() || String(e)}`);
    }
    engineBin = out.trim().split("\n").pop()!;
  }
  return engineBin;
}

export function engineVersion(): string {
  return execFileSync(path.join(engineDir(), "pulumi"), ["version"], { encoding: "utf8" }).trim();
}

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Workspace {
  readonly dir: string;
  /** The project folder the CLI runs in (`--cwd`). */
  projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly standinLog: string;
  /** Runs `pulumi <args>` to the end (bounded by `timeoutMs`). */
  run(args: readonly string[], options?: { timeoutMs?: number }): Promise<CliResult>;
  /** Starts `pulumi <args>` and returns the process, for tests that interrupt it. */
  start(args: readonly string[]): { child: ChildProcess; done: Promise<CliResult> };
  /** `pulumi stack export`, parsed. */
  exportStack(): Promise<StackExport>;
  dispose(): void;
}

export interface StateResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly protect?: boolean;
  readonly retainOnDelete?: boolean;
  readonly pendingReplacement?: boolean;
}

export interface StackExport {
  readonly deployment: { readonly resources?: readonly StateResource[]; readonly pending_operations?: readonly unknown[] };
}

/**
 * A private Pulumi home and file backend in `dir`; `extraEnv` is added to every command
 * (moto's endpoint and credentials, the stand-in's organization fixture).
 */
export function workspace(dir: string, extraEnv: NodeJS.ProcessEnv): Workspace {
  const bin = engineDir();
  mkdirSync(path.join(dir, "state"), { recursive: true });
  mkdirSync(path.join(dir, "home"), { recursive: true });
  const standinLog = path.join(dir, "standin.log");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extraEnv,
    PATH: [
      bin,
      path.join(PROJECT_ROOT, "tests", "engine", "standins", "bin"),
      path.join(PROJECT_ROOT, "node_modules", "@pulumi", "pulumi"),
      path.dirname(process.execPath),
      process.env.PATH ?? "",
    ].join(path.delimiter),
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "engine-tests",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    NO_COLOR: "1",
    AWS_CONFIG_ORG_STANDIN_LOG: standinLog,
  };
  // Mocha and ts-node settings of the test process would change how the program runs.
  delete env.TS_NODE_PROJECT;
  delete env.NODE_OPTIONS;

  const ws: Workspace = {
    dir,
    projectDir: PROJECT_ROOT,
    env,
    standinLog,
    start(args) {
      const child = spawn(path.join(bin, "pulumi"), [...args, "--cwd", ws.projectDir, "--non-interactive"], {
        env,
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
      let stdout = "",
        stderr = "";
      child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      const done = new Promise<CliResult>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
      });
      return { child, done };
    },
    async run(args, options = {}) {
      const timeoutMs = options.timeoutMs ?? 5 * 60_000;
      const { child, done } = ws.start(args);
      const timer = setTimeout(() => killTree(child), timeoutMs);
      try {
        const result = await done;
        if (result.signal && !result.code) {
          throw new Error(`pulumi ${args.join(" ")} was stopped after ${timeoutMs} ms:\n${result.stdout}\n${result.stderr}`);
        }
        return result;
      } finally {
        clearTimeout(timer);
      }
    },
    async exportStack() {
      const r = await ws.run(["stack", "export", "--stack", STACK]);
      if (r.code !== 0) throw new Error(`pulumi stack export failed:\n${r.stdout}\n${r.stderr}`);
      return JSON.parse(r.stdout) as StackExport;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return ws;
}

/**
 * Kills the CLI and everything it started (the language host, the program, every plugin).
 * The engine starts each plugin in a process group of its own, so the descendants are
 * found through /proc before anything is killed: once their parent is gone they belong
 * to init and can no longer be told apart.
 */
export function killTree(child: ChildProcess, signal: NodeJS.Signals = "SIGKILL"): void {
  if (child.pid === undefined) return;
  for (const pid of [...descendants(child.pid), child.pid]) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Every process below `root`, from /proc (Linux). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const found: number[] = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    found.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** The stand-in plugins' request log, one object a line. */
export function standinRequests(ws: Workspace): Record<string, unknown>[] {
  let text = "";
  try {
    text = readFileSync(ws.standinLog, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/**
 * A workspace whose AWS calls go to `awsEndpoint` (moto, or its front) with moto's
 * credentials, and whose stack is initialized. `stack init` writes the stack's encryption
 * salt beside Pulumi.yaml: it runs in a copy of Pulumi.yaml, so the checkout's
 * Pulumi.<stack>.yaml files are never touched.
 */
export async function initializedWorkspace(dir: string, awsEndpoint: string, organizationFixture: string): Promise<Workspace> {
  const ws = workspace(dir, {
    AWS_ENDPOINT_URL: awsEndpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_ORG_STANDIN_ORGANIZATION: organizationFixture,
  });
  const stub = path.join(dir, "stub");
  mkdirSync(stub, { recursive: true });
  copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(stub, "Pulumi.yaml"));
  ws.projectDir = stub;
  expectSuccess(await ws.run(["stack", "init", STACK]), "pulumi stack init");
  ws.projectDir = PROJECT_ROOT;
  return ws;
}

/** Fails with the CLI's own output when a command did not exit 0. */
export function expectSuccess(r: CliResult, what: string): CliResult {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}
