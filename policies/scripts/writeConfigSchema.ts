/**
 * Writes policies/config/schema.json from the policies' config schemas:
 * `cd policies && npx ts-node scripts/writeConfigSchema.ts`. A test fails
 * when the checked-in file differs from what this writes.
 */
import * as fs from "fs";
import * as path from "path";

import { policyConfigFileSchema } from "../config";

export const CONFIG_SCHEMA_PATH = path.join(__dirname, "..", "config", "schema.json");

export function configSchemaText(): string {
  return `${JSON.stringify(policyConfigFileSchema(), null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(CONFIG_SCHEMA_PATH, configSchemaText());
  console.log(`wrote ${path.relative(process.cwd(), CONFIG_SCHEMA_PATH)}`);
}
