/**
 * What arrives from the Config topic, and what a person must hear of it.
 * Config publishes many message types to a delivery channel's topic; only a
 * `ComplianceChangeNotification` says that a resource's compliance with a rule
 * changed, and names the account, region, rule and resource at its top level.
 * Shape: https://docs.aws.amazon.com/config/latest/developerguide/example-config-rule-compliance-notification.html
 */
/** A compliance change, as read from Config's notification. */
export interface ComplianceChange {
  readonly accountId: string;
  readonly region: string;
  /** As Config names the rule in the member account (organization packs add `-conformance-pack-<random>`). */
  readonly configRuleName: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly newCompliance: string;
  /** Absent on a resource's first evaluation by the rule. */
  readonly oldCompliance?: string;
  /** When Config recorded the new result (the notification's time when it does not say). */
  readonly recordedAt: string;
  readonly annotation?: string;
}

/** The compliance changes a subscriber may ask for. */
export type ComplianceEvent = "non-compliant" | "back-to-compliant";

/** What subscribers ask for (stack `notifications.subscriptions[].events`): compliance changes, GuardDuty findings (guardDutyFindings.ts). */
export type NotificationEvent = ComplianceEvent | "guardduty-finding";

const REQUIRED = ["awsAccountId", "awsRegion", "configRuleName", "resourceType", "resourceId"] as const;

/**
 * Reads the SNS message body. `null` for anything but a compliance change
 * (other Config messages, or not JSON at all); throws on a compliance change
 * that lacks what a person must be told, naming the missing fields.
 */
export function parseComplianceChange(body: string): ComplianceChange | null {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isObject(message) || message.messageType !== "ComplianceChangeNotification") return null;
  const newResult = isObject(message.newEvaluationResult) ? message.newEvaluationResult : {};
  const oldResult = isObject(message.oldEvaluationResult) ? message.oldEvaluationResult : {};
  const missing = [...REQUIRED.filter((key) => !text(message, key)), ...(text(newResult, "complianceType") ? [] : ["newEvaluationResult.complianceType"])];
  if (missing.length > 0) {
    throw new Error(`ComplianceChangeNotification without ${missing.map((m) => `\`${m}\``).join(", ")}: ${body.slice(0, 500)}`);
  }
  const oldCompliance = text(oldResult, "complianceType");
  const annotation = text(newResult, "annotation");
  return {
    accountId: text(message, "awsAccountId")!,
    region: text(message, "awsRegion")!,
    configRuleName: text(message, "configRuleName")!,
    resourceType: text(message, "resourceType")!,
    resourceId: text(message, "resourceId")!,
    newCompliance: text(newResult, "complianceType")!,
    ...(oldCompliance ? { oldCompliance } : {}),
    recordedAt: text(newResult, "resultRecordedTime") ?? text(message, "notificationCreationTime") ?? "unknown",
    ...(annotation ? { annotation } : {}),
  };
}

/**
 * The event a change is, in the terms of the subscriptions' filters
 * (components/central/notificationFilters.ts): any result NON_COMPLIANT, first evaluations
 * included; COMPLIANT after NON_COMPLIANT. Everything else is not for people.
 */
export function classify(change: Pick<ComplianceChange, "newCompliance" | "oldCompliance">): ComplianceEvent | "ignore" {
  if (change.newCompliance === "NON_COMPLIANT") return "non-compliant";
  if (change.newCompliance === "COMPLIANT" && change.oldCompliance === "NON_COMPLIANT") return "back-to-compliant";
  return "ignore";
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty string field, or nothing. */
export function text(object: Record<string, unknown>, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}
