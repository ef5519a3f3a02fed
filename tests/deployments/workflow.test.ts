/**
 * The GitHub Actions workflow against the repository it runs in: the stacks
 * of its matrix, the policy pack it passes, the CLI it installs. These read
 * the real files (Pulumi.<stack>.yaml, policies/…): a missing one fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";
import { parse as parseYaml } from "yaml";

import { parseDeploymentsConfig } from "../../deployments/settings";

const ROOT = path.join(__dirname, "../..");
const WORKFLOW = path.join(ROOT, ".github/workflows/pulumi.yml");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  environment?: string;
  strategy?: { matrix: { include: { stack: string; "role-variable": string }[] } };
  steps: Step[];
}
interface Workflow {
  on: { pull_request?: { branches: string[] }; push?: { branches: string[] } };
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parseYaml(fs.readFileSync(WORKFLOW, "utf8")) as Workflow;
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
  workspaces: string[];
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
};

function stepIndex(job: Job, predicate: (s: Step) => boolean, what: string): number {
  const i = job.steps.findIndex(predicate);
  expect(i, `${what} step`).to.be.greaterThan(-1);
  return i;
}

function pulumiStep(job: Job): Step {
  return job.steps[stepIndex(job, (s) => /^pulumi\/actions@v\d+$/.test(s.uses ?? ""), "pulumi/actions")];
}

describe("GitHub Actions workflow", () => {
  it("previews on pull requests to main and deploys on pushes to main", () => {
    expect(workflow.on.pull_request?.branches).to.deep.equal(["main"]);
    expect(workflow.on.push?.branches).to.deep.equal(["main"]);
    expect(workflow.permissions).to.deep.equal({ contents: "read" });
    expect(workflow.jobs.preview.if).to.contain("github.event_name == 'pull_request'");
    expect(workflow.jobs.up.if).to.contain("github.event_name == 'push'").and.contain("github.ref == 'refs/heads/main'");
    expect(pulumiStep(workflow.jobs.preview).with?.command).to.equal("preview");
    expect(pulumiStep(workflow.jobs.up).with?.command).to.equal("up");
    for (const name of ["preview", "up"]) expect(workflow.jobs[name].needs, name).to.equal("test");
  });

  it("runs the test suite the package defines after one `npm ci`, with the Python its tools need", () => {
    const test = workflow.jobs.test;
    expect(packageJson.scripts.test).to.be.a("string");
    const runs = test.steps.map((s) => s.run).filter(Boolean);
    expect(runs).to.deep.equal(["npm ci", "npm test"]);
    // `npm test` installs the pinned moto and cfn-lint into .venv-tools/ itself (tests/environment): Python is all it needs first.
    const python = stepIndex(test, (s) => /^actions\/setup-python@v\d+$/.test(s.uses ?? ""), "setup-python");
    expect(python).to.be.lessThan(stepIndex(test, (s) => s.run === "npm test", "npm test"));
    expect(packageJson.scripts.test).to.contain("npm run -s test-tools");
    // `npm test` checks the Node version, then compiles: the suite checks the JavaScript Pulumi.yaml runs, not only the sources.
    expect(packageJson.scripts.test).to.match(/^node scripts\/check-node\.js && npm run -s build && /);
  });

  for (const jobName of ["preview", "up"]) {
    describe(`${jobName} job`, () => {
      const job = workflow.jobs[jobName];

      it("installs the program and the policy pack (one `npm ci`: the pack is a workspace) before assuming the role and running Pulumi", () => {
        const npmCi = stepIndex(job, (s) => s.run === "npm ci", "npm ci");
        const aws = stepIndex(job, (s) => /^aws-actions\/configure-aws-credentials@v\d+$/.test(s.uses ?? ""), "configure-aws-credentials");
        const pulumi = job.steps.indexOf(pulumiStep(job));
        expect(npmCi).to.be.lessThan(pulumi);
        // Pulumi.yaml's main is the compiled program: it is built after install and before Pulumi runs it.
        const build = stepIndex(job, (s) => s.run === "npm run build", "npm run build");
        expect(build).to.be.greaterThan(npmCi).and.lessThan(pulumi);
        expect(aws).to.be.lessThan(pulumi);
        expect(job.steps.filter((s) => (s.run ?? "").startsWith("npm ci"))).to.have.length(1);
        expect(job.steps[stepIndex(job, (s) => /^actions\/setup-node@v\d+$/.test(s.uses ?? ""), "setup-node")].with?.["node-version"]).to.equal(
          "${{ env.NODE_VERSION }}",
        );
      });

      it("gets AWS credentials through GitHub's OIDC token, with the stack's role", () => {
        expect(job.permissions?.["id-token"]).to.equal("write");
        const aws = job.steps.find((s) => (s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"))!;
        expect(aws.with?.["role-to-assume"]).to.equal("${{ vars[matrix.role-variable] }}");
        expect(aws.with?.["role-session-name"]).to.contain("${{ matrix.stack }}");
        expect(aws.with).to.not.have.any.keys("aws-access-key-id", "aws-secret-access-key");
        for (const entry of job.strategy!.matrix.include) expect(entry["role-variable"]).to.match(/^AWS_ROLE_ARN_[A-Z0-9_]+$/);
      });

      it("runs the repository's policy pack with each stack's config", () => {
        const step = pulumiStep(job);
        const pack = String(step.with?.policyPacks);
        expect(pack).to.equal("policies");
        for (const file of ["PulumiPolicy.yaml", "package.json"]) {
          expect(fs.existsSync(path.join(ROOT, pack, file)), `${pack}/${file} in the repository`).to.equal(true);
        }
        expect(packageJson.workspaces, "the pack is a workspace of the root package").to.include(pack);
        expect(step.with?.policyPackConfigs).to.equal("policies/config/${{ matrix.stack }}.json");
        for (const { stack } of job.strategy!.matrix.include) {
          const config = path.join(ROOT, String(step.with?.policyPackConfigs).replace("${{ matrix.stack }}", stack));
          expect(fs.existsSync(config), `${path.relative(ROOT, config)} in the repository`).to.equal(true);
          expect(() => JSON.parse(fs.readFileSync(config, "utf8")), `${path.relative(ROOT, config)} parses`).to.not.throw();
        }
        expect(step.with?.["stack-name"]).to.equal("${{ vars.PULUMI_ORGANIZATION }}/${{ matrix.stack }}");
        expect(step.env?.PULUMI_ACCESS_TOKEN).to.equal("${{ secrets.PULUMI_ACCESS_TOKEN }}");
      });

      it("has a Pulumi.<stack>.yaml at the repository root for every stack of its matrix", () => {
        const stacks = job.strategy!.matrix.include.map((e) => e.stack);
        expect(stacks).to.have.length.greaterThan(0);
        for (const stack of stacks) {
          expect(fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`)), `Pulumi.${stack}.yaml`).to.equal(true);
        }
      });
    });
  }

  it("deploys the same stacks it previews, and the same ones Pulumi Deployments is set up for", () => {
    const stacksOf = (job: Job) => job.strategy!.matrix.include.map((e) => e.stack);
    expect(stacksOf(workflow.jobs.up)).to.deep.equal(stacksOf(workflow.jobs.preview));
    const settings = parseYaml(fs.readFileSync(path.join(ROOT, "deployments/Pulumi.settings.yaml"), "utf8")) as { config: Record<string, unknown> };
    const raw = Object.fromEntries(Object.entries(settings.config).map(([k, v]) => [k.replace(/^aws-config-org-deployments:/, ""), v]));
    const deployments = parseDeploymentsConfig(raw);
    expect(deployments.stacks.map((s) => s.stack)).to.deep.equal(stacksOf(workflow.jobs.up));
    const project = (parseYaml(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    expect(project).to.equal(deployments.project);
  });

  it("gates updates per stack and never cancels a running one", () => {
    const up = workflow.jobs.up as Job & { concurrency: { group: string; "cancel-in-progress": boolean } };
    expect(up.environment).to.equal("${{ matrix.stack }}");
    expect(up.concurrency.group).to.contain("${{ matrix.stack }}");
    expect(up.concurrency["cancel-in-progress"]).to.equal(false);
  });

  it("installs the CLI the repository pins and the Node the package supports", () => {
    expect(workflow.env.PULUMI_VERSION).to.equal(packageJson.devDependencies.pulumi);
    for (const job of ["preview", "up"]) expect(pulumiStep(workflow.jobs[job]).with?.["pulumi-version"]).to.equal("${{ env.PULUMI_VERSION }}");
    const minimumMajor = Number(/>=\s*(\d+)/.exec(packageJson.engines.node)?.[1]);
    expect(Number(workflow.env.NODE_VERSION)).to.be.at.least(minimumMajor);
    expect(workflow.env.NODE_VERSION, "the Node of .nvmrc").to.equal(fs.readFileSync(path.join(ROOT, ".nvmrc"), "utf8").trim());
  });
});
