/**
 * `ConfigRecorder`: the recorder, delivery channel and recording status of one account and
 * region, as one lifecycle (DESIGN.md shape contract, type
 * `pulumi-nodejs:dynamic/multiaccount:ConfigRecorder`).
 *
 * The provider object is serialized by Pulumi into every resource's state; everything it
 * reaches is plain functions and constants. SDK clients are made inside the calls.
 */
import * as pulumi from "@pulumi/pulumi";

import type { RecorderAction } from "../recorderPlan";
import type { DeliveryChannelSpec, PreexistingConfig, RecorderSpec, RecordingGroupSpec, RecordingModeSpec } from "../recorderTypes";
import { MultiAccountResource } from "../shim";

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
  /**
   * Set when `recorder.roleARN` is deliberately not the service-linked role (inventory
   * `recorderRoleArn`). No AWS call reads it: it records the choice, so the policy pack can
   * tell an opt-out from a mistake (Security Hub Config.1 expects the service-linked role).
   */
  readonly customRoleOptIn?: true;
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
  customRoleOptIn?: pulumi.Input<true>;
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
