/**
 * Preflight's read-only proof that AWS Config may deliver for every account (pure).
 *
 * A trial `PutDeliveryChannel` would be a write (and needs a recorder first), so instead the
 * delivery bucket's policy, and the key policy when the bucket is SSE-KMS encrypted, are
 * evaluated (aws/policyEvaluation.ts) for the requests AWS Config makes as its service principal
 * for each account and region: `s3:GetBucketAcl` and `s3:ListBucket` on the bucket, `s3:PutObject`
 * under `[prefix/]AWSLogs/<account>/Config/` with `s3:x-amz-acl = bucket-owner-full-control`, and
 * `kms:GenerateDataKey`/`kms:Decrypt` on the key, each with the context Config sends:
 * `aws:SourceAccount` = the account, `aws:SourceArn` = `arn:<partition>:config:<region>:<account>:*`
 * (DG `s3-bucket-policy`, `s3-kms-key-policy`; docs/aws-constraints.md, "Delivery bucket").
 *
 * `aws:SourceOrgID`: AWS Config's page once said the service principal "won't work with
 * organization ID ... based conditions", and no current AWS page shows Config sending it. So every
 * request is evaluated twice: with `aws:SourceOrgID` (as IAM defines it for service principals) and
 * without. Admitted only with it reads "allowed through aws:SourceOrgID": not a failure, but said,
 * with the documented fallback (`delivery.sourceCondition: accounts`).
 *
 * When the bucket does not exist yet (first run), the proof runs against the policy `pulumi up`
 * would create, rendered offline by the program's own builders (config/configPublisherPolicies.ts).
 */
import { evaluate, refusalReasons, UnsupportedPolicyError, type PolicyDocument, type Request } from "../../aws/policyEvaluation";
import { configSourceAccountIds, deliveryBucketPolicy, deliveryKeyPolicy } from "../../config/configPublisherPolicies";
import type { Account, Deployment } from "../../config/domain";
import { s3BucketArn } from "../../config/names";
import { errorText, type DeliveryPoliciesSeen, type Observed } from "./preflightProbes";

export type DeliveryVerdict = "allowed" | "allowed-through-organization" | "refused" | "unknown";

export interface AccountDelivery {
  readonly accountId: string;
  readonly accountName: string;
  readonly verdict: DeliveryVerdict;
  /** Why refused (which request, which statement or condition), or why unknown. */
  readonly reasons: readonly string[];
}

export interface DeliveryCheck {
  readonly bucket: string;
  /** `live`: the bucket's own policies; `rendered`: the bucket does not exist, the policies `pulumi up` creates; `unread`: they could not be read. */
  readonly source: "live" | "rendered" | "unread";
  /** What was evaluated, in a sentence. */
  readonly basis: string;
  readonly accounts: readonly AccountDelivery[];
  /** Accounts whose deliveries the policies refuse. */
  readonly refused: number;
  /**
   * With a live bucket this stack owns: accounts the policies `pulumi up` writes would refuse.
   * `up` replaces the live bucket policy with its own, but a channel may be written before that.
   */
  readonly refusedAfterUp?: number;
}

export const CONFIG_SERVICE_PRINCIPAL = "config.amazonaws.com";

/** What the user does when deliveries would be refused (README, `delivery.sourceCondition`). */
export const DELIVERY_FIX =
  "make the bucket policy admit AWS Config for these accounts: with the organization form, check `organizationId`; " +
  "AWS Config's own documented form is `delivery.sourceCondition: accounts` (`AWS:SourceAccount` per account, about 150 accounts within S3's 20 KB; " +
  "split a larger organization into stacks); a bucket kept by another tool needs AWS Config's three statements (docs/aws-constraints.md, Delivery bucket)";

function parsed(text: string, what: string): PolicyDocument {
  try {
    const document = JSON.parse(text) as PolicyDocument;
    if (typeof document !== "object" || document === null || !("Statement" in document)) throw new Error("no `Statement`");
    return document;
  } catch (error) {
    throw new UnsupportedPolicyError(what, `unreadable JSON (${(error as Error).message})`);
  }
}

interface Policies {
  readonly bucket: PolicyDocument;
  readonly key?: { readonly arn: string; readonly policy: PolicyDocument };
}

/** The policies `pulumi up` creates for the bucket and, with SSE-KMS, its key (the same builders as components/central/deliveryBucket.ts). */
export function renderedDeliveryPolicies(deployment: Deployment): Policies {
  const { delivery } = deployment;
  const sourceAccountIds = configSourceAccountIds(deployment);
  const bucket = deliveryBucketPolicy({
    partition: deployment.partition,
    bucketName: delivery.bucketName,
    organizationId: deployment.organizationId,
    sourceCondition: delivery.sourceCondition,
    sourceAccountIds,
    ...(delivery.keyPrefix ? { keyPrefix: delivery.keyPrefix } : {}),
  });
  if (delivery.encryption !== "SSE-KMS") return { bucket };
  // The key does not exist yet; its policy's statements name `Resource: "*"`, so any ARN of the account stands for it.
  const arn = `arn:${deployment.partition}:kms:${deployment.homeRegion}:${deployment.logArchiveAccountId}:key/created-by-pulumi-up`;
  return { bucket, key: { arn, policy: deliveryKeyPolicy({ partition: deployment.partition, accountId: deployment.logArchiveAccountId, sourceAccountIds }) } };
}

