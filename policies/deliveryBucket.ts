/**
 * The central delivery bucket: versioned, encrypted, not public, TLS only,
 * and open to AWS Config deliveries from this organization only.
 *
 * @pulumi/aws v7 configures a bucket through companion resources
 * (BucketVersioning, BucketServerSideEncryptionConfiguration, …), so a
 * missing companion is itself the violation: these are stack policies that
 * find the bucket by name and then its companions. The deprecated inline
 * settings on `aws:s3/bucket:Bucket` count too.
 */
import type { PolicyResource, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts, type FactName } from "./facts";
import { conditionValues, coversAction, coversResource, hasServicePrincipal, isAnyPrincipal, statementsOf, type Statement } from "./policyDocument";
import { S3_BUCKET, S3_BUCKET_ENCRYPTION, S3_BUCKET_POLICY, S3_BUCKET_PUBLIC_ACCESS_BLOCK, S3_BUCKET_VERSIONING } from "./tokens";
import { asArray, knownOrUndefined, listOf, ofTypes } from "./view";

const CONFIG_SERVICE = "config.amazonaws.com";
const PARTITIONS = ["aws", "aws-us-gov", "aws-cn"];
const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];
const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** The central bucket of a stack that owns it, with a way to find its companion resources. */
export interface CentralBucket {
  readonly name: string;
  readonly resource: PolicyResource;
  /** Companions of `types` that configure this bucket (by name or id in `bucket`, or their dependency on it). */
  companions(types: string | readonly string[]): PolicyResource[];
}

/**
 * The central bucket the policy judges, or `undefined` when there is none to
 * judge here (config-delivery-channel-central-bucket reports a missing one).
 */
function centralBucket(args: StackValidationArgs, facts: Pick<DeploymentFacts, "deliveryBucketName" | "shard">): CentralBucket | undefined {
  if (!facts.shard.ownsCentral) {
    args.notApplicable(`Shard \`${facts.shard.name}\` does not own the central bucket`);
  }
  return bucketNamed(args.resources, facts.deliveryBucketName);
}

/** The declared bucket called `name`, with its companions, or `undefined` when there is none. */
export function bucketNamed(resources: readonly PolicyResource[], name: string): CentralBucket | undefined {
  const resource = ofTypes(resources, S3_BUCKET).find((b) => knownOrUndefined(() => b.props.bucket) === name);
  if (!resource) {
    return undefined;
  }
  const linked = (c: PolicyResource) => [...(c.propertyDependencies.bucket ?? []), ...c.dependencies].some((d) => d.urn === resource.urn);
  return {
    name,
    resource,
    companions: (types) =>
      ofTypes(resources, types).filter((c) => {
        // `bucket: central.id` is unknown in a first preview (and a mock's own string): the dependency is known.
        if (linked(c)) {
          return true;
        }
        const bucket = knownOrUndefined(() => c.props.bucket);
        return bucket !== undefined && (bucket === name || bucket === knownOrUndefined(() => resource.props.id));
      }),
  };
}

/** A central-bucket stack policy: facts checked, bucket found, then `check`. */
function centralBucketPolicy(
  policy: Omit<StackValidationPolicy, "validateStack" | "configSchema"> & { facts?: FactName[] },
  check: (bucket: CentralBucket, facts: DeploymentFacts, reportViolation: ReportViolation) => void,
): StackValidationPolicy {
  const { facts: extra = [], ...rest } = policy;
  const names: FactName[] = ["deliveryBucketName", "shard", ...extra];
  return {
    ...rest,
    configSchema: factsConfigSchema(...names),
    validateStack: (args, reportViolation) => {
      const facts = requireFacts(policy.name, args.getConfig<Partial<DeploymentFacts>>(), ...names) as DeploymentFacts;
      const bucket = centralBucket(args, facts);
      if (bucket) {
        check(bucket, facts, reportViolation);
      }
    },
  };
}

export const s3BucketVersioningEnabled: StackValidationPolicy = centralBucketPolicy(
  {
    name: "s3-bucket-versioning-enabled",
    description: "Checks whether versioning is enabled on the central Config delivery bucket.",
    enforcementLevel: "mandatory",
  },
  (bucket, _, reportViolation) => {
    const status = (v: PolicyResource) => (v.props.versioningConfiguration as { status?: string } | undefined)?.status;
    const versionings = bucket.companions(S3_BUCKET_VERSIONING);
    if (versionings.some((v) => status(v) === "Enabled")) {
      return;
    }
    if (versionings.length === 0) {
      // The deprecated inline setting; an output of the bucket, so unknown in a first preview.
      const inline = knownOrUndefined(() => (bucket.resource.props.versioning as { enabled?: boolean } | undefined)?.enabled);
      if (inline !== true) {
        reportViolation(
          `Central bucket \`${bucket.name}\` is not versioned: declare a \`BucketVersioning\` with ` + "`versioningConfiguration.status: Enabled`.",
          bucket.resource.urn,
        );
      }
      return;
    }
    for (const v of versionings) {
      reportViolation(
        `Central bucket \`${bucket.name}\` has versioning \`${status(v) ?? "(no status)"}\`: set ` + "`versioningConfiguration.status` to `Enabled`.",
        v.urn,
      );
    }
  },
);

