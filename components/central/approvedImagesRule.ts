/**
 * The approved-images organization rule: a custom Lambda rule, hosted in the
 * security account, that checks EC2 instances of every member account against
 * an allow-list of any length and by image attributes (the managed rules stop
 * at 21 ids or 10 tags). Wiring:
 *
 * - the allow-list and the SIEM findings live in one bucket of the security
 *   account (home region), under separate prefixes;
 * - one function per governed region (Config invokes a rule's function in the
 *   rule's region), from an archive of rules/approved-images/, with one
 *   execution role;
 * - `config.amazonaws.com` may invoke each function; an organization custom
 *   rule per governed region points at it;
 * - in every in-scope account, a reader role (AccountRole) the function
 *   assumes to describe instances and images and to put the evaluations.
 *
 * Bound to this organization three ways: the execution role may assume reader
 * roles only in accounts of the organization (`aws:ResourceOrgID`); reader
 * roles trust the security account root on condition that the caller is the
 * execution role (`aws:PrincipalArn`); the handler acts only for accounts of
 * the inventory object (rules/approved-images/inventory.ts) in the bucket.
 */
import * as path from "node:path";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Account, Deployment } from "../../config/domain";
import { s3BucketArn } from "../../config/names";
import { validateAllowList, type AllowList } from "../../rules/approved-images/allowList";
import { ENV } from "../../rules/approved-images/environment";
import { accountInventoryBody } from "../../rules/approved-images/inventory";
import type { AccountRoleArgs } from "../multiaccount/resources/accountRole";
import { denyInsecureTransport } from "./bucketPolicies";
import { lambdaCodeArchive } from "./lambdaCode";
import { SecureBucket } from "./secureBucket";
import type { Partition } from "../../aws/arns";
import type { PolicyDocument } from "../../aws/policyDocument";
import { assumeRoleOf } from "../../config/access";
import type { ExecutionFrequency } from "../../policies/configVocabulary";
import type { OrganizationScope } from "./organizationScope";
import { CENTRAL_TYPES } from "./typeTokens";

/** The scope: the bucket, allow-list and execution role in the home region; a function and an organization rule in each governed region. */
export interface ApprovedImagesRuleArgs extends OrganizationScope {
  /** Names the bucket and roles (`approvedImagesNames`). */
  readonly project: string;
  /** The in-scope accounts the handler acts for (config/configPublisherPolicies.ts `configSourceAccountIds`). */
  readonly accountIds: readonly string[];
  /** The security account's provider; regional resources set their own `region`. */
  readonly provider: aws.Provider;
  readonly allowList: AllowList;
  /** Key prefix of the findings for the SIEM; default `findings/approved-images`. */
  readonly findingsPrefix?: string;
  /** How often every instance is re-checked (a changed allow-list takes effect then); default `TwentyFour_Hours`. */
  readonly frequency?: ExecutionFrequency;
}

/** The rule's code folder: the Lambda gets exactly these files. */
export const RULE_CODE_DIR = path.resolve(__dirname, "../../rules/approved-images");
export const ALLOW_LIST_KEY = "allow-list/approved-images.json";
/** The in-scope account ids the handler acts for (an S3 object: 1,000 ids do not fit Lambda's 4 KB environment). */
export const ACCOUNTS_KEY = "allow-list/accounts.json";
const DEFAULT_FINDINGS_PREFIX = "findings/approved-images";
const MAX_BUCKET_NAME = 63;

/** Deterministic names, derived from config (the reader roles' trust names the execution role). */
export function approvedImagesNames(d: Pick<Deployment, "project" | "securityAccountId" | "homeRegion">) {
  const bucket = `${d.project}-approved-images-${d.securityAccountId}-${d.homeRegion}`;
  if (bucket.length > MAX_BUCKET_NAME || !/^[a-z0-9][a-z0-9-]*[a-z0-9]$/.test(bucket)) {
    throw new Error(`approved-images bucket name \`${bucket}\` is not a valid S3 bucket name (at most 63 lowercase characters): shorten the project name`);
  }
  return {
    bucket,
    rolePath: `/${d.project}/`,
    executionRole: `${d.project}-approved-images`,
    readerRole: `${d.project}-approved-images-reader`,
    functionName: `${d.project}-approved-images`,
    ruleName: `${d.project}-approved-images`,
  };
}

/** The function's code: the rule folder's modules (lambdaCode.ts). */
export function approvedImagesCodeArchive(dir: string = RULE_CODE_DIR): pulumi.asset.AssetArchive {
  return lambdaCodeArchive(dir);
}

/** The function's role may be assumed by Lambda in the security account only. */
export function executionTrustPolicy(securityAccountId: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": securityAccountId } },
      },
    ],
  };
}

