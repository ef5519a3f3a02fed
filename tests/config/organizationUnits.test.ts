/** OU and root ids a stack names, checked against the organization (issue 24 item 2). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { discoverOrganization, type OrganizationSnapshot } from "../../config/discovery";
import { parseSettings, resolveDeployment } from "../../config/pipeline";
import { main as planMain } from "../../commands/plan";
import { bufferIo } from "../commands/fixtures";
import { APP, LOG, MGMT, problemsFrom, SEC, sources } from "../helpers/stackSources";

const SNAPSHOT: OrganizationSnapshot = {
  accounts: [MGMT, SEC, LOG, APP].map((id) => ({ id, name: id, status: "ACTIVE" })),
  roots: ["r-ab12"],
  organizationalUnits: ["ou-ab12-sandbox01", "ou-ab12-workload1"],
  ouMembers: { "ou-ab12-sandbox01": [APP] },
};

const problemsWith = (config: Record<string, unknown>, inventory: unknown, organization?: OrganizationSnapshot) =>
  problemsFrom(() => resolveDeployment(parseSettings(sources(config, inventory)), organization));

describe("config: OU ids the organization does not have (issue 24)", () => {
  it("names every misspelt OU or root id at once, each with its key and the nearest real one", () => {
    const problems = problemsWith(
      { shard: { ous: ["ou-ab12-workload01"] }, ownsCentral: true, tamperProtection: { enabled: true, targets: ["r-ab13", "ou-ab12-sandbox01"] } },
      {
        discover: true,
        ouProfiles: { "ou-ab12-sandbox1": "lean" },
        accounts: [{ id: APP, ou: "ou-ab12-sandbx01" }],
      },
      SNAPSHOT,
    );
    expect(
      problems.filter((p) => p.includes("does not have")),
      problems.join("\n"),
    ).to.deep.equal([
      "`ouProfiles.ou-ab12-sandbox1` in accounts/test.yaml names `ou-ab12-sandbox1`, an OU that organization o-abcdefghij does not have: did you mean `ou-ab12-sandbox01`, the nearest real OU?",
      "stack config `aws-config-org:shard.ous[0]` names `ou-ab12-workload01`, an OU that organization o-abcdefghij does not have: did you mean `ou-ab12-workload1`, the nearest real OU?",
      "stack config `aws-config-org:tamperProtection.targets[0]` names `r-ab13`, a root that organization o-abcdefghij does not have: did you mean `r-ab12`, the nearest real root?",
      "`accounts[0].ou` (444444444444) in accounts/test.yaml names `ou-ab12-sandbx01`, an OU that organization o-abcdefghij does not have: did you mean `ou-ab12-sandbox01`, the nearest real OU?",
    ]);
  });

  it("checks excluded accounts' OUs too, and accepts the real ids", () => {
    const excluded = problemsWith({}, { discover: true, accounts: [{ id: APP, ou: "ou-ab12-workload2", exclude: true, reason: "vendor" }] }, SNAPSHOT);
    expect(excluded.join("\n"))
      .to.include("`accounts[0].ou` (444444444444, excluded) in accounts/test.yaml names `ou-ab12-workload2`")
      .and.include("did you mean `ou-ab12-workload1`");
    expect(
      problemsWith(
        { tamperProtection: { enabled: true, targets: ["r-ab12", "ou-ab12-workload1"] } },
        { discover: true, ouProfiles: { "ou-ab12-sandbox01": "lean" } },
        SNAPSHOT,
      ),
    ).to.deep.equal([]);
  });

  it("without `organizationalUnits` in the snapshot, its `ouMembers` keys are the OUs it knows", () => {
    const { organizationalUnits: _units, roots: _roots, ...old } = SNAPSHOT;
    const problems = problemsWith({}, { discover: true, ouProfiles: { "ou-ab12-sandbox1": "lean" } }, old);
    expect(problems.join("\n")).to.include("did you mean `ou-ab12-sandbox01`");
  });

  it("a stack that lists its accounts: an `ouProfiles` key no entry's `ou` has is named", () => {
    const problems = problemsWith(
      {},
      { ouProfiles: { "ou-ab12-sandbox1": "lean" }, accounts: [{ id: MGMT }, { id: SEC }, { id: LOG }, { id: APP, ou: "ou-ab12-sandbox01" }] },
    );
    expect(problems.join("\n")).to.include(
      "`ouProfiles.ou-ab12-sandbox1` in accounts/test.yaml names `ou-ab12-sandbox1`, an OU that the `ou` values of accounts/test.yaml (it lists its accounts) does not have: did you mean `ou-ab12-sandbox01`",
    );
  });

  it("live discovery asks only for the members of OUs that exist, so a typo is reported by name, not as an AWS error", async () => {
    const asked: string[] = [];
    const snapshot = await discoverOrganization(
      {
        accounts: async () => SNAPSHOT.accounts,
        descendantAccountIds: async (ou) => (asked.push(ou), SNAPSHOT.ouMembers[ou] ?? []),
        units: async () => ({ roots: ["r-ab12"], organizationalUnits: ["ou-ab12-sandbox01", "ou-ab12-workload1"] }),
      },
      ["ou-ab12-sandbox1", "ou-ab12-sandbox01"],
    );
    expect(asked).to.deep.equal(["ou-ab12-sandbox01"]);
    expect(snapshot.organizationalUnits).to.deep.equal(["ou-ab12-sandbox01", "ou-ab12-workload1"]);
    expect(problemsWith({}, { discover: true, ouProfiles: { "ou-ab12-sandbox1": "lean" } }, snapshot).join("\n")).to.include(
      "did you mean `ou-ab12-sandbox01`",
    );
  });

  describe("the plan of prod with an OU typo", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "ou-typo-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("`ouProfiles` `ou-p1a2-sandbox1` for `ou-p1a2-sandbox01`: exit 2 naming the key and the real OU, instead of a silent profile change", async function () {
      this.timeout(60_000);
      const inventory = path.join(dir, "prod.yaml");
      fs.writeFileSync(
        inventory,
        fs.readFileSync(path.join(__dirname, "../../accounts/prod.yaml"), "utf8").replace("ou-p1a2-sandbox01: lean", "ou-p1a2-sandbox1: lean"),
      );
      const b = bufferIo();
      expect(await planMain(["--stack", "prod", "--no-progress"], b.io, { configOverrides: { "aws-config-org:accounts": inventory } })).to.equal(2);
      expect(b.err()).to.include(
        `\`ouProfiles.ou-p1a2-sandbox1\` in ${inventory} names \`ou-p1a2-sandbox1\`, an OU that organization o-prod9z8y7x6w does not have: did you mean \`ou-p1a2-sandbox01\`, the nearest real OU?`,
      );
    });

    it("a shard naming an unknown OU: exit 2 with the nearest real OU, not a shard that takes 0 accounts", async function () {
      this.timeout(60_000);
      const b = bufferIo();
      expect(
        await planMain(["--stack", "prod", "--no-progress"], b.io, { configOverrides: { "aws-config-org:shard": { ous: ["ou-p1a2-workload01"] } } }),
      ).to.equal(2);
      expect(b.err()).to.include("stack config `aws-config-org:shard.ous[0]` names `ou-p1a2-workload01`").and.include("did you mean `ou-p1a2-workload1`");
    });
  });
});
