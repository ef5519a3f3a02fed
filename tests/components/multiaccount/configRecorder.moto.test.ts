/**
 * ConfigRecorder lifecycle against moto, across an organization reached through real
 * sts:AssumeRole. Results are checked with the plain SDK, not with the provider's read.
 *
 * moto gaps (covered elsewhere with aws-sdk-client-mock, see faults.test.ts):
 * - moto accepts any bucket name for a delivery channel (it only rejects an empty one);
 * - moto drops `recordingMode` (it stores only the role and the recording group);
 * - moto has no service-linked recorders, never throttles, and does not evaluate trust policies.
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
import { expect } from "chai";
import { configRecorderProvider as provider } from "../../../components/multiaccount/lifecycles/configRecorder";
import type { ConfigRecorderOutputs } from "../../../components/multiaccount/resources/configRecorder";
import { clearSessionCache } from "../../../components/multiaccount/session";
import { recordCalls, recorderInputs } from "./support/inputs";
import { configClientIn, type TestOrg, useMotoOrganization } from "./support/org";

const REGIONS = ["us-east-1", "eu-west-1"];

async function placeState(client: ConfigServiceClient) {
  const [recorders, channels, status] = await Promise.all([
    client.send(new DescribeConfigurationRecordersCommand({})),
    client.send(new DescribeDeliveryChannelsCommand({})),
    client.send(new DescribeConfigurationRecorderStatusCommand({})),
  ]);
  return {
    recorders: recorders.ConfigurationRecorders ?? [],
    channels: channels.DeliveryChannels ?? [],
    status: status.ConfigurationRecordersStatus ?? [],
  };
}

async function clearPlace(client: ConfigServiceClient): Promise<void> {
  const state = await placeState(client);
  for (const r of state.recorders) await client.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: r.name }));
  for (const c of state.channels) await client.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: c.name }));
  for (const r of state.recorders) await client.send(new DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: r.name }));
}

describe("ConfigRecorder against moto (organization, real AssumeRole)", function () {
  this.timeout(60_000);
  let org: TestOrg;
  useMotoOrganization(3, (created) => (org = created));

  describe("create in every account × region, then diff, update and delete", () => {
    const outputs = new Map<string, ConfigRecorderOutputs>();
    const places = () => [
      { id: org.managementAccountId, roleArn: undefined as string | undefined, region: "us-east-1" },
      ...org.members.flatMap((m) => REGIONS.map((region) => ({ id: m.id, roleArn: m.roleArn as string | undefined, region }))),
    ];

    it("creates a recording recorder with a channel to the central bucket everywhere, one AssumeRole per account", async () => {
      clearSessionCache();
      const rec = recordCalls();
      try {
        const results = await Promise.all(places().map((p) => provider.create(recorderInputs({ id: p.id, roleArn: p.roleArn }, p.region, org.bucket))));
        results.forEach((r, i) => outputs.set(`${places()[i].id}/${places()[i].region}`, r.outs as ConfigRecorderOutputs));
      } finally {
        rec.stop();
      }
      for (const p of places()) {
        const state = await placeState(await configClientIn(p.roleArn, p.region));
        expect(
          state.recorders.map((r) => r.name),
          `${p.id}/${p.region}`,
        ).to.deep.equal(["aws-config-org"]);
        expect(state.recorders[0].roleARN).to.equal(`arn:aws:iam::${p.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`);
        expect(state.recorders[0].recordingGroup?.includeGlobalResourceTypes).to.equal(p.region === "us-east-1");
        expect(state.channels.map((c) => [c.name, c.s3BucketName])).to.deep.equal([["aws-config-org", org.bucket]]);
        expect(state.status.map((s) => s.recording)).to.deep.equal([true]);
      }
      const assumes = rec.calls.filter((c) => c.command === "AssumeRole");
      expect(assumes.map((c) => c.accountId).sort()).to.deep.equal(org.members.map((m) => m.id).sort());
      for (const m of org.members) {
        for (const region of REGIONS) {
          const here = rec.calls.filter((c) => c.accountId === m.id && c.region === region && c.service === "config");
          expect(here.filter((c) => c.write).map((c) => c.command)).to.deep.equal([
            "PutConfigurationRecorder",
            "PutDeliveryChannel",
            "StartConfigurationRecorder",
          ]);
          expect(
            here
              .filter((c) => !c.write)
              .map((c) => c.command)
              .sort(),
          ).to.deep.equal(["DescribeConfigurationRecorders", "DescribeDeliveryChannels"]);
        }
      }
    });

    it("diffs unchanged inputs as no change, and an update with them writes nothing", async () => {
      const m = org.members[0];
      const olds = outputs.get(`${m.id}/eu-west-1`) as ConfigRecorderOutputs;
      const news = recorderInputs(m, "eu-west-1", org.bucket);
      const diff = await provider.diff!("id", olds, news);
      expect(diff).to.deep.include({ changes: false, replaces: [] });
      const rec = recordCalls();
      try {
        await provider.update!("id", olds, news);
      } finally {
        rec.stop();
      }
      expect(rec.calls).to.deep.equal([]);
    });

    it("updates a changed recording group with exactly one write, in place", async () => {
      const m = org.members[1];
      const key = `${m.id}/eu-west-1`;
      const olds = outputs.get(key) as ConfigRecorderOutputs;
      const news = recorderInputs(m, "eu-west-1", org.bucket, {
        recorder: {
          ...olds.recorder,
          recordingGroup: {
            recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
            exclusionByResourceTypes: { resourceTypes: ["AWS::EC2::NetworkInterface"] },
          },
        },
      });
      const diff = await provider.diff!("id", olds, news);
      expect(diff).to.deep.include({ changes: true, replaces: [] });
      const rec = recordCalls();
      let outs: ConfigRecorderOutputs;
      try {
        outs = (await provider.update!("id", olds, news)).outs as ConfigRecorderOutputs;
      } finally {
        rec.stop();
      }
      expect(rec.writes().map((c) => c.command)).to.deep.equal(["PutConfigurationRecorder"]);
      outputs.set(key, outs);
      const state = await placeState(await configClientIn(m.roleArn, "eu-west-1"));
      expect(state.recorders[0].recordingGroup?.recordingStrategy?.useOnly).to.equal("EXCLUSION_BY_RESOURCE_TYPES");
      expect(state.recorders[0].recordingGroup?.exclusionByResourceTypes?.resourceTypes).to.deep.equal(["AWS::EC2::NetworkInterface"]);
      expect(state.status[0].recording).to.equal(true);
      expect(await provider.diff!("id", outs, news)).to.deep.include({ changes: false });
    });

    it("replaces (delete first) only when a name, the account or the region changes", async () => {
      const m = org.members[0];
      const olds = outputs.get(`${m.id}/eu-west-1`) as ConfigRecorderOutputs;
      const renamed = recorderInputs(m, "eu-west-1", org.bucket, { recorder: { ...olds.recorder, name: "renamed" } });
      expect(await provider.diff!("id", olds, renamed)).to.deep.equal({ changes: true, replaces: ["recorder"], deleteBeforeReplace: true });
      const moved = recorderInputs(m, "eu-central-1", org.bucket);
      expect((await provider.diff!("id", olds, moved)).replaces).to.deep.equal(["region"]);
      const newRole = { ...recorderInputs(m, "eu-west-1", org.bucket), roleArn: `arn:aws:iam::${m.id}:role/Other` };
      expect(await provider.diff!("id", olds, newRole)).to.deep.include({ changes: true, replaces: [] });
    });

    it("tolerates unknown values during preview", async () => {
      const m = org.members[0];
      const olds = outputs.get(`${m.id}/eu-west-1`) as ConfigRecorderOutputs;
      const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
      const news = recorderInputs(m, "eu-west-1", UNKNOWN);
      expect((await provider.check!(olds, news)).failures).to.deep.equal([]);
      expect(await provider.diff!("id", olds, news)).to.deep.include({ changes: true, replaces: [] });
      const wholeUnknown = { ...news, recorder: UNKNOWN as never };
      expect((await provider.check!(olds, wholeUnknown)).failures).to.deep.equal([]);
    });

    it("reads drift back so the next diff shows it", async () => {
      const m = org.members[2];
      const olds = outputs.get(`${m.id}/us-east-1`) as ConfigRecorderOutputs;
      const client = await configClientIn(m.roleArn, "us-east-1");
      await client.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: "aws-config-org", s3BucketName: "someone-elses-bucket" } }));
      const read = await provider.read!("id", olds);
      expect(read.props?.deliveryChannel.s3BucketName).to.equal("someone-elses-bucket");
      // The live bucket becomes the old input too, so the preview shows both buckets.
      expect(read.inputs?.deliveryChannel.s3BucketName).to.equal("someone-elses-bucket");
      const diff = await provider.diff!("id", read.props as ConfigRecorderOutputs, recorderInputs(m, "us-east-1", org.bucket));
      expect(diff).to.deep.include({ changes: true, replaces: [] });
    });

    it("deletes: stop, delete channel, delete recorder, in that order", async () => {
      const m = org.members[2];
      const olds = outputs.get(`${m.id}/eu-west-1`) as ConfigRecorderOutputs;
      const rec = recordCalls();
      try {
        await provider.delete!("id", olds);
      } finally {
        rec.stop();
      }
      expect(rec.writes().map((c) => c.command)).to.deep.equal([
        "StopConfigurationRecorder",
        "DeleteDeliveryChannel",
        "DeleteConfigurationRecorder",
        "DeleteParameter", // the takeover record goes last, once the place is put back
      ]);
      const state = await placeState(await configClientIn(m.roleArn, "eu-west-1"));
      expect(state.recorders).to.deep.equal([]);
      expect(state.channels).to.deep.equal([]);
      expect((await provider.read!("id", olds)).id).to.equal(undefined);
      await provider.delete!("id", olds); // idempotent
    });
  });

  describe("legacy recorders", () => {
    const REGION = "eu-west-2";
    let client: ConfigServiceClient;
    const member = () => org.members[0];
    const legacyGroup = { allSupported: false, resourceTypes: ["AWS::S3::Bucket" as const] };

    async function legacy(recorderName: string, channelName: string): Promise<void> {
      await client.send(
        new PutConfigurationRecorderCommand({
          ConfigurationRecorder: { name: recorderName, roleARN: `arn:aws:iam::${member().id}:role/legacy-config`, recordingGroup: legacyGroup },
        }),
      );
      await client.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: channelName, s3BucketName: "legacy-bucket" } }));
      await client.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName }));
    }

    beforeEach(async () => {
      client = await configClientIn(member().roleArn, REGION);
      await clearPlace(client);
    });

    it("updates a same-name recorder in place and restores it on delete", async () => {
      await legacy("aws-config-org", "aws-config-org");
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
      let outs: ConfigRecorderOutputs | undefined;
      try {
        ({ outs } = await provider.create(recorderInputs(member(), REGION, org.bucket)));
      } finally {
        console.warn = warn;
      }
      expect(outs?.createAction).to.equal("update");
      // Re-pointing the channel is said, naming both buckets, not done silently.
      expect(warnings.join("\n"))
        .to.contain("re-points delivery channel `aws-config-org` from bucket `legacy-bucket`")
        .and.contain(`to bucket \`${org.bucket}\``);
      let state = await placeState(client);
      expect(state.recorders.map((r) => [r.name, r.recordingGroup?.allSupported])).to.deep.equal([["aws-config-org", true]]);
      expect(state.channels[0].s3BucketName).to.equal(org.bucket);
      await provider.delete!("id", outs as ConfigRecorderOutputs);
      state = await placeState(client);
      expect(state.recorders.map((r) => [r.name, r.roleARN, r.recordingGroup?.resourceTypes])).to.deep.equal([
        ["aws-config-org", `arn:aws:iam::${member().id}:role/legacy-config`, ["AWS::S3::Bucket"]],
      ]);
      expect(state.channels.map((c) => [c.name, c.s3BucketName])).to.deep.equal([["aws-config-org", "legacy-bucket"]]);
      expect(state.status[0].recording).to.equal(true);
    });

    it("refuses a differently named recorder without `adopt`, touching nothing, and says what to add", async () => {
      await legacy("default", "default");
      const before = await placeState(client);
      let message = "";
      try {
        await provider.create(recorderInputs(member(), REGION, org.bucket));
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.contain(`\`${member().id}\``).and.contain(`\`${REGION}\``).and.contain("`default`");
      expect(message).to.contain("`adopt: default`").and.contain("accounts/<stack>.yaml");
      const after = await placeState(client);
      expect(after.recorders).to.deep.equal(before.recorders);
      expect(after.channels).to.deep.equal(before.channels);
    });

    it("takes a differently named recorder over with `adopt`, and delete puts it back recording with its own settings", async () => {
      await legacy("default", "legacy-channel");
      const { outs } = await provider.create(recorderInputs(member(), REGION, org.bucket, { adopt: "default" }));
      expect(outs).to.deep.include({ createAction: "adopt", recorderName: "default", deliveryChannelName: "legacy-channel" });
      expect(outs?.preexisting?.recorder?.recordingGroup?.resourceTypes).to.deep.equal(["AWS::S3::Bucket"]);
      expect(outs?.preexisting?.deliveryChannel?.s3BucketName).to.equal("legacy-bucket");
      let state = await placeState(client);
      expect(state.recorders.map((r) => [r.name, r.roleARN])).to.deep.equal([
        ["default", `arn:aws:iam::${member().id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`],
      ]);
      expect(state.channels.map((c) => [c.name, c.s3BucketName])).to.deep.equal([["legacy-channel", org.bucket]]);
      expect(state.status[0].recording).to.equal(true);

      const rec = recordCalls();
      try {
        await provider.delete!("id", outs as ConfigRecorderOutputs);
      } finally {
        rec.stop();
      }
      // Settings go back without stopping: the adopted recorder never has a gap in recording.
      expect(rec.writes().map((c) => c.command)).to.deep.equal(["PutConfigurationRecorder", "PutDeliveryChannel", "DeleteParameter"]);
      state = await placeState(client);
      expect(state.recorders.map((r) => [r.name, r.roleARN, r.recordingGroup?.resourceTypes])).to.deep.equal([
        ["default", `arn:aws:iam::${member().id}:role/legacy-config`, ["AWS::S3::Bucket"]],
      ]);
      expect(state.channels.map((c) => [c.name, c.s3BucketName])).to.deep.equal([["legacy-channel", "legacy-bucket"]]);
      expect(state.status.map((s) => s.recording)).to.deep.equal([true]);
    });

    it("deletes an adopted recorder outright when `adoptedOnDelete: delete`", async () => {
      await legacy("default", "legacy-channel");
      const { outs } = await provider.create(recorderInputs(member(), REGION, org.bucket, { adopt: "default", adoptedOnDelete: "delete" }));
      await provider.delete!("id", outs as ConfigRecorderOutputs);
      const state = await placeState(client);
      expect(state.recorders).to.deep.equal([]);
      expect(state.channels).to.deep.equal([]);
    });
  });
});
