import { expect } from "chai";
import { ConfigServiceClient, SelectAggregateResourceConfigCommand } from "@aws-sdk/client-config-service";

import { buildFindResult, main, renderFind, searchPlan, searchResources } from "../../commands/find";
import { likePrefixPattern, sqlString } from "../../commands/lib/advancedQuery";
import { silentProgress } from "../../commands/lib/progress";
import { arnResourcePart, complianceExpressions, COMPLIANCE_BATCH } from "../../commands/lib/resourceSearch";
import { mockConfigService, type ConfigServiceMock } from "./configMock";
import { bufferIo, SANDBOX, standardDeployment, WORKLOAD } from "./fixtures";

const STRANGER = "555555555555";

/** A row shaped as SelectAggregateResourceConfig returns it (a JSON string per result). */
function resource(accountId: string, region: string, type: string, id: string, name: string | undefined, arn: string): string {
  return JSON.stringify({
    resourceId: id,
    ...(name ? { resourceName: name } : {}),
    resourceType: type,
    accountId,
    awsRegion: region,
    arn,
    configurationItemCaptureTime: "2026-11-20T14:03:11.000Z",
    configurationItemStatus: "OK",
  });
}

function compliance(accountId: string, region: string, type: string, id: string, rules: [string, string][]): string {
  const nonCompliant = rules.some(([, c]) => c === "NON_COMPLIANT");
  return JSON.stringify({
    accountId,
    awsRegion: region,
    configuration: {
      targetResourceId: id,
      targetResourceType: type,
      complianceType: nonCompliant ? "NON_COMPLIANT" : "COMPLIANT",
      configRuleList: rules.map(([configRuleName, complianceType]) => ({
        configRuleName,
        complianceType,
        configRuleArn: `arn:aws:config:${region}:${accountId}:config-rule/aws-service-rule/config-conforms.amazonaws.com/config-rule-x1`,
      })),
    },
  });
}

