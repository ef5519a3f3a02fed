/**
 * Findings for a SIEM: one JSON line per evaluated instance, one object per
 * invocation, under Hive-style partitions (`year=/month=/day=/account=/region=`)
 * that Athena and most SIEM S3 collectors read as columns.
 */
import type { ComplianceType, ImageFacts } from "./evaluate";

export interface Finding {
  readonly evaluatedAt: string;
  readonly accountId: string;
  readonly region: string;
  readonly configRuleName: string;
  readonly resourceType: "AWS::EC2::Instance";
  readonly resourceId: string;
  readonly imageId: string | null;
  readonly imageOwner: string | null;
  readonly imageName: string | null;
  readonly complianceType: ComplianceType;
  readonly annotation: string;
  readonly matchedEntry: string | null;
}

export function findingOf(args: {
  evaluatedAt: Date;
  accountId: string;
  region: string;
  configRuleName: string;
  instanceId: string;
  imageId?: string;
  image?: ImageFacts;
  complianceType: ComplianceType;
  annotation: string;
  matchedEntry?: string;
}): Finding {
  return {
    evaluatedAt: args.evaluatedAt.toISOString(),
    accountId: args.accountId,
    region: args.region,
    configRuleName: args.configRuleName,
    resourceType: "AWS::EC2::Instance",
    resourceId: args.instanceId,
    imageId: args.imageId ?? null,
    imageOwner: args.image ? (args.image.ownerAlias ?? args.image.ownerId ?? null) : null,
    imageName: args.image?.name ?? null,
    complianceType: args.complianceType,
    annotation: args.annotation,
    matchedEntry: args.matchedEntry ?? null,
  };
}

/** `<prefix>/year=YYYY/month=MM/day=DD/account=<id>/region=<region>/<invocationId>.ndjson` (UTC date). */
export function findingsKey(prefix: string, args: { at: Date; accountId: string; region: string; invocationId: string }): string {
  const iso = args.at.toISOString();
  const [year, month, day] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const base = prefix.replace(/\/+$/, "");
  const id = args.invocationId.replace(/[^A-Za-z0-9-]/g, "_");
  return `${base}/year=${year}/month=${month}/day=${day}/account=${args.accountId}/region=${args.region}/${id}.ndjson`;
}

export function findingsBody(findings: readonly Finding[]): string {
  return findings.map((f) => JSON.stringify(f)).join("\n") + "\n";
}
