import { expect } from "chai";

import { accountEventPatterns, type AccountEventKind, type EventPattern } from "../../config/accountEventPatterns";
import type { Shard } from "../../config/domain";
import { NEW_ACCOUNTS_DEFAULTS } from "../../config/newAccounts";
import { parseSettings } from "../../config/pipeline";
import { engineMarksSecret } from "../../config/pulumiSources";
import type { DeploymentSources } from "../../config/sources";
import { matchesEventPattern } from "../helpers/eventPatternMatcher";
import { inventory, problemsFrom, sources } from "../helpers/stackSources";

const PEOPLE = { subscriptions: [{ protocol: "email", endpoint: "security@example.com" }] };
const SECRET_TOKEN = { secure: "v1:c2VjcmV0LWNpcGhlcnRleHQ=" };
const DISCOVER = inventory([], { discover: true });
const on = (newAccounts: Record<string, unknown>, extra: Record<string, unknown> = {}, inv: unknown = DISCOVER) =>
  sources({ notifications: PEOPLE, newAccounts, ...extra }, inv);
const settingsProblems = (src: DeploymentSources) => problemsFrom(() => parseSettings(src));

describe("config: newAccounts", () => {
  it("is absent by default; with the key: this stack's Create Deployment endpoint, the retry defaults, the token kept as given", () => {
    expect(parseSettings(sources({}, inventory([]))).base.newAccounts).to.equal(undefined);
    const settings = parseSettings(on({ pulumiOrganization: "acme", token: SECRET_TOKEN })).base.newAccounts!;
    expect(settings.endpoint).to.equal("https://api.pulumi.com/api/stacks/acme/aws-config-org/test/deployments");
    expect([settings.maximumRetryAttempts, settings.maximumEventAgeSeconds]).to.deep.equal([
      NEW_ACCOUNTS_DEFAULTS.maximumRetryAttempts,
      NEW_ACCOUNTS_DEFAULTS.maximumEventAgeSeconds,
    ]);
    expect(settings.token.value).to.equal(SECRET_TOKEN.secure);
    // Serialized (a plan --json, a log line), the token shows as a placeholder.
    expect(JSON.stringify(settings)).to.include('"token":"[secret]"').and.not.include(SECRET_TOKEN.secure);
  });

  it("takes a token the engine decrypted only when it marked the key secret", () => {
    const decrypted = on({ pulumiOrganization: "acme", token: "pul-0123456789abcdef" });
    expect(settingsProblems({ ...decrypted, secretKeys: ["newAccounts"] })).to.deep.equal([]);
    const problems = settingsProblems(decrypted);
    expect(problems).to.have.length(1);
    expect(problems[0])
      .to.include("`aws-config-org:newAccounts.token` is in clear in Pulumi.test.yaml")
      .and.include("revoke that token")
      .and.include("pulumi config set --secret --path");
  });

  it("names every problem at once, each with its key and fix", () => {
    const problems = settingsProblems(
      on(
        { token: 42, maximumEventAgeSeconds: 30 },
        { shard: { accountIds: ["555555555555"] }, ownsCentral: true, notifications: { subscriptions: [] } },
        inventory([]),
      ),
    );
    const expected = [
      "`aws-config-org:newAccounts.maximumEventAgeSeconds` is 30: it must be at least 60",
      "`aws-config-org:newAccounts.pulumiOrganization` is required",
      "`aws-config-org:newAccounts.token` must be a Pulumi access token",
      "needs an inventory with `discover: true`",
      "does nothing for a shard of listed `accountIds`",
      "has no one to tell when a deployment could not be started",
    ];
    for (const fragment of expected)
      expect(
        problems.some((p) => p.includes(fragment)),
        `${fragment}\n${problems.join("\n")}`,
      ).to.equal(true);
  });

  it("refuses a missing token, OU paths in the shard, and a stack name too long for a rule name", () => {
    expect(settingsProblems(on({ pulumiOrganization: "acme" }))).to.deep.equal([
      "stack config `aws-config-org:newAccounts.token` is required: set a Pulumi access token allowed to deploy this stack with `pulumi config set --secret --path 'aws-config-org:newAccounts.token' <Pulumi access token>`",
    ]);
    const paths = settingsProblems(on({ pulumiOrganization: "acme", token: SECRET_TOKEN }, { shard: { ous: ["Workloads/Prod"] }, ownsCentral: true }));
    expect(paths.join("\n")).to.include("names `Workloads/Prod` by path: write the OU ids");
    const long = settingsProblems({ ...on({ pulumiOrganization: "acme", token: SECRET_TOKEN }), stack: "a-very-long-stack-name-for-the-rules-x" });
    expect(long.join("\n")).to.include("where EventBridge takes 64: use a shorter stack name");
  });

  it("refuses an OU shard whose move rule outgrows EventBridge's pattern size", () => {
    const ous = Array.from({ length: 60 }, (_, i) => `ou-ab12-${String(i).padStart(8, "0")}`);
    const problems = settingsProblems(on({ pulumiOrganization: "acme", token: SECRET_TOKEN }, { shard: { ous }, ownsCentral: true }));
    expect(problems.join("\n")).to.include("the move rule of 60 OUs").and.include("EventBridge takes 2048 by default: split the shard");
    const few = settingsProblems(on({ pulumiOrganization: "acme", token: SECRET_TOKEN }, { shard: { ous: ous.slice(0, 5) }, ownsCentral: true }));
    expect(few).to.deep.equal([]);
  });

  it("reads the engine's secret marks through the SDK function the pinned @pulumi/pulumi has", () => {
    expect(engineMarksSecret("aws-config-org:newAccounts")).to.equal(false);
  });
});

