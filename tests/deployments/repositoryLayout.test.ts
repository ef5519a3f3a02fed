import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

import { checkRepositoryLayout } from "../../deployments/repositoryLayout";
import { parseDeploymentsConfig } from "../../deployments/settings";
import { fixtureRepository, type FixtureRepository } from "./fixtureRepository";

const config = parseDeploymentsConfig({
  organization: "acme",
  repository: "acme/aws-config-org",
  oidcRoleArn: "arn:aws:iam::123456789012:role/pulumi-deployments",
  stacks: ["dev", "prod"],
});

describe("deployments: repository layout check", () => {
  const repos: FixtureRepository[] = [];
  const make = (...args: Parameters<typeof fixtureRepository>) => {
    const repo = fixtureRepository(...args);
    repos.push(repo);
    return repo;
  };
  after(() => repos.forEach((r) => r.remove()));

  it("passes a complete repository", () => {
    expect(checkRepositoryLayout(make(["dev", "prod"]).root, config)).to.deep.equal([]);
  });

  it("passes this repository", () => {
    expect(checkRepositoryLayout(path.join(__dirname, "..", ".."), config)).to.deep.equal([]);
  });

  it("names a stack without its config or policy config, and how to fix it", () => {
    const problems = checkRepositoryLayout(make(["dev"]).root, config);
    expect(problems).to.deep.equal([
      "stack `prod` has no Pulumi.prod.yaml at the repository root: create it (`pulumi stack init acme/prod`) or fix the name in `stacks`",
      "stack `prod` has no policy pack config `policies/config/prod.json`: create it (a JSON object, `{}` for the pack's defaults)",
    ]);
  });

  it("wants the root lockfile for `npm ci`", () => {
    const problems = checkRepositoryLayout(make(["dev", "prod"], { omit: ["package-lock.json"] }).root, config);
    expect(problems).to.deep.equal(["no package-lock.json at the repository root: the pre-run `npm ci` needs it; commit the one `npm install` writes"]);
  });

  it("wants the policy pack to be a workspace of the root package, so that one `npm ci` installs it", () => {
    const problems = checkRepositoryLayout(make(["dev", "prod"], { workspaces: ["tools"] }).root, config);
    expect(problems).to.deep.equal([
      'the policy pack `policies` is not a workspace of the root package.json (`workspaces`: ["tools"]): the pre-run `npm ci` would not install its dependencies; add `"policies"` to `workspaces`',
    ]);
    for (const workspaces of [["./policies"], ["policies/"], ["*"], ["tools", "polic*"]]) {
      expect(checkRepositoryLayout(make(["dev", "prod"], { workspaces }).root, config), JSON.stringify(workspaces)).to.deep.equal([]);
    }
  });

  it("names the file `--policy-pack` needs and a root package.json it cannot read", () => {
    const problems = checkRepositoryLayout(make(["dev", "prod"], { omit: ["policies/PulumiPolicy.yaml", "package.json"] }).root, config);
    expect(problems).to.deep.equal([
      "the policy pack `policies` has no PulumiPolicy.yaml: `--policy-pack policies` needs it",
      "no readable package.json at the repository root: the pre-run `npm ci` installs the program and its policy pack from it",
    ]);
  });

  it("catches a project name that does not match and a policy config that is not JSON", () => {
    const repo = make(["dev", "prod"], { project: "something-else" });
    fs.writeFileSync(path.join(repo.root, "policies/config/dev.json"), "{ not json");
    const problems = checkRepositoryLayout(repo.root, config);
    expect(problems).to.have.length(2);
    expect(problems[0]).to.equal("Pulumi.yaml names the project `something-else` but `project` is `aws-config-org`: make them agree");
    expect(problems[1]).to.match(/^`policies\/config\/dev.json` is not valid JSON/);
  });

  it("says where it looked when there is no project at all", () => {
    const repo = make(["dev", "prod"], { omit: ["Pulumi.yaml"] });
    expect(checkRepositoryLayout(repo.root, config)[0]).to.contain(`no Pulumi.yaml at the repository root \`${repo.root}\``);
  });
});
