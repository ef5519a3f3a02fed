/**
 * The monthly AWS Config bill of a deployment, computed from resource counts and assumptions.
 * Pure: no I/O. Every figure keeps the inputs it came from so the output can show the
 * arithmetic (pricing/aws-config-prices.json for prices, aws-config-facts.md §6 for rules):
 *
 * - configuration items: recorded resources × changes per month, priced per CI by
 *   frequency (CONTINUOUS vs DAILY, where a resource yields at most one CI per day);
 * - evaluations: change-triggered rules evaluate each recorded CI of their scope, periodic
 *   rules evaluate their scope (or the account) on every run; rule and conformance-pack
 *   evaluations are summed over all accounts of a Region and priced through the tiers of
 *   that Region, then shared back to the accounts in proportion to their evaluations;
 * - service-linked recorders (preflight's census, `cost --live`, costServiceLinked.ts): where one records CONTINUOUS
 *   a type the place's profile records DAILY, AWS records it continuously ("Recording
 *   frequency precedence", DG `stop-start-recorder`), so its CIs are billed at the continuous
 *   rate; the types it records that the profile does not are billed too. Shown as its own
 *   line per place and recorder, added to the place's total.
 */
import type { Account, Deployment, RecordingFrequency, RecordingProfile } from "../../config/domain";
import { tieredCharges, type ConfigPrices, type TierCharge } from "../../pricing/prices";
import { money, recordingOf, sum, typeEstimate, type TypeEstimate } from "./costItems";
import { serviceLinkedLines, type ServiceLinkedLine } from "./costServiceLinked";
import { GLOBAL_REGION_KEY, RUNS_PER_DAY, type CostAssumptions, type ResourceCounts, type RuleCostSpec } from "./costInput";
import type { ServiceLinkedCensus } from "./preflightModel";

export { recordingOf, type Recording, type TypeEstimate } from "./costItems";
export { serviceLinkedRecordingOf, type ServiceLinkedLine, type ServiceLinkedType } from "./costServiceLinked";

export interface PlaceEstimate {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly profile: string;
  readonly types: readonly TypeEstimate[];
  readonly continuousItems: number;
  readonly dailyItems: number;
  readonly itemCost: number;
  readonly ruleEvaluations: number;
  readonly packEvaluations: number;
  /** This place's share of its Region's tiered evaluation charges. */
  readonly evaluationCost: number;
  /** What the place's service-linked recorders add to `itemCost` (their lines in `ScenarioEstimate.serviceLinked`). */
  readonly serviceLinkedCost: number;
  readonly total: number;
}

export interface RegionEvaluations {
  readonly region: string;
  readonly ruleEvaluations: number;
  readonly ruleCharges: readonly TierCharge[];
  readonly ruleCost: number;
  readonly packEvaluations: number;
  readonly packCharges: readonly TierCharge[];
  readonly packCost: number;
}

export interface ProfileSummary {
  readonly profile: string;
  readonly places: number;
  readonly continuousItems: number;
  readonly dailyItems: number;
  readonly itemCost: number;
}

export interface TypeSummary {
  readonly resourceType: string;
  readonly resources: number;
  readonly notRecorded: number;
  readonly continuousItems: number;
  readonly dailyItems: number;
  readonly itemCost: number;
}

export interface RuleSummary {
  readonly name: string;
  readonly source: string;
  readonly billing: RuleCostSpec["billing"];
  /** Evaluations in every account and Region of the scenario. */
  readonly evaluations: number;
}

export interface ScenarioTotals {
  readonly continuousItems: number;
  readonly continuousCost: number;
  readonly dailyItems: number;
  readonly dailyCost: number;
  readonly ruleEvaluations: number;
  readonly ruleCost: number;
  readonly packEvaluations: number;
  readonly packCost: number;
  /** What service-linked recorders add (0 without a census). */
  readonly serviceLinkedCost: number;
  readonly total: number;
}

export interface ScenarioEstimate {
  /** `as configured`, or the profile every account is switched to. */
  readonly label: string;
  readonly profileOverride?: string;
  readonly places: readonly PlaceEstimate[];
  readonly regions: readonly RegionEvaluations[];
  readonly byProfile: readonly ProfileSummary[];
  readonly byType: readonly TypeSummary[];
  readonly byRule: readonly RuleSummary[];
  /** One line per place and service-linked recorder that changes the bill (empty without a census). */
  readonly serviceLinked: readonly ServiceLinkedLine[];
  readonly totals: ScenarioTotals;
}

