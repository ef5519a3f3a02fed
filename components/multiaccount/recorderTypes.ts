/**
 * Plain shapes of a recorder, a delivery channel and their existing state, in the AWS
 * Config API's own field names (so inputs map 1:1 to `PutConfigurationRecorder` and
 * `PutDeliveryChannel`). Resource types are plain strings here; the SDK types them as a
 * closed union, which would make every caller cast.
 */

/** AWS `RecordingGroup`. */
export interface RecordingGroupSpec {
  readonly allSupported?: boolean;
  readonly includeGlobalResourceTypes?: boolean;
  readonly resourceTypes?: readonly string[];
  readonly exclusionByResourceTypes?: { readonly resourceTypes?: readonly string[] };
  readonly recordingStrategy?: { readonly useOnly?: string };
}

/** AWS `RecordingModeOverride` (at most one). */
export interface RecordingModeOverrideSpec {
  readonly description?: string;
  readonly resourceTypes: readonly string[];
  readonly recordingFrequency: string;
}

/** AWS `RecordingMode`. */
export interface RecordingModeSpec {
  readonly recordingFrequency: string;
  readonly recordingModeOverrides?: readonly RecordingModeOverrideSpec[];
}

/** AWS `ConfigurationRecorder` as this stack wants it. */
export interface RecorderSpec {
  readonly name: string;
  /** Role Config uses, e.g. the service-linked `AWSServiceRoleForConfig`. */
  readonly roleARN: string;
  readonly recordingGroup?: RecordingGroupSpec;
  readonly recordingMode?: RecordingModeSpec;
}

/** AWS `DeliveryChannel` as this stack wants it. */
export interface DeliveryChannelSpec {
  readonly name: string;
  readonly s3BucketName: string;
  readonly s3KeyPrefix?: string;
  readonly s3KmsKeyArn?: string;
  readonly snsTopicARN?: string;
  readonly configSnapshotDeliveryProperties?: { readonly deliveryFrequency?: string };
}

/** What a place should end up with. */
export interface DesiredConfigState {
  readonly recorder: RecorderSpec;
  readonly deliveryChannel: DeliveryChannelSpec;
  readonly recording: boolean;
}

/** A recorder as `DescribeConfigurationRecorders` returns it (SDK output is assignable). */
export interface ExistingRecorder {
  readonly name?: string | undefined;
  readonly roleARN?: string | undefined;
  readonly recordingGroup?: RecordingGroupSpec | undefined;
  readonly recordingMode?: { readonly recordingFrequency?: string | undefined; readonly recordingModeOverrides?: readonly { readonly description?: string | undefined; readonly resourceTypes?: readonly string[] | undefined; readonly recordingFrequency?: string | undefined }[] | undefined } | undefined;
  /** Set on service-linked recorders, which this layer never touches. */
  readonly servicePrincipal?: string | undefined;
}

/** A channel as `DescribeDeliveryChannels` returns it. */
export interface ExistingChannel {
  readonly name?: string | undefined;
  readonly s3BucketName?: string | undefined;
  readonly s3KeyPrefix?: string | undefined;
  readonly s3KmsKeyArn?: string | undefined;
  readonly snsTopicARN?: string | undefined;
  readonly configSnapshotDeliveryProperties?: { readonly deliveryFrequency?: string | undefined } | undefined;
}

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
