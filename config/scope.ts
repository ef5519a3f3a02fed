/**
 * Step 5 of the config pipeline: the scope. With `discover`, the organization's ACTIVE
 * accounts are the base and inventory entries override them; without, the inventory is the
 * whole scope. Exclusions leave, the shard slices, central accounts must be in. Per-account
 * settings resolve here, each in one documented order: entry, then OU profile (profile only),
 * then `defaults`, then the stack.
 */
import { accessTo } from "./access";
import type { DeploymentBase, Settings } from "./defaults";
import { DEFAULT_PROFILE_NAME } from "./defaults";
import type { Account, AccountFunction, Deployment, ExcludedAccount } from "./domain";
import type { AccountEntryInput } from "./schema";
import { inShard } from "./shard";
import { SMALLEST_PILOT } from "./centralRoles";

/** An account as the organization reports it (`aws.organizations.getOrganization`). */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  /** The first OU of interest that holds it, where known. */
  readonly ou?: string;
}

export interface ScopeResult {
  /** Everything but the pack plan, which the pipeline's last step adds (config/pipeline.ts). */
  readonly deployment?: Omit<Deployment, "packPlan">;
  readonly problems: readonly string[];
}

export function resolveScope(settings: Settings, organization?: readonly OrganizationAccount[]): ScopeResult {
  const problems: string[] = [];
  const { base, inventory } = settings;
  const byId = new Map(inventory.accounts.map((e) => [e.id, e]));

  let candidates: { id: string; name?: string; ou?: string; source: Account["source"] }[];
  if (settings.discover) {
    if (!organization) throw new Error("resolveScope: the inventory says `discover: true` but no organization accounts were given");
    const orgIds = new Set(organization.map((a) => a.id));
    const active = organization.filter((a) => a.status === "ACTIVE");
    for (const e of inventory.accounts) {
      if (!orgIds.has(e.id))
        problems.push(
          `account ${e.id}${e.name ? ` (${e.name})` : ""} in ${inventory.path} is not in organization ${base.organizationId}: remove the entry or check the id`,
        );
      else if (!e.exclude && !active.some((a) => a.id === e.id))
        problems.push(
          `account ${e.id} in ${inventory.path} is not ACTIVE in the organization (suspended or closing): exclude it with a reason or remove the entry`,
        );
    }
    candidates = active.map((a) => ({
      id: a.id,
      name: byId.get(a.id)?.name ?? a.name,
      ou: byId.get(a.id)?.ou ?? a.ou,
      source: byId.has(a.id) ? "inventory" : "discovered",
    }));
  } else {
    candidates = inventory.accounts.map((e) => ({ id: e.id, ...(e.name ? { name: e.name } : {}), ...(e.ou ? { ou: e.ou } : {}), source: "inventory" }));
  }

  const excluded: ExcludedAccount[] = [];
  const inScope: typeof candidates = [];
  for (const c of candidates) {
    const entry = byId.get(c.id);
    if (entry?.exclude) excluded.push({ id: c.id, name: c.name ?? c.id, reason: entry.reason ?? "" });
    else inScope.push(c);
  }
  const scopeIds = new Set(inScope.map((c) => c.id));
  const central: [string, string][] = [
    ["managementAccountId", base.managementAccountId],
    ["securityAccountId", base.securityAccountId],
    ["logArchiveAccountId", base.logArchiveAccountId],
  ];
  for (const [k, id] of central) {
    if (!scopeIds.has(id) && !excluded.some((x) => x.id === id)) {
      problems.push(
        `stack config \`${base.project}:${k}\` is ${id}, which is not in scope: ` +
          (settings.discover ? `it is not an ACTIVE account of the organization` : `add \`- id: "${id}"\` to ${inventory.path}`) +
          (k === "securityAccountId" && !settings.discover && inventory.accounts.length < 2 ? `. ${SMALLEST_PILOT}` : ""),
      );
    }
  }
  if (problems.length > 0) return { problems };

  const scope = inScope.map((c) => accountOf(c, byId.get(c.id), settings));
  const accounts = scope.filter((a) => inShard({ id: a.id, ...(a.ou ? { ou: a.ou } : {}) }, base.shard));
  return { deployment: { ...base, accounts, scope, excluded, discovered: settings.discover }, problems: [] };
}

function accountOf(
  c: { id: string; name?: string; ou?: string; source: Account["source"] },
  entry: AccountEntryInput | undefined,
  settings: Settings,
): Account {
  const { base, inventory } = settings;
  const e: Partial<AccountEntryInput> = entry ?? {};
  const defaults = inventory.defaults;
  const regionNames = e.regions ?? defaults.regions ?? base.regions.map((r) => r.name);
  const regions = base.regions.filter((r) => regionNames.includes(r.name));
  const profileName = e.profile ?? (c.ou ? inventory.ouProfiles[c.ou] : undefined) ?? defaults.profile ?? DEFAULT_PROFILE_NAME;
  const globalTypesRegion =
    e.globalTypesRegion ??
    defaults.globalTypesRegion ??
    (regionNames.includes(base.homeRegion) ? base.homeRegion : (regions.find((r) => r.supportsGlobalIamTypes)?.name ?? base.homeRegion));
  const adopt: Record<string, string> =
    typeof e.adopt === "string" ? Object.fromEntries(regions.map((r) => [r.name, e.adopt as string])) : { ...(e.adopt ?? {}) };
  return {
    id: c.id,
    name: c.name ?? c.id,
    ...(c.ou ? { ou: c.ou } : {}),
    functions: functionsOf(c.id, base),
    access: accessTo(base.accessRules, c.id),
    profile: base.profiles[profileName]!,
    regions,
    globalTypesRegion,
    adopt,
    recorderRole: e.recorderRoleArn ? { kind: "custom", roleArn: e.recorderRoleArn } : { kind: "service-linked" },
    source: c.source,
  };
}

function functionsOf(id: string, base: DeploymentBase): AccountFunction[] {
  const functions: AccountFunction[] = [];
  if (id === base.managementAccountId) functions.push("management");
  if (id === base.securityAccountId) functions.push("security");
  if (id === base.logArchiveAccountId) functions.push("log-archive");
  return functions.length > 0 ? functions : ["member"];
}
