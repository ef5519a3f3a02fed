/**
 * The organization compliance report, built from what the aggregator returned (pure).
 *
 * Rules deployed by an organization conformance pack appear in each member account as
 * `<declared name>-conformance-pack-<random>`, a different suffix per account: findings are
 * grouped by the declared name so one rule reads as one row across the organization.
 *
 * The JSON of this model is the report's `--json` output and the history snapshot
 * (commands/lib/reportSnapshots.ts reads it back): `schemaVersion` says which fields it has.
 */
import { placesOf, type Deployment } from "../../config/domain";
import type { ComplianceData } from "./compliance";
import { complianceKey } from "./compliance";
import { countOf, fieldAt, stringAt } from "./advancedQuery";
import { accountName } from "./deployment";
import { normalizeRuleName } from "../../aws/ruleNames";
import { resolvePackSelection } from "../../packs/resolve";

/**
 * Version of the report's JSON. 1 (no `schemaVersion` field): non-compliant rules only.
 * 2: every rule with results, compliant ones too, their pack, per-account and per-pack
 * compliance, resources by compliance, and how many places record.
 */
export const COMPLIANCE_REPORT_SCHEMA_VERSION = 2;

/** Prefix of recorders other AWS services own (always recording, not ours). */
export const SERVICE_LINKED_RECORDER_PREFIX = "AWSConfigurationRecorderFor";

export interface NonCompliantResource {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly annotation?: string;
}

export interface NonCompliantPlace {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  /** Non-compliant resources (AWS caps the count at 100; see `capExceeded`). */
  readonly count: number;
  readonly capExceeded: boolean;
  /** Names the rule has in that account (with the pack suffix). */
  readonly deployedNames: readonly string[];
  readonly resources?: readonly NonCompliantResource[];
}

/** Rule results by compliance, one per rule × account × Region that reported. */
export interface EvaluationCounts {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly insufficientData: number;
}

/**
 * Resources by their overall compliance (`AWS::Config::ResourceCompliance`): compliant with
 * every rule that evaluates them, or non-compliant with at least one.
 */
export interface ResourceCounts {
  readonly compliant: number;
  readonly nonCompliant: number;
}

export interface RuleFinding {
  /** The rule name as declared in the pack (suffix stripped). */
  readonly rule: string;
  /** The stack's conformance pack that declares the rule; absent for rules no pack of the stack declares, and in schema 1. */
  readonly pack?: string;
  /** Non-compliant resources, summed over accounts and Regions (each count capped at 100 by AWS). */
  readonly total: number;
  readonly capExceeded: boolean;
  /** Accounts and Regions where the rule is non-compliant. */
  readonly accounts: number;
  readonly regions: number;
  /** Account × Region results of the rule (schema 2). */
  readonly evaluations?: EvaluationCounts;
  /** Where it is non-compliant; empty for a rule compliant everywhere (schema 2 lists those too). */
  readonly places: readonly NonCompliantPlace[];
}

/** Compliant share (0..1) of what was evaluated compliant or not; undefined when nothing was. */
export function compliantShare(counts: { readonly compliant: number; readonly nonCompliant: number }): number | undefined {
  const evaluated = counts.compliant + counts.nonCompliant;
  return evaluated === 0 ? undefined : counts.compliant / evaluated;
}

/** One account's compliance (schema 2). */
export interface AccountCompliance {
  readonly accountId: string;
  readonly accountName?: string;
  /** Organizational unit, when the stack knows it. */
  readonly ou?: string;
  /** Whether the account is in the stack's scope (the aggregator may report others of the organization). */
  readonly inScope: boolean;
  /** Governed Regions of the account, and those where a customer recorder records. */
  readonly regions: { readonly governed: number; readonly recording: number };
  readonly resources: ResourceCounts;
  /** Rule × Region results in the account. */
  readonly evaluations: EvaluationCounts;
  /** Non-compliant resources summed over rules and Regions: a resource counts once per rule it fails. */
  readonly findings: number;
  readonly capExceeded: boolean;
}

/** One conformance pack of the stack (schema 2). */
export interface PackCompliance {
  readonly pack: string;
  /** Rules of the pack that reported results. */
  readonly rules: number;
  /** Non-compliant resources summed over the pack's rules, accounts and Regions. */
  readonly findings: number;
  readonly capExceeded: boolean;
  /** Rule × account × Region results of the pack's rules. */
  readonly evaluations: EvaluationCounts;
}

