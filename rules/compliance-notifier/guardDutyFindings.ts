/**
 * GuardDuty findings, as EventBridge delivers them to the notifier in the security account
 * (the delegated administrator receives its members' findings on its own event bus, per Region),
 * and the message a person reads of one. The rule that invokes the function already filters on
 * severity (components/central/guardDuty.ts); here a finding is only read and worded.
 *
 * Event: `source` `aws.guardduty`, `detail-type` `GuardDuty Finding`, `detail` the finding
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings_eventbridge.html);
 * finding fields: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-format.html;
 * severity bands: https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html.
 */
import type { AccountNames } from "./accounts";
import { isObject, text } from "./events";
import { clip, consoleOrigin, SUBJECT_MAX_LENGTH, singleLine, type FormattedNotification } from "./format";

/** The `event` message attribute of a finding on the formatted topic; subscriptions choose it in `events`. */
export const GUARDDUTY_FINDING_EVENT = "guardduty-finding";

/** The EventBridge event the function is invoked with (the fields read here). */
export interface GuardDutyFindingEvent {
  readonly source: "aws.guardduty";
  readonly "detail-type": "GuardDuty Finding";
  /** The account of the event bus: the GuardDuty administrator. */
  readonly account?: string;
  readonly region?: string;
  readonly detail: unknown;
}

/** A finding, as read from the event. */
export interface GuardDutyFinding {
  readonly id: string;
  readonly type: string;
  readonly severity: number;
  readonly accountId: string;
  readonly region: string;
  readonly title?: string;
  readonly description?: string;
  /** `resource.resourceType` and the resource's names, e.g. `Instance i-0abc`, `AccessKey AKIA… (user alice)`. */
  readonly resource: string;
  readonly firstSeen?: string;
  readonly lastSeen?: string;
  readonly count?: number;
  /** GuardDuty's generated sample findings (`service.additionalInfo.sample`). */
  readonly sample: boolean;
  /** The event bus's account: the administrator, where the console shows the finding. */
  readonly administratorAccountId?: string;
}

export function isGuardDutyFindingEvent(event: unknown): event is GuardDutyFindingEvent {
  return isObject(event) && event.source === "aws.guardduty" && event["detail-type"] === "GuardDuty Finding";
}

const REQUIRED = ["id", "type", "accountId", "region"] as const;

