/**
 * AccountConformancePack: credentials are real (moto organization, real `sts:AssumeRole`
 * into the member account), the conformance pack calls are mocked.
 *
 * moto gap, written down rather than papered over: moto 5.2.1 implements only the
 * organization conformance pack APIs; `PutConformancePack`, `DescribeConformancePacks` and
 * `DeleteConformancePack` answer HTTP 500 (checked with boto3 against `python3 -m moto.server`).
 * So the Config client is stubbed with aws-sdk-client-mock, holding the packs the way AWS
 * documents them: PutConformancePack creates or updates by name; DescribeConformancePacks
 * with an unknown name fails with `NoSuchConformancePackException`; DescribeConformancePackStatus
 * reports the deployment (`CREATE_IN_PROGRESS`, then `CREATE_COMPLETE` or `CREATE_FAILED` with a
 * reason; by default here the pack is complete at once, a test scripts the states it wants)
 * (https://docs.aws.amazon.com/config/latest/APIReference/API_PutConformancePack.html,
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConformancePacks.html,
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConformancePackStatusDetail.html).
 */
import {
  ConfigServiceClient,
  DeleteConformancePackCommand,
  DescribeConformancePackStatusCommand,
  DescribeConformancePacksCommand,
  type ConformancePackStatusDetail,
  NoSuchConformancePackException,
  PutConformancePackCommand,
  type PutConformancePackCommandInput,
} from "@aws-sdk/client-config-service";
import { mockClient } from "aws-sdk-client-mock";
import { createHash } from "crypto";
import { expect } from "chai";
import { accountConformancePackProvider as provider, PACK_WAIT, packOutcome } from "../../../components/multiaccount/lifecycles/accountConformancePack";
import type { AccountConformancePackInputs, AccountConformancePackOutputs } from "../../../components/multiaccount/resources/accountConformancePack";
import { clearSessionCache } from "../../../components/multiaccount/session";
import { recordCalls } from "./support/inputs";
import { type TestOrg, useMotoOrganization } from "./support/org";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

const TEMPLATE =
  "Resources:\n  S3BucketVersioningEnabled:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      ConfigRuleName: s3-bucket-versioning-enabled\n      Source:\n        Owner: AWS\n        SourceIdentifier: S3_BUCKET_VERSIONING_ENABLED\n";

/** The packs of one stubbed Config endpoint, by region/name, as AWS keeps them. */
function stubPacks() {
  const mock = mockClient(ConfigServiceClient);
  const packs = new Map<string, PutConformancePackCommandInput>();
  const regionOf = async (getClient: () => ConfigServiceClient) => getClient().config.region();
  const arnOf = (region: string, name: string) => `arn:aws:config:${region}:210987654321:conformance-pack/${name}/conformance-pack-abc123`;
  mock.on(PutConformancePackCommand).callsFake(async (input: PutConformancePackCommandInput, getClient) => {
    const region = await regionOf(getClient);
    packs.set(`${region}/${input.ConformancePackName}`, input);
    return { ConformancePackArn: arnOf(region, input.ConformancePackName ?? "") };
  });
  mock.on(DescribeConformancePacksCommand).callsFake(async (input: { ConformancePackNames?: string[] }, getClient) => {
    const region = await regionOf(getClient);
    const missing = (input.ConformancePackNames ?? []).find((name) => !packs.has(`${region}/${name}`));
    if (missing) throw new NoSuchConformancePackException({ message: `Conformance pack ${missing} does not exist`, $metadata: { httpStatusCode: 400 } });
    return {
      ConformancePackDetails: (input.ConformancePackNames ?? []).map((name) => ({ ConformancePackName: name, ConformancePackArn: arnOf(region, name) })),
    };
  });
  /** The states DescribeConformancePackStatus reports next, one per call (the last one stays); empty: complete. */
  const states: Partial<ConformancePackStatusDetail>[] = [];
  mock.on(DescribeConformancePackStatusCommand).callsFake(async (input: { ConformancePackNames?: string[] }, getClient) => {
    const region = await regionOf(getClient);
    const next = states.length > 1 ? states.shift()! : (states[0] ?? { ConformancePackState: "CREATE_COMPLETE" });
    return {
      ConformancePackStatusDetails: (input.ConformancePackNames ?? [])
        .filter((name) => packs.has(`${region}/${name}`))
        .map((name) => ({
          ConformancePackName: name,
          ConformancePackId: "conformance-pack-abc123",
          ConformancePackArn: arnOf(region, name),
          StackArn: "arn:aws:cloudformation:stack",
          LastUpdateRequestedTime: new Date(0),
          LastUpdateCompletedTime: new Date(0),
          ...next,
        })),
    };
  });
  mock.on(DeleteConformancePackCommand).callsFake(async (input: { ConformancePackName: string }, getClient) => {
    const key = `${await regionOf(getClient)}/${input.ConformancePackName}`;
    if (!packs.delete(key)) throw new NoSuchConformancePackException({ message: "no such pack", $metadata: { httpStatusCode: 400 } });
    return {};
  });
  return { mock, packs, states };
}