interface EncryptionRule {
  readonly applyServerSideEncryptionByDefault?: { readonly sseAlgorithm?: string };
}

export const s3BucketServerSideEncryptionEnabled: StackValidationPolicy = centralBucketPolicy(
  {
    name: "s3-bucket-server-side-encryption-enabled",
    description: "Checks whether the central Config delivery bucket declares default server-side encryption.",
    enforcementLevel: "mandatory",
  },
  (bucket, _, reportViolation) => {
    const encrypts = (rules: readonly EncryptionRule[]) => rules.some((r) => SSE_ALGORITHMS.includes(r.applyServerSideEncryptionByDefault?.sseAlgorithm ?? ""));
    const configurations = bucket.companions(S3_BUCKET_ENCRYPTION);
    if (configurations.some((c) => encrypts(asArray(c.props.rules as EncryptionRule[])))) {
      return;
    }
    // The deprecated inline setting; an output of the bucket, so unknown in a first preview.
    const inlineRule = knownOrUndefined(() => (bucket.resource.props.serverSideEncryptionConfiguration as { rule?: EncryptionRule } | undefined)?.rule);
    if (encrypts(asArray(inlineRule))) {
      return;
    }
    reportViolation(
      `Central bucket \`${bucket.name}\` declares no default encryption: add a ` +
        `\`BucketServerSideEncryptionConfiguration\` rule with \`sseAlgorithm\` ${listOf(SSE_ALGORITHMS)}.`,
      configurations[0]?.urn ?? bucket.resource.urn,
    );
  },
);

export const s3BucketLevelPublicAccessProhibited: StackValidationPolicy = centralBucketPolicy(
  {
    name: "s3-bucket-level-public-access-prohibited",
    description: "Checks whether the central Config delivery bucket blocks all four kinds of public access.",
    enforcementLevel: "mandatory",
  },
  (bucket, _, reportViolation) => {
    const blocks = bucket.companions(S3_BUCKET_PUBLIC_ACCESS_BLOCK);
    if (blocks.length === 0) {
      reportViolation(
        `Central bucket \`${bucket.name}\` has no public access block: declare a \`BucketPublicAccessBlock\` ` +
          `with ${listOf([...PUBLIC_ACCESS_FLAGS])} all true.`,
        bucket.resource.urn,
      );
      return;
    }
    if (blocks.some((b) => PUBLIC_ACCESS_FLAGS.every((flag) => b.props[flag] === true))) {
      return;
    }
    for (const block of blocks) {
      const open = PUBLIC_ACCESS_FLAGS.filter((flag) => block.props[flag] !== true);
      reportViolation(`Central bucket \`${bucket.name}\` allows public access: set ${listOf(open)} to true.`, block.urn);
    }
  },
);

/** Statements of every policy document on the bucket, or a violation when one is unreadable. */
export function bucketStatements(bucket: CentralBucket, reportViolation: ReportViolation): { statements: Statement[]; urn: string } {
  const documents: { document: unknown; urn: string }[] = bucket.companions(S3_BUCKET_POLICY).map((p) => ({ document: p.props.policy, urn: p.urn }));
  // The deprecated inline policy; an output of the bucket, so unknown in a first preview.
  const inline = knownOrUndefined(() => bucket.resource.props.policy);
  if (inline !== undefined && inline !== "") {
    documents.push({ document: inline, urn: bucket.resource.urn });
  }
  const statements: Statement[] = [];
  for (const { document, urn } of documents) {
    const parsed = statementsOf(document);
    if (parsed === undefined) {
      reportViolation(`Central bucket \`${bucket.name}\` has a bucket policy that is not a JSON policy document.`, urn);
    } else {
      statements.push(...parsed);
    }
  }
  return { statements, urn: documents[0]?.urn ?? bucket.resource.urn };
}

/** Whether the statement's resources include `suffix` of the bucket's ARN, in any partition. */
export function coversBucketArn(statement: Statement, bucketName: string, suffix: string): boolean {
  return PARTITIONS.some((p) => coversResource(statement, `arn:${p}:s3:::${bucketName}${suffix}`));
}

