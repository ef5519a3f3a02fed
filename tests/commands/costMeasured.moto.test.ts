/**
 * `cost --measured` against moto (a stand-in for AWS): Cost Explorer's GetCostAndUsage answers
 * with results queued through moto's `/moto-api/static/ce/cost-and-usage-results` (moto does
 * not track cost: it hands out the queue in request order); CloudWatch's ListMetrics and
 * GetMetricData read datapoints put with PutMetricData in each member account through the real
 * AssumeRole. One account's role is refused (stsDenyProxy.ts) to show a failure among results.
 *
 * The figures are the README's worked example ("Measured cost"): the README test reads them.
 */
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../commands/cost";
import { clearSessionCache } from "../../components/multiaccount/session";
import { BUILTIN_PROFILES } from "../../config/profiles";
import type { Deployment } from "../../config/domain";
import { useMoto } from "../helpers/moto";
import { account, bufferIo, deployment, MANAGEMENT, US_EAST_1 } from "./fixtures";
import { credentialsIn, seedOrganization, type SeededOrg } from "./motoOrg";
import { startStsDenyProxy, type StsDenyProxy } from "./stsDenyProxy";

/** The README's worked example: CIs per day put for 30 days, and what Cost Explorer bills. */
export const WORKED_EXAMPLE = {
  days: 30,
  /** eu-west-1 of the workload account, CIs per day by type. */
  workloadPerDay: { "AWS::EC2::NetworkInterface": 1000, "AWS::SSM::ManagedInstanceInventory": 200, "AWS::IAM::Role": 100, "AWS::EC2::SecurityGroup": 10 },
  /** us-east-1 of the management account. */
  managementPerDay: { "AWS::S3::Bucket": 5 },
  /** Resources per type (the `--counts` file): DAILY is priced from them. */
  counts: { "AWS::EC2::NetworkInterface": 50, "AWS::SSM::ManagedInstanceInventory": 100 },
  expected: {
    spendTotal: "$119.35",
    saving: "$90.00",
    runCost: "$0.02",
  },
} as const;

function costResult(groups: readonly [string, string, number, number][]) {
  // Two billing periods (the window crosses a month): half of each group in each.
  const period = (start: string, end: string) => ({
    TimePeriod: { Start: start, End: end },
    Total: {},
    Groups: groups.map(([acct, usage, qty, cost]) => ({
      Keys: [acct, usage],
      Metrics: { UnblendedCost: { Amount: String(cost / 2), Unit: "USD" }, UsageQuantity: { Amount: String(qty / 2), Unit: "N/A" } },
    })),
    Estimated: false,
  });
  return { ResultsByTime: [period("2026-11-07", "2026-12-01"), period("2026-12-01", "2026-12-07")], DimensionValueAttributes: [] };
}

