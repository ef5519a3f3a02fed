/**
 * The engine's side of a preview, for the multi-account resources: one gRPC round trip per
 * resource to the dynamic provider host for `Check`, and one for `Diff` when the resource
 * exists. Runs the real host (@pulumi/pulumi `cmd/dynamic-provider`, the process the engine
 * starts for every `pulumi-nodejs:dynamic` resource), in the directory the engine starts it in
 * (the program's: `dist/` with Pulumi.yaml's `main`), and drives it from here as the engine
 * would, `parallel` calls at a time. Returns the host's wall time and CPU time per resource.
 */
import { spawn } from "child_process";
import * as path from "path";

import { PROJECT_ROOT } from "../config/sources";
import { providerModuleText } from "../components/multiaccount/shim";
import { cpuSecondsOfProcess } from "./realPath/fakeEngine";
import { placeAt, recorderInputs } from "./recorderInputs";

const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [SDK_DIR] })) as {
  credentials: { createInsecure(): unknown };
};
const provproto = require("@pulumi/pulumi/proto/provider_pb") as Record<string, new () => Settable>;
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb") as {
  ResourceProviderClient: new (address: string, credentials: unknown, options?: object) => ProviderClient;
};
const structproto = require("google-protobuf/google/protobuf/struct_pb") as { Struct: { fromJavaScript(v: Record<string, unknown>): object } };

export interface ProviderHostFigures {
  readonly resources: number;
  readonly parallel: number;
  /** Wall time of all Check calls, then of all Diff calls, in seconds. */
  readonly checkSeconds: number;
  readonly diffSeconds: number;
  /** CPU seconds of the host process over both phases. */
  readonly hostCpuSeconds: number;
  /** Milliseconds of host CPU per resource (Check + Diff). */
  readonly cpuMsPerResource: number;
}

const TYPE = "pulumi-nodejs:dynamic/multiaccount:ConfigRecorder";

/** `resources` recorders through the real dynamic provider host: Check each, then Diff each against unchanged outputs. */
export async function runProviderHostBench(resources: number, parallel: number): Promise<ProviderHostFigures> {
  const host = spawn(process.execPath, [path.join(SDK_DIR, "cmd", "dynamic-provider", "index.js"), "127.0.0.1:1"], {
    cwd: path.join(PROJECT_ROOT, "dist"),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  host.stderr.on("data", (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      host.stdout.once("data", (c: Buffer) => resolve(c.toString().trim()));
      host.once("exit", (code) => reject(new Error(`the dynamic provider host exited (${code}) before it listened: ${stderr}`)));
    });
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 64 * 1024 * 1024,
    });
    const call = (method: "configure" | "check" | "diff", req: Settable) =>
      new Promise<void>((resolve, reject) =>
        client[method](req, (err: Error | null) => (err ? reject(new Error(`${method}: ${err.message}\n${stderr}`)) : resolve())),
      );
    await call("configure", new provproto.ConfigureRequest().setArgs(structproto.Struct.fromJavaScript({})));

    const provider = providerModuleText("ConfigRecorder");
    const news = (i: number): Record<string, unknown> => {
      const { accountId, region } = placeAt(i);
      return { ...recorderInputs(accountId, region), __provider: provider };
    };
    const urn = (i: number) => `urn:pulumi:bench::aws-config-org::${TYPE}::recorder-${i}`;
    const inParallel = async (work: (i: number) => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(parallel, resources) }, async () => {
          while (next < resources) await work(next++);
        }),
      );
    };

    const cpuBefore = cpuSecondsOfProcess(host.pid!) ?? 0;
    let started = process.hrtime.bigint();
    await inParallel((i) =>
      call(
        "check",
        new provproto.CheckRequest()
          .setUrn(urn(i))
          .setType(TYPE)
          .setName(`recorder-${i}`)
          .setOlds(structproto.Struct.fromJavaScript({}))
          .setNews(structproto.Struct.fromJavaScript(news(i))),
      ),
    );
    const checkSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    started = process.hrtime.bigint();
    await inParallel((i) => {
      const inputs = news(i);
      const { accountId, region } = placeAt(i);
      const outputs = { ...inputs, recorderName: "default", deliveryChannelName: "default", createAction: "create" };
      return call(
        "diff",
        new provproto.DiffRequest()
          .setId(`${accountId}/${region}/default`)
          .setUrn(urn(i))
          .setType(TYPE)
          .setName(`recorder-${i}`)
          .setOlds(structproto.Struct.fromJavaScript(outputs))
          .setNews(structproto.Struct.fromJavaScript(inputs))
          .setOldInputs(structproto.Struct.fromJavaScript(inputs)),
      );
    });
    const diffSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const hostCpuSeconds = (cpuSecondsOfProcess(host.pid!) ?? 0) - cpuBefore;
    client.close();
    return { resources, parallel, checkSeconds, diffSeconds, hostCpuSeconds, cpuMsPerResource: (hostCpuSeconds * 1000) / resources };
  } finally {
    host.kill();
  }
}

interface Settable {
  [setter: string]: (value: unknown) => Settable;
}
interface ProviderClient {
  configure(req: Settable, cb: (err: Error | null) => void): void;
  check(req: Settable, cb: (err: Error | null) => void): void;
  diff(req: Settable, cb: (err: Error | null) => void): void;
  close(): void;
}
