/**
 * In the security account (delegated administrator): the organization
 * aggregator, organization conformance packs in every governed region, and
 * stored advanced queries. Built after the recorders: a pack's rules need a
 * recorder in each account (`NoAvailableConfigurationRecorder`).
 */
import * as crypto from "crypto";

import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";

import { AGGREGATOR_NAME, conformsBucketName } from "../../config/names";
import { conformsBucketPolicy } from "./bucketPolicies";
import { STORED_QUERIES } from "./storedQueries";
import { SecureBucket } from "./secureBucket";
import type { OrganizationPacksByRegion } from "../../packs/packPlan";
import type { OrganizationScope } from "./organizationScope";
import { CENTRAL_TYPES } from "./typeTokens";

/** The scope: the aggregator (home region) reads every governed region; packs go to each. */
export interface OrganizationLayerArgs extends OrganizationScope {
  readonly securityProvider: aws.Provider;
  readonly nativeSecurityProvider: awsnative.Provider;
  /** By pack with `targets`, by region: the accounts it skips (the scope's `excludedAccounts` and those outside its targets). */
  readonly targetedExclusions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** The pack plan's organization packs, cut per region (packs/packPlan.ts). */
  readonly packs: OrganizationPacksByRegion;
  /** Delegated administration (or, when the management account acts as administrator, trusted access) must be in place before the aggregator and packs. */
  readonly delegatedAdministration: readonly pulumi.Resource[];
  /** What a region's packs wait for: the recorders there (and remediation roles). */
  readonly readyInRegion: (region: string) => pulumi.Input<pulumi.Resource>[];
}

export class OrganizationLayer extends pulumi.ComponentResource {
  readonly aggregator: aws.cfg.ConfigurationAggregator;
  readonly aggregatorRole: aws.iam.Role;
  /** By region, then pack name. */
  readonly packs: Readonly<Record<string, Readonly<Record<string, aws.cfg.OrganizationConformancePack>>>>;
  /** Packs (built-in or template) left out of a region because AWS offers none of their rules there: region -> pack names. */
  readonly skippedPacks: Readonly<Record<string, readonly string[]>>;
  readonly storedQueries: readonly awsnative.configuration.StoredQuery[];
  private readonly securityAccountId: string;

  constructor(name: string, args: OrganizationLayerArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CENTRAL_TYPES.OrganizationLayer, name, {}, opts);
    const { partition, securityAccountId, organizationId } = args;
    this.securityAccountId = securityAccountId;
    const child = { parent: this, provider: args.securityProvider };
    const regions = [...args.regions];

    // Aggregator: its own role, with the managed policy AWS documents for organization aggregators.
    this.aggregatorRole = new aws.iam.Role(
      "aggregator-role",
      {
        name: "aws-config-org-aggregator",
        description: "Lets AWS Config read the organization's account list for the aws-config-org aggregator",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { Service: "config.amazonaws.com" },
              Action: "sts:AssumeRole",
              Condition: { StringEquals: { "aws:SourceAccount": securityAccountId } },
            },
          ],
        }),
      },
      child,
    );
    const aggregatorPolicy = new aws.iam.RolePolicyAttachment(
      "aggregator-role-policy",
      {
        role: this.aggregatorRole.name,
        policyArn: `arn:${partition}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`,
      },
      child,
    );
    this.aggregator = new aws.cfg.ConfigurationAggregator(
      "aggregator",
      {
        name: AGGREGATOR_NAME,
        region: args.homeRegion,
        organizationAggregationSource: { regions, allRegions: false, roleArn: this.aggregatorRole.arn },
      },
      { ...child, dependsOn: [aggregatorPolicy, ...args.delegatedAdministration] },
    );

    // Conformance packs: one declaration, deployed in every governed region, each with the region's
    // own body as the pack plan cut it (rules AWS does not offer there left out). Template packs'
    // remediations are not in their organization body: they are delivered per account.
    const packs: Record<string, Record<string, aws.cfg.OrganizationConformancePack>> = {};
    const skipped: Record<string, string[]> = {};
    for (const region of regions) {
      packs[region] = {};
      // A built-in pack whose every rule is remediated has no organization pack: its rules are all in the account packs.
      const regional = (args.packs[region] ?? []).filter((p) => !p.detectionFree);
      // A pack with no rule AWS offers here is skipped in this region (the plan says so).
      skipped[region] = regional.filter((p) => p.empty).map((p) => p.name);
      const bodies = regional.filter((p) => !p.empty);
      if (bodies.length === 0) continue;
      const bucketName = conformsBucketName(args, region);
      const bucket = new SecureBucket(
        `conforms-${region}`,
        {
          bucketName,
          region,
          policy: conformsBucketPolicy({ partition, bucketName, organizationId }),
          protect: false,
        },
        child,
      );
      for (const pack of bodies) {
        const template = pack.fitsInline
          ? { templateBody: pack.body }
          : { templateS3Uri: this.uploadTemplate(pack.name, pack.body, region, bucket, args.securityProvider) };
        packs[region][pack.name] = new aws.cfg.OrganizationConformancePack(
          `pack-${pack.name}-${region}`,
          {
            name: pack.name,
            region,
            deliveryS3Bucket: bucketName,
            // With `packs[i].targets`: every account in scope outside them too (config/packTargets.ts).
            excludedAccounts: [...(args.targetedExclusions[pack.name]?.[region] ?? args.excludedAccounts[region] ?? [])],
            ...(pack.inputParameters.length > 0
              ? { inputParameters: pack.inputParameters.map((p) => ({ parameterName: p.parameterName, parameterValue: p.parameterValue })) }
              : {}),
            ...template,
          },
          { ...child, dependsOn: [bucket.policy, ...args.delegatedAdministration, ...args.readyInRegion(region)] },
        );
      }
    }
    this.skippedPacks = skipped;
    this.packs = packs;

    // Stored queries: the questions a security team asks daily, ready in the console and for `npm run report`.
    this.storedQueries = STORED_QUERIES.map(
      (q) =>
        new awsnative.configuration.StoredQuery(
          `query-${q.name}`,
          {
            queryName: q.name,
            queryDescription: q.description,
            queryExpression: q.expression,
          },
          { parent: this, provider: args.nativeSecurityProvider },
        ),
    );

    this.registerOutputs({ aggregatorArn: this.aggregator.arn, packs: this.packs });
  }

  /** Templates over the inline limit go to the region's conforms bucket, content-addressed. */
  private uploadTemplate(name: string, body: string, region: string, bucket: SecureBucket, provider: aws.Provider): pulumi.Output<string> {
    const digest = crypto.createHash("sha256").update(body).digest("hex").slice(0, 16);
    const key = `templates/${name}-${digest}.yaml`;
    const object = new aws.s3.BucketObjectv2(
      `pack-template-${name}-${region}`,
      {
        bucket: bucket.bucket.id,
        region,
        key,
        content: body,
        contentType: "application/x-yaml",
      },
      { parent: this, provider, dependsOn: [bucket.policy] },
    );
    // The bucket's deterministic name (known at preview); the object's key carries the dependency on the upload.
    return pulumi.interpolate`s3://${conformsBucketName({ securityAccountId: this.securityAccountId }, region)}/${object.key}`;
  }
}
