/**
 * `ConfigRecorder`: the recorder, delivery channel and recording status of one account and
 * region, as one lifecycle (DESIGN.md shape contract, type
 * `pulumi-nodejs:dynamic/multiaccount:ConfigRecorder`).
 *
 * The state stores only shim.ts's loader; the dynamic provider host loads this lifecycle
 * through registry.ts. SDK clients are made inside the calls (session.ts).
 */
import type { CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import {
  deleteDeliveryChannel,
  deleteRecorder,
  putDeliveryChannel,
  putRecorder,
  readConfigState,
  startRecorder,
  stopRecorder,
  type RegionalTarget,
} from "../configService";
import { withLimits } from "../limits";
import { deletePlaceRecord, PLACE_RECORD_PARAMETER, readPlaceRecord, writePlaceRecord } from "../placeRecord";
import { channelDifferences, channelSpecOf, recorderDifferences, recorderSpecOf } from "../recorderCompare";
import { placeRecordOf, planRecorder, type RecorderPlan } from "../recorderPlan";
import type { DeliveryChannelSpec, DesiredConfigState, ExistingConfigState, PreexistingConfig, RecorderSpec } from "../recorderTypes";
import { changedOrUnknown, containsUnknown } from "../unknowns";
import { checkAccountId, checkNonEmptyString, checkRegion, checkRoleArn } from "../validate";
import type { ConfigRecorderInputs, ConfigRecorderOutputs } from "../resources/configRecorder";

function placeOf(inputs: ConfigRecorderInputs, purpose: string): RegionalTarget {
  return {
    target: { accountId: inputs.accountId, roleArn: inputs.roleArn, externalId: inputs.externalId, purpose },
    region: inputs.region,
  };
}

function desiredOf(inputs: ConfigRecorderInputs): DesiredConfigState {
  return { recorder: inputs.recorder, deliveryChannel: inputs.deliveryChannel, recording: inputs.recording !== false };
}

interface Names {
  readonly recorder: string;
  readonly channel: string;
}

/** What this stack last put in a place (its outputs, or the desired state during a rollback). */
interface Written {
  readonly recorder: RecorderSpec;
  readonly deliveryChannel: DeliveryChannelSpec;
  readonly recording: boolean;
}

/** One step of putting a place back: done, skipped (and why), or failed (and how). */
export interface RestoreStep {
  readonly step: string;
  readonly outcome: "done" | "skipped" | "failed";
  readonly detail?: string;
}

/** What putting a place back did, step by step, and what it could not put back. */
export interface RestoreReport {
  readonly steps: readonly RestoreStep[];
  /** Settings that could not be put back because what held them is gone (not a failure). */
  readonly notRestored: readonly string[];
}

const failedSteps = (report: RestoreReport): RestoreStep[] => report.steps.filter((s) => s.outcome === "failed");

/** `done Stop…; FAILED Put… (why); skipped Delete… (why)`: every step, for the message a person reads. */
export function restoreSummary(report: RestoreReport): string {
  return report.steps.map((s) => `${s.outcome === "failed" ? "FAILED" : s.outcome} ${s.step}${s.detail ? ` (${s.detail})` : ""}`).join("; ");
}

/**
 * Put a place back as it was before this stack: pre-existing settings and status restored
 * (skipping writes where nothing differs), whatever this stack added removed
 * (stop → channel → recorder, the order AWS requires). Best effort: every step is tried
 * whatever happened to the one before, and each step's result is reported.
 *
 * `live` (when known) is the place now: a pre-existing recorder deleted outside this stack
 * is not re-created blindly (its bucket or role may be gone too); its settings are reported
 * as not restored instead.
 */
async function restorePlace(
  place: RegionalTarget,
  names: Names,
  pre: PreexistingConfig | undefined,
  written: Written,
  live?: ExistingConfigState,
): Promise<RestoreReport> {
  const steps: RestoreStep[] = [];
  const notRestored: string[] = [];
  const step = async (name: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
      steps.push({ step: name, outcome: "done" });
    } catch (error) {
      steps.push({ step: name, outcome: "failed", detail: (error as Error).message });
    }
  };
  const skip = (name: string, why: string) => steps.push({ step: name, outcome: "skipped", detail: why });
  const legacyGone = Boolean(pre?.recorder && live && !live.recorders.some((r) => r.name === names.recorder));
  const gone = `recorder \`${names.recorder}\` was deleted outside this stack`;
  if (legacyGone) {
    notRestored.push(
      `recorder \`${names.recorder}\` (deleted outside this stack, not re-created): ${JSON.stringify(pre?.recorder)}, recording ${String(pre?.recording)}`,
    );
    if (pre?.deliveryChannel)
      notRestored.push(`delivery channel \`${pre.deliveryChannel.name}\` settings (a channel needs a recorder): ${JSON.stringify(pre.deliveryChannel)}`);
  }

  const keepsRecording = Boolean(pre?.recording && pre.recorder && pre.deliveryChannel);
  if (!keepsRecording) await step(`StopConfigurationRecorder \`${names.recorder}\``, () => stopRecorder(place, names.recorder));
  if (pre?.recorder && recorderDifferences(written.recorder, pre.recorder).length > 0) {
    if (legacyGone) skip(`PutConfigurationRecorder \`${names.recorder}\` (original settings)`, gone);
    else await step(`PutConfigurationRecorder \`${names.recorder}\` (original settings)`, () => putRecorder(place, pre.recorder as RecorderSpec));
  }
  if (!pre?.deliveryChannel) await step(`DeleteDeliveryChannel \`${names.channel}\``, () => deleteDeliveryChannel(place, names.channel));
  else if (channelDifferences(written.deliveryChannel, pre.deliveryChannel).length > 0) {
    if (legacyGone) skip(`PutDeliveryChannel \`${names.channel}\` (original settings)`, gone);
    else await step(`PutDeliveryChannel \`${names.channel}\` (original settings)`, () => putDeliveryChannel(place, pre.deliveryChannel as DeliveryChannelSpec));
  }
  if (!pre?.recorder) await step(`DeleteConfigurationRecorder \`${names.recorder}\``, () => deleteRecorder(place, names.recorder));
  if (keepsRecording && !written.recording) {
    if (legacyGone) skip(`StartConfigurationRecorder \`${names.recorder}\``, gone);
    else await step(`StartConfigurationRecorder \`${names.recorder}\``, () => startRecorder(place, names.recorder));
  }
  return { steps, notRestored };
}

