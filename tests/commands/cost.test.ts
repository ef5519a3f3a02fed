import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigServiceClient, SelectAggregateResourceConfigCommand } from "@aws-sdk/client-config-service";

import { estimateCost, liveResourceCounts, LIVE_COUNTS_QUERY, main, renderCost } from "../../commands/cost";
import { parseCostInput, readCostInput, type CostAssumptions, type ResourceCounts, type RuleCostSpec } from "../../commands/lib/costInput";
import { recordingOf } from "../../commands/lib/costModel";
import { mergeRules, packCostRules } from "../../commands/lib/packRules";
import { silentProgress } from "../../commands/lib/progress";
import { BUILTIN_PROFILES } from "../../config/profiles";
import { loadPrices, tieredCharges, validatePrices } from "../../pricing/prices";
import { mockConfigService, type ConfigServiceMock } from "./configMock";
import { account, bufferIo, deployment, EU_WEST_1, SANDBOX, WORKLOAD } from "./fixtures";
import type { GovernedRegion } from "../../config/domain";
import { managedRuleCatalog } from "../../packs/catalog/managedRuleCatalog";
import { readTemplatePack } from "../../packs/templates";

const prices = loadPrices();

/** Two accounts: payments-prod on `complete`, sandbox-alice on `lean`; global types in eu-west-1. */
const twoAccounts = deployment([account(WORKLOAD, "payments-prod"), account(SANDBOX, "sandbox-alice", { profile: BUILTIN_PROFILES.lean! })]);

const counts: ResourceCounts = {
  [WORKLOAD]: {
    "eu-west-1": { "AWS::EC2::Instance": 100, "AWS::EC2::NetworkInterface": 200, "AWS::S3::Bucket": 50 },
    "us-east-1": { "AWS::S3::Bucket": 10 },
    global: { "AWS::IAM::Role": 40 },
  },
  [SANDBOX]: {
    "eu-west-1": { "AWS::EC2::Instance": 20, "AWS::EC2::NetworkInterface": 100, "AWS::S3::Bucket": 5 },
    global: { "AWS::IAM::Role": 10 },
  },
};

const rules: RuleCostSpec[] = [
  { name: "s3-bucket-versioning-enabled", billing: "conformancePack", resourceTypes: ["AWS::S3::Bucket"], onChange: true, source: "test" },
  { name: "iam-root-access-key-check", billing: "conformancePack", resourceTypes: [], onChange: false, periodic: "TwentyFour_Hours", source: "test" },
  { name: "ec2-instance-managed-by-systems-manager", billing: "rule", resourceTypes: ["AWS::EC2::Instance"], onChange: true, source: "test" },
];

const assumptions: CostAssumptions = {
  daysPerMonth: 30,
  changesPerResourceMonth: { default: 2, "AWS::EC2::NetworkInterface": 60, "AWS::EC2::Instance": 40 },
  rules,
};

describe("cost: prices and tiers", () => {
  it("the price file validates and carries its source, date and caveats", () => {
    expect(prices.configurationItem).to.deep.equal({ continuous: 0.003, daily: 0.012 });
    expect(prices.retrieved).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(prices.sources.length).to.be.greaterThan(0);
    expect(prices.caveats.join(" ")).to.contain("$0.0005");
  });

  it("rejects a price file whose tiers are out of order, naming the key", () => {
    const broken = JSON.parse(fs.readFileSync(path.join(__dirname, "../../pricing/aws-config-prices.json"), "utf8"));
    broken.evaluationTiers.rule[1].upTo = 50000;
    expect(() => validatePrices(broken, "prices.json")).to.throw(/evaluationTiers\.rule\[1\]\.upTo/);
  });

  it("applies the three tiers: 620,000 evaluations = $100 + $320 + $60", () => {
    const charges = tieredCharges(620_000, prices.evaluationTiers.conformancePack);
    expect(charges.map((c) => c.evaluations)).to.deep.equal([100_000, 400_000, 120_000]);
    expect(charges.map((c) => c.from)).to.deep.equal([1, 100_001, 500_001]);
    expect(charges.reduce((s, c) => s + c.cost, 0)).to.be.closeTo(480, 1e-9);
  });

  it("matches the facts file's example: 2.04M evaluations in one Region cost $1,190", () => {
    const total = tieredCharges(2_040_000, prices.evaluationTiers.rule).reduce((s, c) => s + c.cost, 0);
    expect(total).to.be.closeTo(1190, 1e-9);
  });

  it("stops at the first tier when evaluations are few", () => {
    expect(tieredCharges(0, prices.evaluationTiers.rule)).to.deep.equal([]);
    expect(tieredCharges(100_000, prices.evaluationTiers.rule)).to.have.length(1);
  });
});

