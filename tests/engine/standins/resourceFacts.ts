/**
 * What the stand-in aws and aws-native plugins answer for each resource type the
 * program uses: the resource's id and the outputs AWS computes, in AWS's own
 * formats (ARN layouts, id shapes), derived deterministically from the URN so
 * that two runs give the same answers. A type missing here is refused loudly:
 * the stand-in never invents an answer for a type nobody described.
 *
 * This is a stand-in: it proves nothing about the real providers' validation,
 * defaults or replacements.
 */
import { createHash } from "node:crypto";

export interface Place {
  readonly accountId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly managementAccountId: string;
}

export interface TypeFacts {
  /** The input that names the resource, filled with `<logical name>-<7 hex>` when absent (Pulumi's autonaming). */
  readonly autoName?: string;
  /** Inputs whose change replaces the resource. */
  readonly replaceOn?: readonly string[];
  /** The id and computed outputs of a created resource. */
  outputs(inputs: Record<string, unknown>, place: Place, seed: string): { id: string; outs: Record<string, unknown> };
}

/** Deterministic hex digits from a seed (the URN). */
export function hex(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += createHash("sha256").update(`${seed}#${i}`).digest("hex");
  return out.slice(0, length);
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function alnum(seed: string, length: number): string {
  return BigInt(`0x${hex(seed, 24)}`)
    .toString(36)
    .padStart(length, "0")
    .slice(0, length);
}

const s = (v: unknown): string => (typeof v === "string" ? v : v === undefined ? "" : JSON.stringify(v));

const named = (key: string, arn: (name: string, place: Place, inputs: Record<string, unknown>) => string): TypeFacts => ({
  autoName: key,
  replaceOn: [key],
  outputs: (inputs, place) => {
    const name = s(inputs[key]);
    return { id: name, outs: { arn: arn(name, place, inputs) } };
  },
});

const byInput = (key: string, extra: (inputs: Record<string, unknown>) => Record<string, unknown> = () => ({})): TypeFacts => ({
  replaceOn: [key],
  outputs: (inputs) => ({ id: s(inputs[key]), outs: extra(inputs) }),
});

const regional = (service: string, resource: (name: string) => string) => (name: string, p: Place) =>
  `arn:aws:${service}:${p.region}:${p.accountId}:${resource(name)}`;

export const AWS_TYPES: Readonly<Record<string, TypeFacts>> = {
  "aws:s3/bucket:Bucket": {
    autoName: "bucket",
    replaceOn: ["bucket"],
    outputs: (inputs, p) => {
      const bucket = s(inputs.bucket);
      return {
        id: bucket,
        outs: {
          arn: `arn:aws:s3:::${bucket}`,
          bucketDomainName: `${bucket}.s3.amazonaws.com`,
          bucketRegionalDomainName: `${bucket}.s3.${p.region}.amazonaws.com`,
          hostedZoneId: "Z3AQBSTGFYJSTF",
          region: p.region,
        },
      };
    },
  },
  "aws:s3/bucketPolicy:BucketPolicy": byInput("bucket"),
  "aws:s3/bucketVersioning:BucketVersioning": byInput("bucket"),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": byInput("bucket"),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": byInput("bucket"),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": byInput("bucket"),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": byInput("bucket"),
  "aws:s3/bucketObjectv2:BucketObjectv2": {
    replaceOn: ["bucket", "key"],
    outputs: (inputs, _p, seed) => ({
      id: s(inputs.key),
      outs: { etag: hex(`${seed}:${s(inputs.content)}`, 32), versionId: alnum(`${seed}:${s(inputs.content)}`, 32) },
    }),
  },
  "aws:sns/topic:Topic": {
    autoName: "name",
    replaceOn: ["name"],
    outputs: (inputs, p) => {
      const arn = regional("sns", (n) => n)(s(inputs.name), p);
      return { id: arn, outs: { arn, owner: p.accountId } };
    },
  },
  "aws:sns/topicPolicy:TopicPolicy": byInput("arn", (inputs) => ({ owner: s(inputs.arn).split(":")[4] })),
  "aws:sns/topicSubscription:TopicSubscription": {
    replaceOn: ["topic", "protocol", "endpoint"],
    outputs: (inputs, p, seed) => {
      const arn = `${s(inputs.topic)}:${uuid(seed)}`;
      return { id: arn, outs: { arn, ownerId: p.accountId, pendingConfirmation: inputs.protocol === "email" } };
    },
  },
  "aws:kms/key:Key": {
    outputs: (_inputs, p, seed) => {
      const keyId = uuid(seed);
      return { id: keyId, outs: { keyId, arn: regional("kms", (k) => `key/${k}`)(keyId, p) } };
    },
  },
  "aws:kms/alias:Alias": named(
    "name",
    regional("kms", (n) => n),
  ),
  "aws:iam/role:Role": {
    autoName: "name",
    replaceOn: ["name", "path"],
    outputs: (inputs, p, seed) => {
      const name = s(inputs.name);
      const path = typeof inputs.path === "string" ? inputs.path : "/";
      return {
        id: name,
        outs: { arn: `arn:aws:iam::${p.accountId}:role${path}${name}`, uniqueId: `AROA${alnum(seed, 17).toUpperCase()}`, path },
      };
    },
  },
  "aws:iam/rolePolicy:RolePolicy": {
    autoName: "name",
    replaceOn: ["role", "name"],
    outputs: (inputs) => ({ id: `${s(inputs.role)}:${s(inputs.name)}`, outs: {} }),
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
    replaceOn: ["role", "policyArn"],
    outputs: (inputs, _p, seed) => ({ id: `${s(inputs.role)}-${hex(seed, 26)}`, outs: {} }),
  },
  "aws:lambda/function:Function": {
    autoName: "name",
    replaceOn: ["name"],
    outputs: (inputs, p, seed) => {
      const arn = regional("lambda", (n) => `function:${n}`)(s(inputs.name), p);
      return {
        id: s(inputs.name),
        outs: {
          arn,
          qualifiedArn: `${arn}:$LATEST`,
          invokeArn: `arn:aws:apigateway:${p.region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
          version: "$LATEST",
          sourceCodeHash: hex(seed, 44),
        },
      };
    },
  },
  "aws:lambda/permission:Permission": {
    autoName: "statementId",
    replaceOn: ["function", "principal", "sourceArn", "statementId"],
    outputs: (inputs) => ({ id: s(inputs.statementId), outs: {} }),
  },
  "aws:cloudwatch/logGroup:LogGroup": named(
    "name",
    regional("logs", (n) => `log-group:${n}`),
  ),
  "aws:cloudwatch/logMetricFilter:LogMetricFilter": {
    autoName: "name",
    replaceOn: ["name", "logGroupName"],
    outputs: (inputs) => ({ id: s(inputs.name), outs: {} }),
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": named(
    "name",
    regional("cloudwatch", (n) => `alarm:${n}`),
  ),
  "aws:cloudwatch/eventRule:EventRule": named(
    "name",
    regional("events", (n) => `rule/${n}`),
  ),
  "aws:cloudwatch/eventTarget:EventTarget": {
    autoName: "targetId",
    replaceOn: ["rule", "targetId"],
    outputs: (inputs) => ({ id: `${s(inputs.rule)}-${s(inputs.targetId)}`, outs: {} }),
  },
  "aws:cloudtrail/trail:Trail": {
    autoName: "name",
    replaceOn: ["name"],
    outputs: (inputs, p) => {
      const arn = regional("cloudtrail", (n) => `trail/${n}`)(s(inputs.name), p);
      return { id: arn, outs: { arn, homeRegion: p.region } };
    },
  },
  "aws:guardduty/detector:Detector": {
    outputs: (_inputs, p, seed) => {
      const id = hex(seed, 32);
      return { id, outs: { arn: regional("guardduty", (d) => `detector/${d}`)(id, p), accountId: p.accountId } };
    },
  },
  "aws:guardduty/detectorFeature:DetectorFeature": {
    replaceOn: ["detectorId", "name"],
    outputs: (inputs) => ({ id: `${s(inputs.detectorId)}/${s(inputs.name)}`, outs: {} }),
  },
  "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount": byInput("adminAccountId"),
  "aws:guardduty/organizationConfiguration:OrganizationConfiguration": byInput("detectorId"),
  "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature": {
    replaceOn: ["detectorId", "name"],
    outputs: (inputs) => ({ id: `${s(inputs.detectorId)}/${s(inputs.name)}`, outs: {} }),
  },
  "aws:organizations/delegatedAdministrator:DelegatedAdministrator": {
    replaceOn: ["accountId", "servicePrincipal"],
    outputs: (inputs, p) => ({
      id: `${s(inputs.accountId)}/${s(inputs.servicePrincipal)}`,
      outs: {
        arn: `arn:aws:organizations::${p.managementAccountId}:account/${p.organizationId}/${s(inputs.accountId)}`,
        status: "ACTIVE",
        joinedMethod: "INVITED",
      },
    }),
  },
  "aws:organizations/policy:Policy": {
    autoName: "name",
    outputs: (inputs, p, seed) => {
      const id = `p-${alnum(seed, 8)}`;
      const kind = s(inputs.type || "SERVICE_CONTROL_POLICY").toLowerCase();
      return { id, outs: { arn: `arn:aws:organizations::${p.managementAccountId}:policy/${p.organizationId}/${kind}/${id}`, awsManaged: false } };
    },
  },
  "aws:organizations/policyAttachment:PolicyAttachment": {
    replaceOn: ["policyId", "targetId"],
    outputs: (inputs) => ({ id: `${s(inputs.targetId)}:${s(inputs.policyId)}`, outs: {} }),
  },
  "aws:cfg/configurationAggregator:ConfigurationAggregator": named("name", (_n, p, inputs) =>
    regional("config", () => `config-aggregator/config-aggregator-${alnum(s(inputs.name), 8)}`)("", p),
  ),
  "aws:cfg/organizationConformancePack:OrganizationConformancePack": named("name", (n, p) =>
    regional("config", () => `organization-conformance-pack/${n}-${alnum(n + p.region, 8)}`)("", p),
  ),
  "aws:cfg/organizationCustomRule:OrganizationCustomRule": named("name", (n, p) =>
    regional("config", () => `organization-config-rule/${n}-${alnum(n + p.region, 8)}`)("", p),
  ),
  // The naive design the engine benchmark compares with (one explicit provider per
  // account × region); the program itself does not use these three.
  "aws:cfg/recorder:Recorder": byInput("name"),
  "aws:cfg/deliveryChannel:DeliveryChannel": byInput("name"),
  "aws:cfg/recorderStatus:RecorderStatus": byInput("name"),
};

export const AWS_NATIVE_TYPES: Readonly<Record<string, TypeFacts>> = {
  "aws-native:configuration:StoredQuery": {
    replaceOn: ["queryName"],
    outputs: (inputs, p, seed) => {
      const queryId = `query-${alnum(seed, 17)}`;
      return {
        id: s(inputs.queryName),
        outs: { queryId, queryArn: regional("config", () => `stored-query/${s(inputs.queryName)}/${queryId}`)("", p) },
      };
    },
  },
};
