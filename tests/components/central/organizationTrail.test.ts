import { expect } from "chai";

import { plan, renderPlan } from "../../../commands/plan";
import { runProgram, ofType, type MockedResource } from "../../helpers/program";

const TRAIL = "aws:cloudtrail/trail:Trail";
const TRUSTED_ACCESS = "pulumi-nodejs:dynamic/multiaccount:TrustedServiceAccess";
const MANAGEMENT = "111111111111";
const LOG_ARCHIVE = "222222222222"; // dev: the security account is also the log archive
const ORG = "o-dev1a2b3c4d";
const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/aws-config-org-organization-trail`;
const BUCKET = `aws-config-org-trail-${LOG_ARCHIVE}-us-east-1`;
const ON = { "aws-config-org:organizationTrail": { enabled: true, kms: true, cloudWatchLogs: { retentionDays: 365 } } };

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const statements = (json: unknown) => (JSON.parse(String(json)) as { Statement: Statement[] }).Statement;
const only = (resources: readonly MockedResource[], type: string) => {
  const found = ofType(resources, type);
  expect(found, type).to.have.length(1);
  return found[0]!;
};
const accountOfProvider = (r: MockedResource) => /aws-(\d{12})::/.exec(r.provider ?? "")?.[1];

describe("organization trail: program shape", () => {
  it("off (the default): no trail, no trail bucket, trusted access for the Config principals only", async () => {
    const run = await runProgram("dev");
    expect(ofType(run.resources, TRAIL)).to.have.length(0);
    expect(run.resources.some((r) => r.inputs.bucket === BUCKET)).to.equal(false);
    expect(only(run.resources, TRUSTED_ACCESS).inputs.servicePrincipals).to.deep.equal(["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"]);
  });

  describe("on, with KMS and CloudWatch Logs", () => {
    let resources: readonly MockedResource[];
    before(async () => {
      resources = (await runProgram("dev", { config: ON })).resources;
    });

    it("declares one multi-region organization trail in the management account, after trusted access and the bucket policy", () => {
      const trail = only(resources, TRAIL);
      expect(trail.inputs).to.deep.include({
        name: "aws-config-org-organization-trail",
        region: "us-east-1",
        s3BucketName: BUCKET,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
      });
      expect(accountOfProvider(trail)).to.equal(MANAGEMENT);
      const access = only(resources, TRUSTED_ACCESS);
      expect(access.inputs.servicePrincipals).to.deep.equal(["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com", "cloudtrail.amazonaws.com"]);
      const policy = resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "trail-policy")!;
      expect(trail.dependsOn).to.include.members([access.urn, policy.urn]);
      expect(String(trail.inputs.kmsKeyId)).to.match(new RegExp(`^arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/`));
      expect(trail.inputs.cloudWatchLogsGroupArn).to.equal(
        `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/aws-config-org/cloudtrail/aws-config-org-organization-trail:*`,
      );
    });

    it("writes to a versioned, non-public bucket in the log archive account with AWS's organization-trail policy", () => {
      const bucket = resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.inputs.bucket === BUCKET)!;
      expect(accountOfProvider(bucket)).to.equal(LOG_ARCHIVE);
      expect(bucket.inputs.forceDestroy).to.equal(false);
      const doc = statements(resources.find((r) => r.name === "trail-policy")!.inputs.policy);
      const acl = doc.find((s) => s.Sid === "AWSCloudTrailAclCheck")!;
      expect(acl).to.deep.include({ Action: "s3:GetBucketAcl", Resource: `arn:aws:s3:::${BUCKET}` });
      expect(acl.Condition).to.deep.equal({ StringEquals: { "aws:SourceArn": TRAIL_ARN } });
      for (const [sid, folder] of [
        ["AWSCloudTrailWrite", MANAGEMENT],
        ["AWSCloudTrailOrganizationWrite", ORG],
      ]) {
        const write = doc.find((s) => s.Sid === sid)!;
        expect(write).to.deep.include({ Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET}/AWSLogs/${folder}/*` });
        expect(write.Condition).to.deep.equal({ StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": TRAIL_ARN } });
      }
      expect(doc.some((s) => s.Sid === "DenyInsecureTransport" && s.Effect === "Deny")).to.equal(true);
      expect(resources.find((r) => r.name === "trail-versioning")!.inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
      expect(resources.find((r) => r.name === "trail-encryption")!.inputs.rules).to.have.nested.property(
        "[0].applyServerSideEncryptionByDefault.sseAlgorithm",
        "aws:kms",
      );
    });

    it("admits CloudTrail to the key for this trail only, and gives the delivery role only stream writes in its group", () => {
      const key = resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "trail-key")!;
      expect(accountOfProvider(key)).to.equal(LOG_ARCHIVE);
      const encrypt = statements(key.inputs.policy).find((s) => s.Sid === "AllowCloudTrailToEncryptLogs")!;
      expect(encrypt.Condition?.StringEquals).to.deep.equal({ "aws:SourceArn": TRAIL_ARN });
      const group = resources.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === "trail-logs")!;
      expect(group.inputs.retentionInDays).to.equal(365);
      const role = resources.find((r) => r.type === "aws:iam/role:Role" && r.name === "trail-logs-role")!;
      const trust = statements(role.inputs.assumeRolePolicy)[0]!;
      expect(trust.Condition).to.deep.equal({ StringEquals: { "aws:SourceArn": TRAIL_ARN } });
      const delivery = statements(resources.find((r) => r.name === "trail-logs-delivery")!.inputs.policy);
      expect(delivery.map((s) => s.Action).sort()).to.deep.equal(["logs:CreateLogStream", "logs:PutLogEvents"]);
      expect(only(resources, "aws:cloudtrail/trail:Trail").dependsOn).to.include.members([
        group.urn,
        resources.find((r) => r.name === "trail-logs-delivery")!.urn,
      ]);
      for (const s of delivery)
        expect(s.Resource).to.equal(`arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/aws-config-org/cloudtrail/aws-config-org-organization-trail:log-stream:*`);
    });
  });

  it("shows the trail under the management account and its bucket under the log archive account in the plan, and the pack passes", async () => {
    const p = await plan({ stack: "dev", configOverrides: ON });
    expect(p.central[MANAGEMENT]!.resources.some((r) => r.type === TRAIL)).to.equal(true);
    expect(p.central[LOG_ARCHIVE]!.resources.some((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "trail")).to.equal(true);
    expect(renderPlan(p)).to.match(/111111111111 \(management\):[\s\S]*1 × aws:cloudtrail\/trail:Trail/);
    expect(p.policy.mandatoryViolations, JSON.stringify(p.policy.violations)).to.equal(0);
  });
});
