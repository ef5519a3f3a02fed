import { expect } from "chai";
import { useMoto } from "../helpers/moto";
import { createTestOrg, configClientIn } from "./support/org";
import { configRecorderProvider } from "../../components/multiaccount/configRecorder";
import { clearSessionCache } from "../../components/multiaccount/session";
import { onAwsCall } from "../../components/multiaccount/callHooks";
import { DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from "@aws-sdk/client-config-service";

describe("scratch", () => {
  useMoto();
  it("works", async () => {
    clearSessionCache();
    const org = await createTestOrg(2);
    console.log(org);
    const calls: any[] = [];
    onAwsCall((c) => calls.push(c));
    const m = org.members[0];
    const inputs = { accountId: m.id, region: "eu-west-1", roleArn: m.roleArn, recorder: { name: "aws-config-org", roleARN: `arn:aws:iam::${m.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`, recordingMode: {recordingFrequency: "DAILY"} }, deliveryChannel: { name: "aws-config-org", s3BucketName: org.bucket }, recording: true };
    const r = await configRecorderProvider.create(inputs as any);
    console.log(JSON.stringify(r), calls.map(c => `${c.accountId} ${c.command} ${c.attempts}`));
    const cl = await configClientIn(m.roleArn, "eu-west-1");
    console.log(JSON.stringify((await cl.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders));
    console.log(JSON.stringify((await cl.send(new DescribeConfigurationRecorderStatusCommand({}))).ConfigurationRecordersStatus));
    const own = await configClientIn(undefined, "eu-west-1");
    console.log("own", JSON.stringify((await own.send(new DescribeConfigurationRecordersCommand({}))).ConfigurationRecorders));
    expect(1).to.equal(1);
  });
});
