/**
 * The pack matches resources by type token; these are the tokens of the
 * @pulumi/aws (7.x) and @pulumi/aws-native classes the program uses, so a
 * renamed token fails here instead of silently skipping a policy.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import { expect } from "chai";

import * as tokens from "../../policies/tokens";
import { runProgram } from "../../offline/mockRun";

const typeOf = (cls: unknown) => (cls as { __pulumiType: string }).__pulumiType;

describe("policies: type tokens", () => {
  it("match @pulumi/aws 7 classes", () => {
    expect(tokens.S3_BUCKET).to.equal(typeOf(aws.s3.Bucket));
    expect(tokens.S3_BUCKET_VERSIONING).to.deep.equal([typeOf(aws.s3.BucketVersioning), typeOf(aws.s3.BucketVersioningV2)]);
    expect(tokens.S3_BUCKET_ENCRYPTION).to.deep.equal([
      typeOf(aws.s3.BucketServerSideEncryptionConfiguration),
      typeOf(aws.s3.BucketServerSideEncryptionConfigurationV2),
    ]);
    expect(tokens.S3_BUCKET_PUBLIC_ACCESS_BLOCK).to.equal(typeOf(aws.s3.BucketPublicAccessBlock));
    expect(tokens.S3_BUCKET_POLICY).to.equal(typeOf(aws.s3.BucketPolicy));
    expect(tokens.CONFIG_AGGREGATOR).to.equal(typeOf(aws.cfg.ConfigurationAggregator));
    expect(tokens.ORGANIZATION_CONFORMANCE_PACK).to.equal(typeOf(aws.cfg.OrganizationConformancePack));
    expect(tokens.ORGANIZATIONS_POLICY).to.equal(typeOf(aws.organizations.Policy));
    expect(tokens.SNS_TOPIC).to.equal(typeOf(aws.sns.Topic));
    expect(tokens.ORGANIZATIONS_POLICY_ATTACHMENT).to.equal(typeOf(aws.organizations.PolicyAttachment));
    expect(tokens.CLOUDTRAIL_TRAIL).to.equal(typeOf(aws.cloudtrail.Trail));
    expect(tokens.GUARDDUTY_DETECTOR).to.equal(typeOf(aws.guardduty.Detector));
    expect(tokens.GUARDDUTY_ORGANIZATION_ADMIN_ACCOUNT).to.equal(typeOf(aws.guardduty.OrganizationAdminAccount));
    expect(tokens.GUARDDUTY_ORGANIZATION_CONFIGURATION).to.equal(typeOf(aws.guardduty.OrganizationConfiguration));
    expect(tokens.AWS_PROVIDER).to.equal(`pulumi:providers:${typeOf(aws.Provider).split(":").pop()}`);
  });

  it("match @pulumi/aws-native classes", () => {
    expect(tokens.NATIVE_CONFIG_AGGREGATOR).to.equal(typeOf(awsnative.configuration.ConfigurationAggregator));
    expect(tokens.NATIVE_ORGANIZATION_CONFORMANCE_PACK).to.equal(typeOf(awsnative.configuration.OrganizationConformancePack));
    expect(tokens.NATIVE_SNS_TOPIC).to.equal(typeOf(awsnative.sns.Topic));
  });

  it("are the types the program's multi-account resources register under", async () => {
    const run = await runProgram({ stack: "dev" });
    const dynamicTypes = new Set(run.resources.map((r) => r.type).filter((t) => t.startsWith("pulumi-nodejs:dynamic/")));
    const declared = [tokens.CONFIG_RECORDER, tokens.SERVICE_LINKED_ROLE, tokens.TRUSTED_SERVICE_ACCESS, tokens.ACCOUNT_ROLE, tokens.ACCOUNT_CONFORMANCE_PACK];
    expect(
      [...dynamicTypes].filter((t) => !declared.includes(t)),
      "registered but not in policies/tokens.ts",
    ).to.deep.equal([]);
    expect([...dynamicTypes].sort()).to.include.members([tokens.CONFIG_RECORDER, tokens.SERVICE_LINKED_ROLE, tokens.TRUSTED_SERVICE_ACCESS]);
    expect(declared).to.deep.equal(tokens.DYNAMIC_RESOURCE_KINDS.map((kind) => `pulumi-nodejs:dynamic/multiaccount:${kind}`));
  });

  it("list every StackSet class of both providers", () => {
    expect(tokens.STACKSET_TYPES).to.deep.equal([
      typeOf(aws.cloudformation.StackSet),
      typeOf(aws.cloudformation.StackSetInstance),
      typeOf(aws.cloudformation.StackInstances),
      typeOf(awsnative.cloudformation.StackSet),
      typeOf(awsnative.servicecatalog.StackSetConstraint),
    ]);
  });
});