export interface SourceProblem {
  readonly sourceId: string;
  readonly sourceType: string;
  readonly accountName?: string;
  readonly region: string;
  readonly status: string;
  readonly lastUpdateTime?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export interface RecorderProblem {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  readonly recorderName?: string;
  /** `stopped`: the recorder exists and does not record; `not-seen`: no recorder reached the aggregator. */
  readonly problem: "stopped" | "not-seen";
  readonly detail: string;
}

export interface ComplianceReport {
  /** `COMPLIANCE_REPORT_SCHEMA_VERSION` when built; 1 for a snapshot saved before versions existed. */
  readonly schemaVersion: number;
  readonly stack: string;
  readonly aggregator: string;
  readonly generatedAt: string;
  /** Non-compliant rules first (most non-compliant resources first); schema 1 has only those. */
  readonly rules: readonly RuleFinding[];
  /** Every account with results or in scope, by account id (schema 2). */
  readonly accounts?: readonly AccountCompliance[];
  /** The stack's conformance packs, in config order (schema 2). */
  readonly packs?: readonly PackCompliance[];
  readonly sources: { readonly total: number; readonly problems: readonly SourceProblem[] };
  readonly recorders: { readonly seen: number; readonly problems: readonly RecorderProblem[] };
  readonly summary: {
    /** Non-compliant resources summed over rules, accounts and Regions (a resource counts once per rule it fails). */
    readonly nonCompliantResources: number;
    readonly countsCapped: boolean;
    /** Rules with non-compliant resources. */
    readonly rules: number;
    /** Accounts with non-compliant resources. */
    readonly accounts: number;
    readonly failingSources: number;
    readonly recordersNotRecording: number;
    /** Rules with any result (schema 2). */
    readonly rulesEvaluated?: number;
    /** Resources by overall compliance, organization-wide (schema 2). */
    readonly resources?: ResourceCounts;
    /** Account × Region places of the stack, and those where a customer recorder records (schema 2). */
    readonly places?: number;
    readonly placesRecording?: number;
  };
}

function byAccountRegion<T extends { accountId?: string; sourceId?: string; region: string }>(a: T, b: T): number {
  return (a.accountId ?? a.sourceId ?? "").localeCompare(b.accountId ?? b.sourceId ?? "") || a.region.localeCompare(b.region);
}

/** Declared rule name -> the stack's pack that declares it (the first, if several do). */
export function rulePacksOf(deployment: Deployment): Map<string, string> {
  const packs = new Map<string, string>();
  deployment.packs.forEach((selection, i) => {
    for (const r of resolvePackSelection(selection, `packs[${i}]`).resolved?.rules ?? []) {
      if (!packs.has(r.configRuleName)) packs.set(r.configRuleName, selection.name);
    }
  });
  // Template packs: the template's own rule names (findings arrive with the member-account suffix, normalized above).
  for (const t of deployment.templatePacks) {
    for (const r of t.pack.rules) if (!packs.has(r.configRuleName)) packs.set(r.configRuleName, t.name);
  }
  return packs;
}

/** One rule × account × Region result, its name normalized. */
interface RuleResult {
  readonly rule: string;
  readonly deployedName: string;
  readonly accountId: string;
  readonly region: string;
  readonly compliance: keyof EvaluationCounts | undefined;
  readonly count: number;
  readonly capExceeded: boolean;
}

const COMPLIANCE_KEYS: Readonly<Record<string, keyof EvaluationCounts>> = {
  COMPLIANT: "compliant",
  NON_COMPLIANT: "nonCompliant",
  INSUFFICIENT_DATA: "insufficientData",
};

function ruleResults(data: ComplianceData): RuleResult[] {
  const results: RuleResult[] = [];
  for (const c of data.ruleCompliance) {
    if (!c.ConfigRuleName || !c.AccountId || !c.AwsRegion) continue;
    const type = c.Compliance?.ComplianceType;
    results.push({
      rule: normalizeRuleName(c.ConfigRuleName),
      deployedName: c.ConfigRuleName,
      accountId: c.AccountId,
      region: c.AwsRegion,
      compliance: type === undefined ? undefined : COMPLIANCE_KEYS[type],
      count: type === "NON_COMPLIANT" ? (c.Compliance?.ComplianceContributorCount?.CappedCount ?? 0) : 0,
      capExceeded: type === "NON_COMPLIANT" && c.Compliance?.ComplianceContributorCount?.CapExceeded === true,
    });
  }
  return results;
}

class Tally {
  compliant = 0;
  nonCompliant = 0;
  insufficientData = 0;
  findings = 0;
  capExceeded = false;
  add(r: RuleResult): void {
    if (r.compliance) this[r.compliance] += 1;
    this.findings += r.count;
    this.capExceeded ||= r.capExceeded;
  }
  evaluations(): EvaluationCounts {
    return { compliant: this.compliant, nonCompliant: this.nonCompliant, insufficientData: this.insufficientData };
  }
}

/** `accountName`, looked up once per account: reports of large organizations have many places per account. */
function accountNames(deployment: Deployment): (accountId: string) => string | undefined {
  const names = new Map<string, string | undefined>();
  return (id) => (names.has(id) ? names.get(id) : names.set(id, accountName(deployment, id)).get(id));
}

function ruleFindings(deployment: Deployment, data: ComplianceData, results: readonly RuleResult[], rulePacks: ReadonlyMap<string, string>): RuleFinding[] {
  const nameOf = accountNames(deployment);
  const groups = new Map<string, { tally: Tally; places: Map<string, { accountId: string; region: string; count: number; capExceeded: boolean; names: Set<string>; resources?: NonCompliantResource[] }> }>();
  for (const r of results) {
    const group = groups.get(r.rule) ?? { tally: new Tally(), places: new Map() };
    groups.set(r.rule, group);
    group.tally.add(r);
    if (r.compliance !== "nonCompliant") continue;
    const key = `${r.accountId}|${r.region}`;
    const place = group.places.get(key) ?? { accountId: r.accountId, region: r.region, count: 0, capExceeded: false, names: new Set<string>() };
    group.places.set(key, place);
    place.count += r.count;
    place.capExceeded ||= r.capExceeded;
    place.names.add(r.deployedName);
    const details = data.resources?.[complianceKey(r.deployedName, r.accountId, r.region)];
    if (details) {
      place.resources ??= [];
      for (const d of details) {
        const q = d.EvaluationResultIdentifier?.EvaluationResultQualifier;
        place.resources.push({
          resourceType: q?.ResourceType ?? "",
          resourceId: q?.ResourceId ?? "",
          ...(d.Annotation ? { annotation: d.Annotation } : {}),
        });
      }
    }
  }
  return [...groups.entries()]
    .map(([rule, { tally, places }]) => {
      const list: NonCompliantPlace[] = [...places.values()]
        .map((p) => {
          const name = nameOf(p.accountId);
          return {
            accountId: p.accountId,
            ...(name ? { accountName: name } : {}),
            region: p.region,
            count: p.count,
            capExceeded: p.capExceeded,
            deployedNames: [...p.names].sort(),
            ...(p.resources ? { resources: [...p.resources].sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId)) } : {}),
          };
        })
        .sort(byAccountRegion);
      const pack = rulePacks.get(rule);
      return {
        rule,
        ...(pack ? { pack } : {}),
        total: list.reduce((s, p) => s + p.count, 0),
        capExceeded: list.some((p) => p.capExceeded),
        accounts: new Set(list.map((p) => p.accountId)).size,
        regions: new Set(list.map((p) => p.region)).size,
        evaluations: tally.evaluations(),
        places: list,
      };
    })
    .sort((a, b) => b.total - a.total || b.evaluations.nonCompliant - a.evaluations.nonCompliant || a.rule.localeCompare(b.rule));
}

