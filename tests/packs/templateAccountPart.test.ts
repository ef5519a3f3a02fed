/**
 * A "…-with-Remediation" template pack delivered per account: its remediated rules leave the
 * organization body and go, with their remediations and what those refer to, into each
 * account's remediation pack, with that account's literal role ARN.
 */
import { expect } from "chai";
import { parse } from "yaml";

import { automationRoleArgs } from "../../components/central/remediation";
import type { Deployment } from "../../config/domain";
import { ConfigError } from "../../config/errors";
import { loadStackDeployment, parseStack } from "../../config/pipeline";
import { renderAccountRemediationPack } from "../../packs/accountPack";
import { managedRuleCatalog } from "../../packs/catalog/managedRuleCatalog";
import { builtInForRegion } from "../../packs/regionalPacks";
import { templateAccountPart } from "../../packs/templateAccountPart";
import { lintTemplateText, readTemplatePack, templateForRegion, type TemplatePack } from "../../packs/templates";
import type { PolicyDocument } from "../../aws/policyDocument";

const FIXTURES = "tests/fixtures/templates";
const CARRIED = `${FIXTURES}/with-remediation-carried.yaml`;
const LOGGING_ACTIONS = ["s3:GetBucketAcl", "s3:GetBucketLogging", "s3:PutBucketAcl", "s3:PutBucketLogging"];
const catalog = managedRuleCatalog();

/** The carried template as a `packs:` entry (dev's built-in packs replaced by network-and-identity). */
function entry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "s3-with-remediation",
    template: CARRIED,
    parameters: { LogBucketName: "central-access-logs", ExcludedPublicBuckets: "www.example.com" },
    allowedRemediationRoles: ["OrgRemediation"],
    runbookPermissions: { "AWS-ConfigureS3BucketLogging": LOGGING_ACTIONS },
    ...overrides,
  };
}

function load(packs: unknown[]): Promise<Deployment> {
  return loadStackDeployment("dev", { overrides: { "aws-config-org:packs": packs } });
}

