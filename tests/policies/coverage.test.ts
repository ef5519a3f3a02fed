import { expect } from "chai";

import { configDeliveryChannelCentralBucket, configGlobalResourceTypesSingleRegion, configRecorderCoverage } from "../../policies/policies";
import {
  BUCKET,
  description,
  EXCLUDED,
  fixtureStack,
  HOME,
  LOG_ARCHIVE,
  MANAGEMENT,
  MEMBER_LEAN,
  MEMBER_SUBSET,
  recorderInputs,
  resource,
  SECURITY,
} from "./fixtures";
import { describeViolations, expectExactly, expectNoViolations, mutate, named, recorderAt, remove, RECORDER, verdict } from "./harness";

const stack = fixtureStack();

describe("policies: coverage, global types, central delivery", () => {
  describe("config-recorder-coverage", () => {
    const run = (resources: typeof stack, overrides = {}) => verdict(resources, description(overrides), [configRecorderCoverage]);

    it("passes when every place has its recorder", () => {
      expectNoViolations(run(stack));
    });

    it("names the account and every region without a recorder", () => {
      const resources = remove(remove(stack, recorderAt(MEMBER_LEAN, "eu-west-1")), recorderAt(MEMBER_LEAN, "eu-central-2"));
      expectExactly(run(resources), {
        policy: "config-recorder-coverage",
        mentions: [`Account ${MEMBER_LEAN} (sandbox)`, "eu-west-1, eu-central-2"],
      });
    });

    it("names a second recorder in one place", () => {
      const twin = resource(RECORDER, "recorder-twin", recorderInputs(SECURITY, HOME, false));
      expectExactly(run([...stack, twin]), {
        policy: "config-recorder-coverage",
        mentions: [`Account ${SECURITY}`, "2 ConfigRecorders in us-east-1"],
        urn: "recorder-twin",
      });
    });

    it("rejects recorders outside the scope: excluded account, unknown account, ungoverned region", () => {
      const excluded = resource(RECORDER, "r-excluded", recorderInputs(EXCLUDED, HOME, false));
      expectExactly(run([...stack, excluded]), { policy: "config-recorder-coverage", mentions: [`account ${EXCLUDED} in us-east-1`, "excludes"] });
      const stranger = resource(RECORDER, "r-stranger", recorderInputs("777777777777", HOME, false));
      expectExactly(run([...stack, stranger]), { policy: "config-recorder-coverage", mentions: ["777777777777", "outside shard `all`"] });
      const ungoverned = resource(RECORDER, "r-ungoverned", recorderInputs(MEMBER_SUBSET, "eu-central-2", false));
      expectExactly(run([...stack, ungoverned]), {
        policy: "config-recorder-coverage",
        mentions: [`account ${MEMBER_SUBSET} in eu-central-2`, "us-east-1, eu-west-1"],
      });
    });
  });

  describe("config-global-resource-types-single-region", () => {
    const run = (resources: typeof stack) => verdict(resources, description(), [configGlobalResourceTypesSingleRegion]);
    type Group = Record<string, unknown>;
    const group = (i: Record<string, unknown>) => (i.recorder as { recordingGroup: Group }).recordingGroup;
    /** Make a recorder record the IAM types: with all types, include them; under exclusions, stop excluding them. */
    const recordIam = (i: Record<string, unknown>) => {
      const g = group(i);
      if (g.allSupported === true) g.includeGlobalResourceTypes = true;
      else
        (g.exclusionByResourceTypes as { resourceTypes: string[] }).resourceTypes = (
          g.exclusionByResourceTypes as { resourceTypes: string[] }
        ).resourceTypes.filter((t) => !t.startsWith("AWS::IAM::"));
    };

    it("passes when each account records them in its home region only", () => {
      expectNoViolations(run(stack));
    });

    it("names both regions when an account records them twice", () => {
      const resources = mutate(stack, recorderAt(SECURITY, "eu-west-1"), recordIam);
      expectExactly(run(resources), {
        policy: "config-global-resource-types-single-region",
        mentions: [`Account ${SECURITY} (security)`, "2 regions (eu-west-1, us-east-1)", "only in us-east-1"],
        urn: "recorder-222222222222-eu-west-1",
      });
    });

    it("counts the exclusion strategy: IAM types are recorded unless excluded", () => {
      const resources = mutate(stack, recorderAt(MEMBER_LEAN, "eu-west-1"), (i) => {
        const exclusions = group(i).exclusionByResourceTypes as { resourceTypes: string[] };
        exclusions.resourceTypes = exclusions.resourceTypes.filter((t) => t !== "AWS::IAM::Role");
      });
      expectExactly(run(resources), { policy: "config-global-resource-types-single-region", mentions: [`Account ${MEMBER_LEAN}`, "eu-west-1, us-east-1"] });
    });

    it("does not count a region where AWS does not record them", () => {
      const resources = mutate(stack, recorderAt(MANAGEMENT, "eu-central-2"), recordIam);
      expectNoViolations(run(resources));
    });

    it("names an account that records them nowhere", () => {
      const resources = mutate(stack, recorderAt(LOG_ARCHIVE, HOME), (i) => (group(i).includeGlobalResourceTypes = false));
      expectExactly(run(resources), {
        policy: "config-global-resource-types-single-region",
        mentions: [`Account ${LOG_ARCHIVE}`, "no region", "record them in us-east-1"],
      });
    });

    it("names an account that records them in the wrong region", () => {
      const moved = mutate(
        mutate(stack, recorderAt(SECURITY, HOME), (i) => (group(i).includeGlobalResourceTypes = false)),
        recorderAt(SECURITY, "eu-west-1"),
        recordIam,
      );
      expectExactly(run(moved), { policy: "config-global-resource-types-single-region", mentions: ["in eu-west-1", "global-types region us-east-1"] });
    });

    it("names a region outside the global-types region that records AWS::RDS::GlobalCluster (all types, or an exclusion list without it)", () => {
      const allTypes = mutate(stack, recorderAt(SECURITY, "eu-west-1"), (i) => {
        (i.recorder as Record<string, unknown>).recordingGroup = {
          allSupported: true,
          includeGlobalResourceTypes: false,
          recordingStrategy: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" },
        };
      });
      expectExactly(run(allTypes), {
        policy: "config-global-resource-types-single-region",
        mentions: [`Account ${SECURITY} (security)`, "`AWS::RDS::GlobalCluster` in eu-west-1", "record it only in us-east-1"],
        urn: "recorder-222222222222-eu-west-1",
      });
      const lean = mutate(stack, recorderAt(MEMBER_LEAN, "eu-west-1"), (i) => {
        const exclusions = group(i).exclusionByResourceTypes as { resourceTypes: string[] };
        exclusions.resourceTypes = exclusions.resourceTypes.filter((t) => t !== "AWS::RDS::GlobalCluster");
      });
      expectExactly(run(lean), {
        policy: "config-global-resource-types-single-region",
        mentions: [`Account ${MEMBER_LEAN}`, "`AWS::RDS::GlobalCluster` in eu-west-1"],
      });
    });

    it("counts inclusion lists that name IAM types", () => {
      const resources = mutate(stack, recorderAt(MEMBER_SUBSET, "eu-west-1"), (i) => {
        (i.recorder as Record<string, unknown>).recordingGroup = {
          allSupported: false,
          resourceTypes: ["AWS::IAM::User"],
          recordingStrategy: { useOnly: "INCLUSION_BY_RESOURCE_TYPES" },
        };
      });
      expectExactly(run(resources), { policy: "config-global-resource-types-single-region", mentions: [`Account ${MEMBER_SUBSET}`, "2 regions"] });
    });
  });

  describe("config-delivery-channel-central-bucket", () => {
    const run = (resources: typeof stack, overrides = {}) => verdict(resources, description(overrides), [configDeliveryChannelCentralBucket]);

    it("passes when every channel writes to the central bucket", () => {
      expectNoViolations(run(stack));
    });

    it("names a channel that writes elsewhere", () => {
      const resources = mutate(stack, recorderAt(MEMBER_SUBSET, "eu-west-1"), (i) => {
        (i.deliveryChannel as Record<string, unknown>).s3BucketName = "legacy-config-bucket";
      });
      expectExactly(run(resources), {
        policy: "config-delivery-channel-central-bucket",
        mentions: [`account ${MEMBER_SUBSET} in eu-west-1`, "`legacy-config-bucket`", `\`${BUCKET}\``],
        urn: "recorder-555555555555-eu-west-1",
      });
    });

    it("requires the central bucket in the log archive account of the stack that owns it", () => {
      expectExactly(run(remove(stack, named("aws:s3/bucket:Bucket", "delivery"))), {
        policy: "config-delivery-channel-central-bucket",
        mentions: ["not declared"],
      });
      const wrongAccount = stack.map((r) =>
        r.type === "aws:s3/bucket:Bucket" ? { ...r, provider: stack.find((p) => p.name === `aws-${SECURITY}`)!.urn + "::aws-x-id" } : r,
      );
      expectExactly(run(wrongAccount), {
        policy: "config-delivery-channel-central-bucket",
        mentions: [`account ${SECURITY}`, `log archive account ${LOG_ARCHIVE}`],
      });
    });

    it("does not look for the bucket in a shard that does not own it", () => {
      const violations = run(remove(stack, named("aws:s3/bucket:Bucket", "delivery")), { shard: { name: "hash 1/2", ownsCentral: false } });
      expect(violations, describeViolations(violations)).to.deep.equal([]);
    });
  });
});
