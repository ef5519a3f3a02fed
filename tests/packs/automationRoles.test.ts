import { expect } from "chai";

import { automationRoleArgs } from "../../components/central/remediation";
import { automationRolePlan } from "../../packs/automationRunbooks";
import { automationPermissionsPolicy, automationTrustPolicy, RUNBOOK_POLICY_NAME } from "../../packs";
import { ofType, runProgram, type TestRun } from "../helpers/program";
import { testDeployment } from "./deploymentFixture";
import { ACCOUNT_CONFORMANCE_PACK, ACCOUNT_ROLE } from "../../policies/tokens";
import type { PackSelection } from "../../packs/choices";

const dataProtection: PackSelection = { name: "data-protection-baseline", parameters: {}, remediation: {} };
const networkAllOff: PackSelection = {
  name: "network-and-identity",
  parameters: {},
  remediation: { "restricted-ssh": "off", "guardduty-enabled-centralized": "off" },
};

describe("remediation: the automation role", () => {
  it("grants exactly the runbooks the packs configure, manual ones included, with each account's access", () => {
    const deployment = testDeployment({ packs: [dataProtection, networkAllOff] });
    const plan = deployment.packPlan.automation;
    expect(plan.runbooks).to.deep.equal([
      "AWSConfigRemediation-ConfigureLambdaFunctionXRayTracing",
      "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
      "AWSConfigRemediation-ConfigureS3PublicAccessBlock",
      "AWSConfigRemediation-DisablePublicAccessToRDSInstance",
      "AWSConfigRemediation-EnableMultiAZOnRDSInstance",
      "AWSConfigRemediation-EnablePITRForDynamoDbTable",
      "AWSConfigRemediation-EnableRDSInstanceDeletionProtection",
      "AWSConfigRemediation-EncryptSNSTopic",
    ]);
    const management = automationRoleArgs(
      deployment,
      deployment.accounts.find((a) => a.id === "123456789012")!,
      plan,
    );
    expect(management).to.not.have.property("roleArn");
    const workload = automationRoleArgs(
      deployment,
      deployment.accounts.find((a) => a.id === "444444444444")!,
      plan,
    );
    expect(workload).to.deep.include({
      accountId: "444444444444",
      roleArn: "arn:aws:iam::444444444444:role/AwsConfigOrgDeployment",
      externalId: "ext-444",
      roleName: "aws-config-org-remediation",
      path: "/aws-config-org/",
    });
    expect(JSON.parse(workload.assumeRolePolicy as string)).to.deep.equal(automationTrustPolicy("aws", "444444444444"));
    const inline = workload.inlinePolicies as Record<string, string>;
    expect(Object.keys(inline)).to.deep.equal([RUNBOOK_POLICY_NAME]);
    expect(JSON.parse(inline[RUNBOOK_POLICY_NAME]!)).to.deep.equal(automationPermissionsPolicy(plan.runbooks, "aws", "444444444444"));
    // The network pack's remediations are all off: its runbooks are not granted.
    expect(inline[RUNBOOK_POLICY_NAME]).to.not.contain("RevokeSecurityGroupIngress");
  });

  it("needs no role when no remediation is configured, and refuses a selection that cannot render", () => {
    expect(testDeployment({ packs: [networkAllOff] }).packPlan.automation.runbooks).to.deep.equal([]);
    const deployment = testDeployment({ packs: [dataProtection] });
    expect(() => automationRolePlan({ deployment: { ...deployment, packs: [{ name: "approved-images", parameters: {}, remediation: {} }] } })).to.throw(
      /pack `approved-images` cannot be rendered/,
    );
  });

  describe("in the real program (dev stack)", () => {
    let run: TestRun;
    before(async () => {
      run = await runProgram("dev");
    });

    it("creates the role in every in-scope account, as a child of that account's component", () => {
      const roles = ofType(run.resources, ACCOUNT_ROLE).filter((r) => r.name.startsWith("automation-role-"));
      expect(roles.map((r) => r.inputs.accountId).sort()).to.deep.equal(run.deployment.accounts.map((a) => a.id).sort());
      const components = new Map(run.resources.filter((r) => !r.custom).map((c) => [c.urn, c]));
      for (const r of roles) expect(components.get(r.parent!)!.type).to.equal("aws-config-org:account:Account");
    });

    it("deploys each account's remediation pack only after that account's automation role exists", () => {
      const roleOf = new Map(
        ofType(run.resources, ACCOUNT_ROLE)
          .filter((r) => r.name.startsWith("automation-role-"))
          .map((r) => [String(r.inputs.accountId), r.urn]),
      );
      const packs = ofType(run.resources, ACCOUNT_CONFORMANCE_PACK);
      expect(packs).to.not.have.length(0);
      for (const pack of packs) expect(pack.dependsOn, pack.name).to.include(roleOf.get(String(pack.inputs.accountId)));
    });
  });
});
