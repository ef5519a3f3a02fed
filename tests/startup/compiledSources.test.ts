import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { MANIFEST_NAME, staleBuildMessage, staleSources, writeSourceManifest } from "../../startup/compiledSources";

describe("compiled program freshness (startup/compiledSources)", () => {
  let root: string;
  const compiled = (rel: string) => path.join(root, "dist", rel);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "compiled-sources-"));
    for (const [rel, text] of Object.entries({ "index.ts": "export = 1;\n", "config/load.ts": "export const a = 1;\n" })) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
      fs.mkdirSync(path.dirname(compiled(rel.replace(/\.ts$/, ".js"))), { recursive: true });
      fs.writeFileSync(compiled(rel.replace(/\.ts$/, ".js")), "module.exports = 1;\n");
    }
    fs.mkdirSync(path.join(root, "dist", "node_modules", "x"), { recursive: true });
    fs.writeFileSync(path.join(root, "dist", "node_modules", "x", "index.js"), "");
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const loaded = () => [compiled("index.js"), compiled("config/load.js"), path.join(root, "node_modules", "y", "index.js")];

  it("records every compiled source and finds nothing stale right after the build", () => {
    expect(writeSourceManifest(root)).to.equal(2);
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(root, "dist", MANIFEST_NAME), "utf8")))).to.have.members(["index.ts", "config/load.ts"]);
    expect(staleSources(root, loaded())).to.deep.equal([]);
    expect(staleBuildMessage(compiled("index.js"), root, loaded())).to.equal(undefined);
  });

  it("names a source edited after the build, and says how to fix it", () => {
    writeSourceManifest(root);
    fs.writeFileSync(path.join(root, "config/load.ts"), "export const a = 2;\n");
    expect(staleSources(root, loaded())).to.deep.equal(["config/load.ts"]);
    expect(staleBuildMessage(compiled("index.js"), root, loaded()))
      .to.contain("`config/load.ts`")
      .and.contain("run `npm run build`");
  });

  it("goes by content, not time: a touched but unchanged source is current", () => {
    writeSourceManifest(root);
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, "index.ts"), later, later);
    expect(staleSources(root, loaded())).to.deep.equal([]);
  });

  it("treats a dist/ built without the manifest (plain tsc) as stale", () => {
    expect(staleSources(root, loaded())).to.deep.equal(["config/load.ts", "index.ts"]);
  });

  it("checks nothing when the program runs from its TypeScript sources", () => {
    expect(staleBuildMessage(path.join(root, "index.ts"), root, loaded())).to.equal(undefined);
  });
});
