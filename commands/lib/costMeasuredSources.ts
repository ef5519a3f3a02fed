/**
 * What `cost --measured` reads from AWS, through the same session layer as every live command
 * (components/multiaccount/awsClients.ts: AssumeRole with caching, adaptive retries,
 * `AWS_ENDPOINT_URL` honoured):
 *
 * - spend: Cost Explorer `GetCostAndUsage` in the management account, at its one endpoint in
 *   us-east-1, filtered to the service `AWS Config` and one Region per request, grouped by
 *   `LINKED_ACCOUNT` and `USAGE_TYPE`. Every request (every page) costs $0.01, so each is
 *   counted and the run's cost printed;
 * - churn: the `AWS/Config` metric `ConfigurationItemsRecorded` per `ResourceType`, in each
 *   account and governed Region through the deployment role: `ListMetrics` finds the types that
 *   have the metric, `GetMetricData` reads up to 500 of them per request ($0.01 per 1,000
 *   metrics requested).
 *
 * Read-only. Each account × Region is read as a value or an error, never thrown, so one broken
 * account is one line among the others.
 */
import pLimit from "p-limit";
import { allPages } from "../../aws/pages";
import { clientFor } from "../../components/multiaccount/awsClients";
import type { Target } from "../../components/multiaccount/session";
import { placesOf, type Deployment } from "../../config/domain";
import { accountTarget } from "./aws";
import type { Observed } from "./preflightProbes";
import type { Progress } from "./progress";

/** Cost Explorer's only endpoint is in us-east-1, whatever the stack's Regions. */
export const COST_EXPLORER_REGION = "us-east-1";
/** "The AWS Cost Explorer API incurs a charge of 0.01 per request ... each page counts as a separate request." */
export const COST_EXPLORER_PRICE_PER_REQUEST = 0.01;
/** GetMetricData: $0.01 per 1,000 metrics requested (not in CloudWatch's free tier). */
export const GET_METRIC_DATA_PRICE_PER_METRIC = 0.01 / 1000;
/** The SERVICE dimension value of AWS Config in Cost Explorer (the price list's `serviceName`). */
export const CONFIG_SERVICE_NAME = "AWS Config";
export const CONFIG_METRIC_NAMESPACE = "AWS/Config";
export const CONFIG_ITEMS_METRIC = "ConfigurationItemsRecorded";
export const RESOURCE_TYPE_DIMENSION = "ResourceType";
/** GetMetricData takes at most 500 metrics per request. */
export const METRICS_PER_REQUEST = 500;
/** Pages of one Cost Explorer query at most: each costs $0.01, and a query that keeps paging is a fault to report. */
export const MAX_COST_EXPLORER_PAGES = 20;

/** The days measured: `[start, end)`, whole UTC days ending yesterday (today's data is not in yet). */
export interface MeasuredWindow {
  /** ISO date, inclusive. */
  readonly start: string;
  /** ISO date, exclusive (Cost Explorer's `End`). */
  readonly end: string;
  readonly days: number;
}

export function measuredWindow(now: Date, days: number): MeasuredWindow {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const start = new Date(end.getTime() - days * 86_400_000);
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10), days };
}

/** What a Config usage type bills: recognised from the part after the Region prefix. */
export type UsageKind = "configurationItems" | "configurationItemsDaily" | "ruleEvaluations" | "conformancePackEvaluations" | "other";

/**
 * `USE1-ConfigurationItemRecorded`, `EUW2-ConfigurationItemRecordedDaily`,
 * `APS2-ConfigRuleEvaluations`, `USE1-ConformancePackEvaluation(s)`; us-east-1 usage types may
 * come without the prefix. Proactive evaluations and anything else are `other`.
 */
export function usageKindOf(usageType: string): UsageKind {
  const name = usageType.replace(/^[A-Z]{2,4}\d?-/, "");
  if (/^ConfigurationItemRecordedDaily$/.test(name)) return "configurationItemsDaily";
  if (/^ConfigurationItemRecorded$/.test(name)) return "configurationItems";
  if (/^ConfigRuleEvaluations?$/.test(name)) return "ruleEvaluations";
  if (/^ConformancePackEvaluations?$/.test(name)) return "conformancePackEvaluations";
  return "other";
}

/** One usage type of one account in one Region over the window. */
export interface SpendLine {
  readonly accountId: string;
  readonly region: string;
  readonly usageType: string;
  readonly kind: UsageKind;
  /** CIs or evaluations (`UsageQuantity`). */
  readonly quantity: number;
  /** `UnblendedCost`, in `unit`. */
  readonly cost: number;
  readonly unit: string;
}

export interface MeasuredSpend {
  readonly lines: readonly SpendLine[];
  /** Cost Explorer requests made (pages included): $0.01 each. */
  readonly requests: number;
  /** Regions whose query failed, with the error; their spend is missing. */
  readonly failures: readonly { readonly region: string; readonly error: string }[];
}

