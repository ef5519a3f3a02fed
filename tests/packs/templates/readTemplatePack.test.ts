import { expect } from "chai";

import { MAX_TEMPLATE_RULE_NAME, readTemplatePack, type TemplatePack, type TemplatePackInput } from "../../../packs/templates";
import { inputFor } from "./templateFixtures";

function problemsOf(input: TemplatePackInput): readonly string[] {
  const result = readTemplatePack(input);
  if (!("problems" in result)) throw new Error(`expected problems for ${input.file}, got a pack`);
  return result.problems;
}

function packOf(input: TemplatePackInput): TemplatePack {
  const result = readTemplatePack(input);
  if ("problems" in result) throw new Error(`expected a pack for ${input.file}:\n${result.problems.join("\n")}`);
  return result.pack;
}

describe("packs/templates: readTemplatePack, valid templates", () => {
  it("reads rules, process checks, Parameters with defaults and parameter-driven Conditions (long form and short tags)", () => {
    const pack = packOf(inputFor("baseline-with-defaults.yaml"));
    expect(pack.rules.map((r) => [r.logicalId, r.configRuleName, r.managedIdentifier])).to.deep.equal([
      ["AccessKeysRotated", "access-keys-rotated", "ACCESS_KEYS_ROTATED"],
      ["ApiGwExecutionLoggingEnabled", "api-gw-execution-logging-enabled", "API_GW_EXECUTION_LOGGING_ENABLED"],
      ["LambdaFunctionXrayEnabled", "lambda-function-xray-enabled", "LAMBDA_FUNCTION_XRAY_ENABLED"],
      ["IamPasswordPolicy", "iam-password-policy", "IAM_PASSWORD_POLICY"],
      ["SecurityAwarenessTraining", "security-awareness-training", "AWS_CONFIG_PROCESS_CHECK"],
    ]);
    const [accessKeys, apiGw] = pack.rules;
    expect(accessKeys!.maximumExecutionFrequency).to.equal("TwentyFour_Hours");
    expect(accessKeys!.inputParameters).to.deep.equal({
      maxAccessKeyAge: { "Fn::If": ["accessKeysRotatedParamMaxAccessKeyAge", { Ref: "AccessKeysRotatedParamMaxAccessKeyAge" }, { Ref: "AWS::NoValue" }] },
    });
    // The short tags come out in CloudFormation's long form.
    expect(apiGw!.inputParameters).to.deep.equal({
      loggingLevel: { "Fn::If": ["apiGwLoggingLevelSet", { Ref: "ApiGwExecutionLoggingEnabledParamLoggingLevel" }, { Ref: "AWS::NoValue" }] },
    });
    expect(apiGw!.scope).to.deep.equal({ ComplianceResourceTypes: ["AWS::ApiGateway::Stage"] });
    expect(pack.parameters.map((p) => [p.name, p.default])).to.deep.equal([
      ["AccessKeysRotatedParamMaxAccessKeyAge", "90"],
      ["ApiGwExecutionLoggingEnabledParamLoggingLevel", ""],
      ["IamPasswordPolicyParamMinimumPasswordLength", "14"],
    ]);
    expect(pack.inputParameters).to.deep.equal([]);
    expect(pack.remediations).to.deep.equal([]);
  });

  it("passes the user's values for template Parameters as input parameters", () => {
    const pack = packOf(
      inputFor("baseline-with-defaults.yaml", { parameters: { AccessKeysRotatedParamMaxAccessKeyAge: 45, IamPasswordPolicyParamMinimumPasswordLength: "16" } }),
    );
    expect(pack.inputParameters).to.deep.equal([
      { parameterName: "AccessKeysRotatedParamMaxAccessKeyAge", parameterValue: "45" },
      { parameterName: "IamPasswordPolicyParamMinimumPasswordLength", parameterValue: "16" },
    ]);
  });

  it("reports the body size, over 51,200 bytes included", () => {
    const pack = packOf(inputFor("oversized.yaml"));
    expect(pack.bodyBytes).to.be.greaterThan(51_200);
    expect(pack.rules).to.have.length(110);
  });
});

