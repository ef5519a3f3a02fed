/**
 * `cost` with preflight's census of service-linked recorders (issue 22 item 10): Security Hub
 * CSPM's `AWSConfigurationRecorderForSecurityHubCSPM` recording CONTINUOUS over a place whose
 * profile records DAILY (CONTINUOUS takes precedence: "Recording frequency precedence", DG
 * stop-start-recorder), and over a place whose profile excludes a type (it records it anyway).
 *
 * moto has no service-linked recorders (`PutServiceLinkedConfigurationRecorder`), so the census
 * comes from preflight's probes replaced as in preflight.test.ts, and the aggregator's counts
 * from the SDK mock as in cost.test.ts.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigServiceClient, SelectAggregateResourceConfigCommand } from "@aws-sdk/client-config-service";

import { estimateCost, main, renderCost } from "../../commands/cost";
import type { CostAssumptions, ResourceCounts } from "../../commands/lib/costInput";
import { serviceLinkedRecordingOf } from "../../commands/lib/costModel";
import { serviceLinkedCensus } from "../../commands/lib/preflightModel";
import { observeOrganization, type Probes } from "../../commands/lib/preflightProbes";
import { silentProgress } from "../../commands/lib/progress";
import type { ExistingConfigState } from "../../components/multiaccount/recorderTypes";
import type { RecordingProfile } from "../../config/domain";
import { BUILTIN_PROFILES } from "../../config/profiles";
import { loadPrices } from "../../pricing/prices";
import { mockConfigService, type ConfigServiceMock } from "./configMock";
import { account, bufferIo, CSPM_RECORDER, deployment, EU_WEST_1, SANDBOX, WORKLOAD } from "./fixtures";

const prices = loadPrices();

/** Every type, DAILY. */
const dailyAll: RecordingProfile = { ...BUILTIN_PROFILES.complete!, name: "daily-all", frequency: "DAILY" };
/** Every type but ENIs, CONTINUOUS. */
const trimmed: RecordingProfile = {
  ...BUILTIN_PROFILES.complete!,
  name: "trimmed",
  strategy: "EXCLUSION_BY_RESOURCE_TYPES",
  excludedResourceTypes: ["AWS::EC2::NetworkInterface"],
};

const stack = deployment([
  account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1], profile: dailyAll }),
  account(SANDBOX, "sandbox-alice", { regions: [EU_WEST_1], profile: trimmed }),
]);

const counts: ResourceCounts = {
  [WORKLOAD]: { "eu-west-1": { "AWS::EC2::Instance": 100, "AWS::EC2::NetworkInterface": 20, "AWS::S3::Bucket": 50 }, global: { "AWS::IAM::Role": 40 } },
  [SANDBOX]: { "eu-west-1": { "AWS::EC2::Instance": 20, "AWS::EC2::NetworkInterface": 100, "AWS::S3::Bucket": 5 }, global: { "AWS::IAM::Role": 10 } },
};

const assumptions: CostAssumptions = {
  daysPerMonth: 30,
  changesPerResourceMonth: { default: 2, "AWS::EC2::Instance": 40, "AWS::EC2::NetworkInterface": 150 },
  rules: [],
};

const cspm = CSPM_RECORDER;

/** preflight's probes, answering from `states` (`<account>|<region>`). */
function probes(states: Record<string, ExistingConfigState>): Probes {
  return {
    assume: async () => undefined,
    regions: async () => ({ "eu-west-1": "opt-in-not-required" }),
    roleExists: async () => true,
    configState: async (target, region) => states[`${target.accountId}|${region}`] ?? { recorders: [], channels: [], status: [] },
    trails: async () => [],
    guardDutyAdministrators: async () => [],
    guardDutyDetectors: async () => [],
    aggregatorExists: async () => true,
  };
}

const withCspm: Record<string, ExistingConfigState> = Object.fromEntries(
  [WORKLOAD, SANDBOX].map((id) => [`${id}|eu-west-1`, { recorders: [cspm], channels: [], status: [] }]),
);

