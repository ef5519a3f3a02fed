/**
 * The Lambda handler with the AWS SDK mocked (aws-sdk-client-mock): which
 * calls it makes, with which credentials, and what it writes to Config and to
 * S3. (moto cannot stand in here: its PutEvaluations only works in TestMode.)
 */
import { ConfigServiceClient, PutEvaluationsCommand } from "@aws-sdk/client-config-service";
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { handler } from "../../../rules/approved-images";
import type { AllowList } from "../../../rules/approved-images/allowList";
import { ENV } from "../../../rules/approved-images/environment";
import { accountInventoryBody } from "../../../rules/approved-images/inventory";
import { changeEvent, MEMBER, oversizedEvent, scheduledEvent } from "./events";

// Created in `before`, restored in `after`: mockClient patches the SDK classes for the whole process,
// and mocha loads every test file before running any.
const stubs = () => ({ s3: mockClient(S3Client), sts: mockClient(STSClient), ec2: mockClient(EC2Client), config: mockClient(ConfigServiceClient) });
type Stubs = ReturnType<typeof stubs>;
let s3: Stubs["s3"];
let sts: Stubs["sts"];
let ec2: Stubs["ec2"];
let config: Stubs["config"];

const allowList: AllowList = {
  version: 1,
  entries: [
    { description: "Golden images", ownerAccountIds: ["111122223333"], namePatterns: ["golden-*"] },
    { description: "Pinned", imageIds: ["ami-0d0d0d0d0d0d0d0d0"] },
  ],
};
const MEMBER_CREDENTIALS = { AccessKeyId: "ASIAMEMBER", SecretAccessKey: "secret", SessionToken: "session", Expiration: new Date("2030-01-01") };
const env = {
  [ENV.bucketRegion]: "eu-west-1",
  [ENV.allowListBucket]: "aws-config-org-approved-images-222222222222-eu-west-1",
  [ENV.allowListKey]: "allow-list/approved-images.json",
  [ENV.accountsKey]: "allow-list/accounts.json",
  [ENV.findingsBucket]: "aws-config-org-approved-images-222222222222-eu-west-1",
  [ENV.findingsPrefix]: "findings/approved-images",
  [ENV.readerRoleName]: "aws-config-org-approved-images-reader",
  [ENV.readerRolePath]: "/aws-config-org/",
};

function image(id: string, ownerId: string, name: string) {
  return { ImageId: id, OwnerId: ownerId, Name: name, Tags: [{ Key: "team", Value: "web" }] };
}

function findingsWritten(): Array<Record<string, unknown>> {
  const puts = s3.commandCalls(PutObjectCommand);
  expect(puts).to.have.length(1);
  return String(puts[0]!.args[0].input.Body)
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
}

