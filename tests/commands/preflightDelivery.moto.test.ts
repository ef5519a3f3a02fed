/**
 * Preflight's delivery proof against moto (a stand-in for S3 and KMS): the bucket is created in
 * the log archive account through its real `sts:AssumeRole`, and preflight reads its policy
 * (`s3:GetBucketPolicy`), its default encryption and the key's policy (`kms:GetKeyPolicy`) through
 * the same session layer as every other probe. moto stores policies but does not enforce them on
 * service principals: what is tested is the reading and preflight's own evaluation.
 */
import { expect } from "chai";
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { main } from "../../commands/preflight";
import { deliveryBucketPolicy } from "../../config/configPublisherPolicies";
import type { Deployment } from "../../config/domain";
import { clearSessionCache } from "../../components/multiaccount/session";
import { useMoto } from "../helpers/moto";
import { account, bufferIo, deployment, MANAGEMENT } from "./fixtures";
import { credentialsIn, seedOrganization, type SeededOrg } from "./motoOrg";

describe("preflight proves delivery to the bucket, against moto", function () {
  this.timeout(60_000);
  const moto = useMoto();
  let org: SeededOrg;
  let stack: Deployment;
  let bucketSeq = 0;

  before(async () => {
    await moto.server.reset();
    org = await seedOrganization();
    clearSessionCache();
  });
  after(() => clearSessionCache());

  /** A stack whose log archive is the seeded `clean` account, delivering to a bucket of its own name (one per test). */
  function stackWith(overrides: Partial<Deployment["delivery"]> = {}): Deployment {
    bucketSeq += 1;
    const base = deployment([account(MANAGEMENT, "management"), account(org.clean.id, "clean"), account(org.sameName.id, "same-name")], {
      securityAccountId: org.clean.id,
      logArchiveAccountId: org.clean.id,
    });
    return { ...base, delivery: { ...base.delivery, bucketName: `config-delivery-${bucketSeq}-${org.clean.id}`, ...overrides } };
  }

  async function s3InLogArchive(): Promise<S3Client> {
    return new S3Client({ region: "eu-west-1", credentials: await credentialsIn(org.clean.roleArn) });
  }

  async function bucketWithPolicy(d: Deployment, policy: unknown | undefined): Promise<S3Client> {
    const s3 = await s3InLogArchive();
    await s3.send(new CreateBucketCommand({ Bucket: d.delivery.bucketName, CreateBucketConfiguration: { LocationConstraint: "eu-west-1" } }));
    if (policy) await s3.send(new PutBucketPolicyCommand({ Bucket: d.delivery.bucketName, Policy: JSON.stringify(policy) }));
    return s3;
  }

  const organizationPolicy = (d: Deployment, organizationId = d.organizationId) =>
    deliveryBucketPolicy({ partition: "aws", bucketName: d.delivery.bucketName, organizationId, sourceCondition: "organization" });

  async function preflight(d: Deployment): Promise<{
    code: number;
    out: string;
    json: { delivery: { source: string; refused: number; accounts: { accountId: string; verdict: string; reasons: string[] }[] } };
  }> {
    const text = bufferIo();
    const code = await main(["--stack", "test"], text.io, { loadDeployment: async () => d, inventoryPath: async () => "accounts/test.yaml" });
    const json = bufferIo();
    await main(["--stack", "test", "--json"], json.io, { loadDeployment: async () => d, inventoryPath: async () => "accounts/test.yaml" });
    return { code, out: text.out(), json: JSON.parse(json.out()) };
  }

  it("passes a live bucket policy that admits the organization, saying it rests on aws:SourceOrgID", async () => {
    stack = stackWith();
    (await bucketWithPolicy(stack, organizationPolicy(stack))).destroy();
    const { code, out, json } = await preflight(stack);
    expect(code, out).to.equal(0);
    expect(json.delivery.source).to.equal("live");
    expect(json.delivery.accounts.map((a) => a.verdict)).to.deep.equal([
      "allowed-through-organization",
      "allowed-through-organization",
      "allowed-through-organization",
    ]);
    expect(out)
      .to.include(`Delivery to \`${stack.delivery.bucketName}\`, per account`)
      .and.include(`clean (${org.clean.id}): allowed only through \`aws:SourceOrgID\``);
    expect(out).to.include("NOTE: these deliveries pass only if AWS Config sends `aws:SourceOrgID`").and.include("delivery.sourceCondition: accounts");
  });

  it("passes AWS Config's per-account form outright", async () => {
    stack = stackWith({ sourceCondition: "accounts" });
    const policy = deliveryBucketPolicy({
      partition: "aws",
      bucketName: stack.delivery.bucketName,
      organizationId: stack.organizationId,
      sourceCondition: "accounts",
      sourceAccountIds: stack.accounts.map((a) => a.id),
    });
    (await bucketWithPolicy(stack, policy)).destroy();
    const { code, json } = await preflight(stack);
    expect(code).to.equal(0);
    expect(
      json.delivery.accounts.every((a) => a.verdict === "allowed"),
      JSON.stringify(json.delivery.accounts),
    ).to.equal(true);
  });

  it("fails a policy with the wrong organization id, naming every account, the statement and the condition", async () => {
    stack = stackWith();
    (await bucketWithPolicy(stack, organizationPolicy(stack, "o-wrong00000"))).destroy();
    const { code, out, json } = await preflight(stack);
    expect(code, out).to.equal(1);
    expect(json.delivery.refused).to.equal(3);
    for (const [name, id] of [
      ["management", MANAGEMENT],
      ["clean", org.clean.id],
      ["same-name", org.sameName.id],
    ]) {
      expect(out).to.include(`${name} (${id}): REFUSED: \`s3:GetBucketAcl\``);
    }
    expect(out).to.include(`AWSConfigBucketPermissionsCheck: StringEquals aws:SourceOrgID wants o-wrong00000, the request has ${stack.organizationId}`);
    expect(out).to.include("pulumi up would FAIL at delivery for 3 account(s)").and.include("fix: make the bucket policy admit AWS Config");
  });

  it("fails a policy missing the delivery statement, naming s3:PutObject under the account's own prefix", async () => {
    stack = stackWith();
    const policy = organizationPolicy(stack);
    const withoutDelivery = { ...policy, Statement: (policy.Statement as { Sid: string }[]).filter((s) => s.Sid !== "AWSConfigBucketDelivery") };
    (await bucketWithPolicy(stack, withoutDelivery)).destroy();
    const { code, json } = await preflight(stack);
    expect(code).to.equal(1);
    const clean = json.delivery.accounts.find((a) => a.accountId === org.clean.id)!;
    expect(clean.verdict).to.equal("refused");
    expect(clean.reasons[0]).to.equal(
      `\`s3:PutObject\` on \`arn:aws:s3:::${stack.delivery.bucketName}/AWSLogs/${org.clean.id}/Config/eu-west-1/\`: no statement of the bucket policy allows \`config.amazonaws.com\` this`,
    );
  });

  it("fails every account when the bucket has no policy at all", async () => {
    stack = stackWith();
    (await bucketWithPolicy(stack, undefined)).destroy();
    const { code, out } = await preflight(stack);
    expect(code).to.equal(1);
    expect(out).to.include(`the live policy of bucket \`${stack.delivery.bucketName}\` (it has none)`);
  });

  it("reads the SSE-KMS key's policy and fails when it does not admit AWS Config", async () => {
    stack = stackWith();
    const s3 = await bucketWithPolicy(stack, organizationPolicy(stack));
    const kms = new KMSClient({ region: "eu-west-1", credentials: await credentialsIn(org.clean.roleArn) });
    const rootOnly = {
      Version: "2012-10-17",
      Statement: [{ Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${org.clean.id}:root` }, Action: "kms:*", Resource: "*" }],
    };
    const key = (await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(rootOnly) }))).KeyMetadata!;
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: stack.delivery.bucketName,
        ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: key.KeyId } }] },
      }),
    );
    s3.destroy();
    kms.destroy();
    const { code, out, json } = await preflight(stack);
    expect(code, out).to.equal(1);
    expect(out).to.include(`and of its SSE-KMS key \`${key.Arn}\``);
    const clean = json.delivery.accounts.find((a) => a.accountId === org.clean.id)!;
    expect(clean.reasons[0]).to.equal(`\`kms:GenerateDataKey\` on \`${key.Arn}\`: no statement of the key policy allows \`config.amazonaws.com\` this`);
  });

  it("when the bucket does not exist yet, proves the policy pulumi up would create, and says so", async () => {
    stack = stackWith({ encryption: "SSE-KMS" });
    const { code, out, json } = await preflight(stack);
    expect(code, out).to.equal(0);
    expect(json.delivery.source).to.equal("rendered");
    expect(out).to.include(
      `bucket \`${stack.delivery.bucketName}\` does not exist yet: the proof runs against the bucket policy and key policy \`pulumi up\` would create`,
    );
  });
});
