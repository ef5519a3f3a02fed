/**
 * Packs aimed at OUs and accounts (`packs[i].targets`, `approvedImages.targets`). AWS's
 * organization packs and rules take no target list, only `ExcludedAccounts` (at most 1,000):
 * so a target becomes, on every run, the complement of its accounts in the stack's scope,
 * computed from the organization as it is now (live discovery or the fixture). An account
 * that moved between OUs moves in or out of the pack on the next run.
 *
 * What an OU target means depends on what the stack knows of the organization:
 * - `discover: true`: the accounts anywhere below the OU (nested OUs included), as the
 *   organization reports them (config/discovery.ts asks for the members of every targeted OU,
 *   descendants included; a root takes every account).
 * - a listed inventory: the stack knows OUs only from its entries' `ou` values; an OU target
 *   takes the entries whose `ou` is that OU, or, for OU paths, a path below it (as shards by OU
 *   do, config/shard.ts). Accounts of the organization the inventory does not list are not the
 *   stack's to exclude: use `discover: true` where the organization has such accounts.
 */
import { closestNames } from "../aws/closest";
import { planPacks, type PackPlan } from "../packs/packPlan";
import type { Settings } from "./defaults";
import { targetedOf } from "./targeted";
import type { OrganizationSnapshot } from "./discovery";
import { excludedAccountsIn, MAX_EXCLUDED_ACCOUNTS, type Account, type Deployment, type TargetReach } from "./domain";
import type { OrganizationAccount } from "./scope";
import { inShard } from "./shard";

/** What the organization says, as far as the stack knows it. */
interface Organization {
  /** Account ids below an OU (nested included), or undefined when the OU is unknown. */
  members(ou: string): readonly string[] | undefined;
  /** OU and root ids that exist but whose members were not recorded (a stale fixture). */
  readonly unrecorded: (ou: string) => boolean;
  readonly knownOus: readonly string[];
  /** Every account the stack knows, any status, with its name. */
  readonly accounts: ReadonlyMap<string, string>;
  /** For messages: where the OUs come from. */
  readonly where: string;
}

function organizationOf(settings: Settings, organization?: OrganizationSnapshot | readonly OrganizationAccount[]): Organization {
  const inv = settings.inventory;
  if (!settings.discover || !organization) {
    const entries = inv.accounts;
    const knownOus = [...new Set(entries.flatMap((e) => (e.ou ? [e.ou] : [])))];
    return {
      members: (ou) => {
        const ids = entries.filter((e) => inShard({ id: e.id, ...(e.ou ? { ou: e.ou } : {}) }, { kind: "ou", ous: [ou] })).map((e) => e.id);
        return ids.length > 0 ? ids : undefined;
      },
      unrecorded: () => false,
      knownOus,
      accounts: new Map(entries.map((e) => [e.id, e.name ?? e.id])),
      where: `the \`ou\` values of ${inv.path} (it lists its accounts, so it knows no other OU)`,
    };
  }
  const where = `organization ${settings.base.organizationId}`;
  if (Array.isArray(organization)) {
    // Accounts already read carry one OU each, the first OU of interest that holds them (config/discovery.ts).
    const accounts = organization as readonly OrganizationAccount[];
    const knownOus = [...new Set(accounts.flatMap((a) => (a.ou ? [a.ou] : [])))];
    return {
      members: (ou) => (knownOus.includes(ou) ? accounts.filter((a) => a.ou === ou).map((a) => a.id) : undefined),
      unrecorded: () => false,
      knownOus,
      accounts: new Map(accounts.map((a) => [a.id, a.name])),
      where,
    };
  }
  const snapshot = organization as OrganizationSnapshot;
  const listed = [...(snapshot.organizationalUnits ?? []), ...(snapshot.roots ?? [])];
  return {
    members: (ou) => snapshot.ouMembers[ou],
    unrecorded: (ou) => snapshot.ouMembers[ou] === undefined && listed.includes(ou),
    knownOus: [...new Set([...listed, ...Object.keys(snapshot.ouMembers)])],
    accounts: new Map(snapshot.accounts.map((a) => [a.id, a.name])),
    where,
  };
}

