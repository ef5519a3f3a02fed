import { expect } from "chai";
import { parse } from "yaml";

import { MAX_INLINE_TEMPLATE_BYTES, readTemplatePack, remediationOf, templateForRegion, type TemplatePack } from "../../../packs/templates";
import { catalog, inputFor, parseTemplate } from "./templateFixtures";

function packOf(file: string, parameters: Record<string, string> = {}): TemplatePack {
  const result = readTemplatePack(inputFor(file, { parameters }));
  if ("problems" in result) throw new Error(result.problems.join("\n"));
  return result.pack;
}

/** Logical ids of the body's resources, reading it as CloudFormation YAML. */
function resourcesOf(body: string): string[] {
  const { document, errors } = parseTemplate(body);
  expect(errors).to.deep.equal([]);
  return Object.keys((document.toJS() as { Resources: Record<string, unknown> }).Resources);
}

describe("packs/templates: templateForRegion", () => {
  it("keeps the template as given where every rule is offered", () => {
    const pack = packOf("baseline-with-defaults.yaml");
    const template = templateForRegion(pack, "us-east-1", catalog);
    expect(template.body).to.equal(pack.text);
    expect([template.ruleCount, template.leftOut, template.empty]).to.deep.equal([5, [], false]);
  });

  it("leaves out a rule AWS does not offer in the Region, keeps one no region note covers, and says which", () => {
    const pack = packOf("baseline-with-defaults.yaml");
    const template = templateForRegion(pack, "ap-southeast-7", catalog);
    // lambda-function-xray-enabled and access-keys-rotated are not offered in Asia Pacific (Thailand);
    // iam-password-policy's region note (2023) predates the Region: kept, and listed as unconfirmed;
    // api-gw-execution-logging-enabled is offered.
    expect(template.leftOut).to.deep.equal([
      { logicalId: "AccessKeysRotated", configRuleName: "access-keys-rotated", identifier: "ACCESS_KEYS_ROTATED", reason: "not-available" },
      {
        logicalId: "LambdaFunctionXrayEnabled",
        configRuleName: "lambda-function-xray-enabled",
        identifier: "LAMBDA_FUNCTION_XRAY_ENABLED",
        reason: "not-available",
      },
    ]);
    expect(template.unconfirmed).to.deep.equal([
      { logicalId: "IamPasswordPolicy", configRuleName: "iam-password-policy", identifier: "IAM_PASSWORD_POLICY", reason: "undocumented" },
    ]);
    expect(resourcesOf(template.body)).to.deep.equal(["ApiGwExecutionLoggingEnabled", "IamPasswordPolicy", "SecurityAwarenessTraining"]);
    expect(template.ruleCount).to.equal(3);
    // The short tags and the Conditions survive the cut.
    expect(template.body).to.contain("loggingLevel: !If [ apiGwLoggingLevelSet, !Ref ApiGwExecutionLoggingEnabledParamLoggingLevel, !Ref AWS::NoValue ]");
    expect(template.body).to.contain("apiGwLoggingLevelSet: !Not");
  });

  it("takes remediated rules and their remediations out of the organization body and returns the remediations separately", () => {
    const pack = packOf("with-remediation.yaml", { LoggingTargetBucket: "central-access-logs" });
    const template = templateForRegion(pack, "us-east-1", catalog);
    // The remediated rule goes to each account's remediation pack (packs/templateAccountPart.ts): evaluated there only.
    expect(resourcesOf(template.body)).to.deep.equal(["SnsEncryptedKms"]);
    expect(template.ruleCount).to.equal(1);
    expect(template.body).to.not.contain("AWS::Config::RemediationConfiguration");
    expect(template.body).to.not.contain("<Account-Id>");
    expect(template.remediations.map((r) => [r.configRuleName, r.targetId, r.role.kind])).to.deep.equal([
      ["s3-bucket-logging-enabled", "AWS-ConfigureS3BucketLogging", "project"],
    ]);
    expect(remediationOf(pack)).to.deep.equal(template.remediations);
    // The body is still a template CloudFormation reads: parameters kept (the pack's input parameters name them), rules intact.
    const parsed = parse(template.body) as { Parameters: Record<string, unknown> };
    expect(Object.keys(parsed.Parameters)).to.deep.equal(["LoggingTargetBucket"]);
  });

  it("drops the remediation of a rule it leaves out and keeps that of an unconfirmed one, whose rule is in the account packs", () => {
    const pack = packOf("with-remediation.yaml", { LoggingTargetBucket: "central-access-logs" });
    const template = templateForRegion(pack, "mx-central-1", catalog);
    expect(template.leftOut.map((r) => [r.configRuleName, r.reason])).to.deep.equal([["sns-encrypted-kms", "not-available"]]);
    expect(template.unconfirmed.map((r) => [r.configRuleName, r.reason])).to.deep.equal([["s3-bucket-logging-enabled", "undocumented"]]);
    expect(template.remediations.map((r) => r.configRuleName)).to.deep.equal(["s3-bucket-logging-enabled"]);
    // Neither rule is left in the organization body here: the pack is skipped in this Region.
    expect([template.ruleCount, template.empty]).to.deep.equal([0, true]);
  });

  it("reports a Region where AWS offers none of the template's rules as empty", () => {
    const template = templateForRegion(packOf("region-limited.yaml"), "mx-central-1", catalog);
    expect(template.leftOut.map((r) => r.configRuleName)).to.deep.equal(["sns-encrypted-kms"]);
    expect([template.ruleCount, template.empty]).to.deep.equal([0, true]);
    expect(templateForRegion(packOf("region-limited.yaml"), "eu-west-1", catalog).ruleCount).to.equal(1);
  });

  it("reports a body over 51,200 bytes with its size, so the caller passes it through S3", () => {
    const template = templateForRegion(packOf("oversized.yaml"), "eu-west-1", catalog);
    expect(template.bytes).to.equal(Buffer.byteLength(template.body, "utf8"));
    expect(template.bytes).to.be.greaterThan(MAX_INLINE_TEMPLATE_BYTES);
    expect([template.fitsInline, template.tooLarge]).to.deep.equal([false, false]);
    const small = templateForRegion(packOf("baseline-with-defaults.yaml"), "eu-west-1", catalog);
    expect(small.fitsInline).to.equal(true);
  });
});
