/**
 * What the organization aggregator knows about compliance and about its own sources,
 * read with every page followed (throttling is retried by the clients' adaptive retry):
 *
 * - `DescribeAggregateComplianceByConfigRules` (NON_COMPLIANT): counts per rule, account, Region;
 * - `GetAggregateComplianceDetailsByConfigRule`: the resources, when asked (one call chain per
 *   rule × account × Region, bounded concurrency);
 * - `DescribeConfigurationAggregatorSourcesStatus`: sources that fail to report, with the error;
 * - advanced query over `AWS::Config::ConfigurationRecorder`: recorders and whether they record.
 */
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

/** Everything the report is built from, as the APIs returned it. */
export interface ComplianceData {
  readonly nonCompliant: readonly AggregateComplianceByConfigRule[];
  /** Per-resource results, keyed by `complianceKey`; present only when resources were asked for. */
  readonly resources?: Readonly<Record<string, readonly AggregateEvaluationResult[]>>;
  readonly sources: readonly AggregatedSourceStatus[];
  readonly recorders: readonly QueryRow[];
}

/** `<deployed rule name>|<account>|<region>` */
export function complianceKey(ruleName: string, accountId: string, region: string): string {
  return `${ruleName}|${accountId}|${region}`;
}

export async function nonCompliantRules(target: AggregatorTarget): Promise<AggregateComplianceByConfigRule[]> {
  const pages = await allPages((NextToken) =>
    target.client.send(
      new DescribeAggregateComplianceByConfigRulesCommand({
        ConfigurationAggregatorName: target.aggregatorName,
        Filters: { ComplianceType: "NON_COMPLIANT" },
        Limit: 1000,
        NextToken,
      }),
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
  const pages = await allPages((NextToken) =>
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
  );
  return pages.flatMap((p) => p.AggregateEvaluationResults ?? []);
}

export async function sourceStatuses(target: AggregatorTarget): Promise<AggregatedSourceStatus[]> {
  const pages = await allPages((NextToken) =>
    target.client.send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({ ConfigurationAggregatorName: target.aggregatorName, Limit: 100, NextToken }),
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
  progress.start(3, "reading the aggregator");
  const [nonCompliant, sources, recorders] = await Promise.all([
    nonCompliantRules(target).finally(() => progress.tick()),
    sourceStatuses(target).finally(() => progress.tick()),
    selectAggregate(target, RECORDERS_QUERY).finally(() => progress.tick()),
  ]);
  progress.stop();
  if (!options.resources) return { nonCompliant, sources, recorders };

  const limit = pLimit(options.concurrency);
  const places = nonCompliant.filter((c) => c.ConfigRuleName && c.AccountId && c.AwsRegion);
  progress.start(places.length, "listing non-compliant resources");
  const resources: Record<string, AggregateEvaluationResult[]> = {};
  try {
    await Promise.all(
      places.map((c) =>
        limit(async () => {
          resources[complianceKey(c.ConfigRuleName!, c.AccountId!, c.AwsRegion!)] = await nonCompliantResources(target, c.ConfigRuleName!, c.AccountId!, c.AwsRegion!);
          progress.tick();
        }),
      ),
    );
  } finally {
    progress.stop();
  }
  return { nonCompliant, resources, sources, recorders };
}