/** Remove the takeover record once the place is put back, as one more reported step. */
async function forgetPlace(place: RegionalTarget, report: RestoreReport): Promise<RestoreReport> {
  const name = `DeleteParameter \`${PLACE_RECORD_PARAMETER}\``;
  if (failedSteps(report).length > 0) {
    return {
      ...report,
      steps: [...report.steps, { step: name, outcome: "skipped", detail: "kept: it holds what the place looked like before, for the next run" }],
    };
  }
  try {
    await deletePlaceRecord(place);
    return { ...report, steps: [...report.steps, { step: name, outcome: "done" }] };
  } catch (error) {
    return { ...report, steps: [...report.steps, { step: name, outcome: "failed", detail: (error as Error).message }] };
  }
}

function whereOf(place: RegionalTarget): string {
  return `account \`${place.target.accountId}\` region \`${place.region}\``;
}

/** Warnings reach the person running Pulumi through the provider's stderr (the engine shows it). */
function warnNotRestored(place: RegionalTarget, report: RestoreReport): void {
  if (report.notRestored.length === 0) return;
  console.warn(`aws-config-org: in ${whereOf(place)}, not restored: ${report.notRestored.join("; ")}`);
}

/** Carry out a plan's writes; if one fails, put the place back (best effort) and report every step. */
async function applyPlan(place: RegionalTarget, plan: RecorderPlan, inputs: ConfigRecorderInputs, recordWritten: boolean): Promise<void> {
  let written = 0;
  try {
    for (const write of plan.writes) {
      switch (write) {
        case "PutConfigurationRecorder":
          await putRecorder(place, { ...inputs.recorder, name: plan.recorderName });
          break;
        case "PutDeliveryChannel":
          await putDeliveryChannel(place, { ...inputs.deliveryChannel, name: plan.deliveryChannelName });
          break;
        case "StartConfigurationRecorder":
          await startRecorder(place, plan.recorderName);
          break;
        case "StopConfigurationRecorder":
          await stopRecorder(place, plan.recorderName);
          break;
      }
      written++;
    }
  } catch (error) {
    if (written === 0 && recordWritten) {
      // Nothing changed in Config: the record this run wrote says nothing new; drop it (best effort).
      await deletePlaceRecord(place).catch(() => undefined);
    } else if (written > 0 || plan.action === "create") {
      // Something changed here, by this run or (a resumed create) by the run that was stopped.
      const names = { recorder: plan.recorderName, channel: plan.deliveryChannelName };
      const report = await forgetPlace(place, await restorePlace(place, names, plan.preexisting, desiredOf(inputs)));
      warnNotRestored(place, report);
      const failures = failedSteps(report);
      (error as Error).message +=
        failures.length === 0
          ? ` (rolled back: ${restoreSummary(report)})`
          : ` (rolling back failed at ${failures.length} of ${report.steps.length} step(s): ${restoreSummary(report)}; ` +
            `what the place looked like before is kept in SSM parameter \`${PLACE_RECORD_PARAMETER}\` there, so the next \`pulumi up\` finishes the work and \`pulumi destroy\` then puts it back)`;
    }
    throw error;
  }
}

