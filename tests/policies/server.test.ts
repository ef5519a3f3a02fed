/**
 * The pack as the Pulumi CLI runs it: policies/index.ts in its own process
 * (the PolicyPack constructor starts CrossGuard's gRPC analyzer server and
 * prints its port), then the CLI's calls: GetAnalyzerInfo, Configure with the
 * stack's config file, Analyze per resource and AnalyzeStack. This proves the
 * real server accepts the pack (names, schemas, package.json version) and
 * reaches the same verdicts as evaluatePack.
 */
import { expect } from "chai";
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";

import { buildPolicyConfig } from "../../policies/config";
import type { PlannedResource } from "../../policies/evaluate";
import { policies } from "../../policies/policies";
import { description, fixtureStack, resource } from "./fixtures";
import { mutate, named } from "./harness";

const POLICIES_DIR = path.join(__dirname, "..", "..", "policies");
const fromPack = (module: string) => require.resolve(module, { paths: [POLICIES_DIR] });

// The pack's own copies: messages must be built with the protobuf classes the server was built with.
const grpc = require(fromPack("@grpc/grpc-js")) as {
  credentials: { createInsecure(): unknown };
};
const services = require(fromPack("@pulumi/pulumi/proto/analyzer_grpc_pb.js")) as {
  AnalyzerClient: new (address: string, credentials: unknown) => Client;
};
const pb = require(fromPack("@pulumi/pulumi/proto/analyzer_pb.js")) as Record<string, new () => Message> & {
  EnforcementLevel: Record<string, number>;
};
const { Struct } = require(fromPack("google-protobuf/google/protobuf/struct_pb.js")) as {
  Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};
const { Empty } = require(fromPack("google-protobuf/google/protobuf/empty_pb.js")) as { Empty: new () => unknown };

// Minimal views of generated protobuf classes: a setter/getter bag.
type Message = Record<string, (...args: unknown[]) => unknown>;
type Callback = (err: Error | null, response: Message) => void;
type Client = Record<string, (request: unknown, callback: Callback) => void> & { close(): void };

function call(client: Client, method: string, request: unknown): Promise<Message> {
  return new Promise((resolve, reject) => client[method](request, (err, response) => (err ? reject(err) : resolve(response))));
}

/** One resource in the engine's wire format (options are required by the server). */
function analyzerResource(r: PlannedResource, all: readonly PlannedResource[]): Message {
  const message = new pb.AnalyzerResource();
  message.setType(r.type);
  message.setUrn(r.urn);
  message.setName(r.name);
  message.setProperties(Struct.fromJavaScript({ ...r.inputs, ...(r.state ?? {}) }));
  const options = new pb.AnalyzerResourceOptions();
  if (r.parent) options.setParent(r.parent);
  message.setOptions(options);
  if (r.parent) message.setParent(r.parent);
  message.setDependenciesList([...(r.dependsOn ?? [])]);
  const provider = all.find((p) => r.provider?.startsWith(`${p.urn}::`));
  if (provider) {
    const wire = new pb.AnalyzerProviderResource();
    wire.setType(provider.type);
    wire.setUrn(provider.urn);
    wire.setName(provider.name);
    wire.setProperties(Struct.fromJavaScript(provider.inputs));
    message.setProvider(wire);
  }
  return message;
}

interface Diagnostic {
  readonly policy: string;
  readonly message: string;
  readonly urn: string;
  readonly mandatory: boolean;
}

function diagnostics(response: Message): Diagnostic[] {
  return (response.getDiagnosticsList() as Message[]).map((d) => ({
    policy: d.getPolicyname() as string,
    message: d.getMessage() as string,
    urn: d.getUrn() as string,
    mandatory: d.getEnforcementlevel() === pb.EnforcementLevel.MANDATORY,
  }));
}