/** CloudTrail-shaped events as EventBridge delivers them from the management account (docs/aws-constraints.md, "New accounts"). */
function cloudTrailEvent(detailType: string, detail: Record<string, unknown>) {
  return {
    version: "0",
    id: "6f2d1f0e-0000-4000-8000-000000000000",
    "detail-type": detailType,
    source: "aws.organizations",
    account: "111111111111",
    time: "2026-12-07T19:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: { eventVersion: "1.08", eventSource: "organizations.amazonaws.com", awsRegion: "us-east-1", ...detail },
  };
}
const SAMPLES = {
  created: cloudTrailEvent("AWS Service Event via CloudTrail", {
    eventName: "CreateAccountResult",
    eventType: "AwsServiceEvent",
    serviceEventDetails: { createAccountStatus: { id: "car-0123456789abcdef", state: "SUCCEEDED", accountName: "new-workload", accountId: "666666666666" } },
  }),
  createFailed: cloudTrailEvent("AWS Service Event via CloudTrail", {
    eventName: "CreateAccountResult",
    eventType: "AwsServiceEvent",
    serviceEventDetails: { createAccountStatus: { id: "car-0123456789abcdef", state: "FAILED", failureReason: "EMAIL_ALREADY_EXISTS" } },
  }),
  // Organizations' membership events: only their name is relied on (the record's other fields are not in AWS's pages read here).
  joined: cloudTrailEvent("AWS Service Event via CloudTrail", {
    eventName: "AccountJoinedOrganization",
    eventType: "AwsServiceEvent",
    serviceEventDetails: { accountId: "777777777777" },
  }),
  // Logged in the invited account only; an APPROVE_ALL_FEATURES accepted by the management account must start nothing.
  handshakeInManagement: cloudTrailEvent("AWS API Call via CloudTrail", {
    eventName: "AcceptHandshake",
    eventType: "AwsApiCall",
    responseElements: { handshake: { id: "h-9", action: "APPROVE_ALL_FEATURES", state: "ACCEPTED" } },
  }),
  movedIntoWorkloads: cloudTrailEvent("AWS API Call via CloudTrail", {
    eventName: "MoveAccount",
    eventType: "AwsApiCall",
    requestParameters: { accountId: "666666666666", sourceParentId: "r-ab12", destinationParentId: "ou-ab12-workload1" },
    responseElements: null,
  }),
  movedOutOfWorkloads: cloudTrailEvent("AWS API Call via CloudTrail", {
    eventName: "MoveAccount",
    eventType: "AwsApiCall",
    requestParameters: { accountId: "666666666666", sourceParentId: "ou-ab12-workload1", destinationParentId: "ou-ab12-sandbox01" },
  }),
  movedElsewhere: cloudTrailEvent("AWS API Call via CloudTrail", {
    eventName: "MoveAccount",
    eventType: "AwsApiCall",
    requestParameters: { accountId: "666666666666", sourceParentId: "r-ab12", destinationParentId: "ou-ab12-sandbox01" },
  }),
  moveDenied: cloudTrailEvent("AWS API Call via CloudTrail", {
    eventName: "MoveAccount",
    eventType: "AwsApiCall",
    errorCode: "AccessDeniedException",
    requestParameters: { accountId: "666666666666", sourceParentId: "r-ab12", destinationParentId: "ou-ab12-workload1" },
  }),
  removed: cloudTrailEvent("AWS API Call via CloudTrail", {
    eventName: "RemoveAccountFromOrganization",
    eventType: "AwsApiCall",
    requestParameters: { accountId: "666666666666" },
  }),
  removeDenied: cloudTrailEvent("AWS API Call via CloudTrail", {
    eventName: "RemoveAccountFromOrganization",
    eventType: "AwsApiCall",
    errorCode: "ConstraintViolationException",
    requestParameters: { accountId: "666666666666" },
  }),
  departed: cloudTrailEvent("AWS Service Event via CloudTrail", { eventName: "AccountDepartedOrganization", eventType: "AwsServiceEvent" }),
};
type Sample = keyof typeof SAMPLES;

