/**
 * The runbooks the project's automation role must be able to run, from the selected packs:
 * the built-in packs' remediations, and the template packs' remediations that run as the
 * project's role (a template's allowed role, or none, is not ours to grant), with the actions
 * stack config gives for template runbooks the catalog does not know. One function, used by
 * the pack plan (packs/packPlan.ts), which the component that creates the role and config
 * validation that measures its policy both read.
 */
import type { PackDefinition } from "./choices";
import { remediationsOf, type RenderContext, type SelectedRemediation } from "./render";
import { automationRole, type AutomationRole, type GivenRunbookPermissions } from "./remediationRole";
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

/** What the selected packs need of an automation role: the pack plan's (packs/packPlan.ts). */
export interface AutomationRolePlan extends AutomationRunbooks {
  /** Name and path of the role, the same in every account (the templates point at it). */
  readonly role: AutomationRole;
}

/** The automation role the selected packs need (throws on a selection that cannot render). */
export function automationRolePlan(ctx: RenderContext, library?: Readonly<Record<string, PackDefinition>>): AutomationRolePlan {
  return { role: automationRole(ctx.deployment.project), ...automationRunbooksOf(ctx, library) };
}
