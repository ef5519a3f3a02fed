/**
 * The plan's view of packs aimed at OUs and accounts (`packs[i].targets`,
 * `approvedImages.targets`): per pack, the OUs with the accounts of the scope below each, the
 * named accounts, how many accounts it reaches, and how many the program's declared resources
 * exclude in each region (read from the registered `excludedAccounts`, so the plan shows what
 * the program does, not a second computation).
 */
import type { Deployment, TargetReach } from "../config/domain";
import { parseJsonish } from "../policies/view";
import type { MockedResource } from "./mockRun";

export interface PlanTargetedPack {
  /** The pack's name, or `approved-images` for the custom rule. */
  readonly name: string;
  readonly kind: "pack" | "rule";
  /** Each targeted OU with the number of accounts in scope below it (nested OUs included). */
  readonly ous: readonly { readonly id: string; readonly accounts: number }[];
  /** Accounts named in `targets.accounts`. */
  readonly accounts: readonly string[];
  /** Accounts of the stack's scope the pack reaches, and the scope's size. */
  readonly inScope: number;
  readonly scope: number;
  /** By region: `excludedAccounts` of the declared organization pack or rule (absent: not declared there). */
  readonly excludedByRegion: Readonly<Record<string, number>>;
}

/** How many accounts an `excludedAccounts` input names (a list, or its JSON text). */
function excludedCount(value: unknown): number {
  const list = parseJsonish(value);
  return Array.isArray(list) ? list.length : 0;
}

/** Targeted packs and rule as the program declared them (empty when nothing is targeted). */
export function targetedPacksOf(
  deployment: Deployment,
  resources: readonly MockedResource[],
  types: { readonly pack: string; readonly customRule: string },
): PlanTargetedPack[] {
  const reach = deployment.reach;
  if (!reach) return [];
  const entry = (name: string, kind: PlanTargetedPack["kind"], r: TargetReach, declared: readonly MockedResource[]): PlanTargetedPack => ({
    name,
    kind,
    ous: r.targets.ous.map((id) => ({ id, accounts: r.ouAccounts[id]?.length ?? 0 })),
    accounts: [...r.targets.accounts],
    inScope: r.accountIds.length,
    scope: deployment.scope.length,
    excludedByRegion: Object.fromEntries(declared.map((d) => [String(d.inputs.region), excludedCount(d.inputs.excludedAccounts)])),
  });
  const packs = Object.entries(reach.packs).map(([name, r]) =>
    entry(
      name,
      "pack",
      r,
      resources.filter((x) => x.type === types.pack && x.inputs.name === name),
    ),
  );
  const rule = reach.approvedImages
    ? [
        entry(
          "approved-images",
          "rule",
          reach.approvedImages,
          resources.filter((x) => x.type === types.customRule),
        ),
      ]
    : [];
  return [...packs, ...rule];
}

/** The plan's lines for them (none when nothing is targeted). */
export function targetedPackLines(packs: readonly PlanTargetedPack[]): string[] {
  if (packs.length === 0) return [];
  const out = [
    "",
    "Targeted packs (`targets`: resolved from the organization on this run; an account that moves between OUs moves in or out on the next run):",
  ];
  for (const p of packs) {
    const ous = p.ous.map((o) => `${o.id} (${o.accounts} in scope, nested OUs included)`);
    const named = p.accounts.length > 0 ? [`account(s) ${p.accounts.join(", ")}`] : [];
    const excluded = Object.entries(p.excludedByRegion).map(([region, n]) => `${region} ${n}`);
    out.push(
      `  ${p.kind === "rule" ? "custom rule " : ""}${p.name}: ${[...ous, ...named].join(" + ")}: reaches ${p.inScope} of ${p.scope} accounts in scope; ` +
        `excluded: ${excluded.length > 0 ? excluded.join(", ") : "(not declared: this stack does not own the central resources, or every rule is remediated)"}`,
    );
  }
  return out;
}
