import * as fs from "fs";

import { expect } from "chai";

import { main as planMain, plan, renderPlan } from "../../commands/plan";
import { main as policyConfigMain, policyConfigPath, policyConfigText, projectStacks } from "../../commands/policyConfig";
import { bufferIo } from "./fixtures";
import { cellMark, longestLine, PLAN_WIDTH } from "../../commands/lib/planMatrix";
import { buildPlanModel } from "../../offline/planModel";
import { buildDetectionPlan } from "../../offline/detectionPlan";
import { policyVerdict } from "../../offline/policyVerdict";
import { syntheticOrganization } from "../../offline/syntheticOrganization";
import { runProgram } from "../helpers/program";
import { ConfigError } from "../../config/errors";

describe("offline plan", () => {
  it("prints the dev matrix, central resources, packs and the policy verdict", async () => {
    const p = await plan({ stack: "dev" });
    const text = renderPlan(p);
    expect(p.accounts.map((a) => a.id)).to.deep.equal(["111111111111", "222222222222", "333333333333"]);
    expect(p.accounts[2]!.cells["us-east-1"]).to.deep.equal({ recorderName: "default", globalTypes: true, frequency: "DAILY", remediations: 10 });
    expect(p.accounts[2]!.cells["eu-west-1"]).to.deep.equal({ recorderName: "default", globalTypes: false, frequency: "DAILY", remediations: 10 });
    expect(text).to.include("inventory (the list is the whole scope)");
    expect(renderPlan(p, { wide: true })).to.include("default daily +global +rem 10");
    expect(text).to.include("│ Dd ");
    // One remediation pack per place, each holding the account's remediated rules.
    expect(p.counts.remediationPacks).to.equal(6);
    expect(text).to.include("Remediation packs: 6");
    expect(text).to.match(/111111111111 \(management\):\n\s+2 × aws:organizations\/delegatedAdministrator:DelegatedAdministrator/);
    // Both counts (issue 24): the 9-rule pack keeps 1 rule in the organization pack, its 8 remediated rules are in the account packs.
    expect(text.replace(/\n {4,}/g, " ")).to.include(
      "us-east-1: data-protection-baseline 1 organization-pack rules + 8 remediated in the account packs, network-and-identity 2 organization-pack rules + 2 remediated in the account packs",
    );
    expect(p.packRules["us-east-1"]!.map((d) => [d.name, d.rules, d.accountPackRules])).to.deep.equal([
      ["data-protection-baseline", 1, 8],
      ["network-and-identity", 2, 2],
    ]);
    expect(p.counts.recorders).to.equal(6);
    expect(p.policy.mandatoryViolations, JSON.stringify(p.policy.violations)).to.equal(0);
    expect(text).to.include("Policy pack: PASS");
  });

  it("says plainly that a discovering stack's accounts come from a fixture, and shows exclusions and adoptions", async () => {
    const p = await plan({ stack: "prod" });
    const text = renderPlan(p);
    expect(text.replace(/\n\s+/g, " ")).to.match(/Accounts from: FIXTURE .*prod-organization\.json \(offline: the live organization was not asked\)/);
    expect(text).to.include("500000000010 vendor-managed-sap: Managed by the SAP vendor");
    expect(text).to.include("500000000004 payments-prod: adopts `payments-config-recorder` in every region");
    expect(p.accounts.map((a) => a.id)).to.not.include("500000000011"); // SUSPENDED in the fixture
    expect(p.accounts.find((a) => a.id === "500000000007")!.profile).to.equal("lean"); // by OU
    expect(p.accounts.find((a) => a.id === "500000000009")!.cells["eu-central-1"]).to.equal(null); // account region subset
    expect(p.policy.mandatoryViolations, JSON.stringify(p.policy.violations)).to.equal(0);
    expect(JSON.parse(JSON.stringify(p))).to.have.keys([
      "stack",
      "homeRegion",
      "regions",
      "organizationSource",
      "shard",
      "ownsCentral",
      "accounts",
      "excluded",
      "central",
      "packsByRegion",
      "packRules",
      "counts",
      "policy",
      "shards",
      "templateAdvice",
      "detection",
    ]);
  });

  it("stops on bad config with every problem named, before running the program", async () => {
    try {
      await plan({ stack: "dev", configOverrides: { "aws-config-org:homeRegion": "eu-central-1", "aws-config-org:regions": ["us-east-1", "mars-1"] } });
      expect.fail("plan accepted bad config");
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      expect((e as ConfigError).problems.join("\n"))
        .to.include("`mars-1`")
        .and.include("`aws-config-org:homeRegion`");
    }
  });

  it("refuses a discovering stack without an organization fixture, saying where to put one", async () => {
    try {
      await plan({ stack: "prod", organizationFixture: "/nonexistent/org.json" });
      expect.fail("plan ran without a fixture");
    } catch (e) {
      expect((e as Error).message).to.include("`--organization /nonexistent/org.json`: the file does not exist");
    }
  });
});

