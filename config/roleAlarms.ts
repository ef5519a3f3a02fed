/**
 * What a role alarm (`roleAlarms[i]`) watches for, and the names of what it is made of.
 * Built here, beside the checks that hold it to AWS's limits, so the component
 * (components/central/roleAlarms.ts) deploys exactly what was validated.
 *
 * The organization trail delivers every account's events to one log group in the management
 * account, so one metric filter per role sees the whole organization:
 * - `AssumeRole`, `AssumeRoleWithSAML` (IAM Identity Center and other SAML federation) and
 *   `AssumeRoleWithWebIdentity` (OIDC: CI pipelines, EKS service accounts), event source
 *   `sts.amazonaws.com`, whose `requestParameters.roleArn` names a role of that name, with or
 *   without a path (Identity Center's roles live under `aws-reserved/sso.amazonaws.com/`), in
 *   any account;
 * - the console's `SwitchRole` (event source `signin.amazonaws.com`, a sign-in event), whose
 *   `userIdentity` is the session of the role switched to (`assumed-role/<name>/<session>`).
 * JSON filter patterns take `*` as a wildcard in strings and `&&`/`||` with parentheses, and
 * are case sensitive (CloudWatch Logs "Filter and pattern syntax"): the role name must be
 * written exactly as the role's ARN has it. Facts and URLs: docs/aws-constraints.md.
 */
import type { Partition } from "../aws/arns";
import type { Deployment, RoleAlarm, Subscription } from "./domain";

/** `PutMetricFilter` `filterPattern`: at most 1,024 characters. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;
/** Metric filters per log group, a quota that cannot be raised; the trail's group holds only these. */
export const MAX_METRIC_FILTERS_PER_LOG_GROUP = 100;
/** The custom metric namespace of every role alarm's metric. */
export const ROLE_ALARM_NAMESPACE = "aws-config-org/RoleAlarms";
/** The management account's topic the alarms notify (home region), people subscribed to it. */
export const ROLE_ALARM_TOPIC_NAME = "aws-config-org-role-alarms";

/** STS calls that start a session of a role, all logged with `requestParameters.roleArn`. */
export const ASSUME_ROLE_EVENTS = ["AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"] as const;

/** The metric filter pattern for one role. */
export function roleAlarmFilterPattern(roleName: string): string {
  const names = ASSUME_ROLE_EVENTS.map((name) => `($.eventName = "${name}")`).join(" || ");
  const assumed = `($.eventSource = "sts.amazonaws.com") && (${names}) && (($.requestParameters.roleArn = "arn:*:iam::*:role/${roleName}") || ($.requestParameters.roleArn = "arn:*:iam::*:role/*/${roleName}"))`;
  const switched = `($.eventSource = "signin.amazonaws.com") && ($.eventName = "SwitchRole") && ($.userIdentity.arn = "arn:*:sts::*:assumed-role/${roleName}/*")`;
  return `{ (${assumed}) || (${switched}) }`;
}

/**
 * The role-use notifier's subscription filter on the trail's log group: every use of any role
 * notified per use, in one pattern (a log group takes two subscription filters). Compact forms:
 * `AssumeRole*` covers the three STS calls (`AssumeRoot` does not start with it), `*\/<name>` a
 * role ARN with or without a path; the notifier checks each record's role name exactly.
 */
export function roleUseSubscriptionPattern(roleNames: readonly string[]): string {
  const asked = roleNames.map((n) => `($.requestParameters.roleArn = "*/${n}")`).join(" || ");
  const switched = roleNames.map((n) => `($.userIdentity.arn = "*:assumed-role/${n}/*")`).join(" || ");
  return `{ (($.eventSource = "sts.amazonaws.com") && ($.eventName = "AssumeRole*") && (${asked})) || (($.eventSource = "signin.amazonaws.com") && ($.eventName = "SwitchRole") && (${switched})) }`;
}

/** The roles notified per use (`notify` not `alarm`). */
export function eachUseRoleNames(alarms: readonly RoleAlarm[]): string[] {
  return alarms.filter((a) => a.notify !== "alarm").map((a) => a.roleName);
}

/** Names of one alarm's parts: the metric filter, its metric, and the alarm (IAM role names are case-insensitive, so are these keys). */
export function roleAlarmNames(alarm: Pick<RoleAlarm, "roleName">): { readonly filterName: string; readonly metricName: string; readonly alarmName: string } {
  return {
    filterName: `aws-config-org-role-${alarm.roleName}`,
    metricName: `RoleAssumed-${alarm.roleName}`,
    alarmName: `aws-config-org-role-assumed-${alarm.roleName}`,
  };
}

export function roleAlarmTopicArn(d: Pick<Deployment, "partition" | "homeRegion" | "managementAccountId">): string {
  return `arn:${d.partition}:sns:${d.homeRegion}:${d.managementAccountId}:${ROLE_ALARM_TOPIC_NAME}`;
}

