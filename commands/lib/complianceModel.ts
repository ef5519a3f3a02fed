/**
 * The organization compliance report (commands/lib/complianceReport.ts), built from what the
 * aggregator returned (pure).
 *
 * Rules deployed by an organization conformance pack appear in each member account as
 * `<declared name>-conformance-pack-<random>`, a different suffix per account: findings are
 * grouped by the declared name so one rule reads as one row across the organization.
 */
import { placesOf, type Deployment } from "../../config/domain";
import type { ComplianceData } from "./compliance";
import { complianceKey } from "./compliance";
import { countOf, fieldAt, stringAt } from "./advancedQuery";
import { accountName } from "./deployment";
import { normalizeRuleName } from "../../aws/ruleNames";
import { resolvePackSelection } from "../../packs/resolve";
import {
  COMPLIANCE_REPORT_SCHEMA_VERSION,
  type AccountCompliance,
  type ComplianceReport,
  type EvaluationCounts,
  type NonCompliantPlace,
  type NonCompliantResource,
  type PackCompliance,
  type RecorderProblem,
  type RuleFinding,
  type SourceProblem,
} from "./complianceReport";

/** Prefix of recorders other AWS services own (always recording, not ours). */
export const SERVICE_LINKED_RECORDER_PREFIX = "AWSConfigurationRecorderFor";

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
  const groups = new Map<
    string,
    {
      tally: Tally;
      places: Map<string, { accountId: string; region: string; count: number; capExceeded: boolean; names: Set<string>; resources?: NonCompliantResource[] }>;
    }
  >();
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
            ...(p.resources
              ? { resources: [...p.resources].sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.resourceId.localeCompare(b.resourceId)) }
              : {}),
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
