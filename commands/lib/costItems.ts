/**
 * One resource type at one place, priced: whether the place's profile records it, at which
 * frequency, how many configuration items that makes in a month and what they cost. Pure; the
 * building block of the estimate (costModel.ts), of the service-linked lines
 * (costServiceLinked.ts) and of `cost --measured`'s projected savings (costMeasured.ts).
 */
import type { RecordingFrequency, RecordingProfile } from "../../config/domain";
import { ONE_REGION_TYPES } from "../../config/profiles";
import { CONTINUOUS_ONLY_TYPES } from "../../policies/recordingRules";
import type { ConfigPrices } from "../../pricing/prices";
import type { CostAssumptions } from "./costInput";

/** Money rounded to a millionth of a dollar, so JSON shows no floating-point noise. */
export function money(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Why a type is or is not recorded at a place, under a profile. */
export type Recording = { readonly recorded: true; readonly frequency: RecordingFrequency } | { readonly recorded: false; readonly reason: string };

/** What `profile` does with `resourceType` at a place (global IAM types only where `recordsGlobalTypes`). */
export function recordingOf(profile: RecordingProfile, resourceType: string, recordsGlobalTypes: boolean): Recording {
  if (ONE_REGION_TYPES.includes(resourceType) && !recordsGlobalTypes) {
    return { recorded: false, reason: "global type, recorded in the account's global-types region only" };
  }
  if (profile.strategy === "EXCLUSION_BY_RESOURCE_TYPES" && profile.excludedResourceTypes.includes(resourceType)) {
    return { recorded: false, reason: `excluded by profile \`${profile.name}\`` };
  }
  if (profile.strategy === "INCLUSION_BY_RESOURCE_TYPES" && !profile.includedResourceTypes.includes(resourceType)) {
    return { recorded: false, reason: `not included by profile \`${profile.name}\`` };
  }
  if (CONTINUOUS_ONLY_TYPES.includes(resourceType)) return { recorded: true, frequency: "CONTINUOUS" };
  const override = profile.override?.resourceTypes.includes(resourceType) ? profile.override.frequency : undefined;
  return { recorded: true, frequency: override ?? profile.frequency };
}

export interface TypeEstimate {
  readonly resourceType: string;
  readonly resources: number;
  readonly changesPerResource: number;
  readonly recording: Recording;
  readonly configurationItems: number;
  readonly pricePerItem: number;
  readonly cost: number;
}

/** What pricing a type at a place needs: the assumptions, the prices, and whether the first month's initial CIs count. */
export interface ItemPricing {
  readonly assumptions: CostAssumptions;
  readonly prices: ConfigPrices;
  readonly firstMonth?: boolean;
}

export function sum<T>(items: readonly T[], f: (t: T) => number): number {
  return items.reduce((acc, t) => acc + f(t), 0);
}

export function changesOf(assumptions: CostAssumptions, resourceType: string): number {
  return assumptions.changesPerResourceMonth[resourceType] ?? assumptions.changesPerResourceMonth.default;
}

export function typeEstimate(resourceType: string, resources: number, recording: Recording, request: ItemPricing): TypeEstimate {
  const changesPerResource = changesOf(request.assumptions, resourceType);
  if (!recording.recorded) {
    return { resourceType, resources, changesPerResource, recording, configurationItems: 0, pricePerItem: 0, cost: 0 };
  }
  const perResource = recording.frequency === "DAILY" ? Math.min(changesPerResource, request.assumptions.daysPerMonth) : changesPerResource;
  const configurationItems = resources * perResource + (request.firstMonth ? resources : 0);
  const pricePerItem = recording.frequency === "DAILY" ? request.prices.configurationItem.daily : request.prices.configurationItem.continuous;
  return { resourceType, resources, changesPerResource, recording, configurationItems, pricePerItem, cost: money(configurationItems * pricePerItem) };
}
