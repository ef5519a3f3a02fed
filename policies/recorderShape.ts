/**
 * The recorder's shape, declared once: the inputs of
 * `pulumi-nodejs:dynamic/multiaccount:ConfigRecorder` (DESIGN.md's shape contract) in the AWS
 * Config API's own field names, so they map 1:1 to `PutConfigurationRecorder` and
 * `PutDeliveryChannel`. The program builds them (components/recorderSettings.ts), the provider
 * acts on them (components/multiaccount/), and this policy pack reads them (view.ts). It lives
 * here because the pack imports nothing of the program, while the program may import the pack.
 * Resource types, strategies and frequencies are plain strings: the SDK types them as closed
 * unions, which would make every caller cast, and a state written by an older version must still
 * read; the program's own choices are typed where it makes them (config/domain.ts).
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

/** AWS `ConfigurationRecorder` as a stack wants it. */
export interface RecorderSpec {
  readonly name: string;
  /** Role Config uses, e.g. the service-linked `AWSServiceRoleForConfig`. */
  readonly roleARN: string;
  readonly recordingGroup?: RecordingGroupSpec;
  readonly recordingMode?: RecordingModeSpec;
}

/** AWS `DeliveryChannel` as a stack wants it. */
export interface DeliveryChannelSpec {
  readonly name: string;
  readonly s3BucketName: string;
  readonly s3KeyPrefix?: string;
  readonly s3KmsKeyArn?: string;
  readonly snsTopicARN?: string;
  readonly configSnapshotDeliveryProperties?: { readonly deliveryFrequency?: string };
}

/** Inputs of a `ConfigRecorder`: one account and region's recorder, delivery channel and recording status. */
export interface ConfigRecorderInputs {
  readonly accountId: string;
  readonly region: string;
  /** Role to assume in `accountId`; absent: the caller's own credentials (the caller's account only). */
  readonly roleArn?: string;
  readonly externalId?: string;
  readonly recorder: RecorderSpec;
  readonly deliveryChannel: DeliveryChannelSpec;
  readonly recording: boolean;
  /** Name of an existing recorder this resource may take over (inventory `adopt`). */
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

/**
 * `T` as a reader sees data nobody has checked: every field optional at every depth (a policy
 * reading a preview's inputs, a describe call's answer, which the SDK types with `| undefined`).
 */
export type Unchecked<T> = T extends readonly (infer E)[]
  ? readonly Unchecked<E>[]
  : T extends object
    ? { readonly [K in keyof T]?: Unchecked<T[K]> | undefined }
    : T;
