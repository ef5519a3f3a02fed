/**
 * AWS Config's fixed quotas on what the stack puts in each account × Region (rules, packs)
 * and in the organization (organization packs), checked before anything is deployed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { expect } from "chai";

import { ConfigError } from "../../config/errors";
import { loadStackDeployment } from "../../config/pipeline";
import { aggregatorCapacityProblems, CONFIG_QUOTAS, validateDeployment } from "../../config/validateDeployment";

/** A sample-format template of `rules` process checks (valid in every Region, no parameters). */
function templateOf(rules: number): string {
  const resources = Array.from(
    { length: rules },
    (_, i) =>
      `  Check${i}:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      ConfigRuleName: check-${i}\n      Source:\n        Owner: AWS\n        SourceIdentifier: AWS_CONFIG_PROCESS_CHECK\n`,
  );
  return `Resources:\n${resources.join("")}`;
}

async function problemsWith(packs: readonly { name: string; template: string }[]): Promise<string[]> {
  try {
    await loadStackDeployment("dev", { overrides: { "aws-config-org:packs": packs } });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

describe("config: AWS Config quotas on what the stack deploys", function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "quotas-"));
    fs.writeFileSync(path.join(dir, "full.yaml"), templateOf(130));
    fs.writeFileSync(path.join(dir, "one.yaml"), templateOf(1));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("accepts packs within the quotas", async () => {
    const packs = Array.from({ length: 7 }, (_, i) => ({ name: `full-${i}`, template: path.join(dir, "full.yaml") }));
    expect(await problemsWith(packs)).to.deep.equal([]);
  });

  it(`refuses more than ${CONFIG_QUOTAS.rulesPerAccountRegion} rules per account and Region, naming the Region and each pack's share`, async () => {
    const packs = Array.from({ length: 8 }, (_, i) => ({ name: `full-${i}`, template: path.join(dir, "full.yaml") }));
    const problems = await problemsWith(packs);
    expect(problems, problems.join("\n")).to.have.length(2);
    for (const [i, region] of ["us-east-1", "eu-west-1"].entries()) {
      expect(problems[i]).to.include("1040 Config rules").and.include(`\`${region}\``).and.include("full-7 130").and.include("1000 per account and Region");
    }
  });

  it(`refuses more than ${CONFIG_QUOTAS.organizationPacks} organization packs, and as many packs in each account`, async () => {
    const packs = Array.from({ length: 51 }, (_, i) => ({ name: `one-${i}`, template: path.join(dir, "one.yaml") }));
    const problems = await problemsWith(packs);
    expect(problems[0]).to.include("51 organization conformance packs").and.include("50 per organization");
    expect(problems.filter((p) => p.includes("51 conformance packs in every account"))).to.have.length(2);
  });
});

describe("config: the organization aggregator's capacity", function () {
  this.timeout(30_000);

  it("refuses an organization of more than 10,000 accounts (in scope and excluded), naming the count and the quota", async () => {
    const d = await loadStackDeployment("dev");
    const accounts = (n: number, offset: number) => Array.from({ length: n }, (_, i) => ({ ...d.accounts[0]!, id: String(100000000000 + offset + i) }));
    const excluded = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(900000000000 + i), name: `x${i}`, reason: "closing" }));
    expect(aggregatorCapacityProblems({ ...d, scope: accounts(9_999, 0), excluded: excluded(1) })).to.deep.equal([]);
    const over = { ...d, scope: accounts(9_999, 0), excluded: excluded(2) };
    const [problem] = aggregatorCapacityProblems(over);
    expect(problem).to.include("10001 accounts").and.include("10,000").and.include("`aws-config-org:accounts`");
    expect(validateDeployment(over), "validateDeployment reports it").to.include(problem);
    expect(aggregatorCapacityProblems({ ...over, ownsCentral: false }), "a shard that does not own the aggregator").to.deep.equal([]);
  });
});
