/** The offline plan of a stack with packs aimed at OUs and accounts (issue 26 part 2): text and JSON. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { plan, renderPlan } from "../../commands/plan";
import { readOrganizationSnapshot } from "../../config/discovery";
import { PROJECT_ROOT } from "../../config/sources";

const CONFIG = {
  "aws-config-org:packs": [
    {
      name: "data-protection-baseline",
      remediation: { "rds-multi-az-support": "manual" },
      targets: { ous: ["ou-p1a2-workload1"], accounts: ["500000000002"] },
    },
    { name: "network-and-identity" },
  ],
};

describe("offline plan: targeted packs", () => {
  let dir: string;
  let fixture: string;
  before(() => {
    // The prod fixture with a nested OU (payments-prod) under the workloads OU.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-targets-"));
    fixture = path.join(dir, "organization.json");
    const prod = readOrganizationSnapshot(path.join(PROJECT_ROOT, "accounts", "fixtures", "prod-organization.json"));
    fs.writeFileSync(
      fixture,
      JSON.stringify({
        ...prod,
        organizationalUnits: [...(prod.organizationalUnits ?? []), "ou-p1a2-payments1"],
        ouMembers: { ...prod.ouMembers, "ou-p1a2-payments1": ["500000000004"] },
      }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("shows per pack the OUs, the accounts it reaches of the scope, and the exclusions per region the program declares", async () => {
    const p = await plan({ stack: "prod", configOverrides: CONFIG, organizationFixture: fixture });
    expect(p.targetedPacks).to.deep.equal([
      {
        name: "data-protection-baseline",
        kind: "pack",
        ous: [{ id: "ou-p1a2-workload1", accounts: 3 }],
        accounts: ["500000000002"],
        inScope: 4,
        scope: 9,
        // 5 outside the targets + the vendor account; legacy-edge does not record in eu-central-1 and eu-north-1, but is outside the targets anyway.
        excludedByRegion: { "eu-west-1": 6, "eu-central-1": 6, "us-east-1": 6, "eu-north-1": 6 },
      },
    ]);
    // Wrapped prose, read as one line.
    const text = renderPlan(p).replace(/\s+/g, " ");
    expect(text).to.include(
      "Targeted packs (`targets`: resolved from the organization on this run; an account that moves between OUs moves in or out on the next run):",
    );
    expect(text).to.include(
      "data-protection-baseline: ou-p1a2-workload1 (3 in scope, nested OUs included) + account(s) 500000000002: reaches 4 of 9 accounts in scope; excluded: eu-west-1 6, eu-central-1 6, us-east-1 6, eu-north-1 6",
    );
    expect(p.policy.mandatoryViolations, JSON.stringify(p.policy.violations)).to.equal(0);
    // Fewer remediation packs: the 5 accounts outside the targets get network-and-identity's remediated rules only, still a pack each.
    expect(p.counts.remediationPacks).to.equal(34);
    expect(JSON.parse(JSON.stringify(p)).targetedPacks[0].inScope).to.equal(4);
  });

  it("a nested OU alone: only its accounts", async () => {
    const p = await plan({
      stack: "prod",
      configOverrides: { "aws-config-org:packs": [{ name: "data-protection-baseline", targets: { ous: ["ou-p1a2-payments1"] } }] },
      organizationFixture: fixture,
    });
    expect(p.targetedPacks?.[0]).to.include({ inScope: 1, scope: 9 });
    expect(p.targetedPacks?.[0]?.ous).to.deep.equal([{ id: "ou-p1a2-payments1", accounts: 1 }]);
  });
});
