/**
 * Turns an AWS error in one place into a typed error that names the account, the region,
 * the API and the fix. Errors are sorted into kinds (throttled, timed out, network, service
 * 5xx, unparseable response, credentials, access denied, region not enabled), each with its
 * own hint; a caller's hint for a specific error name (e.g. `NoSuchBucketException`) wins.
 * Opt-in regions that an account has not enabled answer every call with an authentication
 * error; in those regions that error is reported as `RegionNotEnabledError`.
 */
import { callContextOf } from "./callHooks";
import { isMultiAccountError, placeOperationError, regionNotEnabledError, type MultiAccountError } from "./errors";

/** Regions launched after 2019-03-20: disabled in an account until someone opts in (aws-config-facts.md §7). */
export const OPT_IN_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-south-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-west-1",
  "eu-central-2",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
];

/** What a disabled opt-in region answers (the token is not valid there). */
const REGION_DISABLED_ERRORS: readonly string[] = [
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "AuthFailure",
  "OptInRequired",
  "InvalidSignatureException",
];

/** The session token has expired or was revoked: a new AssumeRole fixes it. */
const EXPIRED_CREDENTIAL_ERRORS: readonly string[] = ["ExpiredToken", "ExpiredTokenException"];
/** The credentials are not valid (outside a disabled opt-in region). */
const INVALID_CREDENTIAL_ERRORS: readonly string[] = [
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "InvalidSignatureException",
  "AuthFailure",
];
/** No credentials at all: the SDK's default chain found none. */
const MISSING_CREDENTIAL_ERRORS: readonly string[] = ["CredentialsProviderError", "ProviderError"];
const DENIED_ERRORS: readonly string[] = ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess"];
/** The SDK's throttling names (its retry strategy's list) and HTTP 429. */
const THROTTLING_ERRORS: readonly string[] = [
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
];
/** Node's codes for a connection that could not be made or was cut, and for a name that did not resolve. */
const NETWORK_CODES: readonly string[] = ["ECONNRESET", "ECONNREFUSED", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ECONNABORTED"];

export type ErrorKind =
  | "throttled"
  | "timed-out"
  | "network"
  | "service-error"
  | "unparseable-response"
  | "credentials-expired"
  | "credentials-invalid"
  | "credentials-missing"
  | "access-denied"
  | "region-not-enabled"
  | "other";

export type Hints = Readonly<Record<string, string>>;

/** How to give the SDK's default chain base credentials, in one line (the provider's hint and the commands' advice both say it). */
export const HOW_TO_PROVIDE_CREDENTIALS =
  "set `AWS_PROFILE` to a profile in ~/.aws/config, or export `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), or run `aws sso login --profile <name>` and set `AWS_PROFILE`, or, in CI, set `AWS_ROLE_ARN` and `AWS_WEB_IDENTITY_TOKEN_FILE` (OIDC)";

/**
 * The default chain found nothing at all (no environment keys, profile, SSO session or web
 * identity). Narrower than the `credentials-missing` kind: a profile whose SSO session expired
 * also fails as `CredentialsProviderError`, but its own message names the profile and the fix.
 */
export function isNoCredentialsAtAll(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === "CredentialsProviderError" && /Could not load credentials from any providers/i.test(e.message ?? "");
}

/** The AWS error name, whatever shape the SDK gave it. */
export function awsErrorName(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string };
  return e?.name ?? e?.Code ?? e?.code ?? "Error";
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number };
}

/** Which kind of failure `error` is, in `region` (needed to tell a disabled opt-in region from bad credentials). */
export function errorKind(error: unknown, region?: string): ErrorKind {
  const e = (error ?? {}) as SdkErrorShape;
  const name = awsErrorName(error);
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  if (region && OPT_IN_REGIONS.includes(region) && REGION_DISABLED_ERRORS.includes(name)) return "region-not-enabled";
  if (name === "OptInRequired") return "region-not-enabled";
  if (NETWORK_CODES.includes(e.code ?? "")) return "network";
  if (name === "TimeoutError" || e.code === "ETIMEDOUT" || name === "RequestTimeout" || name === "RequestTimeoutException") return "timed-out";
  if (THROTTLING_ERRORS.includes(name) || status === 429) return "throttled";
  if (EXPIRED_CREDENTIAL_ERRORS.includes(name)) return "credentials-expired";
  if (INVALID_CREDENTIAL_ERRORS.includes(name)) return "credentials-invalid";
  if (MISSING_CREDENTIAL_ERRORS.includes(name) || /could not load credentials|unable to locate credentials/i.test(e.message ?? ""))
    return "credentials-missing";
  if (DENIED_ERRORS.includes(name)) return "access-denied";
  // The SDK could not read the body: an HTML page or other non-AWS answer (its deserializer's SyntaxError).
  if (name === "SyntaxError" || /Deserialization error/i.test(e.message ?? "")) return "unparseable-response";
  if (status !== undefined && status >= 500) return "service-error";
  return "other";
}

/** Whether a new AssumeRole may cure `error` (an expired or revoked session), outside disabled opt-in regions. */
export function isExpiredCredentials(error: unknown, region?: string): boolean {
  const kind = errorKind(error, region);
  return (
    kind === "credentials-expired" || (kind === "credentials-invalid" && ["InvalidClientTokenId", "UnrecognizedClientException"].includes(awsErrorName(error)))
  );
}

/**
 * What was tried: ` (HTTP 503; 3 attempts over 1.2 s)`, from the SDK's metadata and the
 * call's clock (callHooks.ts); the HTTP status only for server errors, whose name says little.
 */