/** `RESOURCE_COMPLIANCE_QUERY` rows as counts per `<account>|<region>`; other compliance types are not counted. */
function resourceCountsByPlace(data: ComplianceData): Map<string, { accountId: string; compliant: number; nonCompliant: number }> {
  const byPlace = new Map<string, { accountId: string; compliant: number; nonCompliant: number }>();
  for (const row of data.resourceCompliance) {
    const accountId = stringAt(row, "accountId");
    const type = stringAt(row, "configuration.complianceType");
    if (!accountId || (type !== "COMPLIANT" && type !== "NON_COMPLIANT")) continue;
    const key = `${accountId}|${stringAt(row, "awsRegion") ?? ""}`;
    const counts = byPlace.get(key) ?? { accountId, compliant: 0, nonCompliant: 0 };
    byPlace.set(key, counts);
    counts[type === "COMPLIANT" ? "compliant" : "nonCompliant"] += countOf(row);
  }
  return byPlace;
}

function accountCompliance(
  deployment: Deployment,
  results: readonly RuleResult[],
  resourcesByPlace: ReadonlyMap<string, { accountId: string; compliant: number; nonCompliant: number }>,
  recordingPlaces: ReadonlySet<string>,
): AccountCompliance[] {
  const tallies = new Map<string, Tally>();
  const tallyOf = (id: string) => tallies.get(id) ?? tallies.set(id, new Tally()).get(id)!;
  for (const r of results) tallyOf(r.accountId).add(r);
  const resources = new Map<string, { compliant: number; nonCompliant: number }>();
  for (const counts of resourcesByPlace.values()) {
    const sum = resources.get(counts.accountId) ?? { compliant: 0, nonCompliant: 0 };
    resources.set(counts.accountId, sum);
    sum.compliant += counts.compliant;
    sum.nonCompliant += counts.nonCompliant;
  }
  const inScope = new Map(deployment.accounts.map((a) => [a.id, a]));
  const ids = new Set([...inScope.keys(), ...tallies.keys(), ...resources.keys()]);
  return [...ids].sort().map((accountId) => {
    const account = inScope.get(accountId);
    const name = account?.name ?? accountName(deployment, accountId);
    const tally = tallies.get(accountId) ?? new Tally();
    return {
      accountId,
      ...(name ? { accountName: name } : {}),
      ...(account?.ou ? { ou: account.ou } : {}),
      inScope: account !== undefined,
      regions: {
        governed: account?.regions.length ?? 0,
        recording: account?.regions.filter((r) => recordingPlaces.has(`${accountId}|${r.name}`)).length ?? 0,
      },
      resources: resources.get(accountId) ?? { compliant: 0, nonCompliant: 0 },
      evaluations: tally.evaluations(),
      findings: tally.findings,
      capExceeded: tally.capExceeded,
    };
  });
}

