/**
 * AWS Config calls for one place (account × region), each mapped to a typed error that
 * names the place and the fix. The SDK is required inside each function (pulumi-facts §3).
 */
import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { callWith } from "./awsClients";
import { awsErrorName, placeError, type Hints } from "./awsErrors";
import { undefinedWhen } from "./errors";
import type { DeliveryChannelSpec, ExistingConfigState, RecorderSpec } from "./recorderTypes";
import type { Target } from "./session";

/** One account and region, reached as `target`. */
export interface RegionalTarget {
  readonly target: Target;
  readonly region: string;
}

const sdk = () => require("@aws-sdk/client-config-service") as typeof import("@aws-sdk/client-config-service");

/** One Config call in `place`, retried once with a new session if the old one expired; errors typed by kind (awsErrors.ts). */
async function call<T>(place: RegionalTarget, operation: string, send: (client: ConfigServiceClient) => Promise<T>, hints: Hints = {}): Promise<T> {
  try {
    return await callWith("config", sdk().ConfigServiceClient, place.target, place.region, send);
  } catch (error) {
    throw placeError(operation, place.target.accountId, place.region, error, hints, place.target.roleArn);
  }
}

/**
 * Recorders, channels and (when a recorder exists) statuses of a place: two or three
 * describe calls. Service-linked recorders are included; the plan ignores them.
 */
export async function readConfigState(place: RegionalTarget): Promise<ExistingConfigState> {
  const c = sdk();
  const [recorders, channels] = await Promise.all([
    call(place, "DescribeConfigurationRecorders", (client) => client.send(new c.DescribeConfigurationRecordersCommand({}))),
    call(place, "DescribeDeliveryChannels", (client) => client.send(new c.DescribeDeliveryChannelsCommand({}))),
  ]);
  const recorderList = recorders.ConfigurationRecorders ?? [];
  const status =
    recorderList.length === 0
      ? []
      : ((await call(place, "DescribeConfigurationRecorderStatus", (client) => client.send(new c.DescribeConfigurationRecorderStatusCommand({}))))
          .ConfigurationRecordersStatus ?? []);
  return { recorders: recorderList, channels: channels.DeliveryChannels ?? [], status };
}

export async function putRecorder(place: RegionalTarget, recorder: RecorderSpec): Promise<void> {
  const c = sdk();
  await call(
    place,
    `PutConfigurationRecorder \`${recorder.name}\``,
    (client) =>
      client.send(
        new c.PutConfigurationRecorderCommand({
          ConfigurationRecorder: recorder as unknown as import("@aws-sdk/client-config-service").ConfigurationRecorder,
        }),
      ),
    {
      InvalidRoleException: `The recorder role \`${recorder.roleARN}\` must exist in the account and trust \`config.amazonaws.com\` (for \`AWSServiceRoleForConfig\`, make the recorder depend on the ServiceLinkedRole resource)`,
      InvalidRecordingGroupException:
        "Fix `recorder.recordingGroup`: `allSupported`, `resourceTypes` and `exclusionByResourceTypes` must match `recordingStrategy.useOnly`",
      MaxNumberOfConfigurationRecordersExceededException: "Another recorder exists in this place; take it over with `adopt: <its name>` in the inventory",
      InvalidConfigurationRecorderNameException: "Recorder names starting with `AWSConfigurationRecorderFor` are reserved; choose another `recorder.name`",
    },
  );
}