describe("cost: recording decisions", () => {
  it("records global IAM types only in the global-types region", () => {
    expect(recordingOf(BUILTIN_PROFILES.complete!, "AWS::IAM::Role", false).recorded).to.equal(false);
    expect(recordingOf(BUILTIN_PROFILES.complete!, "AWS::IAM::Role", true)).to.deep.equal({ recorded: true, frequency: "CONTINUOUS" });
    // AWS would record it in every region: the stack excludes it outside the global-types region, and the bill follows.
    expect(recordingOf(BUILTIN_PROFILES.complete!, "AWS::RDS::GlobalCluster", false).recorded).to.equal(false);
    expect(recordingOf(BUILTIN_PROFILES.complete!, "AWS::RDS::GlobalCluster", true).recorded).to.equal(true);
  });

  it("follows the lean profile: exclusions, DAILY default, CONTINUOUS override", () => {
    const lean = BUILTIN_PROFILES.lean!;
    expect(recordingOf(lean, "AWS::EC2::NetworkInterface", true)).to.deep.include({ recorded: false });
    expect(recordingOf(lean, "AWS::EC2::Instance", true)).to.deep.equal({ recorded: true, frequency: "DAILY" });
    expect(recordingOf(lean, "AWS::S3::Bucket", true)).to.deep.equal({ recorded: true, frequency: "CONTINUOUS" });
  });
});

