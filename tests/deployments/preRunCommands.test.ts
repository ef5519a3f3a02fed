import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { expect } from "chai";

import { POLICY_GATED_OPERATIONS, preRunCommands } from "../../deployments/preRunCommands";

const input = {
  organization: "acme",
  project: "aws-config-org",
  stack: "prod",
  policyPack: "policies",
  policyPackConfig: "policies/config/prod.json",
};

describe("deployments: pre-run commands", () => {
  let bin: string;
  let log: string;

  before(() => {
    // A stand-in `pulumi` that records its arguments (and fails when asked), to run the real shell line.
    bin = fs.mkdtempSync(path.join(os.tmpdir(), "prerun-"));
    log = path.join(bin, "calls.log");
    fs.writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\necho "$@" >> "${log}"\nexit "\${FAKE_PULUMI_EXIT:-0}"\n`, { mode: 0o755 });
  });

  after(() => fs.rmSync(bin, { recursive: true, force: true }));

  function runPolicyLine(operation: string, exitCode = 0): { status: number; calls: string[] } {
    fs.rmSync(log, { force: true });
    const line = preRunCommands(input)[3];
    let status = 0;
    try {
      execFileSync("bash", ["-c", line], {
        env: { PATH: `${bin}:${process.env.PATH ?? ""}`, PULUMI_CI_OPERATION: operation, FAKE_PULUMI_EXIT: String(exitCode) },
        stdio: "pipe",
      });
    } catch (e) {
      status = (e as { status: number }).status;
    }
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    return { status, calls };
  }

  it("installs the program's and the policy pack's dependencies first, in one `npm ci` at the root (the pack is a workspace)", () => {
    const commands = preRunCommands(input);
    expect(commands[0]).to.equal("npm ci --no-audit --no-fund");
    expect(commands.filter((c) => c.startsWith("npm ci"))).to.have.length(1);
    expect(commands).to.have.length(4);
  });

  it("compiles the program before anything runs it (Pulumi.yaml's main is the compiled program)", () => {
    const project = fs.readFileSync(path.join(__dirname, "..", "..", "Pulumi.yaml"), "utf8");
    expect(project).to.match(/^main: dist\/index\.js$/m);
    const commands = preRunCommands(input);
    expect(commands[1]).to.equal("npm run -s build");
    expect(commands.findIndex((c) => c.includes("pulumi preview"))).to.be.greaterThan(1);
  });

  it("rebuilds the stack's policy config from the live organization before the policy preview", () => {
    expect(preRunCommands(input)[2]).to.equal("npm run -s policy-config -- --stack prod --live");
  });

  for (const operation of POLICY_GATED_OPERATIONS) {
    it(`runs the policy pack preview before \`${operation}\``, () => {
      const { status, calls } = runPolicyLine(operation);
      expect(status).to.equal(0);
      expect(calls).to.deep.equal([
        "preview --stack acme/aws-config-org/prod --policy-pack policies --policy-pack-config policies/config/prod.json --non-interactive --suppress-progress",
      ]);
    });
  }

  for (const operation of ["detect-drift", "refresh", "destroy"]) {
    it(`skips the policy preview for \`${operation}\``, () => {
      const { status, calls } = runPolicyLine(operation);
      expect(status).to.equal(0);
      expect(calls).to.deep.equal([]);
    });
  }

  it("fails the deployment when the policy preview fails (a mandatory violation)", () => {
    const { status, calls } = runPolicyLine("update", 255);
    expect(calls).to.have.length(1);
    expect(status).to.equal(255);
  });

  it("refuses values that would break out of the shell line", () => {
    expect(() => preRunCommands({ ...input, stack: "prod; rm -rf /" })).to.throw(/`stack` is `prod; rm -rf \/`/);
    expect(() => preRunCommands({ ...input, policyPackConfig: "$(id).json" })).to.throw(/unsafe/);
  });
});