describe("find: queries", () => {
  it("escapes quotes and searches by prefix with a suffix wildcard only", () => {
    expect(sqlString("o'brien")).to.equal("'o''brien'");
    const plan = searchPlan("o'brien-exports");
    expect(plan.expression).to.contain("resourceId = 'o''brien-exports' OR resourceName = 'o''brien-exports'");
    expect(plan.expression).to.contain("resourceName LIKE 'o''brien-exports%'");
    expect(plan.expression).not.to.match(/LIKE '%/);
  });

  it("cuts the pattern at a wildcard character and needs three literal characters", () => {
    expect(likePrefixPattern("my_bucket")).to.equal(undefined); // "my" is too short before `_`
    expect(likePrefixPattern("logs_2026")).to.equal("'logs%'");
    expect(likePrefixPattern("100%-sure")).to.equal("'100%'");
    const short = searchPlan("ab");
    expect(short.expression).not.to.contain("LIKE");
    expect(short.notes[0]).to.contain("fewer than 3 characters");
  });

  it("looks an ARN up by `arn`, and knows its resource part", () => {
    expect(searchPlan("arn:aws:s3:::payments-exports").expression).to.match(/WHERE arn = 'arn:aws:s3:::payments-exports'$/);
    expect(arnResourcePart("arn:aws:s3:::payments-exports")).to.equal("payments-exports");
    expect(arnResourcePart("arn:aws:iam::333333333333:role/service/deployer")).to.equal("deployer");
    expect(arnResourcePart("arn:aws:ec2:eu-west-1:333333333333:instance/i-0abc")).to.equal("i-0abc");
  });

  it("batches compliance lookups", () => {
    const rows = Array.from({ length: COMPLIANCE_BATCH + 3 }, (_, i) => ({ resourceId: `bucket-${String(i).padStart(2, "0")}` }));
    const expressions = complianceExpressions(rows);
    expect(expressions).to.have.length(2);
    expect(expressions[0]).to.contain("resourceType = 'AWS::Config::ResourceCompliance' AND configuration.targetResourceId IN ('bucket-00', ");
  });
});

describe("find: through the aggregator (aws-sdk-client-mock)", () => {
  let config: ConfigServiceMock;
  before(() => (config = mockConfigService()));
  beforeEach(() => config.reset());
  after(() => config.restore());
  const target = () => ({ client: new ConfigServiceClient({ region: "eu-west-1" }), aggregatorName: "aws-config-org" });
  const deployment = standardDeployment();

  /** Answers by expression: the resource search (two pages) and the compliance query. */
  function answer(pages: { search: string[][]; compliance: string[] }) {
    config.on(SelectAggregateResourceConfigCommand).callsFake((input: { Expression: string; NextToken?: string }) => {
      if (input.Expression.includes("AWS::Config::ResourceCompliance")) return { Results: pages.compliance };
      const page = input.NextToken === undefined ? 0 : Number(input.NextToken.replace("search-", ""));
      return { Results: pages.search[page] ?? [], ...(page + 1 < pages.search.length ? { NextToken: `search-${page + 1}` } : {}) };
    });
  }

  it("lists every match of a partial name across accounts, with owner, last change and compliance", async () => {
    answer({
      search: [
        [
          resource(WORKLOAD, "eu-west-1", "AWS::S3::Bucket", "payments-exports", "payments-exports", "arn:aws:s3:::payments-exports"),
          // `LIKE 'payments-ex%'` is all the server does; this one does not start with the input and must go.
          resource(WORKLOAD, "eu-west-1", "AWS::S3::Bucket", "payments-archive", "payments-archive", "arn:aws:s3:::payments-archive"),
        ],
        [resource(STRANGER, "us-east-1", "AWS::S3::Bucket", "payments-exports-dr", "payments-exports-dr", "arn:aws:s3:::payments-exports-dr")],
      ],
      compliance: [
        compliance(WORKLOAD, "eu-west-1", "AWS::S3::Bucket", "payments-exports", [
          ["s3-bucket-versioning-enabled-conformance-pack-ab12cd3", "NON_COMPLIANT"],
          ["s3-bucket-level-public-access-prohibited-conformance-pack-ab12cd3", "COMPLIANT"],
        ]),
      ],
    });
    const data = await searchResources(target(), "payments-exp", silentProgress);
    const result = buildFindResult(deployment, "payments-exp", "aws-config-org", data);
    expect(result.matches.map((m) => [m.accountName, m.ownership, m.region, m.resourceId, m.compliance])).to.deep.equal([
      ["payments-prod", "in scope", "eu-west-1", "payments-exports", "NON_COMPLIANT"],
      [undefined, "not in stack `test`", "us-east-1", "payments-exports-dr", "UNKNOWN"],
    ]);
    expect(result.matches[0]).to.deep.include({
      lastChange: "2026-11-20T14:03:11.000Z",
      lastChangeStatus: "OK",
      nonCompliantRules: ["s3-bucket-versioning-enabled"],
    });
    const calls = config.commandCalls(SelectAggregateResourceConfigCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.NextToken)).to.deep.equal([undefined, "search-1", undefined]);
    expect(calls[0]!.Expression).to.contain("resourceId LIKE 'payments-exp%'");
    expect(calls[2]!.Expression).to.contain("IN ('payments-exports', 'payments-exports-dr')");
  });

  it("puts exact matches first and matches global resources' compliance in any Region", async () => {
    answer({
      search: [
        [
          resource(SANDBOX, "global", "AWS::IAM::Role", "AROAEXAMPLEID2", "deployer-old", "arn:aws:iam::444444444444:role/deployer-old"),
          resource(WORKLOAD, "global", "AWS::IAM::Role", "AROAEXAMPLEID1", "deployer", "arn:aws:iam::333333333333:role/deployer"),
        ],
      ],
      compliance: [compliance(WORKLOAD, "eu-west-1", "AWS::IAM::Role", "AROAEXAMPLEID1", [["iam-role-managed-policy-check", "COMPLIANT"]])],
    });
    const result = buildFindResult(deployment, "deployer", "aws-config-org", await searchResources(target(), "deployer", silentProgress));
    expect(result.matches.map((m) => [m.resourceName, m.exact, m.compliance])).to.deep.equal([
      ["deployer", true, "COMPLIANT"],
      ["deployer-old", false, "UNKNOWN"],
    ]);
  });

  it("falls back from an ARN without a match to its resource part", async () => {
    config.on(SelectAggregateResourceConfigCommand).callsFake((input: { Expression: string }) => {
      if (input.Expression.includes("WHERE arn =")) return { Results: [] };
      if (input.Expression.includes("ResourceCompliance")) return { Results: [] };
      return { Results: [resource(WORKLOAD, "eu-west-1", "AWS::S3::Bucket", "payments-exports", "payments-exports", "")] };
    });
    const data = await searchResources(target(), "arn:aws:s3:::payments-exports", silentProgress);
    const result = buildFindResult(deployment, "arn:aws:s3:::payments-exports", "aws-config-org", data);
    expect(result.matches).to.have.length(1);
    expect(result.notes.join("\n")).to.contain("searched its last part");
    expect(config.commandCalls(SelectAggregateResourceConfigCommand)[1]!.args[0].input.Expression).to.contain(
      "resourceId = 'payments-exports' OR resourceName = 'payments-exports'",
    );
  });

  it("renders a table with the account's inventory name, CSV and JSON", async () => {
    answer({
      search: [[resource(SANDBOX, "eu-west-1", "AWS::S3::Bucket", "alice-scratch", "alice-scratch", "arn:aws:s3:::alice-scratch")]],
      compliance: [
        compliance(SANDBOX, "eu-west-1", "AWS::S3::Bucket", "alice-scratch", [["s3-bucket-versioning-enabled-conformance-pack-zz9", "NON_COMPLIANT"]]),
      ],
    });
    const result = buildFindResult(deployment, "alice-scratch", "aws-config-org", await searchResources(target(), "alice-scratch", silentProgress));
    const table = renderFind(result, "table");
    expect(table).to.contain("1 match(es)");
    expect(table).to.match(/sandbox-alice \(444444444444\)\s+│ in scope\s+│ eu-west-1 │ AWS::S3::Bucket │ alice-scratch/);
    expect(table).to.contain("2026-11-20T14:03:11.000Z (OK)");
    const csv = renderFind(result, "csv").trim().split("\n");
    expect(csv[0]).to.equal(
      "account_id,account_name,ownership,region,resource_type,resource_id,resource_name,arn,last_change,last_change_status,compliance,non_compliant_rules",
    );
    expect(csv[1]).to.equal(
      `${SANDBOX},sandbox-alice,in scope,eu-west-1,AWS::S3::Bucket,alice-scratch,alice-scratch,arn:aws:s3:::alice-scratch,2026-11-20T14:03:11.000Z,OK,NON_COMPLIANT,s3-bucket-versioning-enabled`,
    );
    expect(JSON.parse(renderFind(result, "json")).matches[0].accountName).to.equal("sandbox-alice");
  });

  it("exits 0 when found, 1 when nothing matches, 2 without a query", async () => {
    const deps = { loadDeployment: async () => deployment, aggregator: async () => target() };
    answer({
      search: [[resource(WORKLOAD, "eu-west-1", "AWS::S3::Bucket", "payments-exports", "payments-exports", "arn:aws:s3:::payments-exports")]],
      compliance: [],
    });
    const found = bufferIo();
    expect(await main(["payments-exports", "--stack", "test", "--json"], found.io, deps), found.err()).to.equal(0);
    config.reset();
    answer({ search: [[]], compliance: [] });
    const none = bufferIo();
    expect(await main(["not-a-bucket", "--stack", "test"], none.io, deps)).to.equal(1);
    expect(none.out()).to.contain("nothing found");
    const usage = bufferIo();
    expect(await main(["--stack", "test"], usage.io, deps)).to.equal(2);
  });

  it("refuses a query under 3 characters, and says in one line which API, account and region failed and what to do", async () => {
    const deps = { loadDeployment: async () => deployment, aggregator: async () => target() };
    const short = bufferIo();
    expect(await main(["ab", "--stack", "test"], short.io, deps)).to.equal(2);
    expect(short.err()).to.include("`ab` is too short: give at least 3 characters");
    const failing = (error: Error) => ({
      loadDeployment: async () => deployment,
      aggregator: async () => ({
        client: { send: async () => Promise.reject(error) } as never,
        aggregatorName: "agg",
        accountId: "222222222222",
        region: "eu-west-1",
      }),
    });
    const garbled = bufferIo();
    const deserialization = Object.assign(
      new Error("Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object."),
      { $metadata: { httpStatusCode: 200 } },
    );
    expect(await main(["payments-exports", "--stack", "test"], garbled.io, failing(deserialization))).to.equal(2);
    expect(garbled.err().trim().split("\n")).to.have.length(1);
    expect(garbled.err())
      .to.include("config:SelectAggregateResourceConfig in account 222222222222 region eu-west-1 failed: the answer (HTTP 200) was not an AWS API response")
      .and.include("AWS_ENDPOINT_URL");
    const noCredentials = bufferIo();
    expect(
      await main(
        ["payments-exports", "--stack", "test"],
        noCredentials.io,
        failing(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" })),
      ),
    ).to.equal(2);
    expect(noCredentials.err()).to.include("no AWS credentials were found: set `AWS_PROFILE`").and.include("`report --from <file>` need no credentials");
  });
});
