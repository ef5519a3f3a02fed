/** What the README says about the checkout and the install agrees with it (issue 24 items 6 and 7). */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

const ROOT = path.join(__dirname, "..");
const README = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README and the checkout", () => {
  it("the report.html the README's commands write at the root is gitignored", () => {
    expect(README).to.include("--html report.html");
    expect(execFileSync("git", ["check-ignore", "report.html"], { cwd: ROOT, encoding: "utf8" }).trim()).to.equal("report.html");
  });

  it("explains npm's install-scripts (allowScripts) warning on `npm ci`", () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { allowScripts?: unknown };
    if (packageJson.allowScripts === undefined) {
      expect(README).to.include("npm warn install-scripts").and.include("not yet covered by allowScripts").and.include("npm install-scripts approve <package>");
    }
  });

  it("says in which order `npm test` runs its steps, the order package.json runs them", () => {
    const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const steps = packageJson.scripts.test!.split("&&").map((step) =>
      step
        .trim()
        .replace(/^npm run -s /, "npm run ")
        .replace(/^mocha .*/, "mocha"),
    );
    const sentence = /`npm test` runs, in this order: (.+?) every suite/.exec(README.replace(/\n/g, " "))?.[1];
    expect(sentence, "README: `npm test` runs, in this order: …").to.be.a("string");
    const named = [...sentence!.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(named).to.deep.equal(steps);
  });
});

describe("README: benchmark figures", () => {
  const section = README.slice(README.indexOf("## Benchmarks"), README.indexOf("\n## ", README.indexOf("## Benchmarks") + 1));
  // Each table, with the prose since the previous table or heading: where its figures were taken.
  const tables = [...section.matchAll(/((?:(?!\n\|)[\s\S])*?)\n((?:\|.*\n)+)/g)].map((m) => ({
    prose: m[1]!.slice(Math.max(0, m[1]!.lastIndexOf("\n#"))),
    table: m[2]!,
  }));

  it("has the figure tables this test reads", () => {
    expect(tables.length).to.be.at.least(5);
  });

  it("every table of figures names the Node version and the date they came from", () => {
    for (const { prose, table } of tables) {
      const head = table.split("\n")[0];
      expect(prose, `the table \`${head}\` says which Node its figures came from`).to.match(/Node v\d+\.\d+\.\d+/);
      expect(prose, `the table \`${head}\` says when its figures were taken`).to.match(/\b20\d\d-\d\d-\d\d\b/);
    }
  });

  it("figures from a Node the project no longer supports say so", () => {
    const minimum = Number(
      />=\s*(\d+)/.exec((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { engines: { node: string } }).engines.node)![1],
    );
    const old = [...section.matchAll(/Node v(\d+)\.\d+\.\d+/g)].filter((m) => Number(m[1]) < minimum);
    if (old.length > 0) expect(section).to.match(new RegExp(`taken on Node ${old[0]![1]}, which the project no longer supports`));
  });
});
