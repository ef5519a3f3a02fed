/** The offline plan of a stack with template packs: rule counts per region, what each region leaves out, the policy verdict. */
import { expect } from "chai";

import { plan, renderPlan } from "../../commands/plan";

const FIXTURES = "tests/fixtures/templates";

describe("plan: template packs", () => {
  it("lists every pack per region with its rule count, what the region leaves out, and passes the policy pack", async () => {
    const p = await plan({
      stack: "dev",
      configOverrides: {
        "aws-config-org:regions": ["us-east-1", "eu-west-1", "mx-central-1"],
        "aws-config-org:packs": [
          { name: "network-and-identity" },
          {
            name: "remediated",
            template: `${FIXTURES}/with-remediation.yaml`,
            parameters: { LoggingTargetBucket: "central-access-logs" },
            runbookPermissions: { "AWS-ConfigureS3BucketLogging": ["s3:PutBucketLogging", "s3:GetBucketLogging", "s3:PutBucketAcl", "s3:GetBucketAcl"] },
          },
          { name: "large", template: `${FIXTURES}/oversized.yaml` },
          { name: "limited", template: `${FIXTURES}/region-limited.yaml` },
        ],
      },
    });
    const remediated = (region: string) => p.packRules[region]!.find((x) => x.name === "remediated")!;
    // The remediated rule is in each account's remediation pack: the organization pack keeps the other one.
    expect([remediated("us-east-1").rules, remediated("us-east-1").delivery, remediated("us-east-1").leftOut]).to.deep.equal([1, "inline", []]);
    expect([remediated("mx-central-1").rules, remediated("mx-central-1").delivery, remediated("mx-central-1").leftOut]).to.deep.equal([
      0,
      "skipped",
      ["sns-encrypted-kms"],
    ]);
    expect(p.packRules["mx-central-1"]!.find((x) => x.name === "limited")!.delivery).to.equal("skipped");
    expect(p.packRules["us-east-1"]!.find((x) => x.name === "large")!.delivery).to.equal("s3");
    // The plan's list agrees with what the program registered.
    expect(p.packsByRegion["mx-central-1"]).to.deep.equal(["network-and-identity", "large"]);
    expect(p.packsByRegion["us-east-1"]).to.include("limited");

    // Prose lines wrap at 120 columns: read them unwrapped.
    const text = renderPlan(p).replace(/\n {4,}/g, " ");
    expect(text).to.include(
      "  us-east-1: network-and-identity 2 organization-pack rules + 2 remediated in the account packs, remediated 1 organization-pack rules + 1 remediated in the account packs, large 110 organization-pack rules via S3, limited 1 organization-pack rules",
    );
    expect(text).to.include("limited SKIPPED (no rule offered here)");
    expect(text).to.include("remediated: left out (AWS does not offer them here): sns-encrypted-kms");
    expect(text).to.match(/remediated: warning: 1 kept with no AWS region note covering mx-central-1: s3-bucket-logging-enabled/);
    expect(p.policy.mandatoryViolations, text).to.equal(0);
    expect(text).to.include("Policy pack: PASS");
  });

  it("skips a template pack whose rules are all remediated in every region, delivers them in the account packs, and passes the policy pack", async () => {
    const p = await plan({
      stack: "dev",
      configOverrides: {
        "aws-config-org:packs": [{ name: "network-and-identity" }, { name: "pitr", template: `${FIXTURES}/collides-with-built-in.yaml` }],
      },
    });
    for (const region of ["us-east-1", "eu-west-1"]) {
      expect(p.packRules[region]!.find((x) => x.name === "pitr")!.delivery, region).to.equal("skipped");
      expect(p.packsByRegion[region]).to.deep.equal(["network-and-identity"]);
    }
    // network-and-identity remediates two rules by default; the template adds its one.
    expect(p.accounts[2]!.cells["us-east-1"]!.remediations).to.equal(3);
    expect(renderPlan(p).replace(/\n {4,}/g, " ")).to.include("pitr SKIPPED (every rule remediated: 1 in the account packs)");
    expect(p.policy.mandatoryViolations, renderPlan(p)).to.equal(0);
  });
});
