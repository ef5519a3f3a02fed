import { expect } from "chai";

import { ofType, runProgram } from "../../helpers/program";

const RECORDER = "pulumi-nodejs:dynamic/multiaccount:ConfigRecorder";

describe("delivery bucket with SSE-KMS: program shape", () => {
  it("keeps the key in the bucket's Region, and every channel in every Region names that key (`s3KmsKeyArn` must be in the bucket's Region)", async () => {
    const { resources } = await runProgram("dev", { config: { "aws-config-org:delivery": { encryption: "SSE-KMS" } } });
    const key = resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "delivery-key")!;
    const bucket = resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "delivery")!;
    expect(key.inputs.region).to.equal(bucket.inputs.region);
    const recorders = ofType(resources, RECORDER);
    expect(new Set(recorders.map((r) => r.inputs.region)).size, "recorders in several Regions").to.be.greaterThan(1);
    for (const recorder of recorders) {
      const channel = recorder.inputs.deliveryChannel as { s3KmsKeyArn?: string };
      expect(channel.s3KmsKeyArn, `${String(recorder.inputs.accountId)} ${String(recorder.inputs.region)}`).to.match(new RegExp(`^arn:aws:kms:${String(bucket.inputs.region)}:`));
    }
  });
});
