/**
 * The program through the real Pulumi engine: the CLI (tools/engine/provision), its
 * file:// backend, the real dynamic provider host talking to moto through real
 * sts:AssumeRole, and the policy pack as `pulumi preview --policy-pack` runs it. The aws
 * and aws-native plugins are stand-ins (tests/engine/standins): what they answer proves
 * nothing about the real providers. moto stands in for AWS, behind a front
 * (motoFront.ts) that counts writes and serves the account conformance packs moto lacks.
 *
 * The organization is the dev stack's shape at a smaller scale than a real one: three
 * accounts × two regions (engineOrganization.ts). The steps run in order and share one
 * stack, as a user's runs would.
 */
import { expect } from "chai";
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

import {
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  StopConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";

import { parseStack, resolveDeployment } from "../../config/pipeline";
import { describeDeployment } from "../../offline/policyVerdict";
import { policyConfigFileText } from "../../policies/config";
import { setMotoEnv, startMoto, type MotoServer } from "../helpers/moto";
import {
  configClient,
  LEGACY_BUCKET,
  LEGACY_ROLE,
  REGIONS,
  seedEngineOrganization,
  writeStackFiles,
  type EngineAccount,
  type EngineOrganization,
  type StackFiles,
  type StackOptions,
} from "./engineOrganization";
import { startMotoFront, type MotoFront } from "./motoFront";
import { engineVersion, expectSuccess, initializedWorkspace, killTree, PROJECT_ROOT, STACK, standinRequests, type Workspace } from "./pulumiCli";

const RECORDER = "pulumi-nodejs:dynamic/multiaccount:ConfigRecorder";
const ACCOUNT_PACK = "pulumi-nodejs:dynamic/multiaccount:AccountConformancePack";

function isJson(file: string): boolean {
  try {
    JSON.parse(readFileSync(file, "utf8"));
    return true;
  } catch {
    return false;
  }
}

interface LiveRecorder {
  readonly name: string;
  readonly roleARN?: string;
  readonly recording: boolean;
  readonly frequency?: string;
  readonly channelBucket?: string;
}

/** The customer-managed recorders of a place as moto has them (service-linked ones left out). */
async function liveRecorders(account: EngineAccount, region: string): Promise<LiveRecorder[]> {
  const client = await configClient(account, region);
  try {
    const recorders = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
    const status = (await client.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus ?? [];
    const channels = (await client.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
    return recorders
      .filter((r) => !r.name?.startsWith("AWSConfigurationRecorderFor"))
      .map((r) => ({
        name: r.name!,
        roleARN: r.roleARN,
        recording: status.find((s) => s.name === r.name)?.recording === true,
        frequency: r.recordingMode?.recordingFrequency,
        channelBucket: channels[0]?.s3BucketName,
      }));
  } finally {
    client.destroy();
  }
}

describe("the real Pulumi engine: preview, up, refresh and destroy (stand-in aws plugins, moto)", function () {
  this.timeout(10 * 60_000);

  let moto: MotoServer;
  let front: MotoFront;
  let restoreEnv: () => void;
  let org: EngineOrganization;
  let dir: string;
  let files: StackFiles;
  let ws: Workspace;
  let policyConfig: string;
  /** Calls the front had seen once the organization was seeded. */
  let seeded = 0;

  const deliveryBucket = () => `aws-config-org-${org.security.id}-us-east-1`;
  const stackArgs = () => ["--stack", STACK, "--config-file", files.configFile];
  const rewrite = (options: StackOptions = {}) => (files = writeStackFiles(path.join(dir, "stack"), org, options));

  before(async function () {
    this.timeout(45 * 60_000); // a first run on a new machine builds the CLI (tools/engine/provision)
    console.log(`      engine: pulumi ${engineVersion()}`);
    moto = await startMoto();
    front = await startMotoFront(moto.endpoint);
    restoreEnv = setMotoEnv(front.endpoint);
    org = await seedEngineOrganization();
    seeded = front.calls.length;
    dir = mkdtempSync(path.join(tmpdir(), "aws-config-org-engine-"));
    rewrite();
    ws = await initializedWorkspace(dir, front.endpoint, files.organizationFixture);
    // The policy pack's config for this stack, made as `npm run policy-config` makes it.
    policyConfig = path.join(dir, "policy-config.json");
    const settings = parseStack(STACK, { configOnly: true, overrides: files.config });
    writeFileSync(policyConfig, policyConfigFileText(describeDeployment(resolveDeployment(settings))));
  });

  after(async () => {
    restoreEnv?.();
    await front?.stop();
    await moto?.stop();
    ws?.dispose();
  });

  /**
   * After a destroy: the adopted legacy recorder is back with its own settings, recording;
   * so is the security account's same-named one, stopped as it was; ours are gone.
   */
  const expectLegacyRestored = async () => {
    const [sandbox] = await liveRecorders(org.sandbox, "us-east-1");
    expect(sandbox).to.deep.include({
      name: "legacy-recorder",
      roleARN: `arn:aws:iam::${org.sandbox.id}:role/${LEGACY_ROLE}`,
      recording: true,
      channelBucket: LEGACY_BUCKET,
    });
    const [security] = await liveRecorders(org.security, "us-east-1");
    expect(security).to.deep.include({
      name: "default",
      roleARN: `arn:aws:iam::${org.security.id}:role/${LEGACY_ROLE}`,
      recording: false,
      channelBucket: LEGACY_BUCKET,
    });
    for (const region of REGIONS) expect(await liveRecorders(org.management, region), `management ${region}: ours removed`).to.deep.equal([]);
  };

  const policyArgs = () => ["--policy-pack", path.join(PROJECT_ROOT, "policies"), "--policy-pack-config", policyConfig];

  it("`pulumi preview --policy-pack` passes on the stack as configured", async () => {
    const r = expectSuccess(await ws.run(["preview", ...stackArgs(), ...policyArgs()]), "pulumi preview --policy-pack");
    expect(r.stdout).to.match(/\+\s+\d+ to create/);
    expect(r.stdout).to.include("aws-config-org");
    expect(r.stdout).not.to.match(/mandatory/i);
    expect(front.writes(seeded), "a preview writes nothing").to.deep.equal([]);
  });

  it("the same preview fails, naming the policy, when a config change breaks a mandatory one", async () => {
    // The sandbox account excluded in the inventory, against a policy config that still
    // expects it recorded: coverage is mandatory.
    rewrite({ accountOverrides: { [org.sandbox.id]: { exclude: true, reason: "engine test: coverage policy" } } });
    try {
      const r = await ws.run(["preview", ...stackArgs(), ...policyArgs()]);
      const text = `${r.stdout}${r.stderr}`;
      expect(r.code, text).to.not.equal(0);
      expect(text, text).to.include("config-recorder-coverage");
      expect(text, text).to.match(/mandatory/);
    } finally {
      rewrite();
    }
  });

  it("`pulumi up` creates everything: the legacy recorders are adopted and every place records", async () => {
    expectSuccess(await ws.run(["up", "--yes", "--skip-preview", ...stackArgs()]), "pulumi up");
    for (const account of org.all) {
      for (const region of REGIONS) {
        const recorders = await liveRecorders(account, region);
        expect(recorders, `${account.name} ${region}`).to.have.length(1);
        expect(recorders[0]!.recording, `${account.name} ${region} records`).to.equal(true);
        expect(recorders[0]!.channelBucket).to.equal(deliveryBucket());
      }
    }
    expect((await liveRecorders(org.sandbox, "us-east-1"))[0]!.name, "the adopted recorder keeps its name").to.equal("legacy-recorder");
    const state = await ws.exportStack();
    const recorders = (state.deployment.resources ?? []).filter((r) => r.type === RECORDER);
    expect(recorders).to.have.length(org.all.length * REGIONS.length);
    const bucket = (state.deployment.resources ?? []).find((r) => r.type === "aws:s3/bucket:Bucket" && r.id === deliveryBucket());
    expect(bucket?.protect, "the delivery bucket is protected").to.equal(true);
    expect(bucket?.retainOnDelete, "and retained on delete").to.equal(true);
    // Account remediation packs: the engine keeps the body once, in the inputs; the outputs its hash and rule names.
    const packs = (state.deployment.resources ?? []).filter((r) => r.type === ACCOUNT_PACK);
    expect(packs.length, "account remediation packs in the state").to.be.greaterThan(0);
    for (const pack of packs) {
      const body = String(pack.inputs?.templateBody);
      expect(pack.outputs, pack.urn).to.not.have.property("templateBody");
      expect(pack.outputs?.templateBodySha256, pack.urn).to.equal(createHash("sha256").update(body, "utf8").digest("hex"));
      expect(pack.outputs?.configRuleNames, pack.urn).to.be.an("array").that.is.not.empty;
    }
  });

  it("a second `pulumi up --expect-no-changes` passes, and moto sees no write during it", async () => {
    const mark = front.calls.length;
    expectSuccess(await ws.run(["up", "--yes", "--skip-preview", "--expect-no-changes", ...stackArgs()]), "pulumi up --expect-no-changes");
    expect(front.writes(mark)).to.deep.equal([]);
  });

  it("a DAILY profile on one account updates exactly that account's places", async () => {
    const daily = {
      profiles: {
        "engine-daily": {
          description: "Daily recording",
          frequency: "DAILY",
          strategy: "ALL_SUPPORTED_RESOURCE_TYPES",
          override: {
            description: "Continuous only",
            frequency: "CONTINUOUS",
            resourceTypes: ["AWS::Config::ResourceCompliance", "AWS::Config::ConformancePackCompliance", "AWS::Config::ConfigurationRecorder"],
          },
        },
      },
    };
    const frequencies = async () =>
      new Map(
        ((await ws.exportStack()).deployment.resources ?? [])
          .filter((x) => x.type === RECORDER)
          .map((r) => [r.urn, (r.outputs?.recorder as { recordingMode?: { recordingFrequency?: string } } | undefined)?.recordingMode?.recordingFrequency]),
      );
    const before = await frequencies();
    rewrite({ inventory: daily, accountOverrides: { [org.security.id]: { profile: "engine-daily" } } });
    const mark = front.calls.length;
    const preview = expectSuccess(await ws.run(["preview", "--json", ...stackArgs()]), "pulumi preview --json (DAILY)");
    const summary = JSON.parse(preview.stdout.slice(preview.stdout.indexOf("{"))) as { steps?: { op: string; urn: string }[] };
    const updated = (summary.steps ?? []).filter((s) => s.op !== "same" && s.op !== "read").map((s) => s.urn);
    expectSuccess(await ws.run(["up", "--yes", "--skip-preview", ...stackArgs()]), "pulumi up (DAILY)");
    expect(
      updated.filter((u) => u.includes(RECORDER.split(":").pop()!)),
      "recorders updated",
    ).to.have.length(REGIONS.length);
    expect(
      updated.every((u) => u.includes(org.security.id)),
      `only the security account's places change: ${updated.join(", ")}`,
    ).to.equal(true);
    // moto 5.2.1 keeps no recordingMode (it drops it from PutConfigurationRecorder), so the
    // new frequency is read from the writes moto was sent and from the state.
    const puts = front.writes(mark).filter((c) => c.action === "PutConfigurationRecorder");
    expect(puts.map((c) => `${c.account} ${c.region}`).sort()).to.deep.equal(REGIONS.map((r) => `${org.security.id} ${r}`).sort());
    for (const [urn, frequency] of await frequencies()) {
      expect(frequency, urn).to.equal(urn.includes(org.security.id) ? "DAILY" : before.get(urn));
    }
  });

  it("a recorder stopped out of band is found by `pulumi up --refresh` and restored", async () => {
    const client = await configClient(org.management, "eu-west-1");
    const name = (await liveRecorders(org.management, "eu-west-1"))[0]!.name;
    await client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: name }));
    client.destroy();
    expect((await liveRecorders(org.management, "eu-west-1"))[0]!.recording).to.equal(false);
    expectSuccess(await ws.run(["up", "--yes", "--skip-preview", "--refresh", ...stackArgs()]), "pulumi up --refresh");
    expect((await liveRecorders(org.management, "eu-west-1"))[0]!.recording).to.equal(true);
  });

  it("an `up` killed mid-run, then `up` again, converges with nothing orphaned", async () => {
    expectSuccess(await ws.run(["destroy", "--yes", "--skip-preview", "--exclude-protected", ...stackArgs()]), "pulumi destroy --exclude-protected");
    await expectLegacyRestored();
    const mark = front.calls.length;
    const { child, done } = ws.start(["up", "--yes", "--skip-preview", ...stackArgs()]);
    // Kill the CLI and everything it started once two places have been written.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const puts = front.calls.slice(mark).filter((c) => c.action === "PutConfigurationRecorder").length;
        if (puts >= 2 || child.exitCode !== null) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    killTree(child);
    const killed = await done;
    expect(killed.code, "the CLI was killed before it finished").to.not.equal(0);
    // A kill can land while the file backend rewrites the checkpoint, leaving it empty
    // ("failed to load checkpoint: EOF"); the backend keeps the previous one beside it as
    // `<stack>.json.bak`, and putting it back is the recovery (README, Failure and recovery).
    const checkpoint = path.join(dir, "state", ".pulumi", "stacks", "aws-config-org", `${STACK}.json`);
    if (!isJson(checkpoint)) {
      console.log("      (the kill truncated the checkpoint: restored from its .bak)");
      copyFileSync(`${checkpoint}.bak`, checkpoint);
    }
    // A killed CLI leaves its lock on the backend: `pulumi cancel` removes it, as the CLI says.
    const locked = await ws.run(["up", "--yes", "--skip-preview", ...stackArgs()]);
    expect(locked.code).to.not.equal(0);
    expect(locked.stderr).to.include("pulumi cancel");
    expectSuccess(await ws.run(["cancel", "--yes", "--stack", STACK]), "pulumi cancel");
    // The creates the kill interrupted are pending in the state: `pulumi refresh` drops them
    // (non-interactive runs must say how), and the next `up` finds what they made.
    expectSuccess(await ws.run(["refresh", "--yes", "--skip-preview", "--clear-pending-creates", ...stackArgs()]), "pulumi refresh --clear-pending-creates");
    const again = await ws.run(["up", "--yes", "--skip-preview", ...stackArgs()]);
    expectSuccess(again, "pulumi up after the kill");
    for (const account of org.all) {
      for (const region of REGIONS) {
        const recorders = await liveRecorders(account, region);
        expect(recorders, `${account.name} ${region}: one recorder, no orphan`).to.have.length(1);
        expect(recorders[0]!.recording).to.equal(true);
      }
    }
    const state = await ws.exportStack();
    expect(state.deployment.pending_operations ?? []).to.deep.equal([]);
  });

  it("the project copied to another folder, with the same backend, previews no changes and destroys", async () => {
    // What the engine needs of a checkout: Pulumi.yaml, the compiled program and its packages.
    const copy = path.join(dir, "moved-checkout");
    for (const f of ["Pulumi.yaml", "package.json"]) cpSync(path.join(PROJECT_ROOT, f), path.join(copy, f));
    cpSync(path.join(PROJECT_ROOT, "dist"), path.join(copy, "dist"), { recursive: true, filter: (src) => !src.includes(`${path.sep}tests${path.sep}`) });
    for (const d of ["accounts", "packs", "policies"])
      cpSync(path.join(PROJECT_ROOT, d), path.join(copy, d), { recursive: true, filter: (src) => !src.includes("node_modules") });
    symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(copy, "node_modules"));
    ws.projectDir = copy;
    try {
      expectSuccess(await ws.run(["preview", "--expect-no-changes", ...stackArgs()]), "pulumi preview from the moved checkout");
      expectSuccess(await ws.run(["destroy", "--yes", "--skip-preview", "--exclude-protected", ...stackArgs()]), "pulumi destroy from the moved checkout");
    } finally {
      ws.projectDir = PROJECT_ROOT;
    }
    await expectLegacyRestored();
    // The delivery bucket is left: the stand-in was never asked to delete it.
    const deletes = standinRequests(ws).filter((r) => r.method === "Delete" && r.type === "aws:s3/bucket:Bucket");
    expect(deletes).to.deep.equal([]);
    const state = await ws.exportStack();
    expect((state.deployment.resources ?? []).map((r) => r.type)).to.include("aws:s3/bucket:Bucket");
    expect((state.deployment.resources ?? []).filter((r) => r.type === RECORDER)).to.deep.equal([]);
  });
});