/**
 * Assume the reader role in accounts of this organization only (`aws:ResourceOrgID`, in the
 * request context when the role's account is in an organization:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgid),
 * read the allow-list and the account inventory, write findings: nothing else.
 */
export function executionPolicy(args: {
  partition: Partition;
  bucket: string;
  findingsPrefix: string;
  rolePath: string;
  readerRole: string;
  organizationId: string;
}): PolicyDocument {
  const bucketArn = s3BucketArn(args.partition, args.bucket);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AssumeReaderRoles",
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Resource: `arn:${args.partition}:iam::*:role${args.rolePath}${args.readerRole}`,
        Condition: { StringEquals: { "aws:ResourceOrgID": args.organizationId } },
      },
      { Sid: "ReadAllowList", Effect: "Allow", Action: "s3:GetObject", Resource: [`${bucketArn}/${ALLOW_LIST_KEY}`, `${bucketArn}/${ACCOUNTS_KEY}`] },
      { Sid: "WriteFindings", Effect: "Allow", Action: "s3:PutObject", Resource: `${bucketArn}/${args.findingsPrefix}/*` },
    ],
  };
}

/**
 * The reader role trusts the security account root, on condition that the caller is the
 * function's execution role. Not the role ARN as principal: IAM refuses a trust policy whose
 * principal role does not exist yet (a shard without the central component never creates it),
 * and stores a role principal as its unique id, so recreating the role would break the trust;
 * an `aws:PrincipalArn` condition is neither
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
 */
export function readerTrustPolicy(args: { partition: Partition; securityAccountId: string; executionRoleArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: `arn:${args.partition}:iam::${args.securityAccountId}:root` },
        Action: "sts:AssumeRole",
        Condition: { ArnEquals: { "aws:PrincipalArn": args.executionRoleArn } },
      },
    ],
  };
}

/** Read instances and images; report evaluations (the result token is the member account's). */
export function readerPolicy(): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "DescribeInstancesAndImages", Effect: "Allow", Action: ["ec2:DescribeInstances", "ec2:DescribeImages"], Resource: "*" },
      { Sid: "ReportEvaluations", Effect: "Allow", Action: "config:PutEvaluations", Resource: "*" },
    ],
  };
}

