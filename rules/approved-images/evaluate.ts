/**
 * Decides whether one EC2 instance runs an approved image. Pure: the handler
 * gathers the facts (instance, image as the instance's account sees it).
 */
import type { AllowList, AllowListEntry } from "./allowList";

export type ComplianceType = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";

/** What DescribeImages tells the instance's account about an image. */
export interface ImageFacts {
  readonly imageId: string;
  readonly ownerId?: string;
  /** `amazon`, `aws-marketplace`… for images owned by AWS or the Marketplace. */
  readonly ownerAlias?: string;
  readonly name?: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface InstanceFacts {
  readonly instanceId: string;
  readonly imageId: string;
  /** EC2 state name (`running`, `stopped`, `terminated`…), when known. */
  readonly state?: string;
}

export interface Verdict {
  readonly complianceType: ComplianceType;
  /** PutEvaluations `Annotation`: at most 256 characters. */
  readonly annotation: string;
  /** The first matching entry's description (or `entries[i]`), for compliant instances. */
  readonly matchedEntry?: string;
}

/** Instances in these states no longer run anything. */
const GONE_STATES = new Set(["shutting-down", "terminated"]);
export const MAX_ANNOTATION = 256;

/** `*` matches any run of characters, `?` exactly one; everything else literally; whole name. */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`);
}

/** Whether an image satisfies every criterion the entry gives. Without image facts only `imageIds` can match. */
export function entryMatches(entry: AllowListEntry, imageId: string, image: ImageFacts | undefined): boolean {
  if (entry.imageIds && !entry.imageIds.includes(imageId)) return false;
  if (entry.ownerAccountIds) {
    if (!image) return false;
    const owners = [image.ownerId, image.ownerAlias].filter((o): o is string => o !== undefined);
    if (!entry.ownerAccountIds.some((o) => owners.includes(o))) return false;
  }
  if (entry.namePatterns) {
    if (!image?.name) return false;
    const name = image.name;
    if (!entry.namePatterns.some((p) => globToRegExp(p).test(name))) return false;
  }
  if (entry.tags) {
    if (!image) return false;
    for (const [key, value] of Object.entries(entry.tags)) {
      const actual = image.tags[key];
      if (actual === undefined || (value !== "*" && actual !== value)) return false;
    }
  }
  return true;
}

export function evaluateInstance(instance: InstanceFacts, image: ImageFacts | undefined, allowList: AllowList): Verdict {
  if (instance.state && GONE_STATES.has(instance.state)) {
    return { complianceType: "NOT_APPLICABLE", annotation: `Instance is ${instance.state}.` };
  }
  const index = allowList.entries.findIndex((entry) => entryMatches(entry, instance.imageId, image));
  if (index >= 0) {
    const entry = allowList.entries[index]!;
    const matchedEntry = entry.description ?? `entries[${index}]`;
    return { complianceType: "COMPLIANT", annotation: truncate(`Image ${instance.imageId} is approved by: ${matchedEntry}.`), matchedEntry };
  }
  const about = image
    ? `owner ${image.ownerAlias ?? image.ownerId ?? "unknown"}, name ${JSON.stringify(image.name ?? "")}`
    : "its details are not visible to this account (deregistered or no longer shared)";
  return {
    complianceType: "NON_COMPLIANT",
    annotation: truncate(`Image ${instance.imageId} (${about}) matches no entry of the approved-images allow-list.`),
  };
}

function truncate(text: string): string {
  return text.length <= MAX_ANNOTATION ? text : `${text.slice(0, MAX_ANNOTATION - 1)}…`;
}