describe("policy pack config files", () => {
  for (const stack of projectStacks()) {
    it(`policies/config/${stack}.json is current with the stack's config`, async () => {
      const file = policyConfigPath(stack);
      expect(fs.existsSync(file), `${file} exists (npm run policy-config)`).to.equal(true);
      expect(fs.readFileSync(file, "utf8")).to.equal(await policyConfigText(stack));
    });
  }
});

describe("plan and policy-config entry points", () => {
  it("prints the plan as JSON and exits 0 when the pack passes", async () => {
    const b = bufferIo();
    expect(await planMain(["--stack", "dev", "--json"], b.io), b.err()).to.equal(0);
    expect(JSON.parse(b.out()).counts.recorders).to.equal(6);
  });

  it("exits 2 on a stack that does not exist, saying how to create it, and on bad usage", async () => {
    const missing = bufferIo();
    expect(await planMain(["--stack", "nope"], missing.io)).to.equal(2);
    expect(missing.err()).to.include("there is no Pulumi.nope.yaml").and.include("npx pulumi stack init nope").and.not.include("    at ");
    const usage = bufferIo();
    expect(await planMain([], usage.io)).to.equal(2);
    expect(usage.err()).to.include("--stack");
  });

  it("lists the stacks that exist for an unknown --stack, and reports a misspelt option as unknown with a suggestion", async () => {
    const missing = bufferIo();
    expect(await planMain(["--stack", "doesnotexist"], missing.io)).to.equal(2);
    expect(missing.err()).to.include("the stacks are `dev`, `prod`");
    const typo = bufferIo();
    expect(await planMain(["--stak", "dev"], typo.io)).to.equal(2);
    expect(typo.err()).to.include("unknown option '--stak'").and.include("Did you mean --stack?").and.not.include("required option");
  });

  it("policy-config --check exits 0 when the committed files are current", async () => {
    const b = bufferIo();
    expect(await policyConfigMain(["--check"], b.io), b.err()).to.equal(0);
    expect(b.out()).to.equal("");
  });
});

describe("the plan fits a terminal (issue 15)", () => {
  it("prints 10 accounts × 17 regions within 120 columns, and --wide spells every cell out", async function () {
    this.timeout(60_000);
    const org = syntheticOrganization(12, 17);
    try {
      const run = await runProgram("synthetic", { config: org.config, configOnly: true });
      expect(run.deployment.accounts.length).to.be.at.least(10);
      expect(run.deployment.regions).to.have.length(17);
      const model = buildPlanModel(run.deployment, run.resources, "synthetic organization");
      const shards = {
        organizationId: run.deployment.organizationId,
        stacks: [{ stack: "synthetic", shard: "the whole organization", ownsCentral: true, accounts: model.accounts.length }],
        unassigned: [],
        duplicated: [],
        centralOwnership: [],
        warnings: [],
        ok: true,
      };
      const p = { ...model, policy: policyVerdict(run.deployment, run.resources), shards, templateAdvice: [], detection: buildDetectionPlan(run.resources) };
      const text = renderPlan(p);
      expect(
        longestLine(text),
        text.split("\n").find((l) => [...l].length > PLAN_WIDTH),
      ).to.be.at.most(PLAN_WIDTH);
      // One mark per region, in order: the management account records global types in the home region only.
      const management = model.accounts[0]!;
      const marks = model.regions.map((r) => cellMark(management.cells[r])).join("");
      expect(text).to.include(marks);
      expect(marks).to.have.length(17);
      expect(marks.replace(/[^A-Z]/g, "")).to.have.length(1);
      const adopter = model.accounts.find((a) => Object.values(a.cells).some((c) => c?.adopt));
      expect(text).to.include(`${adopter!.id} ${adopter!.name}: adopts \`legacy-recorder\` in every region`);
      const wide = renderPlan(p, { wide: true });
      expect(longestLine(wide)).to.be.greaterThan(PLAN_WIDTH);
      expect(wide).to.include("adopt legacy-recorder");
    } finally {
      org.cleanup();
    }
  });
});

