/**
 * A `cost --measured` suggestion as a change to the stack's inventory: the new profile under
 * `profiles:` and `profile: <new>` on each account it names (an entry is added for an account
 * the inventory does not list, as a discovering stack's may not). Comments and the rest of the
 * file are kept (the `yaml` library's document model).
 */
import * as YAML from "yaml";
import type { Suggestion } from "./costMeasured";

/** The YAML a person pastes: the profile block, and the accounts' `profile:` lines. */
export function suggestionYaml(s: Suggestion): string {
  const profile = YAML.stringify({ profiles: { [s.newProfile]: s.profileBlock } });
  const accounts = YAML.stringify({ accounts: s.accounts.map((a) => ({ id: a.id, profile: s.newProfile })) });
  return `${profile}${accounts}`;
}

/** `inventory` (YAML text) with the suggestion applied; throws when the text is not an inventory mapping. */
export function applySuggestion(inventory: string, s: Suggestion): string {
  const doc = YAML.parseDocument(inventory);
  if (doc.errors.length > 0) throw new Error(`the inventory is not valid YAML: ${doc.errors[0]!.message}`);
  if (!YAML.isMap(doc.contents)) throw new Error("the inventory is not a mapping: expected `accounts:`, `profiles:`, …");
  if (doc.hasIn(["profiles", s.newProfile])) throw new Error(`the inventory already has a profile \`${s.newProfile}\``);
  doc.setIn(["profiles", s.newProfile], doc.createNode(s.profileBlock));
  if (!doc.has("accounts")) doc.set("accounts", doc.createNode([]));
  const accounts = doc.get("accounts");
  if (!YAML.isSeq(accounts)) throw new Error("`accounts` in the inventory is not a list");
  for (const a of s.accounts) {
    const entry = accounts.items.find((item) => YAML.isMap(item) && String(item.get("id")) === a.id);
    if (YAML.isMap(entry)) entry.set("profile", s.newProfile);
    else accounts.items.push(doc.createNode({ id: a.id, name: a.name, profile: s.newProfile }));
  }
  return doc.toString();
}
