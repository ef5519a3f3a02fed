/**
 * docs/deployment-role-policy.json: least privilege, and exactly what the
 * dynamic provider calls. The provider's SDK commands are read from its
 * source (components/multiaccount/), each mapped to its service through the
 * commands that service's SDK package exports.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

import { evaluate, type Request } from "../helpers/iamPolicy";

const ROOT = path.join(__dirname, "../..");
const PROVIDER_DIR = path.join(ROOT, "components/multiaccount");
/** Operator-command sources whose calls go through the same role: `cost --measured`'s reads. */
const COMMAND_SOURCES = [path.join(ROOT, "commands/lib/costMeasuredSources.ts")];

interface Statement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  NotAction?: unknown;
  NotResource?: unknown;
}

const listOf = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

const policy = JSON.parse(fs.readFileSync(path.join(ROOT, "docs/deployment-role-policy.json"), "utf8")) as {
  Version: string;
  Statement: Statement[];
};
const allowed = new Set(policy.Statement.flatMap((s) => listOf(s.Action)));
const statementsWith = (action: string) => policy.Statement.filter((s) => listOf(s.Action).includes(action));

/** IAM prefix of each SDK client package. */
const SERVICE_PREFIX: Record<string, string> = {
  "config-service": "config",
  iam: "iam",
  ec2: "ec2",
  s3: "s3",
  sts: "sts",
  organizations: "organizations",
  ssm: "ssm",
  cloudwatch: "cloudwatch",
  "cost-explorer": "ce",
};

/** SDK commands whose IAM action has another name. */
const ACTION_OF_COMMAND: Record<string, string> = {
  "s3:HeadBucket": "s3:ListBucket",
  "s3:HeadObject": "s3:GetObject",
  "s3:ListObjectsV2": "s3:ListBucket",
};

/** Who needs which prefix: the member-account deployment role, or the caller in the management account. */
const MEMBER_ROLE_PREFIXES = ["config", "iam", "ec2", "s3", "ssm", "cloudwatch"];

/** Actions in the policy that no SDK command shows, with the reason they are there. */
const IMPLIED_ACTIONS: Record<string, string> = {
  "iam:PassRole": "PutConfigurationRecorder passes the recorder role to config.amazonaws.com",
  "ec2:DescribeRegions": "preflight: which opt-in regions an account has enabled",
};

const ACCOUNT = "210987654321";
const REGION = "eu-west-1";
const CONFIG_SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
const PROJECT_ROLE = `arn:aws:iam::${ACCOUNT}:role/aws-config-org/aws-config-org-recorder`;
const config = (what: string) => `arn:aws:config:${REGION}:${ACCOUNT}:${what}`;

/**
 * Every request the deployment role makes in an account, as IAM authorizes it: the action, the
 * resource and the condition keys. Each SDK command of the provider (and of preflight with this
 * role) has its requests here, and so has every call AWS makes with the caller's permissions
 * while serving one (IAM evaluates those against the caller too):
 * - `PutConfigurationRecorder` passes the recorder role (`iam:PassRole` to config.amazonaws.com);
 * - `PutConformancePack` "creates a service-linked role AWSServiceRoleForConfigConforms in your
 *   account ... only when the role does not exist" (https://docs.aws.amazon.com/config/latest/APIReference/API_PutConformancePack.html),
 *   with the caller's `iam:CreateServiceLinkedRole` (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html#service-linked-role-permissions).
 */
