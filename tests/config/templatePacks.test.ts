/**
 * Template packs through the whole config pipeline: the sources step reads the file a
 * `packs[i].template` names, the meaning step reports every problem at once naming the
 * pack, the file and the line, and the deployment carries the parsed pack.
 */
import { expect } from "chai";

import { ConfigError } from "../../config/errors";
import { loadStackDeployment, parseStack } from "../../config/pipeline";

const FIXTURES = "tests/fixtures/templates";

/** Dev's config with these `packs:` (and optionally regions). */
function overrides(packs: unknown[], regions?: string[]): Record<string, unknown> {
  return { "aws-config-org:packs": packs, ...(regions ? { "aws-config-org:regions": regions } : {}) };
}

function problemsOf(packs: unknown[], regions?: string[]): string[] {
  try {
    parseStack("dev", { overrides: overrides(packs, regions) });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
}

describe("config: template packs (packs[i].template)", () => {
  it("carries a valid template pack, beside a built-in one, with the user's parameter values", async () => {
    const deployment = await loadStackDeployment("dev", {
      overrides: overrides([
        { name: "network-and-identity" },
        { name: "baseline", template: `${FIXTURES}/baseline-with-defaults.yaml`, parameters: { AccessKeysRotatedParamMaxAccessKeyAge: 45 } },
      ]),
    });
    expect(deployment.packs.map((p) => p.name)).to.deep.equal(["network-and-identity"]);
    expect(deployment.templatePacks.map((t) => [t.kind, t.name, t.file])).to.deep.equal([["template", "baseline", `${FIXTURES}/baseline-with-defaults.yaml`]]);
    const pack = deployment.templatePacks[0]!.pack;
    expect(pack.rules.map((r) => r.configRuleName)).to.include("access-keys-rotated");
    expect(pack.inputParameters).to.deep.include({ parameterName: "AccessKeysRotatedParamMaxAccessKeyAge", parameterValue: "45" });
  });

  it("names the key and the path of a template file that cannot be read", () => {
    const problems = problemsOf([{ name: "cis", template: "conformance-packs/missing.yaml" }]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include("`aws-config-org:packs[0].template`").and.include("conformance-packs/missing.yaml").and.include("no such file");
  });

  it("reports every problem of several packs at once, each naming the pack, the file and the line", () => {
    const problems = problemsOf([
      { name: "several", template: `${FIXTURES}/invalid-several.yaml` },
      { name: "not-yaml", template: `${FIXTURES}/invalid-not-yaml.yaml` },
      { name: "baseline", template: `${FIXTURES}/baseline-with-defaults.yaml`, parameters: { NoSuchParameter: "1" } },
      { name: "baseline", template: `${FIXTURES}/baseline-with-defaults.yaml` },
      { name: "network-and-identity", allowedRemediationRoles: ["SomeRole"] },
      { name: "several", template: `${FIXTURES}/baseline-with-defaults.yaml` },
    ]);
    const text = problems.join("\n");
    // invalid-several.yaml: a foreign resource, an unknown identifier, a placeholder, an undefined condition.
    const several = problems.filter((p) => p.includes("pack `several` (tests/fixtures/templates/invalid-several.yaml, line "));
    expect(several.length, text).to.be.at.least(4);
    expect(text).to.include("AWS::SNS::Topic");
    expect(
      problems.some((p) => p.includes("pack `not-yaml` (tests/fixtures/templates/invalid-not-yaml.yaml, line ") && p.includes("not valid YAML")),
      text,
    ).to.equal(true);
    expect(
      problems.some((p) => p.includes("packs[2]") && p.includes("NoSuchParameter") && p.includes("AccessKeysRotatedParamMaxAccessKeyAge")),
      text,
    ).to.equal(true);
    expect(
      problems.some((p) => p.includes("packs[3].name") && p.includes("already declared at `packs[2]`")),
      text,
    ).to.equal(true);
    expect(
      problems.some((p) => p.includes("packs[4].allowedRemediationRoles") && p.includes("only a template pack")),
      text,
    ).to.equal(true);
    expect(
      problems.some((p) => p.includes("packs[5].name") && p.includes("already declared at `packs[0]`")),
      text,
    ).to.equal(true);
  });

  it("takes only `off` as a template pack's remediation override, for a rule the template remediates", () => {
    const problems = problemsOf([
      { name: "baseline", template: `${FIXTURES}/baseline-with-defaults.yaml`, remediation: { "access-keys-rotated": "off" } },
      {
        name: "remediated",
        template: `${FIXTURES}/with-remediation.yaml`,
        parameters: { LoggingTargetBucket: "b" },
        remediation: { "s3-bucket-logging-enabled": "automatic" },
      },
    ]);
    expect(problems, problems.join("\n")).to.have.length(3);
    expect(problems[0]).to.include("`remediation.access-keys-rotated` names no remediated rule of the template (its remediated rules: none)");
    expect(problems[1]).to.include("`aws-config-org:packs[1].remediation.s3-bucket-logging-enabled`").and.include("only `off`");
    // With the override refused the remediation is still there, and its runbook needs permissions.
    expect(problems[2]).to.include("runbookPermissions.AWS-ConfigureS3BucketLogging");
    expect(
      problemsOf([
        {
          name: "remediated",
          template: `${FIXTURES}/with-remediation.yaml`,
          parameters: { LoggingTargetBucket: "b" },
          remediation: { "s3-bucket-logging-enabled": "off" },
        },
      ]),
    ).to.deep.equal([]);
  });

  it("requires a remediation naming another role to be allowed in config, and accepts it when it is", () => {
    const file = `${FIXTURES}/invalid-remediation-role.yaml`;
    const refused = problemsOf([{ name: "other-role", template: file }]);
    expect(refused.join("\n")).to.include("pack `other-role`").and.include("allowedRemediationRoles");
    const role = /`(arn:aws:iam::[0-9]{12}:role\/[^`]+)`/.exec(refused.join("\n"))?.[1];
    expect(role, refused.join("\n")).to.be.a("string");
    expect(problemsOf([{ name: "other-role", template: file, allowedRemediationRoles: [role!] }])).to.deep.equal([]);
  });
});
