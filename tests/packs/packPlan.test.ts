/**
 * The pack plan (packs/packPlan.ts): computed once by the pipeline; each account's remediation
 * pack is the plan's body for the region with the account's id put in, which must be exactly
 * what rendering the pack for that account and cutting it to the region gives.
 */
import { expect } from "chai";

import type { Deployment } from "../../config/domain";
import { loadStackDeployment } from "../../config/pipeline";
import { renderAccountRemediationPack } from "../../packs/accountPack";
import { managedRuleCatalog } from "../../packs/catalog/managedRuleCatalog";
import { accountRemediationBody, planPacks } from "../../packs/packPlan";
import { builtInForRegion } from "../../packs/regionalPacks";
import { testDeployment } from "./deploymentFixture";

const FIXTURES = "tests/fixtures/templates";
const LOGGING_ACTIONS = ["s3:GetBucketAcl", "s3:GetBucketLogging", "s3:PutBucketAcl", "s3:PutBucketLogging"];
const ACCOUNTS = ["123456789012", "444455556666", "000000000000", "999999999999", "000000000001"];

/** The carried template (its remediation may run as an allowed role of the account's own) beside dev's built-in packs. */
function carried(): Record<string, unknown> {
  return {
    name: "s3-with-remediation",
    template: `${FIXTURES}/with-remediation-carried.yaml`,
    parameters: { LogBucketName: "central-access-logs", ExcludedPublicBuckets: "www.example.com" },
    allowedRemediationRoles: ["OrgRemediation"],
    runbookPermissions: { "AWS-ConfigureS3BucketLogging": LOGGING_ACTIONS },
  };
}

async function load(packs: unknown[], regions = ["us-east-1", "eu-west-1", "mx-central-1"]): Promise<Deployment> {
  return loadStackDeployment("dev", { overrides: { "aws-config-org:packs": packs, "aws-config-org:regions": regions } });
}

/** What rendering for one account and cutting to one region gives: what the plan's substitution must equal. */
function renderedFor(deployment: Deployment, accountId: string, region: string): string | undefined {
  const pack = renderAccountRemediationPack(deployment.packs, { deployment }, { accountId, partition: deployment.partition, project: deployment.project });
  const cut = pack ? builtInForRegion(pack, region, managedRuleCatalog()) : undefined;
  return cut && !cut.empty ? cut.body : undefined;
}

function expectSameAsRendered(deployment: Deployment): void {
  const plan = deployment.packPlan.accountRemediation!;
  expect(plan, "an account remediation plan").to.not.equal(undefined);
  for (const region of deployment.regions.map((r) => r.name)) {
    for (const accountId of ACCOUNTS) {
      expect(accountRemediationBody(plan, region, accountId), `${accountId} in ${region}`).to.equal(renderedFor(deployment, accountId, region));
    }
  }
}

describe("packs: the pack plan", function () {
  this.timeout(60_000);

  it("gives each account the body rendering for it would, built-in and template remediations alike, in every region", async () => {
    const deployment = await load([{ name: "data-protection-baseline" }, carried()]);
    expect(deployment.packPlan.problems).to.deep.equal([]);
    expectSameAsRendered(deployment);
    // The account's own id is in it (the literal role ARNs), the placeholder is not.
    const body = accountRemediationBody(deployment.packPlan.accountRemediation!, "us-east-1", "444455556666")!;
    expect(body).to.contain("arn:aws:iam::444455556666:role/aws-config-org/aws-config-org-remediation");
    expect(body).to.contain("arn:aws:iam::444455556666:role/security/OrgRemediation");
    expect(body).to.not.contain(deployment.packPlan.accountRemediation!.accountIdSlot);
  });

  it("takes another placeholder id when a template's values hold the first, and still gives the rendered body", async () => {
    // A bucket name that happens to hold the first placeholder id: the account pack carries it, and it must stay as written.
    const deployment = await load([
      { name: "data-protection-baseline" },
      { ...carried(), parameters: { LogBucketName: "logs-000000000000", ExcludedPublicBuckets: "www.example.com" } },
    ]);
    expect(deployment.packPlan.accountRemediation!.accountIdSlot).to.not.equal("000000000000");
    expectSameAsRendered(deployment);
    expect(accountRemediationBody(deployment.packPlan.accountRemediation!, "us-east-1", "444455556666")).to.contain("logs-000000000000");
  });

  it("holds the organization packs per region with what each leaves out, and no remediation pack when nothing is remediated", () => {
    const networkAllOff = {
      name: "network-and-identity",
      parameters: {},
      remediation: { "restricted-ssh": "off" as const, "guardduty-enabled-centralized": "off" as const },
    };
    const plan = planPacks({ ...testDeployment({ packs: [networkAllOff] }), regions: [{ name: "us-east-1" }, { name: "mx-central-1" }] });
    expect(plan.accountRemediation).to.equal(undefined);
    expect(plan.automation.runbooks).to.deep.equal([]);
    expect(plan.organizationPackNames).to.deep.equal(["network-and-identity"]);
    const here = plan.organizationPacks["us-east-1"]![0]!;
    const mexico = plan.organizationPacks["mx-central-1"]![0]!;
    expect(here.leftOut).to.deep.equal([]);
    expect(mexico.leftOut.length).to.be.above(0);
    expect(mexico.leftOut.every((l) => l.reason === "not-available")).to.equal(true);
    expect(mexico.ruleCount).to.equal(here.ruleCount - mexico.leftOut.length);
  });

  it("reports what cannot be planned instead of throwing: a selection that cannot render, once", () => {
    const plan = planPacks(testDeployment({ packs: [{ name: "approved-images", parameters: {}, remediation: {} }] }));
    expect(plan.problems).to.have.length(1);
    expect(plan.problems[0]).to.match(/pack `approved-images` cannot be rendered/);
  });
});
