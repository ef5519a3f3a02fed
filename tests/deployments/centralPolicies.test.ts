/**
 * docs/central-policies/*.json: what whoever runs `pulumi up` needs in the management, security
 * and log archive accounts, as evaluated policies. The program runs under mocks for dev, prod and
 * prod with every detection key and `newAccounts` on; each central resource it declares (through `@pulumi/aws` and
 * `@pulumi/aws-native`) is attributed to its account by its provider, and every request of its
 * type's create, read, update and delete (tests/deployments/centralResourceActions.ts, with a
 * source per row) must be allowed by the documents of the roles that account plays. A type without
 * a row fails. Each statement is needed (removing it refuses some request), and each document fits
 * IAM's inline-policy size.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

import { evaluate, type PolicyDocument, type Request } from "../helpers/iamPolicy";
import { runProgram, type MockedResource, type TestRun } from "../helpers/program";
import { CENTRAL_RESOURCE_ACTIONS, PREFLIGHT_CENTRAL_REQUESTS, type RequestContext } from "./centralResourceActions";

const ROOT = path.join(__dirname, "../..");
type CentralRole = "management" | "security" | "log-archive";
const ROLES: readonly CentralRole[] = ["management", "security", "log-archive"];
const documents = Object.fromEntries(
  ROLES.map((r) => [r, JSON.parse(fs.readFileSync(path.join(ROOT, `docs/central-policies/${r}.json`), "utf8")) as PolicyDocument]),
) as Record<CentralRole, PolicyDocument>;

const DETECTION = {
  "aws-config-org:organizationTrail": {
    enabled: true,
    kms: true,
    cloudWatchLogs: { retentionDays: 365 },
    dataEvents: [{ resourceType: "AWS::S3::Object", readOnly: false }],
  },
  "aws-config-org:roleAlarms": [{ roleName: "elevated-security-role" }],
  "aws-config-org:guardDuty": { enabled: true },
  "aws-config-org:notifications": {
    subscriptions: [{ protocol: "email", endpoint: "cloud-security@example.com", events: ["non-compliant", "guardduty-finding", "role-alarm"] }],
  },
};

/** Stack `newAccounts` (the event path in the management account, us-east-1); the token as the stack file holds it, encrypted. */
const NEW_ACCOUNTS = { "aws-config-org:newAccounts": { pulumiOrganization: "acme", token: { secure: "v1:c2VjcmV0LWNpcGhlcnRleHQ=" } } };

/** A central resource: its type, the account its provider acts in, and the roles that account plays. */
interface Placed {
  readonly resource: MockedResource;
  readonly accountId: string;
  readonly roles: readonly CentralRole[];
  readonly context: RequestContext;
}

function placed(run: TestRun): Placed[] {
  const d = run.deployment;
  const buckets = new Map(
    run.resources.filter((r) => r.type === "aws:s3/bucket:Bucket").map((r) => [`${r.name}-id`, String((r.inputs as { bucket?: string }).bucket)]),
  );
  return run.resources
    .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:") && !r.type.startsWith("pulumi-nodejs:dynamic/"))
    .map((resource) => {
      const accountId = /::aws(?:-native)?-(\d{12})::/.exec(resource.provider ?? "")?.[1];
      if (!accountId) throw new Error(`${resource.urn} has no central provider`);
      const roles = ROLES.filter(
        (r) => (r === "management" ? d.managementAccountId : r === "security" ? d.securityAccountId : d.logArchiveAccountId) === accountId,
      );
      const region = String((resource.inputs as { region?: string }).region ?? d.homeRegion);
      const context: RequestContext = { partition: d.partition, accountId, region, bucketName: (v) => buckets.get(String(v)) ?? String(v) };
      return { resource, accountId, roles, context };
    });
}

function refused(policies: readonly PolicyDocument[], requests: readonly Request[]): string[] {
  return requests
    .filter((q) => evaluate(policies, q).decision !== "allow")
    .map((q) => `${q.action} on ${q.resource}${q.context ? ` ${JSON.stringify(q.context)}` : ""}`);
}

