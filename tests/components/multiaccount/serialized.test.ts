/**
 * The provider as the engine runs it: the text every multi-account resource stores in
 * `__provider` (components/multiaccount/shim.ts), loaded in a SEPARATE node
 * process the way the dynamic provider host does (`require-from-string`, `.handler()`),
 * and driven through check/create/diff/delete against moto. Create and delete run in
 * different processes, as `pulumi up` and `pulumi destroy` do.
 */
import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
} from "@aws-sdk/client-config-service";
import { expect } from "chai";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { serializeProvider, serializedImplementationSize, serializedProviderSize } from "../../../components/multiaccount/serializedSize";
import type { DynamicResourceKind } from "../../../policies/tokens";
import { clearSessionCache, credentialsFor } from "../../../components/multiaccount/session";
import { useMoto } from "../../helpers/moto";
import { recorderInputs } from "./support/inputs";
import { configClientIn, createTestOrg, type TestOrg } from "./support/org";

const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..");
/**
 * The provider text is stored twice (inputs and outputs) in every resource's state and
 * rewritten at every checkpoint by file and S3 backends: a loader of the implementation,
 * under a kilobyte. Capturing the implementation, a library or a client would blow far
 * past this budget.
 */
const SIZE_BUDGET_BYTES = 1024;

/** Loads the provider text like pulumi's cmd/dynamic-provider and runs the steps in order. */
const RUNNER = `
const fs = require("fs");
const requireFromString = require(require.resolve("require-from-string", { paths: [process.cwd(), ...(process.env.NODE_PATH ? [process.env.NODE_PATH] : [])] }));
const provider = requireFromString(fs.readFileSync(process.argv[2], "utf8")).handler();
const steps = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
(async () => {
  const results = [];
  for (const step of steps) results.push(await provider[step.method](...step.args));
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  process.stderr.write("RUNNER-ERROR " + (error && error.name) + ": " + (error && error.message));
  process.exit(1);
});
`;

interface Step {
  readonly method: "check" | "diff" | "create" | "read" | "update" | "delete";
  readonly args: unknown[];
}

