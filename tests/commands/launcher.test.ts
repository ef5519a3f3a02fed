/**
 * bin/aws-config-org.js, the package's `bin`, and what the README tells
 * machines to run with it. The README's JSON commands that work offline are
 * run exactly as written (through `npx`) and their stdout must parse: nothing
 * of npm's or the launcher's may come before the JSON.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

const ROOT = path.join(__dirname, "..", "..");
const LAUNCHER = path.join(ROOT, "bin", "aws-config-org.js");
const { COMMANDS } = require(LAUNCHER) as { COMMANDS: Record<string, { file: string; nodeFlags: string[] }> };
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { bin: Record<string, string>; scripts: Record<string, string> };

/** Every `npx aws-config-org …` command in the README that asks for machine output. */
function readmeMachineCommands(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const found = readme.match(/npx aws-config-org [^`\n#|]*--(?:json|csv)\b[^`\n#|]*/g) ?? [];
  return [...new Set(found.map((c) => c.trim()))];
}

function launch(args: readonly string[]) {
  return spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
}

describe("commands: the aws-config-org launcher", function () {
  this.timeout(180_000);

  it("is the package's bin, and every npm script of a command goes through it", () => {
    expect(packageJson.bin).to.deep.equal({ "aws-config-org": "bin/aws-config-org.js" });
    for (const [name, command] of Object.entries(COMMANDS)) {
      expect(fs.existsSync(path.join(ROOT, command.file)), command.file).to.equal(true);
      expect(packageJson.scripts[name], `npm run ${name}`).to.equal(`node scripts/check-node.js && node bin/aws-config-org.js ${name}`);
    }
    const entries = fs.readdirSync(path.join(ROOT, "commands")).filter((f) => f.endsWith(".ts"));
    expect(
      Object.values(COMMANDS)
        .map((c) => path.basename(c.file))
        .sort(),
      "one entry per file in commands/",
    ).to.deep.equal(entries.sort());
  });

  it("passes options to the command untouched (its own --help), and its exit code back", () => {
    const help = launch(["plan", "--help"]);
    expect(help.status, help.stderr).to.equal(0);
    expect(help.stdout).to.contain("--stack <name>").and.contain("--json");
    const bad = launch(["plan", "--stack", "no-such-stack", "--json"]);
    expect(bad.status).to.equal(2);
    expect(bad.stdout).to.equal("");
  });

  it("names the commands on a missing or unknown one, with the usage exit code", () => {
    for (const args of [[], ["deploy"]]) {
      const run = launch(args);
      expect(run.status, args.join(" ")).to.equal(2);
      expect(run.stdout).to.equal("");
      expect(run.stderr).to.contain(`commands: ${Object.keys(COMMANDS).join(", ")}`);
    }
    expect(launch(["deploy"]).stderr).to.contain("unknown command `deploy`");
    expect(launch(["--help"]).status).to.equal(0);
  });

  describe("the README's machine-output commands", () => {
    const commands = readmeMachineCommands();

    it("documents the plan as JSON for both stacks through the bin", () => {
      expect(commands).to.include.members(["npx aws-config-org plan --stack prod --json", "npx aws-config-org plan --stack dev --json"]);
    });

    // The plan runs offline; the other commands ask AWS, so only their parsing is the commands' own tests'.
    for (const command of commands.filter((c) => c.startsWith("npx aws-config-org plan "))) {
      it(`\`${command}\` prints JSON alone on stdout`, () => {
        const [npx, ...args] = command.split(/\s+/);
        const run = spawnSync(npx!, args, { cwd: ROOT, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
        expect(run.status, run.stderr).to.equal(0);
        const plan = JSON.parse(run.stdout) as { stack: string };
        expect(plan.stack).to.equal(args[args.indexOf("--stack") + 1]);
      });
    }
  });
});
