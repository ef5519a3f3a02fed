import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { expect } from "chai";

import { compiledModule } from "../../../components/central/lambdaCode";

describe("lambda code: one module shipped under another name", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-code-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("transpiles a TypeScript source to CommonJS", () => {
    fs.writeFileSync(path.join(dir, "source.ts"), "export const answer: number = 42;\n");
    const js = compiledModule(path.join(dir, "source.ts"));
    expect(js).to.include("exports.answer = 42").and.not.include(": number");
  });

  it("takes the compiled sibling when the program runs from compiled JavaScript (no .ts there)", () => {
    fs.writeFileSync(path.join(dir, "compiled.js"), '"use strict";\nexports.answer = 42;\n');
    expect(compiledModule(path.join(dir, "compiled.ts"))).to.equal('"use strict";\nexports.answer = 42;\n');
  });
});