/** Configuration items recorded per type at one account × Region over the window. */
export interface PlaceChurn {
  readonly accountId: string;
  readonly region: string;
  readonly itemsByType: Observed<Readonly<Record<string, number>>>;
}

export interface MeasuredChurn {
  readonly places: readonly PlaceChurn[];
  readonly listMetricsRequests: number;
  readonly getMetricDataRequests: number;
  /** Metrics requested through GetMetricData: what it bills. */
  readonly metricsRequested: number;
}

/** The reads `cost --measured` makes; tests may stand in for one. */
export interface MeasuredReads {
  /** One `GetCostAndUsage` page for `region`. */
  readonly costPage: (target: Target, window: MeasuredWindow, region: string, nextPageToken: string | undefined) => Promise<CostPage>;
  /** The `ResourceType` values that have `ConfigurationItemsRecorded` at the place, and how many ListMetrics requests that took. */
  readonly recordedTypes: (target: Target, region: string) => Promise<{ readonly types: readonly string[]; readonly requests: number }>;
  /** The sum over the window of each type's metric (at most METRICS_PER_REQUEST types). */
  readonly itemsRecorded: (target: Target, region: string, window: MeasuredWindow, types: readonly string[]) => Promise<Readonly<Record<string, number>>>;
}

export interface CostPage {
  readonly groups: readonly {
    readonly accountId: string;
    readonly usageType: string;
    readonly quantity: number;
    readonly cost: number;
    readonly unit: string;
  }[];
  readonly nextPageToken?: string;
}

const amount = (v: { Amount?: string } | undefined) => Number(v?.Amount ?? 0) || 0;

export const awsMeasuredReads: MeasuredReads = {
  costPage: async (target, window, region, nextPageToken) => {
    const ce = await import("@aws-sdk/client-cost-explorer");
    const client = await clientFor("ce", ce.CostExplorerClient, target, COST_EXPLORER_REGION);
    const out = await client.send(
      new ce.GetCostAndUsageCommand({
        TimePeriod: { Start: window.start, End: window.end },
        Granularity: "MONTHLY",
        Metrics: ["UnblendedCost", "UsageQuantity"],
        Filter: { And: [{ Dimensions: { Key: "SERVICE", Values: [CONFIG_SERVICE_NAME] } }, { Dimensions: { Key: "REGION", Values: [region] } }] },
        GroupBy: [
          { Type: "DIMENSION", Key: "LINKED_ACCOUNT" },
          { Type: "DIMENSION", Key: "USAGE_TYPE" },
        ],
        ...(nextPageToken ? { NextPageToken: nextPageToken } : {}),
      }),
    );
    // A window across a month boundary comes back as two periods: each group once per period.
    const groups = (out.ResultsByTime ?? []).flatMap((period) =>
      (period.Groups ?? []).map((g) => ({
        accountId: g.Keys?.[0] ?? "",
        usageType: g.Keys?.[1] ?? "",
        quantity: amount(g.Metrics?.UsageQuantity),
        cost: amount(g.Metrics?.UnblendedCost),
        unit: g.Metrics?.UnblendedCost?.Unit ?? "USD",
      })),
    );
    return { groups, ...(out.NextPageToken ? { nextPageToken: out.NextPageToken } : {}) };
  },
  recordedTypes: async (target, region) => {
    const cw = await import("@aws-sdk/client-cloudwatch");
    const client = await clientFor("cloudwatch", cw.CloudWatchClient, target, region);
    const pages = await allPages((NextToken) =>
      client.send(
        new cw.ListMetricsCommand({
          Namespace: CONFIG_METRIC_NAMESPACE,
          MetricName: CONFIG_ITEMS_METRIC,
          Dimensions: [{ Name: RESOURCE_TYPE_DIMENSION }],
          NextToken,
        }),
      ),
    );
    const types = pages.flatMap((p) =>
      (p.Metrics ?? []).flatMap((m) =>
        m.Dimensions?.length === 1 && m.Dimensions[0]!.Name === RESOURCE_TYPE_DIMENSION && m.Dimensions[0]!.Value ? [m.Dimensions[0]!.Value] : [],
      ),
    );
    return { types: [...new Set(types)].sort(), requests: pages.length };
  },
  itemsRecorded: async (target, region, window, types) => {
    const cw = await import("@aws-sdk/client-cloudwatch");
    const client = await clientFor("cloudwatch", cw.CloudWatchClient, target, region);
    const sums: Record<string, number> = {};
    const pages = await allPages((NextToken) =>
      client.send(
        new cw.GetMetricDataCommand({
          StartTime: new Date(`${window.start}T00:00:00Z`),
          EndTime: new Date(`${window.end}T00:00:00Z`),
          // One value per day: 500 types × 455 days stays under GetMetricData's 100,800 data points.
          MetricDataQueries: types.map((type, i) => ({
            Id: `t${i}`,
            MetricStat: {
              Metric: { Namespace: CONFIG_METRIC_NAMESPACE, MetricName: CONFIG_ITEMS_METRIC, Dimensions: [{ Name: RESOURCE_TYPE_DIMENSION, Value: type }] },
              Period: 86_400,
              Stat: "Sum",
            },
            ReturnData: true,
          })),
          NextToken,
        }),
      ),
    );
    for (const result of pages.flatMap((p) => p.MetricDataResults ?? [])) {
      const type = types[Number((result.Id ?? "").slice(1))];
      if (type === undefined) continue;
      sums[type] = (sums[type] ?? 0) + (result.Values ?? []).reduce((a, v) => a + v, 0);
    }
    return sums;
  },
};

