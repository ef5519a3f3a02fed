import { expect } from "chai";
import type { PlaceRecord } from "../../../components/multiaccount/placeRecord";
import { chooseRecorder, planRecorder } from "../../../components/multiaccount/recorderPlan";
import type { DesiredConfigState, ExistingConfigState } from "../../../components/multiaccount/recorderTypes";

const ACCOUNT = "222233334444";
const REGION = "eu-west-1";
const SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const place = { accountId: ACCOUNT, region: REGION };

function desired(overrides: Partial<DesiredConfigState> = {}): DesiredConfigState {
  return {
    recorder: {
      name: "aws-config-org",
      roleARN: SLR,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
      recordingMode: { recordingFrequency: "CONTINUOUS" },
    },
    deliveryChannel: {
      name: "aws-config-org",
      s3BucketName: "central-config",
      configSnapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
    },
    recording: true,
    ...overrides,
  };
}

/** What AWS returns for `desired()` once it exists: every default spelled out. */
function existingAsAws(name = "aws-config-org", channelName = "aws-config-org", recording = true): ExistingConfigState {
  return {
    recorders: [
      {
        name,
        roleARN: SLR,
        recordingGroup: {
          allSupported: true,
          includeGlobalResourceTypes: true,
          resourceTypes: [],
          exclusionByResourceTypes: { resourceTypes: [] },
          recordingStrategy: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" },
        },
        recordingMode: { recordingFrequency: "CONTINUOUS", recordingModeOverrides: [] },
      },
    ],
    channels: [{ name: channelName, s3BucketName: "central-config", configSnapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" } }],
    status: [{ name, recording }],
  };
}

const EMPTY: ExistingConfigState = { recorders: [], channels: [], status: [] };

describe("planRecorder (pure)", () => {
  it("creates recorder, channel and starts recording in an empty place, listing every field", () => {
    const plan = planRecorder(EMPTY, desired(), undefined, place);
    expect(plan.action).to.equal("create");
    expect(plan.writes).to.deep.equal(["PutConfigurationRecorder", "PutDeliveryChannel", "StartConfigurationRecorder"]);
    expect(plan.differences.map((d) => d.field)).to.include.members([
      "recorder.roleARN",
      "recorder.recordingGroup",
      "deliveryChannel.s3BucketName",
      "recording",
    ]);
    expect(plan.preexisting).to.equal(undefined);
    expect(plan.recorderName).to.equal("aws-config-org");
  });

  it("finds nothing to do when AWS's expanded defaults mean the same as the sparse desired settings", () => {
    const plan = planRecorder(existingAsAws(), desired(), undefined, place);
    expect(plan.action).to.equal("unchanged");
    expect(plan.writes).to.deep.equal([]);
    expect(plan.differences).to.deep.equal([]);
  });

  it("ignores the order of resource types", () => {
    const group = { recordingStrategy: { useOnly: "INCLUSION_BY_RESOURCE_TYPES" }, resourceTypes: ["AWS::S3::Bucket", "AWS::EC2::Instance"] };
    const existing = existingAsAws();
    const reordered: ExistingConfigState = {
      ...existing,
      recorders: [{ ...existing.recorders[0], recordingGroup: { ...group, allSupported: false, resourceTypes: ["AWS::EC2::Instance", "AWS::S3::Bucket"] } }],
    };
    const want = desired({ recorder: { ...desired().recorder, recordingGroup: group } });
    expect(planRecorder(reordered, want, undefined, place).writes).to.deep.equal([]);
  });

  it("updates a same-name recorder in place with one write for a changed recording group", () => {
    const want = desired({
      recorder: {
        ...desired().recorder,
        recordingGroup: {
          recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
          exclusionByResourceTypes: { resourceTypes: ["AWS::EC2::NetworkInterface"] },
        },
      },
    });
    const plan = planRecorder(existingAsAws(), want, undefined, place);
    expect(plan.action).to.equal("update");
    expect(plan.writes).to.deep.equal(["PutConfigurationRecorder"]);
    expect(plan.differences).to.have.length(1);
    expect(plan.differences[0]).to.deep.include({ field: "recorder.recordingGroup" });
    expect(plan.differences[0].to).to.deep.equal({ useOnly: "EXCLUSION_BY_RESOURCE_TYPES", exclusionByResourceTypes: ["AWS::EC2::NetworkInterface"] });
    expect(plan.preexisting?.recorder?.name).to.equal("aws-config-org");
    expect(plan.preexisting?.recording).to.equal(true);
  });

  it("refuses a differently named recorder without `adopt`, naming account, region, the recorder and the inventory line", () => {
    const plan = planRecorder(existingAsAws("default", "default"), desired(), undefined, place);
    expect(plan.action).to.equal("fail");
    expect(plan.writes).to.deep.equal([]);
    expect(plan.message).to.contain(`\`${ACCOUNT}\``).and.contain(`\`${REGION}\``).and.contain("`default`");
    expect(plan.message).to.contain("`adopt: default`").and.contain("accounts/<stack>.yaml");
  });

  it("takes over a differently named recorder and its channel with `adopt`, keeping their names", () => {
    const existing = existingAsAws("default", "legacy-channel", true);
    const plan = planRecorder(existing, desired({ deliveryChannel: { ...desired().deliveryChannel, s3BucketName: "new-central" } }), "default", place);
    expect(plan.action).to.equal("adopt");
    expect(plan.recorderName).to.equal("default");
    expect(plan.deliveryChannelName).to.equal("legacy-channel");
    expect(plan.writes).to.deep.equal(["PutDeliveryChannel"]);
    expect(plan.differences).to.deep.equal([{ field: "deliveryChannel.s3BucketName", from: "central-config", to: "new-central" }]);
    expect(plan.preexisting?.deliveryChannel?.s3BucketName).to.equal("central-config");
    expect(plan.message).to.contain("takes over recorder `default`");
  });

  it("refuses a differently named channel next to a same-name recorder unless `adopt` is set", () => {
    const existing = existingAsAws("aws-config-org", "old-channel");
    const refused = planRecorder(existing, desired(), undefined, place);
    expect(refused.action).to.equal("fail");
    expect(refused.message).to.contain("delivery channel `old-channel`").and.contain("`adopt: aws-config-org`");
    const taken = planRecorder(existing, desired(), "aws-config-org", place);
    // `adopt` names the existing recorder: that is an adoption, whatever name the stack asks for
    // (issue 11: the plan decides adoption once; it used to say `update` here).
    expect(taken.action).to.equal("adopt");
    expect(taken.deliveryChannelName).to.equal("old-channel");
  });

  it("ignores service-linked recorders", () => {
    const existing: ExistingConfigState = {
      recorders: [{ name: "AWSConfigurationRecorderForObservabilityAdmin", servicePrincipal: "observabilityadmin.amazonaws.com", roleARN: "x" }],
      channels: [],
      status: [{ name: "AWSConfigurationRecorderForObservabilityAdmin", recording: true }],
    };
    const plan = planRecorder(existing, desired(), undefined, place);
    expect(plan.action).to.equal("create");
    expect(plan.preexisting).to.equal(undefined);
    expect(plan.writes).to.include("StartConfigurationRecorder");
  });

  it("stops a recording recorder when `recording` is false", () => {
    const plan = planRecorder(existingAsAws(), desired({ recording: false }), undefined, place);
    expect(plan.writes).to.deep.equal(["StopConfigurationRecorder"]);
    expect(plan.differences).to.deep.equal([{ field: "recording", from: true, to: false }]);
  });

  it("treats an absent recording mode as CONTINUOUS and an absent snapshot frequency as 24 hours", () => {
    const existing = existingAsAws();
    const sparse: ExistingConfigState = {
      recorders: [{ ...existing.recorders[0], recordingMode: undefined }],
      channels: [{ name: "aws-config-org", s3BucketName: "central-config" }],
      status: existing.status,
    };
    expect(planRecorder(sparse, desired(), undefined, place).writes).to.deep.equal([]);
    const daily = desired({ recorder: { ...desired().recorder, recordingMode: { recordingFrequency: "DAILY" } } });
    expect(planRecorder(sparse, daily, undefined, place).differences.map((d) => d.field)).to.deep.equal(["recorder.recordingMode"]);
  });
});

describe("planRecorder: which recorder, after a crash, and visible re-pointing", () => {
  const legacy = (name: string) => ({
    name,
    roleARN: `arn:aws:iam::${ACCOUNT}:role/legacy`,
    recordingGroup: { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] },
  });
  const slRecorder = { name: "AWSConfigurationRecorderForSecurityHubCSPM", servicePrincipal: "securityhub.amazonaws.com", roleARN: "arn:aws:iam::x:role/slr" };
  const recordOf = (over: Partial<PlaceRecord> = {}): PlaceRecord => ({
    version: 1,
    recorderName: "aws-config-org",
    deliveryChannelName: "aws-config-org",
    recorderCreated: true,
    channelCreated: true,
    recordedAt: "2026-12-07T18:00:00.000Z",
    ...over,
  });

  it("chooses by rule, not list order: the record, then the desired name, then `adopt`; several others fail, all named, sorted", () => {
    const a = legacy("alpha");
    const b = legacy("beta");
    const ours = legacy("aws-config-org");
    expect(chooseRecorder([a, ours, b], "aws-config-org", "beta").recorder?.name).to.equal("aws-config-org");
    expect(chooseRecorder([b, ours, a], "aws-config-org", "beta").recorder?.name).to.equal("aws-config-org");
    expect(chooseRecorder([a, b], "aws-config-org", "beta").recorder?.name).to.equal("beta");
    expect(chooseRecorder([b, a], "aws-config-org", "beta", { recorderName: "alpha" })).to.deep.include({ by: "record" });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const plan = planRecorder({ recorders: order, channels: [], status: [] }, desired(), undefined, place);
      expect(plan.action).to.equal("fail");
      expect(plan.message).to.contain("configuration recorder `alpha`, `beta`").and.contain("`adopt: alpha`");
    }
  });

  it("never chooses or touches a service-linked recorder (AWSConfigurationRecorderFor*)", () => {
    const withSlr = {
      recorders: [slRecorder, { ...slRecorder, servicePrincipal: undefined, name: "AWSConfigurationRecorderForObservabilityAdmin" }],
      channels: [],
      status: [],
    };
    expect(chooseRecorder(withSlr.recorders, "aws-config-org").recorder).to.equal(undefined);
    const plan = planRecorder(withSlr, desired(), undefined, place);
    expect(plan).to.deep.include({ action: "create", recorderName: "aws-config-org" });
    expect(plan.preexisting).to.equal(undefined);
  });

  it("after a crash, a half-made recorder the record says is ours stays ours: action create, nothing to restore", () => {
    const halfMade = { recorders: [{ name: "aws-config-org", roleARN: SLR }], channels: [], status: [] };
    const without = planRecorder(halfMade, desired(), undefined, place);
    expect(without.action).to.equal("update"); // what the place alone suggests
    const resumed = planRecorder(halfMade, desired(), undefined, place, recordOf());
    expect(resumed.action).to.equal("create");
    expect(resumed.preexisting).to.equal(undefined);
    expect(resumed.message).to.contain("resumes an earlier run");
  });

  it("after a crash mid-adoption, the legacy settings come from the record, never from the half-modified recorder", () => {
    const original = { recorder: legacy("default"), deliveryChannel: { name: "legacy", s3BucketName: "legacy-bucket" }, recording: true };
    const halfModified = {
      recorders: [{ name: "default", roleARN: SLR }],
      channels: [{ name: "legacy", s3BucketName: "legacy-bucket" }],
      status: [{ name: "default", recording: true }],
    };
    const record = recordOf({ recorderName: "default", deliveryChannelName: "legacy", recorderCreated: false, channelCreated: false, preexisting: original });
    const plan = planRecorder(halfModified, desired({ recorder: { ...desired().recorder, name: "default" } }), "default", place, record);
    expect(plan.action).to.equal("adopt");
    expect(plan.preexisting).to.deep.equal(original);
    expect(plan.writes).to.deep.equal(["PutConfigurationRecorder", "PutDeliveryChannel"]);
  });

  it("a channel of our name delivering to another bucket is a difference naming both buckets, and the message says it is re-pointed", () => {
    const other = existingAsAws();
    const state = { ...other, channels: [{ ...other.channels[0], s3BucketName: "someone-elses-bucket" }] };
    const plan = planRecorder(state, desired(), undefined, place);
    expect(plan.differences).to.deep.include({ field: "deliveryChannel.s3BucketName", from: "someone-elses-bucket", to: "central-config" });
    expect(plan.message).to.contain("re-points delivery channel `aws-config-org` from bucket `someone-elses-bucket` to bucket `central-config`");
  });
});