describe("cost: the estimate against a hand-computed example", () => {
  const estimate = estimateCost({ deployment: twoAccounts, counts, countsSource: "test", assumptions, rules, prices, compareProfile: "lean" });
  const [configured, lean] = estimate.scenarios;
  const place = (s: typeof configured, id: string, region: string) => s!.places.find((p) => p.accountId === id && p.region === region)!;

  it("counts configuration items per place", () => {
    // payments-prod eu-west-1, complete: 100×40 + 200×60 + 50×2 + 40 roles×2 = 16,180 continuous CIs.
    const p = place(configured, WORKLOAD, "eu-west-1");
    expect(p.continuousItems).to.equal(16_180);
    expect(p.dailyItems).to.equal(0);
    expect(p.itemCost).to.be.closeTo(48.54, 1e-9);
    // sandbox-alice eu-west-1, lean: instances DAILY 20×min(40,30)=600; ENIs excluded; buckets 5×2 and roles 10×2 continuous.
    const s = place(configured, SANDBOX, "eu-west-1");
    expect(s.dailyItems).to.equal(600);
    expect(s.continuousItems).to.equal(30);
    expect(s.itemCost).to.be.closeTo(7.29, 1e-9);
  });

  it("counts evaluations: change-triggered per CI, periodic per run and Region", () => {
    const p = place(configured, WORKLOAD, "eu-west-1");
    expect(p.ruleEvaluations).to.equal(4_000);
    expect(p.packEvaluations).to.equal(100 + 30);
    // A place without resources still runs the periodic account-level rule every day.
    expect(place(configured, SANDBOX, "us-east-1").packEvaluations).to.equal(30);
  });

  it("prices evaluations per Region and shares them back by evaluations", () => {
    const eu = configured!.regions.find((r) => r.region === "eu-west-1")!;
    expect(eu.ruleEvaluations).to.equal(4_600);
    expect(eu.ruleCost).to.be.closeTo(4.6, 1e-9);
    expect(eu.packEvaluations).to.equal(170);
    // 4.60 × 4000/4600 + 0.17 × 130/170 = 4.00 + 0.13
    expect(place(configured, WORKLOAD, "eu-west-1").evaluationCost).to.be.closeTo(4.13, 1e-9);
    expect(place(configured, WORKLOAD, "eu-west-1").total).to.be.closeTo(52.67, 1e-9);
  });

  it("adds up to $60.74 as configured", () => {
    expect(configured!.totals).to.deep.include({ continuousItems: 16_230, dailyItems: 600, ruleEvaluations: 4_600, packEvaluations: 250 });
    expect(configured!.totals.continuousCost).to.be.closeTo(48.69, 1e-9);
    expect(configured!.totals.dailyCost).to.be.closeTo(7.2, 1e-9);
    expect(configured!.totals.total).to.be.closeTo(60.74, 1e-9);
  });

  it("compares with every account on lean: $47.74, saving $13.00", () => {
    expect(lean!.profileOverride).to.equal("lean");
    expect(lean!.totals).to.deep.include({ continuousItems: 230, dailyItems: 3_600, ruleEvaluations: 3_600 });
    expect(lean!.totals.total).to.be.closeTo(47.74, 1e-9);
    expect(configured!.totals.total - lean!.totals.total).to.be.closeTo(13, 1e-9);
  });

  it("summarises by profile and by type", () => {
    expect(configured!.byProfile.map((p) => [p.profile, p.places])).to.deep.equal([
      ["complete", 2],
      ["lean", 2],
    ]);
    const eni = configured!.byType.find((t) => t.resourceType === "AWS::EC2::NetworkInterface")!;
    expect(eni).to.deep.include({ resources: 300, notRecorded: 100, continuousItems: 12_000, dailyItems: 0 });
    expect(configured!.byRule.map((r) => [r.name, r.evaluations])).to.deep.equal([
      ["s3-bucket-versioning-enabled", 130],
      ["iam-root-access-key-check", 120],
      ["ec2-instance-managed-by-systems-manager", 4_600],
    ]);
  });

  it("adds one initial CI per recorded resource in the first month", () => {
    const first = estimateCost({ deployment: twoAccounts, counts, countsSource: "test", assumptions, rules, prices, firstMonth: true });
    // 16,180 + 100 + 200 + 50 + 40 resources recorded at payments-prod eu-west-1
    expect(first.scenarios[0]!.places.find((p) => p.accountId === WORKLOAD && p.region === "eu-west-1")!.continuousItems).to.equal(16_570);
  });

  it("notes counts it cannot place and places without counts", () => {
    const withStray = estimateCost({
      deployment: twoAccounts,
      counts: {
        ...counts,
        "999999999999": { "eu-west-1": { "AWS::S3::Bucket": 1 } },
        [WORKLOAD]: { ...counts[WORKLOAD], "ap-south-1": { "AWS::S3::Bucket": 1 } },
      },
      countsSource: "test",
      assumptions,
      rules,
      prices,
    });
    expect(withStray.notes.join("\n")).to.contain("999999999999 ignored: excluded (closing in Q3)");
    expect(withStray.notes.join("\n")).to.contain("ap-south-1 ignored");
    expect(withStray.notes.join("\n")).to.contain("no resource counts for 1 place(s)");
  });

  it("says GuardDuty is not priced, naming the plans on, never leaving it out silently", () => {
    expect(estimate.notes.join("\n")).to.not.contain("GuardDuty");
    const withGuardDuty = {
      ...twoAccounts,
      guardDuty: { features: ["RUNTIME_MONITORING", "AI_PROTECTION"] as const, agentManagement: [], minimumSeverity: 7 },
    };
    const notes = estimateCost({ deployment: withGuardDuty, counts, countsSource: "test", assumptions, rules, prices }).notes.join("\n");
    expect(notes).to.contain("GuardDuty is on (plans on: RUNTIME_MONITORING, AI_PROTECTION) and is not in this estimate");
  });

  it("renders the arithmetic, the comparison and the caveats", () => {
    const text = renderCost(estimate, "table");
    expect(text).to.contain("Total as configured: $60.74 per month; every account on lean: $47.74 (saves $13.00");
    expect(text).to.contain("CIs recorded continuously");
    expect(text).to.contain("16,230");
    expect(text).to.contain("eu-west-1 rule evaluations 1–100,000");
    expect(text).to.contain("Caveats");
    const csv = renderCost(estimate, "csv").trim().split("\n");
    expect(csv[0]).to.equal(
      "account_id,account_name,region,profile,continuous_cis,daily_cis,ci_cost,rule_evaluations,pack_evaluations,evaluation_cost,total,lean_total,saving",
    );
    expect(csv[1]).to.equal(`${WORKLOAD},payments-prod,eu-west-1,complete,16180,0,48.54,4000,130,4.13,52.67,39.67,13.00`);
    expect(JSON.parse(renderCost(estimate, "json")).scenarios[1].totals.total).to.be.closeTo(47.74, 1e-9);
    expect(renderCost(estimate, "markdown")).to.contain("| Account | Region | Profile |");
  });
});