export interface ResolvedTargets {
  /** Absent when nothing is targeted. */
  readonly reach?: NonNullable<Deployment["reach"]>;
  readonly problems: readonly string[];
}

/**
 * Each target resolved against the organization and the stack's whole scope (every shard:
 * organization packs reach every account), with every problem: an OU or account the
 * organization does not have (with the nearest real one), an account out of scope, a target
 * that takes no account in scope.
 */
export function resolveTargets(
  settings: Settings,
  scope: readonly Account[],
  excluded: Deployment["excluded"],
  organization?: OrganizationSnapshot | readonly OrganizationAccount[],
): ResolvedTargets {
  const targeted = targetedOf(settings.base);
  if (targeted.length === 0) return { problems: [] };
  const org = organizationOf(settings, organization);
  const inScope = new Set(scope.map((a) => a.id));
  const problems: string[] = [];
  const packs: Record<string, TargetReach> = {};
  let approvedImages: TargetReach | undefined;
  for (const t of targeted) {
    const before = problems.length;
    const taken = new Set<string>();
    const ouAccounts: Record<string, string[]> = {};
    t.targets.ous.forEach((ou, j) => {
      const members = org.members(ou);
      if (members) {
        members.forEach((id) => taken.add(id));
        ouAccounts[ou] = scope.filter((a) => members.includes(a.id)).map((a) => a.id);
      } else if (org.unrecorded(ou)) {
        problems.push(
          `${t.key}.ous[${j}]\` names \`${ou}\`, whose member accounts the organization snapshot does not record: write the fixture again with \`npx aws-config-org organization --stack ${settings.sources.stack} --write <file>\``,
        );
      } else problems.push(`${t.key}.ous[${j}]\` names \`${ou}\`, an OU that ${org.where} does not have: ${nearest(ou, org.knownOus, (c) => c)}`);
    });
    t.targets.accounts.forEach((id, j) => {
      const at = `${t.key}.accounts[${j}]\` names ${id}`;
      const knows = settings.discover ? `organization ${settings.base.organizationId}` : `${settings.inventory.path} (it lists its accounts)`;
      if (!org.accounts.has(id))
        problems.push(`${at}, an account that ${knows} does not have: ${nearest(id, [...org.accounts.keys()], (c) => `${c} (${org.accounts.get(c)})`)}`);
      else if (!inScope.has(id)) {
        const exclusion = excluded.find((x) => x.id === id);
        problems.push(
          `${at} (${org.accounts.get(id)}), which is not in scope (${exclusion ? `excluded in ${settings.inventory.path}: ${exclusion.reason}` : "not ACTIVE in the organization"}): remove it from the targets`,
        );
      } else taken.add(id);
    });
    const accountIds = scope.filter((a) => taken.has(a.id)).map((a) => a.id);
    if (accountIds.length === 0) {
      // A target whose every OU and account was refused above is reported there, once.
      const refused = problems.length > before;
      if (!refused)
        problems.push(
          `${t.key}\` takes no account in the stack's scope (its OUs hold ${taken.size} account(s), none of them in scope): name an OU or account in scope, or remove \`targets\``,
        );
      continue;
    }
    const reach: TargetReach = { targets: t.targets, accountIds, ouAccounts, untargeted: scope.filter((a) => !taken.has(a.id)).map((a) => a.id) };
    if (t.kind === "rule") approvedImages = reach;
    else packs[t.name] = reach;
  }
  return { reach: { packs, ...(approvedImages ? { approvedImages } : {}) }, problems };
}

/** The nearest real id, or the list when none is near. */
function nearest(value: string, candidates: readonly string[], show: (c: string) => string): string {
  const near = closestNames(value, candidates, { max: 1, maxDistance: Math.max(3, Math.floor(value.length / 3)) });
  if (near.length > 0) return `did you mean \`${show(near[0]!)}\`, the nearest real one?`;
  if (candidates.length === 0) return "it knows none: check the id";
  const shown = candidates
    .slice(0, 10)
    .map((c) => `\`${show(c)}\``)
    .join(", ");
  return `use one of ${shown}${candidates.length > 10 ? ` (and ${candidates.length - 10} more)` : ""}`;
}

