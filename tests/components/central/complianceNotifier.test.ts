/**
 * The compliance notifier's code archive: the folder's modules as CommonJS,
 * the packs' rule-name normalizer in place of the folder's re-export, and the
 * inventory's account names, runnable by Node without this repository (the
 * Lambda runtime supplies only Node and the AWS SDK v3).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import * as pulumi from "@pulumi/pulumi";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "chai";

import { complianceNotifierCodeArchive, NOTIFIER_CODE_DIR } from "../../../components/central/complianceNotifier";
import { lambdaCodeArchive } from "../../../components/central/lambdaCode";
import { ENV } from "../../../rules/compliance-notifier/environment";
import { testDeployment } from "../../packs/deploymentFixture";

const SAMPLES = path.join(__dirname, "..", "..", "rules", "compliance-notifier", "samples");
const PROJECT_MODULES = path.resolve(__dirname, "../../../node_modules");

async function writeArchive(archive: pulumi.asset.AssetArchive, dir: string): Promise<string[]> {
  const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
  const names = Object.keys(assets).sort();
  for (const name of names) fs.writeFileSync(path.join(dir, name), await (assets[name]!.text as unknown as Promise<string>));
  return names;
}

describe("compliance notifier: code archive", () => {
  const deployment = testDeployment();
  let dir = "";
  let files: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "compliance-notifier-"));
    files = await writeArchive(complianceNotifierCodeArchive(deployment.accounts), dir);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("holds the folder's modules as JavaScript, and the accounts file", () => {
    const modules = fs
      .readdirSync(NOTIFIER_CODE_DIR)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => f.replace(/\.ts$/, ".js"));
    expect(files).to.deep.equal([...modules, "accounts.json"].sort());
  });

  it("names every in-scope account of the deployment by id", () => {
    expect(JSON.parse(fs.readFileSync(path.join(dir, "accounts.json"), "utf8"))).to.deep.equal({
      "123456789012": "management",
      "222222222222": "security",
      "333333333333": "log-archive",
      "444444444444": "workload",
    });
  });

  it("requires nothing but its own modules, Node built-ins and the AWS SDK v3 (the normalizer is shipped, not imported)", () => {
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
      for (const module of required) expect(module, `${file} requires ${module}`).to.match(/^(\.\/[a-zA-Z]+|@aws-sdk\/client-[a-z0-9-]+|node:[a-z]+)$/);
    }
    expect(fs.readFileSync(path.join(dir, "ruleNames.js"), "utf8"))
      .to.contain("-conformance-pack-")
      .and.not.contain("aws/ruleNames");
  });

  it("formats with the shipped names and normalizer in a plain Node process", () => {
    const script = `
      const { parseComplianceChange, classify } = require(${JSON.stringify(path.join(dir, "events.js"))});
      const { formatNotification } = require(${JSON.stringify(path.join(dir, "format.js"))});
      const { readAccountNames } = require(${JSON.stringify(path.join(dir, "accounts.js"))});
      const change = parseComplianceChange(require("fs").readFileSync(${JSON.stringify(path.join(SAMPLES, "compliance-back-to-compliant.json"))}, "utf8"));
      const names = readAccountNames(${JSON.stringify(path.join(dir, "accounts.json"))});
      process.stdout.write(JSON.stringify({ event: classify(change), ...formatNotification(change, classify(change), names) }));
    `;
    // Run outside the repository so only the archive (and Node) is on the module path.
    const run = spawnSync(process.execPath, ["-e", script], { cwd: os.tmpdir(), encoding: "utf8" });
    expect(run.status, run.stderr).to.equal(0);
    const out = JSON.parse(run.stdout);
    expect(out.event).to.equal("back-to-compliant");
    expect(out.subject).to.match(/^Back to COMPLIANT: s3-bucket-level-public-access-prohibited \| workload \(444444444444\) eu-west-1/);
    expect(out.body).to.contain("Account:     444444444444 (workload)");
  });

  it("runs its handler from the archive: the account name comes from the shipped accounts.json", async () => {
    // The SDK resolves to this project's copy (the one the mock patches), as the runtime's copy would in Lambda.
    fs.symlinkSync(PROJECT_MODULES, path.join(dir, "node_modules"), "dir");
    const sns = mockClient(SNSClient);
    const saved = process.env[ENV.targetTopicArn];
    const log = console.log;
    try {
      sns.on(PublishCommand).resolves({ MessageId: "m" });
      process.env[ENV.targetTopicArn] = "arn:aws:sns:eu-west-1:222222222222:aws-config-org-compliance";
      console.log = () => undefined;
      const { handler } = require(path.join(dir, "index.js")) as typeof import("../../../rules/compliance-notifier");
      const Message = fs.readFileSync(path.join(SAMPLES, "compliance-change-to-non-compliant.json"), "utf8");
      expect(await handler({ Records: [{ Sns: { Message } }] })).to.deep.equal({ published: 1, ignored: 0 });
      const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
      expect(input.Subject).to.match(/\| workload \(444444444444\) eu-west-1/);
      expect(input.MessageAttributes).to.deep.equal({ event: { DataType: "String", StringValue: "non-compliant" } });
    } finally {
      console.log = log;
      sns.restore();
      if (saved === undefined) delete process.env[ENV.targetTopicArn];
      else process.env[ENV.targetTopicArn] = saved;
      fs.rmSync(path.join(dir, "node_modules"));
    }
  });

  it("changes only when the code or the inventory's names do", async () => {
    const same = complianceNotifierCodeArchive(deployment.accounts);
    const renamed = complianceNotifierCodeArchive(deployment.accounts.map((a) => (a.id === "444444444444" ? { ...a, name: "workload-prod" } : a)));
    const text = async (archive: pulumi.asset.AssetArchive) => {
      const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
      return Object.fromEntries(await Promise.all(Object.entries(assets).map(async ([k, v]) => [k, await (v.text as unknown as Promise<string>)])));
    };
    const [a, b, c] = await Promise.all([text(complianceNotifierCodeArchive(deployment.accounts)), text(same), text(renamed)]);
    expect(b).to.deep.equal(a);
    expect(Object.keys(c).filter((k) => c[k] !== a[k])).to.deep.equal(["accounts.json"]);
  });
});

describe("lambda code archives (lambdaCodeArchive)", () => {
  let dir = "";
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-code-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("transpiles TypeScript, prefers a compiled sibling, skips declarations, and adds or replaces extra files", async () => {
    fs.writeFileSync(path.join(dir, "index.ts"), 'import { x } from "./shim";\nexport const handler = async (): Promise<number> => x;\n');
    fs.writeFileSync(path.join(dir, "shim.ts"), 'export { x } from "../elsewhere";\n');
    fs.writeFileSync(path.join(dir, "legacy.ts"), "export const y: number = 1;\n");
    fs.writeFileSync(path.join(dir, "legacy.js"), "exports.y = 2;\n");
    fs.writeFileSync(path.join(dir, "types.d.ts"), "export type T = string;\n");
    const out = path.join(dir, "out");
    fs.mkdirSync(out);
    const files = await writeArchive(lambdaCodeArchive(dir, { "shim.js": "exports.x = 42;\n", "data.json": "{}\n" }), out);
    expect(files).to.deep.equal(["data.json", "index.js", "legacy.js", "shim.js"]);
    expect(fs.readFileSync(path.join(out, "legacy.js"), "utf8")).to.equal("exports.y = 2;\n");
    const run = spawnSync(
      process.execPath,
      ["-e", `require(${JSON.stringify(path.join(out, "index.js"))}).handler().then((v) => process.stdout.write(String(v)))`],
      {
        cwd: os.tmpdir(),
        encoding: "utf8",
      },
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal("42");
  });

  it("refuses a folder without a handler, even with extra files", () => {
    fs.writeFileSync(path.join(dir, "evaluate.ts"), "export const x = 1;\n");
    expect(() => lambdaCodeArchive(dir, { "accounts.json": "{}" })).to.throw(/no index.ts or index.js in `.*`: the Lambda handler is missing/);
  });
});
