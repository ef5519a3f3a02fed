/**
 * The one-account pilot (examples/pilot, issue 24 item 8) through the real program under Pulumi
 * mocks and through `plan`: the management account acts as the Config administrator, so nothing
 * is registered as delegated administrator (AWS registers only member accounts), and the
 * aggregator, organization packs, notifications and delivery bucket are made through the
 * management account's provider.
 */
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";
import * as YAML from "yaml";

import { main as planMain } from "../commands/plan";
import { PROJECT_ROOT } from "../config/sources";
import { providerAccounts, providerUrn, TYPES } from "../offline/planModel";
import { bufferIo } from "./commands/fixtures";
import { ofType, runProgram, type MockedResource, type TestRun } from "./helpers/program";

const EXAMPLE = path.join(PROJECT_ROOT, "examples", "pilot");
const MGMT = "111111111111";

/** The example's stack config, its inventory given by absolute path so no file is copied. */
function exampleConfig(): Record<string, unknown> {
  const file = YAML.parse(fs.readFileSync(path.join(EXAMPLE, "Pulumi.pilot.yaml"), "utf8")) as { config: Record<string, unknown> };
  return { ...file.config, "aws-config-org:accounts": path.join(EXAMPLE, "pilot.yaml") };
}

describe("the one-account pilot (examples/pilot) under mocks", () => {
  let run: TestRun;
  const accountOf = (r: MockedResource) => providerAccounts(run.resources).get(providerUrn(r.provider) ?? "");
  before(async () => {
    run = await runProgram("pilot", { configOnly: true, config: exampleConfig() });
  });

  it("registers no delegated administrator, and still turns on trusted access in the management account", () => {
    expect(ofType(run.resources, "aws:organizations/delegatedAdministrator:DelegatedAdministrator")).to.have.length(0);
    const trusted = ofType(run.resources, TYPES.trustedAccess);
    expect(trusted.map((t) => t.inputs.accountId)).to.deep.equal([MGMT]);
    expect(trusted[0]!.inputs.servicePrincipals).to.include.members(["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"]);
  });

  it("makes the aggregator, the organization packs, the topics and the delivery bucket through the management account's provider", () => {
    const aggregators = ofType(run.resources, "aws:cfg/configurationAggregator:ConfigurationAggregator");
    const packs = ofType(run.resources, TYPES.pack);
    const topics = ofType(run.resources, "aws:sns/topic:Topic");
    const buckets = ofType(run.resources, "aws:s3/bucket:Bucket");
    expect(aggregators).to.have.length(1);
    expect(packs.length).to.be.greaterThan(0);
    expect(topics.length).to.be.greaterThan(0);
    expect(buckets.length).to.be.greaterThan(0);
    for (const r of [...aggregators, ...packs, ...topics, ...buckets]) expect(accountOf(r), r.urn).to.equal(MGMT);
    // One provider per plugin: the management account's, for every central role.
    expect(ofType(run.resources, TYPES.awsProvider)).to.have.length(1);
  });

  it("has the aggregator and packs wait for trusted access, the step a registration would otherwise follow", () => {
    const trusted = ofType(run.resources, TYPES.trustedAccess)[0]!;
    for (const r of [...ofType(run.resources, "aws:cfg/configurationAggregator:ConfigurationAggregator"), ...ofType(run.resources, TYPES.pack)]) {
      expect(r.dependsOn, r.urn).to.include(trusted.urn);
    }
  });
});

describe("the one-account pilot (examples/pilot) through `plan`", () => {
  // `plan` reads Pulumi.<stack>.yaml at the project root: the example goes there under a stack
  // name of this run's own (never a user's file), its inventory named by absolute path.
  const stack = `pilot-test-${process.pid}`;
  const stackFile = path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`);
  before(() => {
    const text = fs.readFileSync(path.join(EXAMPLE, "Pulumi.pilot.yaml"), "utf8");
    fs.writeFileSync(stackFile, text.replace("aws-config-org:accounts: accounts/pilot.yaml", `aws-config-org:accounts: ${path.join(EXAMPLE, "pilot.yaml")}`));
  });
  after(() => fs.rmSync(stackFile, { force: true }));

  it("says the management account acts as the administrator and why, and passes the policy pack", async () => {
    const b = bufferIo();
    expect(await planMain(["--stack", stack], b.io), b.err() + b.out()).to.equal(0);
    const text = b.out().replace(/\n\s+/g, " ");
    expect(text).to.include(
      "The management account 111111111111 acts as the Config administrator (`securityAccountId` equals `managementAccountId`): it creates the aggregator and organization conformance packs itself, " +
        "and no delegated administrator is registered, because AWS registers only a member account as one (Organizations RegisterDelegatedAdministrator).",
    );
    expect(text).to.include("111111111111 (management, security, log-archive):");
    expect(text).to.not.include("DelegatedAdministrator ");
    expect(text).to.not.include("delegatedAdministrator:DelegatedAdministrator");
    expect(b.out().trimEnd()).to.match(/Policy pack: PASS[^\n]*$/);
  });
});
