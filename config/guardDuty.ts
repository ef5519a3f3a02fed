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

/**
 * GuardDuty's organization feature names, as UpdateOrganizationConfiguration takes them: the
 * `OrgFeature` enum of the SDK the project ships (@aws-sdk/client-guardduty; a test holds the two
 * equal, so a new plan in the SDK fails the tests until it is stated here).
 */
export const GUARDDUTY_FEATURES = [
  "S3_DATA_EVENTS",
  "EKS_AUDIT_LOGS",
  "EBS_MALWARE_PROTECTION",
  "RDS_LOGIN_EVENTS",
  "LAMBDA_NETWORK_LOGS",
  "EKS_RUNTIME_MONITORING",
  "RUNTIME_MONITORING",
  "AI_PROTECTION",
] as const;

/** Detector plans with no organization setting (`DetectorFeature` minus `OrgFeature`): they apply to the administrator's detector only. */
export const DETECTOR_ONLY_FEATURES = ["AI_ANALYST"] as const;

export type GuardDutyOrganizationFeature = (typeof GUARDDUTY_FEATURES)[number];
export type GuardDutyFeature = GuardDutyOrganizationFeature | (typeof DETECTOR_ONLY_FEATURES)[number];

/** Every plan a stack may choose: the organization's, then the detector-only ones. */
export const CHOOSABLE_FEATURES: readonly GuardDutyFeature[] = [...GUARDDUTY_FEATURES, ...DETECTOR_ONLY_FEATURES];

/** The superseded runtime feature and the one that replaced it: AWS refuses both together. */
const RUNTIME_PAIR = ["EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"] as const;

/**
 * GuardDuty's agent management (additional configurations, `FeatureAdditionalConfiguration` in
 * the SDK): Runtime Monitoring sees nothing of a resource type without its security agent, which
 * GuardDuty deploys itself only with these on (for Fargate there is no other way).
 */
export const RUNTIME_AGENTS = ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"] as const;
export type RuntimeAgent = (typeof RUNTIME_AGENTS)[number];

/** The agents each runtime feature takes (EKS Runtime Monitoring covers EKS only). */
export const AGENTS_OF: Readonly<Partial<Record<GuardDutyFeature, readonly RuntimeAgent[]>>> = {
  RUNTIME_MONITORING: RUNTIME_AGENTS,
  EKS_RUNTIME_MONITORING: ["EKS_ADDON_MANAGEMENT"],
};

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
 *   agentManagement: [EKS_ADDON_MANAGEMENT, ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT]
 *   notify: { minimumSeverity: 7 }
 */
export interface GuardDutySettings {
  /**
   * Protection plans auto-enabled (`ALL`) in every account and on the administrator's detector
   * (a detector-only plan, `AI_ANALYST`, on that detector only); default none (foundational
   * detection only). Every other plan is stated off (`NONE`, `DISABLED`).
   */
  readonly features: readonly GuardDutyFeature[];
  /**
   * Agent management GuardDuty does for the chosen runtime feature; default every agent the
   * feature takes (`RUNTIME_MONITORING`: EKS, ECS Fargate and EC2; `EKS_RUNTIME_MONITORING`: EKS).
   *
   * @example
   * agentManagement: [EKS_ADDON_MANAGEMENT, EC2_AGENT_MANAGEMENT]
   */
  readonly agentManagement: readonly RuntimeAgent[];
  /** Findings at or above this severity (1.0-10.0, default 7: High and Critical) reach the formatted topic of their region. */
  readonly minimumSeverity: number;
}

/** The raw key as the schema lets it through. */
export type GuardDutyInput = NonNullable<StackConfigInput["guardDuty"]>;

/** The agents the listed runtime features take, each once (a name that is no runtime feature takes none). */
function agentsTakenBy(features: readonly string[]): RuntimeAgent[] {
  return [...new Set(features.flatMap((f) => (Object.hasOwn(AGENTS_OF, f) ? (AGENTS_OF[f as GuardDutyFeature] ?? []) : [])))];
}

/**
 * The settings with defaults, when `enabled: true`; otherwise none. Names are kept as written:
 * the meaning step (`guardDutyProblems`) refuses a name that is not a plan, or an agent the
 * chosen plan does not take, and the pipeline hands on no settings that have a problem.
 */
