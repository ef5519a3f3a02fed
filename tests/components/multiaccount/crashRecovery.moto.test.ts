/**
 * A crash at any write step of create, adopt, update or delete, followed by `up` and then
 * `destroy` (issue 23): no orphan, and an adopted legacy recorder gets its settings back.
 *
 * The crash: an interceptor in the provider's call path (callHooks.ts `beforeAwsCall`) makes
 * the Nth write throw and every call after it too, as if the process had been killed there
 * (the rollback cannot run either). Then a new "process" (session cache cleared) runs what the
 * engine would: `up` is create again for a resource that has no state (a failed create leaves
 * none), update again for a failed update (the state keeps the old outputs), and refresh, then
 * create or update, for a failed delete (the resource is still in the state); `destroy` is
 * delete. Every step number is tried, one by one, against moto.
 */
import {
  DeleteConfigurationRecorderCommand,
  DeleteDeliveryChannelCommand,
  DescribeConfigurationRecordersCommand,
  DescribeConfigurationRecorderStatusCommand,
  DescribeDeliveryChannelsCommand,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
  type ConfigServiceClient,
} from "@aws-sdk/client-config-service";
import { DeleteParameterCommand, GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { expect } from "chai";
import { beforeAwsCall, type AwsCallStart } from "../../../components/multiaccount/callHooks";
import { configRecorderProvider as provider } from "../../../components/multiaccount/lifecycles/configRecorder";
import { PLACE_RECORD_PARAMETER } from "../../../components/multiaccount/placeRecord";
import type { ConfigRecorderInputs, ConfigRecorderOutputs } from "../../../components/multiaccount/resources/configRecorder";
import { clearSessionCache } from "../../../components/multiaccount/session";
import { failureOf, recordCalls, recorderInputs } from "./support/inputs";
import { assumeWithSdk, configClientIn, type TestOrg, useMotoOrganization } from "./support/org";

const LEGACY_GROUP = { allSupported: false, resourceTypes: ["AWS::S3::Bucket" as const] };

async function placeState(client: ConfigServiceClient) {
  const [recorders, channels, status] = await Promise.all([
    client.send(new DescribeConfigurationRecordersCommand({})),
    client.send(new DescribeDeliveryChannelsCommand({})),
    client.send(new DescribeConfigurationRecorderStatusCommand({})),
  ]);
  return {
    recorders: (recorders.ConfigurationRecorders ?? []).map((r) => ({
      name: r.name,
      roleARN: r.roleARN,
      resourceTypes: r.recordingGroup?.resourceTypes ?? [],
      allSupported: r.recordingGroup?.allSupported,
    })),
    channels: (channels.DeliveryChannels ?? []).map((c) => ({ name: c.name, s3BucketName: c.s3BucketName })),
    recording: (status.ConfigurationRecordersStatus ?? []).map((s) => [s.name, s.recording]),
  };
}

/** Make the `n`th write (1-based) and every later call fail, as a killed process would. */
function crashAtWrite(n: number): { readonly writesSeen: () => number; stop(): void } {
  let writes = 0;
  let dead = false;
  const stop = beforeAwsCall((call: AwsCallStart) => {
    if (!dead && call.write && ++writes === n) dead = true;
    if (dead) throw Object.assign(new Error(`simulated crash at write ${n} (${call.command})`), { name: "SimulatedCrash" });
  });
  return { writesSeen: () => writes, stop };
}

/** How many writes an operation makes when nothing goes wrong. */
async function writesOf(operation: () => Promise<unknown>): Promise<number> {
  const rec = recordCalls();
  try {
    await operation();
  } finally {
    rec.stop();
  }
  return rec.writes().length;
}

describe("crash at every write step, then up, then destroy (moto)", function () {
  this.timeout(120_000);
  let org: TestOrg;
  useMotoOrganization(1, (created) => (org = created));
  const member = () => org.members[0]!;
  afterEach(() => clearSessionCache());

  async function ssmIn(region: string): Promise<SSMClient> {
    return new SSMClient({ region, credentials: await assumeWithSdk(member().roleArn) });
  }

  async function recordExists(region: string): Promise<boolean> {
    const ssm = await ssmIn(region);
    try {
      await ssm.send(new GetParameterCommand({ Name: PLACE_RECORD_PARAMETER }));
      return true;
    } catch (error) {
      if ((error as Error).name === "ParameterNotFound") return false;
      throw error;
    } finally {
      ssm.destroy();
    }
  }

  /** An empty place: no recorder, no channel, no takeover record. */
  async function clearPlace(region: string): Promise<ConfigServiceClient> {
    const client = await configClientIn(member().roleArn, region);
    const recorders = (await client.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders ?? [];
    const channels = (await client.send(new DescribeDeliveryChannelsCommand({}))).DeliveryChannels ?? [];
    for (const r of recorders) await client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: r.name }));
    for (const c of channels) await client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: c.name }));
    for (const r of recorders) await client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: r.name }));
    const ssm = await ssmIn(region);
    await ssm.send(new DeleteParameterCommand({ Name: PLACE_RECORD_PARAMETER })).catch(() => undefined);
    ssm.destroy();
    return client;
  }

  /** A legacy recorder `default` (own role, S3 buckets only) delivering to `legacy-bucket`, recording. */
  async function legacyPlace(region: string): Promise<ConfigServiceClient> {
    const client = await clearPlace(region);
    await client.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: "default", roleARN: `arn:aws:iam::${member().id}:role/legacy-config`, recordingGroup: LEGACY_GROUP },
      }),
    );
    await client.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: "legacy-channel", s3BucketName: "legacy-bucket" } }));
    await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }));
    return client;
  }

  const legacyState = () => ({
    recorders: [{ name: "default", roleARN: `arn:aws:iam::${member().id}:role/legacy-config`, resourceTypes: ["AWS::S3::Bucket"], allSupported: false }],
    channels: [{ name: "legacy-channel", s3BucketName: "legacy-bucket" }],
    recording: [["default", true]],
  });
  const emptyState = { recorders: [], channels: [], recording: [] };

  /** `pulumi up` for a resource still in the state after a failed delete: refresh, then create or update. */
  async function upAfterFailedDelete(olds: ConfigRecorderOutputs, inputs: ConfigRecorderInputs): Promise<ConfigRecorderOutputs> {
    const read = await provider.read!("id", olds);
    if (!read.id) return (await provider.create(inputs)).outs as ConfigRecorderOutputs;
    const refreshed = read.props as ConfigRecorderOutputs;
    if (!(await provider.diff!("id", refreshed, inputs)).changes) return refreshed;
    return (await provider.update!("id", refreshed, inputs)).outs as ConfigRecorderOutputs;
  }

  it("create of a new recorder: a crash at each write, then up and destroy, leaves nothing behind", async () => {
    const region = "ap-south-1";
    const inputs = () => recorderInputs(member(), region, org.bucket);
    await clearPlace(region);
    const steps = await writesOf(() => provider.create(inputs()));
    expect(steps).to.equal(4); // record, recorder, channel, start
    for (let n = 1; n <= steps; n++) {
      const client = await clearPlace(region);
      const crash = crashAtWrite(n);
      try {
        const error = await failureOf(provider.create(inputs()));
        expect(error.message, `step ${n}`).to.contain("simulated crash");
      } finally {
        crash.stop();
      }
      clearSessionCache();
      const { outs } = await provider.create(inputs());
      expect(outs?.createAction, `step ${n}: the half-made recorder is known as ours`).to.equal("create");
      expect(outs?.preexisting, `step ${n}`).to.equal(undefined);
      await provider.delete!("id", outs as ConfigRecorderOutputs);
      expect(await placeState(client), `step ${n}`).to.deep.equal(emptyState);
      expect(await recordExists(region), `step ${n}: record removed`).to.equal(false);
    }
  });

  it("adopt of a legacy recorder: a crash at each write, then up and destroy, gives the legacy settings back", async () => {
    const region = "ca-central-1";
    const inputs = () => recorderInputs(member(), region, org.bucket, { adopt: "default" });
    await legacyPlace(region);
    const steps = await writesOf(async () => provider.delete!("id", (await provider.create(inputs())).outs as ConfigRecorderOutputs));
    expect(steps).to.equal(3 + 3); // create: record, recorder, channel; delete: recorder, channel, record
    const createSteps = 3;
    for (let n = 1; n <= createSteps; n++) {
      const client = await legacyPlace(region);
      const crash = crashAtWrite(n);
      try {
        await failureOf(provider.create(inputs()));
      } finally {
        crash.stop();
      }
      clearSessionCache();
      const { outs } = await provider.create(inputs());
      expect(outs?.createAction, `step ${n}`).to.equal("adopt");
      expect(outs?.preexisting?.recorder?.roleARN, `step ${n}: the snapshot is the legacy one`).to.equal(`arn:aws:iam::${member().id}:role/legacy-config`);
      expect(outs?.preexisting?.deliveryChannel?.s3BucketName, `step ${n}`).to.equal("legacy-bucket");
      await provider.delete!("id", outs as ConfigRecorderOutputs);
      expect(await placeState(client), `step ${n}`).to.deep.equal(legacyState());
      expect(await recordExists(region), `step ${n}`).to.equal(false);
    }
  });

  it("update of an adopted recorder: a crash at each write, then up and destroy, gives the legacy settings back", async () => {
    const region = "sa-east-1";
    const inputs = () => recorderInputs(member(), region, org.bucket, { adopt: "default" });
    const changed = () =>
      recorderInputs(member(), region, org.bucket, {
        adopt: "default",
        recording: false,
        recorder: {
          name: "default",
          roleARN: inputs().recorder.roleARN,
          recordingGroup: {
            recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
            exclusionByResourceTypes: { resourceTypes: ["AWS::EC2::NetworkInterface"] },
          },
        },
      });
    await legacyPlace(region);
    const created = (await provider.create(inputs())).outs as ConfigRecorderOutputs;
    const steps = await writesOf(() => provider.update!("id", created, changed()));
    expect(steps).to.equal(2); // recorder, stop
    for (let n = 1; n <= steps; n++) {
      const client = await legacyPlace(region);
      const olds = (await provider.create(inputs())).outs as ConfigRecorderOutputs;
      const crash = crashAtWrite(n);
      try {
        await failureOf(provider.update!("id", olds, changed()));
      } finally {
        crash.stop();
      }
      clearSessionCache();
      const { outs } = await provider.update!("id", olds, changed());
      await provider.delete!("id", outs as ConfigRecorderOutputs);
      expect(await placeState(client), `step ${n}`).to.deep.equal(legacyState());
      expect(await recordExists(region), `step ${n}`).to.equal(false);
    }
  });

  it("delete of a created recorder: a crash at each write, then up (refresh) and destroy, leaves nothing behind", async () => {
    const region = "eu-north-1";
    const inputs = () => recorderInputs(member(), region, org.bucket);
    await clearPlace(region);
    const created = (await provider.create(inputs())).outs as ConfigRecorderOutputs;
    const steps = await writesOf(() => provider.delete!("id", created));
    expect(steps).to.equal(4); // stop, channel, recorder, record
    for (let n = 1; n <= steps; n++) {
      const client = await clearPlace(region);
      const olds = (await provider.create(inputs())).outs as ConfigRecorderOutputs;
      const crash = crashAtWrite(n);
      try {
        await failureOf(provider.delete!("id", olds));
      } finally {
        crash.stop();
      }
      clearSessionCache();
      const outs = await upAfterFailedDelete(olds, inputs());
      expect((await placeState(client)).recording, `step ${n}: up restored the place`).to.deep.equal([["aws-config-org", true]]);
      await provider.delete!("id", outs);
      expect(await placeState(client), `step ${n}`).to.deep.equal(emptyState);
      expect(await recordExists(region), `step ${n}`).to.equal(false);
    }
  });

  it("delete of an adopted recorder: a crash at each write, then up (refresh) and destroy, gives the legacy settings back", async () => {
    const region = "eu-west-3";
    const inputs = () => recorderInputs(member(), region, org.bucket, { adopt: "default" });
    const steps = 3; // recorder, channel, record (counted in the adopt test)
    for (let n = 1; n <= steps; n++) {
      const client = await legacyPlace(region);
      const olds = (await provider.create(inputs())).outs as ConfigRecorderOutputs;
      const crash = crashAtWrite(n);
      try {
        await failureOf(provider.delete!("id", olds));
      } finally {
        crash.stop();
      }
      clearSessionCache();
      const outs = await upAfterFailedDelete(olds, inputs());
      await provider.delete!("id", outs);
      expect(await placeState(client), `step ${n}`).to.deep.equal(legacyState());
      expect(await recordExists(region), `step ${n}`).to.equal(false);
    }
  });

  it("rolls back a failed create over every step, reports each, and keeps the record when a step fails", async () => {
    const region = "ap-southeast-2";
    const client = await clearPlace(region);
    const stop = beforeAwsCall((call) => {
      if (call.command === "PutDeliveryChannel" || call.command === "StopConfigurationRecorder") {
        throw Object.assign(new Error(`injected failure of ${call.command}`), { name: "InternalFailure" });
      }
    });
    let error: Error;
    try {
      error = await failureOf(provider.create(recorderInputs(member(), region, org.bucket)));
    } finally {
      stop();
    }
    expect(error.message).to.contain("rolling back failed at 1 of 4 step(s)");
    expect(error.message).to.contain("FAILED StopConfigurationRecorder `aws-config-org`");
    expect(error.message).to.contain("done DeleteDeliveryChannel `aws-config-org`");
    expect(error.message).to.contain("done DeleteConfigurationRecorder `aws-config-org`");
    expect(error.message).to.contain(`skipped DeleteParameter \`${PLACE_RECORD_PARAMETER}\``);
    // The steps after the failed one ran: nothing of ours is left, the record is kept for the next run.
    expect(await placeState(client)).to.deep.equal(emptyState);
    expect(await recordExists(region)).to.equal(true);
    clearSessionCache();
    const { outs } = await provider.create(recorderInputs(member(), region, org.bucket));
    await provider.delete!("id", outs as ConfigRecorderOutputs);
    expect(await placeState(client)).to.deep.equal(emptyState);
    expect(await recordExists(region)).to.equal(false);
  });

  it("destroy of an adopted place whose legacy recorder was deleted out of band: no re-creation, says what it could not restore, does not fail", async () => {
    const region = "us-west-1";
    const client = await legacyPlace(region);
    const { outs } = await provider.create(recorderInputs(member(), region, org.bucket, { adopt: "default" }));
    await client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }));
    await client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: "default" }));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
    try {
      await provider.delete!("id", outs as ConfigRecorderOutputs);
    } finally {
      console.warn = warn;
    }
    const state = await placeState(client);
    expect(state.recorders).to.deep.equal([]);
    expect(warnings).to.have.length(1);
    expect(warnings[0])
      .to.contain(`account \`${member().id}\` region \`${region}\``)
      .and.contain("recorder `default` (deleted outside this stack, not re-created)");
    expect(warnings[0]).to.contain("legacy-config").and.contain("legacy-bucket");
    expect(await recordExists(region)).to.equal(false);
  });
});
