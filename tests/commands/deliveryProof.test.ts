/** Preflight's delivery proof (commands/lib/deliveryProof.ts), pure: verdicts, reasons and the grouped lines for many accounts. */
import { expect } from "chai";
import { deliveryLines, deliveryRequests, proveDelivery, renderedDeliveryPolicies, DELIVERY_LINES_PER_ACCOUNT } from "../../commands/lib/deliveryProof";
import { deliveryBucketPolicy } from "../../config/configPublisherPolicies";
import type { Deployment } from "../../config/domain";
import { account, deployment, MANAGEMENT, SECURITY, WORKLOAD } from "./fixtures";

const live = (policy: unknown, extra: Record<string, string> = {}) => ({
  ok: true as const,
  value: { bucketExists: true, bucketPolicy: JSON.stringify(policy), ...extra },
});

describe("commands/lib/deliveryProof", () => {
  const stack = deployment([account(MANAGEMENT, "management"), account(SECURITY, "security"), account(WORKLOAD, "workload")]);
  const bucketName = stack.delivery.bucketName;

  it("sends the context AWS Config documents: SourceAccount, SourceArn per region, the account's own prefix, bucket-owner-full-control", () => {
    const [acl, list, put] = deliveryRequests({ ...stack, delivery: { ...stack.delivery, keyPrefix: "config" } }, WORKLOAD, "us-east-1", undefined, true);
    expect([acl!.action, list!.action, put!.action]).to.deep.equal(["s3:GetBucketAcl", "s3:ListBucket", "s3:PutObject"]);
    expect(put!.resource).to.equal(`arn:aws:s3:::${bucketName}/config/AWSLogs/${WORKLOAD}/Config/us-east-1/`);
    expect(put!.principal).to.deep.equal({ Service: "config.amazonaws.com" });
    expect(put!.context).to.deep.equal({
      "aws:SourceAccount": WORKLOAD,
      "aws:SourceArn": `arn:aws:config:us-east-1:${WORKLOAD}:*`,
      "aws:SourceOrgID": stack.organizationId,
      "s3:x-amz-acl": "bucket-owner-full-control",
    });
    expect(deliveryRequests(stack, WORKLOAD, "us-east-1", "arn:aws:kms:eu-west-1:1:key/k", false).map((r) => r.action)).to.deep.equal([
      "s3:GetBucketAcl",
      "s3:ListBucket",
      "s3:PutObject",
      "kms:GenerateDataKey",
      "kms:Decrypt",
    ]);
  });

  it("refuses only the account a per-account policy leaves out, naming it and the condition", () => {
    const policy = deliveryBucketPolicy({
      partition: "aws",
      bucketName,
      organizationId: stack.organizationId,
      sourceCondition: "accounts",
      sourceAccountIds: [MANAGEMENT, SECURITY],
    });
    const check = proveDelivery(stack, live(policy));
    expect(check.accounts.map((a) => [a.accountId, a.verdict])).to.deep.equal([
      [MANAGEMENT, "allowed"],
      [SECURITY, "allowed"],
      [WORKLOAD, "refused"],
    ]);
    expect(check.accounts[2]!.reasons[0]).to.include(
      `AWSConfigBucketPermissionsCheck: StringEquals AWS:SourceAccount wants ${MANAGEMENT}, ${SECURITY}, the request has ${WORKLOAD}`,
    );
  });

  it("refuses a region a SourceArn condition leaves out", () => {
    const policy = deliveryBucketPolicy({ partition: "aws", bucketName, organizationId: stack.organizationId, sourceCondition: "organization" });
    const statements = (policy.Statement as Record<string, unknown>[]).map((s) =>
      s.Effect === "Allow" ? { ...s, Condition: { ArnLike: { "aws:SourceArn": "arn:aws:config:eu-west-1:*:*" } } } : s,
    );
    const check = proveDelivery(stack, live({ ...policy, Statement: statements }));
    expect(check.refused).to.equal(3);
    expect(check.accounts[0]!.reasons[0]).to.include(`the request has arn:aws:config:us-east-1:${MANAGEMENT}:*`);
  });

  it("an explicit Deny names its statement", () => {
    const policy = deliveryBucketPolicy({ partition: "aws", bucketName, organizationId: stack.organizationId, sourceCondition: "organization" });
    const deny = {
      Sid: "NoConfig",
      Effect: "Deny",
      Principal: { Service: "config.amazonaws.com" },
      Action: "s3:ListBucket",
      Resource: `arn:aws:s3:::${bucketName}`,
    };
    const check = proveDelivery(stack, live({ ...policy, Statement: [...(policy.Statement as unknown[]), deny] }));
    expect(check.accounts[0]!.reasons).to.deep.equal([`\`s3:ListBucket\` on \`arn:aws:s3:::${bucketName}\`: denied by bucket policy statement \`NoConfig\``]);
  });

  it("says UNKNOWN, naming the statement, for a policy element it does not read, and fails nothing on it", () => {
    const odd = {
      Statement: [{ Sid: "Ips", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: "*", Condition: { NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } } }],
    };
    const check = proveDelivery(stack, live(odd));
    expect(check.refused).to.equal(0);
    expect(check.accounts.every((a) => a.verdict === "unknown")).to.equal(true);
    expect(check.accounts[0]!.reasons[0]).to.include("`Ips`").and.include("NotIpAddress");
  });

  it("proves the rendered policies of both forms when the bucket does not exist", () => {
    const organization = proveDelivery(stack, { ok: true, value: { bucketExists: false } });
    expect(organization.source).to.equal("rendered");
    expect(organization.accounts.every((a) => a.verdict === "allowed-through-organization")).to.equal(true);
    const perAccount: Deployment = { ...stack, delivery: { ...stack.delivery, sourceCondition: "accounts", encryption: "SSE-KMS" } };
    expect(renderedDeliveryPolicies(perAccount).key, "SSE-KMS renders the key policy").to.not.equal(undefined);
    expect(proveDelivery(perAccount, { ok: true, value: { bucketExists: false } }).accounts.every((a) => a.verdict === "allowed")).to.equal(true);
  });

  it("groups many accounts, naming every refused one under its reason", () => {
    const many = Array.from({ length: DELIVERY_LINES_PER_ACCOUNT + 5 }, (_, i) => account(String(100000000000 + i), `acct-${i}`));
    const big = deployment(many);
    const policy = deliveryBucketPolicy({
      partition: "aws",
      bucketName: big.delivery.bucketName,
      organizationId: big.organizationId,
      sourceCondition: "accounts",
      sourceAccountIds: many.slice(2).map((a) => a.id),
    });
    const lines = deliveryLines(proveDelivery(big, live(policy)));
    expect(lines.filter((l) => l.startsWith("allowed: 23 account(s)"))).to.have.length(1);
    const refused = lines.filter((l) => l.startsWith("REFUSED"));
    expect(refused).to.have.length(1, "one line per reason, the account's own id taken out");
    expect(refused[0]).to.match(/^REFUSED for 2 account\(s\), acct-0 \(100000000000\), acct-1 \(100000000001\): `s3:GetBucketAcl`.*the request has <account>/);
    expect(lines.at(-1)).to.match(/^fix: /);
  });

  it("with a live bucket this stack owns, also says what the policy pulumi up writes would do", () => {
    const check = proveDelivery(stack, live({ Statement: [] }));
    expect([check.refused, check.refusedAfterUp]).to.deep.equal([3, 0]);
    expect(deliveryLines(check).join("\n")).to.include("the policies `pulumi up` writes to this stack's bucket would refuse 0 account(s)");
    expect(proveDelivery({ ...stack, ownsCentral: false }, live({ Statement: [] })).refusedAfterUp, "another stack owns it").to.equal(undefined);
  });

  it("cannot prove anything when the bucket could not be read, and says why", () => {
    const check = proveDelivery(stack, { ok: false, error: { name: "AccessDenied", message: "not authorized to perform: s3:GetBucketPolicy" } });
    expect(check.source).to.equal("unread");
    expect(check.refused).to.equal(0);
    expect(deliveryLines(check)[0]).to.include("could not read bucket").and.include("s3:GetBucketPolicy");
  });
});
