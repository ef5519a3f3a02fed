/**
 * Lambda handler of the approved-images organization rule, hosted in the
 * security account. For each invocation (one member account, one region):
 * refuse it unless the account is in the stack's inventory (inventory.ts), read
 * the allow-list from S3, assume the read-only reader role in the member
 * account, look at the instance(s) and their images, then write the results to
 * Config (PutEvaluations, with the member account's credentials: the result
 * token belongs to it) and to S3 for the SIEM.
 *
 * AWS SDK v3 clients are required inside the functions (the Lambda Node.js
 * runtime provides them; nothing else is bundled).
 */
import { parseAllowList, type AllowList } from "./allowList";
import { environmentOf, readerRoleArn, type HandlerEnvironment } from "./environment";
import { evaluateInstance, type ImageFacts, type InstanceFacts } from "./evaluate";
import { parseRuleInvocation, type ConfigRuleEvent, type RuleInvocation } from "./events";
import { findingOf, findingsBody, findingsKey, type Finding } from "./findings";
import { parseAccountInventory } from "./inventory";

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

export interface InvocationContext {
  readonly awsRequestId?: string;
}

export interface InvocationSummary {
  readonly accountId: string;
  readonly region: string;
  readonly messageType: string;
  readonly evaluated: number;
  readonly nonCompliant: number;
  /** Where the findings went; absent when the invocation was refused. */
  readonly findingsKey?: string;
  /** The account is not in the inventory: nothing was evaluated, reported or written. */
  readonly refused: boolean;
}

/** PutEvaluations takes at most 100 evaluations; DescribeImages is asked for 100 ids at a time. */
const BATCH = 100;
const ACTIVE_STATES = ["pending", "running", "stopping", "stopped"];

export async function handler(event: ConfigRuleEvent, context: InvocationContext = {}): Promise<InvocationSummary> {
  const env = environmentOf(process.env);
  const invocation = parseRuleInvocation(event);
  const inventory = await loadInventory(env);
  if (!inventory.has(invocation.accountId)) {
    // Skipped, not reported NOT_APPLICABLE: reporting needs the account's own credentials (its result
    // token is its own), and the function assumes no role outside this organization's inventory.
    const refused: InvocationSummary = {
      accountId: invocation.accountId,
      region: invocation.region,
      messageType: invocation.messageType,
      evaluated: 0,
      nonCompliant: 0,
      refused: true,
    };
    console.error(
      JSON.stringify({
        ...refused,
        configRuleName: invocation.configRuleName,
        reason: `account ${invocation.accountId} is not in the inventory s3://${env.allowListBucket}/${env.accountsKey}: the rule acts only for the stack's in-scope accounts`,
      }),
    );
    return refused;
  }
  const allowList = await loadAllowList(env);
  const credentials = await readerCredentials(env, invocation);

  const evaluatedAt = new Date();
  const where = { evaluatedAt, accountId: invocation.accountId, region: invocation.region, configRuleName: invocation.configRuleName };
  const findings: Finding[] = [];
  const instances = await instancesInScope(invocation, credentials);
  const images = await describeImages([...new Set(instances.map((i) => i.imageId))], invocation.region, credentials);
  for (const instance of instances) {
    const image = images.get(instance.imageId);
    const verdict = evaluateInstance(instance, image, allowList);
    findings.push(findingOf({ ...where, instanceId: instance.instanceId, imageId: instance.imageId, ...(image ? { image } : {}), ...verdict }));
  }
  if (invocation.scope.kind === "instance" && instances.length === 0) {
    // Deleted, out of scope, or gone before we looked: Config must still hear about it.
    const annotation = "Instance no longer exists or left the rule's scope.";
    findings.push(findingOf({ ...where, instanceId: invocation.scope.instanceId, complianceType: "NOT_APPLICABLE", annotation }));
  }

  await putEvaluations(invocation, credentials, findings);
  const key = findingsKey(env.findingsPrefix, {
    at: evaluatedAt,
    accountId: invocation.accountId,
    region: invocation.region,
    invocationId: context.awsRequestId ?? `${evaluatedAt.getTime()}`,
  });
  await writeFindings(env, key, findings);

  const summary: InvocationSummary = {
    accountId: invocation.accountId,
    region: invocation.region,
    messageType: invocation.messageType,
    evaluated: findings.length,
    nonCompliant: findings.filter((f) => f.complianceType === "NON_COMPLIANT").length,
    findingsKey: key,
    refused: false,
  };
  console.log(JSON.stringify(summary));
  return summary;
}

/** An object of the rule's bucket as text; throws naming it when it is empty. */
async function readObject(env: HandlerEnvironment, key: string, what: string): Promise<string> {
  const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const s3 = new S3Client({ region: env.bucketRegion });
  const object = await s3.send(new GetObjectCommand({ Bucket: env.allowListBucket, Key: key }));
  const text = await object.Body?.transformToString("utf-8");
  if (text === undefined) throw new Error(`${what} s3://${env.allowListBucket}/${key} is empty`);
  return text;
}

async function loadAllowList(env: HandlerEnvironment): Promise<AllowList> {
  return parseAllowList(await readObject(env, env.allowListKey, "allow-list"), `allow-list s3://${env.allowListBucket}/${env.allowListKey}`);
}

async function loadInventory(env: HandlerEnvironment): Promise<ReadonlySet<string>> {
  return parseAccountInventory(await readObject(env, env.accountsKey, "account inventory"), `account inventory s3://${env.allowListBucket}/${env.accountsKey}`);
}