/** Which samples each kind's rule takes, for a shard. */
function taken(shard: Shard): Partial<Record<AccountEventKind, Sample[]>> {
  const patterns = accountEventPatterns(shard);
  return Object.fromEntries(
    (Object.entries(patterns) as [AccountEventKind, EventPattern][]).map(([kind, pattern]) => [
      kind,
      (Object.keys(SAMPLES) as Sample[]).filter((s) => matchesEventPattern(pattern, SAMPLES[s])),
    ]),
  );
}

describe("config: account event patterns against CloudTrail-shaped events", () => {
  it("all and hash shards: each kind takes its own successful event, and no failed one", () => {
    const expected = {
      "account-created": ["created"],
      "account-joined": ["joined"],
      "account-moved": ["movedIntoWorkloads", "movedOutOfWorkloads", "movedElsewhere"],
      "account-removed": ["removed", "departed"],
    };
    expect(taken({ kind: "all" })).to.deep.equal(expected);
    expect(taken({ kind: "hash", index: 2, count: 4 })).to.deep.equal(expected);
  });

  it("an OU shard: moves into or out of its OUs and removals; new accounts (in the root) only when it names the root", () => {
    expect(taken({ kind: "ou", ous: ["ou-ab12-workload1"] })).to.deep.equal({
      "account-moved": ["movedIntoWorkloads", "movedOutOfWorkloads"],
      "account-removed": ["removed", "departed"],
    });
    expect(taken({ kind: "ou", ous: ["r-ab12"] })).to.deep.equal({
      "account-created": ["created"],
      "account-joined": ["joined"],
      "account-moved": ["movedIntoWorkloads", "movedOutOfWorkloads", "movedElsewhere"],
      "account-removed": ["removed", "departed"],
    });
  });

  it("an accounts shard takes no event", () => {
    expect(accountEventPatterns({ kind: "accounts", accountIds: ["666666666666"] })).to.deep.equal({});
  });
});

describe("helpers: eventPatternMatcher", () => {
  it("matches values, arrays in the event, exists, nesting and $or, and refuses conditions it does not know", () => {
    expect(matchesEventPattern({ a: ["x"] }, { a: ["y", "x"] })).to.equal(true);
    expect(matchesEventPattern({ a: ["x"] }, { a: "y" })).to.equal(false);
    expect(matchesEventPattern({ a: [{ exists: false }] }, { b: 1 })).to.equal(true);
    expect(matchesEventPattern({ a: [{ exists: false }] }, { a: "set" })).to.equal(false);
    expect(matchesEventPattern({ a: [{ exists: true }] }, { a: "set" })).to.equal(true);
    expect(matchesEventPattern({ a: { b: ["1"] } }, { a: "not an object" })).to.equal(false);
    expect(matchesEventPattern({ $or: [{ a: ["1"] }, { b: ["2"] }] }, { b: "2" })).to.equal(true);
    expect(matchesEventPattern({ $or: [{ a: ["1"] }, { b: ["2"] }] }, { b: "3" })).to.equal(false);
    expect(() => matchesEventPattern({ a: [{ prefix: "x" } as unknown as { exists: boolean }] }, { a: "x" })).to.throw("unsupported condition");
  });
});
