/**
 * What `pulumi up` would build, derived from the resources the real program
 * registered under mocks (not from config), so the plan shows the program's
 * actual shape: the accounts × regions matrix, central resources per account,
 * packs per region, provider counts.
 */
import type { Deployment } from "../config/domain";
import { managementActsAsAdministrator, managementAsAdministratorNote } from "../config/centralRoles";
import {
  ACCOUNT_CONFORMANCE_PACK,
  ACCOUNT_ROLE,
  AWS_NATIVE_PROVIDER,
  AWS_PROVIDER,
  CONFIG_RECORDER,
  ORGANIZATION_CONFORMANCE_PACK,
  SERVICE_LINKED_ROLE,
  TRUSTED_SERVICE_ACCESS,
} from "../policies/tokens";
import type { MockedResource } from "./mockRun";

/** Type tokens of the shape contract: the policy pack's where it has them, so the two cannot drift. */
export const TYPES = {
  recorder: CONFIG_RECORDER,
  serviceLinkedRole: SERVICE_LINKED_ROLE,
  trustedAccess: TRUSTED_SERVICE_ACCESS,
  accountRole: ACCOUNT_ROLE,
  accountPack: ACCOUNT_CONFORMANCE_PACK,
  awsProvider: AWS_PROVIDER,
  awsNativeProvider: AWS_NATIVE_PROVIDER,
  pack: ORGANIZATION_CONFORMANCE_PACK,
} as const;

export interface PlanCell {
  readonly recorderName: string;
  readonly adopt?: string;
  readonly globalTypes: boolean;
  readonly frequency: string;
  /** Remediations in the account's remediation pack in this place; absent: no such pack here. */
  readonly remediations?: number;
}

export interface PlanAccountRow {
  readonly id: string;
  readonly name: string;
  readonly functions: readonly string[];
  readonly profile: string;
  readonly reachedWith: string;
  /** By region; `null` where the account does not record in that governed region. */
  readonly cells: Readonly<Record<string, PlanCell | null>>;
}

export interface CentralResource {
  readonly type: string;
  readonly name: string;
  readonly region?: string;
}

/** One organization pack in one region: what it deploys there and what the region leaves out. */
export interface PlanPack {
  readonly name: string;
  readonly kind: "built-in" | "template";
  /** Rules deployed in the region. */
  readonly rules: number;
  /** Rules AWS says it does not offer in the region, left out. */
  readonly leftOut: readonly string[];
  /** Rules kept although no region note covers the region (see packs/README.md, "Regions"). */
  readonly unconfirmed: readonly string[];
  /** `inline` (TemplateBody), `s3` (TemplateS3Uri through the conforms bucket) or `skipped` (no rule left). */
  readonly delivery: "inline" | "s3" | "skipped";
  /** The pack's remediated rules in the region: not in the organization pack but in each account's remediation pack. */
  readonly accountPackRules: number;
}

export interface PlanModel {
  readonly stack: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly organizationSource: string;
  readonly shard: Deployment["shard"];
  readonly ownsCentral: boolean;
  readonly accounts: readonly PlanAccountRow[];
  readonly excluded: Deployment["excluded"];
  /** Set when the management account acts as the Config administrator (a one-account pilot): the plan's line saying so and why. */
  readonly administratorNote?: string;
  /** By account id: what lands there besides recorders. */
  readonly central: Readonly<Record<string, { readonly functions: readonly string[]; readonly resources: readonly CentralResource[] }>>;
  readonly packsByRegion: Readonly<Record<string, readonly string[]>>;
  /** By region: every declared pack with its rule count there (packs/regionalPacks.ts, as the program deploys it). */
  readonly packRules: Readonly<Record<string, readonly PlanPack[]>>;
  readonly counts: {
    readonly resources: number;
    readonly customResources: number;
    readonly recorders: number;
    /** Account remediation packs (one per account × region when packs remediate rules). */
    readonly remediationPacks: number;
    readonly awsProviders: number;
    readonly awsNativeProviders: number;
  };
}

/** `["123"]` arrives JSON-encoded from the mock monitor for provider inputs. */
function jsonish(v: unknown): unknown {
  if (typeof v === "string" && (v.startsWith("[") || v.startsWith("{"))) {
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  }
  return v;
}

/** The account a provider acts in, from its `allowedAccountIds`. */
export function providerAccounts(resources: readonly MockedResource[]): Map<string, string> {
  const byUrn = new Map<string, string>();
  for (const r of resources) {
    if (r.type !== TYPES.awsProvider && r.type !== TYPES.awsNativeProvider) continue;
    const ids = jsonish(r.inputs.allowedAccountIds);
    if (Array.isArray(ids) && ids.length > 0) byUrn.set(r.urn, String(ids[0]));
  }
  return byUrn;
}

/** `urn::id` -> `urn` */
export function providerUrn(ref: string | undefined): string | undefined {
  return ref ? ref.split("::").slice(0, -1).join("::") : undefined;
}

