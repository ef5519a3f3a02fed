/**
 * The pack against the real program: each stack, run under Pulumi mocks, with
 * the policy config built from the same Deployment, passes every mandatory
 * policy; and each mutation of that real shape (the changes a pull request
 * could make) yields exactly the expected violation, naming the place.
 */
import { expect } from "chai";

import { CONFIG_RECORDER } from "../../policies/tokens";
import { buildPolicyConfig } from "../../policies/config";
import { evaluatePack, type PackViolation, type PlannedResource } from "../../policies/evaluate";
import { runProgram } from "../helpers/program";
import { describeDeployment } from "../../offline/policyVerdict";
import {
  describeViolations,
  expectExactlyNew,
  expectNoMandatoryViolations,
  expectNoViolations,
  mutate,
  named,
  ofType,
  recorderAt,
  remove,
  type ExpectedViolation,
} from "./harness";

interface StackUnderTest {
  readonly resources: PlannedResource[];
  readonly config: Record<string, unknown>;
  readonly baseline: PackViolation[];
}

async function stackUnderTest(stack: "dev" | "prod"): Promise<StackUnderTest> {
  const run = await runProgram(stack);
  const resources = [...run.resources];
  const config = buildPolicyConfig(describeDeployment(run.deployment));
  return { resources, config, baseline: evaluatePack(resources, config).violations };
}

const PACK = "aws:cfg/organizationConformancePack:OrganizationConformancePack";
const AGGREGATOR = "aws:cfg/configurationAggregator:ConfigurationAggregator";

