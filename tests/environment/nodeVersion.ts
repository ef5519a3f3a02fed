/**
 * Whether the Node running the tests is one the package supports
 * (`engines.node`, a `>=N` range): the suites are run on that Node only.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Why `version` (`process.version`) does not satisfy `engines` (`>=N`), or undefined when it does. */
export function unsupportedNode(version: string, engines: string): string | undefined {
  const minimum = /^>=\s*(\d+)$/.exec(engines.trim())?.[1];
  if (minimum === undefined) return `package.json \`engines.node\` is \`${engines}\`: write it as \`>=<major>\``;
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (major >= Number(minimum)) return undefined;
  return `the tests run on Node ${engines} and this is Node ${version}: put a newer Node first on PATH (\`eval "$(scripts/use-node24)"\`, see the README) and run them again`;
}

export function packageEngines(root: string): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { engines?: { node?: string } };
  return pkg.engines?.node ?? "";
}
