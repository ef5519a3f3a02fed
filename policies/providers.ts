/**
 * Provider processes stay constant: every explicit AWS provider starts its
 * own plugin process (170–430 MB), so only the central accounts get one and
 * member accounts go through the multi-account dynamic provider.
 */
import type { StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { isAwsProviderType, providerAccountId } from "./view";

/** How many member account ids a message lists before it says "and N more". */
const LISTED_ACCOUNTS = 10;

export const awsProviderPerMemberAccount: StackValidationPolicy = {
  name: "aws-provider-per-member-account",
  description: "Checks whether AWS providers target only the central accounts, so the number of provider processes does not grow with the organization.",
  enforcementLevel: "advisory",
  configSchema: factsConfigSchema("managementAccountId", "securityAccountId", "logArchiveAccountId", "deployerAccountId"),
  validateStack: (args, reportViolation) => {
    const facts = requireFacts(
      awsProviderPerMemberAccount.name,
      args.getConfig<Partial<DeploymentFacts>>(),
      "managementAccountId",
      "securityAccountId",
      "logArchiveAccountId",
      "deployerAccountId",
    );
    const central = new Set([facts.managementAccountId, facts.securityAccountId, facts.logArchiveAccountId, facts.deployerAccountId]);
    const members = args.resources
      .filter((r) => isAwsProviderType(r.type))
      .map((provider) => ({ provider, account: providerAccountId(provider, facts.deployerAccountId) }))
      .filter(({ account }) => !central.has(account));
    if (members.length === 0) {
      return;
    }
    const accounts = [...new Set(members.map((m) => m.account))].sort();
    const listed = accounts.slice(0, LISTED_ACCOUNTS).join(", ");
    const more = accounts.length > LISTED_ACCOUNTS ? ` and ${accounts.length - LISTED_ACCOUNTS} more` : "";
    reportViolation(
      `${members.length} AWS provider(s) target ${accounts.length} member account(s) (${listed}${more}): each starts ` +
        "its own plugin process; manage member accounts through the multi-account provider instead.",
      members[0].provider.urn,
    );
  },
};

export const providerPolicies: readonly StackValidationPolicy[] = [awsProviderPerMemberAccount];
