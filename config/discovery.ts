/**
 * Discovery: the organization's accounts, and for the OUs the inventory or the
 * shard names, which accounts sit below them. The same snapshot shape comes
 * from the live organization (program invokes, operator commands) and from a
 * fixture file (offline plan), so both go through one merge.
 */
import type { OrganizationAccount, ParsedSources } from "./load";

export interface OrganizationSnapshot {
  /** Every account of the organization, any status. */
  readonly accounts: readonly { readonly id: string; readonly name: string; readonly status: string }[];
  /** Account ids below each OU of interest (descendants, not only direct children). */
  readonly ouMembers: Readonly<Record<string, readonly string[]>>;
}

/** OUs whose membership matters: those with a recording profile and those a shard takes. */
export function ousOfInterest(parsed: ParsedSources): string[] {
  const ous = new Set(Object.keys(parsed.inventory.ouProfiles ?? {}));
  if (parsed.base.shard.kind === "ou") parsed.base.shard.ous.forEach((ou) => ous.add(ou));
  return [...ous];
}

/** Accounts with the first OU of interest that contains them (inventory order of OUs decides ties). */
export function accountsFromSnapshot(snapshot: OrganizationSnapshot, ous: readonly string[]): OrganizationAccount[] {
  const ouOf = new Map<string, string>();
  for (const ou of ous) for (const id of snapshot.ouMembers[ou] ?? []) if (!ouOf.has(id)) ouOf.set(id, ou);
  return snapshot.accounts.map((a) => ({ id: a.id, name: a.name, status: a.status, ...(ouOf.has(a.id) ? { ou: ouOf.get(a.id)! } : {}) }));
}
