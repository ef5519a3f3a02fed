/**
 * The rules the stack's conformance packs deploy, as the cost estimate needs them: scope,
 * triggers and frequency, read from the pack library (packs/) through the same resolution
 * the program uses, so the estimate follows the packs as configured (parameters included).
 */
import type { Deployment } from "../../config/domain";
import { resolvePackSelection } from "../../packs/resolve";
import type { RuleCostSpec } from "./costInput";

/** Periodic rules run once a day unless their pack says otherwise (AWS's default). */
const DEFAULT_FREQUENCY = "TwentyFour_Hours" as const;

export function packCostRules(deployment: Deployment): { rules: RuleCostSpec[]; problems: string[] } {
  const rules: RuleCostSpec[] = [];
  const problems: string[] = [];
  deployment.packs.forEach((selection, i) => {
    const resolution = resolvePackSelection(selection, `packs[${i}]`);
    if (!resolution.resolved) {
      problems.push(...resolution.problems);
      return;
    }
    for (const r of resolution.resolved.rules) {
      const periodic = r.rule.trigger !== "configuration-changes" ? (r.frequency ?? DEFAULT_FREQUENCY) : undefined;
      rules.push({
        name: r.configRuleName,
        billing: "conformancePack",
        resourceTypes: r.rule.resourceTypes,
        onChange: r.rule.trigger !== "periodic",
        ...(periodic ? { periodic } : {}),
        source: `pack ${selection.name}`,
      });
    }
  });
  return { rules, problems };
}

/** Pack rules, with the assumptions file's rules added; a file rule with a pack rule's name replaces it. */
export function mergeRules(fromPacks: readonly RuleCostSpec[], fromFile: readonly RuleCostSpec[]): RuleCostSpec[] {
  const overridden = new Set(fromFile.map((r) => r.name));
  return [...fromPacks.filter((r) => !overridden.has(r.name)), ...fromFile];
}
