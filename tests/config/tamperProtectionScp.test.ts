import { expect } from "chai";

import { deploymentFixture } from "../components/central/tamperFixtures";
import {
  EXEMPT_ROLE_GUARDED_ACTIONS,
  SCP_MAX_CHARACTERS,
  TAMPER_PROTECTED_ACTIONS,
  buildTamperProtectionScp,
  exemptRoleNamesOf,
  validateTamperProtection,
} from "../../config/tamperProtectionScp";

interface ScpStatement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string | string[];
  Condition: Record<string, Record<string, string[]>>;
}

function statementsOf(json: string): ScpStatement[] {
  const doc = JSON.parse(json) as { Version: string; Statement: ScpStatement[] };
  expect(doc.Version).to.equal("2012-10-17");
  expect(doc.Statement).to.have.length(2);
  return doc.Statement;
}

/** The Config deny. */
function statementOf(json: string): ScpStatement {
  return statementsOf(json)[0]!;
}

describe("tamper protection: the SCP document", () => {
  const json = buildTamperProtectionScp({ partition: "aws", exemptRoleNames: ["AwsConfigOrgDeployment"] });

  it("denies every action of Control Tower's GRCONFIGENABLED, plus in-place recording-group edits", () => {
    const statement = statementOf(json);
    expect(statement.Effect).to.equal("Deny");
    expect(statement.Resource).to.equal("*");
    // AWS-GR_CONFIG_CHANGE_PROHIBITED, verbatim action list.
    const controlTower = [
      "config:DeleteConfigurationRecorder",
      "config:DeleteDeliveryChannel",
      "config:DeleteRetentionConfiguration",
      "config:PutConfigurationRecorder",
      "config:PutDeliveryChannel",
      "config:PutRetentionConfiguration",
      "config:StopConfigurationRecorder",
    ];
    expect(statement.Action).to.include.members(controlTower);
    expect(statement.Action).to.include.members(["config:AssociateResourceTypes", "config:DisassociateResourceTypes"]);
    expect(statement.Action).to.have.length(controlTower.length + 2);
    expect(statement.Action).to.deep.equal([...TAMPER_PROTECTED_ACTIONS]);
  });

  it("uses no wildcard action and leaves starting a recorder and rules alone", () => {
    const { Action } = statementOf(json);
    for (const action of Action) expect(action, action).to.match(/^config:[A-Za-z]+$/);
    expect(Action).to.not.include.members(["config:StartConfigurationRecorder"]);
    expect(Action.filter((a) => /Rule|Evaluation|ServiceLinked/.test(a))).to.deep.equal([]);
  });

  it("exempts exactly the deployment role, in any account, by principal ARN", () => {
    const { Condition } = statementOf(json);
    expect(Condition).to.deep.equal({
      ArnNotLike: { "aws:PrincipalARN": ["arn:aws:iam::*:role/AwsConfigOrgDeployment"] },
    });
  });

  it("guards the exempt roles themselves: their IAM changes are denied to everyone but those roles", () => {
    const names = ["AwsConfigOrgDeployment", "ops/Deployer"];
    const [, guard] = statementsOf(buildTamperProtectionScp({ partition: "aws", exemptRoleNames: names }));
    const arns = ["arn:aws:iam::*:role/AwsConfigOrgDeployment", "arn:aws:iam::*:role/ops/Deployer"];
    expect(guard!.Effect).to.equal("Deny");
    // Control Tower's GRIAMROLEPOLICY actions that can create, re-trust, re-permission or remove a role.
    expect(guard!.Action).to.have.members([
      "iam:CreateRole",
      "iam:UpdateAssumeRolePolicy",
      "iam:PutRolePolicy",
      "iam:AttachRolePolicy",
      "iam:DetachRolePolicy",
      "iam:DeleteRolePolicy",
      "iam:DeleteRole",
      "iam:UpdateRole",
    ]);
    expect(guard!.Action).to.deep.equal([...EXEMPT_ROLE_GUARDED_ACTIONS]);
    expect(guard!.Resource).to.deep.equal(arns);
    expect(guard!.Condition).to.deep.equal({ ArnNotLike: { "aws:PrincipalARN": arns } });
  });

  it("follows the partition", () => {
    const gov = statementOf(buildTamperProtectionScp({ partition: "aws-us-gov", exemptRoleNames: ["Deployer"] }));
    expect(gov.Condition.ArnNotLike["aws:PrincipalARN"]).to.deep.equal(["arn:aws-us-gov:iam::*:role/Deployer"]);
  });

  it("stays well under the Organizations size limit, minified", () => {
    expect(json.length).to.be.lessThan(SCP_MAX_CHARACTERS);
    expect(json).to.not.match(/\s/);
    const tenRoles = Array.from({ length: 10 }, (_, i) => `AwsConfigOrgDeploymentRole${i}`);
    expect(buildTamperProtectionScp({ partition: "aws", exemptRoleNames: tenRoles }).length).to.be.lessThan(SCP_MAX_CHARACTERS);
  });

  it("refuses a document over the limit, saying how to shrink it", () => {
    const many = Array.from({ length: 120 }, (_, i) => `a-rather-long-deployment-role-name-number-${i}`);
    expect(() => buildTamperProtectionScp({ partition: "aws", exemptRoleNames: many })).to.throw(/over the 5120 limit.*exempt fewer roles \(120 now\)/);
  });

  it("refuses role names that would widen the exemption, and an empty exemption", () => {
    expect(() => buildTamperProtectionScp({ partition: "aws", exemptRoleNames: ["*"] })).to.throw(/`\*` is not an IAM role name/);
    expect(() => buildTamperProtectionScp({ partition: "aws", exemptRoleNames: ["Deploy*"] })).to.throw(/not an IAM role name/);
    expect(() => buildTamperProtectionScp({ partition: "aws", exemptRoleNames: [] })).to.throw(/no exempt role/);
    expect(buildTamperProtectionScp({ partition: "aws", exemptRoleNames: ["ops/Deployer"] })).to.contain("role/ops/Deployer");
  });
});

describe("tamper protection: exempt roles and settings", () => {
  it("exempts the deployment role, then per-account overrides, then extras, each once", () => {
    expect(exemptRoleNamesOf(deploymentFixture(), ["AWSControlTowerExecution", "AwsConfigOrgDeployment"])).to.deep.equal([
      "AwsConfigOrgDeployment",
      "LegacyConfigDeployer",
      "AWSControlTowerExecution",
    ]);
  });

  it("accepts roots and OUs, and nothing when disabled", () => {
    expect(validateTamperProtection({ enabled: true, targets: ["r-ab12", "ou-ab12-cdef3456"] })).to.deep.equal([]);
    expect(validateTamperProtection({ enabled: false, targets: ["not-a-target"] })).to.deep.equal([]);
  });

  it("names the key and the fix for missing, malformed and repeated targets", () => {
    expect(validateTamperProtection({ enabled: true, targets: [] }, "aws-config-org:tamperProtection")).to.deep.equal([
      "`aws-config-org:tamperProtection` is enabled without `targets`: list the root (`r-…`) or OU (`ou-…`) ids to attach the SCP to",
    ]);
    const problems = validateTamperProtection({ enabled: true, targets: ["123456789012", "r-ab12", "r-ab12"] });
    expect(problems).to.have.length(2);
    expect(problems[0]).to.contain("`123456789012`").and.contain("root id");
    expect(problems[1]).to.contain("`r-ab12` more than once");
  });
});
