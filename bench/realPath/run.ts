/**
 * One program run on the path users run: the program started exactly as Pulumi's Node
 * language host starts it (languageHost.ts, from the project's Pulumi.yaml), talking gRPC
 * to a fake engine on loopback (fakeEngine.ts). Returns what the engine saw, the wall
 * time from spawn to exit and the program process's peak memory.
 */
import { spawn } from "child_process";

import { startFakeEngine, peakRssOfProcessMB, type EngineFigures, type OrganizationAnswer } from "./fakeEngine";
import { programLaunch, type LaunchRequest } from "./languageHost";

export interface RealPathRequest extends Omit<LaunchRequest, "monitorAddress"> {
  /** Whom `getCallerIdentity` names (the management account). */
  readonly callerAccountId: string;
  /** What organization discovery sees, for a `discover: true` inventory. */
  readonly discovered?: OrganizationAnswer;
}

export interface RealPathFigures {
  readonly launch: string;
  readonly resources: number;
  readonly customResources: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly seconds: number;
  readonly peakRssMB: number;
  /** CPU seconds of the program's process (user + system). */
  readonly cpuSeconds: number;
  readonly requestBytes: number;
  readonly warnings: number;
}

/** Runs the program once; rejects with its stderr and logged errors if it fails. */
export async function runRealPath(request: RealPathRequest): Promise<RealPathFigures> {
  const engine = await startFakeEngine({
    project: request.project,
    stack: request.stack,
    callerAccountId: request.callerAccountId,
    ...(request.discovered ? { organization: request.discovered } : {}),
  });
  try {
    const launch = programLaunch({ ...request, monitorAddress: engine.address });
    const started = process.hrtime.bigint();
    const child = spawn(launch.node, launch.args, { cwd: launch.cwd, env: launch.env, stdio: ["ignore", "pipe", "pipe"] });
    if (child.pid === undefined) throw new Error(`could not start ${launch.node}`);
    engine.watch(child.pid);
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    // A fallback reading of the high-water mark, should the program fail before it signals shutdown.
    let lastPeak = 0;
    const poll = setInterval(() => {
      lastPeak = Math.max(lastPeak, peakRssOfProcessMB(child.pid!) ?? 0);
    }, 250);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", (c) => resolve(c));
    });
    clearInterval(poll);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const figures: EngineFigures = engine.figures();
    const errors = figures.logged.filter((l) => l.severity === "error");
    if (code !== 0 || errors.length > 0) {
      throw new Error(`the program (${launch.describe}) exited with code ${code}:\n${errors.map((e) => e.message).join("\n")}\n${output.trim()}`);
    }
    return {
      launch: launch.describe,
      resources: figures.registrations,
      customResources: figures.customResources,
      byType: figures.byType,
      seconds,
      peakRssMB: figures.peakRssMB ?? lastPeak,
      cpuSeconds: figures.cpuSeconds ?? 0,
      requestBytes: figures.requestBytes,
      warnings: figures.logged.length,
    };
  } finally {
    await engine.close();
  }
}
