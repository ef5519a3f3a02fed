/**
 * The automation role a template's remediation names. AWS's
 * "…-with-Remediation" samples write it as a placeholder ARN
 * (`arn:aws:iam::<Account-Id>:role/…`); AWS Config itself takes only an exact
 * role ARN, no intrinsic functions (developer guide, "Prerequisites for Using a
 * Conformance Pack With Remediation"), so the project delivers remediation per
 * account with that account's literal ARN. A template that names some other,
 * literal role must be allowed to in config.
 */
import type { RemediationRole } from "./types";

/** `<Account-Id>`, `<YourBucketName>`, `<Your S3 bucket>`: text a sample asks the user to replace. */
export const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9 _.:/-]{0,80}>/g;

const ROLE_ARN = /^arn:(?:aws[a-z-]*|\$\{AWS::Partition\}):iam::([^:]*):role\/(.+)$/;

export interface RoleClassification {
  readonly role?: RemediationRole;
  /** Why the value is not acceptable, when it is not. */
  readonly problem?: string;
}

/** Which role an `AutomationAssumeRole` value names, and whether the project may deliver it. */
export function classifyAutomationRole(value: string, projectRoleName: string | undefined, allowedRoles: readonly string[]): RoleClassification {
  const match = ROLE_ARN.exec(value);
  if (!match) return { problem: `\`${value}\` is not an IAM role ARN` };
  const [, account, rolePath] = match as unknown as [string, string, string];
  const roleName = rolePath.split("/").pop()!;
  const accountIsPlaceholder = /^<[^>]+>$/.test(account) || account === "${AWS::AccountId}";
  if (accountIsPlaceholder && !/<[^>]+>/.test(rolePath)) return { role: { kind: "project", asWritten: value } };
  if (projectRoleName !== undefined && (rolePath === projectRoleName || roleName === projectRoleName)) {
    return { role: { kind: "project", asWritten: value } };
  }
  if (allowedRoles.includes(value) || allowedRoles.includes(roleName) || allowedRoles.includes(rolePath)) {
    return { role: { kind: "allowed", arn: value } };
  }
  return {
    problem:
      `names the role \`${value}\`, not the project's automation role; ` +
      `write it as AWS's samples do (\`arn:aws:iam::<Account-Id>:role/<name>\`) so each account gets its own role, ` +
      `or allow it in the pack's \`allowedRemediationRoles\``,
  };
}
