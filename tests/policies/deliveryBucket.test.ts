import { expect } from "chai";

import {
  configDeliveryBucketOrganizationOnly,
  deliveryBucketPolicies,
  s3BucketLevelPublicAccessProhibited,
  s3BucketServerSideEncryptionEnabled,
  s3BucketSslRequestsOnly,
  s3BucketVersioningEnabled,
} from "../../policies/policies";
import { deliveryBucketPolicy } from "../../config/configPublisherPolicies";
import { ACCOUNTS, BUCKET, bucketPolicyDocument, description, EXCLUDED, fixtureStack, MANAGEMENT, ORG_ID, SECURITY } from "./fixtures";
import { describeViolations, expectExactly, expectNoViolations, mutate, ofType, remove, verdict } from "./harness";

const stack = fixtureStack();
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const ENCRYPTION = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";

type Doc = { Statement: { Sid: string; Condition?: Record<string, Record<string, unknown>> }[] };
/** The fixture's bucket policy, edited. */
function withPolicy(change: (doc: Doc) => void) {
  return mutate(stack, ofType(POLICY), (i) => {
    const doc = JSON.parse(i.policy as string) as Doc;
    change(doc);
    i.policy = JSON.stringify(doc);
  });
}

describe("policies: central delivery bucket", () => {
  it("passes the fixture, whose companions reference the bucket by id (linked by dependency)", () => {
    expectNoViolations(verdict(stack, description(), deliveryBucketPolicies));
  });

  it("matches companions by bucket name too, without dependencies", () => {
    const companion = (r: (typeof stack)[number]) => r.inputs.bucket === "delivery-id";
    const byName = mutate(stack, companion, (i) => (i.bucket = BUCKET)).map((r) =>
      r.type !== "aws:s3/bucket:Bucket" && r.inputs.bucket === BUCKET ? { ...r, dependsOn: [] } : r,
    );
    expectNoViolations(verdict(byName, description(), deliveryBucketPolicies));
  });

  describe("s3-bucket-versioning-enabled", () => {
    const run = (resources: typeof stack) => verdict(resources, description(), [s3BucketVersioningEnabled]);
    it("rejects a missing BucketVersioning", () => {
      expectExactly(run(remove(stack, ofType(VERSIONING))), {
        policy: "s3-bucket-versioning-enabled",
        mentions: [`\`${BUCKET}\``, "not versioned"],
        urn: "Bucket::delivery",
      });
    });
    it("rejects suspended versioning", () => {
      const resources = mutate(stack, ofType(VERSIONING), (i) => (i.versioningConfiguration = { status: "Suspended" }));
      expectExactly(run(resources), { policy: "s3-bucket-versioning-enabled", mentions: ["`Suspended`", "`Enabled`"], urn: "delivery-versioning" });
    });
    it("accepts the deprecated inline versioning", () => {
      const inline = mutate(remove(stack, ofType(VERSIONING)), ofType("aws:s3/bucket:Bucket"), (i) => (i.versioning = { enabled: true }));
      expectNoViolations(run(inline));
    });
  });

  it("s3-bucket-server-side-encryption-enabled: rejects a bucket without default encryption", () => {
    const violations = verdict(remove(stack, ofType(ENCRYPTION)), description(), [s3BucketServerSideEncryptionEnabled]);
    expectExactly(violations, { policy: "s3-bucket-server-side-encryption-enabled", mentions: [`\`${BUCKET}\``, "`sseAlgorithm`"] });
  });

  describe("s3-bucket-level-public-access-prohibited", () => {
    const run = (resources: typeof stack) => verdict(resources, description(), [s3BucketLevelPublicAccessProhibited]);
    it("names each flag that lets the public in", () => {
      const resources = mutate(stack, ofType(BLOCK), (i) => {
        i.blockPublicPolicy = false;
        delete i.restrictPublicBuckets;
      });
      expectExactly(run(resources), {
        policy: "s3-bucket-level-public-access-prohibited",
        mentions: [`\`${BUCKET}\``, "`blockPublicPolicy`", "`restrictPublicBuckets`"],
        urn: "delivery-public-access-block",
      });
    });
    it("rejects a missing public access block", () => {
      expectExactly(run(remove(stack, ofType(BLOCK))), { policy: "s3-bucket-level-public-access-prohibited", mentions: ["no public access block"] });
    });
  });

  describe("s3-bucket-ssl-requests-only", () => {
    const run = (resources: typeof stack) => verdict(resources, description(), [s3BucketSslRequestsOnly]);
    it("rejects a policy without the TLS deny", () => {
      const resources = withPolicy((d) => (d.Statement = d.Statement.filter((s) => s.Sid !== "DenyInsecureTransport")));
      expectExactly(run(resources), { policy: "s3-bucket-ssl-requests-only", mentions: [`\`${BUCKET}\``, "`aws:SecureTransport`"], urn: "delivery-policy" });
    });
    it("rejects a TLS deny that leaves the objects out", () => {
      const resources = withPolicy((d) => {
        const deny = d.Statement.find((s) => s.Sid === "DenyInsecureTransport") as unknown as { Resource: string[] };
        deny.Resource = [`arn:aws:s3:::${BUCKET}`];
      });
      expectExactly(run(resources), { policy: "s3-bucket-ssl-requests-only", mentions: ["without TLS"] });
    });
    it("rejects a missing bucket policy", () => {
      expectExactly(run(remove(stack, ofType(POLICY))), { policy: "s3-bucket-ssl-requests-only", mentions: ["without TLS"] });
    });
  });

  describe("config-delivery-bucket-organization-only", () => {
    const run = (resources: typeof stack) => verdict(resources, description(), [configDeliveryBucketOrganizationOnly]);
    it("rejects a Config statement without aws:SourceOrgID", () => {
      const resources = withPolicy((d) => {
        delete d.Statement.find((s) => s.Sid === "AWSConfigBucketExistenceCheck")!.Condition;
      });
      expectExactly(run(resources), {
        policy: "config-delivery-bucket-organization-only",
        mentions: ["`AWSConfigBucketExistenceCheck`", `aws:SourceOrgID = ${ORG_ID}`],
      });
    });
    it("rejects another organization's id, which also leaves no delivery for ours", () => {
      const resources = mutate(stack, ofType(POLICY), (i) => (i.policy = bucketPolicyDocument(BUCKET, "o-otherorg123")));
      const violations = run(resources);
      expect(
        violations.map((v) => v.policy),
        describeViolations(violations),
      ).to.have.length(4);
      expect(violations.some((v) => v.message.includes("does not let AWS Config deliver"))).to.equal(true);
    });
    it("accepts the per-account form (delivery.sourceCondition: accounts), and rejects it when it names an excluded account", () => {
      const perAccount = (ids: string[]) =>
        mutate(
          stack,
          ofType(POLICY),
          (i) =>
            (i.policy = JSON.stringify(
              deliveryBucketPolicy({ partition: "aws", bucketName: BUCKET, organizationId: ORG_ID, sourceCondition: "accounts", sourceAccountIds: ids }),
            )),
        );
      expectNoViolations(run(perAccount([MANAGEMENT, SECURITY])));
      const violations = run(perAccount([MANAGEMENT, EXCLUDED]));
      expect(
        violations.filter((v) => v.message.includes("admits AWS Config without")),
        describeViolations(violations),
      ).to.have.length(3);
    });
    it("rejects the per-account form when it names an account outside the stack's scope, and accepts another shard's account in scope", () => {
      const perAccount = (ids: string[]) =>
        mutate(
          stack,
          ofType(POLICY),
          (i) =>
            (i.policy = JSON.stringify(
              deliveryBucketPolicy({ partition: "aws", bucketName: BUCKET, organizationId: ORG_ID, sourceCondition: "accounts", sourceAccountIds: ids }),
            )),
        );
      // 999999999999: an account no inventory named (another organization's, or a typo).
      const outside = run(perAccount([MANAGEMENT, "999999999999"]));
      expect(
        outside.filter((v) => v.message.includes("admits AWS Config without")),
        describeViolations(outside),
      ).to.have.length(3);
      // The bucket is central: an account of another shard is in scope although this stack's `accounts` lacks it.
      const otherShard = "777777777777";
      const sharded = verdict(perAccount([MANAGEMENT, otherShard]), description({ scopeAccountIds: [...ACCOUNTS.map((a) => a.id), otherShard] }), [
        configDeliveryBucketOrganizationOnly,
      ]);
      expectNoViolations(sharded);
    });
    it("rejects a statement open to every principal", () => {
      const resources = withPolicy((d) =>
        d.Statement.push({ Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${BUCKET}/*` } as never),
      );
      expectExactly(run(resources), { policy: "config-delivery-bucket-organization-only", mentions: ["`PublicRead`", "every principal"] });
    });
    it("rejects a statement open to every principal that only names source accounts (that form is AWS Config's alone)", () => {
      const resources = withPolicy((d) =>
        d.Statement.push({
          Sid: "AnyoneFromOurAccounts",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${BUCKET}/*`,
          Condition: { StringEquals: { "AWS:SourceAccount": ["111111111111"] } },
        } as never),
      );
      expectExactly(run(resources), { policy: "config-delivery-bucket-organization-only", mentions: ["`AnyoneFromOurAccounts`", "every principal"] });
    });
    it("reports a policy that is not JSON (and so no delivery grant)", () => {
      const violations = run(mutate(stack, ofType(POLICY), (i) => (i.policy = "{not json")));
      expect(
        violations.map((v) => v.message),
        describeViolations(violations),
      ).to.satisfy(
        (messages: string[]) =>
          messages.length === 2 && messages[0].includes("not a JSON policy document") && messages[1].includes("does not let AWS Config deliver"),
      );
    });
  });

  it("judges nothing in a shard that does not own the bucket", () => {
    const violations = verdict(
      remove(stack, ofType(POLICY)),
      description({ shard: { name: "ou:ou-ab12-sandbox1", ownsCentral: false } }),
      deliveryBucketPolicies,
    );
    expectNoViolations(violations);
  });
});
