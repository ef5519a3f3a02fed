import { expect } from "chai";

import { accountEventPatterns } from "../../config/accountEventPatterns";
import { deadLetterQueuePolicy } from "../../components/newAccountDeployments";
import { runProgram, type MockedResource, type TestRun } from "../helpers/program";

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const CIPHERTEXT = "v1:c2VjcmV0LWNpcGhlcnRleHQ=";
const CONFIG = {
  "aws-config-org:newAccounts": { pulumiOrganization: "acme", token: { secure: CIPHERTEXT }, maximumRetryAttempts: 10, maximumEventAgeSeconds: 1800 },
};
const ofType = (run: TestRun, type: string) => run.resources.filter((r) => r.type === type);
const one = (run: TestRun, type: string): MockedResource => {
  const found = ofType(run, type);
  expect(found, type).to.have.length(1);
  return found[0]!;
};

describe("program: newAccounts (prod, under Pulumi mocks)", () => {
  let run: TestRun;
  before(async () => {
    run = await runProgram("prod", { config: CONFIG });
  });

  it("declares nothing of it without the key", async () => {
    const without = await runProgram("prod");
    expect(without.resources.filter((r) => r.type.startsWith("aws:cloudwatch/event") || r.type.startsWith("aws:sqs/"))).to.deep.equal([]);
  });

  it("hands the token to the connection as a secret, in the Authorization header form, and nowhere else", () => {
    const connection = one(run, "aws:cloudwatch/eventConnection:EventConnection");
    const auth = connection.inputs.authParameters as Record<string, unknown>;
    expect(auth[SECRET_SIG], "authParameters is registered as a secret").to.be.a("string");
    expect(auth.value).to.deep.equal({ apiKey: { key: "Authorization", value: `token ${CIPHERTEXT}` } });
    expect(connection.inputs.authorizationType).to.equal("API_KEY");
    const elsewhere = run.resources.filter((r) => r !== connection && JSON.stringify(r.inputs).includes(CIPHERTEXT));
    expect(elsewhere.map((r) => r.urn)).to.deep.equal([]);
  });

  it("calls Create Deployment of this stack from the management account in us-east-1, through the management provider", () => {
    const destination = one(run, "aws:cloudwatch/eventApiDestination:EventApiDestination");
    expect(destination.inputs).to.include({
      invocationEndpoint: "https://api.pulumi.com/api/stacks/acme/aws-config-org/prod/deployments",
      httpMethod: "POST",
      region: "us-east-1",
    });
    const provider = run.resources.find((r) => destination.provider?.startsWith(r.urn));
    expect(JSON.stringify(provider?.inputs.allowedAccountIds)).to.include("500000000001");
  });

  it("has one rule per event kind with the shard's pattern, each target bounded in retries with the dead-letter queue", () => {
    const rules = ofType(run, "aws:cloudwatch/eventRule:EventRule");
    const expected = accountEventPatterns({ kind: "all" });
    expect(rules.map((r) => r.inputs.name)).to.deep.equal(Object.keys(expected).map((k) => `aws-config-org-prod-${k}`));
    for (const rule of rules)
      expect(JSON.parse(String(rule.inputs.eventPattern))).to.deep.equal(
        expected[String(rule.inputs.name).replace("aws-config-org-prod-", "") as keyof typeof expected],
      );
    const targets = ofType(run, "aws:cloudwatch/eventTarget:EventTarget");
    expect(targets).to.have.length(rules.length);
    const queue = one(run, "aws:sqs/queue:Queue");
    for (const t of targets) {
      expect(t.inputs.retryPolicy).to.deep.equal({ maximumRetryAttempts: 10, maximumEventAgeInSeconds: 1800 });
      expect(t.inputs.deadLetterConfig).to.deep.equal({ arn: "arn:aws:sqs:us-east-1:500000000001:aws-config-org-prod-account-events-dlq" });
      expect(JSON.parse(String(t.inputs.input))).to.deep.equal({ operation: "update", inheritSettings: true });
      expect(Object.keys((t.inputs.httpTarget as { headerParameters: object }).headerParameters)).to.not.include("Authorization");
    }
    expect(queue.inputs).to.include({ sqsManagedSseEnabled: true, name: "aws-config-org-prod-account-events-dlq" });
  });

  it("lets only this stack's rules write to the dead-letter queue, and alarms people on a visible message", () => {
    const policy = JSON.parse(String(one(run, "aws:sqs/queuePolicy:QueuePolicy").inputs.policy));
    const ruleArns = ["created", "joined", "moved", "removed"].map((k) => `arn:aws:events:us-east-1:500000000001:rule/aws-config-org-prod-account-${k}`);
    expect(policy).to.deep.equal(deadLetterQueuePolicy("arn:aws:sqs:us-east-1:500000000001:aws-config-org-prod-account-events-dlq", ruleArns));
    expect(policy.Statement).to.have.length(1);
    expect(policy.Statement[0].Principal).to.deep.equal({ Service: "events.amazonaws.com" });
    const alarm = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm").find((a) => a.inputs.namespace === "AWS/SQS")!;
    expect(alarm.inputs).to.include({ metricName: "ApproximateNumberOfMessagesVisible", threshold: 1, treatMissingData: "notBreaching" });
    expect(alarm.inputs.alarmActions).to.deep.equal(["arn:aws:sns:us-east-1:500000000001:aws-config-org-prod-account-events-failed"]);
    const topic = ofType(run, "aws:sns/topic:Topic").find((t) => t.inputs.name === "aws-config-org-prod-account-events-failed")!;
    expect(topic.inputs.kmsMasterKeyId).to.be.a("string");
    const people = ofType(run, "aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.topic === topic.state.arn);
    expect(people.map((s) => s.inputs.protocol).sort()).to.deep.equal(["email", "https"]);
  });
});