describe("serialized provider in a separate process", function () {
  this.timeout(90_000);
  const moto = useMoto();
  let org: TestOrg;
  let dir: string;
  const texts = new Map<DynamicResourceKind, string>();

  before(async () => {
    clearSessionCache();
    await moto.server.reset();
    org = await createTestOrg(1);
    // Warm the credential cache first: serialization must not capture it.
    await credentialsFor({ accountId: org.members[0].id, roleArn: org.members[0].roleArn, purpose: "warm" });
    dir = mkdtempSync(path.join(tmpdir(), "serialized-provider-"));
    writeFileSync(path.join(dir, "runner.js"), RUNNER);
    writeFileSync(path.join(dir, "check-steps.json"), JSON.stringify([{ method: "check", args: [{}, {}] }]));
    for (const kind of ["ConfigRecorder", "ServiceLinkedRole", "TrustedServiceAccess", "AccountRole", "AccountConformancePack"] as const) {
      const text = await serializeProvider(kind);
      texts.set(kind, text);
      writeFileSync(path.join(dir, `${kind}.js`), text);
    }
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    clearSessionCache();
  });

  function run(kind: DynamicResourceKind, steps: Step[]): Promise<unknown[]> {
    const stepsFile = path.join(dir, `steps-${kind}-${Date.now()}.json`);
    writeFileSync(stepsFile, JSON.stringify(steps));
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(dir, "runner.js"), path.join(dir, `${kind}.js`), stepsFile],
        { cwd: PROJECT_ROOT, env: process.env },
        (error, stdout, stderr) => {
          if (error)
            reject(
              new Error(
                `${kind} runner failed: ${
                  stderr
                    .split("\n")
                    .filter((l) => l.includes("RUNNER-ERROR"))
                    .join(" ") || stderr
                }`,
              ),
            );
          else resolve(JSON.parse(stdout) as unknown[]);
        },
      );
    });
  }

  it("stays under a kilobyte: a loader of the implementation, capturing no code, client, cache or credentials", async () => {
    const recorder = texts.get("ConfigRecorder") ?? "";
    expect(await serializedProviderSize("ConfigRecorder")).to.equal(Buffer.byteLength(recorder));
    for (const [kind, text] of texts) {
      expect(Buffer.byteLength(text), kind).to.be.below(SIZE_BUDGET_BYTES);
      expect(text, kind).to.not.match(/ASIA|AKIA|secretAccessKey: "/);
      expect(text, kind).to.not.contain("Sha256");
      expect(text, kind).to.not.contain("@aws-sdk/");
      // Under mocha the program runs from its TypeScript sources: the loader names that folder.
      expect(text, kind).to.contain(`("${kind}", "components/multiaccount")`);
    }
    // The implementation by value is an order of magnitude larger: what the shim saves per resource.
    expect(await serializedImplementationSize("ConfigRecorder")).to.be.above(10 * Buffer.byteLength(recorder));
  });

  it("says where it looked when run outside the project", async () => {
    const outside = mkdtempSync(path.join(tmpdir(), "elsewhere-"));
    const message = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [path.join(dir, "runner.js"), path.join(dir, "ConfigRecorder.js"), path.join(dir, "check-steps.json")],
        { cwd: outside, env: { ...process.env, NODE_PATH: path.join(PROJECT_ROOT, "node_modules") } },
        (_e, _out, stderr) => resolve(stderr),
      );
    });
    rmSync(outside, { recursive: true, force: true });
    expect(message).to.contain("aws-config-org: components/multiaccount not found in").and.contain(outside);
  });

  it("creates, diffs and (in another process) deletes a recorder in a member account", async () => {
    const m = org.members[0];
    const inputs = recorderInputs(m, "eu-west-1", org.bucket);
    const changed = { ...inputs, recording: false };
    const [check, created] = (await run("ConfigRecorder", [
      { method: "check", args: [{}, inputs] },
      { method: "create", args: [inputs] },
    ])) as [{ failures: unknown[] }, { id: string; outs: Record<string, unknown> }];
    expect(check.failures).to.deep.equal([]);
    expect(created.id).to.equal(`${m.id}/eu-west-1/aws-config-org`);

    const client = await configClientIn(m.roleArn, "eu-west-1");
    expect(
      (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus?.map((s) => [s.name, s.recording]),
    ).to.deep.equal([["aws-config-org", true]]);
    expect((await client.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels?.map((c) => c.s3BucketName)).to.deep.equal([org.bucket]);

    const [same, different] = (await run("ConfigRecorder", [
      { method: "diff", args: [created.id, created.outs, inputs] },
      { method: "diff", args: [created.id, created.outs, changed] },
    ])) as [Record<string, unknown>, Record<string, unknown>];
    expect(same).to.deep.include({ changes: false });
    expect(different).to.deep.include({ changes: true, replaces: [] });

    await run("ConfigRecorder", [{ method: "delete", args: [created.id, created.outs] }]);
    expect((await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders).to.deep.equal([]);
  });

  it("raises the typed errors from the serialized copy", async () => {
    const m = org.members[0];
    const withoutRole = recorderInputs({ id: m.id }, "eu-west-1", org.bucket);
    let message = "";
    try {
      await run("ConfigRecorder", [{ method: "create", args: [withoutRole] }]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).to.contain("CallerAccountMismatchError").and.contain(`No role to assume for account \`${m.id}\``);
  });

  it("runs the other three providers from their serialized copies too", async () => {
    const m = org.members[0];
    const [slr] = (await run("ServiceLinkedRole", [{ method: "create", args: [{ accountId: m.id, roleArn: m.roleArn }] }])) as [
      { outs: { createdByThisStack: boolean } },
    ];
    expect(slr.outs.createdByThisStack).to.equal(true);
    const [trusted] = (await run("TrustedServiceAccess", [{ method: "create", args: [{ accountId: org.managementAccountId }] }])) as [
      { outs: { enabledByThisStack: string[] } },
    ];
    expect([...trusted.outs.enabledByThisStack].sort()).to.deep.equal(["config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"]);
    const role = {
      accountId: m.id,
      roleArn: m.roleArn,
      roleName: "config-rule-reader",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      inlinePolicies: { read: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "config:Get*", Resource: "*" }] }) },
    };
    const [check, created] = (await run("AccountRole", [
      { method: "check", args: [{}, role] },
      { method: "create", args: [role] },
    ])) as [{ failures: unknown[] }, { id: string; outs: unknown }];
    expect(check.failures).to.deep.equal([]);
    expect(created.id).to.equal(`arn:aws:iam::${m.id}:role/config-rule-reader`);
    await run("AccountRole", [{ method: "delete", args: [created.id, created.outs] }]);
  });

  it("checks and diffs an account conformance pack from its serialized copy", async () => {
    // moto 5.2.1 has no PutConformancePack/DescribeConformancePacks/DeleteConformancePack (HTTP 500),
    // so this process runs the steps that call no AWS API; the calls are in accountConformancePack.test.ts.
    const m = org.members[0];
    const pack = { accountId: m.id, region: "eu-west-1", roleArn: m.roleArn, conformancePackName: "aws-config-org-remediation", templateBody: "Resources: {}" };
    const outs = {
      ...pack,
      conformancePackArn: "arn:aws:config:eu-west-1:" + m.id + ":conformance-pack/aws-config-org-remediation/conformance-pack-x",
      adopted: false,
    };
    const [check, bad, same, body, renamed] = (await run("AccountConformancePack", [
      { method: "check", args: [{}, pack] },
      { method: "check", args: [{}, { ...pack, conformancePackName: "has_underscore" }] },
      { method: "diff", args: ["id", outs, pack] },
      { method: "diff", args: ["id", outs, { ...pack, templateBody: "Resources: {}\n" }] },
      { method: "diff", args: ["id", outs, { ...pack, conformancePackName: "other" }] },
    ])) as [{ failures: unknown[] }, { failures: { property: string }[] }, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(check.failures).to.deep.equal([]);
    expect(bad.failures.map((f) => f.property)).to.deep.equal(["conformancePackName"]);
    expect(same).to.deep.include({ changes: false, replaces: [] });
    expect(body).to.deep.include({ changes: true, replaces: [] });
    expect(renamed).to.deep.include({ changes: true, replaces: ["conformancePackName"] });
  });
});
