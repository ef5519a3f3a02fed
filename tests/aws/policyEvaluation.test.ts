/** The IAM evaluator (aws/policyEvaluation.ts) on the cases our policies and preflight's delivery proof rely on. */
import { expect } from "chai";

import { evaluate, refusalReasons, UnsupportedPolicyError } from "../../aws/policyEvaluation";

describe("aws/policyEvaluation", () => {
  const topic = "arn:aws:sns:eu-west-1:111111111111:t";
  const policy = {
    Statement: [
      {
        Sid: "Alarms",
        Effect: "Allow" as const,
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topic,
        Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } },
      },
      {
        Sid: "OnlyAlarms",
        Effect: "Deny" as const,
        Principal: "*" as const,
        Action: "sns:Publish",
        Resource: topic,
        Condition: { StringNotEquals: { "aws:PrincipalServiceName": "cloudwatch.amazonaws.com" } },
      },
    ],
  };

  it("allows a matching Allow, and an explicit Deny beats it", () => {
    expect(
      evaluate(policy, {
        action: "sns:publish",
        resource: topic,
        principal: { Service: "cloudwatch.amazonaws.com" },
        context: { "aws:SourceAccount": "111111111111", "aws:PrincipalServiceName": "cloudwatch.amazonaws.com" },
      }),
    ).to.deep.equal({ decision: "allow", by: ["Alarms"] });
    expect(
      evaluate(policy, {
        action: "sns:Publish",
        resource: topic,
        principal: { AWS: "arn:aws:iam::111111111111:role/x" },
        context: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/x" },
      }).decision,
    ).to.equal("explicit-deny");
  });

  it("treats a missing condition key as false for positive operators and true for negated ones", () => {
    expect(evaluate(policy, { action: "sns:Publish", resource: topic, principal: { Service: "cloudwatch.amazonaws.com" } }).decision).to.equal("explicit-deny");
  });

  it("denies implicitly what no statement allows, with wildcards in resources", () => {
    const identity = { Statement: [{ Sid: "A", Effect: "Allow" as const, Action: "iam:GetRole", Resource: "arn:aws:iam::*:role/aws-config-org/*" }] };
    expect(evaluate(identity, { action: "iam:GetRole", resource: "arn:aws:iam::1:role/aws-config-org/r" }).decision).to.equal("allow");
    expect(evaluate(identity, { action: "iam:GetRole", resource: "arn:aws:iam::1:role/other" }).decision).to.equal("implicit-deny");
  });

  it("refuses elements it does not read rather than guess, naming the statement", () => {
    const setOperator = {
      Statement: [{ Sid: "Tags", Effect: "Allow" as const, Action: "*", Resource: "*", Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": "a" } } }],
    };
    expect(() => evaluate(setOperator, { action: "s3:ListBucket", resource: "*", context: {} })).to.throw(UnsupportedPolicyError, /`Tags`.*ForAnyValue/);
    const ip = {
      Statement: [
        {
          Sid: "Ip",
          Effect: "Deny" as const,
          Principal: "*" as const,
          Action: "*",
          Resource: "*",
          Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
        },
      ],
    };
    expect(() => evaluate(ip, { action: "s3:ListBucket", resource: "*", principal: { Service: "config.amazonaws.com" } })).to.throw(
      UnsupportedPolicyError,
      /NotIpAddress/,
    );
    const notPrincipal = { Statement: [{ Sid: "NP", Effect: "Deny" as const, NotPrincipal: { AWS: "x" }, Action: "*", Resource: "*" }] };
    expect(() => evaluate(notPrincipal, { action: "s3:ListBucket", resource: "*" })).to.throw(UnsupportedPolicyError, /NotPrincipal/);
  });

  it("reads ...IfExists, Null, Numeric operators and NotResource as IAM does", () => {
    const p = {
      Statement: [
        {
          Sid: "A",
          Effect: "Allow" as const,
          Principal: { Service: "config.amazonaws.com" },
          Action: "s3:PutObject",
          NotResource: "arn:aws:s3:::b/private/*",
          Condition: {
            StringEqualsIfExists: { "aws:SourceOrgID": "o-1" },
            Null: { "aws:SourceAccount": "false" },
            NumericLessThanEquals: { "s3:max-keys": "10" },
          },
        },
      ],
    };
    const config = { Service: "config.amazonaws.com" };
    expect(
      evaluate(p, {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::b/AWSLogs/1",
        principal: config,
        context: { "aws:SourceAccount": "1", "s3:max-keys": "5" },
      }).decision,
      "IfExists holds without the key",
    ).to.equal("allow");
    expect(
      evaluate(p, {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::b/AWSLogs/1",
        principal: config,
        context: { "aws:SourceAccount": "1", "aws:SourceOrgID": "o-2", "s3:max-keys": "5" },
      }).decision,
      "IfExists compares a present key",
    ).to.equal("implicit-deny");
    expect(
      evaluate(p, { action: "s3:PutObject", resource: "arn:aws:s3:::b/AWSLogs/1", principal: config, context: { "s3:max-keys": "5" } }).decision,
      "Null false needs the key",
    ).to.equal("implicit-deny");
    expect(
      evaluate(p, {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::b/AWSLogs/1",
        principal: config,
        context: { "aws:SourceAccount": "1", "s3:max-keys": "11" },
      }).decision,
      "numeric",
    ).to.equal("implicit-deny");
    expect(
      evaluate(p, {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::b/private/x",
        principal: config,
        context: { "aws:SourceAccount": "1", "s3:max-keys": "5" },
      }).decision,
      "NotResource",
    ).to.equal("implicit-deny");
  });

  it("says which condition of which statement refused a request", () => {
    const bucket = {
      Statement: [
        {
          Sid: "Delivery",
          Effect: "Allow" as const,
          Principal: { Service: "config.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::b/AWSLogs/*",
          Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceOrgID": "o-wrong" } },
        },
        {
          Sid: "Elsewhere",
          Effect: "Allow" as const,
          Principal: { Service: "config.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: "arn:aws:s3:::other/*",
        },
      ],
    };
    const request = {
      action: "s3:PutObject",
      resource: "arn:aws:s3:::b/AWSLogs/1/Config/x",
      principal: { Service: "config.amazonaws.com" },
      context: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceOrgID": "o-right" },
    };
    expect(evaluate(bucket, request).decision).to.equal("implicit-deny");
    expect(refusalReasons(bucket, request)).to.deep.equal(["Delivery: StringEquals aws:SourceOrgID wants o-wrong, the request has o-right"]);
    expect(refusalReasons(bucket, { ...request, resource: "arn:aws:s3:::b/elsewhere" }), "no statement names it").to.deep.equal([]);
  });
});
