/**
 * A stand-in for the Pulumi engine on loopback: the `Engine` and `ResourceMonitor`
 * gRPC services a Node program talks to during `pulumi preview`, served with the
 * generated stubs that ship inside @pulumi/pulumi (`proto/`), so the program runs
 * its real registration path (serialization, gRPC, protobuf) and nothing is mocked
 * inside the program's process.
 *
 * What it answers, the way the engine does in a preview (a create of every resource):
 * RegisterResource with the URN, no id (unknown in a preview) and the inputs as the
 * planned state; RegisterResourceOutputs; the invokes the program makes (caller
 * identity, partition, region, organization, OU members: what lib/mockRun.ts answers
 * offline), and an error naming any other token; SupportsFeature. It answers at once:
 * the engine's own work (steps, provider Check/Diff, checkpoints) is modeled apart
 * (bench/upModel.ts), so these figures are the program's side alone.
 *
 * Peak memory of the program: the kernel's high-water mark (`VmHWM`) of the process
 * that connected, read when it signals shutdown (the last call a program makes).
 */
import * as fs from "fs";
import * as path from "path";

/** The copy of grpc-js and of the stubs that @pulumi/pulumi itself uses. */
const SDK_DIR = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [SDK_DIR] })) as GrpcModule;
const resproto = require("@pulumi/pulumi/proto/resource_pb") as ResourceProto;
const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb") as { ResourceMonitorService: Record<string, MethodDefinition> };
const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineService: object };
const engproto = require("@pulumi/pulumi/proto/engine_pb") as EngineProto;
const provproto = require("@pulumi/pulumi/proto/provider_pb") as ProviderProto;
const emptyproto = require("google-protobuf/google/protobuf/empty_pb") as { Empty: new () => object };
const structproto = require("google-protobuf/google/protobuf/struct_pb") as StructProto;

export interface OrganizationAnswer {
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly status: string }[];
  readonly ouMembers: Readonly<Record<string, readonly string[]>>;
}

export interface FakeEngineOptions {
  readonly project: string;
  readonly stack: string;
  /** Caller account for `getCallerIdentity` (the management account). */
  readonly callerAccountId: string;
  /** What `getOrganization` and OU listings return, when the program discovers. */
  readonly organization?: OrganizationAnswer;
}

export interface EngineFigures {
  /** RegisterResource calls, the root stack included. */
  readonly registrations: number;
  readonly customResources: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly invokes: readonly string[];
  /** Bytes of every RegisterResource request as it arrived (protobuf), summed. */
  readonly requestBytes: number;
  /** Errors and warnings the program logged through the engine. */
  readonly logged: readonly { readonly severity: string; readonly message: string }[];
  /** Peak RSS of the program's process (MB), read at shutdown; undefined if it never signalled. */
  readonly peakRssMB?: number;
  /** CPU seconds the program's process used until it signalled shutdown (a steadier figure than wall time on a shared machine). */
  readonly cpuSeconds?: number;
}

