/**
 * `cost --measured`'s pure parts: usage types, what is kept and why, the changed profile, the
 * protected-types data, and the inventory patch that `plan` then shows (on a copy of
 * accounts/dev.yaml, planned offline with the real plan command).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CONFIG_RESOURCE_TYPES } from "../../aws/configResourceTypes";
import { plan, renderPlan } from "../../commands/plan";
import { changedProfile, keepReasons, type Suggestion, type TypeChange } from "../../commands/lib/costMeasured";
import { applySuggestion, suggestionYaml } from "../../commands/lib/costMeasuredPatch";
import { measuredWindow, usageKindOf } from "../../commands/lib/costMeasuredSources";
import type { RuleCostSpec } from "../../commands/lib/costInput";
import { BUILTIN_PROFILES } from "../../config/profiles";
import { loadProtectedTypes, validateProtectedTypes } from "../../pricing/protectedTypes";

const ROOT = path.join(__dirname, "../..");
const exclude = (resourceType: string, cost: number): TypeChange => ({
  resourceType,
  change: "exclude",
  monthlyItems: cost / 0.003,
  currentMonthlyCost: cost,
  projectedMonthlyCost: 0,
});

describe("cost --measured: usage types, kept types, changed profiles", () => {
  it("reads Config's usage types, with or without the Region prefix", () => {
    expect(usageKindOf("USE1-ConfigurationItemRecorded")).to.equal("configurationItems");
    expect(usageKindOf("ConfigurationItemRecorded")).to.equal("configurationItems");
    expect(usageKindOf("APS2-ConfigurationItemRecordedDaily")).to.equal("configurationItemsDaily");
    expect(usageKindOf("EUW2-ConfigRuleEvaluations")).to.equal("ruleEvaluations");
    expect(usageKindOf("USE1-ConformancePackEvaluation")).to.equal("conformancePackEvaluations");
    expect(usageKindOf("EUW2-ProactiveConfigRuleEvaluations")).to.equal("other");
  });

  it("measures whole days ending yesterday, end exclusive", () => {
    expect(measuredWindow(new Date("2026-12-07T19:37:00Z"), 30)).to.deep.equal({ start: "2026-11-07", end: "2026-12-07", days: 30 });
  });

  it("keeps IAM types, types the packs evaluate and Security Hub's, naming each reason", () => {
    const packRules: RuleCostSpec[] = [
      { name: "ec2-volume-inuse-check", billing: "conformancePack", resourceTypes: ["AWS::EC2::Volume"], onChange: true, source: "pack p" },
    ];
    const protectedTypes = loadProtectedTypes();
    expect(keepReasons("AWS::IAM::User", { packRules, protectedTypes })[0]).to.equal("IAM type: security findings on identities need it");
    expect(keepReasons("AWS::EC2::Volume", { packRules, protectedTypes })).to.include("the stack's packs evaluate it (ec2-volume-inuse-check)");
    expect(keepReasons("AWS::Config::ResourceCompliance", { packRules, protectedTypes })).to.deep.equal(["AWS records it continuously only"]);
    expect(keepReasons("AWS::EC2::NetworkInterface", { packRules, protectedTypes })).to.deep.equal([]);
  });

  it("has AWS's protected types as recordable types, and refuses a list without its source", () => {
    const { standards, source } = loadProtectedTypes();
    expect(source).to.equal("https://docs.aws.amazon.com/securityhub/latest/userguide/controls-config-resources.html");
    expect(standards.map((s) => s.standard)).to.include("Service-Managed Standard: AWS Control Tower");
    // AWS's page names a few types the ResourceType enum lacks: kept as AWS wrote them (never suggested anyway, as Config does not record them).
    const unknown = [...new Set(standards.flatMap((s) => s.resourceTypes).filter((t) => !CONFIG_RESOURCE_TYPES.has(t)))].sort();
    expect(unknown, "not in the ResourceType enum").to.deep.equal([
      "AWS::::Account",
      "AWS::ApiGatewayV2::Route",
      "AWS::DMS::ReplicationInstance",
      "AWS::EMR::Cluster",
      "AWS::S3::Account",
      "AWS::SageMaker::NotebookInstance",
    ]);
    expect(() => validateProtectedTypes({ read: "x", standards: [] })).to.throw(/`source`[\s\S]*`standards`/);
  });

  it("adds exclusions to an all-types profile and puts DAILY types in a new override", () => {
    const daily: TypeChange = {
      resourceType: "AWS::EC2::NetworkInterface",
      change: "DAILY",
      monthlyItems: 30_000,
      currentMonthlyCost: 90,
      projectedMonthlyCost: 18,
    };
    const p = changedProfile(BUILTIN_PROFILES.complete!, [daily, exclude("AWS::SSM::ManagedInstanceInventory", 18)]);
    expect(p).to.deep.include({
      strategy: "EXCLUSION_BY_RESOURCE_TYPES",
      excludedResourceTypes: ["AWS::SSM::ManagedInstanceInventory"],
      frequency: "CONTINUOUS",
    });
    expect(p.override).to.deep.include({ frequency: "DAILY", resourceTypes: ["AWS::EC2::NetworkInterface"] });
  });

  it("keeps a profile's override and exclusions, and drops an excluded type from its override", () => {
    const lean = BUILTIN_PROFILES.lean!;
    const p = changedProfile(lean, [exclude("AWS::S3::Bucket", 5)]);
    expect(p.excludedResourceTypes).to.include.members([...lean.excludedResourceTypes, "AWS::S3::Bucket"]);
    expect(p.override!.resourceTypes).to.not.include("AWS::S3::Bucket");
    expect(p.frequency).to.equal("DAILY");
  });
});

describe("cost --measured: the inventory patch, planned", function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-measured-plan-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const suggestion = (): Suggestion => {
    const changes = [exclude("AWS::AutoScaling::ScheduledAction", 12)];
    return {
      fromProfile: "lean",
      newProfile: "lean-measured",
      accounts: [{ id: "333333333333", name: "dev-sandbox" }],
      changes,
      currentMonthlyCost: 12,
      projectedMonthlyCost: 0,
      monthlySaving: 12,
      profileBlock: changedProfile(BUILTIN_PROFILES.lean!, changes),
    };
  };

  it("prints YAML that parses to the profile and the account's profile line", () => {
    const yaml = suggestionYaml(suggestion());
    expect(yaml)
      .to.match(/^profiles:\n {2}lean-measured:\n/)
      .and.include('  - id: "333333333333"\n    profile: lean-measured\n');
  });

  it("applied to a copy of accounts/dev.yaml, the plan shows the account on the new profile", async () => {
    const original = fs.readFileSync(path.join(ROOT, "accounts/dev.yaml"), "utf8");
    const patched = applySuggestion(original, suggestion());
    expect(patched.startsWith("# Development organization")).to.equal(true);
    expect(() => applySuggestion(patched, suggestion())).to.throw(/already has a profile `lean-measured`/);
    const file = path.join(dir, "dev.yaml");
    fs.writeFileSync(file, patched);
    const before = renderPlan(await plan({ stack: "dev" }));
    const after = renderPlan(await plan({ stack: "dev", configOverrides: { "aws-config-org:accounts": file } }));
    expect(before).to.not.include("lean-measured");
    expect(after).to.match(/│ 333333333333 │ dev-sandbox +│ lean-measured │/);
  });
});