describe("AccountConformancePack (real AssumeRole on moto, conformance pack calls mocked)", function () {
  this.timeout(60_000);
  let org: TestOrg;
  useMotoOrganization(1, (created) => (org = created));
  let stub: ReturnType<typeof stubPacks>;
  beforeEach(() => {
    clearSessionCache();
    stub = stubPacks();
  });
  afterEach(() => stub.mock.restore());

  function inputs(overrides: Partial<AccountConformancePackInputs> = {}): AccountConformancePackInputs {
    const m = org.members[0];
    return {
      accountId: m.id,
      region: "eu-west-1",
      roleArn: m.roleArn,
      conformancePackName: "aws-config-org-remediation",
      templateBody: TEMPLATE,
      ...overrides,
    };
  }

  it("creates the pack with the template inline, then an unchanged update makes no call at all", async () => {
    const { id, outs } = await provider.create(inputs({ conformancePackInputParameters: [{ ParameterName: "Retention", ParameterValue: "30" }] }));
    expect(id).to.equal(`${org.members[0].id}/eu-west-1/aws-config-org-remediation`);
    expect(outs).to.deep.include({
      adopted: false,
      conformancePackArn: "arn:aws:config:eu-west-1:210987654321:conformance-pack/aws-config-org-remediation/conformance-pack-abc123",
    });
    // The state holds the body once, in the inputs: the outputs keep its hash and rule names.
    expect(outs).to.not.have.property("templateBody");
    expect(outs).to.deep.include({ templateBodySha256: sha256(TEMPLATE), configRuleNames: ["s3-bucket-versioning-enabled"] });
    expect(stub.packs.get("eu-west-1/aws-config-org-remediation")).to.deep.equal({
      ConformancePackName: "aws-config-org-remediation",
      TemplateBody: TEMPLATE,
      ConformancePackInputParameters: [{ ParameterName: "Retention", ParameterValue: "30" }],
    });

    const olds = outs as AccountConformancePackOutputs;
    const same = { ...inputs({ conformancePackInputParameters: [{ ParameterName: "Retention", ParameterValue: "30" }] }) };
    expect(await provider.diff!(id, olds, same)).to.deep.include({ changes: false, replaces: [] });
    stub.mock.resetHistory();
    const rec = recordCalls();
    try {
      const { outs: after } = await provider.update!(id, olds, same);
      expect(after).to.deep.equal(olds);
    } finally {
      rec.stop();
    }
    expect(stub.mock.calls()).to.have.length(0);
    expect(rec.calls).to.deep.equal([]);
  });

  it("updates body and parameters in place with one PutConformancePack", async () => {
    const { id, outs } = await provider.create(inputs());
    const changed = inputs({
      templateBody: TEMPLATE.replace("s3-bucket-versioning-enabled", "s3-bucket-logging-enabled"),
      conformancePackInputParameters: [{ ParameterName: "A", ParameterValue: "b" }],
    });
    expect(await provider.diff!(id, outs as AccountConformancePackOutputs, changed)).to.deep.include({ changes: true, replaces: [] });
    stub.mock.resetHistory();
    await provider.update!(id, outs as AccountConformancePackOutputs, changed);
    expect(stub.mock.commandCalls(PutConformancePackCommand)).to.have.length(1);
    expect(stub.mock.commandCalls(DescribeConformancePackStatusCommand), "then waits for the outcome").to.have.length(1);
    expect(stub.mock.calls()).to.have.length(2);
    expect(stub.packs.get("eu-west-1/aws-config-org-remediation")?.TemplateBody).to.contain("s3-bucket-logging-enabled");
  });

  it("diffs state written before the hash by hashing its body: same body no change, new body an update that writes the hash", async () => {
    const { id, outs } = await provider.create(inputs());
    const { templateBodySha256, configRuleNames, ...rest } = outs as AccountConformancePackOutputs;
    expect(templateBodySha256).to.be.a("string");
    expect(configRuleNames).to.be.an("array");
    const oldState = { ...rest, templateBody: TEMPLATE } as AccountConformancePackOutputs;
    expect(await provider.diff!(id, oldState, inputs())).to.deep.include({ changes: false, replaces: [] });
    const changed = inputs({ templateBody: TEMPLATE.replace("s3-bucket-versioning-enabled", "s3-bucket-logging-enabled") });
    expect(await provider.diff!(id, oldState, changed)).to.deep.include({ changes: true, replaces: [] });
    stub.mock.resetHistory();
    const { outs: after } = await provider.update!(id, oldState, changed);
    expect(stub.mock.commandCalls(PutConformancePackCommand)).to.have.length(1);
    expect(after).to.not.have.property("templateBody");
    expect(after).to.deep.include({ templateBodySha256: sha256(changed.templateBody), configRuleNames: ["s3-bucket-logging-enabled"], adopted: false });
    // A new role alone on old state: no call, and the outputs move to the hash.
    stub.mock.resetHistory();
    const moved = await provider.update!(id, oldState, inputs({ externalId: "rotated" }));
    expect(stub.mock.calls()).to.have.length(0);
    expect(moved.outs).to.not.have.property("templateBody");
    expect(moved.outs).to.deep.include({ templateBodySha256: sha256(TEMPLATE), externalId: "rotated" });
    // Neither a stored hash nor a body (a damaged state): the pack is put again rather than assumed current.
    expect(await provider.diff!(id, rest as AccountConformancePackOutputs, inputs())).to.deep.include({ changes: true });
  });

  it("keeps the pack's arn and recorded body on read (AWS does not return the template)", async () => {
    const { id, outs } = await provider.create(inputs());
    const read = await provider.read!(id, outs as AccountConformancePackOutputs);
    expect(read).to.deep.equal({ id, props: outs });
  });

  describe("waits for AWS's outcome of create and update (DescribeConformancePackStatus)", () => {
    const saved = { ...PACK_WAIT };
    beforeEach(() => Object.assign(PACK_WAIT, { timeoutMs: 200, intervalMs: 5 }));
    afterEach(() => Object.assign(PACK_WAIT, saved));

    it("returns only once the pack is CREATE_COMPLETE", async () => {
      stub.states.push(
        { ConformancePackState: "CREATE_IN_PROGRESS" },
        { ConformancePackState: "CREATE_IN_PROGRESS" },
        { ConformancePackState: "CREATE_COMPLETE" },
      );
      await provider.create(inputs());
      expect(stub.mock.commandCalls(DescribeConformancePackStatusCommand)).to.have.length(3);
    });

    it("fails a create with AWS's reason, naming the pack, the account and the region", async () => {
      stub.states.push(
        { ConformancePackState: "CREATE_IN_PROGRESS" },
        { ConformancePackState: "CREATE_FAILED", ConformancePackStatusReason: "Rule s3-bucket-logging-enabled is not available in this region" },
      );
      const error = await provider.create(inputs()).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.contain("`aws-config-org-remediation`").and.contain(`account \`${org.members[0].id}\``).and.contain("region `eu-west-1`");
      expect(error?.message).to.contain("CREATE_FAILED: Rule s3-bucket-logging-enabled is not available in this region");
      expect((error as { hint?: string }).hint).to.contain("CloudFormation");
    });

    it("fails an update that AWS could not apply", async () => {
      const { id, outs } = await provider.create(inputs());
      stub.states.push({ ConformancePackState: "CREATE_FAILED", ConformancePackStatusReason: "Parameter A is invalid" });
      const changed = inputs({ conformancePackInputParameters: [{ ParameterName: "A", ParameterValue: "b" }] });
      const error = await provider.update!(id, outs as AccountConformancePackOutputs, changed).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).to.contain("CREATE_FAILED: Parameter A is invalid").and.contain("region `eu-west-1`");
    });

    it("gives up after the bound, saying which state the pack stayed in, never silently", async () => {
      stub.states.push({ ConformancePackState: "CREATE_IN_PROGRESS" });
      const started = Date.now();
      const error = await provider.create(inputs()).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(Date.now() - started).to.be.lessThan(2_000);
      expect(error?.message).to.contain("Timeout: still CREATE_IN_PROGRESS after 0 s").and.contain(`account \`${org.members[0].id}\``);
    });

    it("does not take an earlier completion for the update just put", () => {
      const requested = new Date("2026-12-07T10:00:00Z");
      expect(packOutcome({ state: "CREATE_COMPLETE", lastUpdateRequested: requested, lastUpdateCompleted: new Date("2026-12-07T09:00:00Z") })).to.equal(
        "pending",
      );
      expect(packOutcome({ state: "CREATE_COMPLETE", lastUpdateRequested: requested, lastUpdateCompleted: new Date("2026-12-07T10:01:00Z") })).to.equal("done");
      expect(packOutcome({ state: "DELETE_IN_PROGRESS" })).to.equal("failed");
      expect(packOutcome(undefined)).to.equal("pending");
    });
  });

  it("replaces on a new account, region or name", async () => {
    const { id, outs } = await provider.create(inputs());
    for (const change of [
      { region: "us-east-1" },
      { conformancePackName: "other" },
      { accountId: "111111111111", roleArn: "arn:aws:iam::111111111111:role/x" },
    ]) {
      const diff = await provider.diff!(id, outs as AccountConformancePackOutputs, inputs(change));
      expect(diff.changes, JSON.stringify(change)).to.equal(true);
      expect(diff.replaces, JSON.stringify(change)).to.include(Object.keys(change)[0]);
    }
  });

  it("adopts a pack of the same name that already exists, and says so", async () => {
    stub.packs.set("eu-west-1/aws-config-org-remediation", { ConformancePackName: "aws-config-org-remediation", TemplateBody: "Resources: {}" });
    const { outs } = await provider.create(inputs());
    expect(outs?.adopted).to.equal(true);
    expect(stub.packs.get("eu-west-1/aws-config-org-remediation")?.TemplateBody).to.equal(TEMPLATE);
  });

  it("deletes the pack; one already gone is fine", async () => {
    const { id, outs } = await provider.create(inputs());
    await provider.delete!(id, outs as AccountConformancePackOutputs);
    expect(stub.packs.size).to.equal(0);
    await provider.delete!(id, outs as AccountConformancePackOutputs);
    const read = await provider.read!(id, outs as AccountConformancePackOutputs);
    expect(read).to.deep.equal({});
  });

  it("check() refuses a bad name, an oversized body and bad parameters, all at once", async () => {
    const { failures } = await provider.check!(
      inputs(),
      inputs({
        conformancePackName: "9-starts-with-a-digit",
        templateBody: "x".repeat(51_201),
        conformancePackInputParameters: [{ ParameterName: "n".repeat(256), ParameterValue: "v" }],
        region: "nowhere",
      }),
    );
    expect(failures?.map((f) => f.property)).to.deep.equal(["region", "conformancePackName", "templateBody", "conformancePackInputParameters[0]"]);
    expect(failures?.find((f) => f.property === "templateBody")?.reason)
      .to.contain("51201 bytes")
      .and.contain("51200");
    const ok = await provider.check!(inputs(), inputs({ templateBody: "x".repeat(51_200) }));
    expect(ok.failures).to.deep.equal([]);
  });
});