/** The requests AWS Config makes as its service principal when it delivers for one account in one region. */
export function deliveryRequests(deployment: Deployment, accountId: string, region: string, keyArn: string | undefined, withOrganization: boolean): Request[] {
  const bucket = s3BucketArn(deployment.partition, deployment.delivery.bucketName);
  const prefix = deployment.delivery.keyPrefix ? `${deployment.delivery.keyPrefix}/` : "";
  const principal = { Service: CONFIG_SERVICE_PRINCIPAL };
  const context = {
    "aws:SourceAccount": accountId,
    "aws:SourceArn": `arn:${deployment.partition}:config:${region}:${accountId}:*`,
    ...(withOrganization ? { "aws:SourceOrgID": deployment.organizationId } : {}),
  };
  return [
    { action: "s3:GetBucketAcl", resource: bucket, principal, context },
    { action: "s3:ListBucket", resource: bucket, principal, context },
    // Any object key under the documented `AWSLogs/<account>/Config/` prefix; Config writes per region below it.
    {
      action: "s3:PutObject",
      resource: `${bucket}/${prefix}AWSLogs/${accountId}/Config/${region}/`,
      principal,
      context: { ...context, "s3:x-amz-acl": "bucket-owner-full-control" },
    },
    ...(keyArn ? ["kms:GenerateDataKey", "kms:Decrypt"].map((action) => ({ action, resource: keyArn, principal, context })) : []),
  ];
}

function policyFor(policies: Policies, request: Request): { policy: PolicyDocument; name: string } {
  return request.action.startsWith("kms:") && policies.key
    ? { policy: policies.key.policy, name: "key policy" }
    : { policy: policies.bucket, name: "bucket policy" };
}

/** Why the policies refuse one request, or undefined when they allow it. */
function refusal(policies: Policies, request: Request): string | undefined {
  const { policy, name } = policyFor(policies, request);
  const result = evaluate(policy, request);
  if (result.decision === "allow") return undefined;
  const what = `\`${request.action}\` on \`${request.resource}\``;
  if (result.decision === "explicit-deny") return `${what}: denied by ${name} statement ${result.by.map((s) => `\`${s}\``).join(", ")}`;
  const reasons = refusalReasons(policy, request);
  return reasons.length > 0 ? `${what}: ${reasons.join("; ")}` : `${what}: no statement of the ${name} allows \`${CONFIG_SERVICE_PRINCIPAL}\` this`;
}

function proveAccount(deployment: Deployment, account: Account, policies: Policies): AccountDelivery {
  const base = { accountId: account.id, accountName: account.name };
  try {
    const refusedWith = new Set<string>();
    const refusedWithout = new Set<string>();
    for (const region of account.regions) {
      for (const r of deliveryRequests(deployment, account.id, region.name, policies.key?.arn, true)) {
        const why = refusal(policies, r);
        if (why) refusedWith.add(why);
      }
      if (refusedWith.size > 0) continue;
      for (const r of deliveryRequests(deployment, account.id, region.name, policies.key?.arn, false)) {
        const why = refusal(policies, r);
        if (why) refusedWithout.add(why);
      }
    }
    if (refusedWith.size > 0) return { ...base, verdict: "refused", reasons: [...refusedWith] };
    if (refusedWithout.size > 0) return { ...base, verdict: "allowed-through-organization", reasons: [] };
    return { ...base, verdict: "allowed", reasons: [] };
  } catch (error) {
    if (error instanceof UnsupportedPolicyError) return { ...base, verdict: "unknown", reasons: [error.message] };
    throw error;
  }
}

