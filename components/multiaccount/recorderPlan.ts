/**
 * PURE planning of one place's recorder, delivery channel and recording status: given what
 * Config has there and what the stack wants, decide what to do and list every difference.
 * `create()` acts on this plan and the preflight command prints it, so both say the same.
 * No I/O and no SDK here.
 */
import type { PlaceRecord } from "./placeRecord";
import { channelDifferences, channelSpecOf, recorderDifferences, recorderSpecOf, type Difference } from "./recorderCompare";
import type { DesiredConfigState, ExistingChannel, ExistingConfigState, ExistingRecorder, PreexistingConfig } from "./recorderTypes";

export type RecorderAction = "create" | "update" | "adopt" | "unchanged" | "fail";

export type PlannedWrite = "PutConfigurationRecorder" | "PutDeliveryChannel" | "StartConfigurationRecorder" | "StopConfigurationRecorder";

export interface RecorderPlan {
  readonly action: RecorderAction;
  readonly differences: readonly Difference[];
  /** Why it fails, or what adoption means here. */
  readonly message?: string;
  /** The recorder name acted on: an adopted recorder keeps its own name. */
  readonly recorderName: string;
  readonly deliveryChannelName: string;
  /** The write calls, in order. */
  readonly writes: readonly PlannedWrite[];
  /** What existed before, to be put back on delete (absent when nothing existed). */
  readonly preexisting?: PreexistingConfig;
  /** The channel's bucket changes: from which to which (also part of `message`). */
  readonly repointed?: { readonly from: string; readonly to: string };
}

/** Where the plan is for; only used in messages. */
export interface PlanPlace {
  readonly accountId?: string;
  readonly region?: string;
}

const SERVICE_LINKED_PREFIX = "AWSConfigurationRecorderFor";

/** Service-linked recorders belong to other AWS services; this layer never touches them. */
export function isServiceLinkedRecorder(recorder: ExistingRecorder): boolean {
  return Boolean(recorder.servicePrincipal) || (recorder.name ?? "").startsWith(SERVICE_LINKED_PREFIX);
}

function where(place: PlanPlace): string {
  return `account \`${place.accountId ?? "?"}\` region \`${place.region ?? "?"}\``;
}

function adoptFix(place: PlanPlace, name: string): string {
  return `add \`adopt: ${name}\` under account \`${place.accountId ?? "?"}\` in \`accounts/<stack>.yaml\``;
}

function failed(message: string, desired: DesiredConfigState): RecorderPlan {
  return {
    action: "fail",
    differences: [],
    message,
    recorderName: desired.recorder.name,
    deliveryChannelName: desired.deliveryChannel.name,
    writes: [],
  };
}

const byName = (a: { name?: string | undefined }, b: { name?: string | undefined }): number => (a.name ?? "").localeCompare(b.name ?? "");

/** The choice among a place's customer recorders, and why (for messages and preflight). */
export interface RecorderChoice {
  readonly recorder?: ExistingRecorder;
  /** How it was chosen: the takeover record, the desired name, `adopt`; absent when none was. */
  readonly by?: "record" | "name" | "adopt";
  /** Customer recorders that were not chosen, sorted by name. */
  readonly others: readonly ExistingRecorder[];
}

/**
 * THE rule for which recorder this stack manages in a place, never list order
 * (README, "Failure and recovery"). Service-linked recorders (`AWSConfigurationRecorderFor*`,
 * or any with a `servicePrincipal`) are never candidates. Among customer recorders:
 * 1. the one the place's takeover record names: this stack already wrote to it;
 * 2. else the one with the desired name;
 * 3. else the one `adopt` names;
 * 4. else none: a customer recorder of another name blocks the place (the plan fails, naming
 *    every one, sorted by name).
 */
export function chooseRecorder(
  recorders: readonly ExistingRecorder[],
  desiredName: string,
  adopt?: string,
  record?: Pick<PlaceRecord, "recorderName">,
): RecorderChoice {
  const customer = recorders.filter((r) => !isServiceLinkedRecorder(r)).sort(byName);
  const pick = (name: string | undefined, by: RecorderChoice["by"]): RecorderChoice | undefined => {
    const found = name === undefined ? undefined : customer.find((r) => r.name === name);
    return found ? { recorder: found, by, others: customer.filter((r) => r !== found) } : undefined;
  };
  return pick(record?.recorderName, "record") ?? pick(desiredName, "name") ?? pick(adopt, "adopt") ?? { others: customer };
}

