/**
 * Built-in recording profiles and the AWS rules every profile must respect.
 * Facts: ../shared/aws-config-facts.md §3 (RecordingMode, RecordingGroup); AWS's recording rules
 * themselves are policies/recordingRules.ts, shared with the policy pack.
 */
import { CONFIG_RESOURCE_TYPES, CONFIG_RESOURCE_TYPES_SOURCE, closestResourceTypes } from "../aws/configResourceTypes";
import { CONTINUOUS_ONLY_TYPES, EVERY_REGION_GLOBAL_TYPES, GLOBAL_IAM_TYPES } from "../policies/recordingRules";
import type { RecordingProfile } from "./domain";

/** Recorded once per account, in its global-types region: the global IAM types and the global types AWS would record everywhere. */
export const ONE_REGION_TYPES: readonly string[] = [...GLOBAL_IAM_TYPES, ...EVERY_REGION_GLOBAL_TYPES];

export const BUILTIN_PROFILES: Readonly<Record<string, RecordingProfile>> = {
  /** Every supported type, continuously: what Security Hub and auditors expect. */
  complete: {
    name: "complete",
    description: "All supported resource types, continuous recording",
    strategy: "ALL_SUPPORTED_RESOURCE_TYPES",
    includedResourceTypes: [],
    excludedResourceTypes: [],
    frequency: "CONTINUOUS",
  },
  /**
   * For sandboxes and development accounts: daily recording, the noisiest
   * types excluded, and what security relies on minute by minute (security
   * groups, buckets, compliance state) kept continuous.
   */
  lean: {
    name: "lean",
    description: "Daily recording, high-churn types excluded, security-relevant types continuous",
    strategy: "EXCLUSION_BY_RESOURCE_TYPES",
    includedResourceTypes: [],
    excludedResourceTypes: [
      "AWS::EC2::NetworkInterface",
      "AWS::EC2::Volume",
      "AWS::EC2::LaunchTemplate",
      "AWS::CloudFormation::Stack",
      "AWS::SSM::ManagedInstanceInventory",
      "AWS::SSM::AssociationCompliance",
      "AWS::SSM::PatchCompliance",
    ],
    frequency: "DAILY",
    override: {
      description: "Security-relevant and compliance types stay continuous",
      frequency: "CONTINUOUS",
      resourceTypes: [...CONTINUOUS_ONLY_TYPES, "AWS::EC2::SecurityGroup", "AWS::S3::Bucket", "AWS::IAM::Role", "AWS::IAM::Policy"],
    },
  },
};

/**
 * What is wrong with a profile under AWS's rules. `path` is the profile's key path
 * (`profiles.p1`) and `file` the inventory it is in: messages name `profiles.p1.override`
 * in accounts/dev.yaml, the file after the whole key.
 */
export function profileProblems(profile: RecordingProfile, path: string, file?: string): string[] {
  const at = (sub = "") => `\`${path}${sub}\`${file ? ` in ${file}` : ""}`;
  const problems: string[] = [];
  const continuousOverride = profile.override?.frequency === "CONTINUOUS" ? new Set(profile.override.resourceTypes) : new Set<string>();
  if (profile.override?.frequency === "DAILY") {
    for (const t of profile.override.resourceTypes.filter((t) => CONTINUOUS_ONLY_TYPES.includes(t))) {
      problems.push(`${at(".override")} sets \`${t}\` to DAILY, which AWS Config does not allow: remove it from the override`);
    }
  }
  if (profile.frequency === "DAILY") {
    const recorded = (t: string) =>
      profile.strategy === "ALL_SUPPORTED_RESOURCE_TYPES" ||
      (profile.strategy === "EXCLUSION_BY_RESOURCE_TYPES" && !profile.excludedResourceTypes.includes(t)) ||
      (profile.strategy === "INCLUSION_BY_RESOURCE_TYPES" && profile.includedResourceTypes.includes(t));
    const daily = CONTINUOUS_ONLY_TYPES.filter((t) => recorded(t) && !continuousOverride.has(t));
    if (daily.length > 0) {
      problems.push(
        `${at()} records ${daily.map((t) => `\`${t}\``).join(", ")} DAILY, which AWS Config does not allow: ` +
          `add them to a CONTINUOUS \`override.resourceTypes\` (or exclude them)`,
      );
    }
  }
  if (profile.strategy === "INCLUSION_BY_RESOURCE_TYPES" && profile.includedResourceTypes.length === 0) {
    problems.push(`${at()} uses INCLUSION_BY_RESOURCE_TYPES without \`includedResourceTypes\`: list the types to record`);
  }
  if (profile.strategy !== "INCLUSION_BY_RESOURCE_TYPES" && profile.includedResourceTypes.length > 0) {
    problems.push(`${at(".includedResourceTypes")} needs \`strategy: INCLUSION_BY_RESOURCE_TYPES\``);
  }
  if (profile.strategy !== "EXCLUSION_BY_RESOURCE_TYPES" && profile.excludedResourceTypes.length > 0) {
    problems.push(`${at(".excludedResourceTypes")} needs \`strategy: EXCLUSION_BY_RESOURCE_TYPES\``);
  }
  if (profile.override && profile.override.frequency === profile.frequency) {
    problems.push(`${at(".override")} has the same frequency as the profile (${profile.frequency}): it changes nothing, remove it`);
  }
  if (profile.override && profile.override.resourceTypes.length === 0) {
    problems.push(`${at(".override.resourceTypes")} is empty: list the types the override applies to`);
  }
  const lists = [
    [".includedResourceTypes", profile.includedResourceTypes],
    [".excludedResourceTypes", profile.excludedResourceTypes],
    [".override.resourceTypes", profile.override?.resourceTypes ?? []],
  ] as const;
  for (const [sub, types] of lists) {
    for (const t of types.filter((t) => !CONFIG_RESOURCE_TYPES.has(t))) problems.push(unknownTypeProblem(at(sub), t));
  }
  if (
    profile.strategy === "INCLUSION_BY_RESOURCE_TYPES" &&
    profile.includedResourceTypes.length > 0 &&
    !profile.includedResourceTypes.some((t) => GLOBAL_IAM_TYPES.includes(t))
  ) {
    problems.push(
      `${at(".includedResourceTypes")} lists none of the global IAM types (${GLOBAL_IAM_TYPES.map((t) => `\`${t}\``).join(", ")}), ` +
        `so accounts on this profile record IAM in no region, not even their global-types region (\`globalTypesRegion\`, default \`homeRegion\`): add them to the list`,
    );
  }
  return problems;
}

function unknownTypeProblem(where: string, type: string): string {
  const near = closestResourceTypes(type);
  return (
    `${where} lists \`${type}\`, which is not a resource type AWS Config records` +
    (near.length > 0 ? `: did you mean ${near.map((t) => `\`${t}\``).join(" or ")}?` : ": check the spelling") +
    ` (the list: aws/config-resource-types.json, from ${CONFIG_RESOURCE_TYPES_SOURCE.retrieved})`
  );
}
