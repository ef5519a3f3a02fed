/**
 * The GuardDuty settings (stack `guardDuty`): what AWS accepts for them, their defaults, and
 * the problems a stack's `guardDuty` key can have. GuardDuty is off unless `enabled: true`.
 *
 * Facts (docs/aws-constraints.md, GuardDuty):
 * - organization feature names: `OrganizationFeatureConfiguration.Name`
 *   (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_OrganizationFeatureConfiguration.html);
 *   `EKS_RUNTIME_MONITORING` and `RUNTIME_MONITORING` together are an error, Runtime Monitoring
 *   includes EKS (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_UpdateOrganizationConfiguration.html);
 * - severity runs 1.0-10.0: Low 1.0-3.9, Medium 4.0-6.9, High 7.0-8.9, Critical 9.0-10.0
 *   (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html).
 */

import { GUARDDUTY_FINDING_EVENT } from "../rules/compliance-notifier/guardDutyFindings";
import type { StackConfigInput } from "./schema";

/** GuardDuty's organization feature names, as UpdateOrganizationConfiguration takes them. */
export const GUARDDUTY_FEATURES = [
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "EBS_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  "LAMBDA_NETWORK_LOGS",
  "EKS_RUNTIME_MONITORING",
  "RUNTIME_MONITORING",
] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

/**
 * Features a new detector turns on unless told otherwise (CreateDetector: every optional feature
 * but Runtime Monitoring). The administrator's detector states each of them, on or off, so that it
 * runs what the organization runs and no more.
 */
export const DEFAULT_ON_FEATURES: readonly GuardDutyFeature[] = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS"];

/** The superseded runtime feature and the one that replaced it: AWS refuses both together. */
const RUNTIME_PAIR = ["EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"] as const;

export const MIN_SEVERITY = 1.0;
export const MAX_SEVERITY = 10.0;
/** Default threshold: High and Critical findings reach people. */
export const DEFAULT_MINIMUM_SEVERITY = 7.0;

/**
 * GuardDuty in every governed region, administered by the security account.
 *
 * @example
 * guardDuty:
 *   enabled: true
 *   features: [S3_DATA_EVENTS, RUNTIME_MONITORING]
 *   notify: { minimumSeverity: 7 }
 */
export interface GuardDutySettings {
  /** Protection plans auto-enabled (`ALL`) in every account and on the administrator's detector; default none (foundational detection only). */
  readonly features: readonly GuardDutyFeature[];
  /** Findings at or above this severity (1.0-10.0, default 7: High and Critical) reach the formatted topic of their region. */
  readonly minimumSeverity: number;
}

/** The raw key as the schema lets it through. */
export type GuardDutyInput = NonNullable<StackConfigInput["guardDuty"]>;

/** The settings with defaults, when `enabled: true`; otherwise none. */
export function guardDutyOf(raw: GuardDutyInput | undefined): GuardDutySettings | undefined {
  if (raw?.enabled !== true) return undefined;
  return {
    features: (raw.features ?? []).filter((f): f is GuardDutyFeature => (GUARDDUTY_FEATURES as readonly string[]).includes(f)),
    minimumSeverity: raw.notify?.minimumSeverity ?? DEFAULT_MINIMUM_SEVERITY,
  };
}

/** What a subscription asks for (config/domain.ts `Subscription`, without importing the domain that imports this module). */
interface SubscriptionChoice {
  readonly protocol: string;
  readonly events: readonly string[];
}

/**
 * Every problem of the `guardDuty` key and of subscriptions asking for its findings, each naming
 * its path (`key(path)`): findings go to email and https subscriptions on the formatted topic only.
 */
export function guardDutyProblems(raw: GuardDutyInput | undefined, key: (path: string) => string, subscriptions: readonly SubscriptionChoice[]): string[] {
  const problems: string[] = [];
  const on = raw?.enabled === true;
  subscriptions.forEach((s, i) => {
    if (!s.events.includes(GUARDDUTY_FINDING_EVENT) || (on && s.protocol !== "sqs")) return;
    const why = s.protocol === "sqs"
      ? "but a queue is subscribed to the Config topic, where no finding goes: subscribe an email or https endpoint for findings"
      : "but GuardDuty is off: set `guardDuty.enabled: true` or remove the event";
    problems.push(`${key(`notifications.subscriptions[${i}].events`)} lists \`${GUARDDUTY_FINDING_EVENT}\`, ${why}`);
  });
  if (!raw) return problems;
  const choices = GUARDDUTY_FEATURES.map((f) => `\`${f}\``).join(", ");
  (raw.features ?? []).forEach((feature, i) => {
    if (!(GUARDDUTY_FEATURES as readonly string[]).includes(feature)) {
      problems.push(`${key(`guardDuty.features[${i}]`)} is \`${feature}\`, which is not a GuardDuty organization feature: use one of ${choices}`);
    }
  });
  if (RUNTIME_PAIR.every((f) => raw.features?.includes(f))) {
    problems.push(`${key("guardDuty.features")} lists both \`EKS_RUNTIME_MONITORING\` and \`RUNTIME_MONITORING\`, which GuardDuty refuses together: keep \`RUNTIME_MONITORING\` (it covers EKS and supersedes \`EKS_RUNTIME_MONITORING\`)`);
  }
  const severity = raw.notify?.minimumSeverity;
  if (severity !== undefined && !(severity >= MIN_SEVERITY && severity <= MAX_SEVERITY)) {
    problems.push(
      `${key("guardDuty.notify.minimumSeverity")} is ${severity}, outside GuardDuty's severity range ${MIN_SEVERITY.toFixed(1)}-${MAX_SEVERITY.toFixed(1)}: ` +
        `use e.g. 4 (Medium and above), 7 (High and above) or 9 (Critical only)`,
    );
  }
  const receivers = subscriptions.filter((s) => s.protocol !== "sqs" && s.events.includes(GUARDDUTY_FINDING_EVENT)).length;
  if (!on && (raw.features !== undefined || raw.notify !== undefined)) {
    problems.push(`${key("guardDuty")} sets options but not \`enabled: true\`: GuardDuty is not turned on, so add \`enabled: true\` or remove the options`);
  } else if (on && raw.notify !== undefined && receivers === 0) {
    problems.push(
      `${key("guardDuty.notify")} is set, but no subscription receives GuardDuty findings: add an email or https subscription under ` +
        "`notifications.subscriptions` without `events` (it then receives them) or with `guardduty-finding` among its `events`",
    );
  }
  return problems;
}