export interface CostEstimate {
  readonly stack: string;
  readonly countsSource: string;
  readonly firstMonth: boolean;
  readonly prices: Pick<ConfigPrices, "currency" | "region" | "retrieved" | "sources" | "configurationItem" | "evaluationTiers" | "caveats">;
  readonly assumptions: CostAssumptions;
  /** Every rule evaluated: the stack's packs, plus the assumptions file's. */
  readonly rules: readonly RuleCostSpec[];
  readonly scenarios: readonly ScenarioEstimate[];
  /** Whether service-linked recorders are in the estimate: preflight's census was taken (`cost --live`). */
  readonly serviceLinkedCounted: boolean;
  /** What the input did not cover or what was left out, for the reader to check. */
  readonly notes: readonly string[];
}

export interface CostRequest {
  readonly deployment: Deployment;
  readonly counts: ResourceCounts;
  readonly countsSource: string;
  readonly assumptions: CostAssumptions;
  /** Rules to evaluate (packRules.ts: the stack's packs merged with the assumptions file's). */
  readonly rules: readonly RuleCostSpec[];
  readonly prices: ConfigPrices;
  /** Profile name applied to every account in a second scenario (`--compare`). */
  readonly compareProfile?: string;
  /** Add one CI per recorded resource: the initial recording of a new recorder. */
  readonly firstMonth?: boolean;
  /** Preflight's census of service-linked recorders; without it they are not counted (and a note says so). */
  readonly serviceLinked?: ServiceLinkedCensus;
}

/** Counts of one place: its region's, plus the `global` ones where the account records global types. */
function placeCounts(counts: ResourceCounts, account: Account, region: string): Record<string, number> {
  const merged: Record<string, number> = { ...(counts[account.id]?.[region] ?? {}) };
  if (region === account.globalTypesRegion) {
    for (const [type, n] of Object.entries(counts[account.id]?.[GLOBAL_REGION_KEY] ?? {})) merged[type] = (merged[type] ?? 0) + n;
  }
  return merged;
}

/** Evaluations of one rule at one place, from the place's CIs and resource counts. */
export function ruleEvaluations(rule: RuleCostSpec, types: readonly TypeEstimate[], daysPerMonth: number): number {
  const inScope = types.filter((t) => rule.resourceTypes.includes(t.resourceType));
  const onChange = rule.onChange ? inScope.reduce((sum, t) => sum + t.configurationItems, 0) : 0;
  if (!rule.periodic) return onChange;
  const runs = RUNS_PER_DAY[rule.periodic] * daysPerMonth;
  const subjects = rule.resourceTypes.length === 0 ? 1 : inScope.reduce((sum, t) => sum + t.resources, 0);
  return onChange + runs * subjects;
}