describe("the real Pulumi engine: a one-account pilot (stand-in aws plugins, moto)", function () {
  this.timeout(10 * 60_000);

  let moto: MotoServer;
  let front: MotoFront;
  let restoreEnv: () => void;
  let dir: string;
  let ws: Workspace;
  let files: StackFiles;
  const management: EngineAccount = { id: "123456789012", name: "pilot" };
  const org: EngineOrganization = { management, security: management, sandbox: { id: "000000000000", name: "none" }, all: [management] };

  before(async () => {
    moto = await startMoto();
    front = await startMotoFront(moto.endpoint);
    restoreEnv = setMotoEnv(front.endpoint);
    dir = mkdtempSync(path.join(tmpdir(), "aws-config-org-engine-pilot-"));
    files = writeStackFiles(path.join(dir, "stack"), org);
    ws = await initializedWorkspace(dir, front.endpoint, files.organizationFixture);
  });

  after(async () => {
    restoreEnv?.();
    await front?.stop();
    await moto?.stop();
    ws?.dispose();
  });

  it("`up` records in the management account, registers no delegated administrator, and `destroy` removes it", async () => {
    const stackArgs = ["--stack", STACK, "--config-file", files.configFile];
    expectSuccess(await ws.run(["up", "--yes", "--skip-preview", ...stackArgs]), "pulumi up (pilot)");
    for (const region of REGIONS) {
      const recorders = await liveRecorders(management, region);
      expect(recorders, region).to.have.length(1);
      expect(recorders[0]!.recording).to.equal(true);
    }
    const types = ((await ws.exportStack()).deployment.resources ?? []).map((r) => r.type);
    expect(types).to.not.include("aws:organizations/delegatedAdministrator:DelegatedAdministrator");
    expect(types).to.include("aws:cfg/configurationAggregator:ConfigurationAggregator");
    expectSuccess(await ws.run(["destroy", "--yes", "--skip-preview", "--exclude-protected", ...stackArgs]), "pulumi destroy (pilot)");
    for (const region of REGIONS) expect(await liveRecorders(management, region), region).to.deep.equal([]);
  });
});
