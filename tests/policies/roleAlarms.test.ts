import { cloudtrailLogsManagementEvents, roleAlarmPolicies, roleAlarmsNotifyEncryptedTopic, roleAlarmsReadOrganizationTrail } from "../../policies/policies";
import type { PlannedResource } from "../../policies/evaluate";
import { runProgram } from "../helpers/program";
import { description } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, named, ofType, remove, verdict } from "./harness";

const TRAIL = "aws:cloudtrail/trail:Trail";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CONFIG = {
  "aws-config-org:organizationTrail": { enabled: true, cloudWatchLogs: { retentionDays: 365 }, dataEvents: [{ resourceType: "AWS::S3::Object" }] },
  "aws-config-org:roleAlarms": [{ roleName: "elevated-security-role" }],
};

describe("policies: role alarms and the trail's event selectors", () => {
  let stack: PlannedResource[];
  before(async () => {
    // The real program's dev stack with the trail (logs, data events) and one role alarm.
    stack = [...(await runProgram("dev", { config: CONFIG })).resources];
  });
  const run = (resources: readonly PlannedResource[], policy = roleAlarmPolicies) => verdict(resources, description(), policy);

  it("passes the program's alarms, and a stack without them", () => {
    expectNoViolations(run(stack, [...roleAlarmPolicies, cloudtrailLogsManagementEvents]));
    expectNoViolations(run(remove(stack, (r) => r.type === ALARM || r.type === FILTER)));
  });

  describe("role-alarms-read-organization-trail", () => {
    it("rejects an alarm whose metric no filter produces", () => {
      expectExactly(run(remove(stack, ofType(FILTER)), [roleAlarmsReadOrganizationTrail]), {
        policy: "role-alarms-read-organization-trail",
        mentions: ["`aws-config-org-role-assumed-elevated-security-role`", "no declared metric filter"],
      });
    });
    it("rejects a filter on another log group than the organization trail's", () => {
      const resources = mutate(stack, ofType(FILTER), (i) => (i.logGroupName = "/aws/lambda/something"));
      expectExactly(run(resources, [roleAlarmsReadOrganizationTrail]), {
        policy: "role-alarms-read-organization-trail",
        mentions: ["`/aws/lambda/something`", "/aws-config-org/cloudtrail/aws-config-org-organization-trail"],
      });
    });
    it("rejects the filter when the trail no longer delivers to CloudWatch Logs", () => {
      const resources = mutate(stack, ofType(TRAIL), (i) => delete i.cloudWatchLogsGroupArn);
      expectExactly(run(resources, [roleAlarmsReadOrganizationTrail]), { policy: "role-alarms-read-organization-trail", mentions: ["none is declared"] });
    });
  });

  describe("role-alarms-notify-encrypted-topic", () => {
    it("rejects an alarm without actions", () => {
      const resources = mutate(stack, ofType(ALARM), (i) => (i.alarmActions = []));
      expectExactly(run(resources, [roleAlarmsNotifyEncryptedTopic]), { policy: "role-alarms-notify-encrypted-topic", mentions: ["no alarm action"] });
    });
    it("rejects an unencrypted topic", () => {
      const resources = mutate(stack, named("aws:sns/topic:Topic", "role-alarms-topic"), (i) => delete i.kmsMasterKeyId);
      expectExactly(run(resources, [roleAlarmsNotifyEncryptedTopic]), {
        policy: "role-alarms-notify-encrypted-topic",
        mentions: ["`aws-config-org-role-alarms`", "not encrypted"],
      });
    });
    it("rejects a topic the stack does not declare", () => {
      const resources = mutate(stack, ofType(ALARM), (i) => (i.alarmActions = ["arn:aws:sns:us-east-1:999999999999:elsewhere"]));
      expectExactly(run(resources, [roleAlarmsNotifyEncryptedTopic]), {
        policy: "role-alarms-notify-encrypted-topic",
        mentions: ["`arn:aws:sns:us-east-1:999999999999:elsewhere`"],
      });
    });
  });

  describe("cloudtrail-logs-management-events", () => {
    const selectorRun = (resources: readonly PlannedResource[]) => run(resources, [cloudtrailLogsManagementEvents]);
    it("rejects data-event selectors without the management-events selector", () => {
      const resources = mutate(stack, ofType(TRAIL), (i) => (i.advancedEventSelectors = (i.advancedEventSelectors as unknown[]).slice(1)));
      expectExactly(selectorRun(resources), { policy: "cloudtrail-logs-management-events", mentions: ["`aws-config-org-organization-trail`", "`Management`"] });
    });
    it("rejects a management selector narrowed to reads", () => {
      const resources = mutate(stack, ofType(TRAIL), (i) => {
        const [first, ...rest] = i.advancedEventSelectors as { fieldSelectors: unknown[] }[];
        i.advancedEventSelectors = [{ ...first, fieldSelectors: [...first!.fieldSelectors, { field: "readOnly", equals: ["true"] }] }, ...rest];
      });
      expectExactly(selectorRun(resources), { policy: "cloudtrail-logs-management-events", mentions: ["none selects every management event"] });
    });
    it("accepts a trail without selectors (CloudTrail's default)", () => {
      expectNoViolations(selectorRun(mutate(stack, ofType(TRAIL), (i) => delete i.advancedEventSelectors)));
    });
  });
});
