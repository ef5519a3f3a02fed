/**
 * The packs and the rule a stack aims at OUs and accounts, as configured, and what is wrong
 * with them before the organization is asked (the meaning step, config/validateSettings.ts).
 * Resolution against the organization is config/packTargets.ts.
 */
import type { PackTargets } from "../packs/choices";
import type { Settings } from "./defaults";

/** A targeted pack or rule as configured, with the config key its messages name. */
export interface Targeted {
  readonly kind: "pack" | "rule";
  readonly name: string;
  readonly key: string;
  readonly targets: PackTargets;
}

/** Every targeted pack (built-in and template) and the approved-images rule, in config order. */
export function targetedOf(base: Settings["base"]): Targeted[] {
  const packs = [...base.packs, ...base.templatePacks].flatMap((p) =>
    p.targets ? [{ kind: "pack" as const, name: p.name, key: `stack config \`${base.project}:packs\` pack \`${p.name}\`: \`targets`, targets: p.targets }] : [],
  );
  const rule = base.approvedImages?.targets
    ? [{ kind: "rule" as const, name: "approved-images", key: `stack config \`${base.project}:approvedImages.targets`, targets: base.approvedImages.targets }]
    : [];
  return [...packs, ...rule];
}

/** Problems with targets as written (the meaning step): a target that names nothing. */
export function targetSettingsProblems(settings: Pick<Settings, "base">): string[] {
  return targetedOf(settings.base)
    .filter((t) => t.targets.ous.length === 0 && t.targets.accounts.length === 0)
    .map(
      (t) =>
        `${t.key}\` names no OU and no account: list \`ous\` (OU ids) or \`accounts\` (account ids), or remove \`targets\` to reach every account in scope`,
    );
}
