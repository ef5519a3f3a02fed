/**
 * The subscription filter policies against Config notification payloads
 * shaped as in the AWS documentation (samples/): people get a resource turning
 * NON_COMPLIANT and coming back to COMPLIANT, nothing else.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

import {
  complianceFilterPolicy,
  FILTER_POLICY_MAX_COMBINATIONS,
  FILTER_POLICY_MAX_KEYS,
  filterPolicyCombinations,
  filterPolicyKeys,
} from "../../../components/central/notificationFilters";
import { matchesFilterPolicy } from "../../helpers/snsFilterMatcher";
import { normalizeRuleName } from "../../../aws/ruleNames";

const SAMPLES = path.join(__dirname, "..", "..", "rules", "compliance-notifier", "samples");
const sample = (name: string) => JSON.parse(fs.readFileSync(path.join(SAMPLES, `${name}.json`), "utf8"));
const allSamples = fs
  .readdirSync(SAMPLES)
  .map((f) => f.replace(/\.json$/, ""))
  .sort();

/** Names of the samples a policy lets through. */
function passing(events: Parameters<typeof complianceFilterPolicy>[0]): string[] {
  const policy = complianceFilterPolicy(events);
  return allSamples.filter((name) => matchesFilterPolicy(policy, sample(name)));
}

describe("notifications: compliance filter policies", () => {
  it("has samples of every kind the topic receives", () => {
    expect(allSamples).to.deep.equal([
      "compliance-back-to-compliant",
      "compliance-change-to-non-compliant",
      "compliance-first-evaluation-compliant",
      "compliance-first-evaluation-non-compliant",
      "compliance-to-not-applicable",
      "configuration-item-change",
      "configuration-item-change-resource-compliance",
      "rules-evaluation-started",
    ]);
  });

  it("`non-compliant` lets through every change to NON_COMPLIANT, first evaluations included, and nothing else", () => {
    expect(passing(["non-compliant"])).to.deep.equal(["compliance-change-to-non-compliant", "compliance-first-evaluation-non-compliant"]);
  });

  it("`back-to-compliant` lets through COMPLIANT after NON_COMPLIANT only (not a first COMPLIANT evaluation)", () => {
    expect(passing(["back-to-compliant"])).to.deep.equal(["compliance-back-to-compliant"]);
  });

  it("both events: the union, through `$or`", () => {
    expect(complianceFilterPolicy(["non-compliant", "back-to-compliant"]))
      .to.have.property("$or")
      .with.length(2);
    expect(passing(["non-compliant", "back-to-compliant"])).to.deep.equal([
      "compliance-back-to-compliant",
      "compliance-change-to-non-compliant",
      "compliance-first-evaluation-non-compliant",
    ]);
    expect(passing(["back-to-compliant", "non-compliant", "non-compliant"])).to.deep.equal(passing(["non-compliant", "back-to-compliant"]));
  });

  it("never lets configuration item changes through, even a ResourceCompliance item that became NON_COMPLIANT", () => {
    for (const events of [["non-compliant"], ["back-to-compliant"], ["non-compliant", "back-to-compliant"]] as const) {
      const policy = complianceFilterPolicy(events);
      expect(matchesFilterPolicy(policy, sample("configuration-item-change")), events.join()).to.equal(false);
      expect(matchesFilterPolicy(policy, sample("configuration-item-change-resource-compliance")), events.join()).to.equal(false);
    }
  });

  it("lets through only messages that name the account, region, rule and resource", () => {
    const policy = complianceFilterPolicy(["non-compliant", "back-to-compliant"]);
    for (const name of allSamples.filter((n) => matchesFilterPolicy(policy, sample(n)))) {
      const m = sample(name);
      for (const field of ["awsAccountId", "awsRegion", "configRuleName", "resourceType", "resourceId"]) {
        expect(m[field], `${name}.${field}`).to.be.a("string").and.not.equal("");
      }
      expect(normalizeRuleName(m.configRuleName), name)
        .to.match(/^[a-z0-9-]+$/)
        .and.not.contain("conformance-pack");
    }
  });

  it("stays within SNS's limits (5 keys, 150 combinations)", () => {
    const both = complianceFilterPolicy(["non-compliant", "back-to-compliant"]);
    expect(filterPolicyKeys(both).sort()).to.deep.equal(["messageType", "newEvaluationResult.complianceType", "oldEvaluationResult.complianceType"]);
    expect(filterPolicyKeys(both).length).to.be.at.most(FILTER_POLICY_MAX_KEYS);
    expect(filterPolicyCombinations(both)).to.equal(2).and.be.at.most(FILTER_POLICY_MAX_COMBINATIONS);
    expect(filterPolicyCombinations({ a: ["1", "2", "3"], b: { c: ["x", "y"] } })).to.equal(6);
  });

  it("refuses a subscription that wants nothing", () => {
    expect(() => complianceFilterPolicy([])).to.throw(/at least one event/);
  });
});

describe("notifications: normalizeRuleName", () => {
  it("strips the member-account conformance pack suffix, whatever the random part's length", () => {
    expect(normalizeRuleName("restricted-ssh-conformance-pack-z1y2x3w4v")).to.equal("restricted-ssh");
    expect(normalizeRuleName("s3-account-level-public-access-blocks-periodic-conformance-pack-wxpi4uvvj")).to.equal(
      "s3-account-level-public-access-blocks-periodic",
    );
    expect(normalizeRuleName("approved-amis-by-id-conformance-pack-ab")).to.equal("approved-amis-by-id");
  });

  it("leaves other names alone, including a suffix that is not at the end or has capitals", () => {
    expect(normalizeRuleName("restricted-ssh")).to.equal("restricted-ssh");
    expect(normalizeRuleName("a-conformance-pack-x1-custom")).to.equal("a-conformance-pack-x1-custom");
    expect(normalizeRuleName("rule-conformance-pack-ABC")).to.equal("rule-conformance-pack-ABC");
  });
});
