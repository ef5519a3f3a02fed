/**
 * ApprovedImagesRule wiring under Pulumi mocks (pulumi.runtime.setMocks, via
 * recordResources), on the component alone with a small hand-built Deployment.
 */
import * as aws from "@pulumi/aws";
import { expect } from "chai";

import {
  ACCOUNTS_KEY,
  ALLOW_LIST_KEY,
  ApprovedImagesRule,
  approvedImagesNames,
  executionPolicy,
  approvedImagesExecutionRoleArn,
  approvedImagesReaderArgs,
  readerPolicy,
  readerTrustPolicy,
} from "../../../components/central/approvedImagesRule";
import { approvedImagesRuleArgsOf } from "../../../components/central/centralArgs";
import type { AllowList } from "../../../rules/approved-images/allowList";
import { ENV } from "../../../rules/approved-images/environment";
import { testDeployment } from "../../packs/deploymentFixture";
import { promiseOf, recordResources, settled, type Registered } from "../../packs/pulumiMocks";

const allowList: AllowList = {
  version: 1,
  entries: [
    { description: "Golden images", ownerAccountIds: ["111122223333"], namePatterns: ["golden-*"] },
    { imageIds: Array.from({ length: 40 }, (_, i) => `ami-${(0x20000000 + i).toString(16)}`) },
  ],
};
const BUCKET = "aws-config-org-approved-images-222222222222-eu-west-1";
const EXECUTION_ROLE_ARN = "arn:aws:iam::222222222222:role/aws-config-org/aws-config-org-approved-images";