/** Reads the finding; throws on one that lacks what a person must be told, naming the missing fields. */
export function parseGuardDutyFinding(event: GuardDutyFindingEvent): GuardDutyFinding {
  const detail = isObject(event.detail) ? event.detail : {};
  const region = text(detail, "region") ?? event.region;
  const missing = [
    ...REQUIRED.filter((k) => !(k === "region" ? region : text(detail, k))).map((k) => `detail.${k}`),
    ...(typeof detail.severity === "number" ? [] : ["detail.severity"]),
  ];
  if (missing.length > 0) throw new Error(`GuardDuty Finding without ${missing.map((m) => `\`${m}\``).join(", ")}: ${JSON.stringify(event).slice(0, 500)}`);
  const service = isObject(detail.service) ? detail.service : {};
  const additional = isObject(service.additionalInfo) ? service.additionalInfo : {};
  const title = text(detail, "title");
  const description = text(detail, "description");
  const firstSeen = text(service, "eventFirstSeen");
  const lastSeen = text(service, "eventLastSeen");
  return {
    id: text(detail, "id")!,
    type: text(detail, "type")!,
    severity: detail.severity as number,
    accountId: text(detail, "accountId")!,
    region: region!,
    ...(title ? { title } : {}),
    ...(description ? { description } : {}),
    resource: resourceSummary(isObject(detail.resource) ? detail.resource : {}),
    ...(firstSeen ? { firstSeen } : {}),
    ...(lastSeen ? { lastSeen } : {}),
    ...(typeof service.count === "number" ? { count: service.count } : {}),
    sample: additional.sample === true,
    ...(event.account ? { administratorAccountId: event.account } : {}),
  };
}

/** GuardDuty's band of a severity (1.0-10.0): Low below 4, Medium below 7, High below 9, Critical from 9. */
export function severityLabel(severity: number): "Low" | "Medium" | "High" | "Critical" {
  if (severity >= 9) return "Critical";
  if (severity >= 7) return "High";
  if (severity >= 4) return "Medium";
  return "Low";
}

export function formatGuardDutyFinding(finding: GuardDutyFinding, accountNames: AccountNames): FormattedNotification {
  const name = accountNames[finding.accountId];
  const account = name ? `${name} (${finding.accountId})` : finding.accountId;
  const band = severityLabel(finding.severity);
  const severity = `${band} ${finding.severity.toFixed(1)}`;
  const sample = finding.sample ? "[SAMPLE] " : "";
  // Severity and place first, then the type (long ones lose their variant to the limit; the body has it all).
  const subject = clip(singleLine(`${sample}GuardDuty ${severity} | ${account} ${finding.region} | ${finding.type}`), SUBJECT_MAX_LENGTH);
  const seen = [
    finding.firstSeen ? `first ${finding.firstSeen}` : "",
    finding.lastSeen ? `last ${finding.lastSeen}` : "",
    finding.count !== undefined ? `${finding.count} time(s)` : "",
  ].filter(Boolean);
  const lines = [
    `${finding.sample ? "A sample" : "A"} GuardDuty finding of ${band} severity (${finding.severity.toFixed(1)} of 10).`,
    "",
    `Type:        ${finding.type}`,
    ...(finding.title ? [`Title:       ${singleLine(finding.title)}`] : []),
    `Severity:    ${severity}`,
    `Account:     ${finding.accountId} (${name ?? "name not in the stack's inventory"})`,
    `Region:      ${finding.region}`,
    `Resource:    ${finding.resource}`,
    ...(seen.length > 0 ? [`Seen:        ${seen.join(", ")}`] : []),
    `Finding id:  ${finding.id}`,
    ...(finding.description ? ["", finding.description] : []),
    "",
    `The finding in the GuardDuty console (signed in to ${finding.administratorAccountId ? `account ${finding.administratorAccountId}, ` : ""}the GuardDuty administrator):`,
    guardDutyFindingUrl(finding),
    "",
  ];
  return { subject, body: lines.join("\n") };
}

/** The GuardDuty console's findings page, in the finding's Region, opened on this finding. */
export function guardDutyFindingUrl(finding: Pick<GuardDutyFinding, "region" | "id">): string {
  return `${consoleOrigin(finding.region)}/guardduty/home?region=${finding.region}#/findings?macros=current&fId=${encodeURIComponent(finding.id)}`;
}

/** The resource a finding is about, in words: its type and the names GuardDuty gives it. */
export function resourceSummary(resource: Record<string, unknown>): string {
  const type = text(resource, "resourceType") ?? "unknown resource type";
  const at = (key: string) => (isObject(resource[key]) ? (resource[key] as Record<string, unknown>) : {});
  const names: string[] = [];
  const add = (value: string | undefined, label = "") => {
    if (value) names.push(label ? `${label} ${value}` : value);
  };
  add(text(at("instanceDetails"), "instanceId"));
  const key = at("accessKeyDetails");
  add(text(key, "accessKeyId"));
  add(text(key, "userName"), "user");
  const buckets = Array.isArray(resource.s3BucketDetails) ? resource.s3BucketDetails.filter(isObject) : [];
  buckets.forEach((b) => add(text(b, "name"), "bucket"));
  add(text(at("eksClusterDetails"), "name"), "EKS cluster");
  add(text(at("ecsClusterDetails"), "name"), "ECS cluster");
  const rds = at("rdsDbInstanceDetails");
  add(text(rds, "dbInstanceIdentifier") ?? text(rds, "dbClusterIdentifier"), "DB");
  add(text(at("lambdaDetails"), "functionName"), "function");
  return names.length > 0 ? `${type} ${names.join(", ")}` : type;
}