export function attemptsText(error: unknown): string {
  const context = callContextOf(error);
  const e = error as SdkErrorShape | undefined;
  const attempts = context?.attempts ?? e?.$metadata?.attempts;
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  const tried: string[] = [];
  if (attempts !== undefined) tried.push(`${attempts} attempt${attempts === 1 ? "" : "s"}`);
  if (context) tried.push(context.millis < 1000 ? `${context.millis} ms` : `${(context.millis / 1000).toFixed(1)} s`);
  const parts = [...(status !== undefined && status >= 500 ? [`HTTP ${status}`] : []), ...(tried.length > 0 ? [tried.join(" over ")] : [])];
  return parts.length === 0 ? "" : ` (${parts.join("; ")})`;
}

/** The error's name, with Node's code when it says more (the SDK names a reset `TimeoutError`). */
export function awsErrorLabel(error: unknown): string {
  const name = awsErrorName(error);
  const code = (error as SdkErrorShape | undefined)?.code;
  return code && code !== name ? `${name} (${code})` : name;
}

/** The hint of each kind: what happened, what was already done about it, and what to do. */
export function kindHint(kind: ErrorKind, action: string, roleArn: string | undefined, accountId: string, region: string | undefined): string {
  const who = roleArn ? `the role \`${roleArn}\`` : "the deploying credentials";
  switch (kind) {
    case "throttled":
      return (
        "Throttled even after the SDK's retries: lower `AWS_CONFIG_ORG_MAX_PER_ACCOUNT` or `AWS_CONFIG_ORG_MAX_TOTAL`, " +
        "or raise `AWS_MAX_ATTEMPTS`, and run again (nothing needs undoing)"
      );
    case "timed-out":
      return (
        "AWS did not answer within the timeout on any attempt: check the network path to the endpoint " +
        "(proxy, VPC endpoint, `AWS_ENDPOINT_URL`) and run again; raise `AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS` " +
        "or `AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS` only if the calls are slow rather than stalled"
      );
    case "network":
      return (
        "The endpoint could not be reached (connection refused or reset, or its name did not resolve): check DNS, " +
        "proxies and firewalls on the way to AWS, and `AWS_ENDPOINT_URL` if set, then run again"
      );
    case "service-error":
      return (
        "AWS answered with a server error (5xx) on every attempt: this is on AWS's side; check the AWS Health " +
        "Dashboard for the service in that region and run again later"
      );
    case "unparseable-response":
      return (
        "The answer was not an AWS response (for example an HTML page from a proxy, a captive portal or a wrong " +
        "`AWS_ENDPOINT_URL`): check what sits between this machine and AWS, then run again"
      );
    case "credentials-expired":
      return roleArn
        ? `The session for ${who} expired or was revoked even after a new \`sts:AssumeRole\`: check the base credentials' own expiry (re-login, OIDC token) and run again`
        : "The base credentials have expired: refresh them (re-login, `aws sso login`, a new OIDC token) and run again";
    case "credentials-invalid":
      return roleArn
        ? `AWS does not accept the credentials of ${who} in account \`${accountId}\`${region ? ` region \`${region}\`` : ""}: check the base credentials (\`aws sts get-caller-identity\`) and that the session was not revoked`
        : "AWS does not accept the base credentials: check them with `aws sts get-caller-identity`";
    case "credentials-missing":
      return `No AWS credentials were found: ${HOW_TO_PROVIDE_CREDENTIALS} (in Pulumi Deployments, its OIDC settings)`;
    case "access-denied":
      return (
        `${who.charAt(0).toUpperCase()}${who.slice(1)} may not call \`${action}\` in account \`${accountId}\`: allow it in that ` +
        "role's policies, and check that no SCP or permissions boundary denies it"
      );
    case "region-not-enabled":
      return `Enable region \`${region}\` in account \`${accountId}\`, or drop it from that account's \`regions\` in the inventory`;
    case "other":
      return "AWS refused the request: fix what the AWS error above names, then run again";
  }
}

/** `config:PutConfigurationRecorder` from the call's context or, failing that, the operation text. */
function actionOf(error: unknown, operation: string, service?: string): string {
  const context = callContextOf(error);
  const command = context?.command ?? operation.split(/[\s`]/)[0];
  const prefix = context?.service ?? service;
  return prefix ? `${prefix}:${command}` : command;
}

/**
 * A typed error for `operation` failing in `accountId`/`region`: the hint for the error's
 * name from `hints` when given, else its kind's. `roleArn` is the role the call was made as
 * (absent: the caller's own credentials). Global services pass no region; the message then
 * names the region the call was sent to.
 */
export function placeError(
  operation: string,
  accountId: string,
  region: string | undefined,
  error: unknown,
  hints: Hints = {},
  roleArn?: string,
): MultiAccountError {
  if (isMultiAccountError(error)) return error;
  const name = awsErrorName(error);
  const message = ((error as { message?: string })?.message ?? String(error)).split("\n")[0];
  const kind = errorKind(error, region);
  if (kind === "region-not-enabled" && region) {
    return regionNotEnabledError(accountId, region, `${name} from ${operation}`);
  }
  // IAM's errors arrive as `NoSuchEntity` or `NoSuchEntityException` depending on the protocol.
  const hint = hints[name] ?? hints[name.replace(/Exception$/, "")] ?? kindHint(kind, actionOf(error, operation), roleArn, accountId, region);
  const calledIn = region ? undefined : callContextOf(error)?.region;
  return placeOperationError(operation, accountId, region, { name: awsErrorLabel(error), message: `${message}${attemptsText(error)}` }, hint, calledIn);
}
