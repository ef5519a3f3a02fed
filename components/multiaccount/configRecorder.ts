/**
 * `ConfigRecorder`: the recorder, delivery channel and recording status of one account and
 * region, as one lifecycle (DESIGN.md shape contract, type
 * `pulumi-nodejs:dynamic/multiaccount:ConfigRecorder`).
 *
 * The provider object is serialized by Pulumi into every resource's state; everything it
 * reaches is plain functions and constants. SDK clients are made inside the calls.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, ResourceProvider, UpdateResult } from "@pulumi/pulumi/dynamic";
import {
  deleteDeliveryChannel,
  deleteRecorder,
  putDeliveryChannel,
  putRecorder,
  readConfigState,
  startRecorder,
  stopRecorder,
  type Place,
} from "./configService";
import { withLimits } from "./limits";
import { channelDifferences, channelSpecOf, planRecorder, recorderDifferences, recorderSpecOf, type RecorderAction, type RecorderPlan } from "./recorderPlan";
import type {
  DeliveryChannelSpec,
  DesiredRecorder,
  PreexistingConfig,
  RecorderSpec,
  RecordingGroupSpec,
  RecordingModeSpec,
} from "./recorderTypes";
import { changedOrUnknown, containsUnknown } from "./unknowns";
import { checkAccountId, checkNonEmptyString, checkRegion, checkRoleArn } from "./validate";
import { MultiAccountResource } from "./shim";

/** Plain inputs, as the provider receives them. */
export interface ConfigRecorderInputs {
  readonly accountId: string;
  readonly region: string;
  /** Role to assume in `accountId`; absent: the caller's own credentials (the caller's account only). */
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly recorder: RecorderSpec;
  readonly deliveryChannel: DeliveryChannelSpec;
  readonly recording: boolean;
  /** Name of an existing recorder this resource may take over. */
  readonly adopt?: string;
  /** What delete does with a recorder that existed before: put it back (default) or delete it. */
  readonly adoptedOnDelete?: "restore" | "delete";
}

/** Outputs: the inputs plus what create found and decided. */
export interface ConfigRecorderOutputs extends ConfigRecorderInputs {
  /** The recorder acted on (an adopted recorder keeps its own name). */
  readonly recorderName: string;
  readonly deliveryChannelName: string;
  /** What create did: `create`, `update`, `adopt` or `unchanged`. */
  readonly createAction: RecorderAction;
  /** The recorder, channel and status before this stack touched them; put back on delete. */
  readonly preexisting?: PreexistingConfig;
}

function placeOf(inputs: ConfigRecorderInputs, purpose: string): Place {
  return {
    target: { accountId: inputs.accountId, roleArn: inputs.roleArn, externalId: inputs.externalId, purpose },
    region: inputs.region,
  };
}

