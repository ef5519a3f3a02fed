import { expect } from "chai";

import { parseSettings, resolveDeployment } from "../../config/pipeline";
import { MAX_FILTER_PATTERN_LENGTH, roleAlarmFilterPattern, roleUseSubscriptionPattern } from "../../config/roleAlarms";
import { advancedEventSelectorsOf, conditionValueCount, MANAGEMENT_EVENTS_SELECTOR } from "../../config/trailSelectors";
import { matchesJsonFilterPattern } from "../helpers/logFilterMatcher";
import { expectOneProblem, inventory, problemsOf, sources } from "../helpers/stackSources";

const TRAIL_WITH_LOGS = { enabled: true, cloudWatchLogs: { retentionDays: 365 } };
const PEOPLE = { subscriptions: [{ protocol: "email", endpoint: "security@example.com" }] };
const deploymentOf = (config: Record<string, unknown>) => resolveDeployment(parseSettings(sources(config, inventory([]))));

describe("config: roleAlarms", () => {
  it("is empty by default; entries keep their role names; people without `events` hear role alarms, queues do not", () => {
    expect(deploymentOf({}).roleAlarms).to.deep.equal([]);
    const d = deploymentOf({
      organizationTrail: TRAIL_WITH_LOGS,
      roleAlarms: [{ roleName: "elevated-security-role" }, { roleName: "BreakGlass", description: "break-glass access" }],
      notifications: { subscriptions: [...PEOPLE.subscriptions, { protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:222222222222:findings" }] },
    });
    expect(d.roleAlarms).to.deep.equal([{ roleName: "elevated-security-role" }, { roleName: "BreakGlass", description: "break-glass access" }]);
    expect(d.subscriptions.map((s) => s.events)).to.deep.equal([
      ["non-compliant", "back-to-compliant", "role-alarm"],
      ["non-compliant", "back-to-compliant"],
    ]);
    // Without role alarms a subscription's default events are as before.
    expect(deploymentOf({ notifications: PEOPLE }).subscriptions[0]!.events).to.deep.equal(["non-compliant", "back-to-compliant"]);
  });

  it("needs the trail's CloudWatch Logs group, naming both keys", () => {
    expectOneProblem(
      sources({ roleAlarms: [{ roleName: "admin" }], notifications: PEOPLE }, inventory([])),
      "`aws-config-org:roleAlarms`",
      "`aws-config-org:organizationTrail`",
      "cloudWatchLogs",
      "is not enabled",
    );
    expectOneProblem(
      sources({ organizationTrail: { enabled: true }, roleAlarms: [{ roleName: "admin" }], notifications: PEOPLE }, inventory([])),
      "`aws-config-org:roleAlarms`",
      "`organizationTrail.cloudWatchLogs` is not set",
    );
  });

  it("names every problem at once: a bad role name, a repeated role (case-insensitively), no one to notify, a queue asked for role alarms", () => {
    const problems = problemsOf(
      sources(
        {
          organizationTrail: TRAIL_WITH_LOGS,
          roleAlarms: [{ roleName: "Admin" }, { roleName: "admin" }, { roleName: "no spaces" }],
          notifications: {
            subscriptions: [
              { protocol: "sqs", endpoint: "arn:aws:sqs:us-east-1:222222222222:q", events: ["role-alarm"] },
              { protocol: "email", endpoint: "a@example.com", events: ["non-compliant"] },
            ],
          },
        },
        inventory([]),
      ),
    );
    // The schema's finding and the meaning checks, together.
    expect(problems, problems.join("\n")).to.have.length(4);
    expect(problems[0]).to.include("`aws-config-org:roleAlarms[2].roleName`").and.include("IAM role name");
    const settingsProblems = problems.slice(1);
    expect(settingsProblems, settingsProblems.join("\n")).to.have.length(3);
    expect(settingsProblems[0]).to.include("`aws-config-org:notifications.subscriptions[0].events`").and.include("queue");
    expect(settingsProblems[1]).to.include("`aws-config-org:roleAlarms[1].roleName`").and.include("repeats");
    expect(settingsProblems[2]).to.include("no one to notify").and.include("role-alarm");
  });

  it("refuses a role name spelled in another case than a role the stack knows (filter patterns are case sensitive)", () => {
    expectOneProblem(
      sources({ organizationTrail: TRAIL_WITH_LOGS, roleAlarms: [{ roleName: "organizationaccountaccessrole" }], notifications: PEOPLE }, inventory([])),
      "`aws-config-org:roleAlarms[0].roleName`",
      "`organizationaccountaccessrole`",
      "spelled `OrganizationAccountAccessRole`",
      "case sensitive",
    );
    expect(
      problemsOf(
        sources({ organizationTrail: TRAIL_WITH_LOGS, roleAlarms: [{ roleName: "OrganizationAccountAccessRole" }], notifications: PEOPLE }, inventory([])),
      ),
    ).to.deep.equal([]);
  });

  it("refuses more roles than a log group takes metric filters", () => {
    const roleAlarms = Array.from({ length: 101 }, (_, i) => ({ roleName: `role-${i}`, notify: "alarm" }));
    expectOneProblem(
      sources({ organizationTrail: TRAIL_WITH_LOGS, roleAlarms, notifications: PEOPLE }, inventory([])),
      "101 entries",
      "at most 100 metric filters",
    );
  });

  it("refuses per-use messages for more roles than one subscription filter pattern holds, naming `notify: alarm` as the way out", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ roleName: `elevated-security-role-${i}` }));
    expectOneProblem(
      sources({ organizationTrail: TRAIL_WITH_LOGS, roleAlarms: many, notifications: PEOPLE }, inventory([])),
      "`aws-config-org:roleAlarms`",
      "each use of 12 roles",
      "1024",
      "`notify: alarm`",
    );
    const some = many.map((a, i) => (i < 6 ? a : { ...a, notify: "alarm" }));
    expect(problemsOf(sources({ organizationTrail: TRAIL_WITH_LOGS, roleAlarms: some, notifications: PEOPLE }, inventory([])))).to.deep.equal([]);
  });

  it("matches AssumeRole on the role (with or without a path) and console SwitchRole to it, within CloudWatch's pattern length", () => {
    const pattern = roleAlarmFilterPattern("elevated-security-role");
    expect(pattern).to.include('$.eventName = "AssumeRole"').and.include('$.eventName = "SwitchRole"');
    expect(pattern).to.include('$.eventName = "AssumeRoleWithSAML"').and.include('$.eventName = "AssumeRoleWithWebIdentity"');
    expect(pattern).to.include('"arn:*:iam::*:role/elevated-security-role"').and.include('"arn:*:iam::*:role/*/elevated-security-role"');
    expect(pattern).to.include('"arn:*:sts::*:assumed-role/elevated-security-role/*"');
    // The longest IAM role name (64 characters) still fits PutMetricFilter's limit.
    expect(roleAlarmFilterPattern("r".repeat(64)).length).to.be.lessThan(MAX_FILTER_PATTERN_LENGTH);
    // Balanced parentheses and quotes: CloudWatch refuses a pattern that is not.
    expect(pattern.split("(").length).to.equal(pattern.split(")").length);
    expect((pattern.match(/"/g) ?? []).length % 2).to.equal(0);
  });
});

describe("config: organizationTrail.dataEvents", () => {
  it("renders no selectors without data events, and with them keeps every management event first", () => {
    expect(deploymentOf({ organizationTrail: { enabled: true } }).organizationTrail!.dataEvents).to.deep.equal([]);
    expect(advancedEventSelectorsOf([])).to.deep.equal([]);
    const d = deploymentOf({
      organizationTrail: {
        enabled: true,
        dataEvents: [
          { resourceType: "AWS::S3::Object", readOnly: false, arnPrefixes: ["arn:aws:s3:::payments-data/"] },
          { resourceType: "AWS::Lambda::Function" },
        ],
      },
    });
    const selectors = advancedEventSelectorsOf(d.organizationTrail!.dataEvents);
    expect(selectors[0]).to.deep.equal(MANAGEMENT_EVENTS_SELECTOR);
    expect(selectors[1]!.fieldSelectors).to.deep.equal([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::S3::Object"] },
      { field: "readOnly", equals: ["false"] },
      { field: "resources.ARN", startsWiths: ["arn:aws:s3:::payments-data/"] },
    ]);
    expect(selectors[2]!.fieldSelectors).to.deep.equal([
      { field: "eventCategory", equals: ["Data"] },
      { field: "resources.type", equals: ["AWS::Lambda::Function"] },
    ]);
    expect(conditionValueCount(selectors)).to.equal(1 + 4 + 2);
  });

  it("names every problem at once: a type CloudTrail does not log, an ARN of another partition, a repeated selection", () => {
    const problems = problemsOf(
      sources(
        {
          organizationTrail: {
            enabled: true,
            dataEvents: [
              { resourceType: "AWS::EC2::Instance" },
              { resourceType: "AWS::S3::Object", arnPrefixes: ["arn:aws-cn:s3:::x/"] },
              { resourceType: "AWS::S3::Object" },
            ],
          },
        },
        inventory([]),
      ),
    );
    expect(problems, problems.join("\n")).to.have.length(3);
    expect(problems[0])
      .to.include("`aws-config-org:organizationTrail.dataEvents[0].resourceType`")
      .and.include("AWS::EC2::Instance")
      .and.include("AWS::S3::Object");
    expect(problems[1]).to.include("`aws-config-org:organizationTrail.dataEvents[1].arnPrefixes[0]`").and.include("arn:aws:");
    expect(problems[2]).to.include("`aws-config-org:organizationTrail.dataEvents[2]`").and.include("dataEvents[1]");
  });

  it("holds the trail to 250 data resources", () => {
    const arnPrefixes = Array.from({ length: 251 }, (_, i) => `arn:aws:s3:::bucket-${i}/`);
    expectOneProblem(
      sources({ organizationTrail: { enabled: true, dataEvents: [{ resourceType: "AWS::S3::Object", arnPrefixes }] } }, inventory([])),
      "251 ARN prefixes",
      "at most 250",
    );
  });

  it("calls data events without `enabled: true` options that create nothing", () => {
    expectOneProblem(
      sources({ organizationTrail: { enabled: false, dataEvents: [{ resourceType: "AWS::S3::Object" }] } }, inventory([])),
      "`aws-config-org:organizationTrail`",
      "`enabled: true`",
    );
  });
});

describe("role alarm pattern against CloudTrail records", () => {
  const pattern = roleAlarmFilterPattern("elevated-security-role");
  // Shapes of AWS's documented records (IAM user guide: AssumeRole; sign-in events: SwitchRole).
  const assumeRole = (roleArn: string) => ({
    eventSource: "sts.amazonaws.com",
    eventName: "AssumeRole",
    userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::444444444444:assumed-role/ci/session" },
    requestParameters: { roleArn, roleSessionName: "s" },
  });
  const switchRole = (role: string) => ({
    eventSource: "signin.amazonaws.com",
    eventName: "SwitchRole",
    eventType: "AwsConsoleSignIn",
    userIdentity: { type: "AssumedRole", arn: `arn:aws:sts::555555555555:assumed-role/${role}/alice` },
    additionalEventData: { SwitchFrom: "arn:aws:sts::444444444444:assumed-role/Admin/alice" },
  });

  it("matches AssumeRole on the role in any account, with a path, and console SwitchRole to it", () => {
    expect(matchesJsonFilterPattern(pattern, assumeRole("arn:aws:iam::555555555555:role/elevated-security-role"))).to.equal(true);
    expect(matchesJsonFilterPattern(pattern, assumeRole("arn:aws-us-gov:iam::666666666666:role/admins/elevated-security-role"))).to.equal(true);
    expect(matchesJsonFilterPattern(pattern, switchRole("elevated-security-role"))).to.equal(true);
  });

  // Federated sessions (IAM user guide, "Logging IAM and AWS STS API calls with AWS CloudTrail": STS logs
  // AssumeRoleWithSAML and AssumeRoleWithWebIdentity, unauthenticated, with the role asked for in requestParameters).
  const federated = (eventName: string, userIdentity: Record<string, string>, requestParameters: Record<string, string | number>) => ({
    eventVersion: "1.08",
    eventSource: "sts.amazonaws.com",
    eventName,
    eventType: "AwsApiCall",
    userIdentity,
    requestParameters,
  });
  const assumeRoleWithSaml = (roleArn: string) =>
    federated(
      "AssumeRoleWithSAML",
      { type: "SAMLUser", principalId: "SampleUkh1i4+ExamplexL/jEvs=:SamlExample", userName: "SamlExample", identityProvider: "bdGOnTesti4+ExamplexL/jEvs=" },
      {
        sAMLAssertionID: "_c0046cEXAMPLEb9d4b8eEXAMPLE2619aEXAMPLE",
        roleSessionName: "MyAssignedRoleSessionName",
        principalArn: "arn:aws:iam::444455556666:saml-provider/Shibboleth",
        roleArn,
        durationSeconds: 3600,
      },
    );
  const assumeRoleWithWebIdentity = (roleArn: string) =>
    federated(
      "AssumeRoleWithWebIdentity",
      {
        type: "WebIdentityUser",
        principalId: "token.actions.githubusercontent.com:sts.amazonaws.com:repo:example-org/app:ref:refs/heads/main",
        userName: "repo:example-org/app:ref:refs/heads/main",
        identityProvider: "token.actions.githubusercontent.com",
      },
      { roleArn, roleSessionName: "GitHubActions", durationSeconds: 3600 },
    );

  it("matches SAML federation (IAM Identity Center's roles under their aws-reserved path) and web identity (OIDC, CI) sessions of the role", () => {
    expect(matchesJsonFilterPattern(pattern, assumeRoleWithSaml("arn:aws:iam::555555555555:role/elevated-security-role"))).to.equal(true);
    const sso = roleAlarmFilterPattern("AWSReservedSSO_SecurityAdmin_0123456789abcdef");
    expect(
      matchesJsonFilterPattern(
        sso,
        assumeRoleWithSaml("arn:aws:iam::555555555555:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_SecurityAdmin_0123456789abcdef"),
      ),
    ).to.equal(true);
    expect(matchesJsonFilterPattern(pattern, assumeRoleWithWebIdentity("arn:aws:iam::555555555555:role/elevated-security-role"))).to.equal(true);
    expect(matchesJsonFilterPattern(pattern, assumeRoleWithWebIdentity("arn:aws:iam::555555555555:role/deploy"))).to.equal(false);
    expect(matchesJsonFilterPattern(pattern, assumeRoleWithSaml("arn:aws:iam::555555555555:role/elevated-security-role-readonly"))).to.equal(false);
  });

  it("sends every use of a watched role to the role-use notifier (the subscription filter), and nothing else", () => {
    const sub = roleUseSubscriptionPattern(["elevated-security-role", "BreakGlass"]);
    for (const record of [
      assumeRole("arn:aws:iam::555555555555:role/elevated-security-role"),
      assumeRole("arn:aws:iam::555555555555:role/ops/BreakGlass"),
      assumeRoleWithSaml("arn:aws:iam::555555555555:role/elevated-security-role"),
      assumeRoleWithWebIdentity("arn:aws:iam::555555555555:role/BreakGlass"),
      switchRole("BreakGlass"),
    ]) {
      expect(matchesJsonFilterPattern(sub, record), JSON.stringify(record)).to.equal(true);
    }
    for (const record of [
      assumeRole("arn:aws:iam::555555555555:role/elevated-security-role-readonly"),
      assumeRole("arn:aws:iam::555555555555:role/NotBreakGlass"),
      switchRole("Admin"),
      { ...assumeRole("arn:aws:iam::555555555555:role/BreakGlass"), eventName: "GetCallerIdentity" },
      { eventSource: "s3.amazonaws.com", eventName: "GetObject", userIdentity: { arn: "arn:aws:sts::555555555555:assumed-role/BreakGlass/alice" } },
    ]) {
      expect(matchesJsonFilterPattern(sub, record), JSON.stringify(record)).to.equal(false);
    }
  });

  it("is case sensitive, as CloudWatch Logs filter patterns are: the name must be written as the role's ARN has it", () => {
    expect(matchesJsonFilterPattern(pattern, assumeRole("arn:aws:iam::555555555555:role/Elevated-Security-Role"))).to.equal(false);
    expect(
      matchesJsonFilterPattern(roleAlarmFilterPattern("Elevated-Security-Role"), assumeRole("arn:aws:iam::555555555555:role/Elevated-Security-Role")),
    ).to.equal(true);
  });

  it("does not match other roles (longer or shorter names), other events, or the role calling something else", () => {
    expect(matchesJsonFilterPattern(pattern, assumeRole("arn:aws:iam::555555555555:role/elevated-security-role-readonly"))).to.equal(false);
    expect(matchesJsonFilterPattern(pattern, assumeRole("arn:aws:iam::555555555555:role/not-elevated-security-role"))).to.equal(false);
    expect(matchesJsonFilterPattern(pattern, switchRole("elevated-security-role-2"))).to.equal(false);
    expect(
      matchesJsonFilterPattern(pattern, { ...assumeRole("arn:aws:iam::555555555555:role/elevated-security-role"), eventName: "GetCallerIdentity" }),
    ).to.equal(false);
    expect(
      matchesJsonFilterPattern(pattern, {
        eventSource: "s3.amazonaws.com",
        eventName: "GetObject",
        userIdentity: { arn: "arn:aws:sts::555555555555:assumed-role/elevated-security-role/alice" },
      }),
    ).to.equal(false);
  });
});