/** The error a promise rejects with; fails the test when it resolves. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the handler to fail");
}

function evaluationsPut() {
  return config.commandCalls(PutEvaluationsCommand).flatMap((c) => c.args[0].input.Evaluations ?? []);
}

describe("approved-images: Lambda handler (SDK mocked)", () => {
  const saved: Record<string, string | undefined> = {};
  const log = console.log;

  before(() => {
    ({ s3, sts, ec2, config } = stubs());
    // The handler logs a summary line per invocation (CloudWatch Logs in Lambda); keep test output readable.
    console.log = () => undefined;
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });

  after(() => {
    console.log = log;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    s3.restore();
    sts.restore();
    ec2.restore();
    config.restore();
  });

  beforeEach(() => {
    for (const m of [s3, sts, ec2, config]) m.reset();
    s3.on(GetObjectCommand).resolves({ Body: { transformToString: async () => JSON.stringify(allowList) } } as never);
    s3.on(GetObjectCommand, { Key: env[ENV.accountsKey] }).resolves({
      Body: { transformToString: async () => accountInventoryBody(["222222222222", MEMBER]) },
    } as never);
    s3.on(PutObjectCommand).resolves({});
    sts.on(AssumeRoleCommand).resolves({ Credentials: MEMBER_CREDENTIALS });
    config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  });

  it("evaluates a changed instance with the reader role, reports to Config and writes the finding", async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [image("ami-0a0a0a0a0a0a0a0a0", "111122223333", "golden-web-1")] });
    const summary = await handler(changeEvent({ instanceId: "i-0a1", imageId: "ami-0a0a0a0a0a0a0a0a0" }), { awsRequestId: "req-1" });

    const assume = sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input;
    expect(assume.RoleArn).to.equal(`arn:aws:iam::${MEMBER}:role/aws-config-org/aws-config-org-approved-images-reader`);
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input)).to.deep.equal([
      { Bucket: env[ENV.allowListBucket], Key: env[ENV.accountsKey] },
      { Bucket: env[ENV.allowListBucket], Key: env[ENV.allowListKey] },
    ]);
    // No DescribeInstances: the configuration item had the image id.
    expect(ec2.commandCalls(DescribeInstancesCommand)).to.have.length(0);
    const ec2Client = ec2.commandCalls(DescribeImagesCommand)[0]!.thisValue as EC2Client;
    expect((await ec2Client.config.credentials()).accessKeyId).to.equal("ASIAMEMBER");
    const configClient = config.commandCalls(PutEvaluationsCommand)[0]!.thisValue as ConfigServiceClient;
    expect((await configClient.config.credentials()).accessKeyId).to.equal("ASIAMEMBER");
    expect(await configClient.config.region()).to.equal("eu-west-1");

    expect(config.commandCalls(PutEvaluationsCommand)[0]!.args[0].input.ResultToken).to.equal("token-abc");
    expect(evaluationsPut()).to.deep.equal([
      {
        ComplianceResourceType: "AWS::EC2::Instance",
        ComplianceResourceId: "i-0a1",
        ComplianceType: "COMPLIANT",
        Annotation: "Image ami-0a0a0a0a0a0a0a0a0 is approved by: Golden images.",
        OrderingTimestamp: new Date("2026-03-02T09:14:05.112Z"),
      },
    ]);
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put.Bucket).to.equal(env[ENV.findingsBucket]);
    expect(put.Key).to.match(new RegExp(`^findings/approved-images/year=\\d{4}/month=\\d{2}/day=\\d{2}/account=${MEMBER}/region=eu-west-1/req-1\\.ndjson$`));
    expect(findingsWritten()).to.have.length(1);
    expect(findingsWritten()[0]).to.deep.include({
      resourceId: "i-0a1",
      complianceType: "COMPLIANT",
      imageOwner: "111122223333",
      matchedEntry: "Golden images",
    });
    expect(summary).to.deep.include({ accountId: MEMBER, region: "eu-west-1", evaluated: 1, nonCompliant: 0, findingsKey: put.Key });
  });

  it("reports an unapproved image as NON_COMPLIANT, saying why", async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [image("ami-0c0c0c0c0c0c0c0c0", "999988887777", "someones-image")] });
    const summary = await handler(changeEvent({ instanceId: "i-0c3", imageId: "ami-0c0c0c0c0c0c0c0c0" }));
    expect(evaluationsPut()[0]).to.deep.include({ ComplianceType: "NON_COMPLIANT" });
    expect(evaluationsPut()[0]!.Annotation).to.contain("owner 999988887777");
    expect(summary.nonCompliant).to.equal(1);
  });

  it("reports a deleted instance NOT_APPLICABLE without asking EC2", async () => {
    await handler(changeEvent({ instanceId: "i-0d4", imageId: "ami-0c0c0c0c0c0c0c0c0", status: "ResourceDeleted" }));
    expect(ec2.calls()).to.have.length(0);
    expect(evaluationsPut()).to.have.length(1);
    expect(evaluationsPut()[0]).to.deep.include({ ComplianceResourceId: "i-0d4", ComplianceType: "NOT_APPLICABLE" });
  });

  it("reads an oversized change's instance from EC2", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolves({ Reservations: [{ Instances: [{ InstanceId: "i-0e5", ImageId: "ami-0d0d0d0d0d0d0d0d0", State: { Name: "running" } }] }] });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    await handler(oversizedEvent("i-0e5"));
    expect(ec2.commandCalls(DescribeInstancesCommand)[0]!.args[0].input).to.deep.equal({ InstanceIds: ["i-0e5"] });
    // Pinned by id: compliant even though the image is not visible.
    expect(evaluationsPut()[0]).to.deep.include({ ComplianceResourceId: "i-0e5", ComplianceType: "COMPLIANT" });
  });

  it("evaluates every live instance on a periodic run, page by page, tolerating images it cannot see", async () => {
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [{ Instances: [{ InstanceId: "i-1", ImageId: "ami-0a0a0a0a0a0a0a0a0", State: { Name: "running" } }] }],
        NextToken: "page-2",
      })
      .resolvesOnce({
        Reservations: [
          {
            Instances: [
              { InstanceId: "i-2", ImageId: "ami-0b0b0b0b0b0b0b0b0", State: { Name: "stopped" } },
              { InstanceId: "i-3", ImageId: "ami-0a0a0a0a0a0a0a0a0", State: { Name: "running" } },
            ],
          },
        ],
      });
    const notFound = Object.assign(new Error("The image id '[ami-0b0b0b0b0b0b0b0b0]' does not exist"), { name: "InvalidAMIID.NotFound" });
    ec2.on(DescribeImagesCommand).rejects(notFound);
    ec2.on(DescribeImagesCommand, { ImageIds: ["ami-0a0a0a0a0a0a0a0a0"] }).resolves({ Images: [image("ami-0a0a0a0a0a0a0a0a0", "111122223333", "golden-x")] });

    const summary = await handler(scheduledEvent(), { awsRequestId: "req-periodic" });

    const pages = ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input);
    expect(pages[0]!.Filters).to.deep.equal([{ Name: "instance-state-name", Values: ["pending", "running", "stopping", "stopped"] }]);
    expect(pages[1]!.NextToken).to.equal("page-2");
    expect(ec2.commandCalls(DescribeImagesCommand).map((c) => c.args[0].input.ImageIds)).to.deep.equal([
      ["ami-0a0a0a0a0a0a0a0a0", "ami-0b0b0b0b0b0b0b0b0"],
      ["ami-0a0a0a0a0a0a0a0a0"],
      ["ami-0b0b0b0b0b0b0b0b0"],
    ]);
    expect(evaluationsPut().map((e) => [e.ComplianceResourceId, e.ComplianceType])).to.deep.equal([
      ["i-1", "COMPLIANT"],
      ["i-2", "NON_COMPLIANT"],
      ["i-3", "COMPLIANT"],
    ]);
    for (const e of evaluationsPut()) expect(e.OrderingTimestamp).to.deep.equal(new Date("2026-03-03T00:00:00.000Z"));
    expect(findingsWritten().map((f) => f.resourceId)).to.deep.equal(["i-1", "i-2", "i-3"]);
    expect(summary).to.deep.include({ evaluated: 3, nonCompliant: 1 });
  });

  it("still reports to Config on a periodic run that finds no instance, and writes no empty object", async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await handler(scheduledEvent());
    expect(config.commandCalls(PutEvaluationsCommand)).to.have.length(1);
    expect(config.commandCalls(PutEvaluationsCommand)[0]!.args[0].input.Evaluations).to.deep.equal([]);
    expect(s3.commandCalls(PutObjectCommand)).to.have.length(0);
  });

  it("batches PutEvaluations by 100", async () => {
    const instances = Array.from({ length: 230 }, (_, i) => ({ InstanceId: `i-${i}`, ImageId: "ami-0d0d0d0d0d0d0d0d0", State: { Name: "running" as const } }));
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: instances }] });
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    await handler(scheduledEvent());
    expect(config.commandCalls(PutEvaluationsCommand).map((c) => c.args[0].input.Evaluations!.length)).to.deep.equal([100, 100, 30]);
  });

  it("fails loudly when the reader role cannot be assumed, naming the role and account", async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error("not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" }));
    const error = await failure(handler(changeEvent({ instanceId: "i-1", imageId: "ami-0a0a0a0a0a0a0a0a0" })));
    expect(error.message).to.contain(`cannot assume \`arn:aws:iam::${MEMBER}:role/aws-config-org/aws-config-org-approved-images-reader\` in account ${MEMBER}`);
    expect(config.calls()).to.have.length(0);
  });

  it("fails when Config refuses evaluations, and on an invalid allow-list", async () => {
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    config.on(PutEvaluationsCommand).resolves({
      FailedEvaluations: [
        { ComplianceResourceType: "AWS::EC2::Instance", ComplianceResourceId: "i-1", ComplianceType: "COMPLIANT", OrderingTimestamp: new Date() },
      ],
    });
    const refused = await failure(handler(changeEvent({ instanceId: "i-1", imageId: "ami-0d0d0d0d0d0d0d0d0" })));
    expect(refused.message).to.match(/PutEvaluations refused 1 evaluation/);

    s3.on(GetObjectCommand, { Key: env[ENV.allowListKey] }).resolves({
      Body: { transformToString: async () => JSON.stringify({ version: 1, entries: [{}] }) },
    } as never);
    const invalid = await failure(handler(changeEvent({ instanceId: "i-1", imageId: "ami-0d0d0d0d0d0d0d0d0" })));
    expect(invalid.message).to.match(/allow-list s3:\/\/.*approved-images\.json is invalid \(1 issues\)/);
  });

  it("skips, and logs, an invocation for an account outside the inventory: no role assumed, nothing reported or written", async () => {
    s3.on(GetObjectCommand, { Key: env[ENV.accountsKey] }).resolves({
      Body: { transformToString: async () => accountInventoryBody(["222222222222"]) },
    } as never);
    const logged: string[] = [];
    const error = console.error;
    console.error = (line: string) => void logged.push(line);
    try {
      const summary = await handler(changeEvent({ instanceId: "i-1", imageId: "ami-0a0a0a0a0a0a0a0a0" }));
      expect(summary).to.deep.equal({
        accountId: MEMBER,
        region: "eu-west-1",
        messageType: "ConfigurationItemChangeNotification",
        evaluated: 0,
        nonCompliant: 0,
        refused: true,
      });
    } finally {
      console.error = error;
    }
    expect(sts.calls()).to.have.length(0);
    expect(ec2.calls()).to.have.length(0);
    expect(config.calls()).to.have.length(0);
    expect(s3.commandCalls(PutObjectCommand)).to.have.length(0);
    expect(logged).to.have.length(1);
    expect(JSON.parse(logged[0]!)).to.deep.include({ accountId: MEMBER, refused: true });
    expect(JSON.parse(logged[0]!).reason).to.contain(`account ${MEMBER} is not in the inventory s3://${env[ENV.allowListBucket]}/allow-list/accounts.json`);
  });

  it("acts for no one when the inventory is not one", async () => {
    s3.on(GetObjectCommand, { Key: env[ENV.accountsKey] }).resolves({
      Body: { transformToString: async () => JSON.stringify({ version: 1, accountIds: ["12345"] }) },
    } as never);
    const error = await failure(handler(scheduledEvent()));
    expect(error.message).to.match(/account inventory s3:\/\/.*accounts\.json is not an account inventory/);
    expect(sts.calls()).to.have.length(0);
  });

  it("refuses to run without its environment, naming what is missing", async () => {
    const findingsBucket = process.env[ENV.findingsBucket];
    delete process.env[ENV.findingsBucket];
    try {
      const error = await failure(handler(scheduledEvent()));
      expect(error.message).to.contain("`FINDINGS_BUCKET` not set");
    } finally {
      process.env[ENV.findingsBucket] = findingsBucket;
    }
  });
});