export const s3BucketSslRequestsOnly: StackValidationPolicy = centralBucketPolicy(
  {
    name: "s3-bucket-ssl-requests-only",
    description: "Checks whether the central Config delivery bucket policy denies every request made without TLS (aws:SecureTransport false).",
    enforcementLevel: "mandatory",
  },
  (bucket, _, reportViolation) => {
    const { statements, urn } = bucketStatements(bucket, reportViolation);
    const deniesPlainHttp = statements.some(
      (s) =>
        s.effect === "Deny" &&
        isAnyPrincipal(s) &&
        coversAction(s, "s3:PutObject") &&
        coversAction(s, "s3:GetObject") &&
        coversBucketArn(s, bucket.name, "") &&
        coversBucketArn(s, bucket.name, "/AWSLogs/") &&
        (conditionValues(s, "Bool", "aws:SecureTransport") ?? []).includes("false"),
    );
    if (!deniesPlainHttp) {
      reportViolation(
        `Central bucket \`${bucket.name}\` accepts requests without TLS: add a statement that denies \`s3:*\` to ` +
          "every principal on the bucket and its objects when `aws:SecureTransport` is `false`.",
        urn,
      );
    }
  },
);

export const configDeliveryBucketOrganizationOnly: StackValidationPolicy = centralBucketPolicy(
  {
    name: "config-delivery-bucket-organization-only",
    description:
      "Checks whether the central Config delivery bucket lets AWS Config deliver only on behalf of this organization (aws:SourceOrgID), or of named accounts in the stack's scope (AWS:SourceAccount, delivery.sourceCondition: accounts).",
    enforcementLevel: "mandatory",
    facts: ["organizationId", "excludedAccountIds", "scopeAccountIds"],
  },
  (bucket, facts, reportViolation) => {
    const { statements, urn } = bucketStatements(bucket, reportViolation);
    const org = facts.organizationId;
    const excluded = new Set(facts.excludedAccountIds);
    // In scope (every shard's accounts: the bucket is central) and not excluded; an account of
    // another organization or one the inventory never named is not.
    const inScope = new Set(facts.scopeAccountIds);
    const limitedToAccounts = (s: Statement) => {
      const values = conditionValues(s, "StringEquals", "aws:SourceAccount");
      return values !== undefined && values.length > 0 && values.every((v) => inScope.has(v) && !excluded.has(v));
    };
    const limitedToOrg = (s: Statement, key: string) => {
      const values = conditionValues(s, "StringEquals", key);
      return values !== undefined && values.length > 0 && values.every((v) => v === org);
    };
    // AWS Config's own delivery may be limited either way; any other principal only to the organization.
    const configLimited = (s: Statement) => limitedToOrg(s, "aws:SourceOrgID") || limitedToAccounts(s);
    const allows = statements.filter((s) => s.effect === "Allow");
    const label = (s: Statement) => (s.sid ? `\`${s.sid}\`` : "without a Sid");
    for (const s of allows.filter((s) => hasServicePrincipal(s, CONFIG_SERVICE))) {
      if (!configLimited(s)) {
        reportViolation(
          `Central bucket \`${bucket.name}\` policy statement ${label(s)} admits AWS Config without ` +
            `\`StringEquals aws:SourceOrgID = ${org}\` (or, with \`delivery.sourceCondition: accounts\`, \`StringEquals AWS:SourceAccount\` ` +
            "naming only accounts in scope): add that condition.",
          urn,
        );
      }
    }
    for (const s of allows.filter(isAnyPrincipal)) {
      if (!limitedToOrg(s, "aws:SourceOrgID") && !limitedToOrg(s, "aws:PrincipalOrgID")) {
        reportViolation(
          `Central bucket \`${bucket.name}\` policy statement ${label(s)} allows every principal outside ` +
            `organization ${org}: limit it with \`aws:PrincipalOrgID\` or remove it.`,
          urn,
        );
      }
    }
    const delivers = allows.some((s) => hasServicePrincipal(s, CONFIG_SERVICE) && coversAction(s, "s3:PutObject") && configLimited(s));
    if (!delivers) {
      reportViolation(
        `Central bucket \`${bucket.name}\` does not let AWS Config deliver for organization ${org}: allow ` +
          "`s3:PutObject` to `config.amazonaws.com` with `StringEquals aws:SourceOrgID`.",
        urn,
      );
    }
  },
);

export const deliveryBucketPolicies: readonly StackValidationPolicy[] = [
  s3BucketVersioningEnabled,
  s3BucketServerSideEncryptionEnabled,
  s3BucketLevelPublicAccessProhibited,
  s3BucketSslRequestsOnly,
  configDeliveryBucketOrganizationOnly,
];
