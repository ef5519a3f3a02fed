import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { fixtureRepository, type FixtureRepository } from "./fixtureRepository";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

const NS = "aws-config-org-deployments";
const DEV_ROLE = "arn:aws:iam::123456789012:role/pulumi-deployments-aws-config-org";
const PROD_ROLE = "arn:aws:iam::123456789012:role/pulumi-deployments-aws-config-org-prod";

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

describe("deployments: the program under Pulumi mocks", () => {
  const registered: Registered[] = [];
  let repo: FixtureRepository;
  let stacks: Record<string, { settingsId: string; driftScheduleId: string }>;

  before(async () => {
    repo = fixtureRepository(["dev", "prod"]);
    await pulumi.runtime.setMocks(
      {
        newResource(args: pulumi.runtime.MockResourceArgs) {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          if (args.type === "pulumiservice:index:DeploymentSettings") {
            return { id: `${args.inputs.organization}/${args.inputs.project}/${args.inputs.stack}`, state: args.inputs };
          }
          if (args.type === "pulumiservice:index:DriftSchedule") {
            return { id: `${args.name}-id`, state: { ...args.inputs, scheduleId: `schedule-${args.inputs.stack}` } };
          }
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args: pulumi.runtime.MockCallArgs) {
          throw new Error(`unexpected invoke ${args.token}`);
        },
      },
      NS,
      "settings",
      false,
    );
    pulumi.runtime.setAllConfig({
      [`${NS}:organization`]: "acme",
      [`${NS}:repository`]: "acme/aws-config-org",
      [`${NS}:oidcRoleArn`]: DEV_ROLE,
      [`${NS}:stacks`]: JSON.stringify(["dev", { name: "prod", oidcRoleArn: PROD_ROLE, sessionName: "pulumi-aws-config-org-prod" }]),
      [`${NS}:repositoryRoot`]: repo.root,
    });
    const program = await import("../../deployments/index");
    stacks = await promiseOf(program.stacks as pulumi.Output<typeof stacks>);
  });

  after(() => repo.remove());

  const settingsOf = (stack: string) => {
    const found = registered.filter((r) => r.type === "pulumiservice:index:DeploymentSettings" && r.inputs.stack === stack);
    expect(found, `DeploymentSettings for ${stack}`).to.have.length(1);
    return found[0].inputs;
  };

  it("creates deployment settings and a drift schedule for each stack, and exports their ids", () => {
    expect(registered.filter((r) => r.type === "pulumiservice:index:DeploymentSettings").map((r) => r.inputs.stack)).to.deep.equal(["dev", "prod"]);
    expect(registered.filter((r) => r.type === "pulumiservice:index:DriftSchedule").map((r) => r.inputs.stack)).to.deep.equal(["dev", "prod"]);
    expect(registered.filter((r) => r.type === "aws-config-org:deployments:StackDeployment").map((r) => r.name)).to.deep.equal(["dev", "prod"]);
    expect(stacks).to.deep.equal({
      dev: { settingsId: "acme/aws-config-org/dev", driftScheduleId: "schedule-dev" },
      prod: { settingsId: "acme/aws-config-org/prod", driftScheduleId: "schedule-prod" },
    });
  });

  it("deploys on push to main and previews pull requests through the `vcs` block, not the deprecated `github`", () => {
    for (const stack of ["dev", "prod"]) {
      const inputs = settingsOf(stack);
      expect(inputs.organization).to.equal("acme");
      expect(inputs.project).to.equal("aws-config-org");
      expect(inputs.github).to.equal(undefined);
      expect(inputs.vcs).to.include({ provider: "github", repository: "acme/aws-config-org", deployCommits: true, previewPullRequests: true });
      expect(inputs.vcs.paths).to.include("!docs/**");
      expect(inputs.sourceContext).to.deep.equal({ git: { branch: "refs/heads/main" } });
    }
  });

  it("gets AWS credentials through OIDC with the stack's role and session name", () => {
    expect(settingsOf("dev").operationContext.oidc).to.deep.equal({ aws: { roleARN: DEV_ROLE, sessionName: "pulumi-aws-config-org-dev" } });
    expect(settingsOf("prod").operationContext.oidc).to.deep.equal({ aws: { roleARN: PROD_ROLE, sessionName: "pulumi-aws-config-org-prod" } });
  });

  it("runs the policy pack with the stack's config in a preview before the operation", () => {
    for (const stack of ["dev", "prod"]) {
      const context = settingsOf(stack).operationContext;
      const commands: string[] = context.preRunCommands;
      expect(commands[0], "one npm ci at the root installs the program and its policy pack workspace").to.equal("npm ci --no-audit --no-fund");
      expect(commands.join("\n")).to.not.contain("--prefix");
      const policyLine = commands.find((c) => c.includes("--policy-pack "));
      expect(policyLine, "policy pack pre-run command").to.be.a("string");
      expect(policyLine).to.contain(`--stack acme/aws-config-org/${stack}`);
      expect(policyLine).to.contain("--policy-pack policies");
      expect(policyLine).to.contain(`--policy-pack-config policies/config/${stack}.json`);
      expect(policyLine).to.match(/preview\|update/);
      expect(context.options).to.deep.equal({ skipInstallDependencies: true, skipIntermediateDeployments: true });
    }
  });

  it("detects drift daily and remediates it with `pulumi up --refresh`", () => {
    for (const r of registered.filter((x) => x.type === "pulumiservice:index:DriftSchedule")) {
      expect(r.inputs).to.include({ organization: "acme", project: "aws-config-org", scheduleCron: "0 5 * * *", autoRemediate: true });
      const [minute, hour, ...rest] = (r.inputs.scheduleCron as string).split(" ");
      expect(Number.isInteger(Number(minute)) && Number.isInteger(Number(hour))).to.equal(true);
      expect(rest).to.deep.equal(["*", "*", "*"]);
    }
  });
});
