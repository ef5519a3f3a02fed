/**
 * Reading resources the way the policies need them: typed views of the
 * ConfigRecorder inputs, which account and region a resource acts in, and
 * small helpers shared by every area. Pure; no @pulumi/policy at run time.
 */
import type { PolicyProviderResource, PolicyResource, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";

import type { ConfigRecorderInputs, RecordingGroupSpec, Unchecked } from "./recorderShape";
import { EVERY_REGION_GLOBAL_TYPES, GLOBAL_IAM_TYPES } from "./recordingRules";
import { AWS_NATIVE_PROVIDER, AWS_PROVIDER } from "./tokens";

/** A recording group as a policy reads it from a preview's inputs: nothing checked yet. */
export type RecordingGroupView = Unchecked<RecordingGroupSpec>;

/** Inputs of `pulumi-nodejs:dynamic/multiaccount:ConfigRecorder`, as DESIGN.md's shape contract names them, unchecked. */
export type ConfigRecorderView = Unchecked<ConfigRecorderInputs>;

/** "account 111111111111 in eu-west-1": how every message names a place. */
export function placeName(accountId: string | undefined, region: string | undefined): string {
  return `account ${accountId ?? "(no accountId)"} in ${region ?? "(no region)"}`;
}

/** Backticked, comma-separated list for messages. */
export function listOf(items: readonly string[]): string {
  return items.map((i) => `\`${i}\``).join(", ");
}

/** Provider config reaches the engine as JSON strings for nested values; resource inputs as objects. */
export function parseJsonish(value: unknown): unknown {
  if (typeof value !== "string") {
    return value;
  }
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function asArray<T>(value: T | readonly T[] | undefined | null): T[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

/** Account id of an IAM role ARN (`arn:<partition>:iam::<account>:role/…`). */
export function accountOfArn(arn: unknown): string | undefined {
  if (typeof arn !== "string") {
    return undefined;
  }
  const match = /^arn:[^:]+:[^:]*:[^:]*:([0-9]{12}):/.exec(arn);
  return match ? match[1] : undefined;
}

/** The role Security Hub control Config.1 expects as the recorder role. */
export function serviceLinkedRoleArn(partition: string, accountId: string): string {
  return `arn:${partition}:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

export function isServiceLinkedRoleArn(arn: unknown, accountId: string | undefined): boolean {
  if (typeof arn !== "string" || accountId === undefined) {
    return false;
  }
  const match = /^arn:(aws|aws-us-gov|aws-cn):iam::/.exec(arn);
  return match !== null && arn === serviceLinkedRoleArn(match[1], accountId);
}

/**
 * The account an AWS provider acts in: its single `allowedAccountIds` entry,
 * else the account of the role it assumes (aws: `assumeRoles[0]`, aws-native:
 * `assumeRole`), else the deployer's own account. A resource without an
 * explicit provider acts in the deployer's account too.
 */
export function providerAccountId(provider: PolicyProviderResource | undefined, deployerAccountId: string): string {
  if (!provider) {
    return deployerAccountId;
  }
  const allowed = asArray(parseJsonish(provider.props.allowedAccountIds) as string[] | undefined);
  if (allowed.length === 1 && typeof allowed[0] === "string") {
    return allowed[0];
  }
  const assumed =
    provider.type === AWS_NATIVE_PROVIDER
      ? (parseJsonish(provider.props.assumeRole) as { roleArn?: string } | undefined)
      : asArray(parseJsonish(provider.props.assumeRoles) as { roleArn?: string }[] | undefined)[0];
  return accountOfArn(assumed?.roleArn) ?? deployerAccountId;
}

export function isAwsProviderType(type: string): boolean {
  return type === AWS_PROVIDER || type === AWS_NATIVE_PROVIDER;
}

/** The region a regional resource acts in: its own `region`, else its provider's. */
export function resourceRegion(props: Record<string, unknown>, provider: PolicyProviderResource | undefined): string | undefined {
  const own = props.region;
  if (typeof own === "string" && own !== "") {
    return own;
  }
  const fromProvider = provider?.props.region;
  return typeof fromProvider === "string" && fromProvider !== "" ? fromProvider : undefined;
}

/** Resources of any of `types`. */
export function ofTypes(resources: readonly PolicyResource[], types: string | readonly string[]): PolicyResource[] {
  const wanted = new Set(asArray(types));
  return resources.filter((r) => wanted.has(r.type));
}

/**
 * A resource validation that runs `validate` on resources of `types` only and
 * marks the policy not applicable elsewhere (what `validateResourceOfType`
 * does for one class, here for type tokens).
 */
export function validateResourcesOfTypes<T>(
  types: string | readonly string[],
  validate: (props: T, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
): ResourceValidation {
  const wanted = asArray(types);
  const validation: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
    if (!wanted.includes(args.type)) {
      args.notApplicable(`Policy only applies to resources of type ${wanted.map((t) => `'${t}'`).join(", ")}`);
    }
    validate(args.props as T, args, reportViolation);
  };
  if (wanted.length === 1) {
    // The engine skips a policy quickly for other types when the function carries its type.
    validation.__pulumiType = wanted[0];
  }
  return validation;
}

/** Which global IAM types a recording group records (region aside). */
export function recordedGlobalIamTypes(group: RecordingGroupView | undefined): string[] {
  if (!group) {
    // AWS default: all supported types except the global IAM types.
    return [];
  }
  const useOnly = group.recordingStrategy?.useOnly;
  if (useOnly === "EXCLUSION_BY_RESOURCE_TYPES") {
    // The exclusion strategy ignores includeGlobalResourceTypes: only explicit exclusions leave them out.
    const excluded = new Set(asArray(group.exclusionByResourceTypes?.resourceTypes));
    return GLOBAL_IAM_TYPES.filter((t) => !excluded.has(t));
  }
  if (group.allSupported === true) {
    return group.includeGlobalResourceTypes === true ? [...GLOBAL_IAM_TYPES] : [];
  }
  // Inclusion (explicit or implied by a type list): listed types are recorded whatever includeGlobalResourceTypes says.
  const included = new Set(asArray(group.resourceTypes));
  return GLOBAL_IAM_TYPES.filter((t) => included.has(t));
}

/**
 * Which of `EVERY_REGION_GLOBAL_TYPES` a recording group records (all of them with `allSupported`).
 * A recorder without a group is `config-recorder-recording-strategy`'s to name, not counted here.
 */
export function recordedEveryRegionGlobalTypes(group: RecordingGroupView | undefined): string[] {
  if (!group) return [];
  if (group.recordingStrategy?.useOnly === "EXCLUSION_BY_RESOURCE_TYPES") {
    const excluded = new Set(asArray(group.exclusionByResourceTypes?.resourceTypes));
    return EVERY_REGION_GLOBAL_TYPES.filter((t) => !excluded.has(t));
  }
  if (group.allSupported === true) return [...EVERY_REGION_GLOBAL_TYPES];
  const included = new Set(asArray(group.resourceTypes));
  return EVERY_REGION_GLOBAL_TYPES.filter((t) => included.has(t));
}

/**
 * `read()`, or `undefined` when CrossGuard cannot know the value yet (in a
 * preview it throws `UnknownValueError` on access to an output not yet
 * computed). Only for lookups that have another way to succeed; where the
 * value is the substance of a check, let the engine report "can't run".
 */
export function knownOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof Error && e.constructor.name === "UnknownValueError") {
      return undefined;
    }
    throw e;
  }
}

/** A resource's AWS name (`name` input) when known, else its Pulumi name: how violations name it. */
export function declaredName(resource: PolicyResource): string {
  return String(knownOrUndefined(() => resource.props.name) ?? resource.name);
}

/** `arn:…:log-group:<name>:*` (or without `:*`) → `<name>`; undefined for anything else. */
export function logGroupNameOfArn(arn: unknown): string | undefined {
  return typeof arn === "string" ? /:log-group:(.+?)(?::\*)?$/.exec(arn)?.[1] : undefined;
}
