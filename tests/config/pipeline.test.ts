import * as os from "os";
import * as path from "path";
import * as fs from "fs";

import { expect } from "chai";

import { ConfigError } from "../../config/errors";
import { parseSettings, resolveDeployment } from "../../config/pipeline";
import type { DeploymentSources } from "../../config/sources";
import { placesOf } from "../../config/domain";
import { readInventory } from "../../config/sources";

import { APP, expectOneProblem, inventory, LOG, MGMT, problemsOf, SEC, sources } from "../helpers/stackSources";

describe("config: parsing and validation", () => {
  it("accepts a valid stack and builds the domain", () => {
    const d = resolveDeployment(parseSettings(sources({}, inventory([{ id: APP, name: "app", profile: "lean", adopt: "legacy" }]))));
    expect(d.accounts.map((a) => a.id)).to.deep.equal([MGMT, SEC, LOG, APP]);
    const app = d.accounts.find((a) => a.id === APP)!;
    expect(app.profile.name).to.equal("lean");
    expect(app.adopt).to.deep.equal({ "us-east-1": "legacy", "eu-west-1": "legacy" });
    expect(app.access.roleName).to.equal("OrganizationAccountAccessRole");
    // The management account runs the deployment: reached with the caller's own credentials.
    expect(d.accounts.find((a) => a.id === MGMT)!.access.roleName).to.equal(undefined);
    expect(d.accounts.find((a) => a.id === MGMT)!.functions).to.deep.equal(["management"]);
    expect(placesOf(d).filter((p) => p.recordsGlobalTypes)).to.have.length(4);
    expect(d.delivery.bucketName).to.equal(`aws-config-org-${LOG}-us-east-1`);
  });

  it("names an account id that is not 12 digits, and says to quote numbers", () => {
    expectOneProblem(sources({}, inventory([{ id: "12345" }])), "`accounts[3].id`", "exactly 12 digits");
    const numeric = expectOneProblem(
      sources({}, `accounts:\n  - id: "${MGMT}"\n  - id: "${SEC}"\n  - id: "${LOG}"\n  - id: 044444444444\n`),
      "`accounts[3].id`",
    );
    expect(numeric).to.include("quote it");
    expectOneProblem(sources({ securityAccountId: "22222" }, inventory([])), "`aws-config-org:securityAccountId`", "12 digits");
  });

  it("names a region that is unknown or has no AWS Config endpoint", () => {
    expectOneProblem(sources({ regions: ["us-east-1", "eu-westt-1"] }, inventory([])), "`eu-westt-1`", "AWS Config endpoint");
  });

  it("names a homeRegion that is not governed", () => {
    expectOneProblem(sources({ homeRegion: "eu-central-1" }, inventory([])), "`aws-config-org:homeRegion`", "`eu-central-1`", "add it to `regions`");
  });

  it("names a duplicated account and both entries", () => {
    expectOneProblem(sources({}, inventory([{ id: APP }, { id: APP, name: "again" }])), "`accounts[4]`", "already listed as `accounts[3]`");
  });

  it("refuses an account both excluded and given overrides, naming the keys", () => {
    expectOneProblem(
      sources({}, inventory([{ id: APP, exclude: true, reason: "vendor", profile: "lean", adopt: "x" }])),
      "`accounts[3]`",
      "`profile`",
      "`adopt`",
      "excluded",
    );
  });

  it("requires a reason for an exclusion and reports it in the outputs' data", () => {
    expectOneProblem(sources({}, inventory([{ id: APP, exclude: true }])), "without a `reason`");
    const d = resolveDeployment(parseSettings(sources({}, inventory([{ id: APP, name: "vendor", exclude: true, reason: "run by the vendor" }]))));
    expect(d.excluded).to.deep.equal([{ id: APP, name: "vendor", reason: "run by the vendor" }]);
    expect(d.accounts.map((a) => a.id)).to.not.include(APP);
  });

  it("catches typos: unknown keys in the inventory and in stack config", () => {
    expectOneProblem(sources({}, inventory([{ id: APP, profle: "lean" }])), "unknown key `profle`", "`accounts[3]`", "`profile`");
    expectOneProblem(sources({}, inventory([], { discovr: true })), "unknown key `discovr`");
    expectOneProblem(sources({ homeRegoin: "us-east-1" }, inventory([])), "unknown key `homeRegoin`");
  });

  it("names a missing inventory file and the key that points at it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inv-"));
    try {
      const inv = readInventory(dir, "accounts/missing.yaml");
      const src: DeploymentSources = { ...sources({}, {}), inventory: inv };
      expectOneProblem(src, "accounts/missing.yaml", "cannot be read", "`aws-config-org:accounts`");
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("names invalid YAML in the inventory", () => {
    expectOneProblem(sources({}, "accounts:\n  - id: [unclosed\n"), "not valid YAML");
  });

  it("names a security or log archive account outside the scope", () => {
    const problems = problemsOf(sources({}, { accounts: [{ id: MGMT }] }));
    expect(problems.join("\n")).to.include("`aws-config-org:securityAccountId` is 222222222222, which is not in scope");
    expect(problems.join("\n")).to.include("`aws-config-org:logArchiveAccountId` is 333333333333, which is not in scope");
    expect(problems.join("\n")).to.include(`add \`- id: "${SEC}"\``);
  });

  it("refuses to exclude a central account", () => {
    expectOneProblem(sources({}, { accounts: [{ id: MGMT }, { id: SEC, exclude: true, reason: "x" }, { id: LOG }] }), "security account", "must be in scope");
  });

  it("enforces AWS's recording rules on custom profiles", () => {
    const problems = problemsOf(sources({}, inventory([{ id: APP, profile: "cheap" }], { profiles: { cheap: { frequency: "DAILY" } } })));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include("`AWS::Config::ResourceCompliance`").and.include("DAILY").and.include("CONTINUOUS `override.resourceTypes`");
    const override = problemsOf(
      sources({}, inventory([], { profiles: { x: { override: { frequency: "DAILY", resourceTypes: ["AWS::Config::ConfigurationRecorder"] } } } })),
    );
    expect(override.join("\n")).to.include("sets `AWS::Config::ConfigurationRecorder` to DAILY");
  });

  it("validates the approved-images allow-list by path", () => {
    expectOneProblem(
      sources({ approvedImages: { allowList: { version: 1, entries: [{ imageIds: ["ami-nothex"] }] } } }, inventory([])),
      "`aws-config-org:approvedImages.allowList.entries[0].imageIds`",
      "`ami-nothex`",
    );
    const d = resolveDeployment(
      parseSettings(sources({ approvedImages: { allowList: { version: 1, entries: [{ ownerAccountIds: ["amazon"] }] } } }, inventory([]))),
    );
    expect(d.approvedImages?.allowList.entries).to.have.length(1);
  });

  it("refuses global types in a region where AWS does not record them", () => {
    expectOneProblem(
      sources({ regions: ["us-east-1", "eu-central-2"] }, inventory([{ id: APP, globalTypesRegion: "eu-central-2" }])),
      "`eu-central-2`",
      "does not record global IAM types",
    );
  });

  it("reports every problem of a run at once", () => {
    const problems = problemsOf(
      sources(
        { homeRegion: "ap-south-1", regions: ["us-east-1", "moon-1"], organizationId: "org-1" },
        {
          accounts: [
            { id: MGMT },
            { id: SEC },
            { id: LOG },
            { id: "123" },
            { id: APP },
            { id: APP },
            { id: "555555555555", exclude: true, reason: "r", regions: ["us-east-1"] },
            { id: "666666666666", rgions: [] },
          ],
        },
      ),
    );
    const text = problems.join("\n");
    expect(problems.length, text).to.be.at.least(6);
    expect(text).to.include("`moon-1`");
    expect(text).to.include("`aws-config-org:homeRegion` is `ap-south-1`");
    expect(text).to.include("`aws-config-org:organizationId`");
    expect(text).to.include("`accounts[3].id`");
    expect(text).to.include("repeats account 444444444444");
    expect(text).to.include("is excluded but also sets `regions`");
    expect(text).to.include("unknown key `rgions`");
    // One error, one message, every problem in it.
    try {
      parseSettings(sources({ regions: ["moon-1"] }, { accounts: [{ id: "1" }] }));
      expect.fail("parseSettings accepted bad input");
    } catch (e) {
      expect(e).to.be.instanceOf(ConfigError);
      expect((e as Error).message).to.match(/\d+ problems to fix before anything is deployed/);
    }
  });
});

