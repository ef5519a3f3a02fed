import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { tamperProtectionArgsOf } from "../../../components/central/centralArgs";
import { TamperProtection } from "../../../components/central/tamperProtection";
import { deploymentFixture } from "./tamperFixtures";
import { buildTamperProtectionScp } from "../../../config/tamperProtectionScp";
import { parseSettings } from "../../../config/pipeline";
import type { DeploymentSources } from "../../../config/sources";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  provider?: string;
}

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("tamper protection: component under Pulumi mocks", () => {
  const registered: Registered[] = [];

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource(args: pulumi.runtime.MockResourceArgs) {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs, ...(args.provider ? { provider: args.provider } : {}) });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args: pulumi.runtime.MockCallArgs) {
          throw new Error(`unexpected invoke ${args.token}: tamper protection must not call AWS at plan time`);
        },
      },
      "aws-config-org",
      "test",
      false,
    );
  });

  function managementProvider(name: string): aws.Provider {
    return new aws.Provider(name, { region: "eu-west-1", allowedAccountIds: ["123456789012"] });
  }

  it("creates one SCP with the built document and one attachment per target, all through the management provider", async () => {
    const deployment = deploymentFixture();
    const provider = managementProvider("mgmt-a");
    const component = new TamperProtection("tamper", tamperProtectionArgsOf(deployment, provider));
    await promiseOf(component.policy!.id);
    await Promise.all(component.attachments.map((a) => promiseOf(a.id)));
    const providerUrn = await promiseOf(provider.urn);

    const policies = registered.filter((r) => r.type === "aws:organizations/policy:Policy" && r.name === "tamper-scp");
    expect(policies).to.have.length(1);
    const policy = policies[0];
    expect(policy.inputs.type).to.equal("SERVICE_CONTROL_POLICY");
    expect(policy.inputs.name).to.equal("aws-config-org-test-config-tamper-protection");
    expect(policy.inputs.content).to.equal(buildTamperProtectionScp({ partition: "aws", exemptRoleNames: ["AwsConfigOrgDeployment", "LegacyConfigDeployer"] }));
    expect(policy.provider).to.match(new RegExp(`^${providerUrn.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}::`));

    const attachments = registered.filter((r) => r.type === "aws:organizations/policyAttachment:PolicyAttachment" && r.name.startsWith("tamper-"));
    expect(attachments.map((a) => a.inputs.targetId)).to.deep.equal(["r-ab12", "ou-ab12-cdef3456"]);
    for (const a of attachments) {
      expect(a.inputs.policyId).to.equal("tamper-scp-id");
      expect(a.provider).to.equal(policy.provider);
    }
    expect(component.exemptRoleArnPatterns).to.deep.equal(["arn:aws:iam::*:role/AwsConfigOrgDeployment", "arn:aws:iam::*:role/LegacyConfigDeployer"]);
  });

  it("registers under the central type token", async () => {
    const component = new TamperProtection("tamper-token", tamperProtectionArgsOf(deploymentFixture(), managementProvider("mgmt-b")));
    const urn = await promiseOf(component.urn);
    expect(urn).to.contain("aws-config-org:central:TamperProtection::tamper-token");
  });

  it("adds extra exempt roles to the document", async () => {
    const component = new TamperProtection(
      "tamper-extra",
      tamperProtectionArgsOf(deploymentFixture({ accounts: [] }), managementProvider("mgmt-c"), ["AWSControlTowerExecution"]),
    );
    const content = await promiseOf(component.policy!.content);
    const doc = JSON.parse(content) as { Statement: { Condition: { ArnNotLike: Record<string, string[]> } }[] };
    expect(doc.Statement[0].Condition.ArnNotLike["aws:PrincipalARN"]).to.deep.equal([
      "arn:aws:iam::*:role/AwsConfigOrgDeployment",
      "arn:aws:iam::*:role/AWSControlTowerExecution",
    ]);
  });

  it("creates nothing when disabled", async () => {
    const before = registered.length;
    const component = new TamperProtection(
      "tamper-off",
      tamperProtectionArgsOf(deploymentFixture({ tamperProtection: { enabled: false, targets: [] } }), managementProvider("mgmt-d")),
    );
    await promiseOf(component.urn);
    expect(component.policy).to.equal(undefined);
    expect(component.attachments).to.deep.equal([]);
    const children = registered.slice(before).filter((r) => r.type.startsWith("aws:organizations/"));
    expect(children).to.deep.equal([]);
  });

  it("never sees bad settings: the config pipeline refuses them first, naming the stack and key", () => {
    // Components do not validate config (config/pipeline.ts does, before anything is declared).
    const sources: DeploymentSources = {
      project: "aws-config-org",
      stack: "test",
      config: {
        homeRegion: "us-east-1",
        regions: ["us-east-1"],
        organizationId: "o-abcd123456",
        managementAccountId: "123456789012",
        securityAccountId: "222222222222",
        accounts: "accounts/test.yaml",
        tamperProtection: { enabled: true, targets: ["o-abcd123456"] },
      },
      inventory: { path: "accounts/test.yaml", text: 'accounts: [{id: "123456789012"}, {id: "222222222222"}]' },
    };
    expect(() => parseSettings(sources)).to.throw(/stack `test`[\s\S]*`aws-config-org:tamperProtection.targets` has `o-abcd123456`/);
    expect(registered.filter((r) => r.name.startsWith("tamper-bad"))).to.deep.equal([]);
  });
});
