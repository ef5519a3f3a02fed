/**
 * `ConfigRecorder`: the recorder, delivery channel and recording status of one account and
 * region, as one lifecycle (DESIGN.md shape contract, type
 * `pulumi-nodejs:dynamic/multiaccount:ConfigRecorder`).
 *
 * The resource stores only shim.ts's loader in `__provider`; the lifecycle that acts on it is
 * lifecycles/configRecorder.ts, loaded by the dynamic provider host through registry.ts.
 */
import * as pulumi from "@pulumi/pulumi";

import type { RecorderAction } from "../recorderPlan";
import type { ConfigRecorderInputs } from "../../../policies/recorderShape";
import type { PreexistingConfig } from "../recorderTypes";
import { MultiAccountResource } from "../shim";

/** Plain inputs, as the provider receives them: the shape contract (policies/recorderShape.ts). */
export type { ConfigRecorderInputs };

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

/** Each field of `T` an input (known or not yet); nested objects too, down to `levels` deep. */
type InputsOf<T, Levels extends unknown[] = [unknown]> = {
  [K in keyof T]: pulumi.Input<
    T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? (Levels extends [unknown, ...infer Rest] ? InputsOf<T[K], Rest> : T[K]) : T[K]
  >;
};

/** `recorder` and `deliveryChannel` may carry values known only after deployment (the topic, a KMS key). */
export type ConfigRecorderArgs = InputsOf<ConfigRecorderInputs, [unknown, unknown]>;

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
