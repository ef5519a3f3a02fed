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

  it("names a stack without its config or policy config, and how to fix it", () => {
    const problems = checkRepositoryLayout(make(["dev"]).root, config);
    expect(problems).to.deep.equal([
      "stack `prod` has no Pulumi.prod.yaml at the repository root: create it (`pulumi stack init acme/prod`) or fix the name in `stacks`",
      "stack `prod` has no policy pack config `policies/config/prod.json`: create it (a JSON object, `{}` for the pack's defaults)",
    ]);
  });

  it("wants the policy pack's lockfile for `npm ci`", () => {
    const problems = checkRepositoryLayout(make(["dev", "prod"], { omit: ["policies/package-lock.json"] }).root, config);
    expect(problems).to.deep.equal([
      "the policy pack `policies` has no package-lock.json: the pre-run `npm ci --prefix policies` and `--policy-pack` need it",
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