describe("config: discovery and scope", () => {
  const org = [
    { id: MGMT, name: "m", status: "ACTIVE" },
    { id: SEC, name: "s", status: "ACTIVE" },
    { id: LOG, name: "l", status: "ACTIVE" },
    { id: APP, name: "app", status: "ACTIVE", ou: "ou-ab12-sandbox1" },
    { id: "555555555555", name: "gone", status: "SUSPENDED" },
  ];

  it("takes every ACTIVE account, with OU profiles and inventory overrides", () => {
    const d = resolveDeployment(
      parseSettings(sources({}, { discover: true, ouProfiles: { "ou-ab12-sandbox1": "lean" }, accounts: [{ id: SEC, name: "security-renamed" }] })),
      org,
    );
    expect(d.accounts.map((a) => a.id)).to.deep.equal([MGMT, SEC, LOG, APP]);
    expect(d.accounts.find((a) => a.id === APP)!.profile.name).to.equal("lean");
    expect(d.accounts.find((a) => a.id === APP)!.source).to.equal("discovered");
    expect(d.accounts.find((a) => a.id === SEC)!.name).to.equal("security-renamed");
  });

  it("names inventory entries that are not in the organization", () => {
    expect(() => resolveDeployment(parseSettings(sources({}, { discover: true, accounts: [{ id: "999999999999" }] })), org)).to.throw(
      ConfigError,
      /999999999999.*not in organization o-abcdefghij/,
    );
  });

  it("slices the scope by shard and keeps central accounts reachable", () => {
    const d = resolveDeployment(parseSettings(sources({ shard: { accountIds: [APP] } }, inventory([{ id: APP }]))));
    expect(d.accounts.map((a) => a.id)).to.deep.equal([APP]);
    expect(d.ownsCentral).to.equal(false);
  });
});

