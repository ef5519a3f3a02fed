/** Reading the test templates under tests/fixtures/templates/ and building readTemplatePack inputs for them. */
import * as fs from "node:fs";
import * as path from "node:path";

import { managedRuleCatalog } from "../../../packs/catalog/managedRuleCatalog";
import { toPlain } from "../../../packs/templates/cloudFormationYaml";
import type { TemplatePackInput } from "../../../packs/templates";

export { parseTemplate } from "../../../packs/templates";
export const toPlainForTests = toPlain;

export const FIXTURES = path.join(__dirname, "../../fixtures/templates");
export const catalog = managedRuleCatalog();
export const GOVERNED = ["us-east-1", "eu-west-1", "ap-southeast-7"];

export function fixture(file: string): string {
  return fs.readFileSync(path.join(FIXTURES, file), "utf8");
}

/** The input for a fixture as a `packs:` entry would give it. */
export function inputFor(file: string, overrides: Partial<TemplatePackInput> = {}): TemplatePackInput {
  return {
    name: "test-pack",
    file: `conformance-packs/${file}`,
    text: fixture(file),
    governedRegions: GOVERNED,
    catalog,
    ...overrides,
  };
}
