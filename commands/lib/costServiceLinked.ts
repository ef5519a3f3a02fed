/**
 * Service-linked recorders (preflight's census, `cost --live`) in the estimate: where one records
 * CONTINUOUS a type the place's profile records DAILY, AWS records it continuously ("Recording
 * frequency precedence", DG `stop-start-recorder`), so its CIs are billed at the continuous rate;
 * the types it records that the profile does not are billed too. One line per place and
 * recorder, added to the place's total by costModel.ts.
 */
import { normalizeRecordingGroup } from "../../components/multiaccount/recorderCompare";
import type { ExistingRecorder } from "../../components/multiaccount/recorderTypes";
import type { Account, RecordingFrequency } from "../../config/domain";
import { CONTINUOUS_ONLY_TYPES, GLOBAL_IAM_TYPES } from "../../policies/recordingRules";
import { money, sum, typeEstimate, type ItemPricing, type TypeEstimate } from "./costItems";

/** One resource type whose bill a service-linked recorder changes at a place. */
export interface ServiceLinkedType {
  readonly resourceType: string;
  readonly resources: number;
  /**
   * `dailyMadeContinuous`: the profile records it DAILY, the service-linked recorder CONTINUOUS,
   * and CONTINUOUS takes precedence; `recordedAnyway`: the profile does not record it here.
   */
  readonly effect: "dailyMadeContinuous" | "recordedAnyway";
  /** The rate its CIs are billed at with the service-linked recorder. */
  readonly frequency: RecordingFrequency;
  readonly configurationItems: number;
  /** What the profile alone bills for it (0 where the profile does not record it). */
  readonly profileCost: number;
  /** What it is billed now, less `profileCost`. */
  readonly extraCost: number;
}

/** A service-linked recorder at a place, and what it adds to the place's bill. */
export interface ServiceLinkedLine {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly profile: string;
  readonly recorder: string;
  /** e.g. `securityhub.amazonaws.com`; absent when AWS did not say. */
  readonly servicePrincipal?: string;
  /** The recorder's default frequency. */
  readonly frequency: string;
  readonly types: readonly ServiceLinkedType[];
  /** CIs of the types the profile records DAILY, now billed at the continuous rate. */
  readonly madeContinuousItems: number;
  /** CIs of the types the profile does not record, billed anyway. */
  readonly recordedAnywayItems: number;
  readonly extraCost: number;
}

/** The frequency at which a service-linked recorder records `resourceType`, or undefined when it does not record it. */
export function serviceLinkedRecordingOf(recorder: ExistingRecorder, resourceType: string): RecordingFrequency | undefined {
  const group = normalizeRecordingGroup(recorder.recordingGroup);
  const listed = (key: string) => (group[key] as readonly string[]).includes(resourceType);
  if (group.useOnly === "INCLUSION_BY_RESOURCE_TYPES" && !listed("resourceTypes")) return undefined;
  if (group.useOnly === "EXCLUSION_BY_RESOURCE_TYPES" && listed("exclusionByResourceTypes")) return undefined;
  if (group.useOnly === "ALL_SUPPORTED_RESOURCE_TYPES" && GLOBAL_IAM_TYPES.includes(resourceType) && !group.includeGlobalResourceTypes) return undefined;
  if (CONTINUOUS_ONLY_TYPES.includes(resourceType)) return "CONTINUOUS";
  const override = recorder.recordingMode?.recordingModeOverrides?.find((o) => o.resourceTypes?.includes(resourceType));
  return (override?.recordingFrequency ?? recorder.recordingMode?.recordingFrequency ?? "CONTINUOUS") === "DAILY" ? "DAILY" : "CONTINUOUS";
}

/**
 * What a place's service-linked recorders add to its bill, one line per recorder that changes
 * it. A type two of them record is counted once, with the one recording it continuously.
 */
export function serviceLinkedLines(
  place: { readonly account: Account; readonly region: string; readonly profile: string; readonly types: readonly TypeEstimate[] },
  recorders: readonly ExistingRecorder[],
  request: ItemPricing,
): ServiceLinkedLine[] {
  const byName = [...recorders].sort((a, b) => (a.name ?? "").localeCompare(b.name ?? ""));
  const claimed = new Map<ExistingRecorder, ServiceLinkedType[]>();
  for (const t of place.types) {
    const candidates = byName.flatMap((r) => {
      const frequency = serviceLinkedRecordingOf(r, t.resourceType);
      return frequency ? [{ r, frequency }] : [];
    });
    const by = candidates.find((c) => c.frequency === "CONTINUOUS") ?? candidates[0];
    if (!by) continue;
    const dailyMadeContinuous = t.recording.recorded && t.recording.frequency === "DAILY" && by.frequency === "CONTINUOUS";
    if (!dailyMadeContinuous && t.recording.recorded) continue;
    const now = typeEstimate(t.resourceType, t.resources, { recorded: true, frequency: by.frequency }, request);
    const list = claimed.get(by.r) ?? [];
    list.push({
      resourceType: t.resourceType,
      resources: t.resources,
      effect: dailyMadeContinuous ? "dailyMadeContinuous" : "recordedAnyway",
      frequency: by.frequency,
      configurationItems: now.configurationItems,
      profileCost: t.cost,
      extraCost: money(now.cost - t.cost),
    });
    claimed.set(by.r, list);
  }
  return byName
    .filter((r) => claimed.has(r))
    .map((r) => {
      const types = claimed.get(r)!;
      const items = (effect: ServiceLinkedType["effect"]) =>
        sum(
          types.filter((t) => t.effect === effect),
          (t) => t.configurationItems,
        );
      return {
        accountId: place.account.id,
        accountName: place.account.name,
        region: place.region,
        profile: place.profile,
        recorder: r.name ?? "",
        ...(r.servicePrincipal ? { servicePrincipal: r.servicePrincipal } : {}),
        frequency: r.recordingMode?.recordingFrequency ?? "CONTINUOUS",
        types,
        madeContinuousItems: items("dailyMadeContinuous"),
        recordedAnywayItems: items("recordedAnyway"),
        extraCost: money(sum(types, (t) => t.extraCost)),
      };
    });
}
