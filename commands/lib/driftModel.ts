/**
 * Drift of one place (account × region): the live recorder, delivery channel and recording
 * status compared with what the stack wants there (`desiredRecorder`, the same settings
 * `pulumi up` applies). PURE: the drift command reads the places and renders the report.
 *
 * The recorder compared is the one the provider manages, chosen by the same rule
 * (`chooseRecorder`: desired name, then `adopt`; service-linked recorders never), and the
 * channel likewise (`chooseChannel`), so drift says what `pulumi up --refresh` would change.
 */
import { channelDifferences, recorderDifferences } from "../../components/multiaccount/recorderCompare";
import { chooseChannel, chooseRecorder } from "../../components/multiaccount/recorderPlan";
import type { DesiredConfigState, ExistingConfigState } from "../../components/multiaccount/recorderTypes";

/** One field that differs: what the place has, and what the stack wants. */
export interface DriftDifference {
  /** AWS field path: `recorder`, `recorder.recordingGroup`, `deliveryChannel.s3BucketName`, `recording`, … */
  readonly field: string;
  /** Absent when the thing is missing. */
  readonly live?: unknown;
  readonly desired: unknown;
}

export type DriftStatus = "in-sync" | "drift" | "error";

export interface PlaceDrift {
  readonly accountId: string;
  readonly accountName: string;
  readonly region: string;
  readonly status: DriftStatus;
  /** The recorder compared (absent when there is none). */
  readonly recorderName?: string;
  readonly differences: readonly DriftDifference[];
  /** Why the place could not be read (status `error`). */
  readonly error?: { readonly name: string; readonly message: string; readonly hint?: string };
}

export interface DriftReport {
  readonly stack: string;
  readonly places: readonly PlaceDrift[];
  readonly summary: { readonly places: number; readonly inSync: number; readonly drifted: number; readonly errors: number; readonly differences: number };
}

/** Every difference between a place and what the stack wants there; empty when in sync. */
export function placeDifferences(
  existing: ExistingConfigState,
  desired: DesiredConfigState & { readonly adopt?: string },
): { recorderName?: string; differences: DriftDifference[] } {
  const differences: DriftDifference[] = [];
  const { recorder } = chooseRecorder(existing.recorders, desired.recorder.name, desired.adopt);
  if (!recorder) differences.push({ field: "recorder", desired: desired.recorder.name });
  else for (const d of recorderDifferences(recorder, desired.recorder)) differences.push({ field: d.field, live: d.from, desired: d.to });
  const { channel } = chooseChannel(existing.channels, desired.deliveryChannel.name);
  if (!channel) differences.push({ field: "deliveryChannel", desired: desired.deliveryChannel.name });
  else for (const d of channelDifferences(channel, desired.deliveryChannel)) differences.push({ field: d.field, live: d.from, desired: d.to });
  if (recorder) {
    const recording = Boolean(existing.status.find((s) => s.name === recorder.name)?.recording);
    if (recording !== desired.recording) differences.push({ field: "recording", live: recording, desired: desired.recording });
  }
  return { ...(recorder?.name ? { recorderName: recorder.name } : {}), differences };
}

export function driftReport(stack: string, places: readonly PlaceDrift[]): DriftReport {
  return {
    stack,
    places,
    summary: {
      places: places.length,
      inSync: places.filter((p) => p.status === "in-sync").length,
      drifted: places.filter((p) => p.status === "drift").length,
      errors: places.filter((p) => p.status === "error").length,
      differences: places.reduce((n, p) => n + p.differences.length, 0),
    },
  };
}
