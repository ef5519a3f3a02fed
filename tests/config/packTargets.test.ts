/** Packs aimed at OUs and accounts (issue 26 part 2): resolution, nested OUs, every problem at once. */
import { expect } from "chai";

import { discoverOrganization, ousOfInterest, type OrganizationSnapshot } from "../../config/discovery";
import { excludedAccountsIn, type Deployment } from "../../config/domain";
import { packsReaching } from "../../config/packTargets";
import { loadStackDeployment, parseSettings, resolveDeployment } from "../../config/pipeline";
import { APP, LOG, MGMT, problemsFrom, SEC, sources } from "../helpers/stackSources";

const WEB = "555555555555";
const DATA = "666666666666";
const SANDBOX = "777777777777";
const VENDOR = "888888888888";

/**
 * Root r-ab12 > ou-ab12-workloads1 (APP) > ou-ab12-prodwork1 (WEB, DATA): a nested OU.
 * ou-ab12-sandbox01 holds SANDBOX and VENDOR (excluded by the inventory). `ouMembers` lists
 * descendants, as discovery records them.
 */
const SNAPSHOT: OrganizationSnapshot = {
  accounts: [MGMT, SEC, LOG, APP, WEB, DATA, SANDBOX, VENDOR].map((id) => ({ id, name: `acct-${id.slice(0, 3)}`, status: "ACTIVE" })),
  roots: ["r-ab12"],
  organizationalUnits: ["ou-ab12-workloads1", "ou-ab12-prodwork1", "ou-ab12-sandbox01"],
  ouMembers: {
    "ou-ab12-workloads1": [APP, WEB, DATA],
    "ou-ab12-prodwork1": [WEB, DATA],
    "ou-ab12-sandbox01": [SANDBOX, VENDOR],
  },
};

const ALLOW_LIST = { version: 1, entries: [{ description: "golden", ownerAccountIds: [SEC], namePatterns: ["golden-*"] }] };
const INVENTORY = { discover: true, accounts: [{ id: VENDOR, exclude: true, reason: "vendor-run" }] };

const load = (
  packs: unknown[],
  extra: Record<string, unknown> = {},
  inventory: unknown = INVENTORY,
  organization: OrganizationSnapshot | undefined = SNAPSHOT,
): Deployment => resolveDeployment(parseSettings(sources({ packs, ...extra }, inventory)), organization);
const problems = (
  packs: unknown[],
  extra: Record<string, unknown> = {},
  inventory: unknown = INVENTORY,
  organization: OrganizationSnapshot | undefined = SNAPSHOT,
) => problemsFrom(() => load(packs, extra, inventory, organization));

