/**
 * The message people read: a subject for the mail client's list and a plain
 * text body that names everything needed to act without opening Config first.
 */
import type { AccountNames } from "./accounts";
import type { ComplianceChange, ComplianceEvent } from "./events";
import { normalizeRuleName } from "./ruleNames";

/** SNS: a subject is "less than 100 characters", without line breaks or control characters. */
export const SUBJECT_MAX_LENGTH = 99;

export interface FormattedNotification {
  readonly subject: string;
  readonly body: string;
}

const HEADLINES: Readonly<Record<ComplianceEvent, { readonly label: string; readonly sentence: string }>> = {
  "non-compliant": { label: "NON_COMPLIANT", sentence: "A resource is NON_COMPLIANT with an AWS Config rule." },
  "back-to-compliant": { label: "Back to COMPLIANT", sentence: "A resource is COMPLIANT again with an AWS Config rule (it was NON_COMPLIANT)." },
};

export function formatNotification(change: ComplianceChange, event: ComplianceEvent, accountNames: AccountNames): FormattedNotification {
  const rule = normalizeRuleName(change.configRuleName);
  const name = accountNames[change.accountId];
  const account = name ? `${name} (${change.accountId})` : change.accountId;
  const { label, sentence } = HEADLINES[event];
  // Most telling first: whatever the limit cuts is at the end, and the body has it all.
  const subject = clip(singleLine(`${label}: ${rule} | ${account} ${change.region} | ${change.resourceId}`), SUBJECT_MAX_LENGTH);
  const lines = [
    sentence,
    "",
    `Account:     ${change.accountId} (${name ?? "name not in the stack's inventory"})`,
    `Region:      ${change.region}`,
    `Rule:        ${rule}`,
    `Config rule: ${change.configRuleName} (its name in the account)`,
    `Resource:    ${change.resourceType} ${change.resourceId}`,
    `Compliance:  ${change.oldCompliance ?? "none (first evaluation)"} -> ${change.newCompliance}`,
    `Recorded:    ${change.recordedAt}`,
    ...(change.annotation ? [`Annotation:  ${change.annotation}`] : []),
    "",
    `Compliance timeline of the resource (signed in to account ${change.accountId}):`,
    complianceTimelineUrl(change),
    "",
  ];
  return { subject, body: lines.join("\n") };
}

/** The Config console's timeline of the resource, on its compliance events, in the resource's region. */
export function complianceTimelineUrl(change: Pick<ComplianceChange, "region" | "resourceType" | "resourceId">): string {
  const { region } = change;
  return `${consoleOrigin(region)}/config/home?region=${region}#/timeline/${change.resourceType}/${encodeURIComponent(change.resourceId)}/compliance`;
}

/** Console origin by partition, from the region's name. */
export function consoleOrigin(region: string): string {
  if (region.startsWith("us-gov-")) return "https://console.amazonaws-us-gov.com";
  if (region.startsWith("cn-")) return "https://console.amazonaws.cn";
  return `https://${region}.console.aws.amazon.com`;
}

/** Control characters (line breaks included) as spaces: SNS subjects take none. */
export function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ");
}

/** At most `max` UTF-16 units (never more characters than that), without splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = /[\ud800-\udbff]/.test(text.charAt(max - 4)) ? max - 4 : max - 3;
  return `${text.slice(0, cut)}...`;
}
