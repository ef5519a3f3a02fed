/**
 * The remediation policies against the real dev program under mocks: its shape passes,
 * and each mutation a pull request could make (an `Fn::Sub` role, another account's role,
 * a remediation back in an organization pack) gives exactly the expected violation.
 */
import { expect } from "chai";

import { buildPolicyConfig } from "../../policies/config";
import { evaluatePack, type PlannedResource } from "../../policies/evaluate";
import { organizationConformancePackNoRemediation, remediatedRuleNotInOrganizationPack, remediationAutomationRoleLiteralArn } from "../../policies/policies";
import { ACCOUNT_CONFORMANCE_PACK, ORGANIZATION_CONFORMANCE_PACK } from "../../policies/tokens";
import { describeViolations, expectExactly, mutate } from "./harness";
import { runProgram } from "../helpers/program";
import { describeDeployment } from "../../offline/policyVerdict";

const POLICIES = [organizationConformancePackNoRemediation, remediationAutomationRoleLiteralArn, remediatedRuleNotInOrganizationPack];

describe("policies: remediation (real dev program)", function () {
  this.timeout(120_000);
  let resources: PlannedResource[];
  let config: Record<string, unknown>;
  let accountPack: PlannedResource;
  const run = (r: readonly PlannedResource[]) => evaluatePack(r, config, POLICIES).violations;

  before(async () => {
    const program = await runProgram("dev");
    resources = [...program.resources];
    config = buildPolicyConfig(describeDeployment(program.deployment));
    accountPack = resources.find((r) => r.type === ACCOUNT_CONFORMANCE_PACK && r.inputs.accountId === "333333333333" && r.inputs.region === "eu-west-1")!;
  });

  it("passes the program, which has account packs with remediations and organization packs without", () => {
    const violations = run(resources);
    expect(violations, describeViolations(violations)).to.deep.equal([]);
    expect(accountPack, "no account remediation pack in the dev program").to.not.equal(undefined);
    expect(String(accountPack.inputs.templateBody)).to.contain("AWS::Config::RemediationConfiguration").and.contain("arn:aws:iam::333333333333:role/");
    const orgPacks = resources.filter((r) => r.type === ORGANIZATION_CONFORMANCE_PACK);
    expect(orgPacks).to.not.have.length(0);
    for (const p of orgPacks) expect(String(p.inputs.templateBody ?? ""), p.name).to.not.contain("RemediationConfiguration");
  });

  it("remediation-automation-role-literal-arn: an Fn::Sub role ARN is refused", () => {
    const mutated = mutate(
      resources,
      (r) => r.urn === accountPack.urn,
      (i) => {
        i.templateBody = String(i.templateBody).replace(
          /- arn:aws:iam::333333333333:role\/aws-config-org\/aws-config-org-remediation/,
          "- Fn::Sub: arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-config-org/aws-config-org-remediation",
        );
      },
    );
    expectExactly(run(mutated), {
      policy: "remediation-automation-role-literal-arn",
      mentions: ["333333333333/eu-west-1", "Fn::Sub", "exact ARN"],
      urn: accountPack.name,
    });
  });

  it("remediation-automation-role-literal-arn: another account's role is refused", () => {
    const mutated = mutate(
      resources,
      (r) => r.urn === accountPack.urn,
      (i) => {
        i.templateBody = String(i.templateBody).replace("arn:aws:iam::333333333333:role/", "arn:aws:iam::222222222222:role/");
      },
    );
    expectExactly(run(mutated), {
      policy: "remediation-automation-role-literal-arn",
      mentions: ["`arn:aws:iam::222222222222:role/aws-config-org/aws-config-org-remediation`", "account 333333333333"],
    });
  });

  it("organization-conformance-pack-no-remediation: a RemediationConfiguration in an organization pack is refused", () => {
    const target = resources.find((r) => r.type === ORGANIZATION_CONFORMANCE_PACK && typeof r.inputs.templateBody === "string")!;
    const mutated = mutate(
      resources,
      (r) => r.urn === target.urn,
      (i) => {
        i.templateBody =
          String(i.templateBody) +
          "  Fix:\n    Type: AWS::Config::RemediationConfiguration\n    Properties:\n      ConfigRuleName: x\n      TargetType: SSM_DOCUMENT\n      TargetId: AWS-Doc\n";
      },
    );
    expectExactly(run(mutated), {
      policy: "organization-conformance-pack-no-remediation",
      mentions: ["1 AWS::Config::RemediationConfiguration", "Fix", "literal ARN"],
      urn: target.name,
    });
  });

  it("remediated-rule-not-in-organization-pack: a remediated rule also in an organization pack of the region is refused", () => {
    const target = resources.find(
      (r) => r.type === ORGANIZATION_CONFORMANCE_PACK && r.inputs.region === "eu-west-1" && typeof r.inputs.templateBody === "string",
    )!;
    const accountRule = /ConfigRuleName: ([a-z0-9-]+)/.exec(String(accountPack.inputs.templateBody))![1]!;
    const mutated = mutate(
      resources,
      (r) => r.urn === target.urn,
      (i) => {
        i.templateBody =
          String(i.templateBody) +
          `  Again:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      ConfigRuleName: ${accountRule}\n      Source:\n        Owner: AWS\n        SourceIdentifier: X\n`;
      },
    );
    const violations = run(mutated).filter((v) => v.policy === "remediated-rule-not-in-organization-pack");
    // Every account's pack in eu-west-1 holds the rule: one violation each, naming the rule and the organization pack.
    expect(violations.length, describeViolations(violations)).to.be.greaterThan(0);
    expect(
      violations.every(
        (v) => v.message.includes(`\`${accountRule}\` (also in organization pack \`${String(target.inputs.name)}\`)`) && v.message.includes("/eu-west-1"),
      ),
    ).to.equal(true);
    expect(violations.some((v) => (v.urn ?? "").includes(accountPack.name))).to.equal(true);
  });

  it("remediated-rule-not-in-organization-pack: an unchanged account pack is read from the rule names its outputs keep beside the body's hash", () => {
    const target = resources.find(
      (r) => r.type === ORGANIZATION_CONFORMANCE_PACK && r.inputs.region === "eu-west-1" && typeof r.inputs.templateBody === "string",
    )!;
    const accountRule = /ConfigRuleName: ([a-z0-9-]+)/.exec(String(accountPack.inputs.templateBody))![1]!;
    const hashed = mutate(
      resources,
      (r) => r.urn === accountPack.urn,
      (i) => {
        delete i.templateBody;
        i.templateBodySha256 = "0".repeat(64);
        i.configRuleNames = [accountRule];
      },
    );
    expect(
      run(hashed).filter((v) => v.policy === "remediated-rule-not-in-organization-pack"),
      "the hashed form alone is no violation",
    ).to.deep.equal([]);
    const mutated = mutate(
      hashed,
      (r) => r.urn === target.urn,
      (i) => {
        i.templateBody =
          String(i.templateBody) +
          `  Again:\n    Type: AWS::Config::ConfigRule\n    Properties:\n      ConfigRuleName: ${accountRule}\n      Source:\n        Owner: AWS\n        SourceIdentifier: X\n`;
      },
    );
    const violations = run(mutated).filter((v) => v.policy === "remediated-rule-not-in-organization-pack" && (v.urn ?? "").includes(accountPack.name));
    expect(violations, describeViolations(violations)).to.have.length(1);
    expect(violations[0]!.message).to.contain(`\`${accountRule}\` (also in organization pack \`${String(target.inputs.name)}\`)`);
  });
});
