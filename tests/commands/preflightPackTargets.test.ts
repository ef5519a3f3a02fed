/** Preflight for targeted packs: the accounts that move in or out since the last run (deployed ExcludedAccounts vs this run's). */
import { expect } from "chai";

import { buildPreflightReport, renderPreflight } from "../../commands/preflight";
import { packMoveLines, packMoves } from "../../commands/lib/preflightPackTargets";
import { observeOrganization, type Probes } from "../../commands/lib/preflightProbes";
import { silentProgress } from "../../commands/lib/progress";
import type { OrganizationSnapshot } from "../../config/discovery";
import { parseSettings, resolveDeployment } from "../../config/pipeline";
import { APP, LOG, MGMT, SEC, sources } from "../helpers/stackSources";

const WEB = "555555555555";
const SANDBOX = "777777777777";

const organization = (workloads: string[], sandbox: string[]): OrganizationSnapshot => ({
  accounts: [MGMT, SEC, LOG, APP, WEB, SANDBOX].map((id) => ({ id, name: `acct-${id.slice(0, 3)}`, status: "ACTIVE" })),
  organizationalUnits: ["ou-ab12-workloads1", "ou-ab12-sandbox01"],
  ouMembers: { "ou-ab12-workloads1": workloads, "ou-ab12-sandbox01": sandbox },
});
const load = (org: OrganizationSnapshot) =>
  resolveDeployment(
    parseSettings(
      sources(
        { packs: [{ name: "data-protection-baseline", targets: { ous: ["ou-ab12-workloads1"] } }, { name: "network-and-identity" }] },
        { discover: true },
      ),
    ),
    org,
  );

describe("preflight: targeted packs, accounts moving since the last run", () => {
  // The last run: APP and WEB in the workloads OU, so the pack excluded the rest.
  const lastRun = [MGMT, SEC, LOG, SANDBOX];

  it("names the account that moved into the targeted OU and the one that left it", () => {
    const now = load(organization([APP, SANDBOX], [WEB]));
    const moves = packMoves(now, { "data-protection-baseline": { ok: true, value: lastRun } });
    expect(moves).to.deep.equal([
      { pack: "data-protection-baseline", deployed: true, movedIn: [{ id: SANDBOX, name: "acct-777" }], movedOut: [{ id: WEB, name: "acct-555" }] },
    ]);
    expect(packMoveLines(moves)).to.deep.equal(["data-protection-baseline: moves in 777777777777 (acct-777); moves out 555555555555 (acct-555)"]);
  });

  it("says when nothing moved, when the pack is new, and when it could not be read", () => {
    const same = load(organization([APP, WEB], [SANDBOX]));
    expect(packMoveLines(packMoves(same, { "data-protection-baseline": { ok: true, value: lastRun } }))).to.deep.equal([
      "data-protection-baseline: no account moved in or out since the last run",
    ]);
    expect(packMoveLines(packMoves(same, { "data-protection-baseline": { ok: true, value: undefined } }))).to.deep.equal([
      "data-protection-baseline: not deployed yet: `pulumi up` creates it for its targets",
    ]);
    expect(
      packMoveLines(
        packMoves(same, {
          "data-protection-baseline": { ok: false, error: { name: "AccessDeniedException", message: "no config:DescribeOrganizationConformancePacks" } },
        }),
      ),
    ).to.deep.equal([
      "data-protection-baseline: UNKNOWN: could not read the deployed pack (AccessDeniedException: no config:DescribeOrganizationConformancePacks); the move since the last run is not known",
    ]);
  });

  it("reads only the targeted packs, in the security account's home region, and reports them", async () => {
    const now = load(organization([APP, SANDBOX], [WEB]));
    const asked: string[] = [];
    const probes: Probes = {
      assume: async () => undefined,
      regions: async () => ({ "us-east-1": "opt-in-not-required", "eu-west-1": "opt-in-not-required" }),
      roleExists: async () => true,
      configState: async () => ({ recorders: [], channels: [], status: [] }),
      trails: async () => [],
      guardDutyAdministrators: async () => [],
      guardDutyDetectors: async () => [],
      aggregatorExists: async () => true,
      packExclusions: async (target, region, name) => (asked.push(`${target.accountId} ${region} ${name}`), lastRun),
    };
    const report = buildPreflightReport(now, await observeOrganization(now, { concurrency: 2, progress: silentProgress, probes }), "accounts/test.yaml");
    expect(asked).to.deep.equal([`${SEC} us-east-1 data-protection-baseline`]);
    const text = renderPreflight(report, "table");
    expect(text).to.include("Targeted packs: accounts moving in or out since the last run");
    expect(text).to.include("data-protection-baseline: moves in 777777777777 (acct-777); moves out 555555555555 (acct-555)");
  });
});
