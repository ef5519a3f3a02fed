/**
 * `packs[i].targets` and `approvedImages.targets` as written, both lists present: the defaults
 * step and the template packs read them alike; config/packTargets.ts checks and resolves them.
 */
import type { PackTargets } from "../packs/choices";

export function targetsOf(raw: { readonly ous?: readonly string[]; readonly accounts?: readonly string[] }): PackTargets {
  return { ous: raw.ous ?? [], accounts: raw.accounts ?? [] };
}