export function guardDutyOf(raw: GuardDutyInput | undefined): GuardDutySettings | undefined {
  if (raw?.enabled !== true) return undefined;
  const features = (raw.features ?? []) as readonly GuardDutyFeature[];
  const agentManagement = (raw.agentManagement as readonly RuntimeAgent[] | undefined) ?? agentsTakenBy(features);
  return { features, agentManagement, minimumSeverity: raw.notify?.minimumSeverity ?? DEFAULT_MINIMUM_SEVERITY };
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
    const why =
      s.protocol === "sqs"
        ? "but a queue is subscribed to the Config topic, where no finding goes: subscribe an email or https endpoint for findings"
        : "but GuardDuty is off: set `guardDuty.enabled: true` or remove the event";
    problems.push(`${key(`notifications.subscriptions[${i}].events`)} lists \`${GUARDDUTY_FINDING_EVENT}\`, ${why}`);
  });
  if (!raw) return problems;
  const choices = CHOOSABLE_FEATURES.map((f) => `\`${f}\``).join(", ");
  (raw.features ?? []).forEach((feature, i) => {
    if (!(CHOOSABLE_FEATURES as readonly string[]).includes(feature)) {
      problems.push(`${key(`guardDuty.features[${i}]`)} is \`${feature}\`, which is not a GuardDuty protection plan: use one of ${choices}`);
    }
  });
  problems.push(...agentProblems(raw, key));
  if (RUNTIME_PAIR.every((f) => raw.features?.includes(f))) {
    problems.push(
      `${key("guardDuty.features")} lists both \`EKS_RUNTIME_MONITORING\` and \`RUNTIME_MONITORING\`, which GuardDuty refuses together: keep \`RUNTIME_MONITORING\` (it covers EKS and supersedes \`EKS_RUNTIME_MONITORING\`)`,
    );
  }
  const severity = raw.notify?.minimumSeverity;
  if (severity !== undefined && !(severity >= MIN_SEVERITY && severity <= MAX_SEVERITY)) {
    problems.push(
      `${key("guardDuty.notify.minimumSeverity")} is ${severity}, outside GuardDuty's severity range ${MIN_SEVERITY.toFixed(1)}-${MAX_SEVERITY.toFixed(1)}: ` +
        `use e.g. 4 (Medium and above), 7 (High and above) or 9 (Critical only)`,
    );
  }
  const receivers = subscriptions.filter((s) => s.protocol !== "sqs" && s.events.includes(GUARDDUTY_FINDING_EVENT)).length;
  if (!on && (raw.features !== undefined || raw.notify !== undefined || raw.agentManagement !== undefined)) {
    problems.push(`${key("guardDuty")} sets options but not \`enabled: true\`: GuardDuty is not turned on, so add \`enabled: true\` or remove the options`);
  } else if (on && raw.notify !== undefined && receivers === 0) {
    problems.push(
      `${key("guardDuty.notify")} is set, but no subscription receives GuardDuty findings: add an email or https subscription under ` +
        "`notifications.subscriptions` without `events` (it then receives them) or with `guardduty-finding` among its `events`",
    );
  }
  return problems;
}

/** `agentManagement`: only agents the chosen runtime feature takes, and not none at all (Runtime Monitoring would then see nothing). */
function agentProblems(raw: GuardDutyInput, key: (path: string) => string): string[] {
  const runtime = (raw.features ?? []).filter((f) => Object.hasOwn(AGENTS_OF, f));
  const takes = agentsTakenBy(runtime);
  const listed = (agents: readonly string[]) => agents.map((a) => `\`${a}\``).join(", ");
  const chosen = raw.agentManagement;
  if (chosen === undefined) return [];
  if (runtime.length === 0) {
    return [
      `${key("guardDuty.agentManagement")} is set, but no runtime plan is chosen: agent management serves \`RUNTIME_MONITORING\` (or \`EKS_RUNTIME_MONITORING\`) only: add one to \`guardDuty.features\` or remove the key`,
    ];
  }
  const problems: string[] = [];
  chosen.forEach((agent, i) => {
    if (!(takes as readonly string[]).includes(agent)) {
      problems.push(`${key(`guardDuty.agentManagement[${i}]`)} is \`${agent}\`, which ${runtime.join(" and ")} does not take: use ${listed(takes)}`);
    }
  });
  if (chosen.length === 0) {
    problems.push(
      `${key("guardDuty.agentManagement")} is empty: ${runtime.join(" and ")} then monitors nothing unless someone installs GuardDuty's security agent by hand ` +
        `(and ECS Fargate has no manual agent): list the agents GuardDuty should manage, ${listed(takes)}, or leave the key out to have all of them`,
    );
  }
  return problems;
}
