import { expect } from "chai";

import { automationPermissionsPolicy, automationRole, automationRoleArn, automationTrustPolicy, runbooks, type RunbookName } from "../../packs";

type Statement = { Sid: string; Effect: string; Action: string[]; Resource: string[] };
const statements = (runbookDocs: string[], partition: "aws" | "aws-us-gov" = "aws", account = "444444444444") =>
  automationPermissionsPolicy(runbookDocs, partition, account).Statement as unknown as Statement[];
const actionsOf = (s: Statement[]) => s.flatMap((x) => x.Action).sort();

describe("packs: automation role policies", () => {
  it("names the role after the project, under the project's path, and refuses names IAM would refuse", () => {
    expect(automationRole("aws-config-org")).to.deep.equal({ name: "aws-config-org-remediation", path: "/aws-config-org/" });
    expect(automationRoleArn(automationRole("aws-config-org"), "aws-us-gov", "444444444444")).to.equal(
      "arn:aws-us-gov:iam::444444444444:role/aws-config-org/aws-config-org-remediation",
    );
    expect(() => automationRole("x".repeat(60))).to.throw(/not a valid IAM role name.*shorten the project name/);
  });

  it("trusts SSM Automation only for executions in the same account", () => {
    expect(automationTrustPolicy("aws", "444444444444")).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "SsmAutomationInThisAccount",
          Effect: "Allow",
          Principal: { Service: "ssm.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "444444444444" },
            ArnLike: { "aws:SourceArn": "arn:aws:ssm:*:444444444444:automation-execution/*" },
          },
        },
      ],
    });
  });

  it("grants only the actions of the selected runbooks, plus starting those runbooks and reading own executions", () => {
    const s = statements(["AWSConfigRemediation-EnablePITRForDynamoDbTable"]);
    expect(actionsOf(s)).to.deep.equal(
      ["dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups", "ssm:GetAutomationExecution", "ssm:StartAutomationExecution"].sort(),
    );
    expect(s.find((x) => x.Sid === "StartSelectedRunbooks")!.Resource).to.deep.equal([
      "arn:aws:ssm:*:*:automation-definition/AWSConfigRemediation-EnablePITRForDynamoDbTable:*",
    ]);
    expect(s.find((x) => x.Sid === "ReadOwnExecutions")!.Resource).to.deep.equal(["arn:aws:ssm:*:444444444444:automation-execution/*"]);
    expect(s.find((x) => x.Sid === "EnablePITRForDynamoDbTable")!.Resource).to.deep.equal(["arn:aws:dynamodb:*:444444444444:table/*"]);
  });

  it("fills partition and account into every resource, and never grants a wildcard action", () => {
    const all = Object.keys(runbooks) as RunbookName[];
    const s = statements(all, "aws-us-gov", "123456789012");
    for (const statement of s) {
      for (const resource of statement.Resource) {
        expect(resource, statement.Sid).to.not.match(/\{partition\}|\{accountId\}/);
        if (resource === "*") continue;
        expect(resource, statement.Sid).to.match(/^arn:aws-us-gov:/);
        // Scoped to the account, except S3 bucket ARNs (which have no account) and the AWS-owned runbook definitions.
        const global = /^arn:aws-us-gov:(s3:::|ssm:\*:\*:automation-definition\/)/.test(resource);
        expect(resource.includes(":123456789012:") || global, `${statement.Sid}: ${resource}`).to.equal(true);
      }
      for (const action of statement.Action) expect(action, statement.Sid).to.not.contain("*");
    }
    expect(new Set(s.map((x) => x.Sid)).size).to.equal(s.length);
  });

  it("deduplicates and orders runbooks, so the policy does not change with pack order", () => {
    const a = automationPermissionsPolicy(["AWS-StopEC2Instance", "AWSConfigRemediation-EncryptSNSTopic", "AWS-StopEC2Instance"], "aws", "444444444444");
    const b = automationPermissionsPolicy(["AWSConfigRemediation-EncryptSNSTopic", "AWS-StopEC2Instance"], "aws", "444444444444");
    expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
  });

  it("stays under IAM's 10,240-character inline policy limit with every runbook selected", () => {
    const json = JSON.stringify(automationPermissionsPolicy(Object.keys(runbooks), "aws-us-gov", "123456789012"));
    expect(json.length).to.be.lessThan(10_240);
  });

  it("refuses an empty selection and a runbook it does not know", () => {
    expect(() => automationPermissionsPolicy([], "aws", "444444444444")).to.throw(/no runbook selected/);
    expect(() => automationPermissionsPolicy(["AWS-RestartEC2Instance"], "aws", "444444444444")).to.throw(
      /`AWS-RestartEC2Instance` is not in packs\/catalog\/runbooks.ts/,
    );
  });
});
