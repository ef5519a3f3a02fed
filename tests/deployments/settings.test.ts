import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";
import { parse as parseYaml } from "yaml";

import { DEFAULTS, DeploymentsConfigError, parseDeploymentsConfig } from "../../deployments/settings";

const ROLE = "arn:aws:iam::123456789012:role/pulumi-deployments-aws-config-org";

function valid(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { organization: "acme", repository: "acme/aws-config-org", oidcRoleArn: ROLE, stacks: ["dev", "prod"], ...overrides };
}

function problemsOf(raw: Record<string, unknown>): readonly string[] {
  try {
    parseDeploymentsConfig(raw);
  } catch (e) {
    expect(e).to.be.instanceOf(DeploymentsConfigError);
    return (e as DeploymentsConfigError).problems;
  }
  expect.fail("expected a DeploymentsConfigError");
}

describe("deployments: config parsing", () => {
  it("fills defaults: main branch, daily drift without auto-remediation, both triggers, policies/ pack", () => {
    const config = parseDeploymentsConfig(valid());
    expect(config.project).to.equal("aws-config-org");
    expect(config.branch).to.equal("main");
    expect(config.policyPack).to.equal("policies");
    expect(config.pathFilters).to.deep.equal(DEFAULTS.pathFilters);
    expect(config.stacks.map((s) => s.stack)).to.deep.equal(["dev", "prod"]);
    for (const s of config.stacks) {
      expect(s.oidcRoleArn).to.equal(ROLE);
      expect(s.driftSchedule).to.equal("0 5 * * *");
      expect(s.driftSchedule.split(" ").slice(2)).to.deep.equal(["*", "*", "*"]);
      // The drift run must refresh and restore (issue 23): remediate-drift is `pulumi up --refresh`.
      expect(s.autoRemediate).to.equal(true);
      expect(s.deployCommits).to.equal(true);
      expect(s.previewPullRequests).to.equal(true);
      expect(s.sessionName).to.equal(`pulumi-aws-config-org-${s.stack}`);
      expect(s.policyPackConfig).to.equal(`policies/config/${s.stack}.json`);
    }
  });

  it("lets a stack entry override the role, session, schedule and triggers", () => {
    const prodRole = "arn:aws:iam::210987654321:role/ops/pulumi-prod";
    const config = parseDeploymentsConfig(
      valid({
        branch: "refs/heads/release",
        policyPack: "policy-pack/",
        stacks: [
          "dev",
          {
            name: "prod",
            oidcRoleArn: prodRole,
            sessionName: "${stack.name}-${operation}-${deployment.version}",
            driftSchedule: "30 4 * * 1-5",
            deployCommits: false,
          },
        ],
      }),
    );
    expect(config.branch).to.equal("release");
    const prod = config.stacks[1];
    expect(prod.oidcRoleArn).to.equal(prodRole);
    expect(prod.sessionName).to.equal("${stack.name}-${operation}-${deployment.version}");
    expect(prod.driftSchedule).to.equal("30 4 * * 1-5");
    expect(prod.deployCommits).to.equal(false);
    expect(prod.previewPullRequests).to.equal(true);
    expect(prod.policyPackConfig).to.equal("policy-pack/config/prod.json");
    expect(config.stacks[0].oidcRoleArn).to.equal(ROLE);
  });

  it("reports every problem at once, naming the key and the fix", () => {
    const problems = problemsOf({
      repository: "not-a-repo",
      oidcRoleArn: "arn:aws:iam::123:user/bob",
      driftSchedule: "daily",
      autoRemediate: "yes",
      stacks: ["dev", "dev", { name: "bad name" }, { name: "prod", deployOnMerge: true }],
      stackz: [],
    });
    const text = problems.join("\n");
    expect(text).to.contain("`aws-config-org-deployments:stackz` is not a setting of this program");
    expect(text).to.contain("`aws-config-org-deployments:organization` is required: your Pulumi organization name");
    expect(text).to.contain("`aws-config-org-deployments:repository` is `not-a-repo`: expected the GitHub repository as `owner/name`");
    expect(text).to.contain("`aws-config-org-deployments:oidcRoleArn` is `arn:aws:iam::123:user/bob`: expected an IAM role ARN");
    expect(text).to.contain("`aws-config-org-deployments:driftSchedule` is `daily`: expected a 5-field cron in UTC");
    expect(text).to.contain("`aws-config-org-deployments:autoRemediate` must be `true` or `false`");
    expect(text).to.contain("`aws-config-org-deployments:stacks`[2].name is `bad name`");
    expect(text).to.contain("`aws-config-org-deployments:stacks`[3].deployOnMerge is not a stack setting");
    expect(text).to.contain("lists `dev` more than once");
    expect(problems).to.have.length(9);
  });

  it("requires a role for every stack and at least one stack", () => {
    expect(problemsOf(valid({ oidcRoleArn: undefined }))).to.deep.equal([
      "stack `dev` has no OIDC role: set `aws-config-org-deployments:oidcRoleArn` or `oidcRoleArn` on the stack entry (see docs/deployment.md)",
      "stack `prod` has no OIDC role: set `aws-config-org-deployments:oidcRoleArn` or `oidcRoleArn` on the stack entry (see docs/deployment.md)",
    ]);
    expect(problemsOf(valid({ stacks: [] }))[0]).to.match(/`aws-config-org-deployments:stacks` is required/);
  });

  it("checks session names against AWS rules and Pulumi's placeholders", () => {
    expect(problemsOf(valid({ sessionName: "has space" }))[0]).to.match(/session name is 2 to 64/);
    expect(problemsOf(valid({ sessionName: "x".repeat(65) }))[0]).to.match(/session name is 2 to 64/);
    expect(problemsOf(valid({ sessionName: "${stack}-${operation}" }))[0]).to.match(/uses `\$\{stack\}`: Pulumi substitutes only/);
    expect(parseDeploymentsConfig(valid({ sessionName: "${organization.name}-${project.name}-${stack.name}-${deployment.id}" })).stacks).to.have.length(2);
  });

  it("rejects paths that leave the repository", () => {
    expect(problemsOf(valid({ policyPack: "../elsewhere" }))[0]).to.match(/`aws-config-org-deployments:policyPack` is `..\/elsewhere`/);
    expect(problemsOf(valid({ policyPack: "/abs" }))[0]).to.match(/policyPack/);
  });

  it("accepts the shipped deployments/Pulumi.settings.yaml", () => {
    const file = path.join(__dirname, "../../deployments/Pulumi.settings.yaml");
    const doc = parseYaml(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    const raw = Object.fromEntries(Object.entries(doc.config).map(([k, v]) => [k.replace(/^aws-config-org-deployments:/, ""), v]));
    const config = parseDeploymentsConfig(raw);
    expect(config.stacks.map((s) => s.stack)).to.deep.equal(["dev", "prod"]);
    expect(config.stacks.every((s) => s.autoRemediate)).to.equal(true);
  });
});
