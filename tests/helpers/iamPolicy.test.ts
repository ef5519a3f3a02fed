/** The test-only IAM evaluator (tests/helpers/iamPolicy.ts) on the cases our policies rely on. */
import { expect } from "chai";

import { evaluate } from "./iamPolicy";

describe("tests/helpers/iamPolicy", () => {
  const topic = "arn:aws:sns:eu-west-1:111111111111:t";
  const policy = {
    Statement: [
      { Sid: "Alarms", Effect: "Allow" as const, Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: topic, Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } },
      { Sid: "OnlyAlarms", Effect: "Deny" as const, Principal: "*" as const, Action: "sns:Publish", Resource: topic, Condition: { StringNotEquals: { "aws:PrincipalServiceName": "cloudwatch.amazonaws.com" } } },
    ],
  };

  it("allows a matching Allow, and an explicit Deny beats it", () => {
    expect(evaluate(policy, { action: "sns:publish", resource: topic, principal: { Service: "cloudwatch.amazonaws.com" }, context: { "aws:SourceAccount": "111111111111", "aws:PrincipalServiceName": "cloudwatch.amazonaws.com" } })).to.deep.equal({ decision: "allow", by: ["Alarms"] });
    expect(evaluate(policy, { action: "sns:Publish", resource: topic, principal: { AWS: "arn:aws:iam::111111111111:role/x" }, context: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x" } }).decision).to.equal("explicit-deny");
  });

  it("treats a missing condition key as false for positive operators and true for negated ones", () => {
    expect(evaluate(policy, { action: "sns:Publish", resource: topic, principal: { Service: "cloudwatch.amazonaws.com" } }).decision).to.equal("explicit-deny");
  });

  it("denies implicitly what no statement allows, with wildcards in resources", () => {
    const identity = { Statement: [{ Sid: "A", Effect: "Allow" as const, Action: "iam:GetRole", Resource: "arn:aws:iam::*:role/aws-config-org/*" }] };
    expect(evaluate(identity, { action: "iam:GetRole", resource: "arn:aws:iam::1:role/aws-config-org/r" }).decision).to.equal("allow");
    expect(evaluate(identity, { action: "iam:GetRole", resource: "arn:aws:iam::1:role/other" }).decision).to.equal("implicit-deny");
  });

  it("refuses operators it does not implement rather than guess", () => {
    const odd = { Statement: [{ Effect: "Allow" as const, Action: "*", Resource: "*", Condition: { NumericLessThan: { "s3:max-keys": "10" } } }] };
    expect(() => evaluate(odd, { action: "s3:ListBucket", resource: "*", context: { "s3:max-keys": "5" } })).to.throw(/not implemented/);
  });
});
