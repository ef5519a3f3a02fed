/**
 * The compliance notifier's Lambda handler with the SNS client mocked
 * (aws-sdk-client-mock): one Publish per compliance change people must hear
 * of, with the `event` attribute their subscriptions filter on, and none for
 * the rest.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { handler, type SnsEvent } from "../../../rules/compliance-notifier";
import { ENV } from "../../../rules/compliance-notifier/environment";

const SAMPLES = path.join(__dirname, "samples");
const TOPIC = "arn:aws:sns:eu-west-1:222222222222:aws-config-org-compliance";
const snsEvent = (...names: string[]): SnsEvent => ({
  Records: names.map((name, i) => ({ Sns: { MessageId: `m-${i}`, Message: fs.readFileSync(path.join(SAMPLES, `${name}.json`), "utf8") } })),
});

// Created in `before`, restored in `after`: mockClient patches the SDK class for the whole process.
const stub = () => mockClient(SNSClient);
let sns: ReturnType<typeof stub>;

describe("compliance notifier: Lambda handler (SDK mocked)", () => {
  let saved: string | undefined;
  const log = console.log;
  let logged: string[] = [];

  before(() => {
    sns = stub();
    saved = process.env[ENV.targetTopicArn];
    process.env[ENV.targetTopicArn] = TOPIC;
    console.log = (line: string) => void logged.push(line);
  });

  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: "published" });
    logged = [];
  });

  after(() => {
    sns.restore();
    console.log = log;
    if (saved === undefined) delete process.env[ENV.targetTopicArn];
    else process.env[ENV.targetTopicArn] = saved;
  });

  it("publishes a change to NON_COMPLIANT once, to the target topic, with `event` = non-compliant", async () => {
    const summary = await handler(snsEvent("compliance-change-to-non-compliant"));
    expect(summary).to.deep.equal({ published: 1, ignored: 0 });
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).to.have.length(1);
    const input = calls[0]!.args[0].input;
    expect(input.TopicArn).to.equal(TOPIC);
    expect(input.MessageAttributes).to.deep.equal({ event: { DataType: "String", StringValue: "non-compliant" } });
    expect(input.Subject).to.match(/^NON_COMPLIANT: s3-bucket-level-public-access-prohibited \| 444444444444 eu-west-1/);
    expect(input.Message).to.contain("Rule:        s3-bucket-level-public-access-prohibited\n");
    expect(input.Message).to.contain("s3-bucket-level-public-access-prohibited-conformance-pack-q7x0abcde");
    expect(logged.map((l) => JSON.parse(l))).to.deep.equal([{ published: 1, ignored: 0 }]);
  });

  it("publishes a return to COMPLIANT with `event` = back-to-compliant", async () => {
    await handler(snsEvent("compliance-back-to-compliant"));
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).to.have.length(1);
    expect(calls[0]!.args[0].input.MessageAttributes).to.deep.equal({ event: { DataType: "String", StringValue: "back-to-compliant" } });
  });

  it("publishes nothing for messages people need not hear of", async () => {
    const ignored = [
      "compliance-first-evaluation-compliant",
      "compliance-to-not-applicable",
      "configuration-item-change",
      "configuration-item-change-resource-compliance",
      "rules-evaluation-started",
    ];
    expect(await handler(snsEvent(...ignored))).to.deep.equal({ published: 0, ignored: ignored.length });
    expect(sns.commandCalls(PublishCommand)).to.have.length(0);
  });

  it("handles each record of a batch on its own", async () => {
    const summary = await handler(snsEvent("rules-evaluation-started", "compliance-first-evaluation-non-compliant", "compliance-back-to-compliant"));
    expect(summary).to.deep.equal({ published: 2, ignored: 1 });
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.MessageAttributes?.event?.StringValue)).to.deep.equal([
      "non-compliant",
      "back-to-compliant",
    ]);
  });

  it("publishes in the target topic's region", async () => {
    await handler(snsEvent("compliance-change-to-non-compliant"));
    const client = sns.commandCalls(PublishCommand)[0]!.thisValue as SNSClient;
    expect(await client.config.region()).to.equal("eu-west-1");
  });

  it("fails, so Lambda reports it, when publishing fails or the target is not configured", async () => {
    sns.on(PublishCommand).rejects(new Error("KMSAccessDeniedException"));
    const failure = await handler(snsEvent("compliance-change-to-non-compliant")).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(failure?.message).to.contain("KMSAccessDeniedException");
    delete process.env[ENV.targetTopicArn];
    try {
      const missing = await handler(snsEvent("compliance-change-to-non-compliant")).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(missing?.message).to.match(/`TARGET_TOPIC_ARN` is not set/);
    } finally {
      process.env[ENV.targetTopicArn] = TOPIC;
    }
  });
});
