/**
 * Preflight's verdicts from hand-built observations: what moto cannot show (service-linked
 * recorders, disabled opt-in regions, read errors, custom recorder roles) and the adopt line.
 */
import { expect } from "chai";
import type { ExistingConfigState } from "../../components/multiaccount/recorderTypes";
import { planRecorder } from "../../components/multiaccount/recorderPlan";
import { desiredRecorder } from "../../components/recorderSettings";
import { placesOf } from "../../config/domain";
import { BUILTIN_PROFILES } from "../../config/profiles";
import { buildPreflightReport, main, renderPreflight } from "../../commands/preflight";
import { differenceLines } from "../../commands/preflight";
import { adoptLineFor, checkAggregator, checkGuardDuty, checkOrganizationTrails } from "../../commands/lib/preflightModel";
import { observeOrganization, type Probes } from "../../commands/lib/preflightProbes";
import { silentProgress } from "../../commands/lib/progress";
import { account, bufferIo, CSPM_RECORDER, deployment, EU_WEST_1, MANAGEMENT, SANDBOX, SECURITY, US_EAST_1, WORKLOAD } from "./fixtures";

const ME_CENTRAL_1 = { name: "me-central-1", optIn: true, supportsGlobalIamTypes: false };

const empty: ExistingConfigState = { recorders: [], channels: [], status: [] };

/** Probes answering from tables, so each case states exactly what AWS would say. */
function probes(states: Record<string, ExistingConfigState | Error>, overrides: Partial<Probes> = {}): Probes {
  return {
    assume: async () => undefined,
    regions: async () => ({ "eu-west-1": "opt-in-not-required", "us-east-1": "opt-in-not-required", "me-central-1": "not-opted-in" }),
    roleExists: async () => true,
    configState: async (target, region) => {
      const s = states[`${target.accountId}|${region}`] ?? empty;
      if (s instanceof Error) throw s;
      return s;
    },
    trails: async () => [],
    guardDutyAdministrators: async () => [],
    guardDutyDetectors: async () => [],
    aggregatorExists: async () => true,
    ...overrides,
  };
}