/**
 * The channel this stack manages, by the same kind of rule: the record's channel, else the
 * desired name, else the only channel there is (AWS allows one). Several channels, none of
 * them named so: `ambiguous`, sorted by name.
 */
export function chooseChannel(
  channels: readonly ExistingChannel[],
  desiredName: string,
  record?: Pick<PlaceRecord, "deliveryChannelName">,
): { readonly channel?: ExistingChannel; readonly ambiguous: readonly ExistingChannel[] } {
  const sortedChannels = [...channels].sort(byName);
  const named = (name: string | undefined) => (name === undefined ? undefined : sortedChannels.find((c) => c.name === name));
  const channel = named(record?.deliveryChannelName) ?? named(desiredName) ?? (sortedChannels.length === 1 ? sortedChannels[0] : undefined);
  return { ...(channel ? { channel } : {}), ambiguous: channel ? [] : sortedChannels };
}

/**
 * Plan a place. Rules (DESIGN.md, aws-config-facts.md §3):
 * - the recorder acted on is chosen by `chooseRecorder` (record, desired name, `adopt`);
 * - no customer recorder: create one with the desired name;
 * - a recorder with the desired name: update it in place;
 * - a recorder that `adopt` names: take it over, keeping its name (`adopt`), whether or not the
 *   desired name is that name too (the program asks for the adopted name, so the resource's
 *   `recorder.name` stays what the state has always held);
 * - a recorder with another name that `adopt` does not name: fail, saying which line to add;
 * - the one delivery channel likewise: same name updated, another name taken over only
 *   together with an adopted recorder (or when `adopt` names that channel);
 * - a channel that already delivers to another bucket is re-pointed visibly: the plan's
 *   message names both buckets (preflight prints it, create warns with it), and destroy
 *   points it back;
 * - with a takeover `record` (this stack wrote here before, perhaps killed halfway), the
 *   record's `preexisting` is what delete restores, never the place as it is now, and a
 *   recorder the record says this stack created is this stack's (action `create`);
 * - service-linked recorders are ignored.
 */