function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name && e.name !== "Error" ? `${e.name}: ` : ""}${e?.message ?? String(error)}`;
}

/** Config spend per account, Region and usage type, one Cost Explorer query per governed Region, asked of the management account. */
export async function readSpend(deployment: Deployment, window: MeasuredWindow, reads: MeasuredReads = awsMeasuredReads): Promise<MeasuredSpend> {
  const target = accountTarget(deployment, deployment.managementAccountId, "cost-measured");
  const lines: SpendLine[] = [];
  const failures: { region: string; error: string }[] = [];
  let requests = 0;
  // One Region after the other: Cost Explorer allows few requests per second, and each is billed.
  for (const region of deployment.regions.map((r) => r.name)) {
    let token: string | undefined;
    let pages = 0;
    try {
      do {
        if (pages === MAX_COST_EXPLORER_PAGES) throw new Error(`more than ${MAX_COST_EXPLORER_PAGES} pages for one Region: stopped (each page costs $0.01)`);
        const page = await reads.costPage(target, window, region, token);
        requests += 1;
        pages += 1;
        for (const g of page.groups) {
          if (!g.accountId || !g.usageType) continue;
          lines.push({
            accountId: g.accountId,
            region,
            usageType: g.usageType,
            kind: usageKindOf(g.usageType),
            quantity: g.quantity,
            cost: g.cost,
            unit: g.unit,
          });
        }
        token = page.nextPageToken;
      } while (token);
    } catch (error) {
      failures.push({ region, error: errorText(error) });
    }
  }
  return { lines: mergeLines(lines), requests, failures };
}

/** The same account, Region and usage type from two billing periods, added up. */
function mergeLines(lines: readonly SpendLine[]): SpendLine[] {
  const merged = new Map<string, SpendLine>();
  for (const l of lines) {
    const key = `${l.accountId}|${l.region}|${l.usageType}`;
    const before = merged.get(key);
    merged.set(key, before ? { ...before, quantity: before.quantity + l.quantity, cost: before.cost + l.cost } : l);
  }
  return [...merged.values()];
}

export interface ChurnOptions {
  readonly concurrency: number;
  readonly progress: Progress;
  readonly reads?: MeasuredReads;
}

/** CIs recorded per type at every place of the stack, at most `concurrency` places at once. */
export async function readChurn(deployment: Deployment, window: MeasuredWindow, options: ChurnOptions): Promise<MeasuredChurn> {
  const reads = options.reads ?? awsMeasuredReads;
  const limit = pLimit(options.concurrency);
  const places = placesOf(deployment);
  let listMetricsRequests = 0;
  let getMetricDataRequests = 0;
  let metricsRequested = 0;
  options.progress.start(places.length, "reading ConfigurationItemsRecorded");
  const results = await Promise.all(
    places.map((place) =>
      limit(async (): Promise<PlaceChurn> => {
        const target = accountTarget(deployment, place.account.id, "cost-measured");
        const region = place.region.name;
        try {
          const listed = await reads.recordedTypes(target, region);
          listMetricsRequests += listed.requests;
          const itemsByType: Record<string, number> = {};
          for (let i = 0; i < listed.types.length; i += METRICS_PER_REQUEST) {
            const batch = listed.types.slice(i, i + METRICS_PER_REQUEST);
            getMetricDataRequests += 1;
            metricsRequested += batch.length;
            Object.assign(itemsByType, await reads.itemsRecorded(target, region, window, batch));
          }
          return { accountId: place.account.id, region, itemsByType: { ok: true, value: itemsByType } };
        } catch (error) {
          const e = error as { name?: string; message?: string; hint?: string };
          return {
            accountId: place.account.id,
            region,
            itemsByType: { ok: false, error: { name: e?.name ?? "Error", message: e?.message ?? String(error), ...(e?.hint ? { hint: e.hint } : {}) } },
          };
        } finally {
          options.progress.tick();
        }
      }),
    ),
  );
  options.progress.stop();
  return { places: results, listMetricsRequests, getMetricDataRequests, metricsRequested };
}
