/**
 * The Lambda's code archive: the rule folder's modules as CommonJS, runnable
 * by Node without this repository (the Lambda runtime supplies only Node and
 * the AWS SDK v3).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { approvedImagesCodeArchive, RULE_CODE_DIR } from "../../../components/central/approvedImagesRule";

async function writeArchive(archive: pulumi.asset.AssetArchive, dir: string): Promise<string[]> {
  const assets = (await archive.assets) as Record<string, pulumi.asset.StringAsset>;
  const names = Object.keys(assets).sort();
  for (const name of names) fs.writeFileSync(path.join(dir, name), await (assets[name]!.text as unknown as Promise<string>));
  return names;
}

describe("approved-images: code archive", () => {
  let dir = "";
  let files: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "approved-images-"));
    files = await writeArchive(approvedImagesCodeArchive(), dir);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("holds one JavaScript module per TypeScript module of the rule folder", () => {
    const sources = fs.readdirSync(RULE_CODE_DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    expect(files).to.deep.equal(sources.map((f) => f.replace(/\.ts$/, ".js")).sort());
    expect(files).to.include("index.js");
  });

  it("requires nothing but its own modules, Node built-ins and the AWS SDK v3", () => {
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), "utf8");
      const required = [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]!);
      for (const module of required) expect(module, `${file} requires ${module}`).to.match(/^(\.\/[a-zA-Z]+|@aws-sdk\/client-[a-z0-9-]+|node:[a-z]+)$/);
    }
  });

  it("loads in a plain Node process and evaluates with the compiled code", () => {
    const script = `
      const { handler } = require(${JSON.stringify(path.join(dir, "index.js"))});
      const { evaluateInstance } = require(${JSON.stringify(path.join(dir, "evaluate.js"))});
      const verdict = evaluateInstance({ instanceId: "i-1", imageId: "ami-12345678" }, undefined, { version: 1, entries: [{ imageIds: ["ami-12345678"] }] });
      process.stdout.write(JSON.stringify({ handler: typeof handler, verdict: verdict.complianceType }));
    `;
    // Run outside the repository so nothing but the archive (and Node) is on the module path for relative requires.
    const run = spawnSync(process.execPath, ["-e", script], { cwd: os.tmpdir(), encoding: "utf8" });
    expect(run.status, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout)).to.deep.equal({ handler: "function", verdict: "COMPLIANT" });
  });

  it("is deterministic, so the function is updated only when the code changes", async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), "approved-images-"));
    try {
      await writeArchive(approvedImagesCodeArchive(), again);
      for (const file of files) expect(fs.readFileSync(path.join(again, file), "utf8"), file).to.equal(fs.readFileSync(path.join(dir, file), "utf8"));
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  });

  it("refuses a folder without a handler", () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-handler-"));
    try {
      fs.writeFileSync(path.join(empty, "evaluate.ts"), "export const x = 1;\n");
      expect(() => approvedImagesCodeArchive(empty)).to.throw(/no index.ts or index.js/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