describe("config: organizationTrail", () => {
  it("is off by default, and on it takes its defaults: name, bucket in the log archive account, SSE-S3, no log group", () => {
    expect(resolveDeployment(parseSettings(sources({}, inventory([])))).organizationTrail).to.equal(undefined);
    expect(resolveDeployment(parseSettings(sources({ organizationTrail: { enabled: false } }, inventory([])))).organizationTrail).to.equal(undefined);
    const d = resolveDeployment(parseSettings(sources({ organizationTrail: { enabled: true } }, inventory([]))));
    expect(d.organizationTrail).to.deep.equal({
      name: "aws-config-org-organization-trail",
      bucketName: `aws-config-org-trail-${LOG}-us-east-1`,
      kms: false,
      dataEvents: [],
    });
    const full = resolveDeployment(
      parseSettings(sources({ organizationTrail: { enabled: true, name: "org-trail", kms: true, cloudWatchLogs: { retentionDays: 365 } } }, inventory([]))),
    );
    expect(full.organizationTrail).to.deep.include({ name: "org-trail", kms: true, cloudWatchLogs: { retentionDays: 365 } });
  });

  it("names every bad option at once: retention CloudWatch Logs refuses, a bad trail name, options without enabled", () => {
    const problems = problemsOf(sources({ organizationTrail: { enabled: false, name: "a..b", cloudWatchLogs: { retentionDays: 42 } } }, inventory([])));
    expect(problems, problems.join("\n")).to.have.length(3);
    expect(problems[0]).to.include("`aws-config-org:organizationTrail.name`").and.include("`a..b`");
    expect(problems[1]).to.include("`aws-config-org:organizationTrail.cloudWatchLogs.retentionDays` is 42").and.include("365");
    expect(problems[2]).to.include("`aws-config-org:organizationTrail`").and.include("`enabled: true`");
  });

  it("refuses an empty `dataEvents` and a missing `enabled`", () => {
    const problems = problemsOf(sources({ organizationTrail: { enabled: true, dataEvents: [] } }, inventory([])));
    const text = problems.join("\n");
    expect(text).to.include("dataEvents");
    expect(problemsOf(sources({ organizationTrail: { kms: true } }, inventory([]))).join("\n")).to.include("enabled");
  });
});

