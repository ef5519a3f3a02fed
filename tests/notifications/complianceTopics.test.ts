import * as aws from "@pulumi/aws";
import { expect } from "chai";

import { ComplianceTopics, complianceKeyPolicy, complianceTopicPolicy, subscriptionKey } from "../../components/central/notifications";
import { COMPLIANCE_TOPIC_NAME } from "../../config/names";
import { complianceFilterPolicy } from "../../packs/notificationFilters";
import { testDeployment } from "../packs/deploymentFixture";
import { promiseOf, recordResources, settled, type Registered } from "../packs/pulumiMocks";

const subscriptions = [
  { protocol: "email", endpoint: "secops@example.com", events: ["non-compliant", "back-to-compliant"] },
  { protocol: "sqs", endpoint: "arn:aws:sqs:eu-west-1:222222222222:compliance-events", events: ["non-compliant"] },
] as const;

describe("notifications: ComplianceTopics under Pulumi mocks", () => {
  let registered: Registered[];
  let component: ComplianceTopics;
  let providerUrn: string;
  const deployment = testDeployment({ subscriptions: subscriptions.map((s) => ({ ...s, events: [...s.events] })) });
  const ofType = (type: string) => registered.filter((r) => r.type === type && r.name.startsWith("notifications-"));

  before(async () => {
    registered = await recordResources();
    const provider = new aws.Provider("security", { region: "eu-west-1", allowedAccountIds: ["222222222222"] });
    component = new ComplianceTopics("notifications", { deployment, provider });
    await settled([...Object.values(component.topics), ...Object.values(component.topicPolicies), ...Object.values(component.keys), ...component.subscriptions]);
    providerUrn = await promiseOf(provider.urn);
  });

  it("registers under its type token", async () => {
    expect(await promiseOf(component.urn)).to.contain("aws-config-org:notifications:ComplianceTopics::notifications");
  });

  it("creates one encrypted topic per governed region, named deterministically, in the security account", () => {
    const topics = ofType("aws:sns/topic:Topic");
    expect(topics.map((t) => t.inputs.region)).to.deep.equal(["eu-west-1", "us-east-1"]);
    for (const topic of topics) {
      expect(topic.inputs.name).to.equal(COMPLIANCE_TOPIC_NAME);
      expect(topic.inputs.kmsMasterKeyId).to.equal(`arn:aws:kms:${topic.inputs.region}:222222222222:key/notifications-key-${topic.inputs.region}`);
      expect(topic.provider).to.match(new RegExp(`^${providerUrn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}::`));
    }
    const keys = ofType("aws:kms/key:Key");
    expect(keys.map((k) => [k.inputs.region, k.inputs.enableKeyRotation])).to.deep.equal([
      ["eu-west-1", true],
      ["us-east-1", true],
    ]);
    expect(JSON.parse(keys[0]!.inputs.policy)).to.deep.equal(complianceKeyPolicy({ partition: "aws", securityAccountId: "222222222222" }));
  });

  it("lets Config publish from this organization only, over TLS", () => {
    const policies = ofType("aws:sns/topicPolicy:TopicPolicy");
    expect(policies).to.have.length(2);
    for (const policy of policies) {
      const region = policy.inputs.region as string;
      const topicArn = `arn:aws:sns:${region}:222222222222:${COMPLIANCE_TOPIC_NAME}`;
      expect(policy.inputs.arn).to.equal(topicArn);
      const document = JSON.parse(policy.inputs.policy);
      expect(document).to.deep.equal(complianceTopicPolicy({ topicArn, organizationId: "o-abcd123456" }));
      const allow = document.Statement.find((s: any) => s.Effect === "Allow");
      expect(allow).to.deep.include({ Principal: { Service: "config.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn });
      expect(allow.Condition).to.deep.equal({ StringEquals: { "aws:SourceOrgID": "o-abcd123456" } });
    }
  });

  it("subscribes everyone in every region with a message-body filter for the events they asked for", () => {
    const subs = ofType("aws:sns/topicSubscription:TopicSubscription");
    expect(subs).to.have.length(subscriptions.length * deployment.regions.length);
    for (const sub of subs) {
      const wanted = subscriptions.find((s) => s.endpoint === sub.inputs.endpoint)!;
      expect(sub.name).to.equal(`notifications-${sub.inputs.region}-${subscriptionKey(wanted)}`);
      expect(sub.inputs.topic).to.equal(`arn:aws:sns:${sub.inputs.region}:222222222222:${COMPLIANCE_TOPIC_NAME}`);
      expect(sub.inputs.protocol).to.equal(wanted.protocol);
      expect(sub.inputs.filterPolicyScope).to.equal("MessageBody");
      expect(JSON.parse(sub.inputs.filterPolicy)).to.deep.equal(complianceFilterPolicy(wanted.events));
      expect(sub.inputs.rawMessageDelivery).to.equal(wanted.protocol === "sqs" ? true : undefined);
    }
  });

  it("exports region -> topic ARN, derived from deterministic names", async () => {
    expect(await promiseOf(component.topicArns)).to.deep.equal({
      "eu-west-1": `arn:aws:sns:eu-west-1:222222222222:${COMPLIANCE_TOPIC_NAME}`,
      "us-east-1": `arn:aws:sns:us-east-1:222222222222:${COMPLIANCE_TOPIC_NAME}`,
    });
  });

  it("tells a delivery channel what to wait for, and refuses a region it does not govern", () => {
    expect(component.readyIn("us-east-1")).to.deep.equal([component.topics["us-east-1"], component.topicPolicies["us-east-1"]]);
    expect(() => component.readyIn("ap-south-1")).to.throw(/no compliance topic in `ap-south-1`/);
  });

  it("refuses a subscription that wants no event before creating anything, naming it", () => {
    const before = registered.length;
    const provider = new aws.Provider("security-bad", { region: "eu-west-1" });
    const bad = testDeployment({
      subscriptions: [
        { protocol: "email", endpoint: "ok@example.com", events: ["non-compliant"] },
        { protocol: "email", endpoint: "x@example.com", events: [] },
      ],
    });
    expect(() => new ComplianceTopics("bad-notifications", { deployment: bad, provider })).to.throw(/`subscriptions\[1\]\.events`: a subscription must want at least one event/);
    expect(registered.slice(before).filter((r) => r.name.startsWith("bad-notifications"))).to.deep.equal([]);
  });

  it("keys subscriptions by protocol and endpoint, so reordering them replaces nothing", () => {
    expect(subscriptionKey({ protocol: "email", endpoint: "a@example.com" })).to.equal(subscriptionKey({ protocol: "email", endpoint: "a@example.com" }));
    expect(subscriptionKey({ protocol: "email", endpoint: "a@example.com" })).to.not.equal(subscriptionKey({ protocol: "email", endpoint: "b@example.com" }));
    expect(subscriptionKey({ protocol: "https", endpoint: "https://hooks.example.com/x" })).to.match(/^https-[0-9a-f]{10}$/);
  });
});
