/**
 * Typed errors of the multi-account layer. Each names the account (and region or role)
 * and carries a `hint` saying how to fix it, so a failure in one place reads on its own
 * next to the other places' results.
 *
 * Why factories and guards instead of `class … extends Error`: a guard reads the
 * discriminating `name`, so it holds for an error made by any copy of this module (the host
 * loads the layer by path, shim.ts) and the `name` literals give each kind its fields as a
 * discriminated union; `instanceof` would hold only for the copy that made the error.
 * Test with `isAssumeRoleDeniedError(e)` etc. (or compare `e.name`).
 */

export interface MultiAccountError extends Error {
  readonly name: "MultiAccountError" | "AssumeRoleDeniedError" | "RegionNotEnabledError" | "CallerAccountMismatchError" | "PlaceOperationError";
  readonly accountId: string;
  /** How to fix it, with the names to use in backticks. */
  readonly hint: string;
}

/** `sts:AssumeRole` was refused: role missing, trust policy, SCP or permission boundary. */
export interface AssumeRoleDeniedError extends MultiAccountError {
  readonly name: "AssumeRoleDeniedError";
  readonly roleArn: string;
  /** The AWS error, e.g. `AccessDenied: User … is not authorized to perform: sts:AssumeRole`. */
  readonly reason: string;
}

/** An opt-in region that the account has not enabled. */
export interface RegionNotEnabledError extends MultiAccountError {
  readonly name: "RegionNotEnabledError";
  readonly region: string;
  readonly reason: string;
}

/** `roleArn` absent but the target account is not the caller's. */
export interface CallerAccountMismatchError extends MultiAccountError {
  readonly name: "CallerAccountMismatchError";
  readonly callerAccountId: string;
}

/** A Config, IAM or Organizations call failed in one place; the AWS error stays attached. */
export interface PlaceOperationError extends MultiAccountError {
  readonly name: "PlaceOperationError";
  readonly operation: string;
  readonly region?: string;
  /** For a global service (no `region`): the region the call was sent to. */
  readonly calledIn?: string;
  readonly awsError: { readonly name: string; readonly message: string };
}

function typedError<T extends MultiAccountError>(message: string, fields: Omit<T, "message" | "stack">): T {
  return Object.assign(new Error(`${message}. ${fields.hint}`), fields) as T;
}

export function multiAccountError(message: string, accountId: string, hint: string): MultiAccountError {
  return typedError<MultiAccountError>(message, { name: "MultiAccountError", accountId, hint });
}

export function assumeRoleDeniedError(accountId: string, roleArn: string, reason: string): AssumeRoleDeniedError {
  return typedError<AssumeRoleDeniedError>(`Cannot assume \`${roleArn}\` in account \`${accountId}\` (${reason})`, {
    name: "AssumeRoleDeniedError",
    accountId,
    roleArn,
    reason,
    hint:
      `Check that the role exists in \`${accountId}\` (it exists only in accounts the organization created; ` +
      `set \`roleName\` under that account in the inventory otherwise), that its trust policy allows the deploying ` +
      `principal to call \`sts:AssumeRole\`, and that no SCP denies it`,
  });
}

export function regionNotEnabledError(accountId: string, region: string, reason: string): RegionNotEnabledError {
  return typedError<RegionNotEnabledError>(`Region \`${region}\` is not enabled in account \`${accountId}\` (${reason})`, {
    name: "RegionNotEnabledError",
    accountId,
    region,
    reason,
    hint:
      `Enable it (\`aws account enable-region --account-id ${accountId} --region-name ${region}\`) ` +
      `or drop it from that account's \`regions\` in the inventory`,
  });
}

export function callerAccountMismatchError(accountId: string, callerAccountId: string): CallerAccountMismatchError {
  return typedError<CallerAccountMismatchError>(
    `No role to assume for account \`${accountId}\`, and the caller's own credentials belong to \`${callerAccountId}\``,
    {
      name: "CallerAccountMismatchError",
      accountId,
      callerAccountId,
      hint: `Give the resource a \`roleArn\` (the deployment role in \`${accountId}\`), or run with credentials of that account`,
    },
  );
}

export function placeOperationError(
  operation: string,
  accountId: string,
  region: string | undefined,
  awsError: { name: string; message: string },
  hint: string,
  calledIn?: string,
): PlaceOperationError {
  const where = region ? ` region \`${region}\`` : calledIn ? ` (global service, called in \`${calledIn}\`)` : "";
  return typedError<PlaceOperationError>(`${operation} failed in account \`${accountId}\`${where}: ${awsError.name}: ${awsError.message}`.trimEnd(), {
    name: "PlaceOperationError",
    operation,
    accountId,
    ...(region ? { region } : {}),
    ...(calledIn ? { calledIn } : {}),
    awsError,
    hint,
  });
}

const NAMES: readonly string[] = ["MultiAccountError", "AssumeRoleDeniedError", "RegionNotEnabledError", "CallerAccountMismatchError", "PlaceOperationError"];

export function isMultiAccountError(error: unknown): error is MultiAccountError {
  const e = error as Partial<MultiAccountError> | undefined;
  return error instanceof Error && NAMES.includes(e?.name ?? "") && typeof e?.accountId === "string" && typeof e?.hint === "string";
}

export function isAssumeRoleDeniedError(error: unknown): error is AssumeRoleDeniedError {
  return isMultiAccountError(error) && error.name === "AssumeRoleDeniedError";
}

export function isRegionNotEnabledError(error: unknown): error is RegionNotEnabledError {
  return isMultiAccountError(error) && error.name === "RegionNotEnabledError";
}

export function isCallerAccountMismatchError(error: unknown): error is CallerAccountMismatchError {
  return isMultiAccountError(error) && error.name === "CallerAccountMismatchError";
}

export function isPlaceOperationError(error: unknown): error is PlaceOperationError {
  return isMultiAccountError(error) && error.name === "PlaceOperationError";
}

/** The operation's answer, or undefined when it fails with an error `missing` recognizes (AWS's "no such ..."). */
export async function undefinedWhen<T>(missing: (error: unknown) => boolean, operation: () => Promise<T>): Promise<T | undefined> {
  try {
    return await operation();
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}
