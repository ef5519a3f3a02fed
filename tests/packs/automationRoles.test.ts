import { expect } from "chai";

import { AutomationRoles } from "../../components/central/remediation";
import type { PackSelection } from "../../config/domain";
import { automationPermissionsPolicy, automationTrustPolicy, RUNBOOK_POLICY_NAME } from "../../packs";
import { testDeployment } from "./deploymentFixture";
import { promiseOf, recordResources, settled, type Registered } from "./pulumiMocks";

const ACCOUNT_ROLE = "pulumi-nodejs:dynamic/multiaccount:AccountRole";
const dataProtection: PackSelection = { name: "data-protection-baseline", parameters: {}, remediation: {} };
const networkAllOff: PackSelection = {
  name: "network-and-identity",
  parameters: {},
  remediation: { "restricted-ssh": "off", "guardduty-enabled-centralized": "off" },
};

describe("remediation: AutomationRoles under Pulumi mocks", () => {
  let registered: Registered[];

  before(async () => {
    registered = await recordResources();
  });

  it("creates the automation role in every in-scope account, as a child of the component", async () => {
    const deployment = testDeployment({ packs: [dataProtection, networkAllOff] });
    const component = new AutomationRoles("remediation", { deployment });
    await settled(Object.values(component.roles));

    expect(await promiseOf(component.urn)).to.contain("aws-config-org:remediation:AutomationRoles::remediation");
    expect(Object.keys(component.roles)).to.deep.equal(deployment.accounts.map((a) => a.id));
    for (const role of Object.values(component.roles)) {
      expect(await promiseOf(role.urn)).to.contain(`aws-config-org:remediation:AutomationRoles$${ACCOUNT_ROLE}::remediation-`);
    }
    expect(registered.filter((r) => r.type === ACCOUNT_ROLE && r.name.startsWith("remediation-"))).to.have.length(4);
  });

  it("passes each account's access and the least-privilege policies for the configured runbooks, manual ones included", async () => {
    const deployment = testDeployment({ packs: [dataProtection, networkAllOff] });
    const component = new AutomationRoles("inputs", { deployment });
    await settled(Object.values(component.roles));

    expect(component.runbooks).to.deep.equal(
      [
        "AWSConfigRemediation-ConfigureLambdaFunctionXRayTracing",
        "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
        "AWSConfigRemediation-ConfigureS3PublicAccessBlock",
        "AWSConfigRemediation-DisablePublicAccessToRDSInstance",
        "AWSConfigRemediation-EnableMultiAZOnRDSInstance",
        "AWSConfigRemediation-EnablePITRForDynamoDbTable",
        "AWSConfigRemediation-EnableRDSInstanceDeletionProtection",
        "AWSConfigRemediation-EncryptSNSTopic",
      ],
    );
    const byAccount = Object.fromEntries(registered.filter((r) => r.type === ACCOUNT_ROLE && r.name.startsWith("inputs-")).map((r) => [r.inputs.accountId, r.inputs]));
    const management = byAccount["123456789012"]!;
    expect(management).to.not.have.property("roleArn");
    const workload = byAccount["444444444444"]!;
    expect(workload).to.deep.include({
      accountId: "444444444444",
      roleArn: "arn:aws:iam::444444444444:role/AwsConfigOrgDeployment",
      externalId: "ext-444",
      roleName: "aws-config-org-remediation",
      path: "/aws-config-org/",
    });
    expect(JSON.parse(workload.assumeRolePolicy)).to.deep.equal(automationTrustPolicy("aws", "444444444444"));
    expect(Object.keys(workload.inlinePolicies)).to.deep.equal([RUNBOOK_POLICY_NAME]);
    expect(JSON.parse(workload.inlinePolicies[RUNBOOK_POLICY_NAME])).to.deep.equal(
      automationPermissionsPolicy(component.runbooks, "aws", "444444444444"),
    );
    // The network pack's remediations are all off: its runbooks are not granted.
    expect(workload.inlinePolicies[RUNBOOK_POLICY_NAME]).to.not.contain("RevokeSecurityGroupIngress");
  });

  it("creates no role when no remediation is configured", async () => {
    const component = new AutomationRoles("none", { deployment: testDeployment({ packs: [networkAllOff] }) });
    await promiseOf(component.urn);
    expect(component.roles).to.deep.equal({});
    expect(component.runbooks).to.deep.equal([]);
    expect(registered.filter((r) => r.name.startsWith("none-"))).to.deep.equal([]);
  });

  it("takes the packs from args over the deployment's, and refuses an invalid selection before creating anything", () => {
    const deployment = testDeployment({ packs: [dataProtection] });
    const only = new AutomationRoles("args", { deployment, packs: [networkAllOff] });
    expect(only.runbooks).to.deep.equal([]);
    expect(
      () => new AutomationRoles("invalid", { deployment, packs: [{ name: "approved-images", parameters: {}, remediation: {} }] }),
    ).to.throw(/pack `approved-images` cannot be rendered/);
  });
});