function packCompliance(deployment: Deployment, results: readonly RuleResult[], rulePacks: ReadonlyMap<string, string>): PackCompliance[] {
  return [...deployment.packs, ...deployment.templatePacks].map((selection) => {
    const tally = new Tally();
    const rules = new Set<string>();
    for (const r of results) {
      if (rulePacks.get(r.rule) !== selection.name) continue;
      tally.add(r);
      rules.add(r.rule);
    }
    return { pack: selection.name, rules: rules.size, findings: tally.findings, capExceeded: tally.capExceeded, evaluations: tally.evaluations() };
  });
}

function iso(d: Date | string | undefined): string | undefined {
  if (d === undefined) return undefined;
  return d instanceof Date ? d.toISOString() : d;
}

function sourceProblems(deployment: Deployment, data: ComplianceData): SourceProblem[] {
  return data.sources
    .filter((s) => s.LastUpdateStatus !== "SUCCEEDED")
    .map((s) => {
      const name = s.SourceId ? accountName(deployment, s.SourceId) : undefined;
      return {
        sourceId: s.SourceId ?? "(unknown)",
        sourceType: s.SourceType ?? "",
        ...(name ? { accountName: name } : {}),
        region: s.AwsRegion ?? "",
        status: s.LastUpdateStatus ?? "UNKNOWN",
        ...(s.LastUpdateTime ? { lastUpdateTime: iso(s.LastUpdateTime) } : {}),
        ...(s.LastErrorCode ? { errorCode: s.LastErrorCode } : {}),
        ...(s.LastErrorMessage ? { errorMessage: s.LastErrorMessage } : {}),
      };
    })
    .sort(byAccountRegion);
}

/** `configuration.Recording` as AWS spells it in the recorder CI; lower case accepted too. */
function recordingFlag(row: Parameters<typeof fieldAt>[0]): boolean | undefined {
  const v = fieldAt(row, "configuration.Recording") ?? fieldAt(row, "configuration.recording");
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "false") return v === "true";
  return undefined;
}

function recorderName(row: Parameters<typeof fieldAt>[0]): string | undefined {
  return stringAt(row, "configuration.Name") ?? stringAt(row, "configuration.name") ?? stringAt(row, "resourceName") ?? stringAt(row, "resourceId");
}

