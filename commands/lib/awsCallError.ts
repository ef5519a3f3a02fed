/**
 * An AWS call of an operator command that failed, as one line a user can act on: which API,
 * in which account and region, what went wrong in plain words, and what to do. The SDK's own
 * errors say none of that (`Deserialization error`, `SyntaxError: Unexpected token`, a
 * `CredentialsProviderError` chain), and repeat the same text for every place.
 */
import { errorKind, HOW_TO_PROVIDE_CREDENTIALS } from "../../components/multiaccount/awsErrors";

/** Where a call went. */
export interface CallPlace {
  readonly api: string;
  readonly accountId?: string;
  readonly region?: string;
}

export class AwsCallError extends Error {
  constructor(
    readonly place: CallPlace,
    readonly cause: unknown,
    readonly advice: string,
  ) {
    super(`${place.api}${place.accountId ? ` in account ${place.accountId}` : ""}${place.region ? ` region ${place.region}` : ""} failed: ${advice}`);
    this.name = "AwsCallError";
  }
}

/** What the commands can do without AWS, for advice when AWS cannot be reached. */
export const OFFLINE_ALTERNATIVES = "offline, `plan`, `cost --counts <file>` and `report --from <file>` need no credentials";

/**
 * The plain-words reading of an SDK error, and what to do about it. The error's kind comes from
 * the one classification the provider uses too (components/multiaccount/awsErrors.ts); the
 * advice is the commands' own, which can point at offline alternatives.
 */
export function adviceFor(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number } };
  const name = e?.name ?? "Error";
  const message = e?.message ?? String(error);
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  const kind = errorKind(error);
  if (kind === "credentials-missing") {
    return `no AWS credentials were found: ${HOW_TO_PROVIDE_CREDENTIALS}, for the account that runs the deployment; ${OFFLINE_ALTERNATIVES}`;
  }
  if (kind === "unparseable-response") {
    return `the answer${status ? ` (HTTP ${status})` : ""} was not an AWS API response: check AWS_ENDPOINT_URL and any proxy (a login page or a mock answers like this); ${OFFLINE_ALTERNATIVES}`;
  }
  if (kind === "access-denied" || /AccessDenied|not authorized/i.test(name + message)) {
    return `access denied (${name}): the role used there lacks this action; see docs/deployment.md for the role and its policy`;
  }
  if (kind === "credentials-expired" || kind === "credentials-invalid") {
    return `the credentials are not valid (${name}): refresh them (\`aws sso login\`, a new session) and run again`;
  }
  if (name === "NoSuchConfigurationAggregatorException") {
    return "the organization aggregator does not exist there (NoSuchConfigurationAggregatorException): run `pulumi up` for the stack that owns the central component first, or pass `--aggregator <name>`";
  }
  return `${name}: ${message.split("\n")[0]}`;
}

/** `error` as an `AwsCallError` for `place` (left as it is when it already is one). */
export function awsCallError(place: CallPlace, error: unknown): Error {
  if (error instanceof AwsCallError) return error;
  if ((error as { name?: string })?.name?.endsWith("Error") && (error as { hint?: string }).hint !== undefined) return error as Error; // the multi-account layer's errors already name their place
  return new AwsCallError(place, error, adviceFor(error));
}

/** Runs one call of an aggregator command; its failure becomes an `AwsCallError` naming the aggregator's account and region. */
export async function atAggregator<T>(target: { readonly accountId?: string; readonly region?: string }, api: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw awsCallError({ api, ...(target.accountId ? { accountId: target.accountId } : {}), ...(target.region ? { region: target.region } : {}) }, error);
  }
}
