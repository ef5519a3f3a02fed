/**
 * Every path that a comment or a Markdown file names exists in the tree, so a reference to a
 * moved or deleted file fails here instead of misleading a reader. A path-looking reference is
 * a word with a slash that starts with one of the tree's top-level folders, with a folder beside
 * the file that names it, or with `./` or `../`. It may be written from any folder above the
 * file (a package's own root) and name a module without its extension. Globs and placeholders
 * (`*`, `<stack>`, `{a,b}`) are patterns, not paths; `dist/` and `node_modules/` are made by the
 * build and the install.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

const ROOT = path.resolve(__dirname, "..");
/** Made by `npm ci`, `npm run build` or a run, not kept in the tree. */
const GENERATED = ["dist", "node_modules", ".scratch", ".pulumi", "tmp", ".venv-tools", ".notes"];
const CODE = /\.(ts|js)$/;

/** The tracked files (the tree as committed, plus files not yet committed but not ignored). */
function treeFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  return out.split("\n").filter((f) => f !== "" && fs.existsSync(path.join(ROOT, f)));
}

/**
 * The comment text of a TypeScript or JavaScript file by line (`//` and block comments, strings
 * and template literals skipped, across lines), or every line of Markdown.
 */
function commentLines(file: string, text: string): { line: number; text: string }[] {
  if (!CODE.test(file)) return text.split("\n").map((t, i) => ({ line: i + 1, text: t }));
  const found = new Map<number, string>();
  let line = 1;
  let state: "code" | "line" | "block" | '"' | "'" | "`" = "code";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "\n") {
      line++;
      if (state === "line") state = "code";
      continue;
    }
    if (state === "line" || state === "block") {
      if (state === "block" && c === "*" && next === "/") {
        state = "code";
        i++;
        continue;
      }
      found.set(line, (found.get(line) ?? "") + c);
    } else if (state === "code") {
      if (c === "/" && next === "/") state = "line";
      else if (c === "/" && next === "*") state = "block";
      else if (c === '"' || c === "'" || c === "`") state = c;
      if (state === "line" || state === "block") {
        found.set(line, (found.get(line) ?? "") + " ");
        i++;
      }
    } else if (c === "\\") i++;
    else if (c === state) state = "code";
  }
  return [...found].map(([n, t]) => ({ line: n, text: t }));
}

const REFERENCE = /(?<![\w./@~:-])((?:\.\.?\/)?(?:[\w.-]+\/)+[\w.-]*)/g;

/** References to paths outside this tree that happen to start like one of its folders, or that a reader creates. */
const NOT_IN_THE_TREE: Readonly<Record<string, string>> = {
  "accounts/pilot.yaml": "the README's pilot steps copy it there",
  "docs/architecture/deployment-execution/state.md": "a page of pulumi/pulumi's repository",
  "accounts/dev.measured.yaml": "what `cost --measured --write-inventory` writes beside the inventory",
  "accounts/prod.measured.yaml": "what `cost --measured --write-inventory` writes beside the inventory",
  "aws/s3": "the alias of the AWS managed S3 key, not a folder",
};

/** Whether `reference` names something in the tree, from the file's folder or any folder above it (a package's own root), as written or as a module (no extension, or the compiled `.js` of a `.ts`). */
function exists(reference: string, dir: string): boolean {
  const forms = [reference, `${reference}.ts`, `${reference}.md`, reference.replace(/\.js$/, ".ts"), path.join(reference, "index.ts")];
  for (let at = dir; ; at = path.dirname(at)) {
    if (forms.some((f) => fs.existsSync(path.join(ROOT, at, f)))) return true;
    if (at === "." || at === "") return false;
  }
}

/** The path-looking references of one file that the tree does not have, as `file:line: reference`. */
function deadReferences(file: string, topLevel: ReadonlySet<string>): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const dir = path.dirname(file);
  const dead: string[] = [];
  for (const { line, text: comment } of commentLines(file, text)) {
    for (const match of comment.matchAll(REFERENCE)) {
      const after = comment.slice((match.index ?? 0) + match[0].length);
      if (/^[*<{$(]/.test(after)) continue; // a glob, a placeholder, a call (an elided tail `…` still names its folder)
      const reference = match[1]!.replace(/[.,:;]+$/, "");
      const first = reference.replace(/^\.\.?\//, "").split("/")[0]!;
      if (GENERATED.includes(first) || reference.startsWith("../shared/") || NOT_IN_THE_TREE[reference]) continue;
      const besideFile = dir !== "." && fs.existsSync(path.join(ROOT, dir, first));
      if (!topLevel.has(first) && !besideFile && !reference.startsWith(".")) continue;
      if (!exists(reference, dir)) dead.push(`${file}:${line}: ${reference}`);
    }
  }
  return dead;
}

describe("path references in comments and Markdown", () => {
  it("name files and folders that exist in the tree", function () {
    const files = treeFiles();
    const topLevel = new Set(files.map((f) => f.split("/")[0]!).filter((f) => f.includes("/") || fs.statSync(path.join(ROOT, f)).isDirectory()));
    const checked = files.filter((f) => (CODE.test(f) || f.endsWith(".md")) && !f.startsWith("tests/fixtures/"));
    expect(checked.length, "files read").to.be.greaterThan(100);
    const dead = checked.flatMap((f) => deadReferences(f, topLevel));
    expect(dead, `references to paths the tree does not have:\n${dead.join("\n")}`).to.deep.equal([]);
  });

  it("finds a dead reference in a comment and in Markdown, and passes a live one", () => {
    const scratch = fs.mkdtempSync(path.join(ROOT, "tests", ".references-"));
    try {
      const rel = path.relative(ROOT, scratch);
      fs.writeFileSync(
        path.join(scratch, "a.ts"),
        '// see config/load.ts and config/pipeline.ts\nconst url = "https://example.com/config/none.ts"; // config/defaults.ts\n',
      );
      fs.writeFileSync(path.join(scratch, "b.md"), "Run tests/provider/… and read `config/domain.ts`, not tests/nowhere/x.test.ts.\n");
      const topLevel = new Set(["config", "tests"]);
      expect(deadReferences(`${rel}/a.ts`, topLevel)).to.deep.equal([`${rel}/a.ts:1: config/load.ts`]);
      expect(deadReferences(`${rel}/b.md`, topLevel)).to.deep.equal([`${rel}/b.md:1: tests/provider/`, `${rel}/b.md:1: tests/nowhere/x.test.ts`]);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