describe("policies: the PolicyPack served as the Pulumi CLI runs it", function () {
  this.timeout(60_000);
  let child: ChildProcess;
  let client: Client;
  let stderr = "";

  before(async () => {
    child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "index.ts"], {
      cwd: POLICIES_DIR,
      env: { ...process.env, TS_NODE_PROJECT: path.join(POLICIES_DIR, "tsconfig.json") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
    expect(port, stderr).to.match(/^\d+$/);
    client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

    // What the CLI does with --policy-pack-config: one entry per policy, with its level and facts.
    const request = new pb.ConfigureAnalyzerRequest();
    const file = buildPolicyConfig(description());
    for (const policy of policies) {
      const entry = new pb.PolicyConfig();
      entry.setEnforcementlevel(pb.EnforcementLevel[(policy.enforcementLevel ?? "advisory").toUpperCase()]);
      entry.setProperties(Struct.fromJavaScript((file[policy.name] ?? {}) as Record<string, unknown>));
      (request.getPolicyconfigMap() as unknown as Map<string, unknown>).set(policy.name, entry);
    }
    await call(client, "configure", request);
  });

  after(() => {
    client?.close();
    if (child && child.exitCode === null) child.kill();
  });

  it("describes the pack: its name and every policy, with their config schemas", async () => {
    const info = await call(client, "getAnalyzerInfo", new Empty());
    expect(info.getName()).to.equal("aws-config-org");
    expect(info.getVersion()).to.equal("0.1.0");
    const served = (info.getPoliciesList() as Message[]).map((p) => ({
      name: p.getName() as string,
      required: ((p.getConfigschema() as Message | undefined)?.getRequiredList() as string[] | undefined) ?? [],
    }));
    expect(served.map((p) => p.name)).to.deep.equal(policies.map((p) => p.name));
    expect(served.find((p) => p.name === "config-recorder-coverage")!.required).to.deep.equal(["accounts", "excludedAccountIds", "shard"]);
  });

  it("finds nothing in the fixture stack, and the violation of a mutated one", async () => {
    const stack = fixtureStack();
    const analyzeStack = async (resources: PlannedResource[]) => {
      const request = new pb.AnalyzeStackRequest();
      request.setResourcesList(resources.map((r) => analyzerResource(r, resources)));
      return diagnostics(await call(client, "analyzeStack", request));
    };
    expect(await analyzeStack(stack), stderr).to.deep.equal([]);

    const shrunk = mutate(stack, named("aws:cfg/configurationAggregator:ConfigurationAggregator", "aggregator"), (i) => {
      (i.organizationAggregationSource as { regions: string[] }).regions = ["us-east-1"];
    });
    const found = await analyzeStack(shrunk);
    expect(found).to.have.length(1);
    expect(found[0]).to.include({ policy: "config-organization-aggregator", mandatory: true });
    expect(found[0].message).to.include("does not cover eu-west-1, eu-central-2");
    expect(found[0].urn).to.match(/ConfigurationAggregator::aggregator$/);
  });

  it("judges a first preview, where ids and ARNs are still unknown, without giving up", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's unknown-string sentinel
    let stack = fixtureStack();
    stack = mutate(
      stack,
      (r) => r.inputs.bucket === "delivery-id",
      (i) => (i.bucket = UNKNOWN),
    );
    stack = mutate(stack, named("aws:organizations/policy:Policy", "tamper-scp"), (i) => (i.arn = UNKNOWN));
    stack = mutate(
      stack,
      (r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment",
      (i) => (i.policyId = UNKNOWN),
    );
    stack = mutate(stack, named("aws:s3/bucket:Bucket", "delivery"), (i) => {
      // Computed outputs of a bucket being created, the deprecated inline settings among them.
      for (const output of ["arn", "id", "policy", "versioning", "serverSideEncryptionConfiguration"]) i[output] = UNKNOWN;
    });
    // Unrelated resources whose identifying values are unknown must not stop the lookups either.
    const scratch = resource("aws:s3/bucket:Bucket", "scratch", { bucketPrefix: "scratch-", bucket: UNKNOWN });
    stack.push(
      scratch,
      resource("aws:s3/bucketPolicy:BucketPolicy", "scratch-policy", { bucket: UNKNOWN, policy: UNKNOWN }, { dependsOn: [scratch] }),
      resource("aws:organizations/policyAttachment:PolicyAttachment", "other-scp-r-ab12", { policyId: UNKNOWN, targetId: "r-ab12" }),
    );
    const request = new pb.AnalyzeStackRequest();
    request.setResourcesList(stack.map((r) => analyzerResource(r, stack)));
    expect(diagnostics(await call(client, "analyzeStack", request)), stderr).to.deep.equal([]);
  });

  it("rejects a StackSet at the resource, as in a preview", async () => {
    const stackSet = resource("aws:cloudformation/stackSet:StackSet", "everywhere", { name: "everywhere" });
    const request = new pb.AnalyzeRequest();
    request.setType(stackSet.type);
    request.setUrn(stackSet.urn);
    request.setName(stackSet.name);
    request.setProperties(Struct.fromJavaScript(stackSet.inputs));
    request.setOptions(new pb.AnalyzerResourceOptions());
    const found = diagnostics(await call(client, "analyze", request));
    expect(found.map((d) => d.policy)).to.deep.equal(["cloudformation-stackset-prohibited"]);
    expect(found[0].mandatory).to.equal(true);
  });
});
