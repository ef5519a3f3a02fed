import { expect } from "chai";

import { evaluate } from "../../helpers/iamPolicy";
import { runProgram, ofType, type MockedResource } from "../../helpers/program";

const MANAGEMENT = "111111111111";
const TOPIC_ARN = `arn:aws:sns:us-east-1:${MANAGEMENT}:aws-config-org-role-alarms`;
const LOG_GROUP = "/aws-config-org/cloudtrail/aws-config-org-organization-trail";
const ON = {
  "aws-config-org:organizationTrail": { enabled: true, cloudWatchLogs: { retentionDays: 365 } },
  "aws-config-org:roleAlarms": [{ roleName: "elevated-security-role" }, { roleName: "BreakGlass", description: "Break-glass access was used" }],
};
const accountOfProvider = (r: MockedResource) => /aws-(\d{12})::/.exec(r.provider ?? "")?.[1];
type Statement = { Sid?: string; Effect: string; Principal?: unknown; Action: string | string[]; Condition?: Record<string, Record<string, unknown>> };
const statements = (json: unknown) => (JSON.parse(String(json)) as { Statement: Statement[] }).Statement;

describe("role alarms: program shape", () => {
  it("off (the default): no metric filter, alarm or role-alarm topic", async () => {
    const run = await runProgram("dev", { config: { "aws-config-org:organizationTrail": ON["aws-config-org:organizationTrail"] } });
    expect(ofType(run.resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter")).to.have.length(0);
    expect(ofType(run.resources, "aws:cloudwatch/metricAlarm:MetricAlarm")).to.have.length(0);
    expect(run.resources.some((r) => r.inputs.name === "aws-config-org-role-alarms")).to.equal(false);
  });

  describe("on", () => {
    let resources: readonly MockedResource[];
    before(async () => {
      resources = (await runProgram("dev", { config: ON })).resources;
    });

    it("puts one metric filter per role on the trail's log group, and an alarm on its metric, in the management account", () => {
      const filters = ofType(resources, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
      const alarms = ofType(resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
      expect(filters.map((f) => f.inputs.name)).to.deep.equal(["aws-config-org-role-elevated-security-role", "aws-config-org-role-BreakGlass"]);
      for (const [i, filter] of filters.entries()) {
        expect(accountOfProvider(filter)).to.equal(MANAGEMENT);
        expect(filter.inputs).to.deep.include({ region: "us-east-1", logGroupName: LOG_GROUP });
        const metric = filter.inputs.metricTransformation as { name: string; namespace: string; value: string };
        const alarm = alarms[i]!;
        expect(alarm.inputs).to.deep.include({
          metricName: metric.name,
          namespace: metric.namespace,
          statistic: "Sum",
          threshold: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
        });
        expect(alarm.inputs.alarmActions).to.deep.equal([TOPIC_ARN]);
        expect(alarm.dependsOn).to.include(filter.urn);
      }
      expect(String(filters[0]!.inputs.pattern)).to.include("role/elevated-security-role").and.include("SwitchRole");
      expect(alarms[1]!.inputs.alarmDescription).to.equal("Break-glass access was used");
    });

    it("refuses every other publisher, the management account's own administrators included; admits the role alarms", () => {
      const document = JSON.parse(String(resources.find((r) => r.name === "role-alarms-topic-policy")!.inputs.policy));
      const alarm = `arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:aws-config-org-role-assumed-BreakGlass`;
      const fromAlarm = {
        action: "sns:Publish",
        resource: TOPIC_ARN,
        principal: { Service: "cloudwatch.amazonaws.com" },
        context: { "aws:SourceAccount": MANAGEMENT, "aws:SourceArn": alarm, "aws:SecureTransport": true },
      };
      expect(evaluate(document, fromAlarm).decision).to.equal("allow");
      // An administrator of the management account: its identity policy allows sns:Publish on *, the topic policy decides.
      const admin = `arn:aws:iam::${MANAGEMENT}:role/Admin`;
      const fromAdmin = {
        action: "sns:Publish",
        resource: TOPIC_ARN,
        principal: { AWS: admin },
        context: { "aws:PrincipalArn": admin, "aws:PrincipalAccount": MANAGEMENT, "aws:SecureTransport": true },
      };
      expect(evaluate(document, fromAdmin)).to.deep.equal({ decision: "explicit-deny", by: ["NobodyElsePublishes"] });
      // CloudWatch for another alarm of the account, or for this alarm name in another account.
      expect(
        evaluate(document, { ...fromAlarm, context: { ...fromAlarm.context, "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:billing` } })
          .decision,
      ).to.equal("explicit-deny");
      expect(
        evaluate(document, {
          ...fromAlarm,
          context: { "aws:SourceAccount": "999999999999", "aws:SourceArn": alarm.replace(MANAGEMENT, "999999999999"), "aws:SecureTransport": true },
        }).decision,
      ).to.equal("explicit-deny");
    });

    it("tells of each use too: the trail's log group sends every use of the roles to the role-use notifier, which alone besides the alarms may publish", () => {
      const [filter] = ofType(resources, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
      expect(filter!.inputs).to.deep.include({ region: "us-east-1", logGroup: LOG_GROUP, name: "aws-config-org-role-use-notifier" });
      expect(String(filter!.inputs.filterPattern)).to.include('"*/elevated-security-role"').and.include('"*:assumed-role/BreakGlass/*"');
      expect(accountOfProvider(filter!)).to.equal(MANAGEMENT);
      const fn = resources.find((r) => r.type === "aws:lambda/function:Function" && r.inputs.name === "aws-config-org-role-use-notifier")!;
      expect(fn.inputs.environment).to.deep.equal({ variables: { TOPIC_ARN, ROLE_NAMES: "elevated-security-role,BreakGlass" } });
      const permission = resources.find((r) => r.name === "role-use-notifier-invoke")!;
      expect(permission.inputs).to.deep.include({
        principal: "logs.amazonaws.com",
        sourceAccount: MANAGEMENT,
        sourceArn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:${LOG_GROUP}:*`,
      });
      expect(filter!.dependsOn).to.include(permission.urn);
      const policy = JSON.parse(String(resources.find((r) => r.name === "role-use-notifier-policy")!.inputs.policy));
      expect(policy.Statement.map((st: { Action: unknown }) => st.Action)).to.deep.equal([
        "sns:Publish",
        ["kms:GenerateDataKey*", "kms:Decrypt"],
        ["logs:CreateLogStream", "logs:PutLogEvents"],
      ]);
      const document = JSON.parse(String(resources.find((r) => r.name === "role-alarms-topic-policy")!.inputs.policy));
      const notifier = `arn:aws:iam::${MANAGEMENT}:role/aws-config-org-role-use-notifier`;
      const admin = `arn:aws:iam::${MANAGEMENT}:role/Admin`;
      const publish = (principalArn: string) => ({
        action: "sns:Publish",
        resource: TOPIC_ARN,
        principal: { AWS: principalArn },
        context: { "aws:PrincipalArn": principalArn, "aws:SecureTransport": true },
      });
      expect(evaluate(document, publish(notifier)).decision, "the notifier's own IAM policy decides").to.not.equal("explicit-deny");
      expect(evaluate(document, publish(admin)).decision).to.equal("explicit-deny");
    });

    it("notifies an encrypted topic that only this account's role alarms may publish to, over TLS, and subscribes the people", () => {
      const topic = resources.find((r) => r.type === "aws:sns/topic:Topic" && r.inputs.name === "aws-config-org-role-alarms")!;
      expect(accountOfProvider(topic)).to.equal(MANAGEMENT);
      expect(String(topic.inputs.kmsMasterKeyId)).to.match(new RegExp(`^arn:aws:kms:us-east-1:${MANAGEMENT}:key/`));
      const policy = statements(resources.find((r) => r.name === "role-alarms-topic-policy")!.inputs.policy);
      const publish = policy.find((s) => s.Sid === "RoleAlarmsPublish")!;
      expect(publish.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
      expect(publish.Condition).to.deep.equal({
        StringEquals: { "aws:SourceAccount": MANAGEMENT },
        ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:aws-config-org-role-assumed-*` },
      });
      expect(policy.some((s) => s.Sid === "DenyInsecureTransport" && s.Effect === "Deny")).to.equal(true);
      const key = statements(resources.find((r) => r.name === "role-alarms-key")!.inputs.policy).find((s) => s.Sid === "CloudWatchAlarmsEncryptForTopic")!;
      expect(key.Action).to.deep.equal(["kms:GenerateDataKey*", "kms:Decrypt"]);
      expect(key.Condition).to.deep.equal({ StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": TOPIC_ARN } });
      const subs = ofType(resources, "aws:sns/topicSubscription:TopicSubscription").filter((s) => s.inputs.topic === TOPIC_ARN);
      expect(subs.map((s) => [s.inputs.protocol, s.inputs.endpoint])).to.deep.equal([["email", "cloud-security-dev@example.com"]]);
    });
  });

  it("logs data events through advanced event selectors that keep every management event", async () => {
    const run = await runProgram("dev", {
      config: { "aws-config-org:organizationTrail": { enabled: true, dataEvents: [{ resourceType: "AWS::S3::Object", readOnly: false }] } },
    });
    const trail = ofType(run.resources, "aws:cloudtrail/trail:Trail")[0]!;
    expect(trail.inputs.advancedEventSelectors).to.deep.equal([
      { name: "Management events (read and write)", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
      {
        name: "Data events of AWS::S3::Object, write, every resource",
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: ["AWS::S3::Object"] },
          { field: "readOnly", equals: ["false"] },
        ],
      },
    ]);
  });
});
