/**
 * Every template the library renders passes cfn-lint (the machine's, or the
 * project's .venv-tools/ one: tests/environment/pythonTools.ts). The templates are
 * written to a temporary folder and linted in one cfn-lint run (its start-up
 * dominates); cfn-lint names the file of every finding, so each template gets
 * its own verdict. A deliberately broken template must fail, so a linter that
 * accepts everything cannot pass.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { expect } from "chai";

import { renderAccountRemediationPack, renderPack } from "../../packs";
import { cfnLintTool, PROVISION_TIMEOUT_MS } from "../environment/pythonTools";
import { oversizedPack, renderCases, renderContext, testLibrary } from "./renderCases";

interface LintRun {
  readonly status: number | null;
  readonly output: string;
}

function cfnLint(files: readonly string[]): LintRun {
  const command = cfnLintTool().command;
  const run = spawnSync(command, ["--", ...files], { encoding: "utf8", timeout: 120_000 });
  if (run.error) throw new Error(`cannot run ${command}: ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const ACCOUNT_TARGET = { accountId: "444444444444", partition: "aws" as const, project: "aws-config-org" };

/** The per-account remediation packs: each render case's, and all shipped packs' at once. */
const accountCases = [
  ...renderCases.map((c) => ({ name: `account--${c.name}`, selections: [c.selection] })),
  { name: "account--all-shipped-defaults", selections: renderCases.filter((c) => c.name.endsWith("--defaults")).map((c) => c.selection) },
].filter((c) => renderAccountRemediationPack(c.selections, renderContext, ACCOUNT_TARGET) !== undefined);

function accountPackOf(selections: (typeof renderCases)[number]["selection"][]): string {
  return renderAccountRemediationPack(selections, renderContext, ACCOUNT_TARGET)!.templateBody;
}

describe("packs: cfn-lint", function () {
  this.timeout(180_000);
  let dir = "";
  const files = new Map<string, string>();
  let lint: LintRun;

  before("find or provision cfn-lint", function () {
    this.timeout(PROVISION_TIMEOUT_MS);
    cfnLintTool();
  });

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfn-lint-"));
    const templates: [string, string][] = [
      // The program deploys no organization pack without detection rules (index.ts).
      ...renderCases
        .map((c) => [c.name, renderPack(c.selection, renderContext)] as const)
        .filter(([, p]) => p.detectionRules > 0)
        .map(([n, p]): [string, string] => [n, p.templateBody]),
      [oversizedPack.name, renderPack({ name: oversizedPack.name, parameters: {}, remediation: {} }, renderContext, testLibrary).templateBody],
      ...accountCases.map((c): [string, string] => [c.name, accountPackOf(c.selections)]),
    ];
    for (const [name, body] of templates) {
      const file = path.join(dir, `${name}.yaml`);
      fs.writeFileSync(file, body);
      files.set(name, file);
    }
    lint = cfnLint([...files.values()]);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("exits 0 for every rendered template", () => {
    expect(lint.status, lint.output).to.equal(0);
  });

  for (const name of [
    ...renderCases.filter((c) => renderPack(c.selection, renderContext).detectionRules > 0).map((c) => c.name),
    oversizedPack.name,
    ...accountCases.map((c) => c.name),
  ]) {
    it(`reports nothing for ${name}`, () => {
      const file = files.get(name)!;
      const findings = lint.output.split("\n").filter((line) => line.startsWith(file));
      expect(findings, lint.output).to.deep.equal([]);
    });
  }

  it("fails a template with a property AWS::Config::ConfigRule does not have (the harness can fail)", () => {
    const body = fs
      .readFileSync(files.get("account--data-protection-baseline--defaults")!, "utf8")
      .replace(
        "ConfigRuleName: s3-bucket-level-public-access-prohibited\n      Description:",
        "ConfigRuleName: s3-bucket-level-public-access-prohibited\n      Severity: high\n      Description:",
      );
    const broken = path.join(dir, "broken.yaml");
    fs.writeFileSync(broken, body);
    const run = cfnLint([broken]);
    expect(run.status).to.not.equal(0);
    expect(run.output).to.contain("'Severity' was unexpected").and.contain(broken);
  });
});