describe("approved-images: ApprovedImagesRule wiring under Pulumi mocks", () => {
  let registered: Registered[];
  let component: ApprovedImagesRule;
  let providerUrn: string;
  const deployment = testDeployment();
  const ofType = (type: string) => registered.filter((r) => r.type === type && r.name.startsWith("approved-images-"));
  const one = (type: string) => {
    const found = ofType(type);
    expect(found, type).to.have.length(1);
    return found[0]!;
  };

  before(async () => {
    registered = await recordResources();
    const provider = new aws.Provider("security-account", { region: "eu-west-1", allowedAccountIds: ["222222222222"] });
    component = new ApprovedImagesRule("approved-images", approvedImagesRuleArgsOf(deployment, { allowList }, provider));
    await settled([
      component.bucket,
      component.allowListObject,
      component.accountsObject,
      component.executionRole,
      ...Object.values(component.functions),
      ...Object.values(component.rules),
    ]);
    providerUrn = await promiseOf(provider.urn);
  });

  it("registers under its type token", async () => {
    expect(await promiseOf(component.urn)).to.contain("aws-config-org:central:ApprovedImagesRule::approved-images");
  });

  it("puts every AWS resource in the security account, through its provider", () => {
    const awsResources = registered.filter((r) => r.type.startsWith("aws:") && r.name.startsWith("approved-images-"));
    expect(awsResources.length).to.be.greaterThan(10);
    for (const r of awsResources) expect(r.provider, `${r.type} ${r.name}`).to.match(new RegExp(`^${providerUrn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}::`));
  });

  it("keeps the allow-list and findings in one private, encrypted, versioned bucket of the home region", () => {
    expect(one("aws:s3/bucket:Bucket").inputs).to.deep.include({ bucket: BUCKET, region: "eu-west-1" });
    expect(one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).to.deep.include({
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    });
    expect(one("aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
    expect(JSON.parse(one("aws:s3/bucketPolicy:BucketPolicy").inputs.policy).Statement[0]).to.deep.include({ Sid: "DenyInsecureTransport", Effect: "Deny" });
    const objects = ofType("aws:s3/bucketObjectv2:BucketObjectv2");
    expect(objects.map((o) => o.inputs.key)).to.deep.equal([ALLOW_LIST_KEY, ACCOUNTS_KEY]);
    // The handler acts only for these accounts: every in-scope account, not the excluded one.
    expect(JSON.parse(objects[1]!.inputs.content)).to.deep.equal({ version: 1, accountIds: ["123456789012", "222222222222", "333333333333", "444444444444"] });
    const object = objects[0]!.inputs;
    expect(object.key).to.equal(ALLOW_LIST_KEY);
    expect(JSON.parse(object.content)).to.deep.equal(allowList);
  });

  it("gives the function a role that can only assume reader roles of this organization, read the allow-list and write findings", () => {
    const role = one("aws:iam/role:Role").inputs;
    expect(role).to.deep.include({ name: "aws-config-org-approved-images", path: "/aws-config-org/" });
    expect(JSON.parse(role.assumeRolePolicy).Statement[0]).to.deep.include({
      Principal: { Service: "lambda.amazonaws.com" },
      Condition: { StringEquals: { "aws:SourceAccount": "222222222222" } },
    });
    expect(role.managedPolicyArns).to.deep.equal(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
    const policy = one("aws:iam/rolePolicy:RolePolicy").inputs;
    expect(JSON.parse(policy.policy)).to.deep.equal(
      executionPolicy({
        partition: "aws",
        bucket: BUCKET,
        findingsPrefix: "findings/approved-images",
        rolePath: "/aws-config-org/",
        readerRole: "aws-config-org-approved-images-reader",
        organizationId: "o-abcd123456",
      }),
    );
    const statements = JSON.parse(policy.policy).Statement;
    expect(statements.map((s: { Resource: string }) => s.Resource)).to.deep.equal([
      "arn:aws:iam::*:role/aws-config-org/aws-config-org-approved-images-reader",
      [`arn:aws:s3:::${BUCKET}/${ALLOW_LIST_KEY}`, `arn:aws:s3:::${BUCKET}/${ACCOUNTS_KEY}`],
      `arn:aws:s3:::${BUCKET}/findings/approved-images/*`,
    ]);
    expect(statements[0]).to.deep.include({ Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:ResourceOrgID": "o-abcd123456" } } });
  });

  it("deploys the function in every governed region with its environment", () => {
    const functions = ofType("aws:lambda/function:Function");
    expect(functions.map((f) => f.inputs.region)).to.deep.equal(["eu-west-1", "us-east-1"]);
    for (const fn of functions) {
      expect(fn.inputs).to.deep.include({ name: "aws-config-org-approved-images", runtime: "nodejs22.x", handler: "index.handler", role: EXECUTION_ROLE_ARN });
      expect(fn.inputs.environment.variables).to.deep.equal({
        [ENV.bucketRegion]: "eu-west-1",
        [ENV.allowListBucket]: BUCKET,
        [ENV.allowListKey]: ALLOW_LIST_KEY,
        [ENV.accountsKey]: ACCOUNTS_KEY,
        [ENV.findingsBucket]: BUCKET,
        [ENV.findingsPrefix]: "findings/approved-images",
        [ENV.readerRoleName]: "aws-config-org-approved-images-reader",
        [ENV.readerRolePath]: "/aws-config-org/",
      });
    }
  });

  it("lets config.amazonaws.com invoke each function", () => {
    const permissions = ofType("aws:lambda/permission:Permission");
    expect(permissions.map((p) => p.inputs.region)).to.deep.equal(["eu-west-1", "us-east-1"]);
    for (const p of permissions) {
      expect(p.inputs).to.deep.include({ action: "lambda:InvokeFunction", principal: "config.amazonaws.com", function: "aws-config-org-approved-images" });
    }
  });

  it("creates an organization custom rule per governed region on EC2 instances, changes and schedule, skipping excluded accounts", () => {
    const rules = ofType("aws:cfg/organizationCustomRule:OrganizationCustomRule");
    expect(rules.map((r) => r.inputs.region)).to.deep.equal(["eu-west-1", "us-east-1"]);
    for (const rule of rules) {
      expect(rule.inputs).to.deep.include({
        name: "aws-config-org-approved-images",
        lambdaFunctionArn: `arn:aws:lambda:${rule.inputs.region}:222222222222:function:aws-config-org-approved-images`,
        maximumExecutionFrequency: "TwentyFour_Hours",
      });
      expect(rule.inputs.triggerTypes).to.deep.equal([
        "ConfigurationItemChangeNotification",
        "OversizedConfigurationItemChangeNotification",
        "ScheduledNotification",
      ]);
      expect(rule.inputs.resourceTypesScopes).to.deep.equal(["AWS::EC2::Instance"]);
      expect(rule.inputs.excludedAccounts).to.deep.equal(["555555555555"]);
    }
  });

  it("gives every in-scope account a reader role that trusts the security account root, only as the function's role", () => {
    // The role itself is created by each account's component (components/account.ts): see the program test below.
    expect(approvedImagesExecutionRoleArn(deployment)).to.equal(EXECUTION_ROLE_ARN);
    const workload = approvedImagesReaderArgs(
      deployment,
      deployment.accounts.find((a) => a.id === "444444444444")!,
    );
    expect(workload).to.deep.include({
      roleArn: "arn:aws:iam::444444444444:role/AwsConfigOrgDeployment",
      externalId: "ext-444",
      roleName: "aws-config-org-approved-images-reader",
      path: "/aws-config-org/",
    });
    const trust = JSON.parse(workload.assumeRolePolicy as string);
    expect(trust).to.deep.equal(readerTrustPolicy({ partition: "aws", securityAccountId: "222222222222", executionRoleArn: EXECUTION_ROLE_ARN }));
    // The root as principal (it always exists), the role by condition (survives the role's recreation).
    expect(trust.Statement).to.deep.equal([
      {
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::222222222222:root" },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": EXECUTION_ROLE_ARN } },
      },
    ]);
    expect(JSON.parse((workload.inlinePolicies as Record<string, string>)["approved-images-reader"]!)).to.deep.equal(readerPolicy());
    expect(
      approvedImagesReaderArgs(
        deployment,
        deployment.accounts.find((a) => a.id === "123456789012")!,
      ),
    ).to.not.have.property("roleArn");
    expect(ofType("pulumi-nodejs:dynamic/multiaccount:AccountRole")).to.deep.equal([]);
  });

  it("refuses an invalid allow-list before creating anything, listing every problem", () => {
    const before = registered.length;
    const provider = new aws.Provider("security-account-2", { region: "eu-west-1" });
    expect(
      () =>
        new ApprovedImagesRule(
          "bad",
          approvedImagesRuleArgsOf(deployment, { allowList: { version: 1, entries: [{}, { imageIds: ["x"] }] } as unknown as AllowList }, provider),
        ),
    ).to.throw(/allow-list is invalid \(2 issues\)/);
    expect(registered.slice(before).filter((r) => r.name.startsWith("bad"))).to.deep.equal([]);
  });

  it("derives names from config, and refuses a bucket name S3 would refuse", () => {
    expect(approvedImagesNames(deployment).bucket).to.equal(BUCKET);
    expect(() => approvedImagesNames({ ...deployment, project: "a-very-long-project-name-for-config" })).to.throw(/shorten the project name/);
  });
});
