/**
 * The organization CloudTrail trail (stack `organizationTrail`): one multi-region trail in the
 * management account for every account of the organization, writing to its own bucket in the
 * log archive account (protected and retained like the Config bucket), optionally encrypted
 * with a key for CloudTrail and copied to a CloudWatch Logs group. Trusted access for
 * `cloudtrail.amazonaws.com` comes from components/central/organizationAccess.ts.
 * Facts and URLs: components/central/trailPolicies.ts, docs/aws-constraints.md (CloudTrail).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import { logGroupArn, type Partition } from "../../aws/arns";
import type { OrganizationTrail as TrailSettings } from "../../config/domain";
import { trailArn } from "../../config/names";
import { advancedEventSelectorsOf } from "../../config/trailSelectors";
import { SecureBucket } from "./secureBucket";
import { trailBucketPolicy, trailKeyPolicy, trailLogsDeliveryPolicy, trailLogsTrustPolicy, type TrailPlace } from "./trailPolicies";
import { CENTRAL_TYPES } from "./typeTokens";

export interface OrganizationTrailArgs {
  readonly partition: Partition;
  /** The trail and its bucket, key and log group live in the home region. */
  readonly homeRegion: string;
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly logArchiveAccountId: string;
  readonly settings: TrailSettings;
  readonly managementProvider: aws.Provider;
  readonly logArchiveProvider: aws.Provider;
  /** Trusted access for CloudTrail: an organization trail cannot be created before it. */
  readonly trustedAccess: pulumi.Resource;
}

export class OrganizationTrail extends pulumi.ComponentResource {
  readonly trail: aws.cloudtrail.Trail;
  readonly bucket: SecureBucket;
  readonly key?: aws.kms.Key;
  readonly logGroup?: aws.cloudwatch.LogGroup;
  /** The log group's name, known at preview (role alarms filter it). */
  readonly logGroupName?: string;

  constructor(name: string, args: OrganizationTrailArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CENTRAL_TYPES.OrganizationTrail, name, {}, opts);
    const { settings, partition, organizationId, managementAccountId } = args;
    const region = args.homeRegion;
    const place: TrailPlace = {
      partition,
      managementAccountId,
      organizationId,
      trailArn: trailArn(args, settings.name),
    };
    const inLogArchive = { parent: this, provider: args.logArchiveProvider };
    const inManagement = { parent: this, provider: args.managementProvider };

    if (settings.kms) {
      this.key = new aws.kms.Key(
        "trail-key",
        {
          region,
          description: `CloudTrail organization trail ${settings.name} of ${organizationId}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: JSON.stringify(trailKeyPolicy({ ...place, keyAccountId: args.logArchiveAccountId })),
        },
        { ...inLogArchive, protect: true, retainOnDelete: true },
      );
      new aws.kms.Alias("trail-key-alias", { region, name: "alias/aws-config-org-trail", targetKeyId: this.key.keyId }, inLogArchive);
    }

    this.bucket = new SecureBucket(
      "trail",
      {
        bucketName: settings.bucketName,
        region,
        policy: trailBucketPolicy({ ...place, bucketName: settings.bucketName }),
        ...(this.key ? { kmsKeyArn: this.key.arn } : {}),
        protect: true,
      },
      inLogArchive,
    );

    let logs: { cloudWatchLogsGroupArn: string; cloudWatchLogsRoleArn: pulumi.Output<string> } | undefined;
    const logsReady: pulumi.Resource[] = [];
    if (settings.cloudWatchLogs) {
      const groupName = `/aws-config-org/cloudtrail/${settings.name}`;
      this.logGroupName = groupName;
      const groupArn = logGroupArn(partition, region, managementAccountId, groupName);
      this.logGroup = new aws.cloudwatch.LogGroup(
        "trail-logs",
        { region, name: groupName, retentionInDays: settings.cloudWatchLogs.retentionDays },
        inManagement,
      );
      const role = new aws.iam.Role(
        "trail-logs-role",
        {
          name: "aws-config-org-trail-logs",
          description: `Lets CloudTrail deliver trail ${settings.name} to ${groupName}`,
          assumeRolePolicy: JSON.stringify(trailLogsTrustPolicy(place)),
        },
        inManagement,
      );
      const delivery = new aws.iam.RolePolicy(
        "trail-logs-delivery",
        {
          role: role.name,
          policy: JSON.stringify(trailLogsDeliveryPolicy(groupArn)),
        },
        inManagement,
      );
      logs = { cloudWatchLogsGroupArn: `${groupArn}:*`, cloudWatchLogsRoleArn: role.arn };
      // CloudTrail checks it can deliver when the trail is created: the group and the role's policy must exist first.
      logsReady.push(this.logGroup, delivery);
    }

    // Without data events no selectors: CloudTrail's default, every management event.
    const selectors = advancedEventSelectorsOf(settings.dataEvents);
    this.trail = new aws.cloudtrail.Trail(
      "organization-trail",
      {
        name: settings.name,
        region,
        s3BucketName: settings.bucketName,
        isOrganizationTrail: true,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        enableLogging: true,
        ...(this.key ? { kmsKeyId: this.key.arn } : {}),
        ...(logs ?? {}),
        ...(selectors.length > 0
          ? {
              advancedEventSelectors: selectors.map((s) => ({
                name: s.name,
                fieldSelectors: s.fieldSelectors.map((f) => ({
                  field: f.field,
                  ...(f.equals ? { equals: [...f.equals] } : {}),
                  ...(f.startsWiths ? { startsWiths: [...f.startsWiths] } : {}),
                })),
              })),
            }
          : {}),
      },
      { ...inManagement, dependsOn: [this.bucket.policy, args.trustedAccess, ...logsReady] },
    );

    this.registerOutputs({ trailArn: this.trail.arn, bucketName: settings.bucketName });
  }
}
