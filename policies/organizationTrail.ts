/**
 * The organization CloudTrail trail (issue 16), when a stack declares one: a trail this
 * program declares is the organization's one multi-region trail with log file validation,
 * and its bucket is versioned, closed to the public and TLS only. A stack without a trail
 * has nothing to judge here (the trail is optional).
 */
import type { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";

import { bucketNamed, bucketStatements, coversBucketArn } from "./deliveryBucket";
import { conditionValues, coversAction, isAnyPrincipal } from "./policyDocument";
import { CLOUDTRAIL_TRAIL, S3_BUCKET_PUBLIC_ACCESS_BLOCK, S3_BUCKET_VERSIONING } from "./tokens";
import { declaredName, knownOrUndefined, listOf, ofTypes } from "./view";

/** Settings an organization trail must have, each `true`. */
const REQUIRED_TRAIL_FLAGS = ["isOrganizationTrail", "isMultiRegionTrail", "enableLogFileValidation", "includeGlobalServiceEvents"] as const;
const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const cloudtrailOrganizationTrailSettings: StackValidationPolicy = {
  name: "cloudtrail-organization-trail-settings",
  description: "Checks whether a declared trail is an organization trail, multi-region, with global service events and log file validation.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const trail of ofTypes(args.resources, CLOUDTRAIL_TRAIL)) {
      // `includeGlobalServiceEvents` defaults to true in CloudTrail; the others default to false.
      const off = REQUIRED_TRAIL_FLAGS.filter(
        (flag) => trail.props[flag] !== true && !(flag === "includeGlobalServiceEvents" && trail.props[flag] === undefined),
      );
      if (off.length > 0) {
        reportViolation(
          `Trail \`${declaredName(trail)}\` does not set ${listOf([...off])} to true: the organization trail records every account and region, and validates its log files.`,
          trail.urn,
        );
      }
    }
  },
};

export const cloudtrailOneOrganizationTrail: StackValidationPolicy = {
  name: "cloudtrail-one-organization-trail",
  description: "Checks whether a stack declares at most one organization trail (each further one bills every management event of every account again).",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    const trails = ofTypes(args.resources, CLOUDTRAIL_TRAIL).filter((t) => t.props.isOrganizationTrail === true);
    for (const extra of trails.slice(1)) {
      reportViolation(`Trail \`${declaredName(extra)}\` is a second organization trail beside \`${declaredName(trails[0]!)}\`: keep one.`, extra.urn);
    }
  },
};

interface SelectorView {
  readonly name?: string;
  readonly fieldSelectors?: readonly { readonly field?: string; readonly equals?: readonly string[] }[];
}

/**
 * Whether a trail's selectors log every management event: no selectors (CloudTrail's default),
 * or an advanced selector on `eventCategory = Management` with no further condition (a
 * `readOnly` condition would drop reads or writes). Basic `eventSelectors` are not used here.
 */
function logsAllManagementEvents(trail: PolicyResource): boolean {
  const advanced = (knownOrUndefined(() => trail.props.advancedEventSelectors) ?? []) as readonly SelectorView[];
  const basic = (knownOrUndefined(() => trail.props.eventSelectors) ?? []) as readonly { includeManagementEvents?: boolean; readWriteType?: string }[];
  if (basic.length > 0) return basic.some((b) => b.includeManagementEvents !== false && (b.readWriteType ?? "All") === "All");
  if (advanced.length === 0) return true;
  return advanced.some((s) => {
    const fields = s.fieldSelectors ?? [];
    return fields.length === 1 && fields[0]!.field === "eventCategory" && (fields[0]!.equals ?? []).includes("Management");
  });
}

export const cloudtrailLogsManagementEvents: StackValidationPolicy = {
  name: "cloudtrail-logs-management-events",
  description: "Checks whether a declared trail still logs every management event (read and write) when it selects data events.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const trail of ofTypes(args.resources, CLOUDTRAIL_TRAIL)) {
      if (!logsAllManagementEvents(trail)) {
        reportViolation(
          `Trail \`${declaredName(trail)}\` has event selectors but none selects every management event: a trail with advanced event selectors logs only what they select, so add one on \`eventCategory\` = \`Management\` alone.`,
          trail.urn,
        );
      }
    }
  },
};

/** Versioning, the public access block and the TLS-only statement of one trail's bucket. */
function checkTrailBucket(resources: readonly PolicyResource[], trail: PolicyResource, reportViolation: ReportViolation): void {
  const name = knownOrUndefined(() => trail.props.s3BucketName);
  if (typeof name !== "string") return;
  const bucket = bucketNamed(resources, name);
  if (!bucket) return; // A bucket this stack does not declare is another owner's: nothing here to judge.
  const where = `Bucket \`${name}\` of trail \`${declaredName(trail)}\``;
  const versioned = bucket
    .companions(S3_BUCKET_VERSIONING)
    .some((v) => (v.props.versioningConfiguration as { status?: string } | undefined)?.status === "Enabled");
  if (!versioned)
    reportViolation(`${where} is not versioned: declare a \`BucketVersioning\` with \`versioningConfiguration.status: Enabled\`.`, bucket.resource.urn);
  const blocked = bucket.companions(S3_BUCKET_PUBLIC_ACCESS_BLOCK).some((b) => PUBLIC_ACCESS_FLAGS.every((flag) => b.props[flag] === true));
  if (!blocked)
    reportViolation(
      `${where} does not block public access: declare a \`BucketPublicAccessBlock\` with ${listOf([...PUBLIC_ACCESS_FLAGS])} all true.`,
      bucket.resource.urn,
    );
  const { statements, urn } = bucketStatements(bucket, reportViolation);
  const tlsOnly = statements.some(
    (s) =>
      s.effect === "Deny" &&
      isAnyPrincipal(s) &&
      coversAction(s, "s3:PutObject") &&
      coversAction(s, "s3:GetObject") &&
      coversBucketArn(s, name, "") &&
      coversBucketArn(s, name, "/AWSLogs/") &&
      (conditionValues(s, "Bool", "aws:SecureTransport") ?? []).includes("false"),
  );
  if (!tlsOnly)
    reportViolation(`${where} accepts requests without TLS: deny \`s3:*\` on the bucket and its objects when \`aws:SecureTransport\` is \`false\`.`, urn);
}

export const cloudtrailBucketProtected: StackValidationPolicy = {
  name: "cloudtrail-bucket-protected",
  description: "Checks whether the bucket of a declared trail is versioned, blocks public access and refuses requests without TLS.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const trail of ofTypes(args.resources, CLOUDTRAIL_TRAIL)) checkTrailBucket(args.resources, trail, reportViolation);
  },
};

export const organizationTrailPolicies: readonly StackValidationPolicy[] = [
  cloudtrailOrganizationTrailSettings,
  cloudtrailOneOrganizationTrail,
  cloudtrailBucketProtected,
  cloudtrailLogsManagementEvents,
];
