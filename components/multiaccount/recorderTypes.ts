/**
 * What the provider compares: the desired state of a place and what Config has there. The
 * recorder and channel shapes themselves are declared once, with the inputs they belong to
 * (policies/recorderShape.ts); here they are re-exported for the provider's modules, and the
 * existing state is the same shape unchecked, as the describe calls return it.
 */
import type { DeliveryChannelSpec, RecorderSpec, Unchecked } from "../../policies/recorderShape";

export type { DeliveryChannelSpec, RecorderSpec, RecordingGroupSpec, RecordingModeOverrideSpec, RecordingModeSpec } from "../../policies/recorderShape";

/** What a place should end up with. */
export interface DesiredConfigState {
  readonly recorder: RecorderSpec;
  readonly deliveryChannel: DeliveryChannelSpec;
  readonly recording: boolean;
}

/** A recorder as `DescribeConfigurationRecorders` returns it (SDK output is assignable). */
export type ExistingRecorder = Unchecked<RecorderSpec> & {
  /** Set on service-linked recorders, which this layer never touches. */
  readonly servicePrincipal?: string | undefined;
};

/** A channel as `DescribeDeliveryChannels` returns it. */
export type ExistingChannel = Unchecked<DeliveryChannelSpec>;

/** A recorder status as `DescribeConfigurationRecorderStatus` returns it. */
export interface ExistingStatus {
  readonly name?: string | undefined;
  readonly recording?: boolean | undefined;
}

/** Everything Config has in one account and region. */
export interface ExistingConfigState {
  readonly recorders: readonly ExistingRecorder[];
  readonly channels: readonly ExistingChannel[];
  readonly status: readonly ExistingStatus[];
}

/** What was there before this stack took a place over; put back on delete. */
export interface PreexistingConfig {
  readonly recorder?: RecorderSpec;
  readonly deliveryChannel?: DeliveryChannelSpec;
  readonly recording: boolean;
}