export function planRecorder(
  existing: ExistingConfigState,
  desired: DesiredConfigState,
  adopt?: string,
  place: PlanPlace = {},
  record?: PlaceRecord,
): RecorderPlan {
  const choice = chooseRecorder(existing.recorders, desired.recorder.name, adopt, record);
  const recorder = choice.recorder;
  const adopting = Boolean(recorder && adopt && recorder.name === adopt);
  const tookOver = record !== undefined && !record.recorderCreated;

  if (!recorder && choice.others.length > 0) {
    const names = choice.others.map((r) => `\`${r.name}\``).join(", ");
    const first = choice.others[0]?.name ?? "";
    return failed(
      `${where(place)} already has configuration recorder ${names} and AWS allows one per account and region; ` +
        `this stack wants \`${desired.recorder.name}\`. To take the existing one over (it keeps its name and gets this ` +
        `stack's settings; deleting the stack restores it), ${adoptFix(place, first)}`,
      desired,
    );
  }
  if (recorder && recorder.name !== desired.recorder.name && !adopting) {
    return failed(
      `${where(place)} already has configuration recorder \`${recorder.name}\` and AWS allows one per account and region; ` +
        `this stack wants \`${desired.recorder.name}\`. To take the existing one over (it keeps its name and gets this ` +
        `stack's settings; deleting the stack restores it), ${adoptFix(place, recorder.name ?? "")}`,
      desired,
    );
  }
  const channelChoice = chooseChannel(existing.channels, desired.deliveryChannel.name, record);
  if (channelChoice.ambiguous.length > 1) {
    return failed(
      `${where(place)} has delivery channels ${channelChoice.ambiguous.map((c) => `\`${c.name}\``).join(", ")}, none named \`${desired.deliveryChannel.name}\`; ` +
        "AWS allows one per account and region: delete the ones that are not in use",
      desired,
    );
  }
  const channel = channelChoice.channel;
  const channelTakenOver = Boolean(
    channel &&
    channel.name !== desired.deliveryChannel.name &&
    (record?.deliveryChannelName === channel.name ||
      adopting ||
      (adopt !== undefined && adopt === channel.name) ||
      (adopt !== undefined && recorder !== undefined && adopt === recorder.name)),
  );
  if (channel && channel.name !== desired.deliveryChannel.name && !channelTakenOver) {
    const owner = recorder?.name;
    return failed(
      `${where(place)} already has delivery channel \`${channel.name}\` and AWS allows one per account and region; ` +
        `this stack wants \`${desired.deliveryChannel.name}\`. ` +
        (owner
          ? `To take it over together with recorder \`${owner}\`, ${adoptFix(place, owner)}`
          : `To take it over, ${adoptFix(place, channel.name ?? "")}, or delete it ` +
            `(\`aws configservice delete-delivery-channel --delivery-channel-name ${channel.name}\`)`),
      desired,
    );
  }
  const recorderName = recorder?.name ?? desired.recorder.name;
  const deliveryChannelName = channel?.name ?? desired.deliveryChannel.name;
  const recordingNow = Boolean(recorder && existing.status.find((s) => s.name === recorder.name)?.recording);

  const recorderDiffs = recorderDifferences(recorder, desired.recorder);
  const channelDiffs = channelDifferences(channel, desired.deliveryChannel);
  const differences: Difference[] = [...recorderDiffs, ...channelDiffs];
  if (recordingNow !== desired.recording) differences.push({ field: "recording", from: recordingNow, to: desired.recording });

  const writes: PlannedWrite[] = [];
  if (!recorder || recorderDiffs.length > 0) writes.push("PutConfigurationRecorder");
  if (!channel || channelDiffs.length > 0) writes.push("PutDeliveryChannel");
  if (desired.recording && !recordingNow) writes.push("StartConfigurationRecorder");
  if (!desired.recording && recordingNow) writes.push("StopConfigurationRecorder");

  // With a record, what existed before is the record's: the place as it is now may be half ours.
  const snapshot: PreexistingConfig | undefined =
    recorder || channel
      ? {
          ...(recorder ? { recorder: recorderSpecOf(recorder) } : {}),
          ...(channel ? { deliveryChannel: channelSpecOf(channel) } : {}),
          recording: recordingNow,
        }
      : undefined;
  const preexisting = record ? record.preexisting : snapshot;

  const action: RecorderAction = record
    ? record.recorderCreated
      ? "create"
      : adopting || (tookOver && record.recorderName !== desired.recorder.name)
        ? "adopt"
        : "update"
    : !recorder
      ? "create"
      : adopting
        ? "adopt"
        : writes.length > 0 || channelTakenOver
          ? "update"
          : "unchanged";
  const buckets =
    channel?.s3BucketName && channel.s3BucketName !== desired.deliveryChannel.s3BucketName
      ? { from: channel.s3BucketName, to: desired.deliveryChannel.s3BucketName }
      : undefined;
  const repointed = buckets
    ? `re-points delivery channel \`${deliveryChannelName}\` from bucket \`${buckets.from}\` to bucket \`${buckets.to}\` (destroy points it back)`
    : undefined;
  const resumed = record ? ` (resumes an earlier run that was stopped: the takeover record of ${record.recordedAt} says what was here before)` : "";
  const message =
    action === "adopt"
      ? `takes over recorder \`${recorderName}\` (inventory \`adopt\`)${channel ? ` and delivery channel \`${deliveryChannelName}\`` : ""} in ${where(place)}, keeping its name` +
        (differences.length > 0 ? `, and changes ${differences.length} setting(s)` : ", settings already as desired") +
        `; settings are restored when the stack deletes it${resumed}`
      : record
        ? `finishes ${action === "create" ? "creating" : "updating"} recorder \`${recorderName}\` in ${where(place)}${resumed}`
        : !recorder && adopt !== undefined
          ? `the inventory adopts \`${adopt}\`, which does not exist in ${where(place)}: pulumi up creates a recorder named \`${desired.recorder.name}\``
          : channelTakenOver
            ? `takes over delivery channel \`${deliveryChannelName}\` in ${where(place)}`
            : undefined;
  const fullMessage = repointed ? (message ? `${message}; ${repointed}` : `${where(place)}: ${repointed}`) : message;
  return {
    action,
    differences,
    ...(fullMessage ? { message: fullMessage } : {}),
    recorderName,
    deliveryChannelName,
    writes,
    ...(preexisting ? { preexisting } : {}),
    ...(buckets ? { repointed: buckets } : {}),
  };
}

/** The takeover record a plan writes before its first write (`recordedAt` is the caller's). */
export function placeRecordOf(plan: RecorderPlan, recordedAt: string): PlaceRecord {
  return {
    version: 1,
    recorderName: plan.recorderName,
    deliveryChannelName: plan.deliveryChannelName,
    recorderCreated: !plan.preexisting?.recorder,
    channelCreated: !plan.preexisting?.deliveryChannel,
    ...(plan.preexisting ? { preexisting: plan.preexisting } : {}),
    recordedAt,
  };
}
