/**
 * Preflight against moto: a seeded organization with history (motoOrg.ts), reached through
 * the real session layer (AssumeRole, caller's own credentials for the management account).
 * moto lacks service-linked recorders and trust-policy checks: the first is covered in
 * preflight.test.ts, the second by a proxy that denies AssumeRole (stsDenyProxy.ts).
 */
import { expect } from "chai";
import { clearSessionCache } from "../../components/multiaccount/session";
import { main, observeOrganization, buildPreflightReport, renderPreflight } from "../../commands/preflight";
import { ListRootsCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { parseSettings } from "../../config/pipeline";
import { liveOrganization } from "../../commands/lib/liveOrganization";
import { onAwsCall } from "../../components/multiaccount/callHooks";
import { silentProgress } from "../../commands/lib/progress";
import type { Deployment } from "../../config/domain";
import { useMoto } from "../helpers/moto";
import { account, bufferIo, deployment, MANAGEMENT } from "./fixtures";
import { CONTROL_TOWER_TRAIL, LEGACY_BUCKET, seedGuardDuty, seedOrganization, type SeededOrg } from "./motoOrg";
import { startStsDenyProxy, type StsDenyProxy } from "./stsDenyProxy";

describe("preflight against moto (seeded organization, real AssumeRole)", function () {
  this.timeout(60_000);
  const moto = useMoto();
  let org: SeededOrg;
  let proxy: StsDenyProxy;
  let savedStsEndpoint: string | undefined;
  let stack: Deployment;

  before(async () => {
    await moto.server.reset();
    org = await seedOrganization();
    proxy = await startStsDenyProxy(moto.server.endpoint, [org.denied.roleArn]);
    savedStsEndpoint = process.env.AWS_ENDPOINT_URL_STS;
    process.env.AWS_ENDPOINT_URL_STS = proxy.endpoint;
    clearSessionCache();
    expect(MANAGEMENT).to.equal(org.managementAccountId);
    stack = deployment([
      account(MANAGEMENT, "management"),
      account(org.clean.id, "clean"),
      account(org.sameName.id, "same-name"),
      account(org.otherName.id, "other-name"),
      account(org.adopted.id, "adopted", { adopt: { "us-east-1": "legacy-recorder" } }),
      account(org.denied.id, "denied"),
    ]);
  });
  after(async () => {
    clearSessionCache();
    if (savedStsEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_STS;
    else process.env.AWS_ENDPOINT_URL_STS = savedStsEndpoint;
    await proxy?.stop();
  });

  const run = async () => buildPreflightReport(stack, await observeOrganization(stack, { concurrency: 4, progress: silentProgress }), "accounts/test.yaml");
  const outcome = (report: Awaited<ReturnType<typeof run>>, id: string, region: string) =>
    report.places.find((p) => p.accountId === id && p.region === region)!;

  it("reads whether the organization aggregator exists in the security account (DescribeConfigurationAggregators)", async () => {
    const { awsProbes } = await import("../../commands/lib/preflightProbes");
    const { ConfigServiceClient, PutConfigurationAggregatorCommand } = await import("@aws-sdk/client-config-service");
    const { credentialsFor } = await import("../../components/multiaccount/session");
    const target = { accountId: org.clean.id, roleArn: org.clean.roleArn, purpose: "test" };
    expect(await awsProbes.aggregatorExists(target, "eu-west-1", "aws-config-org")).to.equal(false);
    const client = new ConfigServiceClient({ region: "eu-west-1", credentials: await credentialsFor(target) });
    await client.send(
      new PutConfigurationAggregatorCommand({
        ConfigurationAggregatorName: "aws-config-org",
        AccountAggregationSources: [{ AccountIds: [org.clean.id], AllAwsRegions: true }],
      }),
    );
    expect(await awsProbes.aggregatorExists(target, "eu-west-1", "aws-config-org")).to.equal(true);
    expect(await awsProbes.aggregatorExists(target, "us-east-1", "aws-config-org"), "regional").to.equal(false);
  });

  it("reads a deployed organization pack's ExcludedAccounts in the security account (DescribeOrganizationConformancePacks), none before it exists", async () => {
    const { describePackExclusions } = await import("../../commands/lib/preflightPackTargets");
    const { ConfigServiceClient, PutOrganizationConformancePackCommand } = await import("@aws-sdk/client-config-service");
    const { credentialsFor } = await import("../../components/multiaccount/session");
    const target = { accountId: org.clean.id, roleArn: org.clean.roleArn, purpose: "test" };
    expect(await describePackExclusions(target, "eu-west-1", "data-protection-baseline")).to.equal(undefined);
    const client = new ConfigServiceClient({ region: "eu-west-1", credentials: await credentialsFor(target) });
    await client.send(
      new PutOrganizationConformancePackCommand({
        OrganizationConformancePackName: "data-protection-baseline",
        // moto 5 fails a `TemplateBody` put (it reads the S3 URI regardless, a moto gap); AWS takes either.
        TemplateS3Uri: "s3://awsconfigconforms-test/templates/data-protection-baseline.yaml",
        DeliveryS3Bucket: "awsconfigconforms-test",
        ExcludedAccounts: [org.denied.id],
      }),
    );
    expect(await describePackExclusions(target, "eu-west-1", "data-protection-baseline")).to.deep.equal([org.denied.id]);
  });

  it("says create for a clean account and for the management account (caller's own credentials)", async () => {
    const report = await run();
    for (const id of [MANAGEMENT, org.clean.id]) {
      for (const region of ["eu-west-1", "us-east-1"]) {
        const p = outcome(report, id, region);
        expect(p.outcome, `${id} ${region}`).to.equal("create");
        expect(p.writes).to.deep.equal(["PutConfigurationRecorder", "PutDeliveryChannel", "StartConfigurationRecorder"]);
        expect(p.recorders).to.deep.equal([]);
      }
    }
    expect(report.accounts.find((a) => a.accountId === MANAGEMENT)).to.deep.include({ assumable: true, serviceLinkedRole: "exists" });
    expect(report.accounts.find((a) => a.accountId === org.clean.id)).to.deep.include({
      serviceLinkedRole: "missing (pulumi up creates it)",
      regionsNotEnabled: [],
    });
  });

  it("updates a same-name legacy recorder in place, listing each field that changes", async () => {
    const p = outcome(await run(), org.sameName.id, "us-east-1");
    expect(p.outcome).to.equal("update");
    expect(p.recorders).to.deep.equal([
      {
        name: "default",
        recording: false,
        roleARN: `arn:aws:iam::${org.sameName.id}:role/legacy-config-role`,
        recordingGroup: "ALL_SUPPORTED_RESOURCE_TYPES (+ global types)",
        frequency: "CONTINUOUS",
      },
    ]);
    expect(p.channels).to.deep.equal([{ name: "default", s3BucketName: LEGACY_BUCKET }]);
    expect(p.differences.map((d) => d.field)).to.deep.equal([
      "recorder.roleARN",
      "recorder.recordingGroup",
      "deliveryChannel.s3BucketName",
      "deliveryChannel.snsTopicARN",
      "recording",
    ]);
    const role = p.differences[0]!;
    expect(role.to).to.equal(`arn:aws:iam::${org.sameName.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`);
    expect(p.writes).to.deep.equal(["PutConfigurationRecorder", "PutDeliveryChannel", "StartConfigurationRecorder"]);
  });

  it("fails on a different-name recorder without adopt, and prints the line to add", async () => {
    const report = await run();
    const p = outcome(report, org.otherName.id, "us-east-1");
    expect(p.outcome).to.equal("fail");
    expect(p.blockingRecorder).to.equal("legacy-recorder");
    expect(p.message).to.contain("already has configuration recorder `legacy-recorder`");
    expect(outcome(report, org.otherName.id, "eu-west-1").outcome).to.equal("create");
    expect(report.adoptLines).to.deep.equal([
      { accountId: org.otherName.id, accountName: "other-name", listed: true, line: "adopt: {us-east-1: legacy-recorder}" },
    ]);
  });

  it("adopts a different-name recorder the inventory names", async () => {
    const report = await run();
    const p = outcome(report, org.adopted.id, "us-east-1");
    expect(p.outcome).to.equal("adopt");
    expect(p.message).to.contain("takes over recorder `legacy-recorder`");
    expect(p.recorders.map((r) => [r.name, r.recording])).to.deep.equal([["legacy-recorder", true]]);
    expect(p.channels.map((c) => c.name)).to.deep.equal(["legacy-channel"]);
    expect(p.writes).to.include("PutConfigurationRecorder");
    expect(outcome(report, org.adopted.id, "eu-west-1").outcome).to.equal("create");
  });

  it("finds Control Tower's organization trail, and says what this stack's trail would add next to it", async () => {
    const off = await run();
    expect(off.organizationTrails.existing.map((t) => t.name)).to.deep.equal([CONTROL_TOWER_TRAIL]);
    expect(off.organizationTrails.secondTrail).to.equal(false);
    expect(off.organizationTrails.verdict)
      .to.include(CONTROL_TOWER_TRAIL)
      .and.include("made by AWS Control Tower")
      .and.include("leave `organizationTrail` off");
    const withTrail: Deployment = { ...stack, organizationTrail: { name: "aws-config-org-organization-trail", bucketName: "b", kms: false, dataEvents: [] } };
    const on = buildPreflightReport(withTrail, await observeOrganization(withTrail, { concurrency: 4, progress: silentProgress }), "accounts/test.yaml");
    expect(on.organizationTrails.secondTrail).to.equal(true);
    expect(on.organizationTrails.verdict).to.include("would create `aws-config-org-organization-trail` next to it").and.include("second organization trail");
    expect(renderPreflight(on, "table")).to.include("WARNING: the organization is already recorded by `aws-controltower-BaselineCloudTrail`");
  });

  it("with guardDuty on, fails a region where another account administers GuardDuty and one where the security account has a detector", async () => {
    const security = org.clean;
    const detector = await seedGuardDuty({
      administratorIn: "us-east-1",
      administrator: org.otherName.id,
      detectorIn: "eu-west-1",
      detectorAccountRoleArn: security.roleArn,
    });
    const withGuardDuty: Deployment = {
      ...stack,
      securityAccountId: security.id,
      logArchiveAccountId: security.id,
      guardDuty: { features: [], agentManagement: [], minimumSeverity: 7 },
    };
    const report = buildPreflightReport(
      withGuardDuty,
      await observeOrganization(withGuardDuty, { concurrency: 4, progress: silentProgress }),
      "accounts/test.yaml",
    );
    const byRegion = Object.fromEntries(report.guardDuty.map((g) => [g.region, g]));
    expect(byRegion["us-east-1"]!.status, byRegion["us-east-1"]!.verdict).to.equal("blocked");
    expect(byRegion["us-east-1"]!.verdict).to.include(org.otherName.id).and.include("disable-organization-admin-account");
    expect(byRegion["eu-west-1"]!.status, byRegion["eu-west-1"]!.verdict).to.equal("blocked");
    expect(byRegion["eu-west-1"]!.verdict).to.include(detector).and.include("pulumi import aws:guardduty/detector:Detector guardduty-detector-eu-west-1");
    const text = renderPreflight(report, "table");
    expect(text).to.include("GuardDuty, per region").and.include("at GuardDuty in 2 region(s)");
  });

  it("fails every place of an account whose role cannot be assumed, saying why and how to fix it", async () => {
    const report = await run();
    const account = report.accounts.find((a) => a.accountId === org.denied.id)!;
    expect(account.assumable).to.equal(false);
    expect(account.assumeError!.name).to.equal("AssumeRoleDeniedError");
    expect(account.assumeError!.message).to.contain(org.denied.roleArn);
    for (const region of ["eu-west-1", "us-east-1"]) {
      const p = outcome(report, org.denied.id, region);
      expect(p.outcome).to.equal("fail");
      expect(p.message).to.contain("not authorized to perform: sts:AssumeRole");
      expect(p.fix).to.contain("trust policy");
    }
    expect(proxy.denied()).to.be.greaterThan(0);
  });

  it("counts outcomes and exits 1 when anything would fail", async () => {
    const report = await run();
    expect(report.summary).to.deep.equal({ create: 7, update: 1, adopt: 1, unchanged: 0, fail: 3 });
    const b = bufferIo();
    const code = await main(["--stack", "test"], b.io, { loadDeployment: async () => stack, inventoryPath: async () => "accounts/test.yaml" });
    expect(code, b.err()).to.equal(1);
    expect(b.out()).to.contain("Lines to add to accounts/test.yaml");
    expect(b.out()).to.contain(`under \`- id: "${org.otherName.id}"\` (other-name):\n    adopt: {us-east-1: legacy-recorder}`);
    expect(b.out()).to.contain("12 place(s): create 7, update 1, adopt 1, unchanged 0, fail 3. pulumi up would FAIL in 3 place(s).");
    expect(renderPreflight(report, "csv").split("\n")[0]).to.equal(
      "account_id,account_name,region,region_status,recorders,recording,service_linked_recorders,channels,outcome,plan_action,differences,writes,message,fix",
    );
  });

  it("reads the organization live for a `discover: true` inventory", async () => {
    const client = new OrganizationsClient({ region: "us-east-1" });
    const root = (await client.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    client.destroy();
    const parsed = parseSettings({
      project: "aws-config-org",
      stack: "live",
      config: {
        homeRegion: "us-east-1",
        regions: ["us-east-1"],
        organizationId: "o-abcdefghij",
        managementAccountId: MANAGEMENT,
        securityAccountId: org.clean.id,
        accounts: "accounts/live.yaml",
      },
      inventory: { path: "accounts/live.yaml", text: `discover: true\nouProfiles:\n  ${root}: lean\n` },
    });
    const commands: string[] = [];
    const stopListening = onAwsCall((call) => commands.push(call.command));
    const snapshot = await liveOrganization(parsed).finally(stopListening);
    // The tree walk and the members of the root cover the same parents: each is asked once.
    const parents = snapshot.roots!.length + snapshot.organizationalUnits!.length;
    expect(commands.filter((c) => c === "ListOrganizationalUnitsForParent")).to.have.length(parents);
    const ids = [MANAGEMENT, org.clean.id, org.sameName.id, org.otherName.id, org.adopted.id, org.denied.id];
    expect(snapshot.accounts.map((a) => a.id).sort()).to.deep.equal([...ids].sort());
    expect(snapshot.accounts.find((a) => a.id === org.clean.id)).to.deep.equal({ id: org.clean.id, name: "clean", status: "ACTIVE" });
    // Only the OUs the inventory names are walked, each with every account below it.
    expect(Object.keys(snapshot.ouMembers)).to.deep.equal([root]);
    expect([...snapshot.ouMembers[root]!].sort()).to.deep.equal([...ids].sort());
  });

  it("exits 0 once the failing accounts are fixed (adopt added, denied account dropped)", async () => {
    const fixed = deployment(
      stack.accounts.filter((a) => a.id !== org.denied.id).map((a) => (a.id === org.otherName.id ? { ...a, adopt: { "us-east-1": "legacy-recorder" } } : a)),
    );
    const b = bufferIo();
    const code = await main(["--stack", "test", "--json"], b.io, { loadDeployment: async () => fixed, inventoryPath: async () => "accounts/test.yaml" });
    expect(code, b.err()).to.equal(0);
    expect(JSON.parse(b.out()).summary).to.deep.equal({ create: 7, update: 1, adopt: 2, unchanged: 0, fail: 0 });
  });
});