function scenario(request: CostRequest, label: string, override: RecordingProfile | undefined): ScenarioEstimate {
  const { deployment, assumptions, prices } = request;
  // First pass: configuration items and evaluation counts per place.
  const raw = deployment.accounts.flatMap((account) =>
    account.regions.map((region) => {
      const profile = override ?? account.profile;
      const counts = placeCounts(request.counts, account, region.name);
      const recordsGlobalTypes = region.name === account.globalTypesRegion;
      const types = Object.keys(counts)
        .sort()
        .map((type) => typeEstimate(type, counts[type]!, recordingOf(profile, type, recordsGlobalTypes), request));
      // A rule a Region's packs leave out (AWS does not offer it there) evaluates nothing there.
      const perRule = request.rules.map((r) => (r.leftOutIn?.includes(region.name) ? 0 : ruleEvaluations(r, types, assumptions.daysPerMonth)));
      const evaluations = (billing: RuleCostSpec["billing"]) =>
        sum(
          request.rules.map((r, i) => (r.billing === billing ? perRule[i]! : 0)),
          (n) => n,
        );
      const serviceLinkedHere = request.serviceLinked?.recorders[account.id]?.[region.name] ?? [];
      const serviceLinked = serviceLinkedLines({ account, region: region.name, profile: profile.name, types }, serviceLinkedHere, request);
      return {
        account,
        region: region.name,
        profile: profile.name,
        types,
        perRule,
        ruleEvaluations: evaluations("rule"),
        packEvaluations: evaluations("conformancePack"),
        serviceLinked,
      };
    }),
  );

  // Second pass: tiers per Region over every account, then each place's share.
  const regionNames = [...new Set(raw.map((p) => p.region))];
  const regions: RegionEvaluations[] = regionNames.map((region) => {
    const inRegion = raw.filter((p) => p.region === region);
    const ruleEvaluationsInRegion = sum(inRegion, (p) => p.ruleEvaluations);
    const packEvaluationsInRegion = sum(inRegion, (p) => p.packEvaluations);
    const ruleCharges = tieredCharges(ruleEvaluationsInRegion, prices.evaluationTiers.rule).map((c) => ({ ...c, cost: money(c.cost) }));
    const packCharges = tieredCharges(packEvaluationsInRegion, prices.evaluationTiers.conformancePack).map((c) => ({ ...c, cost: money(c.cost) }));
    return {
      region,
      ruleEvaluations: ruleEvaluationsInRegion,
      ruleCharges,
      ruleCost: money(sum(ruleCharges, (c) => c.cost)),
      packEvaluations: packEvaluationsInRegion,
      packCharges,
      packCost: money(sum(packCharges, (c) => c.cost)),
    };
  });
  const regionOf = new Map(regions.map((r) => [r.region, r]));
  const share = (part: number, whole: number, cost: number) => (whole === 0 ? 0 : (cost * part) / whole);

  const places: PlaceEstimate[] = raw.map((p) => {
    const r = regionOf.get(p.region)!;
    const itemCost = money(sum(p.types, (t) => t.cost));
    const evaluationCost = money(share(p.ruleEvaluations, r.ruleEvaluations, r.ruleCost) + share(p.packEvaluations, r.packEvaluations, r.packCost));
    const items = (f: RecordingFrequency) =>
      sum(
        p.types.filter((t) => t.recording.recorded && t.recording.frequency === f),
        (t) => t.configurationItems,
      );
    const serviceLinkedCost = money(sum(p.serviceLinked, (l) => l.extraCost));
    return {
      accountId: p.account.id,
      accountName: p.account.name,
      region: p.region,
      profile: p.profile,
      types: p.types,
      continuousItems: items("CONTINUOUS"),
      dailyItems: items("DAILY"),
      itemCost,
      ruleEvaluations: p.ruleEvaluations,
      packEvaluations: p.packEvaluations,
      evaluationCost,
      serviceLinkedCost,
      total: money(itemCost + evaluationCost + serviceLinkedCost),
    };
  });

  const continuousItems = sum(places, (p) => p.continuousItems);
  const dailyItems = sum(places, (p) => p.dailyItems);
  const totals: ScenarioTotals = {
    continuousItems,
    continuousCost: money(continuousItems * prices.configurationItem.continuous),
    dailyItems,
    dailyCost: money(dailyItems * prices.configurationItem.daily),
    ruleEvaluations: sum(regions, (r) => r.ruleEvaluations),
    ruleCost: money(sum(regions, (r) => r.ruleCost)),
    packEvaluations: sum(regions, (r) => r.packEvaluations),
    packCost: money(sum(regions, (r) => r.packCost)),
    serviceLinkedCost: money(sum(places, (p) => p.serviceLinkedCost)),
    total: 0,
  };
  const total = money(totals.continuousCost + totals.dailyCost + totals.ruleCost + totals.packCost + totals.serviceLinkedCost);

  const profileNames = [...new Set(places.map((p) => p.profile))];
  const byProfile: ProfileSummary[] = profileNames.map((profile) => {
    const of = places.filter((p) => p.profile === profile);
    return {
      profile,
      places: of.length,
      continuousItems: sum(of, (p) => p.continuousItems),
      dailyItems: sum(of, (p) => p.dailyItems),
      itemCost: money(sum(of, (p) => p.itemCost)),
    };
  });

  const allTypes = places.flatMap((p) => p.types);
  const typeNames = [...new Set(allTypes.map((t) => t.resourceType))].sort();
  const byType: TypeSummary[] = typeNames.map((resourceType) => {
    const of = allTypes.filter((t) => t.resourceType === resourceType);
    const items = (f: RecordingFrequency) =>
      sum(
        of.filter((t) => t.recording.recorded && t.recording.frequency === f),
        (t) => t.configurationItems,
      );
    return {
      resourceType,
      resources: sum(of, (t) => t.resources),
      notRecorded: sum(
        of.filter((t) => !t.recording.recorded),
        (t) => t.resources,
      ),
      continuousItems: items("CONTINUOUS"),
      dailyItems: items("DAILY"),
      itemCost: money(sum(of, (t) => t.cost)),
    };
  });

  const byRule: RuleSummary[] = request.rules.map((r, i) => ({
    name: r.name,
    source: r.source,
    billing: r.billing,
    evaluations: sum(raw, (p) => p.perRule[i]!),
  }));

  return {
    label,
    ...(override ? { profileOverride: override.name } : {}),
    places,
    regions,
    byProfile,
    byType,
    byRule,
    serviceLinked: raw.flatMap((p) => p.serviceLinked),
    totals: { ...totals, total },
  };
}

