import { organizationsDelegatedAdministratorMemberAccount } from "../../policies/policies";
import { ORGANIZATIONS_DELEGATED_ADMINISTRATOR } from "../../policies/tokens";
import { awsProvider, description, fixtureStack, MANAGEMENT, resource, SECURITY } from "./fixtures";
import { expectExactly, expectNoViolations, verdict } from "./harness";

const stack = fixtureStack();
const run = (resources: typeof stack, facts = description()) => verdict(resources, facts, [organizationsDelegatedAdministratorMemberAccount]);
const managementProvider = stack.find((r) => r.name === `aws-${MANAGEMENT}`) ?? awsProvider(MANAGEMENT, false);
const registration = (accountId: string, provider = managementProvider) =>
  resource(ORGANIZATIONS_DELEGATED_ADMINISTRATOR, "delegated-admin-config", { accountId, servicePrincipal: "config.amazonaws.com" }, { provider });

describe("policies: organizations-delegated-administrator-member-account", () => {
  it("passes a member security account registered through the management account", () => {
    expectNoViolations(run([...stack, registration(SECURITY)]));
  });

  it("passes a one-account stack with no registration at all", () => {
    expectNoViolations(run(stack, description({ securityAccountId: MANAGEMENT, logArchiveAccountId: MANAGEMENT })));
  });

  it("refuses a registration of the management account, which AWS refuses", () => {
    expectExactly(run([...stack, registration(MANAGEMENT)], description({ securityAccountId: MANAGEMENT })), {
      policy: "organizations-delegated-administrator-member-account",
      enforcement: "mandatory",
      mentions: ["names the management account 123456789012", "AWS registers only a member account", "acts as the administrator itself"],
      urn: "delegated-admin-config",
    });
  });

  it("refuses a registration made through another account than the management account", () => {
    expectExactly(run([...stack, registration(SECURITY, awsProvider(SECURITY, true))]), {
      policy: "organizations-delegated-administrator-member-account",
      enforcement: "mandatory",
      mentions: [`is made in account ${SECURITY}`, "give it the management account's provider"],
      urn: "delegated-admin-config",
    });
  });
});