describe("preflight: verdicts", () => {
  it("lists service-linked recorders apart and leaves them out of the plan", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1] })]);
    const states = {
      [`${WORKLOAD}|eu-west-1`]: {
        recorders: [
          {
            name: "AWSConfigurationRecorderForObservabilityAdmin",
            roleARN: "arn:aws:iam::333333333333:role/aws-service-role/observabilityadmin.amazonaws.com/x",
            servicePrincipal: "observabilityadmin.amazonaws.com",
          },
        ],
        channels: [],
        status: [],
      },
    };
    const report = buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: probes(states) }));
    const p = report.places[0]!;
    expect(p.outcome).to.equal("create");
    expect(p.recorders).to.deep.equal([]);
    expect(p.serviceLinkedRecorders.map((r) => [r.name, r.recording, r.servicePrincipal])).to.deep.equal([
      ["AWSConfigurationRecorderForObservabilityAdmin", true, "observabilityadmin.amazonaws.com"],
    ]);
  });

  it("takes the census of service-linked recorders: kind, scope, frequency, and warns where one overrides the profile's DAILY or its exclusions", async () => {
    const lean = BUILTIN_PROFILES.lean!;
    const stack = deployment([
      account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1], profile: lean }),
      account(SANDBOX, "sandbox", { regions: [EU_WEST_1] }),
    ]);
    const cspm = CSPM_RECORDER;
    const states = Object.fromEntries([WORKLOAD, SANDBOX].map((id) => [`${id}|eu-west-1`, { recorders: [cspm], channels: [], status: [] }]));
    const report = buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: probes(states as never) }));
    const [workload, sandbox] = [WORKLOAD, SANDBOX].map((id) => report.places.find((p) => p.accountId === id)!);
    expect(workload!.serviceLinkedRecorders).to.deep.equal([
      {
        name: cspm.name,
        recording: true,
        roleARN: cspm.roleARN,
        recordingGroup: "ALL_SUPPORTED_RESOURCE_TYPES",
        frequency: "CONTINUOUS",
        servicePrincipal: "securityhub.amazonaws.com",
      },
    ]);
    expect(workload!.serviceLinkedWarnings).to.have.length(2);
    expect(workload!.serviceLinkedWarnings[0])
      .to.include("(securityhub.amazonaws.com) records CONTINUOUS")
      .and.include("profile `lean`'s DAILY")
      .and.include("bills");
    expect(workload!.serviceLinkedWarnings[1]).to.include(
      `the ${lean.excludedResourceTypes.length} type(s) profile \`lean\` excludes are recorded, and billed`,
    );
    expect(sandbox!.serviceLinkedWarnings, "a continuous profile with no exclusions is not overridden").to.deep.equal([]);
    const text = renderPreflight(report, "table");
    expect(text).to.include("WARNING: service-linked recorder").and.include("1 place(s) have a service-linked recorder that overrides the profile");
  });

  it("says unchanged when the place already matches, with no writes", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1] })]);
    const desired = desiredRecorder(stack, placesOf(stack)[0]!);
    const states = {
      [`${WORKLOAD}|eu-west-1`]: { recorders: [desired.recorder], channels: [desired.deliveryChannel], status: [{ name: "default", recording: true }] },
    };
    const report = buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: probes(states) }));
    expect(report.places[0]).to.deep.include({ outcome: "unchanged", planAction: "unchanged", writes: [] });
  });

  it("plans an inventory adoption as `adopt`, and shows the plan's own decision", async () => {
    // The program asks for the adopted name (`recorder.name` = `adopt`): the plan still calls it an adoption.
    const stack = deployment([account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1], adopt: { "eu-west-1": "legacy-recorder" } })]);
    const desired = desiredRecorder(stack, placesOf(stack)[0]!);
    expect(desired.recorder.name).to.equal("legacy-recorder");
    const legacy = { ...desired.recorder, recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } };
    const existing: ExistingConfigState = {
      recorders: [legacy],
      channels: [{ ...desired.deliveryChannel, name: "legacy-channel" }],
      status: [{ name: "legacy-recorder", recording: true }],
    };
    const plan = planRecorder(existing, desired, desired.adopt, { accountId: WORKLOAD, region: "eu-west-1" });
    expect(plan.action).to.equal("adopt");
    expect(plan.recorderName).to.equal("legacy-recorder");
    const report = buildPreflightReport(
      stack,
      await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: probes({ [`${WORKLOAD}|eu-west-1`]: existing }) }),
    );
    expect(report.places[0]).to.deep.include({ outcome: "adopt", planAction: "adopt", message: plan.message, writes: plan.writes });
    expect(plan.message).to.contain("takes over recorder `legacy-recorder` (inventory `adopt`)");
  });

  it("reads the takeover record as pulumi up does: a half-made recorder of a stopped run is ours (create), and an unreadable record fails the place", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1, US_EAST_1] })]);
    const desired = desiredRecorder(stack, placesOf(stack)[0]!);
    const halfMade: ExistingConfigState = { recorders: [{ name: desired.recorder.name, roleARN: desired.recorder.roleARN }], channels: [], status: [] };
    const record = {
      version: 1 as const,
      recorderName: desired.recorder.name,
      deliveryChannelName: desired.deliveryChannel.name,
      recorderCreated: true,
      channelCreated: true,
      recordedAt: "2026-12-07T17:00:00.000Z",
    };
    const denied = Object.assign(new Error("not authorized to perform: ssm:GetParameter"), {
      name: "AccessDeniedException",
      hint: "Give the deployment role `ssm:GetParameter`",
    });
    const p = probes(
      { [`${WORKLOAD}|eu-west-1`]: halfMade },
      { takeoverRecord: async (_t, region) => (region === "eu-west-1" ? record : Promise.reject(denied)) },
    );
    const report = buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: p }));
    const eu = report.places.find((x) => x.region === "eu-west-1")!;
    expect(eu).to.deep.include({ outcome: "create", planAction: "create" });
    expect(eu.message).to.contain("resumes an earlier run that was stopped");
    const us = report.places.find((x) => x.region === "us-east-1")!;
    expect(us).to.deep.include({ outcome: "fail", fix: "Give the deployment role `ssm:GetParameter`" });
    expect(us.message).to.contain("cannot read the takeover record here");
  });

  it("fails a disabled opt-in region without calling Config there, saying how to enable it", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1, ME_CENTRAL_1] })], { regions: [EU_WEST_1, ME_CENTRAL_1] });
    const asked: string[] = [];
    const p = probes({}, { configState: async (_t, region) => (asked.push(region), empty) });
    const report = buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: p }));
    const me = report.places.find((x) => x.region === "me-central-1")!;
    expect(me).to.deep.include({ outcome: "fail", regionStatus: "not-opted-in" });
    expect(me.fix).to.contain("aws account enable-region --account-id 333333333333 --region-name me-central-1");
    expect(asked).to.deep.equal(["eu-west-1"]);
    expect(report.accounts[0]!.regionsNotEnabled).to.deep.equal(["me-central-1"]);
  });

  it("fails a place whose state cannot be read, with the AWS error and its hint", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1] })]);
    const denied = Object.assign(new Error("DescribeConfigurationRecorders failed: AccessDeniedException: no. Give the role config:*"), {
      name: "PlaceOperationError",
      hint: "Give the role config:*",
    });
    const report = buildPreflightReport(
      stack,
      await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: probes({ [`${WORKLOAD}|eu-west-1`]: denied }) }),
    );
    expect(report.places[0]).to.deep.include({ outcome: "fail", fix: "Give the role config:*" });
    expect(report.places[0]!.message).to.equal(
      "cannot read AWS Config here: PlaceOperationError: DescribeConfigurationRecorders failed: AccessDeniedException: no",
    );
  });

  it("fails every place of an account whose custom recorder role does not exist", async () => {
    const roleArn = `arn:aws:iam::${SANDBOX}:role/config/ConfigRecorder`;
    const stack = deployment([account(SANDBOX, "sandbox-alice", { recorderRole: { kind: "custom", roleArn } })]);
    const checked: string[] = [];
    const p = probes({}, { roleExists: async (_t, name) => (checked.push(name), name === "AWSServiceRoleForConfig") });
    const report = buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: p }));
    expect(checked.sort()).to.deep.equal(["AWSServiceRoleForConfig", "ConfigRecorder"]);
    expect(report.accounts[0]!.recorderRole).to.deep.equal({ roleArn, status: "missing" });
    expect(report.places.map((x) => x.outcome)).to.deep.equal(["fail", "fail"]);
    expect(report.summary.fail).to.equal(2);
  });

  it("probes with bounded concurrency", async () => {
    const stack = deployment([account(MANAGEMENT, "management"), account(WORKLOAD, "payments-prod"), account(SANDBOX, "sandbox-alice")]);
    let running = 0;
    let peak = 0;
    const slow = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setImmediate(r));
      running--;
      return empty;
    };
    await observeOrganization(stack, { concurrency: 2, progress: silentProgress, probes: probes({}, { configState: slow }) });
    expect(peak).to.equal(2);
  });
});

