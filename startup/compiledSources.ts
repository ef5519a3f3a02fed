/**
 * Keeps `pulumi preview`/`up` from running stale JavaScript. Pulumi.yaml runs the
 * compiled program (`main: dist/index.js`, `typescript: false`: see the README's
 * benchmarks for why), so a source edited or pulled after the last build would
 * otherwise be ignored without a word.
 *
 * `npm run build` compiles, then writes `dist/.sources.json`: a hash of every
 * TypeScript source that has compiled JavaScript in dist/. At start-up the compiled
 * program compares every module it has loaded with its source; any that differs,
 * or a build without the manifest, stops the run before any resource is declared.
 * Hashes, not modification times: a checkout or a touch changes times, not code,
 * and tsc's incremental build does not rewrite unchanged output.
 *
 * Usage (after tsc): `node dist/startup/compiledSources.js` writes the manifest.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";

export const MANIFEST_NAME = ".sources.json";

type Manifest = Record<string, string>;

function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** `<root>/dist/x/y.js` -> `x/y.ts` (relative, `/`-separated), or undefined outside dist/. */
function sourceOf(projectRoot: string, compiled: string): string | undefined {
  const rel = path.relative(path.join(projectRoot, "dist"), compiled);
  if (rel.startsWith("..") || path.isAbsolute(rel) || !rel.endsWith(".js") || rel.split(path.sep).includes("node_modules")) return undefined;
  return rel.slice(0, -".js".length).split(path.sep).join("/") + ".ts";
}

function compiledFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : compiledFiles(full);
    return entry.name.endsWith(".js") ? [full] : [];
  });
}

/** Writes dist/.sources.json for every compiled file whose TypeScript source exists; returns how many. */
export function writeSourceManifest(projectRoot: string): number {
  const manifest: Manifest = {};
  for (const compiled of compiledFiles(path.join(projectRoot, "dist"))) {
    const source = sourceOf(projectRoot, compiled);
    if (source && fs.existsSync(path.join(projectRoot, source))) manifest[source] = sha256(path.join(projectRoot, source));
  }
  fs.writeFileSync(path.join(projectRoot, "dist", MANIFEST_NAME), JSON.stringify(manifest, null, 1) + "\n");
  return Object.keys(manifest).length;
}

/** Sources of `loaded` compiled modules that changed since the last `npm run build` (all of them without a manifest). */
export function staleSources(projectRoot: string, loaded: readonly string[]): string[] {
  let manifest: Manifest | undefined;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, "dist", MANIFEST_NAME), "utf8")) as Manifest;
  } catch {
    manifest = undefined;
  }
  const stale: string[] = [];
  for (const compiled of loaded) {
    const source = sourceOf(projectRoot, compiled);
    if (!source || !fs.existsSync(path.join(projectRoot, source))) continue;
    if (manifest?.[source] !== sha256(path.join(projectRoot, source))) stale.push(source);
  }
  return stale.sort();
}

/**
 * When `entry` is the compiled program, the sources of every module loaded so far that
 * changed since the build, as one message (undefined when current or run from sources).
 */
export function staleBuildMessage(entry: string, projectRoot: string, loaded: readonly string[] = Object.keys(require.cache)): string | undefined {
  if (!entry.endsWith(".js")) return undefined;
  const stale = staleSources(projectRoot, loaded);
  if (stale.length === 0) return undefined;
  const shown = stale
    .slice(0, 5)
    .map((s) => `\`${s}\``)
    .join(", ");
  return (
    `the compiled program in dist/ is older than its sources (${shown}${stale.length > 5 ? ` and ${stale.length - 5} more` : ""} changed since the last build): ` +
    "run `npm run build`, then run pulumi again"
  );
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..", "..");
  process.stdout.write(`wrote dist/${MANIFEST_NAME} (${writeSourceManifest(root)} sources)\n`);
}
