/**
 * The SSM automation role remediation runs as, created in every in-scope
 * account through the multi-account provider (no aws.Provider per account).
 * AWS requires the role to exist in every member account before an
 * organization pack's remediation can run there (aws-config-facts.md §4).
 *
 * The role is needed as soon as any remediation is configured, manual ones
 * included: a person pressing "Remediate" runs the same runbook as the same
 * role (the template's `AutomationAssumeRole`). Its permissions are the
 * union of what those runbooks need, nothing more (packs/remediationRole.ts).
 */
import * as pulumi from "@pulumi/pulumi";

import { roleArn, type Account, type Deployment, type PackSelection } from "../../config/domain";
import {
  automationPermissionsPolicy,
  automationRole,
  automationTrustPolicy,
  remediationsOf,
  RUNBOOK_POLICY_NAME,
  type AutomationRole,
  type SelectedRemediation,
} from "../../packs";
import { AccountRole } from "../multiaccount";

export interface AutomationRolesArgs {
  readonly deployment: Deployment;
  /** The packs deployed; default `deployment.packs`. */
  readonly packs?: readonly PackSelection[];
}

export class AutomationRoles extends pulumi.ComponentResource {
  /** Name and path of the role, the same in every account (the templates point at it). */
  readonly role: AutomationRole;
  /** Every remediation the selected packs configure. */
  readonly remediations: readonly SelectedRemediation[];
  /** SSM documents the role may run, sorted. */
  readonly runbooks: readonly string[];
  /** By account id; empty when no remediation is configured. */
  readonly roles: Readonly<Record<string, AccountRole>>;

  constructor(name: string, args: AutomationRolesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { deployment } = args;
    // Resolved before anything is registered: an invalid selection throws with every problem listed.
    const role = automationRole(deployment.project);
    const remediations = remediationsOf(args.packs ?? deployment.packs, { deployment });
    super("aws-config-org:remediation:AutomationRoles", name, {}, opts);

    this.role = role;
    this.remediations = remediations;
    this.runbooks = [...new Set(remediations.map((r) => r.runbook))].sort();

    const roles: Record<string, AccountRole> = {};
    if (this.runbooks.length > 0) {
      for (const account of deployment.accounts) {
        roles[account.id] = new AccountRole(`${name}-${account.id}`, this.roleArgs(deployment, account), { parent: this });
      }
    }
    this.roles = roles;

    this.registerOutputs({ role: this.role, runbooks: this.runbooks, roles: this.roles });
  }

  private roleArgs(deployment: Deployment, account: Account) {
    const { partition } = deployment;
    return {
      accountId: account.id,
      ...(account.access.roleName ? { roleArn: roleArn(partition, account.id, account.access.roleName) } : {}),
      ...(account.access.externalId ? { externalId: account.access.externalId } : {}),
      roleName: this.role.name,
      path: this.role.path,
      description: `AWS Config remediation (SSM Automation) for ${deployment.project}: runs ${this.runbooks.length} runbook(s) of the deployed conformance packs`,
      assumeRolePolicy: JSON.stringify(automationTrustPolicy(partition, account.id)),
      inlinePolicies: { [RUNBOOK_POLICY_NAME]: JSON.stringify(automationPermissionsPolicy(this.runbooks, partition, account.id)) },
    };
  }
}
