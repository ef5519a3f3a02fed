/**
 * Lambda code archives built from a folder of this repository: the folder's
 * modules, TypeScript transpiled to CommonJS (compiled `.js` siblings are taken
 * as they are), plus generated files (data, or modules that stand in for
 * repository-relative imports). The Lambda Node.js runtime supplies the AWS
 * SDK v3; nothing else is bundled. Deterministic, so a function is updated only
 * when its code or data change.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import * as pulumi from "@pulumi/pulumi";

/**
 * The archive of `dir`'s top-level modules. `extraFiles` (archive name →
 * content) are added as they are and replace a folder file of the same name.
 */
export function lambdaCodeArchive(dir: string, extraFiles: Readonly<Record<string, string>> = {}): pulumi.asset.AssetArchive {
  const sources = fs
    .readdirSync(dir)
    .filter((f) => (f.endsWith(".ts") && !f.endsWith(".d.ts")) || f.endsWith(".js"))
    .sort();
  const files: Record<string, string> = {};
  for (const file of sources) {
    const js = file.replace(/\.ts$/, ".js");
    if (file.endsWith(".ts") && sources.includes(js)) continue;
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    files[js] = file.endsWith(".ts") ? transpile(text, file) : text;
  }
  Object.assign(files, extraFiles);
  if (!files["index.js"]) throw new Error(`no index.ts or index.js in \`${dir}\`: the Lambda handler is missing`);
  const assets: Record<string, pulumi.asset.StringAsset> = {};
  for (const name of Object.keys(files).sort()) assets[name] = new pulumi.asset.StringAsset(files[name]!);
  return new pulumi.asset.AssetArchive(assets);
}

/** One TypeScript module of this repository as CommonJS, to ship in an archive under another name. */
export function compiledModule(file: string): string {
  // Run from compiled JavaScript (dist/), the module's .js sibling is there instead of its source.
  const js = file.replace(/\.ts$/, ".js");
  if (file.endsWith(".ts") && !fs.existsSync(file) && fs.existsSync(js)) return fs.readFileSync(js, "utf8");
  return transpile(fs.readFileSync(file, "utf8"), path.basename(file));
}

function transpile(source: string, fileName: string): string {
  // Loaded only here: TypeScript is present wherever the program runs from .ts sources.
  const ts = require("typescript") as typeof import("typescript");
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}
