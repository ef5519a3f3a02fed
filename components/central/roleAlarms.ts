/**
 * Alarms on elevated roles (stack `roleAlarms`): in the management account's home region,
 * beside the organization trail's CloudWatch Logs group,
 * - an encrypted topic the alarms notify, its key admitting CloudWatch for this topic only,
 *   and the stack's people (mail, https) who ask for `role-alarm` subscribed to it;
 * - per role, a metric filter on the trail's log group matching `AssumeRole` on a role of that
 *   name and console `SwitchRole` to it, in any account of the organization, and an alarm
 *   that goes off on the first such event in five minutes.
 * What is matched and every name: config/roleAlarms.ts. Policies: roleAlarmPolicies.ts.
 */
import * as path from "node:path";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { logGroupArn, roleArn } from "../../aws/arns";
import type { Partition } from "../../aws/arns";
import type { RoleAlarm, Subscription } from "../../config/domain";
import {
  ROLE_ALARM_NAMESPACE,
  ROLE_ALARM_TOPIC_NAME,
  eachUseRoleNames,
  roleAlarmArnPattern,
  roleAlarmFilterPattern,
  roleAlarmNames,
  roleAlarmSubscribers,
  roleAlarmTopicArn,
  roleUseSubscriptionPattern,
} from "../../config/roleAlarms";
import { executionTrustPolicy } from "./approvedImagesRule";
import { lambdaCodeArchive } from "./lambdaCode";
import { subscriptionKey } from "./notifications";
import { ROLE_USE_NOTIFIER_NAME, roleAlarmKeyPolicy, roleAlarmTopicPolicy, roleUseNotifierPolicy, type RoleAlarmTopicPlace } from "./roleAlarmPolicies";
import { CENTRAL_TYPES } from "./typeTokens";

/** The role-use notifier's code folder. */
export const ROLE_USE_NOTIFIER_CODE_DIR = path.resolve(__dirname, "../../rules/role-use-notifier");

export interface RoleAlarmsArgs {
  readonly partition: Partition;
  /** The trail's log group, the topic and the notifier live in the home region of the management account. */
  readonly homeRegion: string;
  readonly managementAccountId: string;
  readonly organizationId: string;
  /** The organization trail whose log group the alarms read (it names the alarms' default description). */
  readonly trailName: string;
  /** Every subscription of the stack: those that want role alarms hear the topic (config/roleAlarms.ts). */
  readonly subscriptions: readonly Subscription[];
  readonly alarms: readonly RoleAlarm[];
  /** The organization trail's log group (management account, home region), and its name known at preview. */
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly logGroupName: string;
  readonly managementProvider: aws.Provider;
}

