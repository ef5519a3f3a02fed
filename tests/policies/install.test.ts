/**
 * The policy pack is installed by the root's `npm ci`: it is an npm workspace,
 * so its dependencies are hoisted into the root node_modules. The Pulumi CLI
 * loads a pack from the pack's folder (`--policy-pack policies`), and Node's
 * resolution walks up from there, so what the CLI loads must resolve from
 * policies/, and the pack must agree with the program on what they share.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

const ROOT = path.join(__dirname, "..", "..");
const POLICIES_DIR = path.join(ROOT, "policies");

interface PackageJson {
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readPackage = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
const allDependencies = (pkg: PackageJson) => ({ ...pkg.devDependencies, ...pkg.dependencies });

describe("policy pack: installed with the program (an npm workspace)", () => {
  const root = readPackage(ROOT);
  const pack = readPackage(POLICIES_DIR);

  it("is a workspace of the root package and has no lockfile of its own (the root's is the one `npm ci` reads)", () => {
    expect(root.workspaces).to.include("policies");
    expect(fs.existsSync(path.join(POLICIES_DIR, "package-lock.json"))).to.equal(false);
  });

  it("resolves, from its own folder, the modules the Pulumi CLI's policy runner loads", () => {
    for (const module of ["@pulumi/policy", "@pulumi/pulumi/cmd/run-policy-pack", "ts-node", "typescript"]) {
      expect(() => require.resolve(module, { paths: [POLICIES_DIR] }), module).to.not.throw();
    }
  });

  it("shares the program's single copy of @pulumi/pulumi", () => {
    const fromPack = require.resolve("@pulumi/pulumi", { paths: [POLICIES_DIR] });
    expect(fromPack).to.equal(require.resolve("@pulumi/pulumi", { paths: [ROOT] }));
  });

  it("pins every package it shares with the program (@pulumi/aws, @pulumi/pulumi, …) to the program's version", () => {
    const programs = allDependencies(root);
    const shared = Object.entries(allDependencies(pack)).filter(([name]) => name in programs);
    expect(shared.map(([name]) => name)).to.include("@pulumi/pulumi");
    for (const [name, version] of shared) expect(version, name).to.equal(programs[name]);
    for (const [name, version] of Object.entries(allDependencies(pack))) expect(version, `${name} pinned exactly`).to.match(/^\d+\.\d+\.\d+$/);
  });
});
