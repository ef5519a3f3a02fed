/**
 * A one-account pilot (issue 24 item 8): AWS registers only member accounts as delegated
 * administrators, so the management account cannot be the security account here. The message
 * says what the smallest pilot is, and the example it points at plans cleanly.
 */
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";
import * as YAML from "yaml";

import { parseSettings, resolveDeployment } from "../../config/pipeline";
import { normalizeConfigValues } from "../../config/sources";
import { expectOneProblem, MGMT, problemsOf, sources } from "../helpers/stackSources";

const ROOT = path.join(__dirname, "..", "..");
const PILOT = "The smallest pilot is two accounts: the management account and one member account as `securityAccountId` (the log archive defaults to it); examples/pilot/Pulumi.pilot.yaml and examples/pilot/pilot.yaml are a stack file and inventory to copy";

describe("config: the smallest pilot (issue 24)", () => {
  it("one account in every central role: says why AWS refuses it and what the smallest pilot is", () => {
    expectOneProblem(
      sources({ securityAccountId: MGMT, logArchiveAccountId: MGMT }, { accounts: [{ id: MGMT, name: "pilot" }] }),
      "stack config `aws-config-org:securityAccountId` equals `managementAccountId` (111111111111)",
      "AWS registers only a member account as one (Organizations RegisterDelegatedAdministrator)",
      PILOT,
    );
  });

  it("an inventory of one account: the missing security account is named once, with the smallest pilot", () => {
    const problems = problemsOf(sources({}, { accounts: [{ id: MGMT, name: "pilot" }] }));
    expect(problems.filter((p) => p.includes(PILOT)), problems.join("\n")).to.have.length(1);
    expect(problems.join("\n")).to.include("`aws-config-org:securityAccountId` is 222222222222, which is not in scope");
  });

  it("the example pilot (examples/pilot) is a valid stack of two accounts", () => {
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
    expect(d.accounts.map((a) => [a.id, a.functions])).to.deep.equal([
      ["111111111111", ["management"]],
      ["222222222222", ["security", "log-archive"]],
    ]);
  });
});
