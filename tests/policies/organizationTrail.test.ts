import {
  cloudtrailBucketProtected,
  cloudtrailOneOrganizationTrail,
  cloudtrailOrganizationTrailSettings,
  organizationTrailPolicies,
} from "../../policies/policies";
import type { PlannedResource } from "../../policies/evaluate";
import { runProgram } from "../helpers/program";
import { description } from "./fixtures";
import { expectExactly, expectNoViolations, mutate, named, ofType, remove, verdict } from "./harness";

const TRAIL = "aws:cloudtrail/trail:Trail";
const BUCKET = "aws-config-org-trail-222222222222-us-east-1";

describe("policies: organization trail", () => {
  let stack: PlannedResource[];
  before(async () => {
    // The real program's dev stack with the trail on: the policies judge what the program declares.
    stack = [...(await runProgram("dev", { config: { "aws-config-org:organizationTrail": { enabled: true } } })).resources];
  });
  const run = (resources: readonly PlannedResource[], policy = organizationTrailPolicies) => verdict(resources, description(), policy);

  it("passes the program's trail, and a stack without a trail", async () => {
    expectNoViolations(run(stack));
    expectNoViolations(run(remove(stack, ofType(TRAIL))));
  });

  describe("cloudtrail-organization-trail-settings", () => {
    for (const flag of ["isMultiRegionTrail", "enableLogFileValidation", "isOrganizationTrail", "includeGlobalServiceEvents"]) {
      it(`rejects the trail with \`${flag}\` false`, () => {
        const resources = mutate(stack, ofType(TRAIL), (i) => (i[flag] = false));
        expectExactly(run(resources, [cloudtrailOrganizationTrailSettings]), {
          policy: "cloudtrail-organization-trail-settings",
          mentions: [`\`${flag}\``, "`aws-config-org-organization-trail`"],
          urn: "organization-trail",
        });
      });
    }
    it("accepts an unset includeGlobalServiceEvents (CloudTrail's default is true) but not an unset isMultiRegionTrail", () => {
      expectNoViolations(
        run(
          mutate(stack, ofType(TRAIL), (i) => delete i.includeGlobalServiceEvents),
          [cloudtrailOrganizationTrailSettings],
        ),
      );
      expectExactly(
        run(
          mutate(stack, ofType(TRAIL), (i) => delete i.isMultiRegionTrail),
          [cloudtrailOrganizationTrailSettings],
        ),
        { policy: "cloudtrail-organization-trail-settings", mentions: ["`isMultiRegionTrail`"] },
      );
    });
  });

  it("cloudtrail-one-organization-trail: rejects a second organization trail", () => {
    const trail = stack.find(ofType(TRAIL))!;
    const second = {
      ...trail,
      urn: `${trail.urn}-second`,
      name: "second",
      inputs: { ...trail.inputs, name: "second" },
      state: { ...trail.state, name: "second" },
    };
    expectExactly(run([...stack, second], [cloudtrailOneOrganizationTrail]), {
      policy: "cloudtrail-one-organization-trail",
      mentions: ["`second`", "`aws-config-org-organization-trail`"],
    });
  });

  describe("cloudtrail-bucket-protected", () => {
    const bucketRun = (resources: readonly PlannedResource[]) => run(resources, [cloudtrailBucketProtected]);
    it("rejects suspended versioning", () => {
      const resources = mutate(
        stack,
        named("aws:s3/bucketVersioning:BucketVersioning", "trail-versioning"),
        (i) => (i.versioningConfiguration = { status: "Suspended" }),
      );
      expectExactly(bucketRun(resources), { policy: "cloudtrail-bucket-protected", mentions: [`\`${BUCKET}\``, "not versioned"] });
    });
    it("rejects a public access block with a flag off", () => {
      const resources = mutate(
        stack,
        named("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "trail-public-access-block"),
        (i) => (i.restrictPublicBuckets = false),
      );
      expectExactly(bucketRun(resources), { policy: "cloudtrail-bucket-protected", mentions: [`\`${BUCKET}\``, "public access"] });
    });
    it("rejects a bucket policy without the TLS-only statement", () => {
      const resources = mutate(stack, named("aws:s3/bucketPolicy:BucketPolicy", "trail-policy"), (i) => {
        const doc = JSON.parse(i.policy as string) as { Statement: { Sid: string }[] };
        doc.Statement = doc.Statement.filter((s) => s.Sid !== "DenyInsecureTransport");
        i.policy = JSON.stringify(doc);
      });
      expectExactly(bucketRun(resources), { policy: "cloudtrail-bucket-protected", mentions: [`\`${BUCKET}\``, "without TLS"] });
    });
  });
});
