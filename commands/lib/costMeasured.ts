/**
 * `cost --measured`: what AWS Config actually billed (Cost Explorer) and recorded (CloudWatch's
 * `ConfigurationItemsRecorded`), and the profile changes that would cut it. Pure: no I/O.
 *
 * A suggestion is made for an account where a few resource types drive its CI cost (the top
 * `DRIVER_TYPES` make at least `DRIVER_SHARE` of it). For each of those types: DAILY recording
 * where the measured churn makes DAILY cheaper (a DAILY CI costs four times a continuous one, so
 * only where a resource changes more than ~4 times a day), otherwise an exclusion. Priced with the
 * estimate's own arithmetic (costItems.ts `typeEstimate`, pricing/aws-config-prices.json).
 *
 * Never suggested, and said why: the global IAM types (security findings on identities), the
 * types the stack's packs evaluate (their rules would go blind), the types AWS lists as required
 * for Security Hub control findings and for Control Tower's standard
 * (pricing/protected-resource-types.json), and the types AWS records continuously only.
 * Accounts on the same profile with the same change share one suggestion and one new profile.
 */
import type { Account, Deployment, RecordingProfile } from "../../config/domain";
import { CONTINUOUS_ONLY_TYPES, GLOBAL_IAM_TYPES } from "../../policies/recordingRules";
import type { ConfigPrices } from "../../pricing/prices";
import type { ProtectedTypes } from "../../pricing/protectedTypes";
import { money, recordingOf, sum, typeEstimate, type ItemPricing } from "./costItems";
import { DEFAULT_ASSUMPTIONS, GLOBAL_REGION_KEY, type ResourceCounts, type RuleCostSpec } from "./costInput";
import {
  COST_EXPLORER_PRICE_PER_REQUEST,
  GET_METRIC_DATA_PRICE_PER_METRIC,
  type MeasuredChurn,
  type MeasuredSpend,
  type MeasuredWindow,
  type UsageKind,
} from "./costMeasuredSources";

/** The few types that may "drive" an account's cost, and the share of its CI cost they must make. */
export const DRIVER_TYPES = 3;
export const DRIVER_SHARE = 0.6;

export interface MeasuredRequest {
  readonly deployment: Deployment;
  readonly window: MeasuredWindow;
  readonly spend: MeasuredSpend;
  readonly churn: MeasuredChurn;
  readonly prices: ConfigPrices;
  /** The stack's pack rules (packRules.ts): their scopes are kept. */
  readonly packRules: readonly RuleCostSpec[];
  readonly protectedTypes: ProtectedTypes;
  /** Resources per type (aggregator or `--counts`): without them DAILY cannot be priced and exclusion is proposed. */
  readonly resourceCounts?: ResourceCounts;
}

/** Spend of one account × Region over the window, by what it bills. */
export interface PlaceSpend {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly byKind: Readonly<Record<UsageKind, { readonly quantity: number; readonly cost: number }>>;
  readonly total: number;
}

export interface TypeChurn {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly resourceType: string;
  /** CIs recorded over the window. */
  readonly items: number;
  /** Scaled to a 30-day month. */
  readonly monthlyItems: number;
  /** What the place's profile makes of it now, per month. */
  readonly monthlyCost: number;
}

/** A type that drives an account's cost and is kept as it is, with every reason. */
export interface KeptType {
  readonly accountId: string;
  readonly accountName: string;
  readonly resourceType: string;
  readonly monthlyCost: number;
  readonly reasons: readonly string[];
}

export interface TypeChange {
  readonly resourceType: string;
  readonly change: "DAILY" | "exclude";
  readonly monthlyItems: number;
  readonly currentMonthlyCost: number;
  readonly projectedMonthlyCost: number;
}

export interface Suggestion {
  /** The profile the accounts use now, and the one the suggestion adds. */
  readonly fromProfile: string;
  readonly newProfile: string;
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly ou?: string }[];
  readonly changes: readonly TypeChange[];
  readonly currentMonthlyCost: number;
  readonly projectedMonthlyCost: number;
  readonly monthlySaving: number;
  /** The new profile as an inventory `profiles:` entry. */
  readonly profileBlock: InventoryProfile;
}

/** A profile as the inventory YAML writes it (config/schema.ts `profileSchema`). */
export interface InventoryProfile {
  readonly description: string;
  readonly strategy: RecordingProfile["strategy"];
  readonly includedResourceTypes?: readonly string[];
  readonly excludedResourceTypes?: readonly string[];
  readonly frequency: RecordingProfile["frequency"];
  readonly override?: { readonly description?: string; readonly frequency: RecordingProfile["frequency"]; readonly resourceTypes: readonly string[] };
}

