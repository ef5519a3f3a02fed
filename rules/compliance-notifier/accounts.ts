/**
 * Account names, from the stack's inventory, shipped in the code archive as
 * `accounts.json` (id → name). A thousand names do not fit the 4 KB of a
 * Lambda environment; a file in the archive has no such limit and changes with
 * the inventory (a new archive, so a new function version).
 */
import * as fs from "node:fs";

export const ACCOUNTS_FILE = "accounts.json";

export type AccountNames = Readonly<Record<string, string>>;

/** The file's content: ids in order, so the archive changes only when the inventory does. */
export function accountNamesFile(accounts: readonly { readonly id: string; readonly name: string }[]): string {
  const sorted = [...accounts].sort((a, b) => a.id.localeCompare(b.id));
  return `${JSON.stringify(Object.fromEntries(sorted.map((a) => [a.id, a.name])), null, 2)}\n`;
}

/**
 * Reads the names. A missing file gives no names (the message still goes out,
 * with ids only); a file that is not an id → name object is a packaging error.
 */
export function readAccountNames(file: string): AccountNames {
  if (!fs.existsSync(file)) return {};
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.entries(parsed).every(([id, name]) => /^\d{12}$/.test(id) && typeof name === "string");
  if (!valid) throw new Error(`\`${file}\` is not an object of 12-digit account id → name; redeploy the ComplianceTopics component`);
  return parsed as AccountNames;
}
