/**
 * The rules the stack's conformance packs deploy, as the cost estimate needs them: scope,
 * triggers and frequency, read from the pack library (packs/) through the same resolution
 * the program uses, so the estimate follows the packs as configured (parameters included).
 */
import type { Deployment } from "../../config/domain";
import { managedRuleCatalog, type ManagedRuleCatalog } from "../../packs/catalog/managedRuleCatalog";
import { resolvePackSelection } from "../../packs/resolve";
import { PROCESS_CHECK, type TemplatePack } from "../../packs/templates";
import type { ExecutionFrequency } from "../../packs/catalog/facts";
import { EXECUTION_FREQUENCIES } from "../../policies/configVocabulary";
import type { RuleCostSpec } from "./costInput";

/** Periodic rules run once a day unless their pack says otherwise (AWS's default). */
const DEFAULT_FREQUENCY = "TwentyFour_Hours" as const;

export function packCostRules(deployment: Deployment): { rules: RuleCostSpec[]; problems: string[] } {
  const rules: RuleCostSpec[] = [];
  const problems: string[] = [];
  const catalog = managedRuleCatalog();
  const regions = deployment.regions.map((r) => r.name);
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
        ...leftOut(r.rule.identifier, regions, catalog),
      });
    }
  });
  for (const t of deployment.templatePacks) rules.push(...templateCostRules(t.name, t.pack, catalog, regions));
  return { rules, problems };
}

/**
 * The governed Regions a managed rule is left out of: those its catalog note says AWS does not
 * offer it in (`not-available`), the rule packs/regionalPacks.ts applies to every pack. A rule no
 * note covers there is deployed, so it counts.
 */
function leftOut(identifier: string | undefined, regions: readonly string[], catalog: ManagedRuleCatalog): { leftOutIn?: string[] } {
  if (identifier === undefined) return {};
  const regionsLeftOut = regions.filter((region) => catalog.regionStatus(identifier, region) === "not-available");
  return regionsLeftOut.length > 0 ? { leftOutIn: regionsLeftOut } : {};
}

const FREQUENCIES: readonly string[] = EXECUTION_FREQUENCIES;

/**
 * A template pack's rules: scope as the template writes it (else the catalog's resource types),
 * triggers from the catalog for managed rules; a custom rule is taken as periodic when the template
 * gives it a frequency, else as change-triggered. Process checks are answered by a person, not
 * evaluated by AWS Config, so they add no evaluations.
 */
export function templateCostRules(packName: string, pack: TemplatePack, catalog: ManagedRuleCatalog, regions: readonly string[] = []): RuleCostSpec[] {
  return pack.rules.flatMap((rule): RuleCostSpec[] => {
    if (rule.managedIdentifier === PROCESS_CHECK) return [];
    const facts = rule.managedIdentifier ? catalog.byIdentifier(rule.managedIdentifier) : undefined;
    const written = rule.scope?.ComplianceResourceTypes;
    const resourceTypes = Array.isArray(written) && written.every((t) => typeof t === "string") ? (written as string[]) : (facts?.resourceTypes ?? []);
    const frequency = FREQUENCIES.includes(rule.maximumExecutionFrequency ?? "") ? (rule.maximumExecutionFrequency as ExecutionFrequency) : undefined;
    const trigger = facts?.trigger ?? { configurationChanges: frequency === undefined, periodic: frequency !== undefined };
    const periodic = trigger.periodic ? (frequency ?? DEFAULT_FREQUENCY) : undefined;
    return [
      {
        name: rule.configRuleName,
        billing: "conformancePack",
        resourceTypes,
        onChange: trigger.configurationChanges,
        ...(periodic ? { periodic } : {}),
        source: `pack ${packName} (${pack.file})`,
        ...leftOut(rule.managedIdentifier, regions, catalog),
      },
    ];
  });
}

/** Pack rules, with the assumptions file's rules added; a file rule with a pack rule's name replaces it. */
export function mergeRules(fromPacks: readonly RuleCostSpec[], fromFile: readonly RuleCostSpec[]): RuleCostSpec[] {
  const overridden = new Set(fromFile.map((r) => r.name));
  return [...fromPacks.filter((r) => !overridden.has(r.name)), ...fromFile];
}
