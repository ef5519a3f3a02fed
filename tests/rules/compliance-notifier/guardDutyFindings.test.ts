/**
 * GuardDuty findings through the compliance notifier: reading the EventBridge event (a finding
 * in AWS's documented shape, guardduty-samples/), the message people get, and the handler's
 * publish with `event` = guardduty-finding (SNS client mocked).
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { handler } from "../../../rules/compliance-notifier";
import { ENV } from "../../../rules/compliance-notifier/environment";
import { SUBJECT_MAX_LENGTH } from "../../../rules/compliance-notifier/format";
import {
  formatGuardDutyFinding,
  guardDutyFindingUrl,
  isGuardDutyFindingEvent,
  parseGuardDutyFinding,
  resourceSummary,
  severityLabel,
  type GuardDutyFindingEvent,
} from "../../../rules/compliance-notifier/guardDutyFindings";

const SAMPLE = path.join(__dirname, "guardduty-samples", "guardduty-finding-iam-high.json");
const sample = (): GuardDutyFindingEvent => JSON.parse(fs.readFileSync(SAMPLE, "utf8")) as GuardDutyFindingEvent;
const NAMES = { "444444444444": "payments-prod" };
const TOPIC = "arn:aws:sns:eu-west-1:222222222222:aws-config-org-compliance";

describe("compliance notifier: GuardDuty findings", () => {
  it("reads the finding: type, severity, member account, region, resource, times, administrator", () => {
    const event = sample();
    expect(isGuardDutyFindingEvent(event)).to.equal(true);
    expect(isGuardDutyFindingEvent({ Records: [] })).to.equal(false);
    expect(parseGuardDutyFinding(event)).to.deep.equal({
      id: "52c8a5b1e4d3f2a10b9c8d7e6f5a4b3c",
      type: "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
      severity: 8,
      accountId: "444444444444",
      region: "eu-west-1",
      title: "Credentials for instance role payments-app-instance-role used from external IP address.",
      description:
        "Credentials created exclusively for an EC2 instance using instance role payments-app-instance-role have been used from external IP address 198.51.100.23.",
      resource: "AccessKey ASIAQEXAMPLE7XYZ1234, user payments-app-instance-role",
      firstSeen: "2026-11-30T09:27:40.000Z",
      lastSeen: "2026-11-30T09:36:05.000Z",
      count: 3,
      sample: false,
      administratorAccountId: "222222222222",
    });
  });

  it("words a message with type, severity and band, account id and name, region, resource and a console link", () => {
    const { subject, body } = formatGuardDutyFinding(parseGuardDutyFinding(sample()), NAMES);
    expect(subject).to.equal("GuardDuty High 8.0 | payments-prod (444444444444) eu-west-1 | UnauthorizedAccess:IAMUser/Instanc...");
    expect(subject.length).to.be.at.most(SUBJECT_MAX_LENGTH);
    expect(body).to.include("A GuardDuty finding of High severity (8.0 of 10).");
    expect(body).to.include("Type:        UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS\n");
    expect(body).to.include("Severity:    High 8.0\n");
    expect(body).to.include("Account:     444444444444 (payments-prod)\n");
    expect(body).to.include("Region:      eu-west-1\n");
    expect(body).to.include("Resource:    AccessKey ASIAQEXAMPLE7XYZ1234, user payments-app-instance-role\n");
    expect(body).to.include("Seen:        first 2026-11-30T09:27:40.000Z, last 2026-11-30T09:36:05.000Z, 3 time(s)\n");
    expect(body).to.include("external IP address 198.51.100.23.");
    expect(body).to.include("signed in to account 222222222222, the GuardDuty administrator");
    expect(body).to.include(
      "https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=52c8a5b1e4d3f2a10b9c8d7e6f5a4b3c\n",
    );
  });

  it("names an account missing from the inventory by id, marks sample findings, and links in other partitions", () => {
    const event = sample();
    const detail = event.detail as Record<string, unknown>;
    const sampled = { ...event, detail: { ...detail, service: { ...(detail.service as object), additionalInfo: { sample: true } } } };
    const { subject, body } = formatGuardDutyFinding(parseGuardDutyFinding(sampled), {});
    expect(subject).to.match(/^\[SAMPLE\] GuardDuty High 8\.0 \| 444444444444 eu-west-1 \| /);
    expect(body).to.include("Account:     444444444444 (name not in the stack's inventory)");
    expect(body).to.match(/^A sample GuardDuty finding/);
    expect(guardDutyFindingUrl({ region: "us-gov-west-1", id: "f/1" })).to.equal(
      "https://console.amazonaws-us-gov.com/guardduty/home?region=us-gov-west-1#/findings?macros=current&fId=f%2F1",
    );
  });

  it("puts severities in GuardDuty's bands, Critical from 9", () => {
    expect([1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityLabel)).to.deep.equal(["Low", "Low", "Medium", "Medium", "High", "High", "Critical", "Critical"]);
  });

  it("names the resource of other finding kinds, and falls back to the resource type", () => {
    expect(resourceSummary({ resourceType: "Instance", instanceDetails: { instanceId: "i-0abc" } })).to.equal("Instance i-0abc");
    expect(resourceSummary({ resourceType: "S3Bucket", s3BucketDetails: [{ name: "logs" }, { name: "data" }] })).to.equal("S3Bucket bucket logs, bucket data");
    expect(resourceSummary({ resourceType: "EKSCluster", eksClusterDetails: { name: "prod" } })).to.equal("EKSCluster EKS cluster prod");
    expect(resourceSummary({ resourceType: "RDSDBInstance", rdsDbInstanceDetails: { dbClusterIdentifier: "orders" } })).to.equal("RDSDBInstance DB orders");
    expect(resourceSummary({ resourceType: "Lambda", lambdaDetails: { functionName: "fn" } })).to.equal("Lambda function fn");
    expect(resourceSummary({})).to.equal("unknown resource type");
  });

  it("refuses a finding without what a person must be told, naming the fields", () => {
    const event = { ...sample(), detail: { id: "x", type: "Recon:EC2/PortProbeUnprotectedPort" } };
    expect(() => parseGuardDutyFinding(event as GuardDutyFindingEvent)).to.throw(/`detail\.accountId`, `detail\.severity`/);
  });

  describe("handler (SDK mocked)", () => {
    const stub = () => mockClient(SNSClient);
    let sns: ReturnType<typeof stub>;
    let saved: string | undefined;
    const log = console.log;

    before(() => {
      sns = stub();
      saved = process.env[ENV.targetTopicArn];
      process.env[ENV.targetTopicArn] = TOPIC;
      console.log = () => undefined;
    });
    after(() => {
      sns.restore();
      console.log = log;
      if (saved === undefined) delete process.env[ENV.targetTopicArn];
      else process.env[ENV.targetTopicArn] = saved;
    });

    it("publishes the finding once to the region's formatted topic with `event` = guardduty-finding", async () => {
      sns.reset();
      sns.on(PublishCommand).resolves({ MessageId: "m" });
      expect(await handler(sample())).to.deep.equal({ published: 1, ignored: 0 });
      const calls = sns.commandCalls(PublishCommand);
      expect(calls).to.have.length(1);
      const input = calls[0]!.args[0].input;
      expect(input.TopicArn).to.equal(TOPIC);
      expect(input.MessageAttributes).to.deep.equal({ event: { DataType: "String", StringValue: "guardduty-finding" } });
      expect(input.Subject).to.match(/^GuardDuty High 8\.0 \| 444444444444 eu-west-1 \| UnauthorizedAccess:IAMUser\//);
      expect(input.Message).to.include("Account:     444444444444");
    });
  });
});