describe("config: guardDuty", () => {
  const email = { protocol: "email", endpoint: "security@example.com" };
  const queue = { protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:222222222222:config-events" };
  const withSubscriptions = (guardDuty: unknown, ...subscriptions: unknown[]) => sources({ guardDuty, notifications: { subscriptions } }, inventory([]));

  it("is off by default; on, it takes no protection plan and notifies from severity 7, and email subscriptions without `events` receive findings", () => {
    const off = resolveDeployment(parseSettings(withSubscriptions({ enabled: false }, email)));
    expect(off.guardDuty).to.equal(undefined);
    expect(off.subscriptions[0]!.events).to.deep.equal(["non-compliant", "back-to-compliant"]);
    const on = resolveDeployment(parseSettings(withSubscriptions({ enabled: true }, email, queue)));
    expect(on.guardDuty).to.deep.equal({ features: [], agentManagement: [], minimumSeverity: 7 });
    expect(on.subscriptions.map((s) => s.events)).to.deep.equal([
      ["non-compliant", "back-to-compliant", "guardduty-finding"],
      ["non-compliant", "back-to-compliant"],
    ]);
    const full = resolveDeployment(
      parseSettings(withSubscriptions({ enabled: true, features: ["S3_DATA_EVENTS", "RUNTIME_MONITORING"], notify: { minimumSeverity: 4.5 } }, email)),
    );
    expect(full.guardDuty, "Runtime Monitoring with every agent GuardDuty can manage").to.deep.equal({
      features: ["S3_DATA_EVENTS", "RUNTIME_MONITORING"],
      agentManagement: ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"],
      minimumSeverity: 4.5,
    });
    const eks = resolveDeployment(
      parseSettings(withSubscriptions({ enabled: true, features: ["EKS_RUNTIME_MONITORING", "AI_PROTECTION", "AI_ANALYST"] }, email)),
    );
    expect(eks.guardDuty).to.deep.include({ features: ["EKS_RUNTIME_MONITORING", "AI_PROTECTION", "AI_ANALYST"], agentManagement: ["EKS_ADDON_MANAGEMENT"] });
    const some = resolveDeployment(
      parseSettings(withSubscriptions({ enabled: true, features: ["RUNTIME_MONITORING"], agentManagement: ["EC2_AGENT_MANAGEMENT"] }, email)),
    );
    expect(some.guardDuty!.agentManagement).to.deep.equal(["EC2_AGENT_MANAGEMENT"]);
  });

  it("refuses Runtime Monitoring with no agent management, naming the agents; agents the plan does not take; agents without a runtime plan", () => {
    expectOneProblem(
      withSubscriptions({ enabled: true, features: ["RUNTIME_MONITORING"], agentManagement: [] }, email),
      "`aws-config-org:guardDuty.agentManagement` is empty",
      "monitors nothing",
      "`EKS_ADDON_MANAGEMENT`, `ECS_FARGATE_AGENT_MANAGEMENT`, `EC2_AGENT_MANAGEMENT`",
    );
    expectOneProblem(
      withSubscriptions({ enabled: true, features: ["EKS_RUNTIME_MONITORING"], agentManagement: ["ECS_FARGATE_AGENT_MANAGEMENT"] }, email),
      "`aws-config-org:guardDuty.agentManagement[0]`",
      "does not take",
      "`EKS_ADDON_MANAGEMENT`",
    );
    expectOneProblem(
      withSubscriptions({ enabled: true, features: ["S3_DATA_EVENTS"], agentManagement: ["EC2_AGENT_MANAGEMENT"] }, email),
      "`aws-config-org:guardDuty.agentManagement` is set",
      "no runtime plan",
    );
  });

  it("knows exactly the protection plans of the shipped SDK's model (OrgFeature, DetectorFeature) and its agent management", () => {
    const sdk = require("@aws-sdk/client-guardduty") as typeof import("@aws-sdk/client-guardduty");
    const { GUARDDUTY_FEATURES, DETECTOR_ONLY_FEATURES, RUNTIME_AGENTS } = require("../../config/guardDuty") as typeof import("../../config/guardDuty");
    expect([...GUARDDUTY_FEATURES].sort()).to.deep.equal(Object.values(sdk.OrgFeature).sort());
    expect([...GUARDDUTY_FEATURES, ...DETECTOR_ONLY_FEATURES].sort()).to.deep.equal(Object.values(sdk.DetectorFeature).sort());
    // RDS_DATA_RISK is RDS Protection's, not an agent: not managed here.
    expect([...RUNTIME_AGENTS].sort()).to.deep.equal(
      Object.values(sdk.OrgFeatureAdditionalConfiguration)
        .filter((c) => c.endsWith("_MANAGEMENT"))
        .sort(),
    );
  });

  it("names every bad option at once: an unknown feature with the choices, both runtime features, a severity out of range", () => {
    const problems = problemsOf(
      withSubscriptions(
        { enabled: true, features: ["S3_DATA_EVENTS", "S3_PROTECTION", "EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"], notify: { minimumSeverity: 11 } },
        email,
      ),
    );
    expect(problems, problems.join("\n")).to.have.length(3);
    expect(problems[0])
      .to.include("`aws-config-org:guardDuty.features[1]`")
      .and.include("`S3_PROTECTION`")
      .and.include("`EBS_MALWARE_PROTECTION`")
      .and.include("`RUNTIME_MONITORING`");
    expect(problems[1]).to.include("`aws-config-org:guardDuty.features`").and.include("`EKS_RUNTIME_MONITORING`").and.include("supersedes");
    expect(problems[2]).to.include("`aws-config-org:guardDuty.notify.minimumSeverity` is 11").and.include("1.0-10.0");
    expectOneProblem(withSubscriptions({ enabled: true, notify: { minimumSeverity: 0.5 } }, email), "`aws-config-org:guardDuty.notify.minimumSeverity` is 0.5");
  });

  it("refuses options without `enabled: true`, a missing `enabled`, unknown keys, and a severity that is not a number", () => {
    expectOneProblem(withSubscriptions({ enabled: false, features: ["S3_DATA_EVENTS"] }, email), "`aws-config-org:guardDuty`", "`enabled: true`");
    expect(problemsOf(withSubscriptions({ features: [] }, email)).join("\n"))
      .to.include("guardDuty")
      .and.include("enabled");
    expect(problemsOf(withSubscriptions({ enabled: true, regions: ["us-east-1"] }, email)).join("\n"))
      .to.include("guardDuty")
      .and.include("regions");
    expect(problemsOf(withSubscriptions({ enabled: true, notify: { minimumSeverity: "high" } }, email)).join("\n")).to.include(
      "guardDuty.notify.minimumSeverity",
    );
  });

  it("refuses `notify` that nobody would receive, and `guardduty-finding` on a queue or with GuardDuty off", () => {
    const onlyCompliance = { ...email, events: ["non-compliant"] };
    expectOneProblem(
      withSubscriptions({ enabled: true, notify: { minimumSeverity: 7 } }, onlyCompliance, queue),
      "`aws-config-org:guardDuty.notify`",
      "no subscription receives",
    );
    expect(problemsOf(withSubscriptions({ enabled: true, notify: { minimumSeverity: 7 } }, { ...email, events: ["guardduty-finding"] }))).to.deep.equal([]);
    expectOneProblem(
      withSubscriptions({ enabled: true }, { ...queue, events: ["guardduty-finding"] }),
      "`aws-config-org:notifications.subscriptions[0].events`",
      "Config topic",
    );
    expectOneProblem(
      withSubscriptions(undefined, { ...email, events: ["guardduty-finding"] }),
      "`aws-config-org:notifications.subscriptions[0].events`",
      "GuardDuty is off",
    );
  });
});

describe("config: validation gaps and message wording (issue 15)", () => {
  const subscription = (protocol: string, endpoint: string) => sources({ notifications: { subscriptions: [{ protocol, endpoint }] } }, inventory([]));

  it("refuses an email endpoint that is not an address and an https endpoint that is http://", () => {
    expectOneProblem(subscription("email", "security-team"), "`aws-config-org:notifications.subscriptions[0].endpoint`", "an email address");
    expectOneProblem(subscription("https", "http://hooks.example.com/config"), "`https://` URL, not `http://`");
    expect(problemsOf(subscription("email", "security@example.com"))).to.deep.equal([]);
    expect(problemsOf(subscription("https", "https://hooks.example.com/config"))).to.deep.equal([]);
  });

  it("names a resource type AWS Config does not record, with the closest one, and the file after the whole key", () => {
    const profiles = { p1: { strategy: "INCLUSION_BY_RESOURCE_TYPES", includedResourceTypes: ["AWS::EC2::Instancee", "AWS::IAM::Role"] } };
    const problem = expectOneProblem(
      sources({}, inventory([], { profiles })),
      "`profiles.p1.includedResourceTypes` in accounts/test.yaml",
      "`AWS::EC2::Instancee`",
    );
    expect(problem).to.include("did you mean `AWS::EC2::Instance`");
    expect(problem).to.not.include("accounts/test.yaml.includedResourceTypes");
  });

  it("names an INCLUSION profile that records no global IAM type, by its inventory key", () => {
    const profiles = { p1: { strategy: "INCLUSION_BY_RESOURCE_TYPES", includedResourceTypes: ["AWS::EC2::Instance"] } };
    expectOneProblem(
      sources({}, inventory([], { profiles })),
      "`profiles.p1.includedResourceTypes` in accounts/test.yaml",
      "`AWS::IAM::Role`",
      "globalTypesRegion",
    );
  });

  it("suggests leading zeros only for a number that could have lost them", () => {
    const numeric = (id: string) =>
      expectOneProblem(sources({}, `accounts:\n  - id: "${MGMT}"\n  - id: "${SEC}"\n  - id: "${LOG}"\n  - id: ${id}\n`), "`accounts[3].id`");
    expect(numeric("44444444444")).to.include("quote it").and.include("'044444444444'");
    expect(numeric("444444444444")).to.include("quote it ('444444444444')").and.not.include("dropped");
    expect(numeric("4444444444444")).to.include("13 digits").and.not.include("'0");
    // Quoted already: no advice to quote.
    expect(expectOneProblem(sources({}, inventory([{ id: "11111111111" }])), "(11 digits)")).to.not.include("quote");
  });

  it('says what to do for a homeRegion when no region is listed, not "pick one of" and nothing', () => {
    const problems = problemsOf(sources({ regions: [] }, inventory([])));
    expect(problems.join("\n")).to.not.match(/pick one of\s*$/m);
    expect(problems.join("\n")).to.not.include("must NOT have");
  });

  it("words size limits itself rather than ajv's text", () => {
    const problem = problemsOf(sources({ regions: [] }, inventory([]))).find((p) => p.includes("`aws-config-org:regions`") && p.includes("empty"));
    expect(problem, "regions: [] reported as empty").to.include("list at least one entry");
  });

  it("reports a repeated key and the inventory's other problems together", () => {
    const text = `accounts:\n  - id: "${MGMT}"\n  - id: "${SEC}"\n  - id: "${LOG}"\n  - id: "${APP}"\n    name: a\n    name: b\n    profle: lean\n`;
    const problems = problemsOf(sources({}, text));
    expect(problems.join("\n")).to.include("repeats the key `name` (line 7, first on line 6)").and.include("unknown key `profle`");
  });

  it("names a remediation mode it does not know once, and still checks the rule's name", () => {
    const problems = problemsOf(
      sources({ packs: [{ name: "data-protection-baseline", remediation: { "s3-bucket-level-public-access-prohibited": "auto" } }] }, inventory([])),
    );
    expect(problems, problems.join("\n")).to.have.length(1);
    expect(problems[0]).to.include('is "auto": use one of `off`, `manual`, `automatic`');
  });
});