/** The proof for every account of the stack, from what the log archive account showed (or could not show). */
export function proveDelivery(deployment: Deployment, observed: Observed<DeliveryPoliciesSeen> | undefined): DeliveryCheck {
  const bucket = deployment.delivery.bucketName;
  const unread = (why: string): DeliveryCheck => ({
    bucket,
    source: "unread",
    basis: why,
    accounts: deployment.accounts.map((a) => ({ accountId: a.id, accountName: a.name, verdict: "unknown" as const, reasons: [why] })),
    refused: 0,
  });
  if (!observed) return unread(`the log archive account \`${deployment.logArchiveAccountId}\` was not inspected`);
  if (!observed.ok)
    return unread(`could not read bucket \`${bucket}\` from the log archive account \`${deployment.logArchiveAccountId}\`: ${errorText(observed.error)}`);
  const seen = observed.value;
  let policies: Policies;
  let source: DeliveryCheck["source"];
  let basis: string;
  try {
    if (!seen.bucketExists) {
      policies = renderedDeliveryPolicies(deployment);
      source = "rendered";
      basis =
        `bucket \`${bucket}\` does not exist yet: the proof runs against the bucket policy ${policies.key ? "and key policy " : ""}\`pulumi up\` would create ` +
        `(rendered offline by the program, \`delivery.sourceCondition: ${deployment.delivery.sourceCondition}\`)`;
    } else {
      const noPolicy: PolicyDocument = { Statement: [] };
      policies = {
        bucket: seen.bucketPolicy ? parsed(seen.bucketPolicy, "bucket policy") : noPolicy,
        ...(seen.kmsKeyArn ? { key: { arn: seen.kmsKeyArn, policy: seen.keyPolicy ? parsed(seen.keyPolicy, "key policy") : noPolicy } } : {}),
      };
      source = "live";
      basis = `the live policy of bucket \`${bucket}\`${seen.bucketPolicy ? "" : " (it has none)"}${seen.kmsKeyArn ? ` and of its SSE-KMS key \`${seen.kmsKeyArn}\`` : ""}`;
    }
  } catch (error) {
    if (error instanceof UnsupportedPolicyError) return unread(`the ${error.statement} of \`${bucket}\` is ${error.element}`);
    throw error;
  }
  const accounts = deployment.accounts.map((a) => proveAccount(deployment, a, policies));
  const refused = accounts.filter((a) => a.verdict === "refused").length;
  if (source !== "live" || !deployment.ownsCentral) return { bucket, source, basis, accounts, refused };
  const rendered = renderedDeliveryPolicies(deployment);
  const refusedAfterUp = deployment.accounts.filter((a) => proveAccount(deployment, a, rendered).verdict === "refused").length;
  return { bucket, source, basis, accounts, refused, refusedAfterUp };
}

/** The first refused request's reason, and how many more (`--json` lists them all). */
function firstReason(reasons: readonly string[]): string {
  return reasons.length > 1 ? `${reasons[0]} (and ${reasons.length - 1} more request(s))` : (reasons[0] ?? "");
}

/** Accounts listed one per line up to this many; beyond it, grouped by verdict and reason. */
export const DELIVERY_LINES_PER_ACCOUNT = 20;

/** The section's lines: per account for a few, grouped for many; refused accounts always named, grouped by reason. */
export function deliveryLines(check: DeliveryCheck): string[] {
  const lines = [`Basis: ${check.basis}.`];
  const label: Record<DeliveryVerdict, string> = {
    allowed: "allowed",
    "allowed-through-organization": "allowed only through `aws:SourceOrgID`",
    refused: "REFUSED",
    unknown: "UNKNOWN",
  };
  const name = (a: AccountDelivery) => `${a.accountName} (${a.accountId})`;
  if (check.accounts.length <= DELIVERY_LINES_PER_ACCOUNT) {
    for (const a of check.accounts) lines.push(`${name(a)}: ${label[a.verdict]}${a.reasons.length > 0 ? `: ${firstReason(a.reasons)}` : ""}`);
  } else {
    for (const verdict of ["allowed", "allowed-through-organization", "unknown"] as const) {
      const these = check.accounts.filter((a) => a.verdict === verdict);
      if (these.length === 0) continue;
      const reasons = [...new Set(these.flatMap((a) => a.reasons))];
      lines.push(`${label[verdict]}: ${these.length} account(s)${reasons.length > 0 ? `: ${reasons.join("; ")}` : ""}`);
    }
    const byReason = new Map<string, AccountDelivery[]>();
    for (const a of check.accounts.filter((x) => x.verdict === "refused")) {
      // The same refusal reads the same for every account once its own id is taken out of it.
      const key = firstReason(a.reasons).split(a.accountId).join("<account>");
      byReason.set(key, [...(byReason.get(key) ?? []), a]);
    }
    for (const [reason, these] of byReason) lines.push(`REFUSED for ${these.length} account(s), ${these.map(name).join(", ")}: ${reason}`);
  }
  if (check.accounts.some((a) => a.verdict === "allowed-through-organization")) {
    lines.push(
      "NOTE: these deliveries pass only if AWS Config sends `aws:SourceOrgID` as its service principal, which AWS has not shown (docs/aws-constraints.md, Delivery bucket); " +
        "if `pulumi up` fails with `InsufficientDeliveryPolicyException` or deliveries fail, set `delivery.sourceCondition: accounts`",
    );
  }
  if (check.refusedAfterUp !== undefined && check.refusedAfterUp !== check.refused) {
    lines.push(
      `the policies \`pulumi up\` writes to this stack's bucket would refuse ${check.refusedAfterUp} account(s); ` +
        "`up` replaces the live bucket policy, but a delivery channel may be written before it does",
    );
  }
  if (check.refused > 0) lines.push(`fix: ${DELIVERY_FIX}`);
  return lines;
}