const REQUESTS: Record<string, readonly Request[]> = {
  "config:DescribeConfigurationRecorders": [{ action: "config:DescribeConfigurationRecorders", resource: "*" }],
  "config:DescribeConfigurationRecorderStatus": [{ action: "config:DescribeConfigurationRecorderStatus", resource: "*" }],
  "config:DescribeDeliveryChannels": [{ action: "config:DescribeDeliveryChannels", resource: "*" }],
  "config:PutConfigurationRecorder": [
    { action: "config:PutConfigurationRecorder", resource: config("configuration-recorder/default/abc") },
    { action: "iam:PassRole", resource: CONFIG_SLR, context: { "iam:PassedToService": "config.amazonaws.com" } },
    { action: "iam:PassRole", resource: PROJECT_ROLE, context: { "iam:PassedToService": "config.amazonaws.com" } },
  ],
  "config:DeleteConfigurationRecorder": [{ action: "config:DeleteConfigurationRecorder", resource: config("configuration-recorder/default/abc") }],
  "config:StartConfigurationRecorder": [{ action: "config:StartConfigurationRecorder", resource: config("configuration-recorder/default/abc") }],
  "config:StopConfigurationRecorder": [{ action: "config:StopConfigurationRecorder", resource: config("configuration-recorder/default/abc") }],
  "config:PutDeliveryChannel": [{ action: "config:PutDeliveryChannel", resource: "*" }],
  "config:DeleteDeliveryChannel": [{ action: "config:DeleteDeliveryChannel", resource: "*" }],
  "config:DescribeConformancePacks": [{ action: "config:DescribeConformancePacks", resource: "*" }],
  "config:DescribeConformancePackStatus": [{ action: "config:DescribeConformancePackStatus", resource: "*" }],
  "config:PutConformancePack": [
    { action: "config:PutConformancePack", resource: config("conformance-pack/aws-config-org-remediation/conformance-pack-abc123") },
    {
      action: "iam:CreateServiceLinkedRole",
      resource: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms`,
      context: { "iam:AWSServiceName": "config-conforms.amazonaws.com" },
    },
  ],
  "config:DeleteConformancePack": [
    { action: "config:DeleteConformancePack", resource: config("conformance-pack/aws-config-org-remediation/conformance-pack-abc123") },
  ],
  "iam:CreateServiceLinkedRole": [{ action: "iam:CreateServiceLinkedRole", resource: CONFIG_SLR, context: { "iam:AWSServiceName": "config.amazonaws.com" } }],
  "iam:DeleteServiceLinkedRole": [{ action: "iam:DeleteServiceLinkedRole", resource: CONFIG_SLR }],
  // IAM checks a role that does not exist yet without its path.
  "iam:GetRole": [CONFIG_SLR, `arn:aws:iam::${ACCOUNT}:role/AWSServiceRoleForConfig`, PROJECT_ROLE].map((resource) => ({ action: "iam:GetRole", resource })),
  ...Object.fromEntries(
    [
      "CreateRole",
      "DeleteRole",
      "UpdateRole",
      "UpdateAssumeRolePolicy",
      "PutRolePolicy",
      "GetRolePolicy",
      "DeleteRolePolicy",
      "ListRolePolicies",
      "AttachRolePolicy",
      "DetachRolePolicy",
      "ListAttachedRolePolicies",
    ].map((op) => [`iam:${op}`, [{ action: `iam:${op}`, resource: PROJECT_ROLE }]]),
  ),
  "ec2:DescribeRegions": [{ action: "ec2:DescribeRegions", resource: "*" }],
  // cost --measured (commands/lib/costMeasuredSources.ts): neither takes a resource ARN.
  "cloudwatch:ListMetrics": [{ action: "cloudwatch:ListMetrics", resource: "*" }],
  "cloudwatch:GetMetricData": [{ action: "cloudwatch:GetMetricData", resource: "*" }],
  // The takeover record (components/multiaccount/placeRecord.ts): one parameter per place.
  ...Object.fromEntries(
    ["GetParameter", "PutParameter", "DeleteParameter"].map((op) => [
      `ssm:${op}`,
      [{ action: `ssm:${op}`, resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/pulumi/aws-config-org/config-recorder-takeover` }],
    ]),
  ),
};