describe("cost: rules from the stack's packs", () => {
  it("reads scope, triggers and frequency from the pack library", () => {
    const withPack = deployment(twoAccounts.accounts, { packs: [{ name: "network-and-identity", parameters: {}, remediation: {} }] });
    const { rules: fromPacks, problems } = packCostRules(withPack);
    expect(problems).to.deep.equal([]);
    const ssh = fromPacks.find((r) => r.name === "restricted-ssh")!;
    expect(ssh).to.deep.include({ billing: "conformancePack", onChange: true, periodic: "TwentyFour_Hours", source: "pack network-and-identity" });
    expect(ssh.resourceTypes).to.include("AWS::EC2::SecurityGroup");
    expect(fromPacks.find((r) => r.name === "iam-root-access-key-check")).to.deep.include({ onChange: false, periodic: "TwentyFour_Hours", resourceTypes: [] });
  });

  it("counts a rule only in the Regions it is deployed to: not where AWS does not offer it (built-in and template packs alike)", () => {
    const mexico: GovernedRegion = { name: "mx-central-1", optIn: false, supportsGlobalIamTypes: false };
    const inBoth = account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1, mexico] });
    const template = readTemplatePack({
      name: "limited",
      file: "region-limited.yaml",
      text: fs.readFileSync(path.join(__dirname, "../fixtures/templates/region-limited.yaml"), "utf8"),
      governedRegions: ["eu-west-1", "mx-central-1"],
      catalog: managedRuleCatalog(),
    });
    if ("problems" in template) throw new Error(template.problems.join("\n"));
    const stack = deployment([inBoth], {
      regions: [EU_WEST_1, mexico],
      packs: [{ name: "data-protection-baseline", parameters: {}, remediation: {} }],
      templatePacks: [{ kind: "template", name: "limited", file: "region-limited.yaml", pack: template.pack }],
    });
    const { rules: fromPacks } = packCostRules(stack);
    // AWS does not offer SNS_ENCRYPTED_KMS in Mexico (Central): the built-in pack's rule (remediated: in the
    // account pack) and the template's are both left out there.
    const sns = fromPacks.filter((r) => r.name === "sns-encrypted-kms");
    expect(sns.map((r) => [r.source, r.leftOutIn])).to.deep.equal([
      ["pack data-protection-baseline", ["mx-central-1"]],
      ["pack limited (region-limited.yaml)", ["mx-central-1"]],
    ]);
    const topics: ResourceCounts = { [WORKLOAD]: { "eu-west-1": { "AWS::SNS::Topic": 10 }, "mx-central-1": { "AWS::SNS::Topic": 10 } } };
    const estimate = estimateCost({ deployment: stack, counts: topics, countsSource: "test", assumptions: { ...assumptions, rules: [] }, rules: sns, prices });
    const places = estimate.scenarios[0]!.places;
    const packEvaluations = (region: string) => places.find((p) => p.region === region)!.packEvaluations;
    expect(packEvaluations("eu-west-1")).to.be.greaterThan(0);
    expect(packEvaluations("mx-central-1")).to.equal(0);
  });

  it("lets the assumptions file replace a pack rule and add standalone rules", () => {
    const fromPacks: RuleCostSpec[] = [
      { name: "restricted-ssh", billing: "conformancePack", resourceTypes: ["AWS::EC2::SecurityGroup"], onChange: true, source: "pack p" },
    ];
    const fromFile: RuleCostSpec[] = [
      {
        name: "restricted-ssh",
        billing: "conformancePack",
        resourceTypes: ["AWS::EC2::SecurityGroup"],
        onChange: true,
        periodic: "One_Hour",
        source: "assumptions",
      },
      rules[2]!,
    ];
    expect(mergeRules(fromPacks, fromFile).map((r) => [r.name, r.source])).to.deep.equal([
      ["restricted-ssh", "assumptions"],
      ["ec2-instance-managed-by-systems-manager", "test"],
    ]);
  });
});