describe("preflight: the adopt line", () => {
  it("uses one name for every region, a map otherwise, and keeps existing entries", () => {
    const a = account(WORKLOAD, "payments-prod");
    expect(adoptLineFor(a, { "eu-west-1": "legacy", "us-east-1": "legacy" })).to.equal("adopt: legacy");
    expect(adoptLineFor(a, { "us-east-1": "legacy" })).to.equal("adopt: {us-east-1: legacy}");
    expect(adoptLineFor({ ...a, adopt: { "eu-west-1": "old" } }, { "us-east-1": "legacy" })).to.equal("adopt: {eu-west-1: old, us-east-1: legacy}");
    expect(adoptLineFor(a, { "us-east-1": "my recorder" })).to.equal('adopt: {us-east-1: "my recorder"}');
  });

  it("shows object differences leaf by leaf", () => {
    expect(
      differenceLines({
        field: "recorder.recordingGroup",
        from: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES", includeGlobalResourceTypes: true },
        to: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES", includeGlobalResourceTypes: false },
      }),
    ).to.deep.equal(["recorder.recordingGroup.includeGlobalResourceTypes: true → false"]);
    expect(differenceLines({ field: "recording", from: false, to: true })).to.deep.equal(["recording: false → true"]);
  });
});

describe("preflight: command line", () => {
  it("says once, in one line, that no account could be reached for the same reason, and what to do", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod"), account(SANDBOX, "sandbox-alice")]);
    const noCredentials = Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" });
    const deps = {
      loadDeployment: async () => stack,
      inventoryPath: async () => "accounts/test.yaml",
      probes: probes({}, { assume: async () => Promise.reject(noCredentials) }),
    };
    const b = bufferIo();
    expect(await main(["--stack", "test"], b.io, deps)).to.equal(2);
    expect(b.err().trim().split("\n"), b.err()).to.have.length(1);
    expect(b.err()).to.match(
      /^error: sts:AssumeRole and the caller's credentials, in all \d+ account\(s\) of stack `test` failed: no AWS credentials were found: set `AWS_PROFILE`/,
    );
    expect(b.err()).to.include("`plan`");
    expect(b.out()).to.equal("");
  });

  it("exits 0 when nothing would fail and prints the summary; 2 on bad arguments", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod")]);
    const deps = { loadDeployment: async () => stack, inventoryPath: async () => "accounts/test.yaml", probes: probes({}) };
    const ok = bufferIo();
    expect(await main(["--stack", "test", "--markdown"], ok.io, deps), ok.err()).to.equal(0);
    expect(ok.out()).to.contain("**Summary:** 2 place(s): create 2, update 0, adopt 0, unchanged 0, fail 0. nothing would fail.");
    const bad = bufferIo();
    expect(await main(["--stack", "test", "--concurrency", "-1"], bad.io, deps)).to.equal(2);
    const report = buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 1, progress: silentProgress, probes: probes({}) }));
    expect(JSON.parse(renderPreflight(report, "json")).summary.create).to.equal(2);
  });
});