/** RemediationConfigurations in a rendered template (packs/render.ts writes one `Type:` line each). */
function remediationCount(templateBody: string): number {
  return (templateBody.match(/^\s+Type: AWS::Config::RemediationConfiguration$/gm) ?? []).length;
}

export function buildPlanModel(deployment: Deployment, resources: readonly MockedResource[], organizationSource: string): PlanModel {
  const recorders = resources.filter((r) => r.type === TYPES.recorder);
  const byPlace = new Map(recorders.map((r) => [`${String(r.inputs.accountId)}/${String(r.inputs.region)}`, r]));
  const regions = deployment.regions.map((r) => r.name);
  const accountPacks = resources.filter((r) => r.type === TYPES.accountPack);
  const remediationsByPlace = new Map(
    accountPacks.map((r) => [`${String(r.inputs.accountId)}/${String(r.inputs.region)}`, remediationCount(String(r.inputs.templateBody ?? ""))]),
  );

  const accounts: PlanAccountRow[] = deployment.accounts.map((a) => ({
    id: a.id,
    name: a.name,
    functions: a.functions,
    profile: a.profile.name,
    reachedWith: a.access.roleName ? `role ${a.access.roleName}` : "caller credentials",
    cells: Object.fromEntries(
      regions.map((region) => {
        const r = byPlace.get(`${a.id}/${region}`);
        if (!r) return [region, null];
        const recorder = r.inputs.recorder as {
          name: string;
          recordingGroup: { allSupported?: boolean; includeGlobalResourceTypes?: boolean; exclusionByResourceTypes?: { resourceTypes: string[] } };
          recordingMode: { recordingFrequency: string };
        };
        const group = recorder.recordingGroup;
        const globalTypes = group.allSupported
          ? Boolean(group.includeGlobalResourceTypes)
          : group.exclusionByResourceTypes
            ? !group.exclusionByResourceTypes.resourceTypes.includes("AWS::IAM::Role")
            : false;
        const remediations = remediationsByPlace.get(`${a.id}/${region}`);
        return [
          region,
          {
            recorderName: recorder.name,
            ...(typeof r.inputs.adopt === "string" ? { adopt: r.inputs.adopt } : {}),
            globalTypes,
            frequency: recorder.recordingMode.recordingFrequency,
            ...(remediations !== undefined ? { remediations } : {}),
          },
        ];
      }),
    ),
  }));

  const providers = providerAccounts(resources);
  const central: Record<string, { functions: string[]; resources: CentralResource[] }> = {};
  const centralIds: [string, string][] = [
    [deployment.managementAccountId, "management"],
    [deployment.securityAccountId, "security"],
    [deployment.logArchiveAccountId, "log-archive"],
  ];
  for (const [id, fn] of centralIds) (central[id] ??= { functions: [], resources: [] }).functions.push(fn);
  for (const r of resources) {
    if (!r.custom || r.type.startsWith("pulumi:providers:")) continue;
    const account = providers.get(providerUrn(r.provider) ?? "") ?? (r.type === TYPES.trustedAccess ? String(r.inputs.accountId) : undefined);
    if (!account || !central[account]) continue;
    central[account]!.resources.push({ type: r.type, name: r.name, ...(typeof r.inputs.region === "string" ? { region: r.inputs.region } : {}) });
  }

  const packsByRegion: Record<string, string[]> = Object.fromEntries(regions.map((r) => [r, []]));
  for (const p of resources.filter((r) => r.type === TYPES.pack)) packsByRegion[String(p.inputs.region)]?.push(String(p.inputs.name));

  return {
    stack: deployment.stack,
    homeRegion: deployment.homeRegion,
    regions,
    organizationSource,
    shard: deployment.shard,
    ownsCentral: deployment.ownsCentral,
    accounts,
    excluded: deployment.excluded,
    ...(managementActsAsAdministrator(deployment) ? { administratorNote: managementAsAdministratorNote(deployment.managementAccountId) } : {}),
    central,
    packsByRegion,
    packRules: packRulesByRegion(deployment),
    counts: {
      resources: resources.length,
      customResources: resources.filter((r) => r.custom).length,
      recorders: recorders.length,
      remediationPacks: accountPacks.length,
      awsProviders: resources.filter((r) => r.type === TYPES.awsProvider).length,
      awsNativeProviders: resources.filter((r) => r.type === TYPES.awsNativeProvider).length,
    },
  };
}

/** Each declared pack per region, as the pack plan cut it for the organization layer (packs/packPlan.ts). */
export function packRulesByRegion(deployment: Deployment): Record<string, PlanPack[]> {
  return Object.fromEntries(
    Object.entries(deployment.packPlan.organizationPacks).map(([region, packs]) => [
      region,
      packs.map((p): PlanPack => ({
        name: p.name,
        kind: p.kind,
        rules: p.ruleCount,
        leftOut: p.leftOut.map((l) => l.configRuleName),
        unconfirmed: p.unconfirmed.map((l) => l.configRuleName),
        delivery: p.empty ? "skipped" : p.fitsInline ? "inline" : "s3",
        accountPackRules: p.accountPackRules,
      })),
    ]),
  );
}