describe("docs/central-policies: the central accounts' permissions, evaluated against every central resource the program declares", function () {
  this.timeout(180_000);
  const runs: { name: string; run: TestRun }[] = [];

  before(async () => {
    runs.push({ name: "dev", run: await runProgram("dev") });
    runs.push({ name: "prod", run: await runProgram("prod") });
    runs.push({ name: "prod with every detection key and newAccounts on", run: await runProgram("prod", { config: { ...DETECTION, ...NEW_ACCOUNTS } }) });
  });

  it("has a row, with a source, for every central resource type the program declares", () => {
    const types = new Set(runs.flatMap(({ run }) => placed(run).map((p) => p.resource.type)));
    const missing = [...types].filter((t) => !CENTRAL_RESOURCE_ACTIONS[t]).sort();
    expect(missing, "types without a row in centralResourceActions.ts").to.deep.equal([]);
    for (const [type, row] of Object.entries(CENTRAL_RESOURCE_ACTIONS))
      expect(row.source, type).to.match(/https:\/\/docs\.aws\.amazon\.com\/service-authorization\//);
    // Every row is used by some run: a row for a type the program no longer declares is stale.
    expect(
      Object.keys(CENTRAL_RESOURCE_ACTIONS).filter((t) => !types.has(t)),
      "rows no run declares",
    ).to.deep.equal([]);
  });

  it("allows every request of every central resource, in the account its provider acts in", () => {
    const problems: string[] = [];
    for (const { name, run } of runs) {
      for (const p of placed(run)) {
        const row = CENTRAL_RESOURCE_ACTIONS[p.resource.type];
        if (!row) continue;
        expect(p.roles.length, `${p.resource.urn}: its account ${p.accountId} is no central account`).to.be.greaterThan(0);
        const why = refused(
          p.roles.map((r) => documents[r]),
          row.requests(p.resource, p.context),
        );
        if (why.length > 0) problems.push(`${name} ${p.resource.type} (${p.roles.join("+")}): ${why.join("; ")}`);
      }
    }
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  it("allows preflight's reads with the central credentials (trails and GuardDuty administrators, the aggregator and detectors, the delivery bucket's and key's policies)", () => {
    const d = runs[1]!.run.deployment;
    const c = (accountId: string): RequestContext => ({ partition: "aws", accountId, region: d.homeRegion, bucketName: String });
    const why = [
      ...refused([documents.management], PREFLIGHT_CENTRAL_REQUESTS.management(c(d.managementAccountId), d.delivery.bucketName)),
      ...refused([documents.security], PREFLIGHT_CENTRAL_REQUESTS.security(c(d.securityAccountId), d.delivery.bucketName)),
      ...refused([documents["log-archive"]], PREFLIGHT_CENTRAL_REQUESTS["log-archive"](c(d.logArchiveAccountId), d.delivery.bucketName)),
    ];
    expect(why).to.deep.equal([]);
  });

  it("is least privilege: no `*` action or service wildcard, every statement needed (removing it refuses some request)", () => {
    const requestsOf = (role: CentralRole): Request[] =>
      runs.flatMap(({ run }) => {
        const d = run.deployment;
        const pre = PREFLIGHT_CENTRAL_REQUESTS[role](
          { partition: "aws", accountId: "000000000000", region: d.homeRegion, bucketName: String },
          d.delivery.bucketName,
        );
        return [
          ...placed(run)
            .filter((p) => p.roles.length === 1 && p.roles[0] === role)
            .flatMap((p) => CENTRAL_RESOURCE_ACTIONS[p.resource.type]?.requests(p.resource, p.context) ?? []),
          ...pre,
        ];
      });
    for (const role of ROLES) {
      const statements = documents[role].Statement as { Sid: string; Action: string | string[] }[];
      for (const s of statements) {
        for (const action of [s.Action].flat()) expect(action, `${role} ${s.Sid}`).to.match(/^[a-z0-9-]+:[A-Za-z]+$/, "a named action, no wildcard");
      }
      const requests = requestsOf(role);
      for (const s of statements) {
        const without = { Statement: statements.filter((x) => x !== s) };
        expect(refused([without], requests), `${role}: statement ${s.Sid} is not needed by any request`).to.not.deep.equal([]);
      }
    }
  });

  it("fits IAM's inline policies of a role (10,240 characters, white space not counted)", () => {
    for (const role of ROLES) expect(JSON.stringify(documents[role]).replace(/\s/g, "").length, role).to.be.at.most(10_240);
  });
});
