/**
 * AWS Organizations calls in the management account (global service), mapped to typed
 * errors naming the account and the fix.
 */
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import { allPages } from "../../aws/pages";
import { callWith } from "./awsClients";
import { placeError, type Hints } from "./awsErrors";
import { globalServiceRegion, type Target } from "./session";

const sdk = () => require("@aws-sdk/client-organizations") as typeof import("@aws-sdk/client-organizations");

const HINTS: Hints = {
  AWSOrganizationsNotInUseException: "This account is not in an organization; `managementAccountId` must be the organization's management account",
  AccessDeniedException: "Trusted access can only be changed from the organization's management account: check `managementAccountId` and the role used there",
  ConstraintViolationException: "The organization must have all features enabled (`aws organizations enable-all-features`)",
};

async function call<T>(target: Target, operation: string, send: (client: OrganizationsClient) => Promise<T>): Promise<T> {
  try {
    return await callWith("organizations", sdk().OrganizationsClient, target, globalServiceRegion(target), send);
  } catch (error) {
    throw placeError(operation, target.accountId, undefined, error, HINTS, target.roleArn);
  }
}

/** Service principals with trusted access in the organization (all pages). */
export async function listServiceAccess(target: Target): Promise<string[]> {
  const c = sdk();
  const pages = await allPages((NextToken) =>
    call(target, "ListAWSServiceAccessForOrganization", (client) => client.send(new c.ListAWSServiceAccessForOrganizationCommand({ NextToken }))),
  );
  return pages.flatMap((out) => (out.EnabledServicePrincipals ?? []).flatMap((p) => (p.ServicePrincipal ? [p.ServicePrincipal] : [])));
}

/** Every account of the organization, any status (all pages). */
export async function listAccounts(target: Target): Promise<{ id: string; name: string; status: string }[]> {
  const c = sdk();
  const pages = await allPages((NextToken) => call(target, "ListAccounts", (client) => client.send(new c.ListAccountsCommand({ NextToken }))));
  // `State` replaces `Status`, which AWS retired in September 2026: read whichever is set.
  return pages.flatMap((out) => (out.Accounts ?? []).map((a) => ({ id: a.Id!, name: a.Name ?? a.Id!, status: String(a.State ?? a.Status ?? "UNKNOWN") })));
}

/** Account ids directly below an OU or root (all pages). */
export async function listAccountIdsForParent(target: Target, parentId: string): Promise<string[]> {
  const c = sdk();
  const pages = await allPages((NextToken) =>
    call(target, `ListAccountsForParent \`${parentId}\``, (client) => client.send(new c.ListAccountsForParentCommand({ ParentId: parentId, NextToken }))),
  );
  return pages.flatMap((out) => (out.Accounts ?? []).map((a) => a.Id!));
}

/** OU ids directly below an OU or root (all pages). */
export async function listChildOuIds(target: Target, parentId: string): Promise<string[]> {
  const c = sdk();
  const pages = await allPages((NextToken) =>
    call(target, `ListOrganizationalUnitsForParent \`${parentId}\``, (client) =>
      client.send(new c.ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken })),
    ),
  );
  return pages.flatMap((out) => (out.OrganizationalUnits ?? []).map((ou) => ou.Id!));
}

export async function enableServiceAccess(target: Target, principal: string): Promise<void> {
  const c = sdk();
  await call(target, `EnableAWSServiceAccess \`${principal}\``, (client) => client.send(new c.EnableAWSServiceAccessCommand({ ServicePrincipal: principal })));
}

export async function disableServiceAccess(target: Target, principal: string): Promise<void> {
  const c = sdk();
  await call(target, `DisableAWSServiceAccess \`${principal}\``, (client) =>
    client.send(new c.DisableAWSServiceAccessCommand({ ServicePrincipal: principal })),
  );
}

/** The organization's root ids (all pages). */
export async function listRootIds(target: Target): Promise<string[]> {
  const c = sdk();
  const pages = await allPages((NextToken) => call(target, "ListRoots", (client) => client.send(new c.ListRootsCommand({ NextToken }))));
  return pages.flatMap((out) => (out.Roots ?? []).map((r) => r.Id!));
}