export class ApprovedImagesRule extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly allowListObject: aws.s3.BucketObjectv2;
  /** The in-scope account ids: the handler refuses any other account. */
  readonly accountsObject: aws.s3.BucketObjectv2;
  readonly executionRole: aws.iam.Role;
  /** By region. */
  readonly functions: Readonly<Record<string, aws.lambda.Function>>;
  readonly rules: Readonly<Record<string, aws.cfg.OrganizationCustomRule>>;

  constructor(name: string, args: ApprovedImagesRuleArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const problems = validateAllowList(args.allowList);
    if (problems.length > 0) {
      throw new Error(`approved-images allow-list is invalid (${problems.length} issues):\n- ${problems.join("\n- ")}`);
    }
    super(CENTRAL_TYPES.ApprovedImagesRule, name, {}, opts);
    const { provider, partition, homeRegion } = args;
    const names = approvedImagesNames(args);
    const findingsPrefix = (args.findingsPrefix ?? DEFAULT_FINDINGS_PREFIX).replace(/^\/+|\/+$/g, "");
    const child = { parent: this, provider };

    // Findings are evidence: the bucket outlives the stack.
    // Versioned, encrypted, private, TLS only, kept on destroy: findings are evidence.
    const bucket = new SecureBucket(
      `${name}-bucket`,
      {
        bucketName: names.bucket,
        region: homeRegion,
        policy: { Version: "2012-10-17", Statement: [denyInsecureTransport(s3BucketArn(partition, names.bucket))] },
        protect: false,
      },
      child,
    );
    this.bucket = bucket.bucket;
    this.allowListObject = new aws.s3.BucketObjectv2(
      `${name}-allow-list`,
      { region: homeRegion, bucket: this.bucket.id, key: ALLOW_LIST_KEY, content: JSON.stringify(args.allowList, null, 2), contentType: "application/json" },
      child,
    );
    this.accountsObject = new aws.s3.BucketObjectv2(
      `${name}-accounts`,
      {
        region: homeRegion,
        bucket: this.bucket.id,
        key: ACCOUNTS_KEY,
        content: accountInventoryBody(args.accountIds),
        contentType: "application/json",
      },
      child,
    );

    this.executionRole = new aws.iam.Role(
      `${name}-execution-role`,
      {
        name: names.executionRole,
        path: names.rolePath,
        description: "Runs the approved-images AWS Config rule: assumes reader roles in member accounts",
        assumeRolePolicy: JSON.stringify(executionTrustPolicy(args.securityAccountId)),
        managedPolicyArns: [`arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`],
      },
      child,
    );
    const executionPolicyResource = new aws.iam.RolePolicy(
      `${name}-execution-policy`,
      {
        role: this.executionRole.name,
        name: "approved-images",
        policy: JSON.stringify(
          executionPolicy({
            partition,
            bucket: names.bucket,
            findingsPrefix,
            rolePath: names.rolePath,
            readerRole: names.readerRole,
            organizationId: args.organizationId,
          }),
        ),
      },
      child,
    );

    const code = approvedImagesCodeArchive();
    const environment = {
      [ENV.bucketRegion]: homeRegion,
      [ENV.allowListBucket]: names.bucket,
      [ENV.allowListKey]: ALLOW_LIST_KEY,
      [ENV.accountsKey]: ACCOUNTS_KEY,
      [ENV.findingsBucket]: names.bucket,
      [ENV.findingsPrefix]: findingsPrefix,
      [ENV.readerRoleName]: names.readerRole,
      [ENV.readerRolePath]: names.rolePath,
    };
    const functions: Record<string, aws.lambda.Function> = {};
    const rules: Record<string, aws.cfg.OrganizationCustomRule> = {};
    for (const region of args.regions) {
      const fn = new aws.lambda.Function(
        `${name}-function-${region}`,
        {
          region,
          name: names.functionName,
          description: "AWS Config organization rule: EC2 instances run images of the approved-images allow-list",
          role: this.executionRole.arn,
          runtime: aws.lambda.Runtime.NodeJS22dX,
          handler: "index.handler",
          code,
          timeout: 300,
          memorySize: 256,
          environment: { variables: environment },
        },
        { ...child, dependsOn: [executionPolicyResource, this.accountsObject] },
      );
      const permission = new aws.lambda.Permission(
        `${name}-invoke-${region}`,
        // As narrow as AWS allows at 1,000 accounts, which is no source condition: AddPermission takes one
        // 12-digit SourceAccount (a statement per account would pass the 20 KB function-policy limit at
        // ~71 accounts), its SourceArn cannot wildcard the account, PrincipalOrgID does not apply to a
        // service principal, and conditions that map to no parameter (aws:SourceOrgID) cannot be written
        // (https://docs.aws.amazon.com/lambda/latest/dg/API_AddPermission.html,
        // https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html; docs/aws-constraints-findings.md (c)).
        // A foreign caller gets nothing done: the handler acts only for inventory accounts, and the
        // execution role can assume reader roles only inside this organization.
        { region, function: fn.name, action: "lambda:InvokeFunction", principal: "config.amazonaws.com", statementId: "AllowConfigInvoke" },
        child,
      );
      rules[region] = new aws.cfg.OrganizationCustomRule(
        `${name}-rule-${region}`,
        {
          region,
          name: names.ruleName,
          description: "Checks whether EC2 instances run images approved by the organization's allow-list (owner, name, tags, ids).",
          lambdaFunctionArn: fn.arn,
          triggerTypes: ["ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification", "ScheduledNotification"],
          resourceTypesScopes: ["AWS::EC2::Instance"],
          maximumExecutionFrequency: args.frequency ?? "TwentyFour_Hours",
          // Inventory exclusions, accounts that do not record in this region, and those outside `approvedImages.targets`.
          ...((args.excludedAccounts[region] ?? []).length > 0 ? { excludedAccounts: [...(args.excludedAccounts[region] ?? [])] } : {}),
        },
        { ...child, dependsOn: [permission] },
      );
      functions[region] = fn;
    }
    this.functions = functions;
    this.rules = rules;

    this.registerOutputs({ bucket: this.bucket, functions: this.functions, rules: this.rules });
  }
}

/** The function's execution role ARN, from the deterministic names: reader roles trust it before it exists. */
export function approvedImagesExecutionRoleArn(d: Pick<Deployment, "project" | "securityAccountId" | "homeRegion" | "partition">): string {
  const names = approvedImagesNames(d);
  return `arn:${d.partition}:iam::${d.securityAccountId}:role${names.rolePath}${names.executionRole}`;
}

/**
 * The read-only role the rule evaluates an account through. Created in every
 * in-scope account by that account's component (components/account.ts), so
 * every shard of a sharded project gets it, not only the stack owning the rule.
 */
export function approvedImagesReaderArgs(deployment: Deployment, account: Account): AccountRoleArgs {
  const names = approvedImagesNames(deployment);
  return {
    accountId: account.id,
    ...assumeRoleOf(account.access),
    roleName: names.readerRole,
    path: names.rolePath,
    description: "Read-only access for the approved-images AWS Config rule in the security account",
    assumeRolePolicy: JSON.stringify(
      readerTrustPolicy({
        partition: deployment.partition,
        securityAccountId: deployment.securityAccountId,
        executionRoleArn: approvedImagesExecutionRoleArn(deployment),
      }),
    ),
    inlinePolicies: { "approved-images-reader": JSON.stringify(readerPolicy()) },
  };
}
