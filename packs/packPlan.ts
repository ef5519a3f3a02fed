/**
 * The pack plan: every conformance pack of a stack worked out once, as the config pipeline's
 * last step (config/pipeline.ts), and carried on the `Deployment`. Validation checks it
 * (config/validateDeployment.ts: sizes, quotas, collisions); the program deploys it (index.ts,
 * the organization layer, each account × region); the offline plan and the policy verdict list
 * it. None of them renders, cuts or parses a pack again.
 *
 * It holds:
 * - the organization packs per Region, with what each Region leaves out and why
 *   (packs/regionalPacks.ts for built-in packs, templates/templateForRegion.ts for templates);
 * - the account remediation pack's body per Region, the same in every account but for the
 *   account's own id (the literal role ARN, the header): rendered once with a placeholder id
 *   and cut once per Region; `accountRemediationBody` puts the account's id in;
 * - the automation role's runbooks and the actions its policy grants.
 *
 * Pure: what cannot be planned (a pack over a size limit, two packs claiming one rule name) is
 * a problem in `problems`, reported by validation with every other problem.
 */
import type { Partition } from "../aws/arns";
import { managedRuleCatalog, type ManagedRuleCatalog } from "./catalog/managedRuleCatalog";
import type { PackSelection, TemplatePackSelection } from "./choices";
import { accountPackRuleCollisions, renderAccountRemediationPack, type AccountRemediationPack } from "./accountPack";
import { automationRolePlan, type AutomationRolePlan } from "./automationRunbooks";
import { automationRole } from "./remediationRole";
import { renderPack, type RenderContext, type RenderedPack } from "./render";
import { builtInForRegion, type RegionalPack } from "./regionalPacks";
import { templateForRegion } from "./templates";

/** What the plan is made from: a `Deployment` is one. */
export interface PackPlanInput {
  readonly project: string;
  readonly partition: Partition;
  readonly regions: readonly { readonly name: string }[];
  readonly packs: readonly PackSelection[];
  readonly templatePacks: readonly TemplatePackSelection[];
}

/** One declared organization pack in one Region. */
export interface PlannedOrganizationPack extends RegionalPack {
  /**
   * A built-in pack whose every rule is remediated: it has no organization pack anywhere (its
   * rules are all in the account packs). Listed, as `empty`, so the plan can say so.
   */
  readonly detectionFree: boolean;
  /** The pack's remediated rules in this Region: not in the organization pack but in each account's remediation pack. */
  readonly accountPackRules: number;
}

/** The account remediation pack in one Region, with the plan's `accountIdSlot` where each account's id goes. */
export interface AccountRemediationRegion {
  readonly body: string;
  readonly bytes: number;
  readonly ruleCount: number;
  /** No remediated rule AWS offers here: no remediation pack in this Region. */
  readonly empty: boolean;
}

export interface AccountRemediationPlan {
  readonly name: string;
  /** The packs (built-in and template) whose remediated rules it holds. */
  readonly packs: readonly string[];
  /** Remediated rules before any Region leaves one out. */
  readonly rules: number;
  /** UTF-8 bytes of the whole pack in any account (an account id is always 12 digits). */
  readonly bytes: number;
  /** The placeholder id each Region's `body` holds where the account's id goes. */
  readonly accountIdSlot: string;
  readonly byRegion: Readonly<Record<string, AccountRemediationRegion>>;
}

export interface PackPlan {
  /**
   * The organization packs the stack declares, in order: each built-in pack with a detection rule,
   * then every template pack. Each is deployed in every Region where it keeps a rule.
   */
  readonly organizationPackNames: readonly string[];
  /** By governed Region: every declared pack (built-in, then template), cut to the Region. */
  readonly organizationPacks: Readonly<Record<string, readonly PlannedOrganizationPack[]>>;
  /** Absent when no selected pack remediates a rule. */
  readonly accountRemediation?: AccountRemediationPlan;
  readonly automation: AutomationRolePlan;
  /** What could not be planned, each a sentence naming the pack; config validation reports them. */
  readonly problems: readonly string[];
}

/** The organization packs of a plan, by governed Region: what the organization layer deploys. */
export type OrganizationPacksByRegion = PackPlan["organizationPacks"];

/** Pairs of placeholder account ids, tried in turn until a pair differs only where the id goes (a template may hold one). */
const PLACEHOLDER_IDS: readonly (readonly [string, string])[] = [
  ["000000000000", "999999999999"],
  ["000000000001", "999999999998"],
  ["000000000002", "999999999997"],
];

