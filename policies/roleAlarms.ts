/**
 * Alarms on elevated roles (issue 16, stack `roleAlarms`), when a stack declares them: every
 * alarm the program declares counts a metric that a metric filter makes from the organization
 * trail's own log group, and tells people through an encrypted topic. A stack without alarms
 * has nothing to judge here (they are optional).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { CLOUDTRAIL_TRAIL, CLOUDWATCH_LOG_METRIC_FILTER, CLOUDWATCH_METRIC_ALARM, SNS_TOPIC } from "./tokens";
import { asArray, declaredName, knownOrUndefined, logGroupNameOfArn, ofTypes } from "./view";

interface MetricTransformation {
  readonly name?: string;
  readonly namespace?: string;
}

/** Log groups organization trails deliver to. */
function organizationTrailLogGroups(resources: readonly PolicyResource[]): Set<string> {
  return new Set(
    ofTypes(resources, CLOUDTRAIL_TRAIL)
      .filter((t) => t.props.isOrganizationTrail === true)
      .map((t) => logGroupNameOfArn(knownOrUndefined(() => t.props.cloudWatchLogsGroupArn)))
      .filter((g): g is string => g !== undefined),
  );
}

export const roleAlarmsReadOrganizationTrail: StackValidationPolicy = {
  name: "role-alarms-read-organization-trail",
  description:
    "Checks whether every declared metric alarm on a custom metric counts a metric that a metric filter makes from the organization trail's log group.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const groups = organizationTrailLogGroups(args.resources);
    const filters = ofTypes(args.resources, CLOUDWATCH_LOG_METRIC_FILTER);
    for (const alarm of ofTypes(args.resources, CLOUDWATCH_METRIC_ALARM)) {
      const metric = { name: knownOrUndefined(() => alarm.props.metricName), namespace: knownOrUndefined(() => alarm.props.namespace) };
      // A metric AWS publishes itself (`AWS/…`, a namespace no filter may use) is not read from the trail (the new-account events' queue alarm).
      if (typeof metric.namespace === "string" && metric.namespace.startsWith("AWS/")) continue;
      const sources = filters.filter((f) => {
        const t = (knownOrUndefined(() => f.props.metricTransformation) ?? {}) as MetricTransformation;
        return t.name === metric.name && t.namespace === metric.namespace;
      });
      if (sources.length === 0) {
        reportViolation(
          `Alarm \`${declaredName(alarm)}\` counts \`${String(metric.namespace)}/${String(metric.name)}\`, which no declared metric filter produces: it can never go off.`,
          alarm.urn,
        );
        continue;
      }
      const offTrail = sources.filter((f) => !groups.has(String(knownOrUndefined(() => f.props.logGroupName))));
      for (const f of offTrail) {
        reportViolation(
          `Metric filter \`${declaredName(f)}\` of alarm \`${declaredName(alarm)}\` reads \`${String(knownOrUndefined(() => f.props.logGroupName))}\`, not the log group of an organization trail${groups.size ? ` (${[...groups].map((g) => `\`${g}\``).join(", ")})` : " (none is declared)"}: events of the other accounts would be missed.`,
          f.urn,
        );
      }
    }
  },
};

export const roleAlarmsNotifyEncryptedTopic: StackValidationPolicy = {
  name: "role-alarms-notify-encrypted-topic",
  description: "Checks whether every declared metric alarm notifies a topic this stack declares, encrypted with a customer managed key.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const topics = ofTypes(args.resources, SNS_TOPIC);
    for (const alarm of ofTypes(args.resources, CLOUDWATCH_METRIC_ALARM)) {
      const actions = asArray(knownOrUndefined(() => alarm.props.alarmActions) as string[] | undefined);
      if (actions.length === 0) {
        reportViolation(`Alarm \`${declaredName(alarm)}\` has no alarm action: nobody would hear it; notify the role-alarm topic.`, alarm.urn);
        continue;
      }
      for (const action of actions) {
        const topic = topics.find(
          (t) => knownOrUndefined(() => t.props.arn) === action || (typeof action === "string" && action.endsWith(`:${declaredName(t)}`)),
        );
        if (!topic) {
          reportViolation(
            `Alarm \`${declaredName(alarm)}\` notifies \`${String(action)}\`, a topic this stack does not declare: its policy and encryption cannot be checked.`,
            alarm.urn,
          );
        } else if (!knownOrUndefined(() => topic.props.kmsMasterKeyId)) {
          reportViolation(
            `Topic \`${declaredName(topic)}\` that alarm \`${declaredName(alarm)}\` notifies is not encrypted: set \`kmsMasterKeyId\` to a customer managed key that admits CloudWatch.`,
            topic.urn,
          );
        }
      }
    }
  },
};

export const roleAlarmPolicies: readonly StackValidationPolicy[] = [roleAlarmsReadOrganizationTrail, roleAlarmsNotifyEncryptedTopic];
