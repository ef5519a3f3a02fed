/**
 * Lambda events of a custom Config rule, shaped as AWS documents them
 * (evaluate-config_develop-rules_example-events): a configuration item change,
 * an oversized change, and a periodic run.
 */
import type { ConfigRuleEvent } from "../../../rules/approved-images/events";

export const MEMBER = "444444444444";
const RULE_ARN = `arn:aws:config:eu-west-1:${MEMBER}:config-rule/aws-service-rule/config-multiaccountsetup.amazonaws.com/config-rule-ab12cd`;

function event(invokingEvent: object, extra: Partial<ConfigRuleEvent> = {}): ConfigRuleEvent {
  return {
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters: "{}",
    resultToken: "token-abc",
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${MEMBER}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    configRuleArn: RULE_ARN,
    configRuleName: "OrgConfigRule-aws-config-org-approved-images-x7y8z9",
    accountId: MEMBER,
    ...extra,
  };
}

export function changeEvent(
  args: { instanceId: string; imageId: string; state?: string; status?: string },
  extra: Partial<ConfigRuleEvent> = {},
): ConfigRuleEvent {
  return event(
    {
      configurationItemDiff: null,
      configurationItem: {
        relatedEvents: [],
        relationships: [],
        configuration: { instanceId: args.instanceId, imageId: args.imageId, state: { code: 16, name: args.state ?? "running" } },
        tags: {},
        configurationItemVersion: "1.3",
        configurationItemCaptureTime: "2026-03-02T09:14:05.112Z",
        configurationStateId: 1772442845112,
        awsAccountId: MEMBER,
        configurationItemStatus: args.status ?? "ResourceDiscovered",
        resourceType: "AWS::EC2::Instance",
        resourceId: args.instanceId,
        ARN: `arn:aws:ec2:eu-west-1:${MEMBER}:instance/${args.instanceId}`,
        awsRegion: "eu-west-1",
        availabilityZone: "eu-west-1a",
      },
      notificationCreationTime: "2026-03-02T09:14:06.530Z",
      messageType: "ConfigurationItemChangeNotification",
      recordVersion: "1.3",
    },
    extra,
  );
}

export function oversizedEvent(instanceId: string): ConfigRuleEvent {
  return event({
    configurationItemSummary: {
      changeType: "UPDATE",
      configurationItemVersion: "1.3",
      configurationItemCaptureTime: "2026-03-02T10:00:00.000Z",
      configurationStateId: 1772445600000,
      awsAccountId: MEMBER,
      configurationItemStatus: "OK",
      resourceType: "AWS::EC2::Instance",
      resourceId: instanceId,
      resourceName: null,
      ARN: `arn:aws:ec2:eu-west-1:${MEMBER}:instance/${instanceId}`,
      awsRegion: "eu-west-1",
      availabilityZone: "eu-west-1b",
      configurationStateMd5Hash: "",
      resourceCreationTime: "2026-01-15T08:00:00.000Z",
    },
    s3DeliverySummary: { s3BucketLocation: "bucket/key", errorCode: null, errorMessage: null },
    notificationCreationTime: "2026-03-02T10:00:01.000Z",
    messageType: "OversizedConfigurationItemChangeNotification",
    recordVersion: "1.0",
  });
}

export function scheduledEvent(): ConfigRuleEvent {
  return event({ awsAccountId: MEMBER, notificationCreationTime: "2026-03-03T00:00:00.000Z", messageType: "ScheduledNotification", recordVersion: "1.0" });
}