export class RoleAlarms extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly key: aws.kms.Key;
  readonly metricFilters: readonly aws.cloudwatch.LogMetricFilter[];
  readonly alarms: readonly aws.cloudwatch.MetricAlarm[];
  /** With per-use messages: the trail log group's subscription filter that invokes the role-use notifier. */
  readonly subscriptionFilter?: aws.cloudwatch.LogSubscriptionFilter;

  constructor(name: string, args: RoleAlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CENTRAL_TYPES.RoleAlarms, name, {}, opts);
    const { partition, managementAccountId, organizationId } = args;
    const region = args.homeRegion;
    const inManagement = { parent: this, provider: args.managementProvider };
    const eachUse = eachUseRoleNames(args.alarms);
    const notifierRoleArn = roleArn(partition, managementAccountId, ROLE_USE_NOTIFIER_NAME);
    const place: RoleAlarmTopicPlace = {
      partition,
      managementAccountId,
      topicArn: roleAlarmTopicArn(args),
      alarmArnPattern: roleAlarmArnPattern(args),
      ...(eachUse.length > 0 ? { notifierRoleArn } : {}),
    };

    // The topic, its key and policy, and who hears it.
    this.key = new aws.kms.Key(
      "role-alarms-key",
      {
        region,
        description: `Encrypts ${ROLE_ALARM_TOPIC_NAME}: alarms on elevated roles of ${organizationId}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify(roleAlarmKeyPolicy(place)),
      },
      inManagement,
    );
    new aws.kms.Alias("role-alarms-key-alias", { region, name: `alias/${ROLE_ALARM_TOPIC_NAME}`, targetKeyId: this.key.keyId }, inManagement);
    this.topic = new aws.sns.Topic(
      "role-alarms-topic",
      {
        region,
        name: ROLE_ALARM_TOPIC_NAME,
        displayName: "AWS elevated role alarm",
        kmsMasterKeyId: this.key.arn,
      },
      inManagement,
    );
    const topicPolicy = new aws.sns.TopicPolicy(
      "role-alarms-topic-policy",
      {
        region,
        arn: this.topic.arn,
        policy: JSON.stringify(roleAlarmTopicPolicy(place)),
      },
      inManagement,
    );
    for (const subscription of roleAlarmSubscribers(args.subscriptions)) {
      new aws.sns.TopicSubscription(
        `role-alarms-${subscriptionKey(subscription)}`,
        {
          region,
          topic: this.topic.arn,
          protocol: subscription.protocol,
          endpoint: subscription.endpoint,
        },
        inManagement,
      );
    }

    // Per role: what to match in the trail, the metric it counts, the alarm on it.
    const metricFilters: aws.cloudwatch.LogMetricFilter[] = [];
    const alarms: aws.cloudwatch.MetricAlarm[] = [];
    for (const alarm of args.alarms) {
      const names = roleAlarmNames(alarm);
      const filter = new aws.cloudwatch.LogMetricFilter(
        `role-alarm-filter-${alarm.roleName}`,
        {
          region,
          name: names.filterName,
          logGroupName: args.logGroupName,
          pattern: roleAlarmFilterPattern(alarm.roleName),
          metricTransformation: { name: names.metricName, namespace: ROLE_ALARM_NAMESPACE, value: "1", defaultValue: "0" },
        },
        { ...inManagement, dependsOn: [args.logGroup] },
      );
      metricFilters.push(filter);
      alarms.push(
        new aws.cloudwatch.MetricAlarm(
          `role-alarm-${alarm.roleName}`,
          {
            region,
            name: names.alarmName,
            alarmDescription:
              alarm.description ??
              `Someone assumed or switched to the role ${alarm.roleName} in an account of ${organizationId} (organization trail ${args.trailName})`,
            namespace: ROLE_ALARM_NAMESPACE,
            metricName: names.metricName,
            statistic: "Sum",
            period: 300,
            evaluationPeriods: 1,
            threshold: 1,
            comparisonOperator: "GreaterThanOrEqualToThreshold",
            // No events is the normal state, not a lack of data.
            treatMissingData: "notBreaching",
            // The topic's ARN from its name, known at preview (the policy pack checks it).
            alarmActions: [place.topicArn],
          },
          { ...inManagement, dependsOn: [filter, topicPolicy] },
        ),
      );
    }
    this.metricFilters = metricFilters;
    this.alarms = alarms;

    // A message per use: the alarms notify only on entering ALARM. A subscription filter on the
    // trail's log group (one for every role: a log group takes two) invokes the notifier.
    if (eachUse.length > 0) {
      const logGroupName = `/aws/lambda/${ROLE_USE_NOTIFIER_NAME}`;
      const account = managementAccountId;
      const role = new aws.iam.Role(
        "role-use-notifier-role",
        {
          name: ROLE_USE_NOTIFIER_NAME,
          description: `Runs the role-use notifier: publishes each use of an elevated role to ${ROLE_ALARM_TOPIC_NAME}, nothing else`,
          assumeRolePolicy: JSON.stringify(executionTrustPolicy(account)),
        },
        inManagement,
      );
      const logs = new aws.cloudwatch.LogGroup("role-use-notifier-logs", { region, name: logGroupName, retentionInDays: 365 }, inManagement);
      const rolePolicy = new aws.iam.RolePolicy(
        "role-use-notifier-policy",
        {
          role: role.name,
          name: "role-use-notifier",
          policy: this.key.arn.apply((keyArn) =>
            JSON.stringify(roleUseNotifierPolicy({ topicArn: place.topicArn, keyArn, logGroupArn: logGroupArn(partition, region, account, logGroupName) })),
          ),
        },
        inManagement,
      );
      const fn = new aws.lambda.Function(
        "role-use-notifier",
        {
          region,
          name: ROLE_USE_NOTIFIER_NAME,
          description: `Publishes each use of ${eachUse.length} elevated role(s) to ${ROLE_ALARM_TOPIC_NAME}`,
          role: role.arn,
          runtime: aws.lambda.Runtime.NodeJS22dX,
          handler: "index.handler",
          timeout: 30,
          code: lambdaCodeArchive(ROLE_USE_NOTIFIER_CODE_DIR),
          environment: { variables: { TOPIC_ARN: place.topicArn, ROLE_NAMES: eachUse.join(",") } },
        },
        { ...inManagement, dependsOn: [rolePolicy, logs, topicPolicy] },
      );
      // Only the trail's log group of this account may invoke it.
      const permission = new aws.lambda.Permission(
        "role-use-notifier-invoke",
        {
          region,
          function: fn.name,
          action: "lambda:InvokeFunction",
          principal: "logs.amazonaws.com",
          sourceArn: `${logGroupArn(partition, region, account, args.logGroupName)}:*`,
          sourceAccount: account,
          statementId: "AllowTrailLogGroup",
        },
        inManagement,
      );
      this.subscriptionFilter = new aws.cloudwatch.LogSubscriptionFilter(
        "role-use-subscription",
        {
          region,
          name: ROLE_USE_NOTIFIER_NAME,
          logGroup: args.logGroupName,
          filterPattern: roleUseSubscriptionPattern(eachUse),
          // The function's ARN from its name, known at preview (the plan shows it).
          destinationArn: `arn:${partition}:lambda:${region}:${account}:function:${ROLE_USE_NOTIFIER_NAME}`,
        },
        { ...inManagement, dependsOn: [permission, args.logGroup, fn] },
      );
    }
    this.registerOutputs({ topicArn: this.topic.arn, alarms: alarms.map((a) => a.name), subscriptionFilter: this.subscriptionFilter?.name });
  }
}