/**
 * AWS's 1,000 `ExcludedAccounts` per organization pack or rule, per targeted pack and region:
 * a target's complement (with the inventory's exclusions and the accounts not governed there)
 * must fit. Untargeted packs are checked in config/validateDeployment.ts.
 */
export function targetLimitProblems(deployment: Deployment): string[] {
  if (!deployment.ownsCentral || !deployment.reach) return [];
  const all = [
    ...Object.entries(deployment.reach.packs).map(([name, reach]) => ({
      what: `pack \`${name}\``,
      key: `\`${deployment.project}:packs\` pack \`${name}\`: \`targets\``,
      reach,
    })),
    ...(deployment.reach.approvedImages && deployment.approvedImages
      ? [{ what: "the approved-images rule", key: `\`${deployment.project}:approvedImages.targets\``, reach: deployment.reach.approvedImages }]
      : []),
  ];
  const problems: string[] = [];
  for (const { what, key, reach } of all) {
    const worst = deployment.regions
      .map((r) => ({ region: r.name, count: excludedAccountsIn(deployment, r.name, reach).length }))
      .sort((a, b) => b.count - a.count)[0];
    if (!worst || worst.count <= MAX_EXCLUDED_ACCOUNTS) continue;
    problems.push(
      `stack config ${key} reaches ${reach.accountIds.length} of ${deployment.scope.length} accounts in scope, so ${what} would exclude ${worst.count} accounts in \`${worst.region}\`; ` +
        `AWS allows ${MAX_EXCLUDED_ACCOUNTS} \`ExcludedAccounts\` per organization pack or rule, and takes no list of targets: widen the targets (more OUs or accounts) ` +
        `so at most ${MAX_EXCLUDED_ACCOUNTS} accounts are left out (splitting the pack does not help: each part would leave out as many or more)`,
    );
  }
  return problems;
}

/**
 * Each account's remediation pack and automation role, planned for the packs that reach it: one
 * plan per distinct set of packs (packs/packPlan.ts), shared by the accounts with that set.
 */
export function accountPackPlans(deployment: Deployment): Record<string, Pick<PackPlan, "accountRemediation" | "automation">> {
  const keyOf = (selected: Pick<Deployment, "packs" | "templatePacks">) => [...selected.packs, ...selected.templatePacks].map((p) => p.name).join("\n");
  // An account every pack reaches has the stack's own plan, already made (config/pipeline.ts).
  const bySet = new Map<string, Pick<PackPlan, "accountRemediation" | "automation">>([
    [
      keyOf(deployment),
      {
        ...(deployment.packPlan.accountRemediation ? { accountRemediation: deployment.packPlan.accountRemediation } : {}),
        automation: deployment.packPlan.automation,
      },
    ],
  ]);
  const plans: Record<string, Pick<PackPlan, "accountRemediation" | "automation">> = {};
  for (const account of deployment.accounts) {
    const reaching = packsReaching(deployment, account.id);
    const key = keyOf(reaching);
    if (!bySet.has(key)) {
      const plan = planPacks({ ...deployment, ...reaching });
      bySet.set(key, { ...(plan.accountRemediation ? { accountRemediation: plan.accountRemediation } : {}), automation: plan.automation });
    }
    plans[account.id] = bySet.get(key)!;
  }
  return plans;
}

/** The packs (built-in and template) that reach `accountId`: what its remediation pack holds. */
export function packsReaching<D extends Pick<Deployment, "packs" | "templatePacks" | "reach">>(
  deployment: D,
  accountId: string,
): Pick<Deployment, "packs" | "templatePacks"> {
  const reaches = (name: string) => {
    const reach = deployment.reach?.packs[name];
    return !reach || reach.accountIds.includes(accountId);
  };
  return { packs: deployment.packs.filter((p) => reaches(p.name)), templatePacks: deployment.templatePacks.filter((t) => reaches(t.name)) };
}
