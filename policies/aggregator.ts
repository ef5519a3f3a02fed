/**
 * One organization aggregator, in the security account (the delegated
 * administrator; in a one-account stack the management account, which acts as
 * the administrator itself), covering every governed region.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { CONFIG_AGGREGATOR, NATIVE_CONFIG_AGGREGATOR } from "./tokens";
import { asArray, ofTypes, providerAccountId } from "./view";

/** `organizationAggregationSource` in either provider's names (aws: `regions`/`allRegions`; aws-native: `awsRegions`/`allAwsRegions`). */
interface OrganizationSourceView {
  readonly allRegions?: boolean;
  readonly allAwsRegions?: boolean;
  readonly regions?: readonly string[];
  readonly awsRegions?: readonly string[];
  readonly roleArn?: string;
}

function organizationSource(aggregator: PolicyResource): OrganizationSourceView | undefined {
  const source = aggregator.props.organizationAggregationSource as OrganizationSourceView | undefined;
  return source && typeof source === "object" ? source : undefined;
}

function aggregatorName(aggregator: PolicyResource): string {
  const props = aggregator.props as { name?: string; configurationAggregatorName?: string };
  return props.name ?? props.configurationAggregatorName ?? aggregator.name;
}

export const configOrganizationAggregator: StackValidationPolicy = {
  name: "config-organization-aggregator",
  description:
    "Checks whether the stack that owns the central resources declares exactly one organization aggregator, in the security account, covering every governed region.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("securityAccountId", "deployerAccountId", "governedRegions", "shard"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(
      configOrganizationAggregator.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "securityAccountId",
      "deployerAccountId",
      "governedRegions",
      "shard",
    );
    const aggregators = ofTypes(args.resources, [CONFIG_AGGREGATOR, NATIVE_CONFIG_AGGREGATOR]).filter((a) => organizationSource(a) !== undefined);
    if (!facts.shard.ownsCentral) {
      for (const aggregator of aggregators) {
        reportViolation(
          `Shard \`${facts.shard.name}\` does not own the central resources, yet declares organization aggregator ` +
            `\`${aggregatorName(aggregator)}\`: the organization has one, in the stack that owns the central resources.`,
          aggregator.urn,
        );
      }
      return;
    }
    if (aggregators.length === 0) {
      reportViolation(
        `No organization aggregator is declared: add one in the security account ${facts.securityAccountId} ` + "with an `organizationAggregationSource`.",
      );
      return;
    }
    if (aggregators.length > 1) {
      reportViolation(
        `${aggregators.length} organization aggregators are declared (${aggregators.map(aggregatorName).join(", ")}): keep one.`,
        aggregators[1].urn,
      );
    }
    for (const aggregator of aggregators) {
      const name = aggregatorName(aggregator);
      const account = providerAccountId(aggregator.provider, facts.deployerAccountId);
      if (account !== facts.securityAccountId) {
        reportViolation(
          `Organization aggregator \`${name}\` is made in account ${account}, not the security account ` +
            `${facts.securityAccountId}: give it the security account's provider.`,
          aggregator.urn,
        );
      }
      const source = organizationSource(aggregator) ?? {};
      if (source.allRegions === true || source.allAwsRegions === true) {
        continue;
      }
      const covered = new Set([...asArray(source.regions), ...asArray(source.awsRegions)]);
      const missing = facts.governedRegions.map((r) => r.name).filter((r) => !covered.has(r));
      if (missing.length > 0) {
        reportViolation(
          `Organization aggregator \`${name}\` does not cover ${missing.join(", ")}: add them to its regions ` + "or set `allRegions: true`.",
          aggregator.urn,
        );
      }
    }
  },
};

export const aggregatorPolicies: readonly StackValidationPolicy[] = [configOrganizationAggregator];
