/**
 * Resource policies on each ConfigRecorder (one per account × region): what
 * it records, with which role, and how often.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";

import { CONTINUOUS_ONLY_TYPES, MAX_RECORDING_MODE_OVERRIDES } from "./recordingRules";
import { CONFIG_RECORDER } from "./tokens";
import {
  asArray,
  isServiceLinkedRoleArn,
  listOf,
  placeName,
  serviceLinkedRoleArn,
  validateResourcesOfTypes,
  type ConfigRecorderView,
  type RecordingGroupView,
} from "./view";

/** What is wrong with a recording group under AWS's rules and ours (an explicit choice). */
function recordingGroupProblems(group: RecordingGroupView | undefined): string[] {
  if (!group) {
    return [
      "has no `recorder.recordingGroup` (AWS would silently leave out the global IAM types): " +
        "set `allSupported: true` or an explicit `recordingStrategy.useOnly`",
    ];
  }
  const problems: string[] = [];
  const useOnly = group.recordingStrategy?.useOnly;
  const listed = asArray(group.resourceTypes);
  const excluded = asArray(group.exclusionByResourceTypes?.resourceTypes);
  if (group.allSupported === true) {
    if (useOnly !== undefined && useOnly !== "ALL_SUPPORTED_RESOURCE_TYPES") {
      problems.push(`sets \`allSupported: true\` with \`recordingStrategy.useOnly: ${useOnly}\`: use one or the other`);
    }
    if (listed.length > 0 || excluded.length > 0) {
      problems.push("lists resource types while `allSupported` is true: AWS rejects type lists with `allSupported`");
    }
    return problems;
  }
  if (group.includeGlobalResourceTypes === true) {
    problems.push("sets `includeGlobalResourceTypes` without `allSupported: true`, which AWS rejects");
  }
  switch (useOnly) {
    case undefined:
      problems.push("neither records all supported types nor names its strategy: set `allSupported: true` " + "or `recordingStrategy.useOnly`");
      break;
    case "ALL_SUPPORTED_RESOURCE_TYPES":
      problems.push("uses `ALL_SUPPORTED_RESOURCE_TYPES` without `allSupported: true`, which AWS rejects");
      break;
    case "INCLUSION_BY_RESOURCE_TYPES":
      if (listed.length === 0) {
        problems.push("uses `INCLUSION_BY_RESOURCE_TYPES` with no `resourceTypes`: it would record nothing");
      }
      if (excluded.length > 0) {
        problems.push("lists `exclusionByResourceTypes` under `INCLUSION_BY_RESOURCE_TYPES`: drop one of them");
      }
      break;
    case "EXCLUSION_BY_RESOURCE_TYPES":
      if (excluded.length === 0) {
        problems.push("uses `EXCLUSION_BY_RESOURCE_TYPES` with no `exclusionByResourceTypes.resourceTypes`: use `allSupported: true`");
      }
      if (listed.length > 0) {
        problems.push("lists `resourceTypes` under `EXCLUSION_BY_RESOURCE_TYPES`: drop one of them");
      }
      break;
    default:
      problems.push(`has an unknown \`recordingStrategy.useOnly\` \`${String(useOnly)}\``);
  }
  return problems;
}

export const configRecorderRecordingStrategy: ResourceValidationPolicy = {
  name: "config-recorder-recording-strategy",
  description: "Checks whether each ConfigRecorder records all supported resource types or names an explicit, valid recording strategy.",
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<ConfigRecorderView>(CONFIG_RECORDER, (recorder, _, reportViolation) => {
    for (const problem of recordingGroupProblems(recorder.recorder?.recordingGroup)) {
      reportViolation(`ConfigRecorder of ${placeName(recorder.accountId, recorder.region)} ${problem}.`);
    }
  }),
};

function partitionOf(arn: string | undefined): string {
  const match = /^arn:([^:]+):/.exec(arn ?? "");
  return match ? match[1] : "aws";
}

export const configRecorderServiceLinkedRole: ResourceValidationPolicy = {
  name: "config-recorder-service-linked-role",
  description: "Checks whether each ConfigRecorder records with the AWSServiceRoleForConfig service-linked role (Security Hub Config.1), unless it opts out.",
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<ConfigRecorderView>(CONFIG_RECORDER, (recorder, args, reportViolation) => {
    if (recorder.customRoleOptIn === true) {
      args.notApplicable("The recorder opts out of the service-linked role (`customRoleOptIn`)");
    }
    const role = recorder.recorder?.roleARN;
    if (!isServiceLinkedRoleArn(role, recorder.accountId)) {
      const expected = serviceLinkedRoleArn(partitionOf(role), recorder.accountId ?? "<accountId>");
      reportViolation(
        `ConfigRecorder of ${placeName(recorder.accountId, recorder.region)} records with ` +
          `\`${role ?? "(no recorder.roleARN)"}\`, not the service-linked role: set \`recorder.roleARN\` to ` +
          `\`${expected}\`, or opt out with \`customRoleOptIn: true\`.`,
      );
    }
  }),
};

