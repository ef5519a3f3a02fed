/**
 * What the organization aggregator knows about compliance and about its own sources,
 * read with every page followed (throttling is retried by the clients' adaptive retry):
 *
 * - `DescribeAggregateComplianceByConfigRules` (every compliance type, unfiltered): per rule,
 *   account and Region whether the rule is compliant, with the non-compliant resource count
 *   (capped at 100); compliant results give the compliant share by rule, account and pack;
 * - `GetAggregateComplianceDetailsByConfigRule`: the resources, when asked (one call chain per
 *   rule × account × Region, bounded concurrency);
 * - `DescribeConfigurationAggregatorSourcesStatus`: sources that fail to report, with the error;
 * - advanced query over `AWS::Config::ConfigurationRecorder`: recorders and whether they record;
 * - advanced query over `AWS::Config::ResourceCompliance`, counted by account, Region and
 *   compliance type: resources compliant with every rule that evaluates them, and the others
 *   (developer guide, example queries: "count of resources grouped by their AWS Config rules
 *   compliance status"; GROUP BY takes up to three properties and pages).
 */
import { atAggregator } from "./awsCallError";
import {
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  type AggregateComplianceByConfigRule,
  type AggregatedSourceStatus,
  type AggregateEvaluationResult,
} from "@aws-sdk/client-config-service";
import pLimit from "p-limit";
import { selectAggregate, type AggregatorTarget, type QueryRow } from "./advancedQuery";
import type { Progress } from "./progress";
import { allPages } from "../../aws/pages";

/** The recorders query: customer and service-linked recorders, with their recording flag. */
export const RECORDERS_QUERY =
  "SELECT accountId, awsRegion, resourceId, resourceName, configuration.Name, configuration.Recording, configuration.RoleARN, configurationItemCaptureTime " +
  "WHERE resourceType = 'AWS::Config::ConfigurationRecorder'";

/**
 * Resources by compliance per account and Region. These configuration items exist where the
 * recorder records `AWS::Config::ResourceCompliance` (every built-in profile does).
 */
export const RESOURCE_COMPLIANCE_QUERY =
  "SELECT accountId, awsRegion, configuration.complianceType, COUNT(*) " +
  "WHERE resourceType = 'AWS::Config::ResourceCompliance' " +
  "GROUP BY accountId, awsRegion, configuration.complianceType";

/** Everything the report is built from, as the APIs returned it. */
export interface ComplianceData {
  /** Every rule × account × Region result: COMPLIANT, NON_COMPLIANT and INSUFFICIENT_DATA. */
  readonly ruleCompliance: readonly AggregateComplianceByConfigRule[];
  /** `RESOURCE_COMPLIANCE_QUERY` rows (`accountId`, `awsRegion`, `configuration.complianceType`, `COUNT(*)`). */
  readonly resourceCompliance: readonly QueryRow[];
  /** Per-resource results, keyed by `complianceKey`; present only when resources were asked for. */
  readonly resources?: Readonly<Record<string, readonly AggregateEvaluationResult[]>>;
  readonly sources: readonly AggregatedSourceStatus[];
  readonly recorders: readonly QueryRow[];
}

/** `<deployed rule name>|<account>|<region>` */
export function complianceKey(ruleName: string, accountId: string, region: string): string {
  return `${ruleName}|${accountId}|${region}`;
}

/** Every rule's result in every account and Region (no filter: the compliant ones count too). */
export async function ruleComplianceResults(target: AggregatorTarget): Promise<AggregateComplianceByConfigRule[]> {
  const pages = await atAggregator(target, "config:DescribeAggregateComplianceByConfigRules", () =>
    allPages((NextToken) =>
      target.client.send(
        new DescribeAggregateComplianceByConfigRulesCommand({
          ConfigurationAggregatorName: target.aggregatorName,
          Limit: 1000,
          NextToken,
        }),
      ),
    ),
  );
  return pages.flatMap((p) => p.AggregateComplianceByConfigRules ?? []);
}

export async function nonCompliantResources(
  target: AggregatorTarget,
  ruleName: string,
  accountId: string,
  region: string,
): Promise<AggregateEvaluationResult[]> {
  const pages = await atAggregator(target, "config:GetAggregateComplianceDetailsByConfigRule", () =>
    allPages((NextToken) =>
      target.client.send(
        new GetAggregateComplianceDetailsByConfigRuleCommand({
          ConfigurationAggregatorName: target.aggregatorName,
          ConfigRuleName: ruleName,
          AccountId: accountId,
          AwsRegion: region,
          ComplianceType: "NON_COMPLIANT",
          Limit: 100,
          NextToken,
        }),
      ),
    ),
  );
  return pages.flatMap((p) => p.AggregateEvaluationResults ?? []);
}

export async function sourceStatuses(target: AggregatorTarget): Promise<AggregatedSourceStatus[]> {
  const pages = await atAggregator(target, "config:DescribeConfigurationAggregatorSourcesStatus", () =>
    allPages((NextToken) =>
      target.client.send(
        new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: target.aggregatorName, Limit: 100, NextToken }),
      ),
    ),
  );
  return pages.flatMap((p) => p.AggregatedSourceStatusList ?? []);
}

export interface GatherOptions {
  /** Also list the non-compliant resources (one paginated call per rule × account × Region). */
  readonly resources: boolean;
  readonly concurrency: number;
  readonly progress: Progress;
}

export async function gatherCompliance(target: AggregatorTarget, options: GatherOptions): Promise<ComplianceData> {
  const { progress } = options;
  progress.start(4, "reading the aggregator");
  const [ruleCompliance, sources, recorders, resourceCompliance] = await Promise.all([
    ruleComplianceResults(target).finally(() => progress.tick()),
    sourceStatuses(target).finally(() => progress.tick()),
    selectAggregate(target, RECORDERS_QUERY).finally(() => progress.tick()),
    selectAggregate(target, RESOURCE_COMPLIANCE_QUERY).finally(() => progress.tick()),
  ]);
  progress.stop();
  const data = { ruleCompliance, resourceCompliance, sources, recorders };
  if (!options.resources) return data;

  const limit = pLimit(options.concurrency);
  const places = ruleCompliance.filter((c) => c.Compliance?.ComplianceType === "NON_COMPLIANT" && c.ConfigRuleName && c.AccountId && c.AwsRegion);
  progress.start(places.length, "listing non-compliant resources");
  const resources: Record<string, AggregateEvaluationResult[]> = {};
  try {
    await Promise.all(
      places.map((c) =>
        limit(async () => {
          resources[complianceKey(c.ConfigRuleName!, c.AccountId!, c.AwsRegion!)] = await nonCompliantResources(
            target,
            c.ConfigRuleName!,
            c.AccountId!,
            c.AwsRegion!,
          );
          progress.tick();
        }),
      ),
    );
  } finally {
    progress.stop();
  }
  return { ...data, resources };
}
