/**
 * Deterministic names of central resources. Member-account inputs point at
 * them (channels at the bucket and topics), so they must be known at preview,
 * before anything central exists: they are derived from config, never from
 * outputs.
 */
import type { Deployment } from "./domain";
import type { Partition } from "../aws/arns";

/** S3 bucket names: 3–63 chars, lowercase, digits, dots, hyphens. */
const MAX_BUCKET_NAME = 63;

/** Central delivery bucket in the log archive account, home region. */
export function defaultDeliveryBucketName(logArchiveAccountId: string, homeRegion: string): string {
  return `aws-config-org-${logArchiveAccountId}-${homeRegion}`.slice(0, MAX_BUCKET_NAME);
}

/**
 * Organization conformance pack delivery bucket in the security account, one
 * per governed region (AWS requires the `awsconfigconforms` prefix; a bucket
 * in the pack's own region avoids any cross-region delivery question).
 */
export function conformsBucketName(d: Pick<Deployment, "securityAccountId">, region: string): string {
  return `awsconfigconforms-${d.securityAccountId}-${region}`.slice(0, MAX_BUCKET_NAME);
}

/** SNS topic for Config notifications in one region of the security account. */
export const COMPLIANCE_TOPIC_NAME = "aws-config-org-notifications";

export function complianceTopicArn(d: Pick<Deployment, "partition" | "securityAccountId">, region: string): string {
  return `arn:${d.partition}:sns:${region}:${d.securityAccountId}:${COMPLIANCE_TOPIC_NAME}`;
}

/** The organization aggregator in the security account. */
export const AGGREGATOR_NAME = "aws-config-org";

/** Recorder and delivery channel names created by this program ("default" is what the console uses). */
export const RECORDER_NAME = "default";
export const DELIVERY_CHANNEL_NAME = "default";

/** `arn:<partition>:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig` */
export function configServiceLinkedRoleArn(partition: Partition, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

export function s3BucketArn(partition: Partition, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** The organization CloudTrail trail, unless `organizationTrail.name` says otherwise. */
export const DEFAULT_ORGANIZATION_TRAIL_NAME = "aws-config-org-organization-trail";

/** The organization trail's bucket in the log archive account, home region (its own: CloudTrail writes under `AWSLogs/` too). */
export function defaultTrailBucketName(logArchiveAccountId: string, homeRegion: string): string {
  return `aws-config-org-trail-${logArchiveAccountId}-${homeRegion}`.slice(0, MAX_BUCKET_NAME);
}

/** `arn:<partition>:cloudtrail:<homeRegion>:<management>:trail/<name>`: known before the trail exists, so policies can name it. */
export function trailArn(d: Pick<Deployment, "partition" | "homeRegion" | "managementAccountId">, name: string): string {
  return `arn:${d.partition}:cloudtrail:${d.homeRegion}:${d.managementAccountId}:trail/${name}`;
}
