/**
 * `drift` against moto: the stack's places made by the provider with the stack's own desired
 * settings, then changed out of band (a stopped recorder, a deleted channel, a narrowed
 * recording group). The command must report each difference, read-only, exit 1; and what the
 * scheduled drift run does, `pulumi up --refresh` (read, diff, update), puts every place back.
 */
import {
  DeleteDeliveryChannelCommand,
  DescribeConfigurationRecordersCommand,
  PutConfigurationRecorderCommand,
  StopConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import { expect } from "chai";
import { main, type DriftReport } from "../../commands/drift";
import { configRecorderProvider as provider } from "../../components/multiaccount/lifecycles/configRecorder";
import type { ConfigRecorderInputs, ConfigRecorderOutputs } from "../../components/multiaccount/resources/configRecorder";
import { clearSessionCache } from "../../components/multiaccount/session";
import { desiredRecorder } from "../../components/recorderSettings";
import { placesOf, type Deployment } from "../../config/domain";
import { recordCalls } from "../components/multiaccount/support/inputs";
import { configClientIn, type TestOrg, useMotoOrganization } from "../components/multiaccount/support/org";
import { account, bufferIo, deployment, MANAGEMENT } from "./fixtures";

describe("drift against moto", function () {
  this.timeout(60_000);
  let org: TestOrg;
  useMotoOrganization(1, (created) => (org = created));
  let stack: Deployment;
  const outputs = new Map<string, ConfigRecorderOutputs>();
  const key = (accountId: string, region: string) => `${accountId}/${region}`;
  const member = () => org.members[0]!;

  before(async () => {
    stack = deployment([account(MANAGEMENT, "management"), account(member().id, "member")]);
    for (const place of placesOf(stack)) {
      const inputs = desiredRecorder(stack, place) as ConfigRecorderInputs;
      outputs.set(key(place.account.id, place.region.name), (await provider.create(inputs)).outs as ConfigRecorderOutputs);
    }
  });

  async function drift(...flags: string[]): Promise<{ code: number; report: DriftReport; writes: number }> {
    const { io, out } = bufferIo();
    clearSessionCache();
    const rec = recordCalls();
    let code: number;
    try {
      code = await main(["--stack", "test", "--json", ...flags], io, { loadDeployment: async () => stack });
    } finally {
      rec.stop();
    }
    return { code, report: JSON.parse(out()) as DriftReport, writes: rec.writes().length };
  }

  const placeOf = (report: DriftReport, accountId: string, region: string) => report.places.find((p) => p.accountId === accountId && p.region === region)!;

  it("finds every place in sync right after pulumi up, and exits 0", async () => {
    const { code, report, writes } = await drift();
    expect(report.places.map((p) => [p.accountId, p.region, p.status, p.differences])).to.deep.equal(
      placesOf(stack).map((p) => [p.account.id, p.region.name, "in-sync", []]),
    );
    expect(code).to.equal(0);
    expect(writes).to.equal(0);
  });

  it("reports a stopped recorder, a deleted channel and a narrowed recording group, each as a difference, read-only, exit 1", async () => {
    const { recorderName, deliveryChannelName } = outputs.get(key(member().id, "eu-west-1"))!;
    const memberEu = await configClientIn(member().roleArn, "eu-west-1");
    await memberEu.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName }));
    const memberUs = await configClientIn(member().roleArn, "us-east-1");
    await memberUs.send(new StopConfigurationRecorderCommand({ ConfigurationRecorderName: recorderName }));
    await memberUs.send(new DeleteDeliveryChannelCommand({ DeliveryChannelName: deliveryChannelName }));
    const managementEu = await configClientIn(undefined, "eu-west-1");
    const live = (await managementEu.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders![0]!;
    await managementEu.send(
      new PutConfigurationRecorderCommand({
        ConfigurationRecorder: { name: live.name, roleARN: live.roleARN, recordingGroup: { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] } },
      }),
    );

    const { code, report, writes } = await drift();
    expect(code).to.equal(1);
    expect(writes, "read-only").to.equal(0);
    expect(placeOf(report, member().id, "eu-west-1").differences).to.deep.equal([{ field: "recording", live: false, desired: true }]);
    expect(placeOf(report, member().id, "us-east-1").differences).to.deep.equal([
      { field: "deliveryChannel", desired: deliveryChannelName },
      { field: "recording", live: false, desired: true },
    ]);
    const narrowed = placeOf(report, MANAGEMENT, "eu-west-1").differences;
    expect(narrowed.map((d) => d.field)).to.deep.equal(["recorder.recordingGroup"]);
    expect(narrowed[0]!.live).to.deep.equal({ useOnly: "INCLUSION_BY_RESOURCE_TYPES", resourceTypes: ["AWS::S3::Bucket"] });
    expect(placeOf(report, MANAGEMENT, "us-east-1").status).to.equal("in-sync");
    expect(report.summary).to.deep.equal({ places: 4, inSync: 1, drifted: 3, errors: 0, differences: 4 });
  });

  it("prints the differences as live → desired in a table", async () => {
    const { io, out } = bufferIo();
    clearSessionCache();
    const code = await main(["--stack", "test"], io, { loadDeployment: async () => stack });
    expect(code).to.equal(1);
    expect(out())
      .to.contain("recording: false → true")
      .and.contain(`deliveryChannel: missing (wants ${outputs.get(key(member().id, "us-east-1"))!.deliveryChannelName})`)
      .and.contain("3 drifted (4 difference(s))");
  });

  it("is put back by what the drift run does, pulumi up --refresh (read, diff, update); then exit 0", async () => {
    clearSessionCache();
    for (const place of placesOf(stack)) {
      const olds = outputs.get(key(place.account.id, place.region.name))!;
      const inputs = desiredRecorder(stack, place) as ConfigRecorderInputs;
      const read = await provider.read!("id", olds);
      const refreshed = read.props as ConfigRecorderOutputs;
      const diff = await provider.diff!("id", refreshed, inputs);
      // A plain `up` (no refresh) compares with the stale state and sees nothing to do.
      expect((await provider.diff!("id", olds, inputs)).changes, `${place.account.id}/${place.region.name} without refresh`).to.equal(false);
      if (diff.changes) await provider.update!("id", refreshed, inputs);
    }
    const { code, report } = await drift();
    expect(report.summary).to.deep.include({ inSync: 4, drifted: 0 });
    expect(code).to.equal(0);
  });
});
