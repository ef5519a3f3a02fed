/**
 * Stack policies over all ConfigRecorders: every place in scope has exactly
 * one, global IAM types are recorded once per account, and every channel
 * writes to the one central bucket.
 *
 * Stack policies read resource outputs; the multi-account provider's outputs
 * carry its inputs (accountId, region, recorder, deliveryChannel), which is
 * what these policies read.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type AccountFact, type DeploymentFacts } from "./facts";
import { CONFIG_RECORDER, S3_BUCKET } from "./tokens";
import {
  knownOrUndefined,
  ofTypes,
  placeName,
  providerAccountId,
  recordedEveryRegionGlobalTypes,
  recordedGlobalIamTypes,
  type ConfigRecorderView,
} from "./view";

interface RecorderAt {
  readonly resource: PolicyResource;
  readonly view: ConfigRecorderView;
}

function recordersOf(resources: readonly PolicyResource[]): RecorderAt[] {
  return ofTypes(resources, CONFIG_RECORDER).map((resource) => ({
    resource,
    view: resource.props as ConfigRecorderView,
  }));
}

function accountLabel(account: AccountFact): string {
  return account.name ? `Account ${account.id} (${account.name})` : `Account ${account.id}`;
}

export const configRecorderCoverage: StackValidationPolicy = {
  name: "config-recorder-coverage",
  description: "Checks whether every in-scope account has exactly one ConfigRecorder in each of its governed regions, and none elsewhere.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("accounts", "excludedAccountIds", "shard"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(configRecorderCoverage.name, args.getConfig<Partial<DeploymentFacts>>(), "accounts", "excludedAccountIds", "shard");
    const byPlace = new Map<string, RecorderAt[]>();
    const accounts = new Map(facts.accounts.map((a) => [a.id, a]));
    for (const recorder of recordersOf(args.resources)) {
      const { accountId, region } = recorder.view;
      const account = accountId === undefined ? undefined : accounts.get(accountId);
      const place = placeName(accountId, region);
      if (accountId !== undefined && facts.excludedAccountIds.includes(accountId)) {
        reportViolation(`ConfigRecorder of ${place} targets an account the inventory excludes: remove it.`, recorder.resource.urn);
      } else if (!account) {
        reportViolation(
          `ConfigRecorder of ${place} targets an account outside shard \`${facts.shard.name}\`: remove it or add the account to the inventory.`,
          recorder.resource.urn,
        );
      } else if (region === undefined || !account.regions.includes(region)) {
        reportViolation(
          `ConfigRecorder of ${place} is outside the account's governed regions (${account.regions.join(", ")}): remove it.`,
          recorder.resource.urn,
        );
      } else {
        const key = `${accountId}@${region}`;
        byPlace.set(key, [...(byPlace.get(key) ?? []), recorder]);
      }
    }
    for (const account of facts.accounts) {
      const missing = account.regions.filter((region) => !byPlace.has(`${account.id}@${region}`));
      if (missing.length > 0) {
        reportViolation(`${accountLabel(account)} has no ConfigRecorder in ${missing.join(", ")}.`);
      }
      for (const region of account.regions) {
        const recorders = byPlace.get(`${account.id}@${region}`) ?? [];
        if (recorders.length > 1) {
          reportViolation(
            `${accountLabel(account)} has ${recorders.length} ConfigRecorders in ${region}: AWS allows one per account and region; keep one.`,
            recorders[1].resource.urn,
          );
        }
      }
    }
  },
};

export const configGlobalResourceTypesSingleRegion: StackValidationPolicy = {
  name: "config-global-resource-types-single-region",
  description:
    "Checks whether each in-scope account records the global IAM resource types in exactly one region (its global-types region), and AWS::RDS::GlobalCluster, which AWS records in every region unless excluded, in no other region.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("accounts", "governedRegions", "homeRegion"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(
      configGlobalResourceTypesSingleRegion.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "accounts",
      "governedRegions",
      "homeRegion",
    );
    const supportsGlobal = new Map(facts.governedRegions.map((r) => [r.name, r.supportsGlobalIamTypes]));
    const recorders = recordersOf(args.resources);
    for (const account of facts.accounts) {
      const own = recorders.filter((r) => r.view.accountId === account.id);
      if (own.length === 0) {
        // config-recorder-coverage names the missing places.
        continue;
      }
      const expectedRegion = account.globalTypesRegion ?? facts.homeRegion;
      for (const r of own.filter((r) => r.view.region !== expectedRegion)) {
        const everywhere = recordedEveryRegionGlobalTypes(r.view.recorder?.recordingGroup);
        if (everywhere.length > 0) {
          reportViolation(
            `${accountLabel(account)} records ${everywhere.map((t) => `\`${t}\``).join(", ")} in ${r.view.region ?? "(no region)"}: AWS records it in every region ` +
              `where a recorder runs unless the recorder excludes it by name, so exclude it there (EXCLUSION_BY_RESOURCE_TYPES) and record it only in ${expectedRegion}.`,
            r.resource.urn,
          );
        }
      }
      const requested = own.filter((r) => recordedGlobalIamTypes(r.view.recorder?.recordingGroup).length > 0);
      // AWS records them only where Config ran before Feb 2022; unknown regions count, to be safe.
      const effective = requested.filter((r) => supportsGlobal.get(r.view.region ?? "") !== false);
      const ineffective = requested.filter((r) => !effective.includes(r));
      const expected = account.globalTypesRegion ?? facts.homeRegion;
      const regionsOf = (list: RecorderAt[]) => list.map((r) => r.view.region ?? "(no region)").sort();
      if (effective.length === 0) {
        const note = ineffective.length > 0 ? ` (${regionsOf(ineffective).join(", ")} ask for them, but AWS does not record them there)` : "";
        reportViolation(`${accountLabel(account)} records the global IAM resource types in no region${note}: record them in ${expected}.`);
      } else if (effective.length > 1) {
        const stray = effective.find((r) => r.view.region !== expected) ?? effective[1];
        reportViolation(
          `${accountLabel(account)} records the global IAM resource types in ${effective.length} regions ` +
            `(${regionsOf(effective).join(", ")}): record them only in ${expected}.`,
          stray.resource.urn,
        );
      } else if (account.globalTypesRegion !== undefined && effective[0].view.region !== account.globalTypesRegion) {
        reportViolation(
          `${accountLabel(account)} records the global IAM resource types in ${effective[0].view.region}, ` +
            `not in its global-types region ${account.globalTypesRegion}.`,
          effective[0].resource.urn,
        );
      }
    }
  },
};

export const configDeliveryChannelCentralBucket: StackValidationPolicy = {
  name: "config-delivery-channel-central-bucket",
  description:
    "Checks whether every delivery channel writes to the one central bucket, declared in the log archive account by the stack that owns the central resources.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("deliveryBucketName", "logArchiveAccountId", "deployerAccountId", "shard"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(
      configDeliveryChannelCentralBucket.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "deliveryBucketName",
      "logArchiveAccountId",
      "deployerAccountId",
      "shard",
    );
    const central = facts.deliveryBucketName;
    for (const recorder of recordersOf(args.resources)) {
      const bucket = recorder.view.deliveryChannel?.s3BucketName;
      if (bucket !== central) {
        reportViolation(
          `Delivery channel of ${placeName(recorder.view.accountId, recorder.view.region)} writes to ` +
            `\`${bucket ?? "(no deliveryChannel.s3BucketName)"}\`, not the central bucket \`${central}\`.`,
          recorder.resource.urn,
        );
      }
    }
    if (!facts.shard.ownsCentral) {
      return;
    }
    const buckets = ofTypes(args.resources, S3_BUCKET).filter((b) => knownOrUndefined(() => b.props.bucket) === central);
    if (buckets.length === 0) {
      reportViolation(
        `The central bucket \`${central}\` is not declared in this stack, which owns the central resources: ` + "declare it with that exact `bucket` name.",
      );
    }
    for (const bucket of buckets) {
      const account = providerAccountId(bucket.provider, facts.deployerAccountId);
      if (account !== facts.logArchiveAccountId) {
        reportViolation(
          `The central bucket \`${central}\` is made in account ${account}, not the log archive account ` +
            `${facts.logArchiveAccountId}: give it the log archive account's provider.`,
          bucket.urn,
        );
      }
    }
  },
};

export const coveragePolicies: readonly StackValidationPolicy[] = [
  configRecorderCoverage,
  configGlobalResourceTypesSingleRegion,
  configDeliveryChannelCentralBucket,
];
