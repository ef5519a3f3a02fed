/** Every npm script checks the Node version first and says how to switch (issue 24 item 4). */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

const { nodeVersionProblem, readProject } = require("../../scripts/check-node.js") as {
  nodeVersionProblem: (version: string, engines: string, nvmrc: string, nodePath?: string) => string | undefined;
  readProject: (root: string) => { engines: string; nvmrc: string };
};

const ROOT = path.join(__dirname, "..", "..");
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string>; engines: { node: string } };

describe("scripts/check-node.js: the first step of every npm script", () => {
  it("every npm script starts with it, so nothing (dependency-cruiser, ts-node, a command) runs on an older Node", () => {
    for (const [name, script] of Object.entries(packageJson.scripts)) expect(script, `npm run ${name}`).to.match(/^node scripts\/check-node\.js && /);
  });

  it("says in one line which Node it found and how to switch: use-node24, nvm and .nvmrc, per shell", () => {
    const problem = nodeVersionProblem("v20.20.2", ">=22", "24", "/usr/bin/node")!;
    expect(problem.split("\n")).to.have.length(1);
    expect(problem).to.equal(
      'aws-config-org needs Node >=22 and this shell runs Node v20.20.2 (/usr/bin/node): switch this shell with `eval "$(scripts/use-node24)"`, or `nvm use` (reads .nvmrc: 24); a switch lasts only for the shell it ran in, so do it again in every new shell',
    );
    expect(nodeVersionProblem("v22.0.0", ">=22", "24")).to.equal(undefined);
    expect(nodeVersionProblem("v24.22.3", ">=22", "24")).to.equal(undefined);
  });

  it("reads the project's engines and .nvmrc, and .nvmrc names a Node the engines accept", () => {
    const project = readProject(ROOT);
    expect(project.engines).to.equal(packageJson.engines.node);
    expect(project.nvmrc).to.match(/^\d+$/);
    expect(nodeVersionProblem(`v${project.nvmrc}.0.0`, project.engines, project.nvmrc)).to.equal(undefined);
  });
});