export async function putDeliveryChannel(place: RegionalTarget, channel: DeliveryChannelSpec): Promise<void> {
  const c = sdk();
  await call(
    place,
    `PutDeliveryChannel \`${channel.name}\``,
    (client) =>
      client.send(
        new c.PutDeliveryChannelCommand({
          DeliveryChannel: channel as unknown as import("@aws-sdk/client-config-service").DeliveryChannel,
        }),
      ),
    {
      NoSuchBucketException: `The delivery bucket \`${channel.s3BucketName}\` does not exist: create it in the log archive account first (the central component does), or fix \`deliveryChannel.s3BucketName\``,
      InsufficientDeliveryPolicyException: `The policy of bucket \`${channel.s3BucketName}\` must let \`config.amazonaws.com\` call \`s3:GetBucketAcl\`, \`s3:ListBucket\` and \`s3:PutObject\` (the three \`AWSConfigBucket*\` statements with \`aws:SourceOrgID\`)`,
      InvalidS3KmsKeyArnException: "`deliveryChannel.s3KmsKeyArn` must be a KMS key in the bucket's region whose policy lets `config.amazonaws.com` use it",
      InvalidSNSTopicARNException: "`deliveryChannel.snsTopicARN` must be a topic in the same region whose policy lets `config.amazonaws.com` publish",
      NoAvailableConfigurationRecorderException: "A delivery channel needs a recorder first; this is a bug in ordering, please report it",
      MaxNumberOfDeliveryChannelsExceededException:
        "Another delivery channel exists in this place; take it over with `adopt: <recorder name>` in the inventory",
      InvalidS3KeyPrefixException: "`deliveryChannel.s3KeyPrefix` must not be empty; leave it out instead",
    },
  );
}

export async function startRecorder(place: RegionalTarget, name: string): Promise<void> {
  const c = sdk();
  await call(
    place,
    `StartConfigurationRecorder \`${name}\``,
    (client) => client.send(new c.StartConfigurationRecorderCommand({ ConfigurationRecorderName: name })),
    { NoAvailableDeliveryChannelException: "Recording needs a delivery channel; check `deliveryChannel`" },
  );
}

/** Stop recording; a recorder that is already gone counts as stopped. */
export async function stopRecorder(place: RegionalTarget, name: string): Promise<void> {
  const c = sdk();
  await ignoreMissing(() =>
    call(place, `StopConfigurationRecorder \`${name}\``, (client) => client.send(new c.StopConfigurationRecorderCommand({ ConfigurationRecorderName: name }))),
  );
}

/** Delete the channel; one already gone is fine (delete is idempotent). */
export async function deleteDeliveryChannel(place: RegionalTarget, name: string): Promise<void> {
  const c = sdk();
  await ignoreMissing(() =>
    call(place, `DeleteDeliveryChannel \`${name}\``, (client) => client.send(new c.DeleteDeliveryChannelCommand({ DeliveryChannelName: name })), {
      LastDeliveryChannelDeleteFailedException: "Stop the recorder before deleting its delivery channel",
    }),
  );
}

/** Delete the recorder; one already gone is fine. */
export async function deleteRecorder(place: RegionalTarget, name: string): Promise<void> {
  const c = sdk();
  await ignoreMissing(() =>
    call(place, `DeleteConfigurationRecorder \`${name}\``, (client) =>
      client.send(new c.DeleteConfigurationRecorderCommand({ ConfigurationRecorderName: name })),
    ),
  );
}

/** A conformance pack as `DescribeConformancePacks` reports it. */
export interface ExistingConformancePack {
  readonly name: string;
  readonly arn: string;
}

/** The pack of this name in the place, or undefined (AWS answers `NoSuchConformancePackException`). */
export async function describeConformancePack(place: RegionalTarget, name: string): Promise<ExistingConformancePack | undefined> {
  const c = sdk();
  const out = await undefinedIfMissing(() =>
    call(place, `DescribeConformancePacks \`${name}\``, (client) => client.send(new c.DescribeConformancePacksCommand({ ConformancePackNames: [name] }))),
  );
  const pack = (out?.ConformancePackDetails ?? []).find((p) => p.ConformancePackName === name);
  return pack ? { name, arn: pack.ConformancePackArn ?? "" } : undefined;
}