describe("preflight: the organization's trails", () => {
  const trail = (name: string, organization = true) => ({ name, homeRegion: "us-east-1", organization, multiRegion: true, bucket: `${name}-bucket` });
  const withTrail = (d: ReturnType<typeof deployment>) => ({
    ...d,
    organizationTrail: { name: "aws-config-org-organization-trail", bucketName: "b", kms: false, dataEvents: [] },
  });

  it("says what `pulumi up` creates when the organization has no organization trail (account trails do not count)", () => {
    const d = deployment([]);
    expect(checkOrganizationTrails(d, { ok: true, value: [trail("account-only", false)] }).verdict).to.include(
      "no organization trail: `organizationTrail: {enabled: true}` creates one",
    );
    expect(checkOrganizationTrails(withTrail(d), { ok: true, value: [] }).verdict).to.include("`pulumi up` creates `aws-config-org-organization-trail`");
  });

  it("warns of a second organization trail next to Control Tower's, and not about this stack's own", () => {
    const d = withTrail(deployment([]));
    const second = checkOrganizationTrails(d, { ok: true, value: [trail("aws-controltower-BaselineCloudTrail")] });
    expect(second.secondTrail).to.equal(true);
    expect(second.verdict).to.include("made by AWS Control Tower").and.include("charges for every copy of management events after the first");
    const own = checkOrganizationTrails(d, { ok: true, value: [trail("aws-config-org-organization-trail")] });
    expect(own.secondTrail).to.equal(false);
    expect(own.verdict).to.include("updated in place");
  });

  it("says why the trails are unknown when they could not be listed", () => {
    const failed = checkOrganizationTrails(deployment([]), {
      ok: false,
      error: { name: "AccessDeniedException", message: "not authorized to perform cloudtrail:DescribeTrails", hint: "grant cloudtrail:DescribeTrails" },
    });
    expect(failed.verdict).to.include("AccessDeniedException").and.include("grant cloudtrail:DescribeTrails");
    expect(checkOrganizationTrails(deployment([]), undefined).verdict)
      .to.include(MANAGEMENT)
      .and.include("could not be reached");
  });
});