describe("cost: input files", () => {
  it("keeps the shipped example valid (pricing/counts.example.yaml)", () => {
    const example = readCostInput(path.join(__dirname, "../../pricing/counts.example.yaml"));
    expect(Object.keys(example.counts!)).to.have.length(3);
    expect(example.assumptions!.changesPerResourceMonth["AWS::EC2::NetworkInterface"]).to.equal(60);
    expect(example.assumptions!.rules.map((r) => r.billing)).to.deep.equal(["rule"]);
  });

  it("parses counts and assumptions, rejecting bad keys with their path", () => {
    const ok = parseCostInput(
      {
        counts: { [WORKLOAD]: { global: { "AWS::IAM::Role": 3 } } },
        assumptions: {
          changesPerResourceMonth: 5,
          rules: [{ name: "r", billing: "rule", resourceTypes: ["AWS::S3::Bucket"], onChange: false, periodic: "Six_Hours" }],
        },
      },
      "c.yaml",
    );
    expect(ok.assumptions!.changesPerResourceMonth.default).to.equal(5);
    expect(ok.assumptions!.rules[0]).to.deep.equal({
      name: "r",
      billing: "rule",
      resourceTypes: ["AWS::S3::Bucket"],
      onChange: false,
      periodic: "Six_Hours",
      source: "assumptions",
    });
    expect(() =>
      parseCostInput({ counts: { "12345": { "eu-west-1": { "S3 bucket": 3, "AWS::S3::Bucket": -1 } } }, assumptions: { rules: [{ name: "x" }] } }, "c.yaml"),
    ).to.throw(/counts\.12345.*12 digits[\s\S]*S3 bucket[\s\S]*AWS::S3::Bucket` must be a number[\s\S]*neither `resourceTypes` nor `periodic`/);
  });
});

describe("cost: live counts through the aggregator", () => {
  let config: ConfigServiceMock;
  before(() => (config = mockConfigService()));
  after(() => config.restore());

  it("pages through the GROUP BY query and builds counts", async () => {
    config
      .on(SelectAggregateResourceConfigCommand, { NextToken: undefined })
      .resolves({
        Results: [
          JSON.stringify({ accountId: WORKLOAD, awsRegion: "eu-west-1", resourceType: "AWS::S3::Bucket", "COUNT(*)": 12 }),
          JSON.stringify({ accountId: WORKLOAD, awsRegion: "global", resourceType: "AWS::IAM::Role", "COUNT(*)": 7 }),
        ],
        NextToken: "page-2",
      })
      .on(SelectAggregateResourceConfigCommand, { NextToken: "page-2" })
      .resolves({ Results: [JSON.stringify({ accountId: SANDBOX, awsRegion: "us-east-1", resourceType: "AWS::EC2::Instance", "COUNT(*)": 3 })] });
    const live = await liveResourceCounts({ client: new ConfigServiceClient({ region: "eu-west-1" }), aggregatorName: "aws-config-org" }, silentProgress);
    expect(live).to.deep.equal({
      [WORKLOAD]: { "eu-west-1": { "AWS::S3::Bucket": 12 }, global: { "AWS::IAM::Role": 7 } },
      [SANDBOX]: { "us-east-1": { "AWS::EC2::Instance": 3 } },
    });
    const calls = config.commandCalls(SelectAggregateResourceConfigCommand);
    expect(calls.map((c) => c.args[0].input.NextToken)).to.deep.equal([undefined, "page-2"]);
    expect(calls[0]!.args[0].input).to.deep.include({ Expression: LIVE_COUNTS_QUERY, ConfigurationAggregatorName: "aws-config-org" });
  });
});

describe("cost: command line", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-"));
    // As a person writes it: rules without the `source` the parser adds.
    const fileRules = rules.map(({ source: _source, ...rule }) => rule);
    fs.writeFileSync(path.join(dir, "counts.json"), JSON.stringify({ counts, assumptions: { ...assumptions, rules: fileRules } }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const deps = { loadDeployment: async () => twoAccounts, aggregator: async () => Promise.reject(new Error("not used")) };

  it("prints JSON and exits 0", async () => {
    const b = bufferIo();
    const code = await main(["--stack", "test", "--counts", path.join(dir, "counts.json"), "--compare", "lean", "--json"], b.io, deps);
    expect(code, b.err()).to.equal(0);
    expect(JSON.parse(b.out()).scenarios[0].totals.total).to.be.closeTo(60.74, 1e-9);
  });

  it("exits 2 on usage errors, saying what to do", async () => {
    for (const argv of [
      ["--stack", "test"],
      ["--stack", "test", "--counts", path.join(dir, "counts.json"), "--live"],
      ["--stack", "test", "--counts", path.join(dir, "counts.json"), "--json", "--csv"],
      ["--stack", "test", "--counts", path.join(dir, "counts.json"), "--compare", "nope"],
      ["--stack", "test", "--counts", path.join(dir, "missing.yaml")],
      ["--counts", "x"],
    ]) {
      const b = bufferIo();
      expect(await main(argv, b.io, deps), argv.join(" ")).to.equal(2);
      expect(b.err()).to.match(/error/);
    }
  });
});

describe("cost offline, for a `discover: true` stack (issue 15)", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-offline-"));
    fs.writeFileSync(
      path.join(dir, "counts.yaml"),
      YAML.stringify({ counts: { "500000000004": { "eu-west-1": { "AWS::S3::Bucket": 40 }, global: { "AWS::IAM::Role": 10 } } } }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("costs the prod stack from its organization fixture without credentials, warning about accounts without counts", async () => {
    const b = bufferIo();
    const code = await main(["--stack", "prod", "--counts", path.join(dir, "counts.yaml"), "--json"], b.io);
    expect(code, b.err()).to.equal(0);
    const estimate = JSON.parse(b.out());
    expect(estimate.scenarios[0].totals.total).to.be.greaterThan(0);
    expect(b.err()).to.match(
      /warning: `--counts .*counts\.yaml` has no counts for 8 account\(s\) in scope of stack `prod`, costed at \$0: prod-management \(500000000001\)/,
    );
    expect(b.err()).to.not.include("payments-prod (500000000004)");
  });

  it("names the --organization file it was given when that file is missing, and says how to give counts", async () => {
    const missing = bufferIo();
    expect(await main(["--stack", "prod", "--counts", path.join(dir, "counts.yaml"), "--organization", path.join(dir, "nope.json")], missing.io)).to.equal(2);
    expect(missing.err()).to.include(`\`--organization ${path.join(dir, "nope.json")}\``);
    const none = bufferIo();
    expect(await main(["--stack", "prod"], none.io)).to.equal(2);
    expect(none.err()).to.include("`--counts <file>`").and.include("`--live`").and.include("pricing/counts.example.yaml");
  });
});