describe("cost: service-linked recorders from preflight's census (issue 22 item 10)", () => {
  it("reads what a service-linked recorder records from its recording group and mode", () => {
    expect(serviceLinkedRecordingOf(cspm, "AWS::EC2::Instance")).to.equal("CONTINUOUS");
    expect(serviceLinkedRecordingOf(cspm, "AWS::IAM::Role"), "no global IAM types").to.equal(undefined);
    const narrow = {
      name: "AWSConfigurationRecorderForX",
      recordingGroup: { recordingStrategy: { useOnly: "INCLUSION_BY_RESOURCE_TYPES" }, resourceTypes: ["AWS::S3::Bucket"] },
      recordingMode: { recordingFrequency: "DAILY" },
    };
    expect(serviceLinkedRecordingOf(narrow, "AWS::S3::Bucket")).to.equal("DAILY");
    expect(serviceLinkedRecordingOf(narrow, "AWS::EC2::Instance")).to.equal(undefined);
  });

  it("takes the census through preflight's probes, per account and region", async () => {
    const census = serviceLinkedCensus(stack, await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: probes(withCspm) }));
    expect(census.notInspected).to.deep.equal([]);
    expect(census.recorders[WORKLOAD]!["eu-west-1"]!.map((r) => r.name)).to.deep.equal([cspm.name]);
  });

  describe("the estimate with a CSPM recorder over a DAILY place and over a place with exclusions", () => {
    const census = { recorders: { [WORKLOAD]: { "eu-west-1": [cspm] }, [SANDBOX]: { "eu-west-1": [cspm] } }, notInspected: [] };
    const estimate = estimateCost({ deployment: stack, counts, countsSource: "test", assumptions, rules: [], prices, serviceLinked: census });
    const s = estimate.scenarios[0]!;
    const line = (id: string) => s.serviceLinked.find((l) => l.accountId === id)!;
    const place = (id: string) => s.places.find((p) => p.accountId === id)!;

    it("bills the DAILY place's types at the continuous rate: 7,100 CIs, $23.10 less", () => {
      // Profile alone: (100×30 + 20×30 + 50×2 + 40 roles×2) daily CIs × $0.012 = $45.36.
      expect(place(WORKLOAD).itemCost).to.be.closeTo(45.36, 1e-9);
      const l = line(WORKLOAD);
      expect(l).to.deep.include({
        region: "eu-west-1",
        profile: "daily-all",
        recorder: cspm.name,
        servicePrincipal: "securityhub.amazonaws.com",
        frequency: "CONTINUOUS",
      });
      // Instances 100×40, ENIs 20×150, buckets 50×2 continuous; the roles stay daily (no global types).
      expect(l.types.map((t) => [t.resourceType, t.effect, t.configurationItems, t.extraCost])).to.deep.equal([
        ["AWS::EC2::Instance", "dailyMadeContinuous", 4_000, -24],
        ["AWS::EC2::NetworkInterface", "dailyMadeContinuous", 3_000, 1.8],
        ["AWS::S3::Bucket", "dailyMadeContinuous", 100, -0.9],
      ]);
      expect(l).to.deep.include({ madeContinuousItems: 7_100, recordedAnywayItems: 0 });
      expect(l.extraCost).to.be.closeTo(-23.1, 1e-9);
      expect(place(WORKLOAD).serviceLinkedCost).to.be.closeTo(-23.1, 1e-9);
      expect(place(WORKLOAD).total).to.be.closeTo(22.26, 1e-9);
    });

    it("bills the type the profile excludes: 100 ENIs × 150 changes = 15,000 CIs, $45.00 more", () => {
      expect(place(SANDBOX).itemCost).to.be.closeTo(2.49, 1e-9);
      const l = line(SANDBOX);
      expect(l.types.map((t) => [t.resourceType, t.effect, t.frequency, t.configurationItems, t.profileCost, t.extraCost])).to.deep.equal([
        ["AWS::EC2::NetworkInterface", "recordedAnyway", "CONTINUOUS", 15_000, 0, 45],
      ]);
      expect(l).to.deep.include({ madeContinuousItems: 0, recordedAnywayItems: 15_000, extraCost: 45 });
      expect(place(SANDBOX).total).to.be.closeTo(47.49, 1e-9);
    });

    it("adds both to the total: $47.85 from the profiles, $69.75 with the recorders", () => {
      expect(s.totals.continuousCost + s.totals.dailyCost).to.be.closeTo(47.85, 1e-9);
      expect(s.totals.serviceLinkedCost).to.be.closeTo(21.9, 1e-9);
      expect(s.totals.total).to.be.closeTo(69.75, 1e-9);
      expect(estimate.serviceLinkedCounted).to.equal(true);
      expect(estimate.notes.join("\n")).to.not.contain("service-linked");
    });

    it("shows each as its own line with the recorder's service principal", () => {
      const text = renderCost(estimate, "table");
      expect(text).to.contain("Service-linked recorders (preflight's census)");
      expect(text).to.match(
        /│ payments-prod \(333333333333\) │ eu-west-1 │ daily-all │ AWSConfigurationRecorderForSecurityHubCSPM │ securityhub\.amazonaws\.com │ CONTINUOUS │ +3 type\(s\), 7,100 CIs │ +– │ +-\$23\.10 │/,
      );
      expect(text).to.contain("3 type(s), 7,100 CIs").and.contain("-$23.10");
      expect(text).to.contain("1 type(s), 15,000 CIs").and.contain("$45.00");
      expect(text).to.contain("Service-linked recorders (2 place(s))");
      expect(text).to.contain("Total as configured: $69.75 per month");
      const csv = renderCost(estimate, "csv").trim().split("\n");
      expect(csv[0]).to.contain(",evaluation_cost,service_linked_cost,total");
      expect(csv[1]).to.equal(`${WORKLOAD},payments-prod,eu-west-1,daily-all,0,3780,45.36,0,0,0.00,-23.10,22.26`);
      const json = JSON.parse(renderCost(estimate, "json"));
      expect(json.scenarios[0].serviceLinked.map((l: { servicePrincipal: string; extraCost: number }) => [l.servicePrincipal, l.extraCost])).to.deep.equal([
        ["securityhub.amazonaws.com", -23.1],
        ["securityhub.amazonaws.com", 45],
      ]);
    });
  });

  it("says in an estimate without a census that service-linked recorders are not counted", () => {
    const estimate = estimateCost({ deployment: stack, counts, countsSource: "test", assumptions, rules: [], prices });
    expect(estimate.serviceLinkedCounted).to.equal(false);
    expect(estimate.scenarios[0]!.totals.total).to.be.closeTo(47.85, 1e-9);
    expect(estimate.notes.join("\n")).to.contain("service-linked recorders are not counted: this estimate took no census of them");
    const text = renderCost(estimate, "table");
    expect(text).to.contain("Not counted: no census was taken (an estimate from `--counts`)");
    expect(renderCost(estimate, "csv")).to.not.contain("service_linked_cost");
  });

  describe("`cost --live`", () => {
    let config: ConfigServiceMock;
    before(() => (config = mockConfigService()));
    after(() => config.restore());

    it("takes the census with the aggregator's counts and prints the recorders' lines", async () => {
      const rows = Object.entries(counts).flatMap(([accountId, byRegion]) =>
        Object.entries(byRegion).flatMap(([awsRegion, byType]) =>
          Object.entries(byType).map(([resourceType, n]) => JSON.stringify({ accountId, awsRegion, resourceType, "COUNT(*)": n })),
        ),
      );
      config.on(SelectAggregateResourceConfigCommand).resolves({ Results: rows });
      const deps = {
        loadDeployment: async () => stack,
        aggregator: async () => ({ client: new ConfigServiceClient({ region: "eu-west-1" }), aggregatorName: "aws-config-org" }),
        probes: {
          ...probes(withCspm),
          configState: async (target: { accountId: string }, region: string) => {
            if (target.accountId === SANDBOX) throw Object.assign(new Error("not authorized"), { name: "AccessDeniedException" });
            return withCspm[`${target.accountId}|${region}`]!;
          },
        },
      };
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cost-slr-")), "assumptions.json");
      fs.writeFileSync(file, JSON.stringify({ assumptions }));
      const b = bufferIo();
      expect(await main(["--stack", "test", "--live", "--assumptions", file, "--json"], b.io, deps), b.err()).to.equal(0);
      const estimate = JSON.parse(b.out());
      expect(estimate.serviceLinkedCounted).to.equal(true);
      expect(estimate.scenarios[0].serviceLinked).to.have.length(1);
      expect(estimate.scenarios[0].serviceLinked[0]).to.deep.include({
        accountId: WORKLOAD,
        recorder: cspm.name,
        servicePrincipal: "securityhub.amazonaws.com",
        extraCost: -23.1,
      });
      expect(estimate.notes.join("\n")).to.contain(
        `service-linked recorders not counted at 1 place(s) whose recorders could not be read: sandbox-alice (${SANDBOX}) eu-west-1: AccessDeniedException: not authorized`,
      );

      const text = bufferIo();
      expect(await main(["--stack", "test", "--live", "--assumptions", file], text.io, deps), text.err()).to.equal(0);
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      expect(text.out()).to.contain("│ AWSConfigurationRecorderForSecurityHubCSPM │ securityhub.amazonaws.com │ CONTINUOUS │");
    });
  });
});