describe("config: packs aimed at OUs and accounts (`packs[i].targets`)", () => {
  it("takes the accounts under an OU, nested OUs included, plus named accounts; the rest of the scope is excluded", () => {
    const d = load([{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-workloads1"], accounts: [SEC] } }, { name: "network-and-identity" }]);
    const reach = d.reach?.packs["data-protection-baseline"];
    expect(reach?.accountIds).to.deep.equal([SEC, APP, WEB, DATA]);
    expect(reach?.ouAccounts).to.deep.equal({ "ou-ab12-workloads1": [APP, WEB, DATA] });
    expect(reach?.untargeted).to.deep.equal([MGMT, LOG, SANDBOX]);
    // The inventory's exclusion first, then the accounts outside the targets; an untargeted pack is unchanged.
    expect(excludedAccountsIn(d, "us-east-1", reach)).to.deep.equal([VENDOR, MGMT, LOG, SANDBOX]);
    expect(excludedAccountsIn(d, "us-east-1", d.reach?.packs["network-and-identity"])).to.deep.equal([VENDOR]);
  });

  it("a nested OU alone takes only its own accounts", () => {
    const d = load([{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-prodwork1"] } }]);
    expect(d.reach?.packs["data-protection-baseline"]?.accountIds).to.deep.equal([WEB, DATA]);
  });

  it("an account that moved between OUs moves with it on the next run (the exclusions follow the organization)", () => {
    const packs = [{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-prodwork1"] } }];
    const moved: OrganizationSnapshot = {
      ...SNAPSHOT,
      ouMembers: { ...SNAPSHOT.ouMembers, "ou-ab12-prodwork1": [WEB], "ou-ab12-workloads1": [APP, WEB], "ou-ab12-sandbox01": [SANDBOX, VENDOR, DATA] },
    };
    expect(excludedAccountsIn(load(packs), "eu-west-1", load(packs).reach?.packs["data-protection-baseline"])).to.not.include(DATA);
    const after = load(packs, {}, INVENTORY, moved);
    expect(excludedAccountsIn(after, "eu-west-1", after.reach?.packs["data-protection-baseline"])).to.include(DATA);
  });

  it("asks discovery for the members of every targeted OU (after the profile and shard OUs)", () => {
    const settings = parseSettings(
      sources(
        {
          packs: [{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-prodwork1"] } }],
          approvedImages: { allowList: ALLOW_LIST, targets: { ous: ["ou-ab12-sandbox01"] } },
        },
        { discover: true, ouProfiles: { "ou-ab12-workloads1": "lean" } },
      ),
    );
    expect(ousOfInterest(settings)).to.deep.equal(["ou-ab12-workloads1", "ou-ab12-prodwork1", "ou-ab12-sandbox01"]);
  });

  it("discovery records descendants for a targeted OU, so nested accounts are in", async () => {
    const tree: Record<string, string[]> = { "ou-ab12-workloads1": [APP, WEB, DATA] };
    const snapshot = await discoverOrganization(
      {
        accounts: async () => SNAPSHOT.accounts,
        descendantAccountIds: async (ou) => tree[ou] ?? [],
        units: async () => ({ roots: ["r-ab12"], organizationalUnits: SNAPSHOT.organizationalUnits ?? [] }),
      },
      ousOfInterest(parseSettings(sources({ packs: [{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-workloads1"] } }] }, { discover: true }))),
    );
    const d = resolveDeployment(
      parseSettings(sources({ packs: [{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-workloads1"] } }] }, { discover: true })),
      snapshot,
    );
    expect(d.reach?.packs["data-protection-baseline"]?.accountIds).to.deep.equal([APP, WEB, DATA]);
  });

  it("reports every problem at once: unknown OU and account with the nearest real ones, an account out of scope", () => {
    const found = problems([
      { name: "data-protection-baseline", targets: { ous: ["ou-ab12-workload1"], accounts: ["555555555556"] } },
      { name: "network-and-identity", targets: { accounts: [VENDOR] } },
    ]);
    expect(found, found.join("\n")).to.deep.equal([
      "stack config `aws-config-org:packs` pack `data-protection-baseline`: `targets.ous[0]` names `ou-ab12-workload1`, an OU that organization o-abcdefghij does not have: did you mean `ou-ab12-workloads1`, the nearest real one?",
      "stack config `aws-config-org:packs` pack `data-protection-baseline`: `targets.accounts[0]` names 555555555556, an account that organization o-abcdefghij does not have: did you mean `555555555555 (acct-555)`, the nearest real one?",
      "stack config `aws-config-org:packs` pack `network-and-identity`: `targets.accounts[0]` names 888888888888 (acct-888), which is not in scope (excluded in accounts/test.yaml: vendor-run): remove it from the targets",
    ]);
  });

  it("refuses an empty target, and a target that takes no account in scope", () => {
    expect(problems([{ name: "data-protection-baseline", targets: {} }])).to.deep.equal([
      "stack config `aws-config-org:packs` pack `data-protection-baseline`: `targets` names no OU and no account: list `ous` (OU ids) or `accounts` (account ids), or remove `targets` to reach every account in scope",
    ]);
    const onlyExcluded: OrganizationSnapshot = { ...SNAPSHOT, ouMembers: { ...SNAPSHOT.ouMembers, "ou-ab12-sandbox01": [VENDOR] } };
    expect(problems([{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-sandbox01"] } }], {}, INVENTORY, onlyExcluded)).to.deep.equal([
      "stack config `aws-config-org:packs` pack `data-protection-baseline`: `targets` takes no account in the stack's scope (its OUs hold 1 account(s), none of them in scope): name an OU or account in scope, or remove `targets`",
    ]);
  });

  it("names a stale fixture that lists an OU but not its members", () => {
    const stale: OrganizationSnapshot = { ...SNAPSHOT, organizationalUnits: [...(SNAPSHOT.organizationalUnits ?? []), "ou-ab12-newteam01"] };
    expect(problems([{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-newteam01"] } }], {}, INVENTORY, stale).join("\n")).to.include(
      "names `ou-ab12-newteam01`, whose member accounts the organization snapshot does not record: write the fixture again with `npx aws-config-org organization --stack test --write <file>`",
    );
  });

  it("refuses more than 1,000 exclusions, saying to widen the targets", () => {
    const many = Array.from({ length: 1003 }, (_, i) => String(900000000000 + i));
    const big: OrganizationSnapshot = { ...SNAPSHOT, accounts: [...SNAPSHOT.accounts, ...many.map((id) => ({ id, name: id, status: "ACTIVE" }))] };
    const found = problems([{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-prodwork1"] } }], {}, INVENTORY, big);
    expect(found, found.join("\n")).to.have.length(1);
    expect(found[0])
      .to.include("reaches 2 of 1010 accounts in scope, so pack `data-protection-baseline` would exclude 1009 accounts in `us-east-1`")
      .and.include("AWS allows 1000 `ExcludedAccounts`")
      .and.include("widen the targets");
  });

  it("a stack that lists its accounts: an OU target takes the entries with that `ou` (or a path below it)", () => {
    const listed = {
      accounts: [{ id: MGMT }, { id: SEC }, { id: LOG }, { id: APP, ou: "Workloads/Prod" }, { id: WEB, ou: "Workloads" }, { id: SANDBOX, ou: "Sandbox" }],
    };
    const d = load([{ name: "data-protection-baseline", targets: { ous: ["Workloads"] } }], {}, listed, undefined);
    expect(d.reach?.packs["data-protection-baseline"]?.accountIds).to.deep.equal([APP, WEB]);
    expect(problems([{ name: "data-protection-baseline", targets: { ous: ["Sandboxes"] } }], {}, listed, undefined)).to.deep.equal([
      "stack config `aws-config-org:packs` pack `data-protection-baseline`: `targets.ous[0]` names `Sandboxes`, an OU that the `ou` values of accounts/test.yaml (it lists its accounts, so it knows no other OU) does not have: did you mean `Sandbox`, the nearest real one?",
    ]);
  });

  it("the remediation pack of an account holds only the packs that reach it", () => {
    const d = load([{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-prodwork1"] } }, { name: "network-and-identity" }]);
    expect(packsReaching(d, WEB).packs.map((p) => p.name)).to.deep.equal(["data-protection-baseline", "network-and-identity"]);
    expect(packsReaching(d, SANDBOX).packs.map((p) => p.name)).to.deep.equal(["network-and-identity"]);
  });

  it("a template pack takes targets the same way (dev: a listed inventory, targets by account)", async () => {
    const d = await loadStackDeployment("dev", {
      overrides: {
        "aws-config-org:packs": [
          { name: "baseline", template: "tests/fixtures/templates/baseline-with-defaults.yaml", targets: { accounts: ["333333333333"] } },
        ],
      },
    });
    expect(d.templatePacks[0]?.targets).to.deep.equal({ ous: [], accounts: ["333333333333"] });
    expect(d.reach?.packs.baseline?.untargeted).to.deep.equal(["111111111111", "222222222222"]);
    expect(packsReaching(d, "111111111111").templatePacks).to.deep.equal([]);
    expect(packsReaching(d, "333333333333").templatePacks.map((t) => t.name)).to.deep.equal(["baseline"]);
  });

  it("the approved-images rule takes targets the same way", () => {
    const d = load([], { approvedImages: { allowList: ALLOW_LIST, targets: { ous: ["ou-ab12-sandbox01"] } } });
    expect(d.reach?.approvedImages?.accountIds).to.deep.equal([SANDBOX]);
    expect(d.reach?.packs).to.deep.equal({});
  });

  it("without any `targets`, the deployment carries no reach and the exclusions are as before", () => {
    const d = load([{ name: "data-protection-baseline" }]);
    expect(d.reach).to.equal(undefined);
    expect(excludedAccountsIn(d, "us-east-1")).to.deep.equal([VENDOR]);
  });
});