describe("policies: the real program", function () {
  this.timeout(120_000);
  let dev: StackUnderTest;
  let prod: StackUnderTest;

  before(async () => {
    dev = await stackUnderTest("dev");
    prod = await stackUnderTest("prod");
  });

  /** Mutated `stack` has exactly `expected` as its one new violation. */
  function expectMutation(stack: StackUnderTest, mutated: PlannedResource[], expected: ExpectedViolation): void {
    expectExactlyNew(stack.baseline, evaluatePack(mutated, stack.config).violations, expected);
  }

  describe("as declared", () => {
    it("dev passes every policy", () => {
      expect(dev.resources.length).to.be.greaterThan(0);
      expectNoViolations(dev.baseline, "dev");
    });

    it("prod passes every mandatory policy", () => {
      expectNoMandatoryViolations(prod.baseline, "prod");
    });

    it("prod's only advisories are packs deployed where legacy-edge (eu-west-1, us-east-1 only) has no recorder", () => {
      // A program fix (per-region excludedAccounts) empties this list; nothing else may appear.
      for (const v of prod.baseline) {
        expect(v.policy, describeViolations(prod.baseline)).to.equal("organization-conformance-pack-regionless-accounts");
        expect(v.message).to.match(/in eu-(central|north)-1 deploys to `500000000009`/);
      }
    });

    it("registers what the pack reads, under the tokens it reads them by", () => {
      const types = new Set(prod.resources.map((r) => r.type));
      for (const type of [
        CONFIG_RECORDER,
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketVersioning:BucketVersioning",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketPolicy:BucketPolicy",
        AGGREGATOR,
        PACK,
        "aws:organizations/policy:Policy",
        "aws:organizations/policyAttachment:PolicyAttachment",
        "pulumi:providers:aws",
      ]) {
        expect(types.has(type), type).to.equal(true);
      }
    });
  });

  describe("mutations of the real shape, one per policy", () => {
    type Inputs = Record<string, unknown>;
    const recorderOf = (i: Inputs) => i.recorder as { roleARN: string; recordingGroup?: Inputs; recordingMode: Inputs };

    it("drop a region from one account: config-recorder-coverage names account and region", () => {
      expectMutation(prod, remove(prod.resources, recorderAt("500000000004", "eu-north-1")), {
        policy: "config-recorder-coverage",
        mentions: ["Account 500000000004 (payments-prod)", "no ConfigRecorder in eu-north-1"],
      });
    });

    it("record global types in two regions: config-global-resource-types-single-region", () => {
      // Outside the global-types region the recorder excludes the global types by name: stop excluding the IAM ones.
      const mutated = mutate(prod.resources, recorderAt("500000000002", "us-east-1"), (i) => {
        const exclusions = recorderOf(i).recordingGroup!.exclusionByResourceTypes as { resourceTypes: string[] };
        exclusions.resourceTypes = exclusions.resourceTypes.filter((t) => !t.startsWith("AWS::IAM::"));
      });
      expectMutation(prod, mutated, {
        policy: "config-global-resource-types-single-region",
        mentions: ["Account 500000000002 (prod-security)", "2 regions (eu-west-1, us-east-1)", "only in eu-west-1"],
        urn: "recorder-500000000002-us-east-1",
      });
    });

    it("add a StackSet: cloudformation-stackset-prohibited", () => {
      const stackSet: PlannedResource = {
        urn: "urn:pulumi:prod::aws-config-org::aws:cloudformation/stackSet:StackSet::config-recorders",
        type: "aws:cloudformation/stackSet:StackSet",
        name: "config-recorders",
        inputs: { name: "config-recorders", permissionModel: "SERVICE_MANAGED", autoDeployment: { enabled: true } },
      };
      expectMutation(prod, [...prod.resources, stackSet], {
        policy: "cloudformation-stackset-prohibited",
        mentions: ["`config-recorders`"],
        urn: "StackSet::config-recorders",
      });
    });

    it("make the bucket public: s3-bucket-level-public-access-prohibited", () => {
      const mutated = mutate(prod.resources, named("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "delivery-public-access-block"), (i) => {
        i.blockPublicPolicy = false;
        i.restrictPublicBuckets = false;
      });
      expectMutation(prod, mutated, {
        policy: "s3-bucket-level-public-access-prohibited",
        mentions: ["`aws-config-org-500000000003-eu-west-1`", "`blockPublicPolicy`, `restrictPublicBuckets`"],
        urn: "delivery-public-access-block",
      });
    });

    it("suspend versioning: s3-bucket-versioning-enabled", () => {
      const mutated = mutate(
        prod.resources,
        named("aws:s3/bucketVersioning:BucketVersioning", "delivery-versioning"),
        (i) => (i.versioningConfiguration = { status: "Suspended" }),
      );
      expectMutation(prod, mutated, { policy: "s3-bucket-versioning-enabled", mentions: ["`Suspended`"], urn: "delivery-versioning" });
    });

    it("drop default encryption: s3-bucket-server-side-encryption-enabled", () => {
      const mutated = remove(
        prod.resources,
        named("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "delivery-encryption"),
      );
      expectMutation(prod, mutated, { policy: "s3-bucket-server-side-encryption-enabled", mentions: ["`aws-config-org-500000000003-eu-west-1`"] });
    });

    type Doc = { Statement: { Sid: string; Condition?: Record<string, Record<string, unknown>> }[] };
    const editDeliveryPolicy = (stack: StackUnderTest, change: (doc: Doc) => void) =>
      mutate(stack.resources, named("aws:s3/bucketPolicy:BucketPolicy", "delivery-policy"), (i) => {
        const doc = JSON.parse(i.policy as string) as Doc;
        change(doc);
        i.policy = JSON.stringify(doc);
      });

    it("allow plain HTTP: s3-bucket-ssl-requests-only", () => {
      const mutated = editDeliveryPolicy(prod, (d) => (d.Statement = d.Statement.filter((s) => !s.Condition?.Bool)));
      expectMutation(prod, mutated, { policy: "s3-bucket-ssl-requests-only", mentions: ["without TLS"], urn: "delivery-policy" });
    });

    it("open delivery beyond the organization: config-delivery-bucket-organization-only", () => {
      const mutated = editDeliveryPolicy(prod, (d) => {
        const existence = d.Statement.find((s) => s.Sid === "AWSConfigBucketExistenceCheck")!;
        delete existence.Condition;
      });
      expectMutation(prod, mutated, {
        policy: "config-delivery-bucket-organization-only",
        mentions: ["`AWSConfigBucketExistenceCheck`", "aws:SourceOrgID = o-prod9z8y7x6w"],
      });
    });

    it("shrink the aggregator's regions: config-organization-aggregator", () => {
      const mutated = mutate(prod.resources, ofType(AGGREGATOR), (i) => ((i.organizationAggregationSource as Inputs).regions = ["eu-west-1", "us-east-1"]));
      expectMutation(prod, mutated, { policy: "config-organization-aggregator", mentions: ["does not cover eu-central-1, eu-north-1"], urn: "aggregator" });
    });

    it("lose a pack in one region: organization-conformance-packs-all-regions", () => {
      // prod's approved-images rules are all remediated: that pack lives in the account packs only.
      expectMutation(prod, remove(prod.resources, named(PACK, "pack-data-protection-baseline-eu-central-1")), {
        policy: "organization-conformance-packs-all-regions",
        mentions: ["`data-protection-baseline`", "missing in eu-central-1"],
      });
    });

    it("misname a pack's delivery bucket: organization-conformance-pack-delivery-bucket-prefix", () => {
      const mutated = mutate(prod.resources, named(PACK, "pack-network-and-identity-us-east-1"), (i) => (i.deliveryS3Bucket = "prod-conformance-results"));
      expectMutation(prod, mutated, {
        policy: "organization-conformance-pack-delivery-bucket-prefix",
        mentions: ["`network-and-identity` in us-east-1", "`prod-conformance-results`"],
      });
    });

    it("inline an oversized template: organization-conformance-pack-template-size", () => {
      const mutated = mutate(prod.resources, named(PACK, "pack-data-protection-baseline-eu-west-1"), (i) => {
        delete i.templateS3Uri;
        i.templateBody = `# ${"x".repeat(60_000)}\nResources: {}\n`;
      });
      expectMutation(prod, mutated, {
        policy: "organization-conformance-pack-template-size",
        mentions: ["`data-protection-baseline` in eu-west-1", "templateS3Uri"],
      });
    });

    it("forget an inventory exclusion: organization-conformance-pack-excluded-accounts", () => {
      const mutated = mutate(prod.resources, named(PACK, "pack-network-and-identity-eu-west-1"), (i) => (i.excludedAccounts = []));
      expectMutation(prod, mutated, {
        policy: "organization-conformance-pack-excluded-accounts",
        mentions: ["`network-and-identity` in eu-west-1", "`500000000010`"],
      });
    });

    it("point a channel at another bucket: config-delivery-channel-central-bucket", () => {
      const mutated = mutate(
        prod.resources,
        recorderAt("500000000006", "eu-central-1"),
        (i) => ((i.deliveryChannel as Inputs).s3BucketName = "team-config-logs"),
      );
      expectMutation(prod, mutated, {
        policy: "config-delivery-channel-central-bucket",
        mentions: ["account 500000000006 in eu-central-1", "`team-config-logs`"],
        urn: "recorder-500000000006-eu-central-1",
      });
    });

    it("record with a custom role without opting out: config-recorder-service-linked-role", () => {
      const mutated = mutate(
        dev.resources,
        recorderAt("333333333333", "eu-west-1"),
        (i) => (recorderOf(i).roleARN = "arn:aws:iam::333333333333:role/config-role"),
      );
      expectMutation(dev, mutated, { policy: "config-recorder-service-linked-role", mentions: ["account 333333333333 in eu-west-1", "config-role"] });
    });

    it("opt out of the service-linked role: config-recorder-custom-role-opt-in (advisory)", () => {
      const mutated = mutate(dev.resources, recorderAt("333333333333", "eu-west-1"), (i) => {
        recorderOf(i).roleARN = "arn:aws:iam::333333333333:role/config-role";
        i.customRoleOptIn = true;
      });
      expectMutation(dev, mutated, { policy: "config-recorder-custom-role-opt-in", enforcement: "advisory", mentions: ["account 333333333333 in eu-west-1"] });
    });

    it("drop the recording group: config-recorder-recording-strategy", () => {
      const mutated = mutate(dev.resources, recorderAt("111111111111", "eu-west-1"), (i) => delete recorderOf(i).recordingGroup);
      expectMutation(dev, mutated, {
        policy: "config-recorder-recording-strategy",
        mentions: ["account 111111111111 in eu-west-1", "`recorder.recordingGroup`"],
      });
    });

    it("record compliance types daily: config-recorder-daily-recording-allowed", () => {
      const mutated = mutate(dev.resources, recorderAt("111111111111", "us-east-1"), (i) => {
        recorderOf(i).recordingMode = {
          recordingFrequency: "CONTINUOUS",
          recordingModeOverrides: [{ description: "cheaper", recordingFrequency: "DAILY", resourceTypes: ["AWS::Config::ConformancePackCompliance"] }],
        };
      });
      expectMutation(dev, mutated, {
        policy: "config-recorder-daily-recording-allowed",
        mentions: ["account 111111111111 in us-east-1", "`AWS::Config::ConformancePackCompliance` to DAILY"],
      });
    });

    it("add a provider per member account: aws-provider-per-member-account (advisory, with the count)", () => {
      const providers = ["500000000004", "500000000005"].map((id): PlannedResource => ({
        urn: `urn:pulumi:prod::aws-config-org::pulumi:providers:aws::aws-${id}`,
        type: "pulumi:providers:aws",
        name: `aws-${id}`,
        inputs: {
          allowedAccountIds: JSON.stringify([id]),
          assumeRoles: JSON.stringify([{ roleArn: `arn:aws:iam::${id}:role/OrganizationAccountAccessRole` }]),
          region: "eu-west-1",
        },
      }));
      expectMutation(prod, [...prod.resources, ...providers], {
        policy: "aws-provider-per-member-account",
        enforcement: "advisory",
        mentions: ["2 AWS provider(s)", "2 member account(s) (500000000004, 500000000005)"],
      });
    });

    it("detach the tamper-protection SCP: organizations-tamper-protection-scp-attached", () => {
      const mutated = remove(prod.resources, (r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment" && r.inputs.targetId === "r-p1a2");
      expectMutation(prod, mutated, { policy: "organizations-tamper-protection-scp-attached", mentions: ["`r-p1a2`"] });
    });
  });
});
