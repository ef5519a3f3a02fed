/**
 * PURE comparison of a place's recorder and delivery channel with what the stack wants: each
 * normalized with AWS's defaults so equal meanings compare equal, the differences in AWS field
 * paths, and a describe result read back as a plain spec (for the pre-adoption snapshot).
 * recorderPlan.ts decides what to do from these; the drift and preflight commands print them.
 */
import type { DeliveryChannelSpec, ExistingChannel, ExistingRecorder, RecorderSpec, RecordingGroupSpec } from "./recorderTypes";

/** One field that will change, in AWS field paths (`recorder.recordingGroup`, …). */
export interface Difference {
  readonly field: string;
  readonly from: unknown;
  readonly to: unknown;
}

const sorted = (values: readonly string[] | undefined): string[] => [...(values ?? [])].sort();

/** The meaning of a recording group, with AWS defaults filled in, comparable by value. */
export function normalizeRecordingGroup(group: RecordingGroupSpec | undefined): Record<string, unknown> {
  const included = sorted(group?.resourceTypes);
  const excluded = sorted(group?.exclusionByResourceTypes?.resourceTypes);
  const strategy =
    group?.recordingStrategy?.useOnly ??
    (included.length > 0 && !group?.allSupported
      ? "INCLUSION_BY_RESOURCE_TYPES"
      : excluded.length > 0
        ? "EXCLUSION_BY_RESOURCE_TYPES"
        : "ALL_SUPPORTED_RESOURCE_TYPES");
  switch (strategy) {
    case "INCLUSION_BY_RESOURCE_TYPES":
      return { useOnly: strategy, resourceTypes: included };
    case "EXCLUSION_BY_RESOURCE_TYPES":
      return { useOnly: strategy, exclusionByResourceTypes: excluded };
    default:
      return { useOnly: strategy, includeGlobalResourceTypes: Boolean(group?.includeGlobalResourceTypes) };
  }
}

/** The meaning of a recording mode (CONTINUOUS when absent), comparable by value. */
export function normalizeRecordingMode(mode: ExistingRecorder["recordingMode"]): Record<string, unknown> {
  return {
    recordingFrequency: mode?.recordingFrequency ?? "CONTINUOUS",
    recordingModeOverrides: (mode?.recordingModeOverrides ?? []).map((o) => ({
      description: o.description ?? "",
      recordingFrequency: o.recordingFrequency ?? "CONTINUOUS",
      resourceTypes: sorted(o.resourceTypes),
    })),
  };
}

/** Channel settings with empty strings and AWS defaults folded, comparable by value. */
export function normalizeChannel(channel: ExistingChannel | undefined): Record<string, unknown> {
  return {
    s3BucketName: channel?.s3BucketName || undefined,
    s3KeyPrefix: channel?.s3KeyPrefix || undefined,
    s3KmsKeyArn: channel?.s3KmsKeyArn || undefined,
    snsTopicARN: channel?.snsTopicARN || undefined,
    deliveryFrequency: channel?.configSnapshotDeliveryProperties?.deliveryFrequency || "TwentyFour_Hours",
  };
}

/** Stable JSON: keys sorted, undefined dropped. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function differ(field: string, from: unknown, to: unknown, out: Difference[]): void {
  if (canonical(from) !== canonical(to)) out.push({ field, from, to });
}

/** Differences of the recorder's settings (its name is the caller's business). */
export function recorderDifferences(from: ExistingRecorder | undefined, to: RecorderSpec): Difference[] {
  const out: Difference[] = [];
  differ("recorder.roleARN", from?.roleARN, to.roleARN, out);
  differ("recorder.recordingGroup", from ? normalizeRecordingGroup(from.recordingGroup) : undefined, normalizeRecordingGroup(to.recordingGroup), out);
  differ("recorder.recordingMode", from ? normalizeRecordingMode(from.recordingMode) : undefined, normalizeRecordingMode(to.recordingMode), out);
  return out;
}

/** Differences of the channel's settings (its name is the caller's business). */
export function channelDifferences(from: ExistingChannel | undefined, to: DeliveryChannelSpec): Difference[] {
  const out: Difference[] = [];
  const a = from ? normalizeChannel(from) : {};
  const b = normalizeChannel(to);
  for (const key of Object.keys(b)) {
    const field = key === "deliveryFrequency" ? "deliveryChannel.configSnapshotDeliveryProperties.deliveryFrequency" : `deliveryChannel.${key}`;
    differ(field, a[key], b[key], out);
  }
  return out;
}

/** A describe result as a plain spec (only the fields that exist), for the pre-adoption snapshot. */
export function recorderSpecOf(recorder: ExistingRecorder): RecorderSpec {
  return JSON.parse(
    JSON.stringify({
      name: recorder.name,
      roleARN: recorder.roleARN,
      recordingGroup: recorder.recordingGroup,
      recordingMode: recorder.recordingMode,
    }),
  ) as RecorderSpec;
}

export function channelSpecOf(channel: ExistingChannel): DeliveryChannelSpec {
  return JSON.parse(
    JSON.stringify({
      name: channel.name,
      s3BucketName: channel.s3BucketName,
      s3KeyPrefix: channel.s3KeyPrefix,
      s3KmsKeyArn: channel.s3KmsKeyArn,
      snsTopicARN: channel.snsTopicARN,
      configSnapshotDeliveryProperties: channel.configSnapshotDeliveryProperties,
    }),
  ) as DeliveryChannelSpec;
}
