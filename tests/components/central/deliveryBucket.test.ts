import { expect } from "chai";

import { validateDeployment } from "../../../config/validateDeployment";
import { loadStackDeployment } from "../../../config/pipeline";
import { evaluate } from "../../helpers/iamPolicy";
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
      expect(channel.s3KmsKeyArn, `${String(recorder.inputs.accountId)} ${String(recorder.inputs.region)}`).to.match(
        new RegExp(`^arn:aws:kms:${String(bucket.inputs.region)}:`),
      );
    }
  });
});

describe("delivery bucket policy: how AWS Config's deliveries are limited (delivery.sourceCondition)", function () {
  this.timeout(30_000);
  const policyOf = async (sourceCondition?: string) => {
    const config = sourceCondition ? { "aws-config-org:delivery": { sourceCondition } } : {};
    const { resources } = await runProgram("dev", { config });
    return JSON.parse(String(resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && String(r.name).startsWith("delivery"))!.inputs.policy));
  };
  const deliver = (account: string, bucket: string, extra: Record<string, string> = {}) => ({
    action: "s3:PutObject",
    resource: `arn:aws:s3:::${bucket}/AWSLogs/${account}/Config/us-east-1/2026/12/7/ConfigHistory/x.json.gz`,
    principal: { Service: "config.amazonaws.com" },
    context: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": true, "AWS:SourceAccount": account, ...extra },
  });

  it("by default admits AWS Config on behalf of the organization (aws:SourceOrgID)", async () => {
    const doc = await policyOf();
    const bucket = String(doc.Statement[0].Resource).split(":::")[1];
    expect(evaluate(doc, deliver("333333333333", bucket, { "aws:SourceOrgID": "o-dev1a2b3c4d" })).decision).to.equal("allow");
    expect(evaluate(doc, deliver("333333333333", bucket, { "aws:SourceOrgID": "o-someoneelse" })).decision).to.equal("implicit-deny");
  });

  it("with `accounts`, admits AWS Config for each in-scope account into its own AWSLogs/<account>/Config/ only, and no other account", async () => {
    const doc = await policyOf("accounts");
    const d = await loadStackDeployment("dev");
    const bucket = d.delivery.bucketName;
    for (const a of d.scope) expect(evaluate(doc, deliver(a.id, bucket)).decision, a.id).to.equal("allow");
    expect(evaluate(doc, deliver("999999999999", bucket)).decision, "an account outside the scope").to.equal("implicit-deny");
    const intoAnother = { ...deliver(d.scope[0]!.id, bucket), resource: `arn:aws:s3:::${bucket}/AWSLogs/999999999999/Config/x` };
    expect(evaluate(doc, intoAnother).decision, "into another account's prefix").to.equal("implicit-deny");
    expect(JSON.stringify(doc)).to.not.include("aws:SourceOrgID");
  });

  it("refuses `accounts` when the policy would pass S3's 20 KB limit, naming the way out", async () => {
    const d = await loadStackDeployment("dev", { overrides: { "aws-config-org:delivery": { sourceCondition: "accounts" } } });
    const scope = Array.from({ length: 400 }, (_, i) => ({ ...d.scope[0]!, id: String(100000000000 + i) }));
    const problems = validateDeployment({ ...d, scope, accounts: scope });
    expect(
      problems.find((p) => p.includes("delivery bucket policy")),
      problems.join("\n"),
    )
      .to.include("`aws-config-org:delivery.sourceCondition`")
      .and.include("20480-byte")
      .and.include("use `organization`");
  });
});
