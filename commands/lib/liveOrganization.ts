/**
 * The organization as it is now (its accounts, roots and OUs), for commands that run outside the Pulumi engine (policy
 * config, preflight, report, cost, find) on a `discover: true` inventory: config/discovery.ts
 * asks the Organizations API through the management account, with the same session layer
 * and calls as the provider (components/multiaccount/organizationsService.ts).
 */
import { accessTo, assumeRoleOf } from "../../config/access";
import type { Settings } from "../../config/defaults";
import { discoverOrganization, ousOfInterest, type OrganizationLister, type OrganizationSnapshot } from "../../config/discovery";
import { listAccountIdsForParent, listAccounts, listChildOuIds, listRootIds } from "../../components/multiaccount/organizationsService";
import type { Target } from "../../components/multiaccount/session";

export async function liveOrganization(settings: Settings): Promise<OrganizationSnapshot> {
  const managementId = settings.base.managementAccountId;
  const target: Target = { accountId: managementId, ...assumeRoleOf(accessTo(settings.base.accessRules, managementId)), purpose: "discover-accounts" };
  return discoverOrganization(apiOrganizationLister(target), ousOfInterest(settings));
}

/**
 * The Organizations API as a lister: descendants of an OU are its accounts, then its child OUs', depth first.
 * The child OUs of each parent are asked once per lister: the tree walk (`units`) and the members of
 * the OUs of interest (`descendantAccountIds`) cover the same parents.
 */
export function apiOrganizationLister(target: Target): OrganizationLister {
  const childOus = new Map<string, Promise<string[]>>();
  const childOuIds = (parentId: string): Promise<string[]> => {
    let children = childOus.get(parentId);
    if (!children) {
      children = listChildOuIds(target, parentId);
      childOus.set(parentId, children);
    }
    return children;
  };
  const descendants = async (parentId: string): Promise<string[]> => {
    const own = await listAccountIdsForParent(target, parentId);
    const below = await Promise.all((await childOuIds(parentId)).map(descendants));
    return [...own, ...below.flat()];
  };
  const ousBelow = async (parentId: string): Promise<string[]> => {
    const children = await childOuIds(parentId);
    return [...children, ...(await Promise.all(children.map(ousBelow))).flat()];
  };
  return {
    accounts: () => listAccounts(target),
    descendantAccountIds: descendants,
    // Every OU, so that an OU id the stack names and the organization does not have is reported by name (config/organizationUnits.ts).
    units: async () => {
      const roots = await listRootIds(target);
      return { roots, organizationalUnits: (await Promise.all(roots.map(ousBelow))).flat() };
    },
  };
}
