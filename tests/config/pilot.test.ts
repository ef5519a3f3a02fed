/**
 * A one-account pilot (issue 24 item 8): with `securityAccountId` equal to `managementAccountId`
 * the management account runs the organization layer itself (AWS registers only member accounts
 * as delegated administrators, and lets the management account create the organization aggregator
 * and organization packs). The stack is accepted, the refusal of a smaller one points at it, and
 * the example (examples/pilot) resolves to one account in every central role.
 */
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";
import * as YAML from "yaml";

import { managementActsAsAdministrator } from "../../config/centralRoles";
import { parseSettings, resolveDeployment } from "../../config/pipeline";
import { normalizeConfigValues } from "../../config/sources";
import { MGMT, problemsOf, SEC, sources } from "../helpers/stackSources";

const ROOT = path.join(__dirname, "..", "..");
const PILOT =
  "The smallest pilot is one account: set `securityAccountId` to `managementAccountId` (the log archive defaults to it) and the management account runs the organization layer itself; examples/pilot/Pulumi.pilot.yaml and examples/pilot/pilot.yaml are a stack file and inventory to copy";

describe("config: the one-account pilot (issue 24)", () => {
  it("accepts one account in every central role, with the management account acting as administrator", () => {
    const src = sources({ securityAccountId: MGMT, logArchiveAccountId: undefined }, { accounts: [{ id: MGMT, name: "pilot" }] });
    expect(problemsOf(src)).to.deep.equal([]);
    const d = resolveDeployment(parseSettings(src));
    expect([d.managementAccountId, d.securityAccountId, d.logArchiveAccountId]).to.deep.equal([MGMT, MGMT, MGMT]);
    expect(d.accounts.map((a) => [a.id, a.functions])).to.deep.equal([[MGMT, ["management", "security", "log-archive"]]]);
    expect(managementActsAsAdministrator(d)).to.equal(true);
  });

  it("a member security account keeps the delegated administrator", () => {
    const d = resolveDeployment(parseSettings(sources({ logArchiveAccountId: undefined }, { accounts: [{ id: MGMT }, { id: SEC }] })));
    expect(managementActsAsAdministrator(d)).to.equal(false);
  });

  it("an inventory of one account with a member security account: the missing security account is named once, with the one-account pilot", () => {
    const problems = problemsOf(sources({}, { accounts: [{ id: MGMT, name: "pilot" }] }));
    expect(
      problems.filter((p) => p.includes(PILOT)),
      problems.join("\n"),
    ).to.have.length(1);
    expect(problems.join("\n")).to.include("`aws-config-org:securityAccountId` is 222222222222, which is not in scope");
  });

  it("still refuses a management account left out of scope, as the central accounts must be in scope", () => {
    const problems = problemsOf(sources({ securityAccountId: SEC, logArchiveAccountId: undefined }, { accounts: [{ id: SEC, name: "sec" }] }));
    expect(problems.join("\n")).to.include("`aws-config-org:managementAccountId` is 111111111111, which is not in scope");
  });

  it("the example pilot (examples/pilot) is a valid stack of one account in every central role", () => {
    const file = YAML.parse(fs.readFileSync(path.join(ROOT, "examples/pilot/Pulumi.pilot.yaml"), "utf8")) as { config: Record<string, unknown> };
    const config = normalizeConfigValues(file.config, "aws-config-org");
    const d = resolveDeployment(
      parseSettings({
        project: "aws-config-org",
        stack: "pilot",
        config,
        inventory: { path: config.accounts as string, text: fs.readFileSync(path.join(ROOT, "examples/pilot/pilot.yaml"), "utf8") },
      }),
    );
    expect(d.accounts.map((a) => [a.id, a.functions])).to.deep.equal([["111111111111", ["management", "security", "log-archive"]]]);
  });
});