describe("packs/templates: readTemplatePack, parameters", () => {
  it("names the pack, the parameter and the template's choices for an unknown parameter", () => {
    expect(problemsOf(inputFor("baseline-with-defaults.yaml", { parameters: { MaxAccessKeyAge: "30" } }))).to.deep.equal([
      "pack `test-pack` (conformance-packs/baseline-with-defaults.yaml): parameter `MaxAccessKeyAge` is not one of the template's Parameters " +
        "(`AccessKeysRotatedParamMaxAccessKeyAge`, `ApiGwExecutionLoggingEnabledParamLoggingLevel`, `IamPasswordPolicyParamMinimumPasswordLength`)",
    ]);
  });

  it("requires a value for a parameter without Default", () => {
    expect(problemsOf(inputFor("with-remediation.yaml"))).to.deep.equal([
      "pack `test-pack` (conformance-packs/with-remediation.yaml): template parameter `LoggingTargetBucket` has no Default; set it under the pack's `parameters` (the template's Parameters: `LoggingTargetBucket`)",
    ]);
  });

  it("checks AllowedValues", () => {
    const problems = problemsOf(inputFor("baseline-with-defaults.yaml", { parameters: { IamPasswordPolicyParamMinimumPasswordLength: "8" } }));
    expect(problems).to.deep.equal([
      "pack `test-pack` (conformance-packs/baseline-with-defaults.yaml): parameter `IamPasswordPolicyParamMinimumPasswordLength` is `8`; the template allows `14`, `16`, `20`",
    ]);
  });
});

describe("packs/templates: readTemplatePack, invalid templates", () => {
  const cases: [file: string, expected: string][] = [
    [
      "invalid-not-yaml.yaml",
      "pack `test-pack` (conformance-packs/invalid-not-yaml.yaml, line 4): is not valid YAML: Implicit keys of flow sequence pairs need to be on a single line",
    ],
    [
      "invalid-resource-type.yaml",
      "pack `test-pack` (conformance-packs/invalid-resource-type.yaml, line 2): resource `LogBucket` is of type `AWS::S3::Bucket`; a conformance pack template may hold only AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration resources",
    ],
    [
      "invalid-too-many-rules.yaml",
      "pack `test-pack` (conformance-packs/invalid-too-many-rules.yaml, line 2): has 131 rules; an organization conformance pack holds at most 130: split it into two packs",
    ],
    [
      "invalid-unknown-identifier.yaml",
      "pack `test-pack` (conformance-packs/invalid-unknown-identifier.yaml, line 8): rule `cloudtrail-enabled` names `CLOUDTRAIL_ENABLED`, which is not an AWS Config managed rule identifier",
    ],
    [
      "invalid-lambda-without-arn.yaml",
      "pack `test-pack` (conformance-packs/invalid-lambda-without-arn.yaml, line 7): custom Lambda rule `tagged-volumes` needs the function's ARN as Source.SourceIdentifier",
    ],
    [
      "invalid-placeholder.yaml",
      "pack `test-pack` (conformance-packs/invalid-placeholder.yaml, line 7): `Resources.CloudTrailS3DataEventsEnabled.Properties.InputParameters.S3BucketNames` still holds the placeholder `<YourBucketName>`",
    ],
    [
      "invalid-long-rule-name.yaml",
      `pack \`test-pack\` (conformance-packs/invalid-long-rule-name.yaml, line 5): rule name \`s3-bucket-versioning-enabled-for-every-bucket-in-every-account-of-the-organization-without-exception\` is 100 characters; keep it to ${MAX_TEMPLATE_RULE_NAME}`,
    ],
    [
      "invalid-remediation-role.yaml",
      "pack `test-pack` (conformance-packs/invalid-remediation-role.yaml, line 9): remediation `SnsEncryptedKmsRemediation` AutomationAssumeRole names the role `arn:aws:iam::111122223333:role/CentralRemediationRole`, not the project's automation role",
    ],
  ];
  for (const [file, expected] of cases) {
    it(`names the culprit: ${file}`, () => {
      const problems = problemsOf(inputFor(file));
      expect(
        problems.some((p) => p.startsWith(expected)),
        problems.join("\n"),
      ).to.equal(true);
    });
  }

  it("suggests the identifier of a rule whose name was upper-cased", () => {
    expect(problemsOf(inputFor("invalid-unknown-identifier.yaml"))[0]).to.contain("the rule `cloudtrail-enabled` has the identifier `CLOUD_TRAIL_ENABLED`");
  });

  it("reports several problems in one run", () => {
    const problems = problemsOf(inputFor("invalid-several.yaml", { parameters: { Nope: "1" } }));
    const at = "pack `test-pack` (conformance-packs/invalid-several.yaml";
    expect(problems, problems.join("\n")).to.have.length(5);
    expect(problems).to.include.members([
      `${at}): parameter \`Nope\` is not one of the template's Parameters (\`TrailBucket\`)`,
      `${at}, line 8): resource \`Topic\` is of type \`AWS::SNS::Topic\`; a conformance pack template may hold only AWS::Config::ConfigRule and AWS::Config::RemediationConfiguration resources`,
      `${at}, line 22): \`Fn::If\` names the condition \`trailBucketSet\`, which the template's Conditions do not define`,
      `${at}, line 6): \`Parameters.TrailBucket.Default\` still holds the placeholder \`<Your-Trail-Bucket>\`: put the real value in (or a template parameter the pack sets)`,
    ]);
    expect(problems.find((p) => p.includes("EC2_IMDSV2_REQUIRED"))).to.contain(`${at}, line 16): rule \`ec2-imdsv2-check\` names \`EC2_IMDSV2_REQUIRED\``);
  });

  it("rejects input parameters the managed rule does not take, naming the ones it does", () => {
    const text = inputFor("invalid-placeholder.yaml").text.replace("S3BucketNames: <YourBucketName>", "BucketNames: logs");
    expect(problemsOf(inputFor("invalid-placeholder.yaml", { text }))).to.deep.equal([
      "pack `test-pack` (conformance-packs/invalid-placeholder.yaml, line 7): rule `cloudtrail-s3-dataevents-enabled` (CLOUDTRAIL_S3_DATAEVENTS_ENABLED) has input parameter `BucketNames`; the rule takes `S3BucketNames`",
    ]);
  });

  it("checks both branches when InputParameters as a whole is an Fn::If", () => {
    const text = inputFor("baseline-with-defaults.yaml").text.replace(
      "      InputParameters:\n        MinimumPasswordLength: !Ref IamPasswordPolicyParamMinimumPasswordLength\n",
      "      InputParameters: !If [apiGwLoggingLevelSet, {MinPasswordLength: !Ref IamPasswordPolicyParamMinimumPasswordLength}, !Ref AWS::NoValue]\n",
    );
    const problems = problemsOf(inputFor("baseline-with-defaults.yaml", { text }));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain(
      "rule `iam-password-policy` (IAM_PASSWORD_POLICY) has input parameter `MinPasswordLength`; the rule takes `RequireUppercaseCharacters`",
    );
  });
});

