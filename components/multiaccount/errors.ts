/**
 * Typed errors of the multi-account layer. Each names the account (and region or role)
 * and carries a `hint` saying how to fix it, so a failure in one place reads on its own
 * next to the other places' results.
 */
export class MultiAccountError extends Error {
  constructor(
    message: string,
    readonly accountId: string,
    readonly hint: string,
  ) {
    super(`${message}. ${hint}`);
    this.name = new.target.name;
  }
}

/** `sts:AssumeRole` was refused: role missing, trust policy, SCP or permission boundary. */
export class AssumeRoleDeniedError extends MultiAccountError {
  constructor(
    accountId: string,
    readonly roleArn: string,
    readonly reason: string,
  ) {
    super(
      `Cannot assume \`${roleArn}\` in account \`${accountId}\` (${reason})`,
      accountId,
      `Check that the role exists in \`${accountId}\` (it exists only in accounts the organization created; ` +
        `set \`roleName\` under that account in the inventory otherwise), that its trust policy allows the deploying ` +
        `principal to call \`sts:AssumeRole\`, and that no SCP denies it`,
    );
  }
}

/** An opt-in region that the account has not enabled. */
export class RegionNotEnabledError extends MultiAccountError {
  constructor(
    accountId: string,
    readonly region: string,
    readonly reason: string,
  ) {
    super(
      `Region \`${region}\` is not enabled in account \`${accountId}\` (${reason})`,
      accountId,
      `Enable it (\`aws account enable-region --account-id ${accountId} --region-name ${region}\`) ` +
        `or drop it from that account's \`regions\` in the inventory`,
    );
  }
}

/** `roleArn` absent but the target account is not the caller's. */
export class CallerAccountMismatchError extends MultiAccountError {
  constructor(
    accountId: string,
    readonly callerAccountId: string,
  ) {
    super(
      `No role to assume for account \`${accountId}\`, and the caller's own credentials belong to \`${callerAccountId}\``,
      accountId,
      `Give the resource a \`roleArn\` (the deployment role in \`${accountId}\`), or run with credentials of that account`,
    );
  }
}

/** A Config, IAM or Organizations call failed in one place; the AWS error stays attached. */
export class PlaceOperationError extends MultiAccountError {
  constructor(
    readonly operation: string,
    accountId: string,
    readonly region: string | undefined,
    readonly awsError: { name?: string; message?: string },
    hint: string,
  ) {
    super(
      `${operation} failed in account \`${accountId}\`${region ? ` region \`${region}\`` : ""}: ` +
        `${awsError.name ?? "Error"}: ${awsError.message ?? ""}`.trimEnd(),
      accountId,
      hint,
    );
  }
}
