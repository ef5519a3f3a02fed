/**
 * The one answer to "how do we act in this account": which role to assume (its name and ARN)
 * and with which external ID. An entry's `roleName`, else `defaults.roleName`, else the
 * stack's `deploymentRoleName`; the deployment account itself is reached with the caller's
 * own credentials unless a role is set for it. Used for accounts in scope, central accounts of
 * other shards, and the management account before discovery alike.
 */
import { roleArn } from "../aws/arns";
import type { AccessRules, AccountAccess } from "./domain";

export function accessTo(rules: AccessRules, accountId: string): AccountAccess {
  const own = rules.overrides[accountId] ?? {};
  const roleName = own.roleName ?? rules.defaults.roleName ?? (accountId === rules.deploymentAccountId ? undefined : rules.deploymentRoleName);
  const externalId = own.externalId ?? rules.defaults.externalId ?? rules.externalId;
  return {
    ...(roleName ? { roleName, roleArn: roleArn(rules.partition, accountId, roleName) } : {}),
    ...(externalId ? { externalId } : {}),
  };
}

/** The `roleArn` / `externalId` pair that dynamic resources and sessions take, for spreading into their inputs. */
export function assumeRoleOf(access: AccountAccess): { readonly roleArn?: string; readonly externalId?: string } {
  return { ...(access.roleArn ? { roleArn: access.roleArn } : {}), ...(access.externalId ? { externalId: access.externalId } : {}) };
}