describe("packs/templates: readTemplatePack, remediation", () => {
  it("takes AWS's placeholder role as the project's role and resolves runbook parameters", () => {
    const pack = packOf(inputFor("with-remediation.yaml", { parameters: { LoggingTargetBucket: "central-access-logs" } }));
    expect(pack.remediations).to.deep.equal([
      {
        logicalId: "S3BucketLoggingEnabledRemediation",
        configRuleName: "s3-bucket-logging-enabled",
        ruleLogicalId: "S3BucketLoggingEnabled",
        targetType: "SSM_DOCUMENT",
        targetId: "AWS-ConfigureS3BucketLogging",
        targetVersion: "1",
        resourceType: "AWS::S3::Bucket",
        parameters: {
          BucketName: { resourceValue: "RESOURCE_ID" },
          TargetBucket: { staticValues: ["central-access-logs"] },
          TargetPrefix: { staticValues: ["logs/${AWS::AccountId}/"] },
        },
        roleParameter: "AutomationAssumeRole",
        role: { kind: "project", asWritten: "arn:aws:iam::<Account-Id>:role/ExampleRemediationRole" },
        automatic: true,
        maximumAutomaticAttempts: 5,
        retryAttemptSeconds: 60,
        line: 18,
      },
    ]);
  });

  it("accepts another role when config allows it, by ARN or by name", () => {
    for (const allowed of ["arn:aws:iam::111122223333:role/CentralRemediationRole", "CentralRemediationRole"]) {
      const pack = packOf(inputFor("invalid-remediation-role.yaml", { allowedRemediationRoles: [allowed] }));
      expect(pack.remediations[0]!.role).to.deep.equal({ kind: "allowed", arn: "arn:aws:iam::111122223333:role/CentralRemediationRole" });
      expect(pack.remediations[0]!.automatic).to.equal(false);
    }
  });

  it("takes a literal ARN naming the project's own role as the project's role", () => {
    const pack = packOf(inputFor("invalid-remediation-role.yaml", { remediationRoleName: "CentralRemediationRole" }));
    expect(pack.remediations[0]!.role.kind).to.equal("project");
  });
});
