/**
 * The organization as it is now, for commands that run outside the Pulumi
 * engine (policy config, preflight, report, cost, find) on a `discover: true`
 * inventory: every account, and the members of the OUs of interest, read
 * through the management account with the same session layer as the provider.
 */
import { ListAccountsCommand, ListAccountsForParentCommand, ListOrganizationalUnitsForParentCommand, OrganizationsClient } from "@aws-sdk/client-organizations";

import type { OrganizationSnapshot } from "../config/discovery";
import { accessOf, type ParsedSources } from "../config/load";
import { ousOfInterest } from "../config/discovery";
import { clientConfig, globalServiceRegion, type Target } from "../components/multiaccount/session";
import { roleArn } from "../aws/arns";

export async function liveOrganization(parsed: ParsedSources): Promise<OrganizationSnapshot> {
  const managementId = parsed.base.managementAccountId;
  const access = accessOf(parsed, managementId);
  const target: Target = {
    accountId: managementId,
    ...(access.roleName ? { roleArn: roleArn(parsed.base.partition, managementId, access.roleName) } : {}),
    ...(access.externalId ? { externalId: access.externalId } : {}),
    purpose: "discover-accounts",
  };
  const client = new OrganizationsClient(await clientConfig(target, globalServiceRegion(target)));
  try {
    const accounts: OrganizationSnapshot["accounts"][number][] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListAccountsCommand({ ...(token ? { NextToken: token } : {}) }));
      // `State` replaces `Status`, which AWS retired in September 2026.
      for (const a of page.Accounts ?? []) accounts.push({ id: a.Id!, name: a.Name ?? a.Id!, status: String(a.State ?? a.Status ?? "UNKNOWN") });
      token = page.NextToken;
    } while (token);

    const ouMembers: Record<string, string[]> = {};
    for (const ou of ousOfInterest(parsed)) ouMembers[ou] = await descendantAccounts(client, ou);
    return { accounts, ouMembers };
  } finally {
    client.destroy();
  }
}

/** Accounts anywhere below an OU: its own, then its child OUs', depth first. */
async function descendantAccounts(client: OrganizationsClient, parentId: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, ...(token ? { NextToken: token } : {}) }));
    ids.push(...(page.Accounts ?? []).map((a) => a.Id!));
    token = page.NextToken;
  } while (token);
  do {
    const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, ...(token ? { NextToken: token } : {}) }));
    for (const ou of page.OrganizationalUnits ?? []) ids.push(...(await descendantAccounts(client, ou.Id!)));
    token = page.NextToken;
  } while (token);
  return ids;
}