function problemsOf(packs: unknown[]): string[] {
  try {
    parseStack("dev", { overrides: { "aws-config-org:packs": packs } });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

async function problemsOfDeployment(packs: unknown[]): Promise<string[]> {
  try {
    await load(packs);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

interface Resource {
  Type: string;
  Condition?: string;
  DependsOn?: string;
  Properties: { ConfigRuleName: string; Parameters?: Record<string, { StaticValue?: { Values: unknown[] } }>; InputParameters?: unknown };
}
interface Template {
  Parameters?: Record<string, { Default?: string }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, Resource>;
}

const ruleNames = (t: Template) =>
  Object.values(t.Resources)
    .filter((r) => r.Type === "AWS::Config::ConfigRule")
    .map((r) => r.Properties.ConfigRuleName)
    .sort();
const roleOf = (r: Resource) => r.Properties.Parameters?.AutomationAssumeRole?.StaticValue?.Values;

describe("packs: a template's remediation, delivered per account", function () {
  this.timeout(60_000);
  const account = "444455556666";
  let deployment: Deployment;
  let pack: TemplatePack;
  let accountTemplate: Template;
  let accountBody: string;

  before(async () => {
    deployment = await load([{ name: "network-and-identity" }, entry()]);
    pack = deployment.templatePacks[0]!.pack;
    const rendered = renderAccountRemediationPack(deployment.packs, { deployment }, { accountId: account, partition: "aws", project: deployment.project })!;
    accountBody = rendered.templateBody;
    accountTemplate = parse(accountBody) as Template;
    expect(rendered.packs).to.deep.equal(["network-and-identity", "s3-with-remediation"]);
  });

  it("keeps only the detection rule in the organization body, and every Parameter (the input parameters name them)", () => {
    const body = templateForRegion(pack, "us-east-1", catalog);
    const template = parse(body.body.replace(/!(\w+)/g, "$1")) as Template;
    expect(Object.keys(template.Resources)).to.deep.equal(["AccessKeysRotated"]);
    expect(body.ruleCount).to.equal(1);
    expect(body.body).to.not.contain("RemediationConfiguration").and.not.contain("<Account-Id>");
    expect(Object.keys(template.Parameters!)).to.deep.equal(["LogBucketName", "ExcludedPublicBuckets", "CheckPitr", "MaxKeyAge"]);
  });

  it("puts exactly the remediated rules into the account pack, each with its remediation and this account's literal role", () => {
    const templateRules = ruleNames(accountTemplate).filter((n) => n.startsWith("tpl-"));
    expect(templateRules).to.deep.equal([
      "tpl-dynamodb-pitr-enabled",
      "tpl-lambda-function-xray-enabled",
      "tpl-s3-bucket-level-public-access-prohibited",
      "tpl-s3-bucket-logging-enabled",
    ]);
    const remediations = Object.values(accountTemplate.Resources).filter((r) => r.Type === "AWS::Config::RemediationConfiguration");
    const byRule = new Map(remediations.map((r) => [r.Properties.ConfigRuleName, roleOf(r)]));
    const projectRole = `arn:aws:iam::${account}:role/${deployment.project}/${deployment.project}-remediation`;
    expect(byRule.get("tpl-s3-bucket-level-public-access-prohibited")).to.deep.equal([projectRole]);
    expect(byRule.get("tpl-s3-bucket-logging-enabled")).to.deep.equal([projectRole]);
    expect(byRule.get("tpl-dynamodb-pitr-enabled")).to.deep.equal([projectRole]);
    // The allowed role, under its own path and name, in this account.
    expect(byRule.get("tpl-lambda-function-xray-enabled")).to.deep.equal([`arn:aws:iam::${account}:role/security/OrgRemediation`]);
    expect(accountBody).to.not.contain("<Account-Id>").and.not.contain("111122223333");
    // Built-in remediated rules are there too, beside the template's.
    expect(ruleNames(accountTemplate)).to.include.members(["restricted-ssh", "guardduty-enabled-centralized"]);
  });

  it("carries the parameters and conditions the moved resources refer to, renamed per pack, with the pack's values as defaults", () => {
    const prefix = "S3WithRemediationTpl";
    expect(accountTemplate.Parameters).to.deep.equal({
      [`${prefix}CheckPitr`]: { Type: "String", Default: "true", AllowedValues: ["true", "false"] },
      [`${prefix}ExcludedPublicBuckets`]: { Type: "String", Default: "www.example.com" },
      [`${prefix}LogBucketName`]: { Description: "Bucket that receives S3 server access logs.", Type: "String", Default: "central-access-logs" },
    });
    expect(accountTemplate.Conditions).to.deep.equal({
      [`${prefix}ExcludedBucketsGiven`]: { "Fn::Not": [{ "Fn::Equals": [{ Ref: `${prefix}ExcludedPublicBuckets` }, ""] }] },
      [`${prefix}PitrWanted`]: { "Fn::Equals": [{ Ref: `${prefix}CheckPitr` }, "true"] },
    });
    const r = accountTemplate.Resources;
    expect(r[`${prefix}S3BucketPublicAccess`]!.Properties.InputParameters).to.deep.equal({
      excludedPublicBuckets: { "Fn::If": [`${prefix}ExcludedBucketsGiven`, { Ref: `${prefix}ExcludedPublicBuckets` }, { Ref: "AWS::NoValue" }] },
    });
    expect(r[`${prefix}S3BucketLoggingRemediation`]!.Properties.Parameters!.TargetBucket).to.deep.equal({
      StaticValue: { Values: [{ "Fn::Sub": `\${${prefix}LogBucketName}` }] },
    });
    expect([r[`${prefix}DynamoDbPitr`]!.Condition, r[`${prefix}DynamoDbPitrRemediation`]!.Condition]).to.deep.equal([
      `${prefix}PitrWanted`,
      `${prefix}PitrWanted`,
    ]);
    expect(r[`${prefix}DynamoDbPitrRemediation`]!.DependsOn).to.equal(`${prefix}DynamoDbPitr`);
    // A wait on a resource that stays in the organization pack is dropped.
    expect(r[`${prefix}S3BucketLogging`]).to.not.have.property("DependsOn");
    // cfn-lint reads the merged template as valid CloudFormation.
    expect(lintTemplateText(accountBody).findings.filter((f) => f.level === "Error")).to.deep.equal([]);
  });

  it("cuts the account pack per Region: a rule AWS does not offer there leaves, with its remediation", () => {
    const here = builtInForRegion({ name: "x", templateBody: accountBody }, "us-east-1", catalog);
    const thailand = builtInForRegion({ name: "x", templateBody: accountBody }, "ap-southeast-7", catalog);
    expect(here.body).to.contain("tpl-lambda-function-xray-enabled");
    expect(thailand.leftOut.map((l) => l.configRuleName)).to.include("tpl-lambda-function-xray-enabled");
    expect(thailand.body).to.not.contain("tpl-lambda-function-xray-enabled").and.not.contain("S3WithRemediationTplLambdaXrayRemediation");
    // Every remediation left has its rule.
    const left = parse(thailand.body) as Template;
    const rules = new Set(ruleNames(left));
    for (const r of Object.values(left.Resources))
      if (r.Type === "AWS::Config::RemediationConfiguration") expect(rules.has(r.Properties.ConfigRuleName)).to.equal(true);
  });

  it("gives the automation role the actions of the template's runbooks that run as it, and nothing for the allowed role's", () => {
    const plan = deployment.packPlan.automation;
    expect(plan.runbooks).to.include.members([
      "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
      "AWSConfigRemediation-EnablePITRForDynamoDbTable",
      "AWS-ConfigureS3BucketLogging",
    ]);
    expect(plan.runbooks).to.not.include("AWSConfigRemediation-ConfigureLambdaFunctionXRayTracing");
    const policies = automationRoleArgs(deployment, deployment.accounts[0]!, plan).inlinePolicies as Record<string, string>;
    const policy = JSON.parse(policies["remediation-runbooks"]!) as PolicyDocument;
    const actions = policy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions).to.include.members(["s3:PutBucketPublicAccessBlock", "dynamodb:UpdateContinuousBackups", ...LOGGING_ACTIONS]);
    expect(actions).to.not.include("lambda:UpdateFunctionConfiguration");
    const given = policy.Statement.find((s) => s.Sid === "ConfigureS3BucketLoggingGiven")!;
    expect([given.Action, given.Resource]).to.deep.equal([LOGGING_ACTIONS, ["*"]]);
  });

  it("refuses a runbook the project has no permissions for, naming the pack, the rule and the runbook, and says how to fix it", () => {
    const problems = problemsOf([entry({ runbookPermissions: undefined })]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include("pack `s3-with-remediation`").and.include("`tpl-s3-bucket-logging-enabled`").and.include("`AWS-ConfigureS3BucketLogging`");
    expect(problems[0]).to.include("packs[0].runbookPermissions.AWS-ConfigureS3BucketLogging");
    // An entry nobody uses, and one for a runbook the catalog knows, are refused too.
    const extra = problemsOf([
      entry({
        runbookPermissions: {
          "AWS-ConfigureS3BucketLogging": LOGGING_ACTIONS,
          "AWS-Unused": ["s3:GetObject"],
          "AWSConfigRemediation-EnablePITRForDynamoDbTable": ["dynamodb:UpdateContinuousBackups"],
        },
      }),
    ]);
    expect(extra.join("\n"))
      .to.include("runbookPermissions.AWS-Unused`: no remediation")
      .and.include("knows the permissions of `AWSConfigRemediation-EnablePITRForDynamoDbTable`");
  });

  it("keeps a rule whose remediation config turns off in the organization pack, detection only, and needs no permissions for it", async () => {
    const off = await load([entry({ runbookPermissions: undefined, remediation: { "tpl-s3-bucket-logging-enabled": "off" } })]);
    const template = off.templatePacks[0]!.pack;
    const body = templateForRegion(template, "us-east-1", catalog).body;
    expect(body).to.contain("ConfigRuleName: tpl-s3-bucket-logging-enabled").and.not.contain("RemediationConfiguration");
    const rendered = renderAccountRemediationPack(off.packs, { deployment: off }, { accountId: account, partition: "aws", project: off.project })!;
    expect(ruleNames(parse(rendered.templateBody) as Template)).to.not.include("tpl-s3-bucket-logging-enabled");
    expect(off.packPlan.automation.runbooks).to.not.include("AWS-ConfigureS3BucketLogging");
    // LogBucketName was referred to only by that remediation: the account pack no longer carries it.
    expect(rendered.templateBody).to.not.contain("LogBucketName");
  });

  it("refuses a remediation naming a role that is neither AWS's placeholder nor allowed", () => {
    const problems = problemsOf([entry({ allowedRemediationRoles: undefined })]);
    expect(problems.join("\n")).to.include("arn:aws:iam::111122223333:role/security/OrgRemediation").and.include("allowedRemediationRoles");
  });

  it("refuses two packs remediating a rule of one name, naming both packs", async () => {
    const withBuiltIn = await problemsOfDeployment([
      { name: "data-protection-baseline" },
      { name: "pitr", template: `${FIXTURES}/collides-with-built-in.yaml` },
    ]);
    expect(withBuiltIn).to.have.length(1);
    expect(withBuiltIn[0]).to.include("packs `data-protection-baseline` and `pitr` both remediate a rule named `dynamodb-pitr-enabled`");
    const twoTemplates = await problemsOfDeployment([entry(), entry({ name: "again" })]);
    expect(twoTemplates.join("\n")).to.include("packs `s3-with-remediation` and `again` both remediate a rule named `tpl-s3-bucket-logging-enabled`");
  });

  it("refuses runbook permissions that would take the automation role's policy over IAM's 10,240 characters", async () => {
    const many = Array.from({ length: 400 }, (_, i) => `s3:PutBucketLoggingConfigurationNumber${i}`);
    const problems = await problemsOfDeployment([entry({ runbookPermissions: { "AWS-ConfigureS3BucketLogging": many } })]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/the automation role's policy `remediation-runbooks` would be \d+ characters for \d+ runbooks; IAM allows 10240 per role/);
  });

  it("refuses an account pack over 51,200 bytes, naming the account and the packs", () => {
    const rules = Array.from(
      { length: 90 },
      (_, i) => `
  Rule${i}:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: dynamodb-pitr-enabled-${i}
      Description: ${"A rule whose description is long enough to make the pack large. ".repeat(3)}
      Source: { Owner: AWS, SourceIdentifier: DYNAMODB_PITR_ENABLED }
  Rule${i}Remediation:
    Type: AWS::Config::RemediationConfiguration
    Properties:
      ConfigRuleName: dynamodb-pitr-enabled-${i}
      TargetId: AWSConfigRemediation-EnablePITRForDynamoDbTable
      TargetType: SSM_DOCUMENT
      Parameters:
        AutomationAssumeRole: { StaticValue: { Values: ["arn:aws:iam::<Account-Id>:role/R"] } }
        TableName: { ResourceValue: { Value: RESOURCE_ID } }`,
    ).join("");
    const read = readTemplatePack({ name: "big", file: "big.yaml", text: `Resources:${rules}\n`, governedRegions: ["us-east-1"], catalog });
    if ("problems" in read) throw new Error(read.problems.join("\n"));
    expect(templateAccountPart("big", read.pack)!.ruleNames).to.have.length(90);
    const ctx = {
      deployment: { project: "aws-config-org", packs: [], templatePacks: [{ kind: "template" as const, name: "big", file: "big.yaml", pack: read.pack }] },
    };
    expect(() => renderAccountRemediationPack([], ctx, { accountId: account, partition: "aws", project: "aws-config-org" })).to.throw(
      /remediation pack `aws-config-org-remediation` for account 444455556666 is \d+ bytes \(the remediated rules of big\); it is sent inline \(at most 51200\)/,
    );
  });
});
