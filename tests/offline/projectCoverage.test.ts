import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";
import * as YAML from "yaml";

import { renderShards } from "../../commands/plan";
import { hashShardOf } from "../../config/shard";
import { projectCoverage } from "../../offline/projectCoverage";
import { policyVerdict } from "../../offline/policyVerdict";
import { syntheticOrganization, type SyntheticOrganization } from "../../offline/syntheticOrganization";
import { TYPES } from "../../offline/planModel";
import { runProgram } from "../helpers/program";

/** A throwaway project: Pulumi.yaml and one Pulumi.<stack>.yaml per shard, all on one inventory. */
function shardedProject(org: SyntheticOrganization, shards: Record<string, Record<string, unknown>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sharded-project-"));
  fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: aws-config-org\nruntime: nodejs\n");
  for (const [stack, extra] of Object.entries(shards)) {
    fs.writeFileSync(path.join(root, `Pulumi.${stack}.yaml`), YAML.stringify({ config: { ...org.config, ...extra } }));
  }
  return root;
}

describe("shards across a project", () => {
  let org: SyntheticOrganization;
  const roots: string[] = [];
  before(() => {
    org = syntheticOrganization(60, 2);
  });
  after(() => {
    org.cleanup();
    roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true }));
  });

  it("confirms that hash shards take every account exactly once, with one central owner", () => {
    const root = shardedProject(org, {
      "org-1": { "aws-config-org:shard": { index: 1, count: 3 }, "aws-config-org:ownsCentral": true },
      "org-2": { "aws-config-org:shard": { index: 2, count: 3 } },
      "org-3": { "aws-config-org:shard": { index: 3, count: 3 } },
    });
    roots.push(root);
    const c = projectCoverage("org-2", root);
    expect(c.ok, JSON.stringify(c)).to.equal(true);
    expect(c.stacks.map((s) => s.stack)).to.deep.equal(["org-1", "org-2", "org-3"]);
    const inScope = org.accountIds.length - org.excludedIds.length;
    expect(c.stacks.reduce((n, s) => n + s.accounts, 0)).to.equal(inScope);
    expect(renderShards(c)).to.include("every account is taken by exactly one stack").and.include("org-1: hash shard 1 of 3");
  });

  it("names accounts no shard takes, accounts two shards take, and a missing central owner", () => {
    const first = org.accountIds.find((id, i) => i > 3 && !org.excludedIds.includes(id))!;
    const root = shardedProject(org, {
      a: { "aws-config-org:shard": { index: 1, count: 2 } },
      b: { "aws-config-org:shard": { accountIds: [first] } },
    });
    roots.push(root);
    const c = projectCoverage("a", root);
    expect(c.ok).to.equal(false);
    const expectedUnassigned = org.accountIds.filter((id) => !org.excludedIds.includes(id) && hashShardOf(id, 2) === 2 && id !== first);
    expect([...c.unassigned].sort()).to.deep.equal(expectedUnassigned.sort());
    if (hashShardOf(first, 2) === 1) expect(c.duplicated).to.deep.equal([{ accountId: first, stacks: ["a", "b"] }]);
    expect(c.centralOwnership.join()).to.include("no stack owns the central component");
    const text = renderShards(c);
    expect(text).to.include("taken by no stack").and.include("set `ownsCentral: true`");
  });

  it("builds only the shard's recorders and no central component in a stack that does not own it, and the pack agrees", async () => {
    const config = { ...org.config, "aws-config-org:shard": { index: 2, count: 2 } };
    const run = await runProgram("shard-2", { config, configOnly: true });
    const recorders = run.resources.filter((r) => r.type === TYPES.recorder);
    const accounts = new Set(recorders.map((r) => String(r.inputs.accountId)));
    expect([...accounts].every((id) => hashShardOf(id, 2) === 2)).to.equal(true);
    expect(accounts.size).to.equal(run.deployment.accounts.length);
    expect(run.resources.filter((r) => r.type === "aws:cfg/configurationAggregator:ConfigurationAggregator")).to.deep.equal([]);
    expect(run.resources.filter((r) => r.type === TYPES.awsProvider)).to.deep.equal([]);
    // Channels still point at the owner stack's bucket and topics, by their deterministic names.
    for (const r of recorders) expect((r.inputs.deliveryChannel as { s3BucketName: string }).s3BucketName).to.equal(run.deployment.delivery.bucketName);
    const verdict = policyVerdict(run.deployment, run.resources);
    expect(verdict.mandatoryViolations, JSON.stringify(verdict.violations)).to.equal(0);
  });

  it("excludes from the owner's packs an account of another shard that skips a region, and exempts that shard's role", async () => {
    const ids = ["100000000000", "100000000001", "100000000002", "100000000003", "100000000004", "100000000005", "100000000006", "100000000007"];
    const elsewhere = ids.slice(3).find((id) => hashShardOf(id, 2) === 2)!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shard-scope-"));
    roots.push(dir);
    const inventory = path.join(dir, "inventory.yaml");
    fs.writeFileSync(
      inventory,
      YAML.stringify({ accounts: ids.map((id) => (id === elsewhere ? { id, regions: ["us-east-1"], roleName: "InvitedDeployer" } : { id })) }),
    );
    const config = {
      ...org.config,
      "aws-config-org:accounts": inventory,
      "aws-config-org:shard": { index: 1, count: 2 },
      "aws-config-org:ownsCentral": true,
      "aws-config-org:tamperProtection": { enabled: true, targets: ["r-ab12"] },
    };
    const run = await runProgram("owner", { config, configOnly: true });
    expect(run.deployment.accounts.map((a) => a.id)).to.not.include(elsewhere);
    const secondRegion = org.regions[1]!;
    const packs = run.resources.filter((r) => r.type === TYPES.pack);
    expect(packs.filter((p) => p.inputs.region === secondRegion).every((p) => (p.inputs.excludedAccounts as string[]).includes(elsewhere))).to.equal(true);
    expect(
      packs.filter((p) => p.inputs.region === "us-east-1").some((p) => ((p.inputs.excludedAccounts as string[] | undefined) ?? []).includes(elsewhere)),
    ).to.equal(false);
    const scp = run.resources.find((r) => r.type === "aws:organizations/policy:Policy")!;
    expect(String(scp.inputs.content)).to.include("role/InvitedDeployer");
  });

  it("plans a stack beside a broken one, with a warning that names the other stack's file and its problems", () => {
    const root = shardedProject(org, { dev: {} });
    roots.push(root);
    fs.writeFileSync(path.join(root, "Pulumi.bad.yaml"), YAML.stringify({ config: { ...org.config, "aws-config-org:homeRegion": "eu-nowhere-1" } }));
    fs.writeFileSync(path.join(root, "Pulumi.worse.yaml"), "config:\n  aws-config-org:regions: [us-east-1\n");
    const c = projectCoverage("dev", root);
    expect(c.ok, JSON.stringify(c)).to.equal(true);
    expect(c.stacks.map((s) => s.stack)).to.deep.equal(["dev"]);
    expect(c.warnings).to.have.length(2);
    expect(c.warnings[0]).to.include("Pulumi.bad.yaml (another stack of this project) cannot be read").and.include("`eu-nowhere-1`");
    expect(c.warnings[1]).to.include("Pulumi.worse.yaml").and.include("is not valid YAML");
    expect(renderShards(c)).to.include("warning: Pulumi.bad.yaml");
  });

  it("lists the stacks that exist when --stack names none of them", () => {
    const root = shardedProject(org, { dev: {}, prod: {} });
    roots.push(root);
    expect(() => projectCoverage("doesnotexist", root)).to.throw("the stacks are `dev`, `prod`");
  });
});