async function readerCredentials(env: HandlerEnvironment, invocation: RuleInvocation): Promise<Credentials> {
  const { STSClient, AssumeRoleCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
  const sts = new STSClient({ region: invocation.region });
  const roleArn = readerRoleArn(invocation.partition, invocation.accountId, env);
  try {
    const { Credentials: c } = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: `approved-images-${invocation.accountId}`, DurationSeconds: 900 }),
    );
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) throw new Error("AssumeRole returned no credentials");
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } catch (e) {
    throw new Error(
      `cannot assume \`${roleArn}\` in account ${invocation.accountId}: ${(e as Error).message}. ` +
        "Is the account in the stack's scope (the reader role is created there by the ApprovedImagesRule component)?",
    );
  }
}

async function instancesInScope(invocation: RuleInvocation, credentials: Credentials): Promise<InstanceFacts[]> {
  const { scope } = invocation;
  if (scope.kind === "instance") {
    if (scope.gone) return [];
    if (scope.imageId) return [{ instanceId: scope.instanceId, imageId: scope.imageId, ...(scope.state ? { state: scope.state } : {}) }];
  }
  const { EC2Client, DescribeInstancesCommand } = require("@aws-sdk/client-ec2") as typeof import("@aws-sdk/client-ec2");
  const ec2 = new EC2Client({ region: invocation.region, credentials });
  const found: InstanceFacts[] = [];
  let nextToken: string | undefined;
  do {
    let page;
    try {
      page = await ec2.send(
        new DescribeInstancesCommand(
          scope.kind === "instance"
            ? { InstanceIds: [scope.instanceId] }
            : { Filters: [{ Name: "instance-state-name", Values: ACTIVE_STATES }], MaxResults: 1000, ...(nextToken ? { NextToken: nextToken } : {}) },
        ),
      );
    } catch (e) {
      if ((e as { name?: string }).name === "InvalidInstanceID.NotFound") return [];
      throw e;
    }
    for (const reservation of page.Reservations ?? []) {
      for (const i of reservation.Instances ?? []) {
        if (i.InstanceId && i.ImageId) found.push({ instanceId: i.InstanceId, imageId: i.ImageId, ...(i.State?.Name ? { state: i.State.Name } : {}) });
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return found;
}

/** Images as the member account sees them; ids it cannot see are absent from the map. */
async function describeImages(imageIds: readonly string[], region: string, credentials: Credentials): Promise<Map<string, ImageFacts>> {
  const { EC2Client, DescribeImagesCommand } = require("@aws-sdk/client-ec2") as typeof import("@aws-sdk/client-ec2");
  const ec2 = new EC2Client({ region, credentials });
  const images = new Map<string, ImageFacts>();
  const describe = async (ids: string[]) => {
    const { Images } = await ec2.send(new DescribeImagesCommand({ ImageIds: ids }));
    for (const image of Images ?? []) {
      if (!image.ImageId) continue;
      images.set(image.ImageId, {
        imageId: image.ImageId,
        ...(image.OwnerId ? { ownerId: image.OwnerId } : {}),
        ...(image.ImageOwnerAlias ? { ownerAlias: image.ImageOwnerAlias } : {}),
        ...(image.Name ? { name: image.Name } : {}),
        tags: Object.fromEntries((image.Tags ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? ""]] : []))),
      });
    }
  };
  for (let i = 0; i < imageIds.length; i += BATCH) {
    const batch = imageIds.slice(i, i + BATCH);
    try {
      await describe(batch);
    } catch (e) {
      // One deregistered or unshared id fails the whole batch: ask one by one, skipping the invisible ones.
      if (!String((e as { name?: string }).name).startsWith("InvalidAMIID")) throw e;
      for (const id of batch) {
        await describe([id]).catch((err: { name?: string }) => {
          if (!String(err.name).startsWith("InvalidAMIID")) throw err;
        });
      }
    }
  }
  return images;
}

async function putEvaluations(invocation: RuleInvocation, credentials: Credentials, findings: readonly Finding[]): Promise<void> {
  const { ConfigServiceClient, PutEvaluationsCommand } = require("@aws-sdk/client-config-service") as typeof import("@aws-sdk/client-config-service");
  const config = new ConfigServiceClient({ region: invocation.region, credentials });
  const evaluations = findings.map((f) => ({
    ComplianceResourceType: f.resourceType,
    ComplianceResourceId: f.resourceId,
    ComplianceType: f.complianceType,
    Annotation: f.annotation,
    OrderingTimestamp: invocation.orderingTimestamp,
  }));
  // A periodic run over an account without instances still reports back, so Config records the run.
  const batches = evaluations.length === 0 ? [[]] : chunk(evaluations, BATCH);
  for (const batch of batches) {
    const { FailedEvaluations } = await config.send(new PutEvaluationsCommand({ Evaluations: batch, ResultToken: invocation.resultToken }));
    if (FailedEvaluations && FailedEvaluations.length > 0) {
      throw new Error(
        `PutEvaluations refused ${FailedEvaluations.length} evaluation(s) in account ${invocation.accountId}: ${JSON.stringify(FailedEvaluations.slice(0, 3))}`,
      );
    }
  }
}

async function writeFindings(env: HandlerEnvironment, key: string, findings: readonly Finding[]): Promise<void> {
  if (findings.length === 0) return;
  const { S3Client, PutObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const s3 = new S3Client({ region: env.bucketRegion });
  await s3.send(new PutObjectCommand({ Bucket: env.findingsBucket, Key: key, Body: findingsBody(findings), ContentType: "application/x-ndjson" }));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
