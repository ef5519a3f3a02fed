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
});