export interface FakeEngine {
  /** `127.0.0.1:<port>`, for both `--monitor` and `--engine`. */
  readonly address: string;
  /** The program's process id, so its peak memory can be read at shutdown. */
  watch(pid: number): void;
  figures(): EngineFigures;
  close(): Promise<void>;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOfProcess(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesized command name; utime and stime are the 14th and 15th fields.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticksPerSecond = 100; // USER_HZ on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Kernel high-water mark of a process's resident set, in MB. */
export function peakRssOfProcessMB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return kb ? Number(kb[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export async function startFakeEngine(options: FakeEngineOptions): Promise<FakeEngine> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  const urnTypes = new Map<string, string>();
  const byType: Record<string, number> = {};
  const invokes: string[] = [];
  const logged: { severity: string; message: string }[] = [];
  let registrations = 0;
  let customResources = 0;
  let requestBytes = 0;
  let rootUrn = "";
  let pid: number | undefined;
  let peakRssMB: number | undefined;
  let cpuSeconds: number | undefined;

  const urnOf = (type: string, name: string, parent: string): string => {
    // The engine leaves the root stack out of a child's type chain.
    const parentType = parent ? urnTypes.get(parent) : undefined;
    const chain = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
    const urn = `urn:pulumi:${options.stack}::${options.project}::${chain}::${name}`;
    urnTypes.set(urn, chain);
    return urn;
  };

  const monitor = {
    supportsFeature(call: Call<{ getId(): string }>, cb: Callback) {
      // The features an engine of this SDK's generation has; a preview exercises none beyond these.
      const supported = [
        "secrets",
        "resourceReferences",
        "outputValues",
        "deletedWith",
        "aliasSpecs",
        "transforms",
        "invokeTransforms",
        "parameterization",
        "resourceHooks",
      ];
      cb(null, new resproto.SupportsFeatureResponse().setHassupport(supported.includes(call.request.getId())));
    },
    registerResource(call: Call<RegisterRequest>, cb: Callback) {
      const req = call.request;
      registrations++;
      const type = req.getType();
      byType[type] = (byType[type] ?? 0) + 1;
      const urn = urnOf(type, req.getName(), req.getParent());
      const resp = new resproto.RegisterResourceResponse().setUrn(urn);
      if (req.getCustom()) {
        customResources++;
        // A preview of a create: no id yet, the inputs as the planned state. A provider
        // resource gets its id at once (resources refer to it as `urn::id`).
        if (type.startsWith("pulumi:providers:")) resp.setId("00000000-0000-0000-0000-000000000000");
        const object = req.getObject();
        if (object) resp.setObject(object);
      }
      cb(null, resp);
    },
    registerResourceOutputs(_call: Call<unknown>, cb: Callback) {
      cb(null, new emptyproto.Empty());
    },
    invoke(call: Call<InvokeRequest>, cb: Callback) {
      const token = call.request.getTok();
      invokes.push(token);
      const args = call.request.getArgs()?.toJavaScript() ?? {};
      let answer: Record<string, unknown>;
      try {
        answer = invokeAnswer(token, args, options);
      } catch (e) {
        cb({ code: grpc.status.UNKNOWN, details: (e as Error).message }, null);
        return;
      }
      cb(null, new provproto.InvokeResponse().setReturn(structproto.Struct.fromJavaScript(answer)));
    },
    signalAndWaitForShutdown(_call: Call<unknown>, cb: Callback) {
      if (pid !== undefined) {
        peakRssMB = peakRssOfProcessMB(pid);
        cpuSeconds = cpuSecondsOfProcess(pid);
      }
      cb(null, new emptyproto.Empty());
    },
  };

  const engine = {
    log(call: Call<{ getSeverity(): number; getMessage(): string }>, cb: Callback) {
      const severity = ["debug", "info", "warning", "error"][call.request.getSeverity()] ?? "info";
      if (severity === "warning" || severity === "error") logged.push({ severity, message: call.request.getMessage() });
      cb(null, new emptyproto.Empty());
    },
    getRootResource(_call: Call<unknown>, cb: Callback) {
      cb(null, new engproto.GetRootResourceResponse().setUrn(rootUrn));
    },
    setRootResource(call: Call<{ getUrn(): string }>, cb: Callback) {
      rootUrn = call.request.getUrn();
      cb(null, new engproto.SetRootResourceResponse());
    },
    requirePulumiVersion(_call: Call<unknown>, cb: Callback) {
      cb(null, new engproto.RequirePulumiVersionResponse());
    },
  };

  // Request sizes are counted as the bytes arrive, before decoding.
  const registerResource = resrpc.ResourceMonitorService.registerResource;
  const monitorService = {
    ...resrpc.ResourceMonitorService,
    registerResource: {
      ...registerResource,
      requestDeserialize: (bytes: Buffer) => {
        requestBytes += bytes.length;
        return registerResource.requestDeserialize(bytes);
      },
    },
  };
  server.addService(monitorService, monitor);
  server.addService(engrpc.EngineService, engine);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );

  return {
    address: `127.0.0.1:${port}`,
    watch: (p) => {
      pid = p;
    },
    figures: () => ({
      registrations,
      customResources,
      byType: { ...byType },
      invokes: [...invokes],
      requestBytes,
      logged: [...logged],
      ...(peakRssMB !== undefined ? { peakRssMB } : {}),
      ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
    }),
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

/** Invoke results, as the offline runner (lib/mockRun.ts) answers them; any other token is an error that names it. */
function invokeAnswer(token: string, args: Record<string, unknown>, options: FakeEngineOptions): Record<string, unknown> {
  const org = options.organization;
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: options.callerAccountId,
        arn: `arn:aws:iam::${options.callerAccountId}:root`,
        userId: options.callerAccountId,
        id: options.callerAccountId,
      };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getRegion:getRegion":
      return { id: String(args.region ?? "us-east-1"), name: String(args.region ?? "us-east-1"), region: String(args.region ?? "us-east-1") };
    case "aws:organizations/getOrganization:getOrganization":
      if (!org) throw new Error("the program asked for the organization's accounts, but the benchmark gave the fake engine no organization");
      return {
        id: "o-fixture",
        accounts: org.accounts.map((a) => ({
          ...a,
          state: a.status,
          arn: `arn:aws:organizations::${options.callerAccountId}:account/o-fixture/${a.id}`,
          email: `${a.id}@example.com`,
        })),
        nonMasterAccounts: [],
        roots: [],
        featureSet: "ALL",
        masterAccountId: options.callerAccountId,
      };
    case "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": {
      const ou = String(args.parentId);
      return { id: ou, parentId: ou, accounts: (org?.ouMembers[ou] ?? []).map((id) => ({ id, name: id, status: "ACTIVE" })) };
    }
    default:
      throw new Error(`the benchmark's fake engine does not answer the invoke \`${token}\`: add it to bench/realPath/fakeEngine.ts`);
  }
}

// Minimal shapes of the untyped generated stubs and of grpc-js, as used here.
type Callback = (err: { code: number; details: string } | null, resp: unknown) => void;
interface Call<T> {
  readonly request: T;
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): object | undefined;
}
interface MethodDefinition {
  requestDeserialize(bytes: Buffer): unknown;
}
interface InvokeRequest {
  getTok(): string;
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}
interface RegisterResponse {
  setUrn(v: string): RegisterResponse;
  setId(v: string): RegisterResponse;
  setObject(v: object): RegisterResponse;
}
interface ResourceProto {
  SupportsFeatureResponse: new () => { setHassupport(v: boolean): object };
  RegisterResourceResponse: new () => RegisterResponse;
}
interface EngineProto {
  GetRootResourceResponse: new () => { setUrn(v: string): object };
  SetRootResourceResponse: new () => object;
  RequirePulumiVersionResponse: new () => object;
}
interface ProviderProto {
  InvokeResponse: new () => { setReturn(v: object): object };
}
interface StructProto {
  Struct: { fromJavaScript(v: Record<string, unknown>): object };
}
interface GrpcModule {
  Server: new (options: Record<string, number>) => {
    addService(service: object, implementation: object): void;
    bindAsync(address: string, credentials: unknown, cb: (err: Error | null, port: number) => void): void;
    tryShutdown(cb: () => void): void;
  };
  ServerCredentials: { createInsecure(): unknown };
  status: { UNKNOWN: number };
}
