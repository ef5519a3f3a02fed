/**
 * Turns an AWS error in one place into a typed error that names the account, the region
 * and the fix. Opt-in regions that an account has not enabled answer every call with an
 * authentication error; in those regions that error is reported as `RegionNotEnabledError`.
 */
import { isMultiAccountError, placeOperationError, regionNotEnabledError, type MultiAccountError } from "./errors";

/** Regions launched after 2019-03-20: disabled in an account until someone opts in (aws-config-facts.md §7). */
export const OPT_IN_REGIONS: readonly string[] = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
  "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
  "me-central-1", "me-south-1", "mx-central-1",
];

/**
 * What a disabled opt-in region answers (the token is not valid there). Arrays, not Sets:
 * Pulumi's closure serializer loses a Set's contents.
 */
const REGION_DISABLED_ERRORS: readonly string[] = [
  "UnrecognizedClientException", "InvalidClientTokenId", "AuthFailure", "OptInRequired", "InvalidSignatureException",
];

export type Hints = Readonly<Record<string, string>>;

const DEFAULT_HINT =
  "Check the deployment role's permissions in that account (Config, IAM and Organizations actions) and the AWS error above";

/** The AWS error name, whatever shape the SDK gave it. */
export function awsErrorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.name ?? e?.Code ?? e?.code ?? "Error";
}

/** A typed error for `operation` failing in `accountId`/`region`, hint chosen by error name. */
export function placeError(
  operation: string,
  accountId: string,
  region: string | undefined,
  error: unknown,
  hints: Hints = {},
): MultiAccountError {
  if (isMultiAccountError(error)) return error;
  const name = awsErrorName(error);
  const message = (error as { message?: string })?.message ?? String(error);
  if (region && OPT_IN_REGIONS.includes(region) && REGION_DISABLED_ERRORS.includes(name)) {
    return regionNotEnabledError(accountId, region, `${name} from ${operation}`);
  }
  // IAM's errors arrive as `NoSuchEntity` or `NoSuchEntityException` depending on the protocol.
  const hint = hints[name] ?? hints[name.replace(/Exception$/, "")] ?? DEFAULT_HINT;
  return placeOperationError(operation, accountId, region, { name, message }, hint);
}
