/**
 * The pack as CrossGuard will load it: metadata the analyzer server checks
 * (it exits the process on some mistakes), awsguard conventions, and the files
 * `pulumi preview --policy-pack policies` needs.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import type { StackValidationPolicy } from "../../policies/evaluate";

import { FACT_SCHEMAS } from "../../policies/facts";
import { policies } from "../../policies/policies";

const POLICIES_DIR = path.join(__dirname, "..", "..", "policies");

describe("policies: the pack", () => {
  it("has uniquely named policies, none called `all` (the server exits on both)", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names).to.not.include("all");
  });

  it("follows awsguard conventions: kebab-case names, descriptions starting `Checks whether`", () => {
    for (const policy of policies) {
      expect(policy.name, policy.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(policy.description, policy.name).to.match(/^Checks whether .+\.$/);
    }
  });

  it("states each policy's enforcement level, advisory only where the issue asks for it", () => {
    const advisory = policies
      .filter((p) => p.enforcementLevel === "advisory")
      .map((p) => p.name)
      .sort();
    expect(advisory).to.deep.equal([
      "aws-provider-per-member-account",
      "config-recorder-custom-role-opt-in",
      "organization-conformance-pack-regionless-accounts",
    ]);
    for (const policy of policies) expect(policy.enforcementLevel, policy.name).to.be.oneOf(["advisory", "mandatory"]);
  });

  it("declares config only from the fact table, never `enforcementLevel` (the server exits on it)", () => {
    for (const policy of policies) {
      const properties = Object.keys(policy.configSchema?.properties ?? {});
      expect(properties, policy.name).to.not.include("enforcementLevel");
      for (const property of properties) {
        expect(policy.configSchema!.properties[property], `${policy.name}.${property}`).to.equal(FACT_SCHEMAS[property as keyof typeof FACT_SCHEMAS]);
      }
      expect([...(policy.configSchema?.required ?? [])].sort(), policy.name).to.deep.equal([...properties].sort());
    }
  });

  it("has stack and resource policies for what the issue lists", () => {
    const stackPolicies = policies.filter((p) => typeof (p as StackValidationPolicy).validateStack === "function").map((p) => p.name);
    expect(stackPolicies).to.include.members([
      "config-recorder-coverage",
      "config-global-resource-types-single-region",
      "config-delivery-channel-central-bucket",
      "config-organization-aggregator",
      "organization-conformance-packs-all-regions",
      "aws-provider-per-member-account",
      "organizations-tamper-protection-scp-attached",
    ]);
  });

  it("ships the files the Pulumi CLI loads: PulumiPolicy.yaml (nodejs) and a versioned package.json", () => {
    expect(fs.readFileSync(path.join(POLICIES_DIR, "PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m);
    const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8")) as {
      version?: string;
      dependencies: Record<string, string>;
    };
    expect(pkg.version, "PolicyPack reads the version from package.json").to.match(/^\d+\.\d+\.\d+$/);
    for (const dep of ["@pulumi/policy", "@pulumi/pulumi", "typescript", "ts-node"]) {
      expect(pkg.dependencies[dep], dep).to.match(/^\d+\.\d+\.\d+$/);
    }
  });

  it("keeps index.ts a thin wrapper: it constructs the pack from policies.ts and defines nothing", () => {
    const index = fs.readFileSync(path.join(POLICIES_DIR, "index.ts"), "utf8");
    expect(index).to.include('from "./policies"');
    expect(index.match(/new PolicyPack\(/g)).to.have.length(1);
    expect(index).to.not.match(/validateResource|validateStack|reportViolation/);
  });

  it("documents every policy in policies/README.md", () => {
    const readme = fs.readFileSync(path.join(POLICIES_DIR, "README.md"), "utf8");
    for (const policy of policies) expect(readme, policy.name).to.include(`\`${policy.name}\``);
  });
});