describe("cost --measured against moto (Cost Explorer results queued, CloudWatch datapoints put)", function () {
  this.timeout(60_000);
  const moto = useMoto();
  let org: SeededOrg;
  let proxy: StsDenyProxy;
  let savedStsEndpoint: string | undefined;
  let stack: Deployment;
  let dir: string;
  const now = new Date();

  async function putDaily(roleArn: string | undefined, region: string, perDay: Readonly<Record<string, number>>) {
    const credentials = roleArn ? await credentialsIn(roleArn) : undefined;
    const client = new CloudWatchClient({ region, ...(credentials ? { credentials } : {}) });
    const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    for (const [type, n] of Object.entries(perDay)) {
      const data = Array.from({ length: WORKED_EXAMPLE.days }, (_, d) => ({
        MetricName: "ConfigurationItemsRecorded",
        Dimensions: [{ Name: "ResourceType", Value: type }],
        Timestamp: new Date(today - (d + 1) * 86_400_000 + 12 * 3_600_000),
        Value: n,
        Unit: "Count" as const,
      }));
      await client.send(new PutMetricDataCommand({ Namespace: "AWS/Config", MetricData: data }));
    }
    client.destroy();
  }

  before(async () => {
    await moto.server.reset();
    org = await seedOrganization();
    await putDaily(org.clean.roleArn, "eu-west-1", WORKED_EXAMPLE.workloadPerDay);
    await putDaily(undefined, "us-east-1", WORKED_EXAMPLE.managementPerDay);
    // Queued in request order: eu-west-1, then us-east-1 (the stack's Regions).
    const response = await fetch(`${moto.server.endpoint}/moto-api/static/ce/cost-and-usage-results`, {
      method: "POST",
      body: JSON.stringify({
        results: [
          costResult([
            [org.clean.id, "EUW1-ConfigurationItemRecorded", 39_300, 117.9],
            [org.clean.id, "EUW1-ConformancePackEvaluation", 1_000, 1.0],
          ]),
          costResult([[MANAGEMENT, "ConfigurationItemRecorded", 150, 0.45]]),
        ],
      }),
    });
    expect(response.status).to.equal(201);
    proxy = await startStsDenyProxy(moto.server.endpoint, [org.denied.roleArn]);
    savedStsEndpoint = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = proxy.endpoint;
    clearSessionCache();
    stack = deployment([
      account(MANAGEMENT, "management", { regions: [US_EAST_1], globalTypesRegion: "us-east-1" }),
      account(org.clean.id, "workload", { profile: BUILTIN_PROFILES.complete! }),
      account(org.denied.id, "denied"),
    ]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-measured-"));
    fs.writeFileSync(
      path.join(dir, "counts.yaml"),
      `counts:\n  "${org.clean.id}":\n    eu-west-1:\n${Object.entries(WORKED_EXAMPLE.counts)
        .map(([t, n]) => `      ${t}: ${n}`)
        .join("\n")}\n`,
    );
    fs.writeFileSync(path.join(dir, "inventory.yaml"), `# test inventory\naccounts:\n  - id: "${org.clean.id}"\n    name: workload\n`);
  });
  after(async () => {
    clearSessionCache();
    if (savedStsEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = savedStsEndpoint;
    await proxy?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]) {
    const buf = bufferIo();
    const code = await main(["--stack", "test", "--measured", ...args], buf.io, {
      loadDeployment: async () => stack,
      aggregator: async () => {
        throw new Error("--measured asks no aggregator");
      },
      measured: { now },
    });
    return { code, out: buf.out(), err: buf.err() };
  }

  it("prints spend, churn, suggestions with their saving, kept types with reasons, the failed account, and the run's cost", async () => {
    const { code, out, err } = await run(
      "--counts",
      path.join(dir, "counts.yaml"),
      "--html",
      path.join(dir, "measured.html"),
      "--write-inventory",
      path.join(dir, "inventory.yaml"),
    );
    expect(code, err).to.equal(0);
    expect(out).to.include(`Config spend in the window: ${WORKED_EXAMPLE.expected.spendTotal}`);
    expect(out).to.match(/2 Cost Explorer request\(s\) at \$0\.01 each, 2 GetMetricData request\(s\) for 5 metric\(s\)/);
    expect(out).to.include(`: ${WORKED_EXAMPLE.expected.runCost}.`);
    // NetworkInterface: 30,000 CIs a month at $0.003 = $90; DAILY for 50 resources = 1,500 CIs at $0.012 = $18.
    // ManagedInstanceInventory: 6,000 CIs = $18; DAILY would be 3,000 × $0.012 = $36, so excluded.
    expect(out).to.include("AWS::EC2::NetworkInterface → DAILY;").and.include("AWS::SSM::ManagedInstanceInventory → excluded");
    expect(out).to.match(/complete-measured/);
    expect(out).to.include(WORKED_EXAMPLE.expected.saving);
    expect(out).to.match(/AWS::IAM::Role +│ +\$9\.00 │ IAM type: security findings on identities need it/);
    expect(out).to.match(/AWS::S3::Bucket +│ +\$0\.45 │ AWS lists it as required for Security Hub control findings/);
    expect(out).to.match(/CloudWatch, denied \(\d{12}\) (eu-west-1|us-east-1): /);
    const html = fs.readFileSync(path.join(dir, "measured.html"), "utf8");
    expect(html).to.include('id="measured-cost"').and.include("complete-measured").and.include("default-src 'none'").and.not.include("<script");
    const patched = fs.readFileSync(path.join(dir, "inventory.measured.yaml"), "utf8");
    expect(patched).to.include("# test inventory").and.include("complete-measured:").and.include("profile: complete-measured");
  });

  it("--json carries every figure and the ready-to-apply YAML", async () => {
    const { code, out } = await run("--counts", path.join(dir, "counts.yaml"), "--json");
    expect(code).to.equal(0);
    const m = JSON.parse(out);
    expect(m.spendTotal).to.equal(119.35);
    expect(m.run).to.deep.equal({ costExplorerRequests: 2, listMetricsRequests: 3, getMetricDataRequests: 2, metricsRequested: 5, cost: 0.02005 });
    const [s] = m.suggestions;
    expect(s.monthlySaving).to.equal(90);
    expect(
      s.changes.map((c: { resourceType: string; change: string; projectedMonthlyCost: number }) => [c.resourceType, c.change, c.projectedMonthlyCost]),
    ).to.deep.equal([
      ["AWS::EC2::NetworkInterface", "DAILY", 18],
      ["AWS::SSM::ManagedInstanceInventory", "exclude", 0],
    ]);
    expect(s.profileBlock).to.deep.equal({
      description: "complete with 1 type(s) excluded and 1 type(s) DAILY (cost --measured)",
      strategy: "EXCLUSION_BY_RESOURCE_TYPES",
      excludedResourceTypes: ["AWS::SSM::ManagedInstanceInventory"],
      frequency: "CONTINUOUS",
      override: { description: "High-churn types recorded daily (cost --measured)", frequency: "DAILY", resourceTypes: ["AWS::EC2::NetworkInterface"] },
    });
    expect(m.spend.find((p: { region: string }) => p.region === "eu-west-1").byKind.conformancePackEvaluations).to.deep.equal({ quantity: 1000, cost: 1 });
  });

  it("gives the README's worked example: its run line, its saving and its YAML", async () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Measured cost (`cost --measured`)"), readme.indexOf("### Compliance KPIs as a page"));
    expect(section.length).to.be.greaterThan(1000);
    const { out } = await run("--counts", path.join(dir, "counts.yaml"));
    const runLine = out.split("\n").find((l) => l.startsWith("Config spend in the window:"))!;
    expect(section).to.include(runLine);
    expect(section).to.include(`**${WORKED_EXAMPLE.expected.saving} a month**`);
    const json = JSON.parse((await run("--counts", path.join(dir, "counts.yaml"), "--json")).out);
    // The README names the workload account 333333333333; moto gave it another id.
    const yaml = (json.suggestions[0].yaml as string).replace(org.clean.id, "333333333333");
    expect(section).to.include("```yaml\n" + yaml + "```");
  });

  it("without resource counts proposes exclusions, and says why", async () => {
    const { out } = await run("--json");
    const m = JSON.parse(out);
    expect(m.suggestions[0].changes.map((c: { change: string }) => c.change)).to.deep.equal(["exclude", "exclude"]);
    expect(m.suggestions[0].monthlySaving).to.equal(108);
    expect(m.notes.join(" ")).to.include("No resource counts");
  });
});
