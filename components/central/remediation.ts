/**
 * The SSM automation role remediation runs as: the same name and path in
 * every in-scope account, created there by the multi-account provider as a
 * child of that account's component (components/account.ts), never through a
 * per-account aws.Provider. AWS requires it in every member account before an
 * organization pack's remediation can run there (aws-config-facts.md §4), so
 * each region's packs wait for every account's role.
 *
 * The role is needed as soon as any remediation is configured, manual ones
 * included: a person pressing "Remediate" runs the same runbook as the same
 * role (the template's `AutomationAssumeRole`). Its permissions are the union
 * of what those runbooks need, nothing more (packs/remediationRole.ts), as the pack plan lists
 * them (`deployment.packPlan.automation`, packs/packPlan.ts).
 */
import { type Account, type Deployment } from "../../config/domain";
import { automationPermissionsPolicy, automationTrustPolicy, RUNBOOK_POLICY_NAME } from "../../packs";
import type { AutomationRolePlan } from "../../packs/automationRunbooks";
import type { AccountRoleArgs } from "../multiaccount/resources/accountRole";
import { assumeRoleOf } from "../../config/access";

/** The automation role's purpose among an account's roles (components/account.ts). */
export const AUTOMATION_ROLE_PURPOSE = "automation-role";

/** The `AccountRole` inputs of the automation role in one account. */
export function automationRoleArgs(deployment: Deployment, account: Account, plan: AutomationRolePlan): AccountRoleArgs {
  const { partition } = deployment;
  return {
    accountId: account.id,
    ...assumeRoleOf(account.access),
    roleName: plan.role.name,
    path: plan.role.path,
    description: `AWS Config remediation (SSM Automation) for ${deployment.project}: runs ${plan.runbooks.length} runbook(s) of the deployed conformance packs`,
    assumeRolePolicy: JSON.stringify(automationTrustPolicy(partition, account.id)),
    inlinePolicies: { [RUNBOOK_POLICY_NAME]: JSON.stringify(automationPermissionsPolicy(plan.runbooks, partition, account.id, plan.givenPermissions)) },
  };
}
