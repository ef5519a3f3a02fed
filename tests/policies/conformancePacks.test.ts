import { expect } from "chai";

import {
  configRulesIn,
  MAX_RULES_PER_PACK,
  MAX_TEMPLATE_BODY_BYTES,
  organizationConformancePackDeliveryBucketPrefix,
  organizationConformancePackExcludedAccounts,
  organizationConformancePackRegionlessAccounts,
  organizationConformancePackRuleCount,
  organizationConformancePacksAllRegions,
  organizationConformancePackTemplateSize,
} from "../../policies/policies";
import { description, EXCLUDED, fixtureStack, MANAGEMENT, MEMBER_LEAN, MEMBER_SUBSET, PACKS } from "./fixtures";
import { describeViolations, expectExactly, expectNoViolations, mutate, named, remove, verdict } from "./harness";

const PACK = "aws:cfg/organizationConformancePack:OrganizationConformancePack";
const packIn = (pack: string, region: string) => named(PACK, `pack-${pack}-${region}`);
const stack = fixtureStack();
const [first] = PACKS;

describe("policies: organization conformance packs", () => {
  it("passes the fixture", () => {
    expectNoViolations(
      verdict(stack, description(), [
        organizationConformancePackDeliveryBucketPrefix,
        organizationConformancePackTemplateSize,
        organizationConformancePackExcludedAccounts,
        organizationConformancePackRegionlessAccounts,
        organizationConformancePacksAllRegions,
      ]),
    );
  });

  it("organization-conformance-pack-delivery-bucket-prefix: names the pack, region and bucket", () => {
    const resources = mutate(stack, packIn(first, "eu-west-1"), (i) => (i.deliveryS3Bucket = "config-packs-eu-west-1"));
    expectExactly(verdict(resources, description(), [organizationConformancePackDeliveryBucketPrefix]), {
      policy: "organization-conformance-pack-delivery-bucket-prefix",
      mentions: [`\`${first}\` in eu-west-1`, "`config-packs-eu-west-1`", "`awsconfigconforms`"],
      urn: `pack-${first}-eu-west-1`,
    });
  });

  it("organization-conformance-pack-template-size: over 51,200 bytes (UTF-8) is rejected, at the limit is not", () => {
    const policy = [organizationConformancePackTemplateSize];
    const atLimit = mutate(stack, packIn(first, "us-east-1"), (i) => (i.templateBody = "x".repeat(MAX_TEMPLATE_BODY_BYTES)));
    expectNoViolations(verdict(atLimit, description(), policy));
    // 25,601 two-byte characters: 51,202 bytes although only 25,601 characters.
    const over = mutate(stack, packIn(first, "us-east-1"), (i) => (i.templateBody = "é".repeat(25_601)));
    expectExactly(verdict(over, description(), policy), {
      policy: "organization-conformance-pack-template-size",
      mentions: [`\`${first}\` in us-east-1`, "51202-byte", "`templateS3Uri`"],
    });
    const none = mutate(stack, packIn(first, "us-east-1"), (i) => delete i.templateBody);
    expectExactly(verdict(none, description(), policy), { policy: "organization-conformance-pack-template-size", mentions: ["neither"] });
  });

  it("organization-conformance-pack-rule-count: more than 130 rules in a template is rejected, 130 is not", () => {
    const policy = [organizationConformancePackRuleCount];
    const yaml = (n: number) => "Resources:\n" + Array.from({ length: n }, (_, i) => `  Rule${i}:\n    Type: AWS::Config::ConfigRule\n`).join("");
    // Remediations are not rules.
    const remediation = "  Fix:\n    Type: AWS::Config::RemediationConfiguration\n";
    expectNoViolations(
      verdict(
        mutate(stack, packIn(first, "us-east-1"), (i) => (i.templateBody = yaml(MAX_RULES_PER_PACK) + remediation)),
        description(),
        policy,
      ),
    );
    expectExactly(
      verdict(
        mutate(stack, packIn(first, "us-east-1"), (i) => (i.templateBody = yaml(MAX_RULES_PER_PACK + 1))),
        description(),
        policy,
      ),
      {
        policy: "organization-conformance-pack-rule-count",
        mentions: [`\`${first}\` in us-east-1`, "131 rules", "130"],
        urn: `pack-${first}-us-east-1`,
      },
    );
    // JSON templates count the same, quoted.
    const json = JSON.stringify({ Resources: Object.fromEntries(Array.from({ length: 131 }, (_, i) => [`R${i}`, { Type: "AWS::Config::ConfigRule" }])) });
    expect(configRulesIn(json)).to.equal(131);
    expect(configRulesIn(JSON.stringify(json))).to.equal(0);
    expect(configRulesIn("Resources:\n  A:\n    Type: 'AWS::Config::ConfigRule'\n  B:\n    Type: AWS::Config::ConfigRuleX\n")).to.equal(1);
  });

  describe("organization-conformance-pack-excluded-accounts", () => {
    const run = (resources: typeof stack) => verdict(resources, description(), [organizationConformancePackExcludedAccounts]);

    it("requires the inventory's exclusions", () => {
      const resources = mutate(stack, packIn(first, "us-east-1"), (i) => (i.excludedAccounts = []));
      expectExactly(run(resources), {
        policy: "organization-conformance-pack-excluded-accounts",
        mentions: [`\`${first}\` in us-east-1`, `\`${EXCLUDED}\``, "`excludedAccounts`"],
      });
    });

    it("rejects excluding an account that records in the pack's region", () => {
      const resources = mutate(stack, packIn(first, "us-east-1"), (i) => (i.excludedAccounts = [EXCLUDED, MEMBER_LEAN]));
      expectExactly(run(resources), { policy: "organization-conformance-pack-excluded-accounts", mentions: [`\`${MEMBER_LEAN}\``, "keeps in scope"] });
    });
  });

  it("organization-conformance-pack-regionless-accounts: advises excluding accounts without a recorder in the region", () => {
    const resources = mutate(stack, packIn(first, "eu-central-2"), (i) => (i.excludedAccounts = [EXCLUDED]));
    expectExactly(verdict(resources, description(), [organizationConformancePackRegionlessAccounts]), {
      policy: "organization-conformance-pack-regionless-accounts",
      enforcement: "advisory",
      mentions: [`\`${first}\` in eu-central-2`, `\`${MEMBER_SUBSET}\``],
    });
  });

  describe("organization-conformance-packs-all-regions", () => {
    const run = (resources: typeof stack, overrides = {}) => verdict(resources, description(overrides), [organizationConformancePacksAllRegions]);

    it("names the regions where a declared pack is missing", () => {
      const resources = remove(stack, packIn(first, "eu-central-2"));
      expectExactly(run(resources), { policy: "organization-conformance-packs-all-regions", mentions: [`\`${first}\``, "missing in eu-central-2"] });
    });

    it("accepts a pack left out of a region where AWS offers none of its rules, and rejects it there", () => {
      const resources = remove(stack, packIn(first, "eu-central-2"));
      expectNoViolations(run(resources, { conformancePackSkips: { [first]: ["eu-central-2"] } }));
      expectExactly(run(stack, { conformancePackSkips: { [first]: ["eu-central-2"] } }), {
        policy: "organization-conformance-packs-all-regions",
        mentions: [`\`${first}\``, "eu-central-2", "offers none of its rules"],
        urn: `pack-${first}-eu-central-2`,
      });
    });

    it("rejects an undeclared pack, in each region", () => {
      const violations = run(stack, { conformancePacks: [first] });
      expect(violations.map((v) => v.policy)).to.deep.equal(Array(3).fill("organization-conformance-packs-all-regions"), describeViolations(violations));
      for (const region of ["us-east-1", "eu-west-1", "eu-central-2"]) {
        expectExactly(
          violations.filter((v) => v.message.includes(` in ${region} `)),
          { policy: "organization-conformance-packs-all-regions", mentions: [`\`${PACKS[1]}\``, "not declared"], urn: `pack-${PACKS[1]}-${region}` },
        );
      }
    });

    it("rejects a pack made outside the security account", () => {
      const managementProvider = stack.find((p) => p.name === `aws-${MANAGEMENT}`)!;
      const resources = stack.map((r) => (packIn(first, "eu-west-1")(r) ? { ...r, provider: `${managementProvider.urn}::${managementProvider.name}-id` } : r));
      expectExactly(run(resources), {
        policy: "organization-conformance-packs-all-regions",
        mentions: [`\`${first}\` in eu-west-1`, `account ${MANAGEMENT}`, "security account"],
      });
    });

    it("names a duplicate", () => {
      const duplicate = { ...stack.find(packIn(first, "eu-west-1"))!, urn: "urn:pulumi:test::aws-config-org::x::copy", name: "copy" };
      expectExactly(run([...stack, duplicate]), { policy: "organization-conformance-packs-all-regions", mentions: ["2 times in eu-west-1"] });
    });

    it("rejects packs in a shard that does not own the central resources", () => {
      const violations = run(stack, { shard: { name: "hash 2/3", ownsCentral: false }, conformancePacks: [] });
      expect(violations, describeViolations(violations)).to.have.length(PACKS.length * 3);
      expect(violations.every((v) => v.message.includes("`hash 2/3`"))).to.equal(true);
    });
  });
});