export interface RunCost {
  readonly costExplorerRequests: number;
  readonly listMetricsRequests: number;
  readonly getMetricDataRequests: number;
  readonly metricsRequested: number;
  /** Cost Explorer requests at $0.01 plus GetMetricData metrics at $0.01 per 1,000 (ListMetrics is within CloudWatch's free tier of 1M API requests). */
  readonly cost: number;
}

export interface MeasuredCost {
  readonly stack: string;
  readonly window: MeasuredWindow;
  readonly spend: readonly PlaceSpend[];
  readonly spendTotal: number;
  readonly churn: readonly TypeChurn[];
  readonly suggestions: readonly Suggestion[];
  readonly kept: readonly KeptType[];
  readonly failures: readonly string[];
  readonly run: RunCost;
  readonly notes: readonly string[];
}

/** The message, with the hint once (the multi-account errors often end their message with it). */
function withHint(e: { readonly message: string; readonly hint?: string }): string {
  return e.hint && !e.message.includes(e.hint) ? `${e.message} ${e.hint}` : e.message;
}

const KINDS: readonly UsageKind[] = ["configurationItems", "configurationItemsDaily", "ruleEvaluations", "conformancePackEvaluations", "other"];

function spendByPlace(request: MeasuredRequest, names: ReadonlyMap<string, string>): PlaceSpend[] {
  const places = new Map<string, { accountId: string; region: string; byKind: Record<UsageKind, { quantity: number; cost: number }> }>();
  for (const l of request.spend.lines) {
    const key = `${l.accountId}|${l.region}`;
    const place = places.get(key) ?? {
      accountId: l.accountId,
      region: l.region,
      byKind: Object.fromEntries(KINDS.map((k) => [k, { quantity: 0, cost: 0 }])) as Record<UsageKind, { quantity: number; cost: number }>,
    };
    place.byKind[l.kind] = { quantity: place.byKind[l.kind].quantity + l.quantity, cost: money(place.byKind[l.kind].cost + l.cost) };
    places.set(key, place);
  }
  return [...places.values()]
    .map((p) => ({ ...p, accountName: names.get(p.accountId) ?? "(not in this stack)", total: money(sum(KINDS, (k) => p.byKind[k].cost)) }))
    .sort((a, b) => b.total - a.total || a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
}

/** Every reason to keep `type` recorded as it is; empty when it may change. */
export function keepReasons(type: string, request: Pick<MeasuredRequest, "packRules" | "protectedTypes">): string[] {
  const reasons: string[] = [];
  if (GLOBAL_IAM_TYPES.includes(type)) reasons.push("IAM type: security findings on identities need it");
  if (CONTINUOUS_ONLY_TYPES.includes(type)) reasons.push("AWS records it continuously only");
  const rules = request.packRules.filter((r) => r.resourceTypes.includes(type)).map((r) => r.name);
  if (rules.length > 0) reasons.push(`the stack's packs evaluate it (${rules.slice(0, 3).join(", ")}${rules.length > 3 ? `, +${rules.length - 3}` : ""})`);
  const standards = request.protectedTypes.standards.filter((s) => s.resourceTypes.includes(type)).map((s) => s.standard);
  if (standards.length > 0) reasons.push(`AWS lists it as required for Security Hub control findings: ${standards.join("; ")}`);
  return reasons;
}

function resourcesOf(counts: ResourceCounts | undefined, account: Account, type: string): number | undefined {
  if (!counts?.[account.id]) return undefined;
  const regions = [...account.regions.map((r) => r.name), GLOBAL_REGION_KEY];
  const found = regions.map((r) => counts[account.id]?.[r]?.[type]).filter((n): n is number => n !== undefined);
  return found.length === 0 ? undefined : sum(found, (n) => n);
}

/** The monthly CI cost of `items` of `type` in `account` under `profile` (or a frequency), through the estimate's arithmetic. */
function monthlyCost(
  pricing: ItemPricing,
  profile: RecordingProfile,
  type: string,
  monthlyItems: number,
  recordsGlobalTypes: boolean,
  resources?: number,
): number {
  const recording = recordingOf(profile, type, recordsGlobalTypes);
  if (!recording.recorded || monthlyItems <= 0) return 0;
  // Changes per resource chosen so that the place's recording gives the measured CIs; without a
  // resource count, each CI stands for one resource changing once, which prices both frequencies right.
  const n = resources && resources > 0 ? resources : monthlyItems;
  const assumptions = { ...pricing.assumptions, changesPerResourceMonth: { default: monthlyItems / n } };
  return typeEstimate(type, n, recording, { ...pricing, assumptions }).cost;
}

function changeFor(pricing: ItemPricing, type: string, monthlyItems: number, currentMonthlyCost: number, resources: number | undefined): TypeChange {
  if (resources !== undefined && resources > 0) {
    const daily: RecordingProfile = {
      name: "daily",
      description: "",
      strategy: "ALL_SUPPORTED_RESOURCE_TYPES",
      includedResourceTypes: [],
      excludedResourceTypes: [],
      frequency: "DAILY",
    };
    const projected = monthlyCost(pricing, daily, type, monthlyItems, true, resources);
    if (projected < currentMonthlyCost) return { resourceType: type, change: "DAILY", monthlyItems, currentMonthlyCost, projectedMonthlyCost: projected };
  }
  return { resourceType: type, change: "exclude", monthlyItems, currentMonthlyCost, projectedMonthlyCost: 0 };
}

/** The account's profile with the changes: exclusions added, DAILY types put in the override (or the default frequency). */
export function changedProfile(profile: RecordingProfile, changes: readonly TypeChange[]): InventoryProfile {
  const excluded = changes.filter((c) => c.change === "exclude").map((c) => c.resourceType);
  const daily = changes.filter((c) => c.change === "DAILY").map((c) => c.resourceType);
  const description = `${profile.name} with ${[excluded.length > 0 ? `${excluded.length} type(s) excluded` : "", daily.length > 0 ? `${daily.length} type(s) DAILY` : ""].filter(Boolean).join(" and ")} (cost --measured)`;
  const strategy = profile.strategy === "ALL_SUPPORTED_RESOURCE_TYPES" && excluded.length > 0 ? "EXCLUSION_BY_RESOURCE_TYPES" : profile.strategy;
  const included = profile.strategy === "INCLUSION_BY_RESOURCE_TYPES" ? profile.includedResourceTypes.filter((t) => !excluded.includes(t)) : undefined;
  const excludedAll = strategy === "EXCLUSION_BY_RESOURCE_TYPES" ? [...new Set([...profile.excludedResourceTypes, ...excluded])].sort() : undefined;
  let override = profile.override
    ? {
        ...(profile.override.description ? { description: profile.override.description } : {}),
        frequency: profile.override.frequency,
        resourceTypes: profile.override.resourceTypes.filter((t) => !excluded.includes(t)),
      }
    : undefined;
  let frequency = profile.frequency;
  if (daily.length > 0 && frequency === "CONTINUOUS") {
    if (!override) override = { description: "High-churn types recorded daily (cost --measured)", frequency: "DAILY", resourceTypes: daily };
    else if (override.frequency === "DAILY") override = { ...override, resourceTypes: [...new Set([...override.resourceTypes, ...daily])] };
    // A CONTINUOUS override already takes the one override AWS allows: DAILY becomes the default, the override keeps its types continuous.
    else frequency = "DAILY";
  }
  return {
    description,
    strategy,
    ...(included ? { includedResourceTypes: included } : {}),
    ...(excludedAll ? { excludedResourceTypes: excludedAll } : {}),
    frequency,
    ...(override ? { override } : {}),
  };
}

export function measuredCost(request: MeasuredRequest): MeasuredCost {
  const { deployment, window } = request;
  const pricing: ItemPricing = { assumptions: DEFAULT_ASSUMPTIONS, prices: request.prices };
  const scale = DEFAULT_ASSUMPTIONS.daysPerMonth / window.days;
  const accounts = new Map(deployment.accounts.map((a) => [a.id, a]));
  const names = new Map<string, string>([...deployment.accounts, ...deployment.excluded].map((a) => [a.id, a.name]));
  const failures: string[] = [
    ...request.spend.failures.map((f) => `Cost Explorer, ${f.region}: ${f.error}`),
    ...request.churn.places.flatMap((p) =>
      p.itemsByType.ok ? [] : [`CloudWatch, ${names.get(p.accountId) ?? p.accountId} (${p.accountId}) ${p.region}: ${withHint(p.itemsByType.error)}`],
    ),
  ];

  const churn: TypeChurn[] = request.churn.places.flatMap((p) => {
    const account = accounts.get(p.accountId);
    if (!account || !p.itemsByType.ok) return [];
    const byType = p.itemsByType.value;
    return Object.keys(byType).map((resourceType) => {
      const monthlyItems = money(byType[resourceType]! * scale);
      const resources = resourcesOf(request.resourceCounts, account, resourceType);
      return {
        accountId: account.id,
        accountName: account.name,
        region: p.region,
        resourceType,
        items: byType[resourceType]!,
        monthlyItems,
        monthlyCost: monthlyCost(pricing, account.profile, resourceType, monthlyItems, p.region === account.globalTypesRegion, resources),
      };
    });
  });
  churn.sort(
    (a, b) =>
      b.monthlyCost - a.monthlyCost ||
      b.monthlyItems - a.monthlyItems ||
      a.accountId.localeCompare(b.accountId) ||
      a.resourceType.localeCompare(b.resourceType),
  );

  const kept: KeptType[] = [];
  const perAccount: { account: Account; changes: TypeChange[] }[] = [];
  for (const account of deployment.accounts) {
    const rows = churn.filter((c) => c.accountId === account.id);
    const total = sum(rows, (r) => r.monthlyCost);
    const byType = new Map<string, { items: number; cost: number }>();
    for (const r of rows) {
      const t = byType.get(r.resourceType) ?? { items: 0, cost: 0 };
      byType.set(r.resourceType, { items: t.items + r.monthlyItems, cost: money(t.cost + r.monthlyCost) });
    }
    const drivers = [...byType.entries()].sort((a, b) => b[1].cost - a[1].cost || a[0].localeCompare(b[0])).slice(0, DRIVER_TYPES);
    if (total === 0 || sum(drivers, ([, t]) => t.cost) < DRIVER_SHARE * total) continue;
    const changes: TypeChange[] = [];
    for (const [type, t] of drivers) {
      const reasons = keepReasons(type, request);
      if (reasons.length > 0) {
        kept.push({ accountId: account.id, accountName: account.name, resourceType: type, monthlyCost: t.cost, reasons });
        continue;
      }
      const change = changeFor(pricing, type, t.items, t.cost, resourcesOf(request.resourceCounts, account, type));
      if (change.projectedMonthlyCost < change.currentMonthlyCost) changes.push(change);
    }
    if (changes.length > 0) perAccount.push({ account, changes });
  }

  // Accounts on one profile with the same change set share one suggestion (and one new profile).
  const groups = new Map<string, { account: Account; changes: TypeChange[] }[]>();
  for (const entry of perAccount) {
    const key = `${entry.account.profile.name}|${entry.changes
      .map((c) => `${c.resourceType}:${c.change}`)
      .sort()
      .join(",")}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const taken = new Set(Object.keys(deployment.profiles));
  const suggestions: Suggestion[] = [...groups.values()].map((entries) => {
    const profile = entries[0]!.account.profile;
    let newProfile = `${profile.name}-measured`;
    for (let i = 2; taken.has(newProfile); i += 1) newProfile = `${profile.name}-measured-${i}`;
    taken.add(newProfile);
    const changes = entries[0]!.changes.map((c) => {
      const all = entries.flatMap((e) => e.changes.filter((x) => x.resourceType === c.resourceType));
      return {
        ...c,
        monthlyItems: money(sum(all, (x) => x.monthlyItems)),
        currentMonthlyCost: money(sum(all, (x) => x.currentMonthlyCost)),
        projectedMonthlyCost: money(sum(all, (x) => x.projectedMonthlyCost)),
      };
    });
    const current = money(sum(changes, (c) => c.currentMonthlyCost));
    const projected = money(sum(changes, (c) => c.projectedMonthlyCost));
    return {
      fromProfile: profile.name,
      newProfile,
      accounts: entries.map((e) => ({ id: e.account.id, name: e.account.name, ...(e.account.ou ? { ou: e.account.ou } : {}) })),
      changes,
      currentMonthlyCost: current,
      projectedMonthlyCost: projected,
      monthlySaving: money(current - projected),
      profileBlock: changedProfile(profile, changes),
    };
  });
  suggestions.sort((a, b) => b.monthlySaving - a.monthlySaving);

  const run: RunCost = {
    costExplorerRequests: request.spend.requests,
    listMetricsRequests: request.churn.listMetricsRequests,
    getMetricDataRequests: request.churn.getMetricDataRequests,
    metricsRequested: request.churn.metricsRequested,
    cost: money(request.spend.requests * COST_EXPLORER_PRICE_PER_REQUEST + request.churn.metricsRequested * GET_METRIC_DATA_PRICE_PER_METRIC),
  };
  const spend = spendByPlace(request, names);
  const notes = [
    "Cost Explorer's data lags: the last day or so of the window may not be billed yet, so spend can read lower than the CIs recorded.",
    "Projected savings count configuration items only: the types changed are never in a pack's scope, so pack evaluations do not change; standalone rules outside the stack are not counted.",
    ...(request.resourceCounts
      ? []
      : [
          "No resource counts: DAILY could not be priced (it bills at most one CI per resource per day), so exclusions are proposed; give `--counts <file>` for DAILY where it pays.",
        ]),
  ];
  return { stack: deployment.stack, window, spend, spendTotal: money(sum(spend, (s) => s.total)), churn, suggestions, kept, failures, run, notes };
}
