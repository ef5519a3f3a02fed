/**
 * Packs aimed at OUs and accounts (`packs[i].targets`, `approvedImages.targets`): AWS takes
 * no target list for an organization pack or rule, only `ExcludedAccounts`, so the targets hold
 * only if the exclusions are exactly their complement in the stack's scope, beside the
 * inventory's exclusions and the accounts that do not record in the region.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";

import { accountsWithoutRegion } from "./conformancePacks";
import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { NATIVE_ORGANIZATION_CONFORMANCE_PACK, ORGANIZATION_CONFORMANCE_PACK, ORGANIZATION_CUSTOM_RULE } from "./tokens";
import { asArray, listOf, resourceRegion, validateResourcesOfTypes } from "./view";

const TARGETED_TYPES = [ORGANIZATION_CONFORMANCE_PACK, NATIVE_ORGANIZATION_CONFORMANCE_PACK, ORGANIZATION_CUSTOM_RULE];

/** Inputs of an organization pack or rule, in either provider's names. */
interface TargetedView {
  readonly name?: string;
  readonly organizationConformancePackName?: string;
  readonly excludedAccounts?: readonly string[];
}

export const organizationPackTargets: ResourceValidationPolicy = {
  name: "organization-conformance-pack-targets",
  description:
    "Checks whether each organization conformance pack or rule with `targets` excludes exactly the accounts of the stack's scope outside its targets, beside the inventory's exclusions and the accounts that do not record in its region.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("targetExclusions", "excludedAccountIds", "accounts"),
  validateResource: validateResourcesOfTypes<TargetedView>(TARGETED_TYPES, (resource, args, reportViolation) => {
    const facts = requireFacts(organizationPackTargets.name, args.getConfig<Partial<DeploymentFacts>>(), "targetExclusions", "excludedAccountIds", "accounts");
    const name = resource.name ?? resource.organizationConformancePackName ?? args.name;
    const untargeted = facts.targetExclusions[name];
    if (untargeted === undefined) return;
    const region = resourceRegion(args.props, args.provider);
    const what = `${args.type === ORGANIZATION_CUSTOM_RULE ? "organization rule" : "organization conformance pack"} \`${name}\` in ${region ?? "(no region)"}`;
    const actual = new Set(asArray(resource.excludedAccounts));
    const reached = untargeted.filter((id) => !actual.has(id)).sort();
    if (reached.length > 0) {
      reportViolation(`${what} reaches ${listOf(reached)}, outside its \`targets\`: add them to \`excludedAccounts\`.`);
    }
    const expected = new Set([...untargeted, ...facts.excludedAccountIds, ...accountsWithoutRegion(facts, region)]);
    const missed = [...actual].filter((id) => !expected.has(id)).sort();
    if (missed.length > 0) {
      reportViolation(`${what} excludes ${listOf(missed)}, which its \`targets\` take: remove them from \`excludedAccounts\`.`);
    }
  }),
};

export const packTargetPolicies = [organizationPackTargets] as const;
