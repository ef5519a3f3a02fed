/**
 * The runbooks the project's automation role must be able to run, from the selected packs:
 * the built-in packs' remediations, and the template packs' remediations that run as the
 * project's role (a template's allowed role, or none, is not ours to grant), with the actions
 * stack config gives for template runbooks the catalog does not know. One function, used by
 * the component that creates the role and by config validation that measures its policy.
 */
import type { PackDefinition } from "./choices";
import { remediationsOf, type RenderContext, type SelectedRemediation } from "./render";
import type { GivenRunbookPermissions } from "./remediationRole";
import { projectRoleRunbooks } from "./templateAccountPart";

export interface AutomationRunbooks {
  /** Every remediation the selected built-in packs configure. */
  readonly remediations: readonly SelectedRemediation[];
  /** SSM documents the role may run, sorted; empty: no role is needed. */
  readonly runbooks: readonly string[];
  /** `packs[i].runbookPermissions` of the template packs, merged (a runbook two packs give gets both lists). */
  readonly givenPermissions: GivenRunbookPermissions;
}

export function automationRunbooksOf(ctx: RenderContext, library?: Readonly<Record<string, PackDefinition>>): AutomationRunbooks {
  const remediations = remediationsOf(ctx.deployment.packs, ctx, library);
  const templates = ctx.deployment.templatePacks ?? [];
  const given: Record<string, string[]> = {};
  for (const t of templates) {
    for (const [runbook, actions] of Object.entries(t.runbookPermissions ?? {})) given[runbook] = [...new Set([...(given[runbook] ?? []), ...actions])].sort();
  }
  return {
    remediations,
    runbooks: [...new Set([...remediations.map((r) => r.runbook), ...templates.flatMap((t) => projectRoleRunbooks(t.pack))])].sort(),
    givenPermissions: given,
  };
}
