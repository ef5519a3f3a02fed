/**
 * Stack outputs: what a security engineer reads after `pulumi up`, and what
 * reports and other stacks consume. Coverage is derived from the same places
 * the recorders were built from, so the two cannot disagree.
 */
import * as pulumi from "@pulumi/pulumi";

import { placesOf, type Deployment } from "../config/domain";
import { s3BucketArn } from "../config/names";
import type { Central } from "./central/central";
import type { OrganizationLayer } from "./central/organizationLayer";

export interface CoverageEntry {
  readonly name: string;
  readonly profile: string;
  readonly functions: readonly string[];
  readonly regions: Readonly<Record<string, { readonly globalTypes: boolean; readonly adopted?: string }>>;
}

export function coverageOf(deployment: Deployment): Record<string, CoverageEntry> {
  const coverage: Record<
    string,
    { name: string; profile: string; functions: readonly string[]; regions: Record<string, { globalTypes: boolean; adopted?: string }> }
  > = {};
  for (const place of placesOf(deployment)) {
    const a = place.account;
    coverage[a.id] ??= { name: a.name, profile: a.profile.name, functions: a.functions, regions: {} };
    const adopted = a.adopt[place.region.name];
    coverage[a.id]!.regions[place.region.name] = { globalTypes: place.recordsGlobalTypes, ...(adopted ? { adopted } : {}) };
  }
  return coverage;
}

export function stackOutputs(deployment: Deployment, central: Central | undefined, organization: OrganizationLayer | undefined) {
  const packsByRegion = organization ? Object.fromEntries(Object.entries(organization.packs).map(([region, packs]) => [region, Object.keys(packs)])) : {};
  return {
    coverage: coverageOf(deployment),
    excludedAccounts: deployment.excluded.map((a) => ({ id: a.id, name: a.name, reason: a.reason })),
    governedRegions: deployment.regions.map((r) => r.name),
    shard: deployment.shard,
    deliveryBucket: central
      ? { name: central.delivery.bucketName, arn: central.delivery.bucket.bucket.arn }
      : { name: deployment.delivery.bucketName, arn: pulumi.output(s3BucketArn(deployment.partition, deployment.delivery.bucketName)) },
    aggregatorArn: organization?.aggregator.arn,
    packsByRegion,
  };
}