describe("preflight: the organization aggregator and AWS's weekly limit on accounts added", () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => account(String(100000000000 + i), `a${i}`));

  it("warns when `pulumi up` would create the aggregator over more than 1,000 accounts, with the weeks it takes", () => {
    const big = deployment([], { scope: many(1_000) }); // and one excluded account: 1,001
    const check = checkAggregator(big, { ok: true, value: false })!;
    expect(check).to.deep.include({ accounts: 1_001, exists: false, warning: true });
    expect(check.verdict).to.include("1001 accounts").and.include("1,000 AWS adds to aggregators per week").and.include("about 2 weeks");
  });

  it("does not warn for an existing aggregator, a small organization, or a shard; says so when it cannot read", () => {
    expect(checkAggregator(deployment([], { scope: many(2_000) }), { ok: true, value: true })!.warning).to.equal(false);
    expect(checkAggregator(deployment([], { scope: many(999) }), { ok: true, value: false })!.warning).to.equal(false);
    expect(checkAggregator(deployment([], { scope: many(2_000), ownsCentral: false }), { ok: true, value: false })).to.equal(undefined);
    const unread = checkAggregator(deployment([], { scope: many(2) }), { ok: false, error: { name: "AccessDeniedException", message: "no" } })!;
    expect(unread).to.deep.include({ warning: false }).and.not.have.property("exists");
    expect(unread.verdict).to.include("could not read").and.include("AccessDeniedException");
  });

  it("asks the security account in the home region, and prints the warning", async () => {
    const stack = deployment([account(WORKLOAD, "payments-prod", { regions: [EU_WEST_1] })], { scope: many(1_500) });
    const asked: string[] = [];
    const report = buildPreflightReport(
      stack,
      await observeOrganization(stack, {
        concurrency: 2,
        progress: silentProgress,
        probes: probes({}, { aggregatorExists: async (target, region, name) => (asked.push(`${target.accountId} ${region} ${name}`), false) }),
      }),
    );
    expect(asked).to.deep.equal([`${stack.securityAccountId} eu-west-1 aws-config-org`]);
    expect(renderPreflight(report, "table"))
      .to.include("Organization aggregator")
      .and.include("WARNING: `pulumi up` creates `aws-config-org` over 1501 accounts");
  });
});

describe("preflight: GuardDuty before `pulumi up`", () => {
  const on = () => deployment([], { guardDuty: { features: [], agentManagement: [], minimumSeverity: 7 } });
  const seen = (region: string, administrators: string[] | Error, detectors: string[] | Error) => ({
    region,
    administrators:
      administrators instanceof Error
        ? { ok: false as const, error: { name: "AccessDeniedException", message: administrators.message } }
        : { ok: true as const, value: administrators },
    securityDetectors:
      detectors instanceof Error
        ? { ok: false as const, error: { name: "AccessDeniedException", message: detectors.message } }
        : { ok: true as const, value: detectors },
  });

  it("is silent with GuardDuty off", () => {
    expect(checkGuardDuty(deployment([]), [seen("eu-west-1", ["999999999999"], [])])).to.deep.equal([]);
  });

  it("says ready, already designated (import), or unknown, region by region", () => {
    const d = on();
    const [ready, designated, unknown] = checkGuardDuty(d, [
      seen("eu-west-1", [], []),
      seen("us-east-1", [d.securityAccountId], []),
      seen("ap-south-1", new Error("not authorized to perform guardduty:ListOrganizationAdminAccounts"), []),
    ]);
    expect(ready).to.deep.include({ status: "ready" });
    expect(ready!.verdict).to.include("designates the security account");
    expect(designated).to.deep.include({ status: "ready" });
    expect(designated!.verdict).to.include(`guardduty-admin-us-east-1 ${d.securityAccountId}`);
    expect(unknown).to.deep.include({ status: "unknown" });
    expect(unknown!.verdict).to.include("guardduty:ListOrganizationAdminAccounts");
  });
});

describe("preflight: a one-account pilot (issue 24)", () => {
  it("says the management account acts as the Config administrator, and why; a member security account gets no such line", async () => {
    const pilot = deployment([account(MANAGEMENT, "pilot", { functions: ["management", "security", "log-archive"] })], {
      securityAccountId: MANAGEMENT,
      logArchiveAccountId: MANAGEMENT,
    });
    const report = buildPreflightReport(pilot, await observeOrganization(pilot, { concurrency: 2, progress: silentProgress, probes: probes({}) }));
    const text = renderPreflight(report, "table");
    expect(text).to.include("Config administrator");
    expect(text.replace(/\s+/g, " ")).to.include(
      `The management account ${MANAGEMENT} acts as the Config administrator (\`securityAccountId\` equals \`managementAccountId\`): it creates the aggregator and organization conformance packs itself, ` +
        "and no delegated administrator is registered, because AWS registers only a member account as one (Organizations RegisterDelegatedAdministrator).",
    );
    const two = deployment([account(MANAGEMENT, "mgmt"), account(SECURITY, "sec")]);
    const twoReport = buildPreflightReport(two, await observeOrganization(two, { concurrency: 2, progress: silentProgress, probes: probes({}) }));
    expect(twoReport.administratorNote).to.equal(undefined);
    expect(renderPreflight(twoReport, "table")).to.not.include("Config administrator");
  });
});