function desiredOf(inputs: ConfigRecorderInputs): DesiredRecorder {
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

/**
 * Put a place back as it was before this stack: pre-existing settings and status restored
 * (skipping writes where nothing differs), whatever this stack added removed
 * (stop → channel → recorder, the order AWS requires).
 */
async function restorePlace(place: Place, names: Names, pre: PreexistingConfig | undefined, written: Written): Promise<void> {
  const keepsRecording = Boolean(pre?.recording && pre.recorder && pre.deliveryChannel);
  if (!keepsRecording) await stopRecorder(place, names.recorder);
  if (pre?.recorder && recorderDifferences(written.recorder, pre.recorder).length > 0) await putRecorder(place, pre.recorder);
  if (!pre?.deliveryChannel) await deleteDeliveryChannel(place, names.channel);
  else if (channelDifferences(written.deliveryChannel, pre.deliveryChannel).length > 0) await putDeliveryChannel(place, pre.deliveryChannel);
  if (!pre?.recorder) await deleteRecorder(place, names.recorder);
  if (keepsRecording && !written.recording) await startRecorder(place, names.recorder);
}

/** Carry out a plan's writes; if one fails, put the place back and report both. */
async function applyPlan(place: Place, plan: RecorderPlan, inputs: ConfigRecorderInputs): Promise<void> {
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
    if (written > 0) {
      try {
        await restorePlace(place, { recorder: plan.recorderName, channel: plan.deliveryChannelName }, plan.preexisting, desiredOf(inputs));
      } catch (rollback) {
        (error as Error).message += ` (rolling back also failed: ${(rollback as Error).message}; run \`pulumi refresh\` and check the place)`;
      }
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
      failures.push({ property: "recorder.name", reason: "`recorder.name` may not start with `AWSConfigurationRecorderFor` (reserved for service-linked recorders)" });
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
      changedOrUnknown(olds.adoptedOnDelete ?? "restore", news.adoptedOnDelete ?? "restore");
    // Only one recorder may exist per place: the old one must go before its replacement comes.
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 };
  },

  async create(inputs: ConfigRecorderInputs): Promise<CreateResult<ConfigRecorderOutputs>> {
    return withLimits(inputs.accountId, async () => {
      const place = placeOf(inputs, "create-recorder");
      const plan = planRecorder(await readConfigState(place), desiredOf(inputs), inputs.adopt, inputs);
      if (plan.action === "fail") throw new Error(plan.message);
      await applyPlan(place, plan, inputs);
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
        `ConfigRecorder \`${id}\` cannot be imported by id alone (the role to assume is unknown); ` +
          "declare it and set `adopt: <recorder name>` instead",
      );
    }
    return withLimits(props.accountId, async () => {
      const state = await readConfigState(placeOf(props, "read-recorder"));
      const recorder = state.recorders.find((r) => r.name === props.recorderName);
      if (!recorder) return {};
      const channel = state.channels.find((c) => c.name === props.deliveryChannelName);
      const recording = Boolean(state.status.find((s) => s.name === props.recorderName)?.recording);
      return {
        id,
        props: {
          ...props,
          // Input names are kept so a refresh alone never turns into a replacement.
          recorder: { ...recorderSpecOf(recorder), name: props.recorder.name },
          deliveryChannel: channel
            ? { ...channelSpecOf(channel), name: props.deliveryChannel.name }
            : { name: props.deliveryChannel.name, s3BucketName: "" },
          recording,
        },
      };
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
    await withLimits(props.accountId, () =>
      restorePlace(
        placeOf(props, "delete-recorder"),
        { recorder: props.recorderName, channel: props.deliveryChannelName },
        props.adoptedOnDelete === "delete" ? undefined : props.preexisting,
        desiredOf(props),
      ),
    );
  },
};

/** `recorder` input: AWS `ConfigurationRecorder`. */
export interface RecorderArgs {
  name: pulumi.Input<string>;
  roleARN: pulumi.Input<string>;
  recordingGroup?: pulumi.Input<RecordingGroupSpec>;
  recordingMode?: pulumi.Input<RecordingModeSpec>;
}

/** `deliveryChannel` input: AWS `DeliveryChannel`. */
export interface DeliveryChannelArgs {
  name: pulumi.Input<string>;
  s3BucketName: pulumi.Input<string>;
  s3KeyPrefix?: pulumi.Input<string>;
  s3KmsKeyArn?: pulumi.Input<string>;
  snsTopicARN?: pulumi.Input<string>;
  configSnapshotDeliveryProperties?: pulumi.Input<{ deliveryFrequency?: pulumi.Input<string> }>;
}

export interface ConfigRecorderArgs {
  accountId: pulumi.Input<string>;
  region: pulumi.Input<string>;
  roleArn?: pulumi.Input<string>;
  externalId?: pulumi.Input<string>;
  recorder: pulumi.Input<RecorderArgs>;
  deliveryChannel: pulumi.Input<DeliveryChannelArgs>;
  recording: pulumi.Input<boolean>;
  adopt?: pulumi.Input<string>;
  adoptedOnDelete?: pulumi.Input<"restore" | "delete">;
}

/** Recorder + delivery channel + recording status in one account and region. */
export class ConfigRecorder extends MultiAccountResource {
  public readonly accountId!: pulumi.Output<string>;
  public readonly region!: pulumi.Output<string>;
  public readonly recorderName!: pulumi.Output<string>;
  public readonly deliveryChannelName!: pulumi.Output<string>;
  public readonly recording!: pulumi.Output<boolean>;
  public readonly createAction!: pulumi.Output<RecorderAction>;
  public readonly preexisting!: pulumi.Output<PreexistingConfig | undefined>;

  constructor(name: string, args: ConfigRecorderArgs, opts?: pulumi.CustomResourceOptions) {
    super("ConfigRecorder", name, { ...args, recorderName: undefined, deliveryChannelName: undefined, createAction: undefined, preexisting: undefined }, opts);
  }
}
