/** `report` and `cost` know template packs: rule names map back to their pack, rules count in evaluations. */
import { expect } from "chai";

import { rulePacksOf } from "../../commands/lib/complianceModel";
import { packCostRules } from "../../commands/lib/packRules";
import { normalizeRuleName } from "../../aws/ruleNames";
import { loadStackDeployment } from "../../config/pipeline";

const FIXTURES = "tests/fixtures/templates";

describe("operator commands: template packs", () => {
  const load = () =>
    loadStackDeployment("dev", {
      overrides: {
        "aws-config-org:packs": [{ name: "network-and-identity" }, { name: "baseline", template: `${FIXTURES}/baseline-with-defaults.yaml` }],
      },
    });

  it("report: maps a member account's suffixed rule name back to the template's rule and its pack", async () => {
    const packs = rulePacksOf(await load());
    expect(packs.get(normalizeRuleName("access-keys-rotated-conformance-pack-ab12cd3ef"))).to.equal("baseline");
    expect(packs.get(normalizeRuleName("restricted-ssh-conformance-pack-q1w2e3"))).to.equal("network-and-identity");
  });

  it("report: attributes a rule delivered in the account's remediation pack to the pack it came from, built-in or template", async () => {
    const deployment = await loadStackDeployment("dev", {
      overrides: {
        "aws-config-org:packs": [
          { name: "network-and-identity" },
          {
            name: "s3-with-remediation",
            template: `${FIXTURES}/with-remediation-carried.yaml`,
            parameters: { LogBucketName: "central-access-logs" },
            allowedRemediationRoles: ["OrgRemediation"],
            runbookPermissions: { "AWS-ConfigureS3BucketLogging": ["s3:PutBucketLogging"] },
          },
        ],
      },
    });
    const packs = rulePacksOf(deployment);
    // Both are rules of the account pack `aws-config-org-remediation`; neither is reported under that name.
    expect(packs.get(normalizeRuleName("tpl-s3-bucket-logging-enabled-conformance-pack-x9y8z7"))).to.equal("s3-with-remediation");
    expect(packs.get(normalizeRuleName("guardduty-enabled-centralized-conformance-pack-x9y8z7"))).to.equal("network-and-identity");
    expect(packs.get(normalizeRuleName("tpl-access-keys-rotated-conformance-pack-ab12cd3ef"))).to.equal("s3-with-remediation");
    expect([...packs.values()]).to.not.include("aws-config-org-remediation");
  });

  it("cost: counts a template pack's managed rules by the catalog's triggers and scope, and no evaluations for process checks", async () => {
    const { rules, problems } = packCostRules(await load());
    expect(problems).to.deep.equal([]);
    const fromTemplate = rules.filter((r) => r.source.startsWith("pack baseline"));
    // baseline-with-defaults.yaml: four managed rules and one process check.
    expect(fromTemplate.map((r) => r.name).sort()).to.deep.equal([
      "access-keys-rotated",
      "api-gw-execution-logging-enabled",
      "iam-password-policy",
      "lambda-function-xray-enabled",
    ]);
    expect(fromTemplate.find((r) => r.name === "iam-password-policy")).to.deep.include({
      billing: "conformancePack",
      onChange: false,
      periodic: "TwentyFour_Hours",
      resourceTypes: [],
    });
    const lambda = fromTemplate.find((r) => r.name === "lambda-function-xray-enabled")!;
    expect(lambda.onChange).to.equal(true);
    expect(lambda.resourceTypes).to.include("AWS::Lambda::Function");
  });
});