function exportedCommands(pkg: string): Set<string> {
  const index = fs.readFileSync(path.join(ROOT, "node_modules/@aws-sdk", `client-${pkg}`, "dist-types/commands/index.d.ts"), "utf8");
  return new Set([...index.matchAll(/\.\/([A-Za-z0-9]+)Command"/g)].map((m) => m[1]));
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

/** `prefix:Operation` for every SDK command sent by the provider's source. */
function providerActions(): Map<string, string[]> {
  const actions = new Map<string, string[]>();
  for (const file of [...tsFiles(PROVIDER_DIR), ...COMMAND_SOURCES]) {
    const source = fs.readFileSync(file, "utf8");
    const packages = [...new Set([...source.matchAll(/@aws-sdk\/client-([a-z0-9-]+)/g)].map((m) => m[1]))].filter((p) => p in SERVICE_PREFIX);
    for (const m of source.matchAll(/\b([A-Z][A-Za-z0-9]+)Command\b/g)) {
      const owners = packages.filter((p) => exportedCommands(p).has(m[1]));
      expect(owners, `${m[1]}Command in ${path.relative(ROOT, file)}: exactly one imported SDK client should export it`).to.have.length(1);
      const raw = `${SERVICE_PREFIX[owners[0]]}:${m[1]}`;
      const action = ACTION_OF_COMMAND[raw] ?? raw;
      actions.set(action, [...(actions.get(action) ?? []), path.relative(ROOT, file)]);
    }
  }
  return actions;
}

describe("docs/deployment-role-policy.json", () => {
  it("is an IAM policy of Allow statements with explicit actions and resources", () => {
    expect(policy.Version).to.equal("2012-10-17");
    for (const s of policy.Statement) {
      expect(s.Effect, s.Sid).to.equal("Allow");
      expect(s.Sid, "every statement says what it is for").to.match(/^[A-Za-z0-9]+$/);
      expect(s, s.Sid).to.not.have.any.keys("NotAction", "NotResource", "Principal");
    }
    expect(new Set(policy.Statement.map((s) => s.Sid)).size).to.equal(policy.Statement.length);
    expect(JSON.stringify(policy).length, "managed policy limit (6,144 characters without whitespace)").to.be.lessThan(6144);
  });

  it("has no wildcard action: no `*`, no `iam:*`, no `config:*`", () => {
    for (const action of allowed) {
      expect(action, action).to.match(/^[a-z0-9]+:[A-Za-z0-9]+$/);
    }
    expect(allowed.has("*")).to.equal(false);
  });

  it("allows the recorder and delivery channel lifecycle", () => {
    for (const verb of ["Put", "Delete"]) {
      expect(allowed, verb).to.include(`config:${verb}ConfigurationRecorder`);
      expect(allowed, verb).to.include(`config:${verb}DeliveryChannel`);
    }
    for (const action of [
      "config:DescribeConfigurationRecorders",
      "config:DescribeConfigurationRecorderStatus",
      "config:DescribeDeliveryChannels",
      "config:StartConfigurationRecorder",
      "config:StopConfigurationRecorder",
      "ec2:DescribeRegions",
    ]) {
      expect(allowed).to.include(action);
    }
  });

  it("creates only Config's two service-linked roles: the recorder's and the conformance packs'", () => {
    const statements = statementsWith("iam:CreateServiceLinkedRole");
    expect(statements.map((s) => [listOf(s.Action), s.Condition, listOf(s.Resource)])).to.deep.equal([
      [
        ["iam:CreateServiceLinkedRole"],
        { StringEquals: { "iam:AWSServiceName": "config.amazonaws.com" } },
        ["arn:aws:iam::*:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig*"],
      ],
      [
        ["iam:CreateServiceLinkedRole"],
        { StringEquals: { "iam:AWSServiceName": "config-conforms.amazonaws.com" } },
        ["arn:aws:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"],
      ],
    ]);
    for (const service of ["ec2.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com"]) {
      const role = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/${service}/AWSServiceRoleFor${service.split(".")[0]}`;
      expect(
        evaluate(policy, { action: "iam:CreateServiceLinkedRole", resource: role, context: { "iam:AWSServiceName": service } }).decision,
        service,
      ).to.equal("implicit-deny");
    }
  });

  it("passes roles only to Config, and only the recorder roles", () => {
    const [pass] = statementsWith("iam:PassRole");
    expect(pass.Condition).to.deep.equal({ StringEquals: { "iam:PassedToService": "config.amazonaws.com" } });
    for (const r of listOf(pass.Resource)) expect(r).to.match(/role\/(aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig|aws-config-org\/\*)$/);
  });

  it("manages roles only under the project's path", () => {
    const roleWrites = [...allowed].filter((a) => /^iam:(Create|Delete|Update|Put|Attach|Detach)/.test(a) && !/ServiceLinkedRole$/.test(a));
    expect(roleWrites).to.include.members(["iam:CreateRole", "iam:DeleteRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"]);
    for (const action of roleWrites) {
      for (const s of statementsWith(action)) expect(listOf(s.Resource), action).to.deep.equal(["arn:aws:iam::*:role/aws-config-org/*"]);
    }
    for (const s of statementsWith("iam:GetRole")) {
      for (const r of listOf(s.Resource)) expect(r).to.match(/AWSServiceRoleForConfig$|role\/aws-config-org\/\*$/);
    }
  });

  it("grants nothing outside Config, IAM roles, EC2 regions, the takeover record and Config's CloudWatch metric", () => {
    for (const action of allowed) expect(action.split(":")[0], action).to.be.oneOf(["config", "iam", "ec2", "ssm", "cloudwatch"]);
    for (const s of statementsWith("cloudwatch:GetMetricData"))
      expect(listOf(s.Action), s.Sid).to.deep.equal(["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"]);
    for (const s of policy.Statement.filter((st) => listOf(st.Action).some((a) => a.startsWith("ssm:")))) {
      expect(listOf(s.Resource)).to.deep.equal(["arn:aws:ssm:*:*:parameter/pulumi/aws-config-org/config-recorder-takeover"]);
    }
    for (const forbidden of [
      "iam:CreateUser",
      "iam:CreateAccessKey",
      "iam:PutUserPolicy",
      "iam:AttachUserPolicy",
      "iam:CreatePolicyVersion",
      "config:DeleteConfigRule",
      "config:PutRetentionConfiguration",
    ]) {
      expect(allowed.has(forbidden), forbidden).to.equal(false);
    }
  });

  describe("against the dynamic provider's SDK calls", () => {
    let calls: Map<string, string[]>;
    let memberCalls: string[];
    /** With preflight's call through the same role (commands/lib/preflightProbes.ts). */
    let accountCalls: string[];

    before(() => {
      calls = providerActions();
      memberCalls = [...calls.keys()].filter((a) => MEMBER_ROLE_PREFIXES.includes(a.split(":")[0]));
      accountCalls = [...memberCalls, "ec2:DescribeRegions"];
    });

    it("finds the provider's calls in components/multiaccount/", () => {
      expect(memberCalls, "Config and IAM calls of the provider").to.include.members(["config:PutConfigurationRecorder", "iam:CreateServiceLinkedRole"]);
    });

    it("allows every call the provider makes in an account", () => {
      const missing = memberCalls.filter((a) => !allowed.has(a)).map((a) => `${a} (${calls.get(a)!.join(", ")})`);
      expect(missing, "add these to docs/deployment-role-policy.json").to.deep.equal([]);
    });

    it("lists, for every call, the requests IAM authorizes: the call itself and what AWS does with the caller's permissions", () => {
      expect(
        accountCalls.filter((a) => !(a in REQUESTS)),
        "add the call's requests to REQUESTS",
      ).to.deep.equal([]);
    });

    it("allows each request of every call, on its resource and with its condition keys", () => {
      const refused = accountCalls
        .flatMap((a) => REQUESTS[a] ?? [])
        .filter((r) => evaluate(policy, r).decision !== "allow")
        .map((r) => `${r.action} on ${r.resource} ${JSON.stringify(r.context ?? {})}`);
      expect(refused, "docs/deployment-role-policy.json refuses these").to.deep.equal([]);
    });

    it("has no statement that no request needs", () => {
      const used = new Set(
        Object.values(REQUESTS)
          .flat()
          .flatMap((r) => evaluate(policy, r).by),
      );
      expect(policy.Statement.map((s) => s.Sid).filter((sid) => !used.has(sid))).to.deep.equal([]);
    });

    it("allows nothing the provider does not call, except actions implied by a call", () => {
      const unused = [...allowed].filter((a) => !calls.has(a) && !(a in IMPLIED_ACTIONS));
      expect(unused, "remove these from docs/deployment-role-policy.json, or say in IMPLIED_ACTIONS why they stay").to.deep.equal([]);
    });

    it("covers the provider's Organizations calls in the management statements of docs/deployment.md", () => {
      const doc = fs.readFileSync(path.join(ROOT, "docs/deployment.md"), "utf8");
      const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as { Statement: Statement[] });
      const management = blocks.find((b) => b.Statement.some((s) => s.Sid === "ConfigTrustedAccessAndDelegatedAdministrator"));
      expect(management, "management statements in docs/deployment.md").to.not.equal(undefined);
      const granted = management!.Statement.flatMap((s) => listOf(s.Action));
      const covers = (action: string) => granted.some((g) => g === action || (g.endsWith("*") && action.startsWith(g.slice(0, -1))));
      const orgCalls = [...calls.keys()].filter((a) => a.startsWith("organizations:"));
      expect(
        orgCalls.filter((a) => !covers(a)),
        "add to the management statements",
      ).to.deep.equal([]);
      // cost --measured asks Cost Explorer in the management account only: not in the member role.
      const costCalls = [...calls.keys()].filter((a) => a.startsWith("ce:"));
      expect(costCalls).to.deep.equal(["ce:GetCostAndUsage"]);
      expect(
        costCalls.filter((a) => !covers(a)),
        "add to the management statements",
      ).to.deep.equal([]);
      expect(
        [...allowed].filter((a) => a.startsWith("ce:")),
        "Cost Explorer stays out of the member role",
      ).to.deep.equal([]);
    });
  });
});

describe("docs/deployment.md", () => {
  const doc = fs.readFileSync(path.join(ROOT, "docs/deployment.md"), "utf8");

  it("has only valid JSON in its JSON examples", () => {
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).to.be.at.least(3);
    for (const block of blocks) expect(() => JSON.parse(block), block.slice(0, 80)).to.not.throw();
  });

  it("trusts Pulumi's issuer with the organization as audience, and GitHub's issuer", () => {
    const blocks = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as { Statement: Statement[] & { Principal?: unknown }[] });
    const trust = blocks.find((b) => b.Statement.some((s) => JSON.stringify(s).includes("sts:AssumeRoleWithWebIdentity")))!;
    const text = JSON.stringify(trust);
    expect(text).to.contain("oidc-provider/api.pulumi.com/oidc").and.contain('"api.pulumi.com/oidc:aud":"example-org"');
    expect(text).to.contain("oidc-provider/token.actions.githubusercontent.com").and.contain('"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"');
  });

  it("explains where OrganizationAccountAccessRole exists and where it does not", () => {
    expect(doc).to.match(/OrganizationAccountAccessRole` only in accounts it\s+\*\*created\*\*/);
    expect(doc).to.match(/does \*\*not\*\* exist in the management account/);
    expect(doc).to.match(/\*\*invited\*\* accounts/);
  });
});