/** An input object, unless it is not known yet (then its fields are not checked). */
function knownObject<T>(value: T | undefined, property: string, failures: CheckFailure[]): T | undefined {
  if (containsUnknown(value) && typeof value !== "object") return undefined;
  if (value === undefined || value === null || typeof value !== "object") {
    failures.push({ property, reason: `\`${property}\` is required (an object in the AWS API's shape)` });
    return undefined;
  }
  return value;
}

function checkInputs(news: ConfigRecorderInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  checkAccountId("accountId", news.accountId, failures);
  checkRegion("region", news.region, failures);
  checkRoleArn("roleArn", news.roleArn, news.accountId, failures);
  const recorder = knownObject(news.recorder, "recorder", failures);
  if (recorder) {
    checkNonEmptyString("recorder.name", recorder.name, failures);
    checkNonEmptyString("recorder.roleARN", recorder.roleARN, failures);
    if (typeof recorder.name === "string" && recorder.name.startsWith("AWSConfigurationRecorderFor")) {
      failures.push({
        property: "recorder.name",
        reason: "`recorder.name` may not start with `AWSConfigurationRecorderFor` (reserved for service-linked recorders)",
      });
    }
    const overrides = recorder.recordingMode?.recordingModeOverrides;
    if (Array.isArray(overrides) && overrides.length > 1) {
      failures.push({ property: "recorder.recordingMode.recordingModeOverrides", reason: "AWS allows at most one `recordingModeOverrides` entry" });
    }
  }
  const channel = knownObject(news.deliveryChannel, "deliveryChannel", failures);
  if (channel) {
    checkNonEmptyString("deliveryChannel.name", channel.name, failures);
    checkNonEmptyString("deliveryChannel.s3BucketName", channel.s3BucketName, failures);
  }
  if (news.recording !== undefined && typeof news.recording !== "boolean" && !containsUnknown(news.recording)) {
    failures.push({ property: "recording", reason: "`recording` must be true or false" });
  }
  if (news.adoptedOnDelete !== undefined && !containsUnknown(news.adoptedOnDelete) && !["restore", "delete"].includes(news.adoptedOnDelete)) {
    failures.push({ property: "adoptedOnDelete", reason: "`adoptedOnDelete` must be `restore` or `delete`" });
  }
  if (news.customRoleOptIn !== undefined && news.customRoleOptIn !== true && !containsUnknown(news.customRoleOptIn)) {
    failures.push({ property: "customRoleOptIn", reason: "`customRoleOptIn` is `true` when set (omit it for the service-linked role)" });
  }
  return failures;
}

