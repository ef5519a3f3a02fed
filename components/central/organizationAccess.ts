/**
 * In the management account: trusted access for both Config principals, then
 * the security account registered as delegated administrator for each. In a
 * one-account pilot (the security account is the management account) nothing
 * is registered: AWS registers only member accounts, and the management account
 * runs the organization layer itself (config/centralRoles.ts).
 * Facts: ../shared/aws-config-facts.md §2 (both principals need both steps,
 * before the delegated administrator creates an aggregator).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { AccountAccess } from "../../config/domain";
import { TrustedServiceAccess } from "../multiaccount/resources/trustedServiceAccess";
import { assumeRoleOf } from "../../config/access";
import { managementActsAsAdministrator } from "../../config/centralRoles";
import { CENTRAL_TYPES } from "./typeTokens";

export const CONFIG_SERVICE_PRINCIPALS = ["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"] as const;
/** Trusted access an organization trail needs (no delegated administrator: the trail lives in the management account). */
export const CLOUDTRAIL_SERVICE_PRINCIPAL = "cloudtrail.amazonaws.com";

export interface OrganizationAccessArgs {
  readonly managementAccountId: string;
  /** The delegated administrator for both Config principals (unless it is the management account). */
  readonly securityAccountId: string;
  /** How trusted access reaches the management account (the multi-account provider assumes this role). */
  readonly managementAccess: AccountAccess;
  /** An organization trail is configured: CloudTrail needs trusted access too. */
  readonly trailAccess: boolean;
  readonly managementProvider: aws.Provider;
}

export class OrganizationAccess extends pulumi.ComponentResource {
  readonly trustedAccess: TrustedServiceAccess;
  /** Empty when the management account acts as the administrator (a one-account pilot). */
  readonly delegatedAdministrators: readonly aws.organizations.DelegatedAdministrator[];

  constructor(name: string, args: OrganizationAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(CENTRAL_TYPES.OrganizationAccess, name, {}, opts);
    this.trustedAccess = new TrustedServiceAccess(
      "trusted-access",
      {
        accountId: args.managementAccountId,
        ...assumeRoleOf(args.managementAccess),
        // Appended, never first: with the trail off the list (and so the resource's inputs) is as before.
        servicePrincipals: [...CONFIG_SERVICE_PRINCIPALS, ...(args.trailAccess ? [CLOUDTRAIL_SERVICE_PRINCIPAL] : [])],
      },
      { parent: this },
    );

    this.delegatedAdministrators = managementActsAsAdministrator(args)
      ? []
      : CONFIG_SERVICE_PRINCIPALS.map(
          (servicePrincipal) =>
            new aws.organizations.DelegatedAdministrator(
              `delegated-admin-${servicePrincipal.split(".")[0]}`,
              { accountId: args.securityAccountId, servicePrincipal },
              { parent: this, provider: args.managementProvider, dependsOn: [this.trustedAccess] },
            ),
        );

    this.registerOutputs({ trustedAccess: this.trustedAccess, delegatedAdministrators: this.delegatedAdministrators });
  }
}