export const configRecorderCustomRoleOptIn: ResourceValidationPolicy = {
  name: "config-recorder-custom-role-opt-in",
  description:
    "Checks whether a ConfigRecorder that opted out of the service-linked role still records with a custom role (advisory: Security Hub Config.1 will flag it).",
  enforcementLevel: "advisory",
  validateResource: validateResourcesOfTypes<ConfigRecorderView>(CONFIG_RECORDER, (recorder, args, reportViolation) => {
    if (recorder.customRoleOptIn !== true) {
      args.notApplicable("The recorder does not opt out of the service-linked role");
    }
    const role = recorder.recorder?.roleARN;
    if (!isServiceLinkedRoleArn(role, recorder.accountId)) {
      reportViolation(
        `ConfigRecorder of ${placeName(recorder.accountId, recorder.region)} records with the custom role ` +
          `\`${role ?? "(no recorder.roleARN)"}\` (\`customRoleOptIn\`): Security Hub control Config.1 expects the service-linked role.`,
      );
    }
  }),
};

/** Continuous-only types a recorder records DAILY by default (not rescued by a CONTINUOUS override). */
function dailyContinuousOnlyTypes(recorder: ConfigRecorderView): string[] {
  const group = recorder.recorder?.recordingGroup;
  const mode = recorder.recorder?.recordingMode;
  if (mode?.recordingFrequency !== "DAILY" || !group || group.allSupported === true) {
    // With allSupported AWS keeps these types continuous on its own (RecordingMode docs).
    return [];
  }
  const continuous = new Set(
    asArray(mode.recordingModeOverrides)
      .filter((o) => o.recordingFrequency === "CONTINUOUS")
      .flatMap((o) => asArray(o.resourceTypes)),
  );
  const useOnly = group.recordingStrategy?.useOnly;
  const excluded = new Set(asArray(group.exclusionByResourceTypes?.resourceTypes));
  const included = new Set(asArray(group.resourceTypes));
  const recorded = (type: string) => (useOnly === "EXCLUSION_BY_RESOURCE_TYPES" ? !excluded.has(type) : included.has(type));
  return CONTINUOUS_ONLY_TYPES.filter((t) => recorded(t) && !continuous.has(t));
}

export const configRecorderDailyRecordingAllowed: ResourceValidationPolicy = {
  name: "config-recorder-daily-recording-allowed",
  description: "Checks whether each ConfigRecorder uses DAILY recording only where AWS allows it and at most one recording-mode override.",
  enforcementLevel: "mandatory",
  validateResource: validateResourcesOfTypes<ConfigRecorderView>(CONFIG_RECORDER, (recorder, _, reportViolation) => {
    const place = placeName(recorder.accountId, recorder.region);
    const overrides = asArray(recorder.recorder?.recordingMode?.recordingModeOverrides);
    if (overrides.length > MAX_RECORDING_MODE_OVERRIDES) {
      reportViolation(
        `ConfigRecorder of ${place} has ${overrides.length} \`recordingModeOverrides\`: AWS Config allows at most ` +
          `${MAX_RECORDING_MODE_OVERRIDES}; merge them.`,
      );
    }
    for (const override of overrides.filter((o) => o.recordingFrequency === "DAILY")) {
      const forbidden = asArray(override.resourceTypes).filter((t) => CONTINUOUS_ONLY_TYPES.includes(t));
      if (forbidden.length > 0) {
        reportViolation(
          `ConfigRecorder of ${place} overrides ${listOf(forbidden)} to DAILY, which AWS Config does not allow: ` + "remove them from the override.",
        );
      }
    }
    const daily = dailyContinuousOnlyTypes(recorder);
    if (daily.length > 0) {
      reportViolation(
        `ConfigRecorder of ${place} records ${listOf(daily)} DAILY, which AWS Config does not allow: ` + "add them to a CONTINUOUS override or exclude them.",
      );
    }
  }),
};

export const recorderPolicies: readonly ResourceValidationPolicy[] = [
  configRecorderRecordingStrategy,
  configRecorderServiceLinkedRole,
  configRecorderCustomRoleOptIn,
  configRecorderDailyRecordingAllowed,
];