/** Accounts in scope that the counts do not mention at all: the estimate costs them at zero. */
export function accountsWithoutCounts(deployment: Pick<Deployment, "accounts">, counts: ResourceCounts): Account[] {
  return deployment.accounts.filter((a) => !Object.prototype.hasOwnProperty.call(counts, a.id));
}

/** What the counts cover that the deployment does not, and the reverse. */
function coverageNotes(request: CostRequest): string[] {
  const { deployment, counts } = request;
  const notes: string[] = [];
  const inScope = new Map(deployment.accounts.map((a) => [a.id, a]));
  const excluded = new Map(deployment.excluded.map((a) => [a.id, a]));
  for (const [accountId, regions] of Object.entries(counts)) {
    const account = inScope.get(accountId);
    if (!account) {
      const why = excluded.has(accountId) ? `excluded (${excluded.get(accountId)!.reason})` : "not in this stack's scope";
      notes.push(`counts for account ${accountId} ignored: ${why}`);
      continue;
    }
    const governed = new Set(account.regions.map((r) => r.name));
    for (const region of Object.keys(regions)) {
      if (region !== GLOBAL_REGION_KEY && !governed.has(region)) {
        notes.push(`counts for ${account.name} (${accountId}) in ${region} ignored: the stack does not govern that region for this account`);
      }
    }
  }
  const missing = deployment.accounts.flatMap((a) =>
    a.regions.filter((r) => Object.keys(placeCounts(counts, a, r.name)).length === 0).map((r) => `${a.name} (${a.id}) ${r.name}`),
  );
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(", ");
    notes.push(`no resource counts for ${missing.length} place(s), estimated at zero: ${shown}${missing.length > 10 ? ", …" : ""}`);
  }
  if (!request.serviceLinked) {
    notes.push(
      "service-linked recorders are not counted: this estimate took no census of them (e.g. Security Hub CSPM's `AWSConfigurationRecorderForSecurityHubCSPM`, " +
        "which records continuously and overrides a DAILY profile and its exclusions); `cost --live` takes preflight's census and adds what they bill",
    );
  } else if (request.serviceLinked.notInspected.length > 0) {
    const missed = request.serviceLinked.notInspected;
    notes.push(
      `service-linked recorders not counted at ${missed.length} place(s) whose recorders could not be read: ${missed.slice(0, 10).join("; ")}${missed.length > 10 ? "; …" : ""}`,
    );
  }
  if (request.rules.length === 0) {
    notes.push("no rules: the stack selects no conformance pack and the assumptions list none, so evaluations are zero");
  }
  if (deployment.guardDuty) {
    const on = deployment.guardDuty.features;
    notes.push(
      `GuardDuty is on (plans on: ${on.length > 0 ? on.join(", ") : "none, foundational detection only"}) and is not in this estimate: ` +
        "it bills per account and region by its own pricing (https://aws.amazon.com/guardduty/pricing/)",
    );
  }
  return notes;
}

/** The estimate for the deployment as configured, and for `compareProfile` when asked. */
export function estimateCost(request: CostRequest): CostEstimate {
  const scenarios = [scenario(request, "as configured", undefined)];
  if (request.compareProfile !== undefined) {
    const profile = request.deployment.profiles[request.compareProfile];
    if (!profile) {
      throw new Error(
        `profile \`${request.compareProfile}\` does not exist in stack \`${request.deployment.stack}\`: use one of ` +
          Object.keys(request.deployment.profiles)
            .map((n) => `\`${n}\``)
            .join(", "),
      );
    }
    scenarios.push(scenario(request, `every account on ${profile.name}`, profile));
  }
  const { prices } = request;
  return {
    stack: request.deployment.stack,
    countsSource: request.countsSource,
    firstMonth: request.firstMonth === true,
    prices: {
      currency: prices.currency,
      region: prices.region,
      retrieved: prices.retrieved,
      sources: prices.sources,
      configurationItem: prices.configurationItem,
      evaluationTiers: prices.evaluationTiers,
      caveats: prices.caveats,
    },
    assumptions: request.assumptions,
    rules: request.rules,
    scenarios,
    serviceLinkedCounted: request.serviceLinked !== undefined,
    notes: coverageNotes(request),
  };
}