/** Recorder settings differ (or are not known yet). */
function recorderChanged(olds: RecorderSpec, news: RecorderSpec): boolean {
  return containsUnknown(news) || recorderDifferences(olds, news).length > 0;
}

function channelChanged(olds: DeliveryChannelSpec, news: DeliveryChannelSpec): boolean {
  return containsUnknown(news) || channelDifferences(olds, news).length > 0;
}

export const configRecorderProvider: ResourceProvider<ConfigRecorderInputs, ConfigRecorderOutputs> = {
  async check(_olds: ConfigRecorderInputs, news: ConfigRecorderInputs): Promise<CheckResult<ConfigRecorderInputs>> {
    return { inputs: news, failures: checkInputs(news) };
  },

  async diff(_id: string, olds: ConfigRecorderOutputs, news: ConfigRecorderInputs): Promise<DiffResult> {
    const replaces: string[] = [];
    if (changedOrUnknown(olds.accountId, news.accountId)) replaces.push("accountId");
    if (changedOrUnknown(olds.region, news.region)) replaces.push("region");
    if (changedOrUnknown(olds.recorder?.name, news.recorder?.name)) replaces.push("recorder");
    if (changedOrUnknown(olds.deliveryChannel?.name, news.deliveryChannel?.name)) replaces.push("deliveryChannel");
    const changes =
      replaces.length > 0 ||
      recorderChanged(olds.recorder, news.recorder) ||
      channelChanged(olds.deliveryChannel, news.deliveryChannel) ||
      changedOrUnknown(olds.recording !== false, news.recording !== false) ||
      changedOrUnknown(olds.roleArn, news.roleArn) ||
      changedOrUnknown(olds.externalId, news.externalId) ||
      changedOrUnknown(olds.adopt, news.adopt) ||
      changedOrUnknown(olds.adoptedOnDelete ?? "restore", news.adoptedOnDelete ?? "restore") ||
      changedOrUnknown(olds.customRoleOptIn, news.customRoleOptIn);
    // Only one recorder may exist per place: the old one must go before its replacement comes.
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
  },

  async create(inputs: ConfigRecorderInputs): Promise<CreateResult<ConfigRecorderOutputs>> {
    return withLimits(inputs.accountId, async () => {
      const place = placeOf(inputs, "create-recorder");
      const [state, record] = await Promise.all([readConfigState(place), readPlaceRecord(place)]);
      const plan = planRecorder(state, desiredOf(inputs), inputs.adopt, inputs, record);
      if (plan.action === "fail") throw new Error(plan.message);
      if (plan.writes.includes("PutDeliveryChannel") && plan.repointed) {
        console.warn(`aws-config-org: ${plan.message}`);
      }
      // The record goes first: a run killed after any later write still knows what was here.
      const recordWritten = !record && plan.writes.length > 0;
      if (recordWritten) await writePlaceRecord(place, placeRecordOf(plan, new Date().toISOString()));
      await applyPlan(place, plan, inputs, recordWritten);
      const outs: ConfigRecorderOutputs = {
        ...inputs,
        recorderName: plan.recorderName,
        deliveryChannelName: plan.deliveryChannelName,
        createAction: plan.action,
        ...(plan.preexisting ? { preexisting: plan.preexisting } : {}),
      };
      return { id: `${inputs.accountId}/${inputs.region}/${plan.recorderName}`, outs };
    });
  },

  async read(id: string, props?: ConfigRecorderOutputs): Promise<ReadResult<ConfigRecorderOutputs>> {
    if (!props) {
      throw new Error(
        `ConfigRecorder \`${id}\` cannot be imported by id alone (the role to assume is unknown); ` + "declare it and set `adopt: <recorder name>` instead",
      );
    }
    return withLimits(props.accountId, async () => {
      const state = await readConfigState(placeOf(props, "read-recorder"));
      const recorder = state.recorders.find((r) => r.name === props.recorderName);
      if (!recorder) return {};
      const channel = state.channels.find((c) => c.name === props.deliveryChannelName);
      const recording = Boolean(state.status.find((s) => s.name === props.recorderName)?.recording);
      const refreshed: ConfigRecorderOutputs = {
        ...props,
        // Input names are kept so a refresh alone never turns into a replacement.
        recorder: { ...recorderSpecOf(recorder), name: props.recorder.name },
        deliveryChannel: channel ? { ...channelSpecOf(channel), name: props.deliveryChannel.name } : { name: props.deliveryChannel.name, s3BucketName: "" },
        recording,
      };
      // The live settings become the old inputs too, so the next preview shows each drifted
      // field with what it is and what it gets (e.g. both buckets of a re-pointed channel).
      return { id, props: refreshed, inputs: refreshed };
    });
  },

  async update(_id: string, olds: ConfigRecorderOutputs, news: ConfigRecorderInputs): Promise<UpdateResult<ConfigRecorderOutputs>> {
    return withLimits(news.accountId, async () => {
      const place = placeOf(news, "update-recorder");
      if (recorderDifferences(olds.recorder, news.recorder).length > 0) {
        await putRecorder(place, { ...news.recorder, name: olds.recorderName });
      }
      if (channelDifferences(olds.deliveryChannel, news.deliveryChannel).length > 0) {
        await putDeliveryChannel(place, { ...news.deliveryChannel, name: olds.deliveryChannelName });
      }
      const wantRecording = news.recording !== false;
      if ((olds.recording !== false) !== wantRecording) {
        await (wantRecording ? startRecorder(place, olds.recorderName) : stopRecorder(place, olds.recorderName));
      }
      const outs: ConfigRecorderOutputs = {
        ...news,
        recorderName: olds.recorderName,
        deliveryChannelName: olds.deliveryChannelName,
        createAction: olds.createAction,
        ...(olds.preexisting ? { preexisting: olds.preexisting } : {}),
      };
      return { outs };
    });
  },

  async delete(_id: string, props: ConfigRecorderOutputs): Promise<void> {
    await withLimits(props.accountId, async () => {
      const place = placeOf(props, "delete-recorder");
      const pre = props.adoptedOnDelete === "delete" ? undefined : props.preexisting;
      // The place now, so a pre-existing recorder deleted out of band is not re-created blindly;
      // read only when there is one to put back (a recorder this stack created has none).
      const live = pre?.recorder ? await readConfigState(place).catch(() => undefined) : undefined;
      const names = { recorder: props.recorderName, channel: props.deliveryChannelName };
      const report = await forgetPlace(place, await restorePlace(place, names, pre, desiredOf(props), live));
      warnNotRestored(place, report);
      const failures = failedSteps(report);
      if (failures.length > 0) {
        throw new Error(
          `deleting recorder \`${props.recorderName}\` in ${whereOf(place)}: ${failures.length} of ${report.steps.length} step(s) failed: ${restoreSummary(report)}. ` +
            "Fix the cause and run `pulumi destroy` again: every step is safe to repeat" +
            (pre ? `, and the original settings stay in this stack's state and in SSM parameter \`${PLACE_RECORD_PARAMETER}\` there` : ""),
        );
      }
    });
  },
};