/** ARN pattern of the alarms that may publish to the topic (`aws:SourceArn`). */
export function roleAlarmArnPattern(d: { readonly partition: Partition; readonly homeRegion: string; readonly managementAccountId: string }): string {
  return `arn:${d.partition}:cloudwatch:${d.homeRegion}:${d.managementAccountId}:alarm:aws-config-org-role-assumed-*`;
}

/** People who hear role alarms: mail and https subscriptions that ask for `role-alarm`. */
export function roleAlarmSubscribers(subscriptions: readonly Subscription[]): Subscription[] {
  return subscriptions.filter((s) => s.protocol !== "sqs" && s.events.includes("role-alarm"));
}

export interface RoleAlarmInputs {
  readonly alarms: readonly RoleAlarm[];
  readonly subscriptions: readonly Subscription[];
  /** Whether `organizationTrail` is enabled with `cloudWatchLogs`. */
  readonly trailLogs: "none" | "trail-without-logs" | "trail-with-logs";
  /** Role names the stack knows exist with this spelling (deployment roles, AWS's own), where their case is known. */
  readonly knownRoleNames?: readonly string[];
}

/** Roles whose spelling this stack knows: its deployment roles, and the role AWS Organizations creates. */
export function knownRoleNamesOf(access: {
  readonly deploymentRoleName: string;
  readonly defaults: { readonly roleName?: string };
  readonly overrides: Readonly<Record<string, { readonly roleName?: string }>>;
}): string[] {
  const names = [
    access.deploymentRoleName,
    access.defaults.roleName,
    ...Object.values(access.overrides).map((o) => o.roleName),
    "OrganizationAccountAccessRole",
  ];
  return [...new Set(names.filter((n): n is string => typeof n === "string" && n.length > 0))];
}

/** Every problem of the role alarms, naming the keys; `key` renders a stack config key. */
export function roleAlarmProblems(inputs: RoleAlarmInputs, key: (path: string) => string): string[] {
  const problems: string[] = [];
  const { alarms, subscriptions } = inputs;
  subscriptions.forEach((s, i) => {
    if (s.protocol === "sqs" && s.events.includes("role-alarm")) {
      problems.push(
        `${key(`notifications.subscriptions[${i}].events`)} asks a queue for \`role-alarm\`: queues receive Config's own messages for programs, role alarms go to people: use an \`email\` or \`https\` subscription`,
      );
    }
  });
  if (alarms.length === 0) return problems;

  if (inputs.trailLogs !== "trail-with-logs") {
    const missing = inputs.trailLogs === "none" ? "`organizationTrail` is not enabled" : "`organizationTrail.cloudWatchLogs` is not set";
    problems.push(
      `${key("roleAlarms")} needs the organization trail in CloudWatch Logs (the alarms read its log group), but ${missing}: ` +
        `set ${key("organizationTrail")} to \`{enabled: true, cloudWatchLogs: {retentionDays: 365}}\` or remove ${key("roleAlarms")}`,
    );
  }
  const seen = new Map<string, number>();
  alarms.forEach((alarm, i) => {
    // IAM role names are unique case-insensitively: `Admin` and `admin` are one role.
    const lower = alarm.roleName.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined)
      problems.push(`${key(`roleAlarms[${i}].roleName`)} \`${alarm.roleName}\` repeats ${key(`roleAlarms[${first}]`)}: one alarm per role, remove one`);
    else seen.set(lower, i);
    // The filter pattern is case sensitive, IAM names are not: a known role spelled otherwise would never match.
    const known = (inputs.knownRoleNames ?? []).find((n) => n.toLowerCase() === lower && n !== alarm.roleName);
    if (known) {
      problems.push(
        `${key(`roleAlarms[${i}].roleName`)} is \`${alarm.roleName}\`, but the role is spelled \`${known}\`: CloudWatch Logs filter patterns are case sensitive, ` +
          `so the alarm would never match its ARN: write \`${known}\``,
      );
    }
  });
  const eachUse = eachUseRoleNames(alarms);
  const subscription = eachUse.length > 0 ? roleUseSubscriptionPattern(eachUse).length : 0;
  if (subscription > MAX_FILTER_PATTERN_LENGTH) {
    problems.push(
      `${key("roleAlarms")} asks for a message on each use of ${eachUse.length} roles: their one subscription filter pattern would be ${subscription} characters, ` +
        `CloudWatch Logs takes ${MAX_FILTER_PATTERN_LENGTH}: set \`notify: alarm\` on some entries (they keep their alarm)`,
    );
  }
  if (alarms.length > MAX_METRIC_FILTERS_PER_LOG_GROUP) {
    problems.push(
      `${key("roleAlarms")} has ${alarms.length} entries: a log group takes at most ${MAX_METRIC_FILTERS_PER_LOG_GROUP} metric filters (one per role), a quota AWS does not raise: watch fewer roles`,
    );
  }
  if (roleAlarmSubscribers(subscriptions).length === 0) {
    problems.push(
      `${key("roleAlarms")} has no one to notify: no \`email\` or \`https\` subscription in ${key("notifications.subscriptions")} receives \`role-alarm\` ` +
        `(a subscription without \`events\` does): add one, or add \`role-alarm\` to a subscription's \`events\``,
    );
  }
  return problems;
}