export function planPacks(input: PackPlanInput): PackPlan {
  const catalog = managedRuleCatalog();
  const ctx: RenderContext = { deployment: input };
  const regions = input.regions.map((r) => r.name);
  const problems: string[] = [];
  const attempt = <T>(step: () => T): T | undefined => {
    try {
      return step();
    } catch (e) {
      problems.push((e as Error).message);
      return undefined;
    }
  };
  const rendered = input.packs.flatMap((selection) => attempt(() => renderPack(selection, ctx)) ?? []);
  const accountRulesOf = attempt(() => builtInAccountRules(input, regions, catalog)) ?? new Map<string, Readonly<Record<string, number>>>();
  const organizationPacks = organizationPacksByRegion(rendered, input.templatePacks, regions, accountRulesOf);
  const collisions = attempt(() => accountPackRuleCollisions(input.packs, ctx));
  problems.push(...(collisions ?? []));
  const accountRemediation = collisions?.length === 0 ? attempt(() => accountRemediationPlan(input, regions, catalog, problems)) : undefined;
  const automation = attempt(() => automationRolePlan(ctx)) ?? { role: automationRole(input.project), remediations: [], runbooks: [], givenPermissions: {} };
  // A selection that cannot render fails each step above with the same message: once is enough.
  const organizationPackNames = [...rendered.filter((p) => p.detectionRules > 0), ...input.templatePacks].map((p) => p.name);
  return { organizationPackNames, organizationPacks, ...(accountRemediation ? { accountRemediation } : {}), automation, problems: [...new Set(problems)] };
}

/** The account remediation pack's body in one account and Region; undefined where it has no rule. */
export function accountRemediationBody(plan: AccountRemediationPlan, region: string, accountId: string): string | undefined {
  const regional = plan.byRegion[region];
  return regional && !regional.empty ? regional.body.split(plan.accountIdSlot).join(accountId) : undefined;
}

/**
 * Rendered built-in packs and template packs cut to each Region, each with its remediated rules
 * there (`accountRulesOf`: built-in pack -> Region -> rules; template packs count their own).
 */
export function organizationPacksByRegion(
  rendered: readonly RenderedPack[],
  templates: readonly TemplatePackSelection[],
  regions: readonly string[],
  accountRulesOf: ReadonlyMap<string, Readonly<Record<string, number>>> = new Map(),
): OrganizationPacksByRegion {
  const catalog = managedRuleCatalog();
  return Object.fromEntries(regions.map((region) => [region, organizationPacksIn(region, rendered, templates, accountRulesOf, catalog)]));
}

function organizationPacksIn(
  region: string,
  rendered: readonly RenderedPack[],
  templates: readonly TemplatePackSelection[],
  accountRulesOf: ReadonlyMap<string, Readonly<Record<string, number>>>,
  catalog: ManagedRuleCatalog,
): PlannedOrganizationPack[] {
  return [
    ...rendered.map((p) => ({
      ...builtInForRegion(p, region, catalog),
      detectionFree: p.detectionRules === 0,
      accountPackRules: accountRulesOf.get(p.name)?.[region] ?? 0,
    })),
    ...templates.map((t): PlannedOrganizationPack => {
      // Remediations go into each account's pack, not into the organization pack.
      const { remediations, ...body } = templateForRegion(t.pack, region, catalog);
      return { ...body, name: t.name, kind: "template", inputParameters: t.pack.inputParameters, detectionFree: false, accountPackRules: remediations.length };
    }),
  ];
}

/** Per built-in pack, its remediated rules per Region: its account part rendered alone and cut as the account pack is. */
function builtInAccountRules(input: PackPlanInput, regions: readonly string[], catalog: ManagedRuleCatalog): Map<string, Record<string, number>> {
  // Rule counts do not depend on the account: any placeholder id will do.
  const target = { accountId: PLACEHOLDER_IDS[0]![0], partition: input.partition, project: input.project };
  return new Map(
    input.packs.map((selection) => {
      const part = renderAccountRemediationPack([selection], { deployment: { project: input.project, packs: [selection], templatePacks: [] } }, target);
      return [selection.name, Object.fromEntries(regions.map((region) => [region, part ? builtInForRegion(part, region, catalog).ruleCount : 0]))];
    }),
  );
}

/**
 * The account pack rendered for two placeholder ids and cut to each Region: the two must differ
 * only where the id goes, so that putting an account's id in its place gives exactly what
 * rendering for that account would (tests/packs/packPlan.test.ts compares the two).
 */
function accountRemediationPlan(
  input: PackPlanInput,
  regions: readonly string[],
  catalog: ManagedRuleCatalog,
  problems: string[],
): AccountRemediationPlan | undefined {
  const ctx: RenderContext = { deployment: input };
  const render = (accountId: string) => renderAccountRemediationPack(input.packs, ctx, { accountId, partition: input.partition, project: input.project });
  for (const [slot, other] of PLACEHOLDER_IDS) {
    const pack = render(slot);
    if (!pack) return undefined;
    const check = render(other)!;
    const byRegion = regionsOf(pack, regions, catalog);
    const checked = regionsOf(check, regions, catalog);
    if (Object.entries(byRegion).every(([region, r]) => r.body.split(slot).join(other) === checked[region]!.body)) {
      return { name: pack.name, packs: pack.packs, rules: pack.rules, bytes: pack.bytes, accountIdSlot: slot, byRegion };
    }
  }
  problems.push(`remediation pack: its templates hold every placeholder account id tried (${PLACEHOLDER_IDS.flat().join(", ")}); rename what holds them`);
  return undefined;
}

function regionsOf(pack: AccountRemediationPack, regions: readonly string[], catalog: ManagedRuleCatalog): Record<string, AccountRemediationRegion> {
  return Object.fromEntries(
    regions.map((region) => {
      const cut = builtInForRegion(pack, region, catalog);
      return [region, { body: cut.body, bytes: cut.bytes, ruleCount: cut.ruleCount, empty: cut.empty }];
    }),
  );
}