function recorderProblems(
  deployment: Deployment,
  data: ComplianceData,
  sources: readonly SourceProblem[],
): { seen: number; problems: RecorderProblem[]; recordingPlaces: Set<string> } {
  const customer = data.recorders.filter((r) => !(recorderName(r) ?? "").startsWith(SERVICE_LINKED_RECORDER_PREFIX));
  const problems: RecorderProblem[] = [];
  const seenPlaces = new Set<string>();
  const recordingPlaces = new Set<string>();
  for (const row of customer) {
    const accountId = stringAt(row, "accountId") ?? "";
    const region = stringAt(row, "awsRegion") ?? "";
    seenPlaces.add(`${accountId}|${region}`);
    if (recordingFlag(row) !== false) recordingPlaces.add(`${accountId}|${region}`);
    if (recordingFlag(row) === false) {
      const name = accountName(deployment, accountId);
      const recorder = recorderName(row);
      problems.push({
        accountId,
        ...(name ? { accountName: name } : {}),
        region,
        ...(recorder ? { recorderName: recorder } : {}),
        problem: "stopped",
        detail: `recorder \`${recorder ?? "?"}\` exists but is not recording: \`aws configservice start-configuration-recorder --configuration-recorder-name ${recorder ?? "<name>"}\` in that account and region, or \`pulumi up\``,
      });
    }
  }
  for (const place of placesOf(deployment)) {
    if (seenPlaces.has(`${place.account.id}|${place.region.name}`)) continue;
    const failing = sources.find((s) => s.sourceId === place.account.id && s.region === place.region.name);
    problems.push({
      accountId: place.account.id,
      accountName: place.account.name,
      region: place.region.name,
      problem: "not-seen",
      detail: failing
        ? `the aggregator cannot read this place (${failing.status}${failing.errorCode ? `: ${failing.errorCode}` : ""}${failing.errorMessage ? ` ${failing.errorMessage}` : ""})`
        : "no recorder reached the aggregator: none exists yet (run `npm run preflight` and `pulumi up`), or it was created in the last hours",
    });
  }
  return { seen: customer.length, problems: problems.sort(byAccountRegion), recordingPlaces };
}

/**
 * The report from what the aggregator returned. `rulePacks` maps declared rule names to the
 * stack's packs (`rulePacksOf`, replaceable in tests of rules no shipped pack has).
 */
export function buildComplianceReport(
  deployment: Deployment,
  aggregator: string,
  data: ComplianceData,
  now: Date,
  rulePacks: ReadonlyMap<string, string> = rulePacksOf(deployment),
): ComplianceReport {
  const results = ruleResults(data);
  const rules = ruleFindings(deployment, data, results, rulePacks);
  const problems = sourceProblems(deployment, data);
  const { recordingPlaces, ...recorders } = recorderProblems(deployment, data, problems);
  const resourcesByPlace = resourceCountsByPlace(data);
  const places = placesOf(deployment);
  const nonCompliantRules = rules.filter((r) => r.places.length > 0);
  let compliant = 0;
  let nonCompliant = 0;
  for (const counts of resourcesByPlace.values()) {
    compliant += counts.compliant;
    nonCompliant += counts.nonCompliant;
  }
  return {
    schemaVersion: COMPLIANCE_REPORT_SCHEMA_VERSION,
    stack: deployment.stack,
    aggregator,
    generatedAt: now.toISOString(),
    rules,
    accounts: accountCompliance(deployment, results, resourcesByPlace, recordingPlaces),
    packs: packCompliance(deployment, results, rulePacks),
    sources: { total: data.sources.length, problems },
    recorders,
    summary: {
      nonCompliantResources: rules.reduce((s, r) => s + r.total, 0),
      countsCapped: rules.some((r) => r.capExceeded),
      rules: nonCompliantRules.length,
      accounts: new Set(nonCompliantRules.flatMap((r) => r.places.map((p) => p.accountId))).size,
      failingSources: problems.length,
      recordersNotRecording: recorders.problems.length,
      rulesEvaluated: rules.length,
      resources: { compliant, nonCompliant },
      places: places.length,
      placesRecording: places.filter((p) => recordingPlaces.has(`${p.account.id}|${p.region.name}`)).length,
    },
  };
}
