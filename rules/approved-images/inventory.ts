/**
 * The accounts the rule may act for: the stack's in-scope account ids, written by the
 * ApprovedImagesRule component to the rule's bucket (not the environment: Lambda's 4 KB
 * environment cannot hold 1,000 ids, about 15 KB as JSON). The handler refuses any
 * invocation for an account outside it, so a caller that is not this organization's
 * Config gets nothing done on its behalf.
 */
export interface AccountInventory {
  readonly version: 1;
  readonly accountIds: readonly string[];
}

/** The object's content, as the component writes it. */
export function accountInventoryBody(accountIds: readonly string[]): string {
  const inventory: AccountInventory = { version: 1, accountIds: [...new Set(accountIds)].sort() };
  return JSON.stringify(inventory);
}

/** Parses the object; throws naming `where` when it is not an inventory (the rule then fails loudly, acting for no one). */
export function parseAccountInventory(text: string, where: string): ReadonlySet<string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${where} is not JSON: ${(e as Error).message}`);
  }
  const ids = (value as { accountIds?: unknown } | null)?.accountIds;
  if ((value as { version?: unknown } | null)?.version !== 1 || !Array.isArray(ids) || !ids.every((id) => typeof id === "string" && /^\d{12}$/.test(id))) {
    throw new Error(`${where} is not an account inventory ({"version":1,"accountIds":["<12 digits>",…]}): redeploy the ApprovedImagesRule component`);
  }
  return new Set(ids as string[]);
}
