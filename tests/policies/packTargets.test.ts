/** Policy organization-conformance-pack-targets: a targeted pack's exclusions are exactly the complement of its targets. */
import { organizationConformancePackExcludedAccounts, organizationPackTargets } from "../../policies/policies";
import { description, EXCLUDED, fixtureStack, resource, MEMBER_LEAN, MEMBER_SUBSET, PACKS } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, named, verdict } from "./harness";

const PACK = "aws:cfg/organizationConformancePack:OrganizationConformancePack";
const RULE = "aws:cfg/organizationCustomRule:OrganizationCustomRule";
const [first, second] = PACKS as [string, string];
const packIn = (pack: string, region: string) => named(PACK, `pack-${pack}-${region}`);
const REGIONS = ["us-east-1", "eu-west-1", "eu-central-2"];

/** `first` aimed at every account but the sandbox (MEMBER_LEAN): the fixture with the sandbox excluded in each region. */
function targetedStack() {
  let stack = fixtureStack();
  for (const region of REGIONS) stack = mutate(stack, packIn(first, region), (i) => (i.excludedAccounts = [...(i.excludedAccounts as string[]), MEMBER_LEAN]));
  return stack;
}
const targeted = () => description({ targetExclusions: { [first]: [MEMBER_LEAN] } });
const run = (resources: ReturnType<typeof fixtureStack>) =>
  verdict(resources, targeted(), [organizationPackTargets, organizationConformancePackExcludedAccounts]);

describe("policies: organization-conformance-pack-targets", () => {
  it("passes a targeted pack whose exclusions are the complement of its targets (and leaves untargeted packs to the other policy)", () => {
    expectNoViolations(run(targetedStack()));
    // Without targets the sandbox is in scope there: the same resources are wrong for an untargeted pack.
    expectExactly(
      verdict(targetedStack(), description(), [organizationPackTargets, organizationConformancePackExcludedAccounts]).filter((v) =>
        v.message.includes("us-east-1"),
      ),
      {
        policy: "organization-conformance-pack-excluded-accounts",
        mentions: [`\`${MEMBER_LEAN}\``, "keeps in scope"],
      },
    );
  });

  it("mutation: an account outside the targets left in the pack is a violation", () => {
    const resources = mutate(targetedStack(), packIn(first, "eu-west-1"), (i) => (i.excludedAccounts = [EXCLUDED]));
    expectExactly(run(resources), {
      policy: "organization-conformance-pack-targets",
      mentions: [`\`${first}\` in eu-west-1`, `reaches \`${MEMBER_LEAN}\``, "outside its `targets`"],
      urn: `pack-${first}-eu-west-1`,
    });
  });

  it("mutation: a targeted account excluded is a violation (an account not governed in the region may be)", () => {
    const resources = mutate(targetedStack(), packIn(first, "us-east-1"), (i) => (i.excludedAccounts = [EXCLUDED, MEMBER_LEAN, MEMBER_SUBSET]));
    const violations = run(resources).filter((v) => v.policy === "organization-conformance-pack-targets");
    expectExactly(violations, {
      policy: "organization-conformance-pack-targets",
      mentions: [`\`${first}\` in us-east-1`, `excludes \`${MEMBER_SUBSET}\``, "which its `targets` take"],
    });
  });

  it("checks the approved-images organization rule the same way", () => {
    const pack = fixtureStack().find(packIn(second, "us-east-1"))!;
    const rule = (excluded: string[]) => [
      ...fixtureStack(),
      resource(
        RULE,
        "approved-images-rule-us-east-1",
        { name: "aws-config-org-approved-images", region: "us-east-1", excludedAccounts: excluded },
        pack.provider ? { provider: fixtureStack().find((r) => pack.provider!.startsWith(r.urn))! } : {},
      ),
    ];
    const facts = description({ targetExclusions: { "aws-config-org-approved-images": [MEMBER_LEAN] } });
    expectNoViolations(verdict(rule([EXCLUDED, MEMBER_LEAN]), facts, [organizationPackTargets]));
    expectExactly(verdict(rule([EXCLUDED]), facts, [organizationPackTargets]), {
      policy: "organization-conformance-pack-targets",
      mentions: ["organization rule `aws-config-org-approved-images` in us-east-1", `\`${MEMBER_LEAN}\``],
    });
  });
});
