/**
 * Delegated administrator registrations as AWS accepts them: Organizations
 * `RegisterDelegatedAdministrator` is called from the management account and
 * takes only a member account. In a one-account stack (security account =
 * management account) there is none: the management account runs the
 * organization layer itself (docs/aws-constraints.md, "IAM, STS and Organizations").
 */
import type { StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { ORGANIZATIONS_DELEGATED_ADMINISTRATOR } from "./tokens";
import { ofTypes, providerAccountId } from "./view";

export const organizationsDelegatedAdministratorMemberAccount: StackValidationPolicy = {
  name: "organizations-delegated-administrator-member-account",
  description:
    "Checks whether every delegated administrator registration names a member account and is made through the management account, as Organizations RegisterDelegatedAdministrator requires.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("managementAccountId", "deployerAccountId"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(
      organizationsDelegatedAdministratorMemberAccount.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "managementAccountId",
      "deployerAccountId",
    );
    for (const registration of ofTypes(args.resources, ORGANIZATIONS_DELEGATED_ADMINISTRATOR)) {
      const props = registration.props as { accountId?: string; servicePrincipal?: string };
      const what = `Delegated administrator \`${registration.name}\`${props.servicePrincipal ? ` for ${props.servicePrincipal}` : ""}`;
      if (props.accountId === facts.managementAccountId) {
        reportViolation(
          `${what} names the management account ${facts.managementAccountId}: AWS registers only a member account. ` +
            "Remove it: with `securityAccountId` equal to `managementAccountId` the management account acts as the administrator itself.",
          registration.urn,
        );
      }
      const account = providerAccountId(registration.provider, facts.deployerAccountId);
      if (account !== facts.managementAccountId) {
        reportViolation(
          `${what} is made in account ${account}, not the management account ${facts.managementAccountId}: only the management account registers one; give it the management account's provider.`,
          registration.urn,
        );
      }
    }
  },
};

export const delegatedAdministratorPolicies: readonly StackValidationPolicy[] = [organizationsDelegatedAdministratorMemberAccount];
