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
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Deployment, RoleAlarm } from "../../config/domain";
import {
  ROLE_ALARM_NAMESPACE,
  ROLE_ALARM_TOPIC_NAME,
  roleAlarmArnPattern,
  roleAlarmFilterPattern,
  roleAlarmNames,
  roleAlarmSubscribers,
  roleAlarmTopicArn,
} from "../../config/roleAlarms";
import { subscriptionKey } from "./notifications";
import { roleAlarmKeyPolicy, roleAlarmTopicPolicy, type RoleAlarmTopicPlace } from "./roleAlarmPolicies";

export interface RoleAlarmsArgs {
  readonly deployment: Deployment;
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

  constructor(name: string, args: RoleAlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:central:RoleAlarms", name, {}, opts);
    const { deployment } = args;
    const region = deployment.homeRegion;
    const inManagement = { parent: this, provider: args.managementProvider };
    const place: RoleAlarmTopicPlace = {
      partition: deployment.partition,
      managementAccountId: deployment.managementAccountId,
      topicArn: roleAlarmTopicArn(deployment),
      alarmArnPattern: roleAlarmArnPattern(deployment),
    };

    // The topic, its key and policy, and who hears it.
    this.key = new aws.kms.Key("role-alarms-key", {
      region,
      description: `Encrypts ${ROLE_ALARM_TOPIC_NAME}: alarms on elevated roles of ${deployment.organizationId}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: JSON.stringify(roleAlarmKeyPolicy(place)),
    }, inManagement);
    new aws.kms.Alias("role-alarms-key-alias", { region, name: `alias/${ROLE_ALARM_TOPIC_NAME}`, targetKeyId: this.key.keyId }, inManagement);
    this.topic = new aws.sns.Topic("role-alarms-topic", {
      region,
      name: ROLE_ALARM_TOPIC_NAME,
      displayName: "AWS elevated role alarm",
      kmsMasterKeyId: this.key.arn,
    }, inManagement);
    const topicPolicy = new aws.sns.TopicPolicy("role-alarms-topic-policy", {
      region,
      arn: this.topic.arn,
      policy: JSON.stringify(roleAlarmTopicPolicy(place)),
    }, inManagement);
    for (const subscription of roleAlarmSubscribers(deployment.subscriptions)) {
      new aws.sns.TopicSubscription(`role-alarms-${subscriptionKey(subscription)}`, {
        region,
        topic: this.topic.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
      }, inManagement);
    }

    // Per role: what to match in the trail, the metric it counts, the alarm on it.
    const metricFilters: aws.cloudwatch.LogMetricFilter[] = [];
    const alarms: aws.cloudwatch.MetricAlarm[] = [];
    for (const alarm of args.alarms) {
      const names = roleAlarmNames(alarm);
      const filter = new aws.cloudwatch.LogMetricFilter(`role-alarm-filter-${alarm.roleName}`, {
        region,
        name: names.filterName,
        logGroupName: args.logGroupName,
        pattern: roleAlarmFilterPattern(alarm.roleName),
        metricTransformation: { name: names.metricName, namespace: ROLE_ALARM_NAMESPACE, value: "1", defaultValue: "0" },
      }, { ...inManagement, dependsOn: [args.logGroup] });
      metricFilters.push(filter);
      alarms.push(new aws.cloudwatch.MetricAlarm(`role-alarm-${alarm.roleName}`, {
        region,
        name: names.alarmName,
        alarmDescription: alarm.description ?? `Someone assumed or switched to the role ${alarm.roleName} in an account of ${deployment.organizationId} (organization trail ${deployment.organizationTrail?.name ?? ""})`,
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
      }, { ...inManagement, dependsOn: [filter, topicPolicy] }));
    }
    this.metricFilters = metricFilters;
    this.alarms = alarms;
    this.registerOutputs({ topicArn: this.topic.arn, alarms: alarms.map((a) => a.name) });
  }
}