describe("the plan's detection layer (issue 16)", () => {
  const DETECTION = {
    "aws-config-org:organizationTrail": {
      enabled: true,
      kms: true,
      cloudWatchLogs: { retentionDays: 365 },
      dataEvents: [{ resourceType: "AWS::S3::Object", readOnly: false }],
    },
    "aws-config-org:roleAlarms": [{ roleName: "elevated-security-role" }],
    "aws-config-org:guardDuty": { enabled: true },
    // prod's subscriptions list their events: one of them asks for findings and role alarms too.
    "aws-config-org:notifications": {
      subscriptions: [{ protocol: "email", endpoint: "cloud-security@example.com", events: ["non-compliant", "guardduty-finding", "role-alarm"] }],
    },
  };

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: with the three keys on, shows the trail, its bucket, the alarm and GuardDuty per region, and the policy pack passes`, async function () {
      this.timeout(60_000);
      const p = await plan({ stack, configOverrides: DETECTION });
      const text = renderPlan(p);
      expect(p.policy.violations, JSON.stringify(p.policy.violations)).to.deep.equal([]);
      expect(p.detection.trails).to.have.length(1);
      const trail = p.detection.trails[0]!;
      expect(trail).to.deep.include({
        name: "aws-config-org-organization-trail",
        region: p.homeRegion,
        organization: true,
        multiRegion: true,
        logFileValidation: true,
        kms: true,
        dataEvents: ["AWS::S3::Object (write)"],
      });
      expect(trail.bucketAccountId).to.be.a("string").and.not.equal(trail.accountId);
      expect(text).to.include("Detection layer (beside Config):").and.include("organization trail `aws-config-org-organization-trail`");
      expect(text).to.include(
        `alarm \`aws-config-org-role-assumed-elevated-security-role\` in ${trail.accountId} ${p.homeRegion} → aws-config-org-role-alarms`,
      );
      expect(text.replace(/\s+/g, " ")).to.include(
        `each use: subscription \`aws-config-org-role-use-notifier\` on ${trail.logGroup} in ${trail.accountId} ${p.homeRegion} → function aws-config-org-role-use-notifier → a message per event`,
      );
      const guardDuty = text.slice(text.indexOf("GuardDuty by region"));
      for (const region of p.regions) expect(guardDuty).to.include(`  ${region}:`);
      expect(guardDuty).to.include("OrganizationAdminAccount").and.include("OrganizationConfiguration").and.include("EventRule");
    });
  }

  it("off (the default): no detection section", async function () {
    this.timeout(60_000);
    const p = await plan({ stack: "dev" });
    expect(p.detection).to.deep.equal({ trails: [], alarms: [], subscriptions: [] });
    expect(renderPlan(p)).to.not.include("Detection layer");
  });
});

describe("every exit 1 of the plan says why in the text (issue 24)", () => {
  const run = async (stack: string, configOverrides: Record<string, unknown>) => {
    const b = bufferIo();
    const rc = await planMain(["--stack", stack, "--no-progress"], b.io, { configOverrides });
    return { rc, text: b.out().replace(/\n\s+/g, " ") };
  };

  it("`ownsCentral: false` on the only stack: exit 1, the missing central owner printed, never `only stack`", async function () {
    this.timeout(60_000);
    const { rc, text } = await run("dev", { "aws-config-org:ownsCentral": false });
    expect(rc).to.equal(1);
    expect(text).to.include("Shards of organization o-dev1a2b3c4d: FAIL: 1 problem(s), the plan exits 1");
    expect(text).to.include("no stack owns the central component: set `ownsCentral: true` in exactly one stack's config (stacks: dev)");
    expect(text).to.not.include("is the only stack of organization");
    expect(text).to.include('The plan fails (exit 1): the shards have 1 problem(s), listed under "Shards".');
  });

  it("a hash shard 1 of 2 with no second stack: exit 1, the accounts no stack takes and the missing owner printed", async function () {
    this.timeout(60_000);
    const { rc, text } = await run("dev", { "aws-config-org:shard": { index: 1, count: 2 } });
    expect(rc).to.equal(1);
    expect(text).to.include("shard: hash shard 1 of 2").and.not.include('{"kind"');
    expect(text).to.match(
      /taken by no stack: \d+ account\(s\), [0-9, ]+: `dev` is the only stack: add the stack\(s\) for the other shards, or remove `aws-config-org:shard`/,
    );
    expect(text).to.include("no stack owns the central component");
    expect(text).to.include("The plan fails (exit 1): the shards have 2 problem(s)");
  });

  it("a shard that does not own the central component is not told to declare the tamper-protection SCP (the owner does)", async function () {
    this.timeout(60_000);
    const { text } = await run("prod", { "aws-config-org:shard": { index: 1, count: 2 } });
    expect(text).to.not.include("No tamper-protection SCP is declared");
  });
});
