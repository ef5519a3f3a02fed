import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  ConfigServiceClient,
  DescribeAggregateComplianceByConfigRulesCommand,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  GetAggregateComplianceDetailsByConfigRuleCommand,
  SelectAggregateResourceConfigCommand,
} from "@aws-sdk/client-config-service";

import { buildComplianceReport, findingRows, gatherCompliance, main, renderReport } from "../../commands/report";
import { RECORDERS_QUERY, RESOURCE_COMPLIANCE_QUERY } from "../../commands/lib/compliance";
import { silentProgress } from "../../commands/lib/progress";
import { mockConfigService, type ConfigServiceMock } from "./configMock";
import { bufferIo, MANAGEMENT, SANDBOX, SECURITY, standardDeployment, WORKLOAD } from "./fixtures";
import { normalizeRuleName } from "../../aws/ruleNames";

const AGGREGATOR = "aws-config-org";
const NOW = new Date("2026-11-22T10:00:00Z");

/** Shaped like AWS's DescribeAggregateComplianceByConfigRules entries. */
function nonCompliant(rule: string, accountId: string, region: string, count: number, capExceeded = false) {
  return {
    ConfigRuleName: rule,
    AccountId: accountId,
    AwsRegion: region,
    Compliance: { ComplianceType: "NON_COMPLIANT" as const, ComplianceContributorCount: { CappedCount: count, CapExceeded: capExceeded } },
  };
}

function ruleResult(rule: string, accountId: string, region: string, type: "COMPLIANT" | "INSUFFICIENT_DATA") {
  return { ConfigRuleName: rule, AccountId: accountId, AwsRegion: region, Compliance: { ComplianceType: type } };
}

/** A `RESOURCE_COMPLIANCE_QUERY` row, shaped like the developer guide's GROUP BY example. */
function resourceCountRow(accountId: string, region: string, type: string, count: number): string {
  return JSON.stringify({ "COUNT(*)": count, accountId, awsRegion: region, configuration: { complianceType: type } });
}

function recorderRow(accountId: string, region: string, name: string, recording: boolean): string {
  return JSON.stringify({
    accountId,
    awsRegion: region,
    resourceId: name,
    resourceName: name,
    configuration: {
      Name: name,
      Recording: recording,
      RoleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    },
    configurationItemCaptureTime: "2026-11-21T08:00:00.000Z",
  });
}

function evaluation(rule: string, accountId: string, region: string, resourceType: string, resourceId: string) {
  return {
    EvaluationResultIdentifier: {
      EvaluationResultQualifier: { ConfigRuleName: rule, ResourceType: resourceType, ResourceId: resourceId },
      OrderingTimestamp: new Date("2026-11-21T00:00:00Z"),
    },
    ComplianceType: "NON_COMPLIANT" as const,
    ResultRecordedTime: new Date("2026-11-21T00:00:01Z"),
    ConfigRuleInvokedTime: new Date("2026-11-21T00:00:00Z"),
    AccountId: accountId,
    AwsRegion: region,
  };
}

describe("report: rule names", () => {
  it("strips the organization conformance pack suffix, whatever its length", () => {
    expect(normalizeRuleName("s3-bucket-versioning-enabled-conformance-pack-ab12cd3ef")).to.equal("s3-bucket-versioning-enabled");
    expect(normalizeRuleName("s3-account-level-public-access-blocks-periodic-conformance-pack-wxpi4uvvj")).to.equal(
      "s3-account-level-public-access-blocks-periodic",
    );
    expect(normalizeRuleName("restricted-ssh")).to.equal("restricted-ssh");
    expect(normalizeRuleName("conformance-pack-x-conformance-pack-")).to.equal("conformance-pack-x-conformance-pack-");
  });
});

