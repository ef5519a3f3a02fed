import * as aws from "@pulumi/aws";
import { expect } from "chai";

import { FORMATTED_TOPIC_NAME, formattedKeyPolicy, formattedTopicPolicy, NOTIFIER_NAME, notifierPolicy } from "../../../components/central/complianceNotifier";
import { complianceTopicsArgsOf } from "../../../components/central/centralArgs";
import { ComplianceTopics, subscriptionFilter, subscriptionKey } from "../../../components/central/notifications";
import { COMPLIANCE_TOPIC_NAME } from "../../../config/names";
import { complianceFilterPolicy } from "../../../components/central/notificationFilters";
import { testDeployment } from "../../packs/deploymentFixture";
import { promiseOf, recordResources, settled, type Registered } from "../../packs/pulumiMocks";
import { complianceTopicPolicy } from "../../../config/configPublisherPolicies";

const subscriptions = [
  { protocol: "email", endpoint: "secops@example.com", events: ["non-compliant", "back-to-compliant"] },
  { protocol: "sqs", endpoint: "arn:aws:sqs:eu-west-1:222222222222:compliance-events", events: ["non-compliant"] },
  { protocol: "https", endpoint: "https://hooks.example.com/compliance", events: ["back-to-compliant"] },
] as const;
const REGIONS = ["eu-west-1", "us-east-1"];
const configTopicArn = (region: string) => `arn:aws:sns:${region}:222222222222:${COMPLIANCE_TOPIC_NAME}`;
const formattedArn = (region: string) => `arn:aws:sns:${region}:222222222222:${FORMATTED_TOPIC_NAME}`;
const roleArn = (region: string) => `arn:aws:iam::222222222222:role/${NOTIFIER_NAME}-${region}`;

