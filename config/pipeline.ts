/**
 * THE way from a stack's inputs to a validated `Deployment`, used by the program (index.ts)
 * and by every offline command alike. Each step is its own module:
 *
 *   sources (config/sources.ts, config/pulumiSources.ts)   read, nothing more
 *   -> schema      (config/schemaCheck.ts)      JSON Schema problems, as messages
 *   -> templates   (config/templatePacks.ts)    the templates `packs[i].template` names, read into `TemplatePack`s
 *   -> defaults    (config/defaults.ts)         one deep `withDefaults`: `Settings`
 *   -> meaning     (config/validateSettings.ts) every cross-field rule of the settings
 *   -> scope       (config/scope.ts)            the organization's accounts, exclusions, shard, access
 *   -> packs       (packs/packPlan.ts)          every conformance pack worked out once: the `packPlan`
 *   -> deployment  (config/validateDeployment.ts) the rules that need the scope, the pack plan's sizes and quotas
 *
 * Every step's problems are collected and reported together in one `ConfigError`; a step
 * runs only on what the previous ones accepted. Components never validate config.
 */
import { withDefaults, type Settings } from "./defaults";
import { accountsFromSnapshot, ousOfInterest, type OrganizationSnapshot } from "./discovery";
import type { Deployment } from "./domain";
import { ConfigError, stackContext } from "./errors";
import { ouReferenceProblems } from "./organizationUnits";
import { accountPackPlans, resolveTargets } from "./packTargets";
import { planPacks } from "../packs/packPlan";
import { checkSchemas } from "./schemaCheck";
import { resolveScope, type OrganizationAccount } from "./scope";
import { stackSources, type DeploymentSources, type StackSourceOptions } from "./sources";
import { validateDeployment } from "./validateDeployment";
import { validateSettings } from "./validateSettings";
import { isConfigRegion } from "./regions";
import { templatePacksOf } from "./templatePacks";

/** Where a `discover: true` stack's organization comes from: a snapshot, or how to take one from the settings. */
export type OrganizationSource = OrganizationSnapshot | ((settings: Settings) => Promise<OrganizationSnapshot>);

/** Schema, defaults and meaning: everything that can be checked without asking the organization. */
export function parseSettings(sources: DeploymentSources): Settings {
  const checked = checkSchemas(sources);
  const problems = [...checked.problems];
  let settings: Settings | undefined;
  try {
    // The templates the sources step read and parsed, checked against the managed-rule catalog and the
    // governed regions (only Config regions are governed; the meaning step reports the others).
    const templates = templatePacksOf(sources, checked.config.packs ?? [], (checked.config.regions ?? []).filter(isConfigRegion));
    problems.push(...templates.problems);
    settings = withDefaults(sources, checked.config, checked.inventory, templates.selections, checked.inventoryParsed);
    problems.push(...validateSettings(settings));
  } catch (error) {
    // Input the schema refused may not even have the shape meaning checks read: then the schema's
    // problems are the report. Input the schema accepted always has it, so anything else is a bug.
    if (checked.problems.length === 0) throw error;
  }
  // All problems at once: the meaning checks run on what the schema accepted, beside its own findings.
  if (problems.length > 0 || !settings) throw new ConfigError([...new Set(problems)], stackContext(sources.stack));
  return settings;
}

/** Scope and the rules that need it, with the organization as a snapshot (`discover: true`) or accounts already read. */
export function resolveDeployment(settings: Settings, organization?: OrganizationSnapshot | readonly OrganizationAccount[]): Deployment {
  const snapshot = organization === undefined || Array.isArray(organization) ? undefined : (organization as OrganizationSnapshot);
  const accounts = snapshot ? accountsFromSnapshot(snapshot, ousOfInterest(settings)) : (organization as readonly OrganizationAccount[] | undefined);
  const scoped = resolveScope(settings, settings.discover ? accounts : undefined);
  // Packs aimed at OUs and accounts, resolved against the organization as it is on this run.
  const targets = scoped.deployment
    ? resolveTargets(settings, scoped.deployment.scope, scoped.deployment.excluded, settings.discover ? (snapshot ?? accounts) : undefined)
    : undefined;
  const reached = scoped.deployment && targets?.reach ? { ...scoped.deployment, reach: targets.reach } : scoped.deployment;
  // The last step: every pack worked out once (per set of packs that reach an account, with targets), for validation to check and everything after to read.
  const planned = reached ? { ...reached, packPlan: planPacks(reached) } : undefined;
  const deployment: Deployment | undefined = planned?.reach ? { ...planned, reach: { ...planned.reach, accountPacks: accountPackPlans(planned) } } : planned;
  // OU ids that the organization does not have, beside the scope's problems: all reported at once.
  const problems = [
    ...ouReferenceProblems(settings, settings.discover ? (snapshot ?? accounts) : undefined),
    ...(targets?.problems ?? []),
    ...(deployment ? validateDeployment(deployment) : scoped.problems),
  ];
  if (problems.length > 0 || !deployment) throw new ConfigError(problems, stackContext(settings.sources.stack));
  return deployment;
}

/** The whole pipeline. A `discover: true` stack needs `organization`; without it, a config error says so. */
export async function loadDeployment(sources: DeploymentSources, organization?: OrganizationSource): Promise<Deployment> {
  const settings = parseSettings(sources);
  if (!settings.discover) return resolveDeployment(settings);
  if (!organization) {
    throw new ConfigError(
      [
        `the inventory of \`${sources.stack}\` says \`discover: true\`: the organization must be asked (live), or read from a fixture such as accounts/fixtures/${sources.stack}-organization.json`,
      ],
      stackContext(sources.stack),
    );
  }
  return resolveDeployment(settings, typeof organization === "function" ? await organization(settings) : organization);
}

/** `parseSettings` of a stack read from disk. */
export function parseStack(stack: string, options: StackSourceOptions = {}): Settings {
  return parseSettings(stackSources(stack, options));
}

/** `loadDeployment` of a stack read from disk. */
export async function loadStackDeployment(
  stack: string,
  options: StackSourceOptions & { readonly organization?: OrganizationSource } = {},
): Promise<Deployment> {
  return loadDeployment(stackSources(stack, options), options.organization);
}