describe("report: against the aggregate APIs (aws-sdk-client-mock)", () => {
  let config: ConfigServiceMock;
  before(() => (config = mockConfigService()));
  const target = () => ({ client: new ConfigServiceClient({ region: "eu-west-1" }), aggregatorName: AGGREGATOR });
  const deployment = standardDeployment({ packs: [{ name: "network-and-identity", parameters: {}, remediation: {} }] });

  beforeEach(() => {
    config.reset();
    // Compliance: two pages; the same rule in three accounts with three different suffixes.
    config
      .on(DescribeAggregateComplianceByConfigRulesCommand, { NextToken: undefined })
      .resolves({
        AggregateComplianceByConfigRules: [
          nonCompliant("s3-bucket-versioning-enabled-conformance-pack-ab12cd3", WORKLOAD, "eu-west-1", 4),
          nonCompliant("s3-bucket-versioning-enabled-conformance-pack-x9y8z7w6v", SANDBOX, "eu-west-1", 100, true),
        ],
        NextToken: "compliance-2",
      })
      .on(DescribeAggregateComplianceByConfigRulesCommand, { NextToken: "compliance-2" })
      .resolves({
        AggregateComplianceByConfigRules: [
          nonCompliant("s3-bucket-versioning-enabled-conformance-pack-q1w2e3", WORKLOAD, "us-east-1", 2),
          nonCompliant("restricted-ssh-conformance-pack-ab12cd3", WORKLOAD, "eu-west-1", 1),
          ruleResult("restricted-ssh-conformance-pack-k4l5m6", SANDBOX, "eu-west-1", "COMPLIANT"),
          ruleResult("restricted-ssh-conformance-pack-k4l5m6", SANDBOX, "us-east-1", "INSUFFICIENT_DATA"),
          ruleResult("cloudtrail-enabled-conformance-pack-ab12cd3", WORKLOAD, "eu-west-1", "COMPLIANT"),
        ],
      });
    // Resources by compliance: two pages; NOT_APPLICABLE rows are not evaluated resources.
    config
      .on(SelectAggregateResourceConfigCommand, { Expression: RESOURCE_COMPLIANCE_QUERY, NextToken: undefined })
      .resolves({
        Results: [
          resourceCountRow(WORKLOAD, "eu-west-1", "COMPLIANT", 40),
          resourceCountRow(WORKLOAD, "eu-west-1", "NON_COMPLIANT", 5),
          resourceCountRow(WORKLOAD, "us-east-1", "NOT_APPLICABLE", 7),
        ],
        NextToken: "resources-2",
      })
      .on(SelectAggregateResourceConfigCommand, { Expression: RESOURCE_COMPLIANCE_QUERY, NextToken: "resources-2" })
      .resolves({ Results: [resourceCountRow(WORKLOAD, "us-east-1", "COMPLIANT", 10), resourceCountRow(SANDBOX, "eu-west-1", "NON_COMPLIANT", 45)] });
    // Sources: two pages, one failing account-region.
    config
      .on(DescribeConfigurationAggregatorSourcesStatusCommand, { NextToken: undefined })
      .resolves({
        AggregatedSourceStatusList: [
          {
            SourceId: WORKLOAD,
            SourceType: "ORGANIZATION",
            AwsRegion: "eu-west-1",
            LastUpdateStatus: "SUCCEEDED",
            LastUpdateTime: new Date("2026-11-22T09:00:00Z"),
          },
        ],
        NextToken: "sources-2",
      })
      .on(DescribeConfigurationAggregatorSourcesStatusCommand, { NextToken: "sources-2" })
      .resolves({
        AggregatedSourceStatusList: [
          {
            SourceId: SANDBOX,
            SourceType: "ORGANIZATION",
            AwsRegion: "us-east-1",
            LastUpdateStatus: "FAILED",
            LastUpdateTime: new Date("2026-11-20T09:00:00Z"),
            LastErrorCode: "AccessDeniedException",
            LastErrorMessage: "Config is not enabled or the service-linked role is missing",
          },
        ],
      });
    // Recorders: every place of management, security and payments-prod; sandbox eu-west-1 stopped,
    // sandbox us-east-1 missing (its source fails); a service-linked recorder that must be ignored.
    const rows = [MANAGEMENT, SECURITY, WORKLOAD].flatMap((a) => ["eu-west-1", "us-east-1"].map((r) => recorderRow(a, r, "default", true)));
    config
      .on(SelectAggregateResourceConfigCommand, { Expression: RECORDERS_QUERY, NextToken: undefined })
      .resolves({ Results: rows.slice(0, 4), NextToken: "recorders-2" })
      .on(SelectAggregateResourceConfigCommand, { Expression: RECORDERS_QUERY, NextToken: "recorders-2" })
      .resolves({
        Results: [
          ...rows.slice(4),
          recorderRow(SANDBOX, "eu-west-1", "legacy", false),
          recorderRow(SANDBOX, "us-east-1", "AWSConfigurationRecorderForObservabilityAdmin", true),
        ],
      });
    config
      .on(GetAggregateComplianceDetailsByConfigRuleCommand)
      .callsFake((input: { ConfigRuleName: string; AccountId: string; AwsRegion: string; NextToken?: string }) => {
        if (input.ConfigRuleName.startsWith("s3-bucket-versioning") && input.AccountId === WORKLOAD && input.AwsRegion === "eu-west-1") {
          return input.NextToken === undefined
            ? {
                AggregateEvaluationResults: [evaluation(input.ConfigRuleName, WORKLOAD, "eu-west-1", "AWS::S3::Bucket", "payments-exports")],
                NextToken: "details-2",
              }
            : { AggregateEvaluationResults: [evaluation(input.ConfigRuleName, WORKLOAD, "eu-west-1", "AWS::S3::Bucket", "payments-archive")] };
        }
        return {
          AggregateEvaluationResults: [evaluation(input.ConfigRuleName, input.AccountId, input.AwsRegion, "AWS::S3::Bucket", `bucket-${input.AccountId}`)],
        };
      });
  });
  after(() => config.restore());

  it("follows every NextToken and reads every compliance type", async () => {
    const data = await gatherCompliance(target(), { resources: false, concurrency: 2, progress: silentProgress });
    expect(data.ruleCompliance).to.have.length(7);
    expect(data.resourceCompliance).to.have.length(5);
    expect(data.sources).to.have.length(2);
    expect(data.recorders).to.have.length(8);
    expect(data.resources).to.equal(undefined);
    const calls = config.commandCalls(DescribeAggregateComplianceByConfigRulesCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.NextToken)).to.deep.equal([undefined, "compliance-2"]);
    expect(calls[0]).to.deep.include({ ConfigurationAggregatorName: AGGREGATOR, Limit: 1000 });
    expect(calls[0]!.Filters).to.equal(undefined);
    expect(config.commandCalls(DescribeConfigurationAggregatorSourcesStatusCommand).map((c) => c.args[0].input.NextToken)).to.deep.equal([
      undefined,
      "sources-2",
    ]);
    expect(config.commandCalls(GetAggregateComplianceDetailsByConfigRuleCommand)).to.have.length(0);
  });

  it("maps pack rule names back to the declared rule, across accounts and suffixes", async () => {
    const data = await gatherCompliance(target(), { resources: false, concurrency: 2, progress: silentProgress });
    const report = buildComplianceReport(deployment, AGGREGATOR, data, NOW);
    expect(report.rules.map((r) => [r.rule, r.pack, r.total, r.accounts, r.regions, r.capExceeded])).to.deep.equal([
      ["s3-bucket-versioning-enabled", undefined, 106, 2, 2, true],
      ["restricted-ssh", "network-and-identity", 1, 1, 1, false],
      ["cloudtrail-enabled", "network-and-identity", 0, 0, 0, false],
    ]);
    expect(report.rules.map((r) => r.evaluations)).to.deep.equal([
      { compliant: 0, nonCompliant: 3, insufficientData: 0 },
      { compliant: 1, nonCompliant: 1, insufficientData: 1 },
      { compliant: 1, nonCompliant: 0, insufficientData: 0 },
    ]);
    const s3 = report.rules[0]!;
    expect(s3.places.map((p) => [p.accountName, p.region, p.count, p.deployedNames])).to.deep.equal([
      ["payments-prod", "eu-west-1", 4, ["s3-bucket-versioning-enabled-conformance-pack-ab12cd3"]],
      ["payments-prod", "us-east-1", 2, ["s3-bucket-versioning-enabled-conformance-pack-q1w2e3"]],
      ["sandbox-alice", "eu-west-1", 100, ["s3-bucket-versioning-enabled-conformance-pack-x9y8z7w6v"]],
    ]);
    expect(report.schemaVersion).to.equal(2);
    expect(report.summary).to.deep.equal({
      nonCompliantResources: 107,
      countsCapped: true,
      rules: 2,
      accounts: 2,
      failingSources: 1,
      recordersNotRecording: 2,
      rulesEvaluated: 3,
      resources: { compliant: 50, nonCompliant: 50 },
      places: 8,
      placesRecording: 6,
    });
  });

  it("sums compliance per account and per pack, with the places that record", async () => {
    const report = buildComplianceReport(
      deployment,
      AGGREGATOR,
      await gatherCompliance(target(), { resources: false, concurrency: 2, progress: silentProgress }),
      NOW,
    );
    const byId = new Map(report.accounts!.map((a) => [a.accountId, a]));
    expect([...byId.keys()]).to.deep.equal([MANAGEMENT, SECURITY, WORKLOAD, SANDBOX]);
    expect(byId.get(WORKLOAD)).to.deep.equal({
      accountId: WORKLOAD,
      accountName: "payments-prod",
      inScope: true,
      regions: { governed: 2, recording: 2 },
      resources: { compliant: 50, nonCompliant: 5 },
      evaluations: { compliant: 1, nonCompliant: 3, insufficientData: 0 },
      findings: 7,
      capExceeded: false,
    });
    expect(byId.get(SANDBOX)).to.deep.include({ regions: { governed: 2, recording: 0 }, findings: 100, capExceeded: true });
    expect(byId.get(SANDBOX)!.evaluations).to.deep.equal({ compliant: 1, nonCompliant: 1, insufficientData: 1 });
    expect(report.packs).to.deep.equal([
      { pack: "network-and-identity", rules: 2, findings: 1, capExceeded: false, evaluations: { compliant: 2, nonCompliant: 1, insufficientData: 1 } },
    ]);
  });

  it("reports failing sources with their error and places without a recording recorder", async () => {
    const report = buildComplianceReport(
      deployment,
      AGGREGATOR,
      await gatherCompliance(target(), { resources: false, concurrency: 2, progress: silentProgress }),
      NOW,
    );
    expect(report.sources.problems).to.deep.equal([
      {
        sourceId: SANDBOX,
        sourceType: "ORGANIZATION",
        accountName: "sandbox-alice",
        region: "us-east-1",
        status: "FAILED",
        lastUpdateTime: "2026-11-20T09:00:00.000Z",
        errorCode: "AccessDeniedException",
        errorMessage: "Config is not enabled or the service-linked role is missing",
      },
    ]);
    expect(report.recorders.problems.map((p) => [p.accountId, p.region, p.problem, p.recorderName])).to.deep.equal([
      [SANDBOX, "eu-west-1", "stopped", "legacy"],
      [SANDBOX, "us-east-1", "not-seen", undefined],
    ]);
    expect(report.recorders.problems[1]!.detail).to.contain("AccessDeniedException");
    expect(report.recorders.seen).to.equal(7);
  });

  it("lists the resources with bounded concurrency, paging the details too", async () => {
    const data = await gatherCompliance(target(), { resources: true, concurrency: 2, progress: silentProgress });
    const report = buildComplianceReport(deployment, AGGREGATOR, data, NOW);
    const place = report.rules[0]!.places[0]!;
    expect(place.resources!.map((r) => r.resourceId)).to.deep.equal(["payments-archive", "payments-exports"]);
    const details = config.commandCalls(GetAggregateComplianceDetailsByConfigRuleCommand).map((c) => c.args[0].input);
    expect(details).to.have.length(5); // four places, one of them two pages
    expect(details[0]).to.deep.include({ ComplianceType: "NON_COMPLIANT", ConfigurationAggregatorName: AGGREGATOR });
    expect(details.map((d) => d.ConfigRuleName)).to.include("s3-bucket-versioning-enabled-conformance-pack-x9y8z7w6v");
  });

  it("renders a table, Markdown, CSV and JSON", async () => {
    const report = buildComplianceReport(
      deployment,
      AGGREGATOR,
      await gatherCompliance(target(), { resources: true, concurrency: 2, progress: silentProgress }),
      NOW,
    );
    const table = renderReport(report, "table");
    // One vocabulary with the HTML page (issue 24): findings are resource × rule, non-compliant resources are counted once each.
    expect(table).to.contain(
      "107+ finding(s) (non-compliant resource × rule) under 2 rule(s) in 2 account(s), 50 non-compliant resource(s) counted once each; 1 of 2 aggregator source(s) not reporting",
    );
    expect(table).to.contain("Non-compliant resources (findings)");
    expect(table).to.match(/s3-bucket-versioning-enabled\s+│\s+2 │\s+2 │\s+106\+/);
    expect(table, "rules compliant everywhere are not non-compliant rows").not.to.contain("cloudtrail-enabled");
    const md = renderReport(report, "markdown");
    expect(md).to.contain("## Non-compliant resources by rule");
    expect(md).to.contain("| s3-bucket-versioning-enabled | sandbox-alice (444444444444) | eu-west-1 | 100+ |");
    const csv = renderReport(report, "csv").trim().split("\n");
    expect(csv[0]).to.equal("category,rule,account_id,account_name,region,non_compliant,resource_type,resource_id,detail");
    expect(csv).to.include(`non-compliant-resource,s3-bucket-versioning-enabled,${WORKLOAD},payments-prod,eu-west-1,,AWS::S3::Bucket,payments-exports,`);
    expect(csv.filter((l) => l.startsWith("source-not-reporting"))).to.have.length(1);
    expect(findingRows(report).filter((r) => r.category === "recorder-not-recording")).to.have.length(2);
    expect(JSON.parse(renderReport(report, "json")).summary.nonCompliantResources).to.equal(107);
  });

  it("exits 1 with --fail-on-noncompliant, 0 without", async () => {
    const deps = { loadDeployment: async () => deployment, aggregator: async () => target(), now: () => NOW };
    const a = bufferIo();
    expect(await main(["--stack", "test", "--json"], a.io, deps), a.err()).to.equal(0);
    expect(JSON.parse(a.out()).aggregator).to.equal("aws-config-org");
    const b = bufferIo();
    expect(await main(["--stack", "test", "--fail-on-noncompliant", "--markdown"], b.io, deps)).to.equal(1);
  });

  it("keeps the --json output as the history snapshot, and writes the page from the live report", async () => {
    const deps = { loadDeployment: async () => deployment, aggregator: async () => target(), now: () => NOW };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-live-"));
    try {
      const b = bufferIo();
      expect(
        await main(["--stack", "test", "--json", "--history", path.join(dir, "history"), "--html", path.join(dir, "report.html")], b.io, deps),
        b.err(),
      ).to.equal(0);
      expect(fs.readFileSync(path.join(dir, "history", "compliance-test-2026-11-22T10-00-00Z.json"), "utf8")).to.equal(b.out());
      expect(fs.readFileSync(path.join(dir, "report.html"), "utf8")).to.contain("restricted-ssh");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 when the aggregator cannot be read, naming the error", async () => {
    config
      .on(DescribeAggregateComplianceByConfigRulesCommand)
      .rejects(Object.assign(new Error("The configuration aggregator does not exist."), { name: "NoSuchConfigurationAggregatorException" }));
    const b = bufferIo();
    const deps = { loadDeployment: async () => deployment, aggregator: async () => target(), now: () => NOW };
    expect(await main(["--stack", "test"], b.io, deps)).to.equal(2);
    expect(b.err()).to.contain("NoSuchConfigurationAggregatorException");
  });

  it("exits 2 on a bad --concurrency", async () => {
    const b = bufferIo();
    const deps = { loadDeployment: async () => deployment, aggregator: async () => target(), now: () => NOW };
    expect(await main(["--stack", "test", "--concurrency", "0"], b.io, deps)).to.equal(2);
    expect(b.err()).to.contain("`--concurrency` must be a positive integer");
  });
});
