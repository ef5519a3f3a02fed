import { awsProviderPerMemberAccount } from "../../policies/policies";
import { awsProvider, description, fixtureStack, MEMBER_LEAN, MEMBER_SUBSET, resource } from "./fixtures";
import { expectExactly, expectNoViolations, verdict } from "./harness";

const stack = fixtureStack();
const run = (resources: typeof stack) => verdict(resources, description(), [awsProviderPerMemberAccount]);

describe("policies: aws-provider-per-member-account", () => {
  it("passes providers for the central accounts only", () => {
    expectNoViolations(run(stack));
  });

  it("advises, with the count, against providers for member accounts (aws and aws-native)", () => {
    const native = resource("pulumi:providers:aws-native", "native-member", {
      region: "eu-west-1",
      assumeRole: JSON.stringify({ roleArn: `arn:aws:iam::${MEMBER_SUBSET}:role/OrganizationAccountAccessRole` }),
    });
    const resources = [...stack, awsProvider(MEMBER_LEAN, true), awsProvider(MEMBER_SUBSET, true), native];
    expectExactly(run(resources), {
      policy: "aws-provider-per-member-account",
      enforcement: "advisory",
      mentions: ["3 AWS provider(s)", "2 member account(s)", `${MEMBER_LEAN}, ${MEMBER_SUBSET}`],
      urn: `aws-${MEMBER_LEAN}`,
    });
  });
});