describe("notifications: ComplianceTopics under Pulumi mocks", () => {
  let registered: Registered[];
  let component: ComplianceTopics;
  let providerUrn: string;
  const deployment = testDeployment({ subscriptions: subscriptions.map((s) => ({ ...s, events: [...s.events] })) });
  const ofType = (type: string) => registered.filter((r) => r.type === type && r.name.startsWith("notifications-"));

  before(async () => {
    registered = await recordResources();
    const provider = new aws.Provider("security", { region: "eu-west-1", allowedAccountIds: ["222222222222"] });
    component = new ComplianceTopics("notifications", complianceTopicsArgsOf(deployment, provider));
    await settled([
      ...Object.values(component.topics),
      ...Object.values(component.topicPolicies),
      ...Object.values(component.formattedTopics),
      ...Object.values(component.formattedTopicPolicies),
      ...Object.values(component.functions),
      ...Object.values(component.functionSubscriptions),
      ...component.subscriptions,
    ]);
    providerUrn = await promiseOf(provider.urn);
  });

  it("registers under its type token", async () => {
    expect(await promiseOf(component.urn)).to.contain("aws-config-org:notifications:ComplianceTopics::notifications");
  });

  it("creates one unencrypted Config topic per governed region (Config cannot publish to an encrypted one), in the security account", () => {
    const topics = ofType("aws:sns/topic:Topic").filter((t) => t.inputs.name === COMPLIANCE_TOPIC_NAME);
    expect(topics.map((t) => t.inputs.region)).to.deep.equal(REGIONS);
    for (const topic of topics) {
      expect(topic.inputs.name).to.equal(COMPLIANCE_TOPIC_NAME);
      expect(topic.inputs).to.not.have.property("kmsMasterKeyId");
      expect(topic.provider).to.match(new RegExp(`^${providerUrn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}::`));
    }
    expect(ofType("aws:kms/key:Key").filter((k) => k.name.startsWith("notifications-key-"))).to.deep.equal([]);
  });

  it("lets Config publish for the in-scope accounts only (AWS:SourceAccount), over TLS", () => {
    const policies = ofType("aws:sns/topicPolicy:TopicPolicy").filter((p) => p.name.startsWith("notifications-topic-policy-"));
    expect(policies).to.have.length(2);
    for (const policy of policies) {
      const region = policy.inputs.region as string;
      const topicArn = `arn:aws:sns:${region}:222222222222:${COMPLIANCE_TOPIC_NAME}`;
      expect(policy.inputs.arn).to.equal(topicArn);
      const document = JSON.parse(policy.inputs.policy);
      expect(document).to.deep.equal(complianceTopicPolicy({ topicArn, sourceAccountIds: [...new Set(deployment.scope.map((a) => a.id))].sort() }));
      const allow = document.Statement.find((s: any) => s.Effect === "Allow");
      expect(allow).to.deep.include({ Principal: { Service: "config.amazonaws.com" }, Action: "sns:Publish", Resource: topicArn });
      expect(allow.Condition).to.deep.equal({ StringEquals: { "AWS:SourceAccount": deployment.scope.map((a) => a.id).sort() } });
      const deny = document.Statement.find((s: any) => s.Effect === "Deny");
      expect(deny).to.deep.include({ Principal: "*", Action: "sns:Publish", Condition: { Bool: { "aws:SecureTransport": "false" } } });
    }
  });

  it("keeps queues on the Config topic, with a message-body filter and raw delivery", () => {
    const subs = ofType("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.protocol === "sqs");
    expect(subs.map((s) => s.inputs.region)).to.deep.equal(REGIONS);
    for (const sub of subs) {
      expect(sub.name).to.equal(`notifications-${sub.inputs.region}-${subscriptionKey(subscriptions[1])}`);
      expect(sub.inputs.topic).to.equal(configTopicArn(sub.inputs.region));
      expect(sub.inputs.filterPolicyScope).to.equal("MessageBody");
      expect(JSON.parse(sub.inputs.filterPolicy)).to.deep.equal(complianceFilterPolicy(["non-compliant"]));
      expect(sub.inputs.rawMessageDelivery).to.equal(true);
    }
  });

  it("subscribes people (mail, https) to the formatted topic, filtered on the `event` attribute they asked for", () => {
    const subs = ofType("aws:sns/topicSubscription:TopicSubscription").filter((s) => ["email", "https"].includes(s.inputs.protocol));
    expect(subs).to.have.length(2 * REGIONS.length);
    for (const sub of subs) {
      const wanted = subscriptions.find((s) => s.endpoint === sub.inputs.endpoint)!;
      expect(sub.name).to.equal(`notifications-${sub.inputs.region}-${subscriptionKey(wanted)}`);
      expect(sub.inputs.topic).to.equal(formattedArn(sub.inputs.region));
      expect(sub.inputs.protocol).to.equal(wanted.protocol);
      expect(sub.inputs.filterPolicyScope).to.equal("MessageAttributes");
      expect(JSON.parse(sub.inputs.filterPolicy)).to.deep.equal({ event: [...wanted.events].sort() });
      expect(sub.inputs.rawMessageDelivery).to.equal(undefined);
    }
    expect(subscriptionFilter({ protocol: "email", events: ["non-compliant", "back-to-compliant", "non-compliant"] })!.policy).to.deep.equal({
      event: ["back-to-compliant", "non-compliant"],
    });
  });

  it("creates one encrypted formatted topic per region, its own key, where only the region's notifier role publishes, over TLS", () => {
    const topics = ofType("aws:sns/topic:Topic").filter((t) => t.inputs.name === FORMATTED_TOPIC_NAME);
    expect(topics.map((t) => t.inputs.region)).to.deep.equal(REGIONS);
    for (const topic of topics) {
      expect(topic.inputs.kmsMasterKeyId).to.equal(`arn:aws:kms:${topic.inputs.region}:222222222222:key/notifications-formatted-key-${topic.inputs.region}`);
    }
    const keys = ofType("aws:kms/key:Key").filter((k) => k.name.startsWith("notifications-formatted-key-"));
    expect(keys.map((k) => [k.inputs.region, k.inputs.enableKeyRotation])).to.deep.equal(REGIONS.map((r) => [r, true]));
    for (const key of keys) expect(JSON.parse(key.inputs.policy)).to.deep.equal(formattedKeyPolicy({ partition: "aws", securityAccountId: "222222222222" }));
    const policies = ofType("aws:sns/topicPolicy:TopicPolicy").filter((p) => p.name.startsWith("notifications-formatted-topic-policy-"));
    expect(policies.map((p) => p.inputs.region)).to.deep.equal(REGIONS);
    for (const policy of policies) {
      const region = policy.inputs.region as string;
      expect(policy.inputs.arn).to.equal(formattedArn(region));
      const document = JSON.parse(policy.inputs.policy);
      expect(document).to.deep.equal(formattedTopicPolicy({ topicArn: formattedArn(region), publisherRoleArn: roleArn(region) }));
      const allows = document.Statement.filter((s: any) => s.Effect === "Allow");
      expect(allows).to.deep.equal([
        { Sid: "NotifierPublishes", Effect: "Allow", Principal: { AWS: roleArn(region) }, Action: "sns:Publish", Resource: formattedArn(region) },
      ]);
      const denies = document.Statement.filter((s: any) => s.Effect === "Deny").map((s: any) => s.Condition);
      expect(denies).to.deep.equal([{ ArnNotEquals: { "aws:PrincipalArn": roleArn(region) } }, { Bool: { "aws:SecureTransport": "false" } }]);
    }
  });

  it("runs one notifier per region, publishing to that region's formatted topic, invoked by that region's Config topic only", () => {
    const functions = ofType("aws:lambda/function:Function");
    expect(functions.map((f) => f.inputs.region)).to.deep.equal(REGIONS);
    for (const fn of functions) {
      const region = fn.inputs.region as string;
      expect(fn.inputs).to.deep.include({ name: NOTIFIER_NAME, handler: "index.handler", runtime: "nodejs22.x", role: roleArn(region) });
      expect(fn.inputs.environment).to.deep.equal({ variables: { TARGET_TOPIC_ARN: formattedArn(region) } });
      expect(fn.provider).to.match(new RegExp(`^${providerUrn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}::`));
    }
    const permissions = ofType("aws:lambda/permission:Permission");
    expect(permissions.map((p) => [p.inputs.region, p.inputs.principal, p.inputs.sourceArn, p.inputs.function])).to.deep.equal(
      REGIONS.map((r) => [r, "sns.amazonaws.com", configTopicArn(r), NOTIFIER_NAME]),
    );
    const subs = ofType("aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.protocol === "lambda");
    expect(subs.map((s) => [s.name, s.inputs.topic, s.inputs.endpoint])).to.deep.equal(
      REGIONS.map((r) => [`notifications-${r}-notifier`, configTopicArn(r), `arn:aws:lambda:${r}:222222222222:function:${NOTIFIER_NAME}`]),
    );
    for (const sub of subs) {
      expect(sub.inputs.filterPolicyScope).to.equal("MessageBody");
      expect(JSON.parse(sub.inputs.filterPolicy)).to.deep.equal(complianceFilterPolicy(["non-compliant", "back-to-compliant"]));
    }
  });

  it("gives each notifier a role of its own: publish to its region's formatted topic, that topic's key, its own logs", () => {
    const roles = ofType("aws:iam/role:Role");
    expect(roles.map((r) => r.inputs.name)).to.deep.equal(REGIONS.map((r) => `${NOTIFIER_NAME}-${r}`));
    for (const role of roles) {
      expect(role.inputs.managedPolicyArns).to.equal(undefined);
      const trust = JSON.parse(role.inputs.assumeRolePolicy).Statement;
      expect(trust).to.deep.equal([
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
        },
      ]);
    }
    const policies = ofType("aws:iam/rolePolicy:RolePolicy");
    expect(policies.map((p) => p.inputs.role)).to.deep.equal(REGIONS.map((r) => `${NOTIFIER_NAME}-${r}`));
    REGIONS.forEach((region, i) => {
      const document = JSON.parse(policies[i]!.inputs.policy);
      const keyArn = `arn:aws:kms:${region}:222222222222:key/notifications-formatted-key-${region}`;
      expect(document).to.deep.equal(notifierPolicy({ partition: "aws", securityAccountId: "222222222222", region, topicArn: formattedArn(region), keyArn }));
      const grants = document.Statement.map((s: any) => [s.Action, s.Resource]);
      expect(grants).to.deep.equal([
        ["sns:Publish", formattedArn(region)],
        [["kms:GenerateDataKey*", "kms:Decrypt"], keyArn],
        [["logs:CreateLogStream", "logs:PutLogEvents"], `arn:aws:logs:${region}:222222222222:log-group:/aws/lambda/${NOTIFIER_NAME}:*`],
      ]);
    });
    const logGroups = ofType("aws:cloudwatch/logGroup:LogGroup");
    expect(logGroups.map((g) => [g.inputs.region, g.inputs.name, g.inputs.retentionInDays])).to.deep.equal(
      REGIONS.map((r) => [r, `/aws/lambda/${NOTIFIER_NAME}`, 90]),
    );
  });

  it("exports region -> topic ARN for both topics, derived from deterministic names", async () => {
    expect(await promiseOf(component.topicArns)).to.deep.equal(Object.fromEntries(REGIONS.map((r) => [r, configTopicArn(r)])));
    expect(await promiseOf(component.formattedTopicArns)).to.deep.equal(Object.fromEntries(REGIONS.map((r) => [r, formattedArn(r)])));
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
    expect(() => new ComplianceTopics("bad-notifications", complianceTopicsArgsOf(bad, provider))).to.throw(
      /`subscriptions\[1\]\.events`: a subscription must want at least one event/,
    );
    expect(registered.slice(before).filter((r) => r.name.startsWith("bad-notifications"))).to.deep.equal([]);
  });

  it("keys subscriptions by protocol and endpoint, so reordering them replaces nothing", () => {
    expect(subscriptionKey({ protocol: "email", endpoint: "a@example.com" })).to.equal(subscriptionKey({ protocol: "email", endpoint: "a@example.com" }));
    expect(subscriptionKey({ protocol: "email", endpoint: "a@example.com" })).to.not.equal(subscriptionKey({ protocol: "email", endpoint: "b@example.com" }));
    expect(subscriptionKey({ protocol: "https", endpoint: "https://hooks.example.com/x" })).to.match(/^https-[0-9a-f]{10}$/);
  });
});

describe("subscriptionFilter with role alarms", () => {
  it("leaves a role-alarms-only subscription off the notifier's topics, and keeps role-alarm out of the formatted filter", () => {
    expect(subscriptionFilter({ protocol: "email", events: ["role-alarm"] })).to.equal(undefined);
    expect(subscriptionFilter({ protocol: "email", events: ["guardduty-finding", "role-alarm"] })!.policy).to.deep.equal({ event: ["guardduty-finding"] });
    expect(subscriptionFilter({ protocol: "https", events: ["non-compliant", "role-alarm"] })!.policy).to.deep.equal({ event: ["non-compliant"] });
  });
});
