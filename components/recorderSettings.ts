/**
 * The recorder and delivery channel one place should have, as `ConfigRecorder` inputs
 * (policies/recorderShape.ts). Pure: the per-place component registers it, and preflight
 * compares it with what exists, so both speak of the same settings.
 */
import { type Deployment, type Place, type RecordingProfile } from "../config/domain";
import { complianceTopicArn, configServiceLinkedRoleArn, DELIVERY_CHANNEL_NAME, RECORDER_NAME } from "../config/names";
import { ONE_REGION_TYPES } from "../config/profiles";
import type { ConfigRecorderInputs, RecordingGroupSpec, RecordingModeSpec } from "../policies/recorderShape";
import { assumeRoleOf } from "../config/access";

/**
 * What a profile records at one place. Global types are recorded only in the account's
 * `globalTypesRegion`: elsewhere they are left out, so each is recorded (and billed) once per
 * account. `includeGlobalResourceTypes: false` is not enough for that: AWS records
 * `AWS::RDS::GlobalCluster` in every Region unless a recorder excludes it by name (config/profiles.ts
 * `EVERY_REGION_GLOBAL_TYPES`). So outside that region a profile of all supported types is
 * expressed as `EXCLUSION_BY_RESOURCE_TYPES` of the global types, which records every other
 * current and future type, as `allSupported` does.
 */
export function recordingGroupFor(profile: RecordingProfile, recordsGlobalTypes: boolean): RecordingGroupSpec {
  const strategy = { useOnly: profile.strategy };
  const exclusion = (types: readonly string[]): RecordingGroupSpec => ({
    allSupported: false,
    includeGlobalResourceTypes: false,
    exclusionByResourceTypes: { resourceTypes: [...new Set(types)].sort() },
    recordingStrategy: { useOnly: "EXCLUSION_BY_RESOURCE_TYPES" },
  });
  switch (profile.strategy) {
    case "ALL_SUPPORTED_RESOURCE_TYPES":
      return recordsGlobalTypes ? { allSupported: true, includeGlobalResourceTypes: true, recordingStrategy: strategy } : exclusion(ONE_REGION_TYPES);
    case "EXCLUSION_BY_RESOURCE_TYPES":
      return exclusion(recordsGlobalTypes ? profile.excludedResourceTypes : [...profile.excludedResourceTypes, ...ONE_REGION_TYPES]);
    case "INCLUSION_BY_RESOURCE_TYPES":
      return {
        allSupported: false,
        includeGlobalResourceTypes: false,
        resourceTypes: profile.includedResourceTypes.filter((t) => recordsGlobalTypes || !ONE_REGION_TYPES.includes(t)),
        recordingStrategy: strategy,
      };
  }
}

/** The profile's frequency, with its override limited to the types actually recorded here. */
export function recordingModeFor(profile: RecordingProfile, recordsGlobalTypes: boolean): RecordingModeSpec {
  const override = profile.override;
  const types = override?.resourceTypes.filter((t) => recordsGlobalTypes || !ONE_REGION_TYPES.includes(t)) ?? [];
  return {
    recordingFrequency: profile.frequency,
    recordingModeOverrides:
      override && types.length > 0 ? [{ description: override.description, recordingFrequency: override.frequency, resourceTypes: types }] : [],
  };
}

/** The recorder role: the service-linked role (Security Hub Config.1) unless the inventory opts out. */
export function recorderRoleArnFor(deployment: Deployment, place: Place): string {
  const role = place.account.recorderRole;
  return role.kind === "custom" ? role.roleArn : configServiceLinkedRoleArn(deployment.partition, place.account.id);
}

export function desiredRecorder(deployment: Deployment, place: Place): ConfigRecorderInputs {
  const { account, region } = place;
  const adopt = account.adopt[region.name];
  return {
    accountId: account.id,
    region: region.name,
    ...assumeRoleOf(account.access),
    recorder: {
      name: adopt ?? RECORDER_NAME,
      roleARN: recorderRoleArnFor(deployment, place),
      recordingGroup: recordingGroupFor(account.profile, place.recordsGlobalTypes),
      recordingMode: recordingModeFor(account.profile, place.recordsGlobalTypes),
    },
    deliveryChannel: {
      name: DELIVERY_CHANNEL_NAME,
      s3BucketName: deployment.delivery.bucketName,
      ...(deployment.delivery.keyPrefix ? { s3KeyPrefix: deployment.delivery.keyPrefix } : {}),
      snsTopicARN: complianceTopicArn(deployment, region.name),
      configSnapshotDeliveryProperties: { deliveryFrequency: deployment.delivery.snapshotFrequency },
    },
    recording: true,
    ...(adopt ? { adopt } : {}),
    ...(account.recorderRole.kind === "custom" ? { customRoleOptIn: true as const } : {}),
  };
}
