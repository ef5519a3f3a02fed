/**
 * One CloudTrail record of an elevated role's use, worded for people: who used it, what they
 * did (which STS call or the console's role switch), on which role, where (account, Region,
 * source address) and when. Records are those the organization trail delivers to CloudWatch
 * Logs (docs/aws-constraints.md, CloudWatch: AssumeRole, AssumeRoleWithSAML,
 * AssumeRoleWithWebIdentity with `requestParameters.roleArn`; SwitchRole with the session of
 * the role switched to in `userIdentity.arn`).
 */

/** The fields of a CloudTrail record read here. */
export interface CloudTrailRecord {
  readonly eventName?: string;
  readonly eventSource?: string;
  readonly eventTime?: string;
  readonly awsRegion?: string;
  readonly recipientAccountId?: string;
  readonly sourceIPAddress?: string;
  readonly userIdentity?: {
    readonly type?: string;
    readonly arn?: string;
    readonly principalId?: string;
    readonly userName?: string;
    readonly identityProvider?: string;
    readonly accountId?: string;
  };
  readonly requestParameters?: { readonly roleArn?: string; readonly roleSessionName?: string; readonly principalArn?: string } | null;
  readonly additionalEventData?: { readonly SwitchFrom?: string } | null;
  readonly errorCode?: string;
}

export interface RoleUse {
  readonly subject: string;
  readonly body: string;
}

/** The role the record is about: the role asked for (STS), or the role switched to (console). */
export function roleOf(record: CloudTrailRecord): string | undefined {
  if (record.requestParameters?.roleArn) return record.requestParameters.roleArn;
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(record.userIdentity?.arn ?? "");
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : undefined;
}

/** The role's name: the last segment of its ARN (a path before it is dropped). */
export function roleNameOf(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf("/") + 1);
}

/** Who acted: the caller's ARN, or for federation the identity provider and user. */
function whoOf(record: CloudTrailRecord): string {
  const u = record.userIdentity ?? {};
  if (record.eventName === "SwitchRole") return record.additionalEventData?.SwitchFrom ?? u.arn ?? "unknown";
  if (u.type === "SAMLUser" || u.type === "WebIdentityUser")
    return `${u.userName ?? u.principalId ?? "unknown"} through ${u.identityProvider ?? record.requestParameters?.principalArn ?? "an identity provider"} (${u.type})`;
  return u.arn ?? u.principalId ?? "unknown";
}

/** The message for one use, or undefined when the record names no role of `roleNames` (names compared exactly). */
export function formatRoleUse(record: CloudTrailRecord, roleNames: readonly string[]): RoleUse | undefined {
  const role = roleOf(record);
  if (!role || !roleNames.includes(roleNameOf(role))) return undefined;
  const account = /:(\d{12}):/.exec(role)?.[1] ?? record.recipientAccountId ?? "unknown";
  const what = record.eventName === "SwitchRole" ? "switched to it in the console" : `called ${record.eventName ?? "an STS action"}`;
  const outcome = record.errorCode ? `, which failed with ${record.errorCode}` : "";
  const body = [
    `Role ${roleNameOf(role)} in account ${account} was used${outcome}.`,
    "",
    `Who:   ${whoOf(record)}`,
    `What:  ${what} (${record.eventSource ?? "?"})${record.requestParameters?.roleSessionName ? `, session ${record.requestParameters.roleSessionName}` : ""}`,
    `Role:  ${role}`,
    `Where: account ${record.recipientAccountId ?? account}, ${record.awsRegion ?? "?"}, from ${record.sourceIPAddress ?? "?"}`,
    `When:  ${record.eventTime ?? "?"}`,
  ].join("\n");
  // SNS subjects: at most 100 characters.
  return { subject: `Role used: ${roleNameOf(role)} in ${account}`.slice(0, 100), body };
}