/** `PutConformancePack` with the template inline: creates the pack or updates it. Returns its ARN. */
export async function putConformancePack(
  place: RegionalTarget,
  pack: { name: string; templateBody: string; parameters?: readonly { ParameterName: string; ParameterValue: string }[] },
): Promise<string> {
  const c = sdk();
  const out = await call(
    place,
    `PutConformancePack \`${pack.name}\``,
    (client) =>
      client.send(
        new c.PutConformancePackCommand({
          ConformancePackName: pack.name,
          TemplateBody: pack.templateBody,
          ...(pack.parameters ? { ConformancePackInputParameters: [...pack.parameters] } : {}),
        }),
      ),
    {
      AccessDeniedException:
        "Give the deployment role `config:PutConformancePack`, `config:DescribeConformancePacks`, `config:DescribeConformancePackStatus` and `config:DeleteConformancePack`, and `iam:PassRole` on the automation role the template names",
      ConformancePackTemplateValidationException: "The pack's template was refused: render it again (packs/accountPack.ts) and run cfn-lint on it",
      InsufficientPermissionsException:
        "AWS Config could not create `AWSServiceRoleForConfigConforms` or read the template: give the deployment role `iam:CreateServiceLinkedRole` for `config-conforms.amazonaws.com` (statement `CreateConformancePackServiceLinkedRole` of docs/deployment-role-policy.json)",
      MaxNumberOfConformancePacksExceededException:
        "The account holds 50 conformance packs already (the AWS Config quota): remove one or ask for a higher quota",
      ResourceInUseException: "The pack is being created, updated or deleted: run `pulumi up` again once that finished",
      NoAvailableConfigurationRecorderException: "A conformance pack's rules need a recorder in the place first; this is an ordering bug, please report it",
    },
  );
  return out.ConformancePackArn ?? "";
}

/** A conformance pack's deployment as `DescribeConformancePackStatus` reports it. */
export interface ConformancePackStatus {
  /** `CREATE_IN_PROGRESS`, `CREATE_COMPLETE`, `CREATE_FAILED`, `DELETE_IN_PROGRESS` or `DELETE_FAILED` (an update shows as a create). */
  readonly state: string;
  readonly reason?: string;
  readonly lastUpdateRequested?: Date;
  readonly lastUpdateCompleted?: Date;
}

/** The deployment status of the pack of this name, or undefined while AWS reports none. */
export async function describeConformancePackStatus(place: RegionalTarget, name: string): Promise<ConformancePackStatus | undefined> {
  const c = sdk();
  const out = await undefinedIfMissing(() =>
    call(place, `DescribeConformancePackStatus \`${name}\``, (client) =>
      client.send(new c.DescribeConformancePackStatusCommand({ ConformancePackNames: [name] })),
    ),
  );
  const detail = (out?.ConformancePackStatusDetails ?? []).find((d) => d.ConformancePackName === name);
  if (!detail?.ConformancePackState) return undefined;
  return {
    state: detail.ConformancePackState,
    ...(detail.ConformancePackStatusReason ? { reason: detail.ConformancePackStatusReason } : {}),
    ...(detail.LastUpdateRequestedTime ? { lastUpdateRequested: detail.LastUpdateRequestedTime } : {}),
    ...(detail.LastUpdateCompletedTime ? { lastUpdateCompleted: detail.LastUpdateCompletedTime } : {}),
  };
}

/** `DeleteConformancePack`; one already gone is fine. AWS deletes it asynchronously. */
export async function deleteConformancePack(place: RegionalTarget, name: string): Promise<void> {
  const c = sdk();
  await ignoreMissing(() =>
    call(place, `DeleteConformancePack \`${name}\``, (client) => client.send(new c.DeleteConformancePackCommand({ ConformancePackName: name })), {
      ResourceInUseException: "The pack is being created or updated: run `pulumi destroy` again once that finished",
    }),
  );
}

const MISSING: readonly string[] = ["NoSuchConfigurationRecorderException", "NoSuchDeliveryChannelException", "NoSuchConformancePackException"];

function isMissing(error: unknown): boolean {
  const aws = (error as { awsError?: { name?: string } }).awsError;
  return MISSING.includes(aws?.name ?? awsErrorName(error));
}

/** The answer, or undefined when AWS says the thing does not exist. */
function undefinedIfMissing<T>(operation: () => Promise<T>): Promise<T | undefined> {
  return undefinedWhen(isMissing, operation);
}

async function ignoreMissing(operation: () => Promise<unknown>): Promise<void> {
  await undefinedWhen(isMissing, operation);
}
