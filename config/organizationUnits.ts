/**
 * OU and root ids the stack names, checked against the organization: an OU id the
 * organization does not have is a typo that would otherwise change what is recorded without a
 * word (an `ouProfiles` key that matches no account leaves those accounts on the default
 * profile). Every place a stack accepts an OU id is checked here, in one pass, and each
 * problem names its key and the nearest real OU:
 *
 * - `ouProfiles.<ou>` and `accounts[i].ou` (exclusions too) in the inventory;
 * - `aws-config-org:shard.ous`;
 * - `aws-config-org:tamperProtection.targets` (roots too, when the snapshot lists them).
 *
 * With `discover: true` the organization is the snapshot (live or fixture): its
 * `organizationalUnits` and `roots` when it lists them, else the OUs it has members for. A
 * stack that lists its accounts knows its OUs only from the inventory's `ou` values: there,
 * `ouProfiles` and `shard.ous` must name one of those. Accounts already read (no snapshot) know
 * the OUs that hold them. OU paths (`Workloads/Prod`) are left to
 * the shard coverage check.
 */
import { closestNames } from "../aws/closest";
import type { Settings } from "./defaults";
import type { OrganizationSnapshot } from "./discovery";
import type { OrganizationAccount } from "./scope";

const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/** The OU and root ids an organization is known to have, and where that knowledge came from. */
export interface KnownUnits {
  readonly ous: readonly string[];
  /** Root ids, when known (a snapshot written before roots were recorded does not say). */
  readonly roots?: readonly string[];
  /** For messages: `organization o-… (accounts/fixtures/prod-organization.json)`, `accounts/dev.yaml`. */
  readonly where: string;
}

/** What a snapshot says about the organization's OUs and roots. */
export function unitsOfSnapshot(snapshot: OrganizationSnapshot, where: string): KnownUnits {
  const keys = Object.keys(snapshot.ouMembers);
  return {
    ous: snapshot.organizationalUnits ?? keys.filter((k) => OU_ID.test(k)),
    ...(snapshot.roots ? { roots: snapshot.roots } : {}),
    where,
  };
}

/**
 * Problems with every OU or root id the stack names that the organization does not have: the
 * organization as a snapshot, or as accounts already read (each with the OU of interest that
 * holds it), for a `discover: true` stack; nothing for a stack that lists its accounts.
 */
export function ouReferenceProblems(settings: Settings, organization?: OrganizationSnapshot | readonly OrganizationAccount[]): string[] {
  const { base, inventory } = settings;
  const inv = inventory.path;
  const where = `organization ${base.organizationId}`;
  const known: KnownUnits = !organization
    ? { ous: [...new Set(inventory.accounts.flatMap((e) => (e.ou ? [e.ou] : [])))], where: `the \`ou\` values of ${inv} (it lists its accounts)` }
    : isAccountList(organization)
      ? { ous: [...new Set(organization.flatMap((a) => (a.ou ? [a.ou] : [])))], where }
      : unitsOfSnapshot(organization, where);
  const problems: string[] = [];
  const check = (id: string, key: string) => {
    if (ROOT_ID.test(id)) {
      if (known.roots && !known.roots.includes(id))
        problems.push(`${key} names \`${id}\`, a root that ${known.where} does not have: ${hint(id, known.roots, "root")}`);
      return;
    }
    if (!OU_ID.test(id) || known.ous.includes(id)) return;
    problems.push(`${key} names \`${id}\`, an OU that ${known.where} does not have: ${hint(id, known.ous, "OU")}`);
  };
  for (const ou of Object.keys(inventory.ouProfiles)) check(ou, `\`ouProfiles.${ou}\` in ${inv}`);
  if (base.shard.kind === "ou") base.shard.ous.forEach((ou, i) => check(ou, `stack config \`${base.project}:shard.ous[${i}]\``));
  if (organization) {
    base.tamperProtection.targets.forEach((t, i) => check(t, `stack config \`${base.project}:tamperProtection.targets[${i}]\``));
    inventory.accounts.forEach((e, i) => {
      if (e.ou) check(e.ou, `\`accounts[${i}].ou\` (${e.id}${e.exclude ? ", excluded" : ""}) in ${inv}`);
    });
  }
  return problems;
}

function isAccountList(organization: OrganizationSnapshot | readonly OrganizationAccount[]): organization is readonly OrganizationAccount[] {
  return Array.isArray(organization);
}

/** The nearest real OU (or root), or the list when none is near, or how to look one up. */
function hint(id: string, candidates: readonly string[], what: "OU" | "root"): string {
  const near = closestNames(id, candidates, { max: 1, maxDistance: Math.max(4, Math.floor(id.length / 3)) });
  const lookUp = what === "OU" ? "`aws organizations list-organizational-units-for-parent --parent-id <root or OU id>`" : "`aws organizations list-roots`";
  if (near.length > 0) return `did you mean \`${near[0]}\`, the nearest real ${what}?`;
  if (candidates.length > 0) return `use one of ${candidates.map((c) => `\`${c}\``).join(", ")} (ids from ${lookUp})`;
  return `it has no ${what} on record: look the id up with ${lookUp}`;
}
