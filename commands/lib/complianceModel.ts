/**
 * The organization compliance report, built from what the aggregator returned (pure).
 *
 * Rules deployed by an organization conformance pack appear in each member account as
 * `<declared name>-conformance-pack-<random>`, a different suffix per account: findings are
 * grouped by the declared name so one rule reads as one row across the organization.
 */
import { placesOf, type Deployment } from "../../config/domain";
import type { ComplianceData } from "./compliance";
import { complianceKey } from "./compliance";
import { fieldAt, stringAt } from "./advancedQuery";
import { accountName } from "./deployment";
import { normalizeRuleName } from "../../aws/ruleNames";

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

export interface RuleFinding {
  /** The rule name as declared in the pack (suffix stripped). */
  readonly rule: string;
  readonly total: number;
  readonly capExceeded: boolean;
  readonly accounts: number;
  readonly regions: number;
  readonly places: readonly NonCompliantPlace[];
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
  readonly stack: string;
  readonly aggregator: string;
  readonly generatedAt: string;
  readonly rules: readonly RuleFinding[];
  readonly sources: { readonly total: number; readonly problems: readonly SourceProblem[] };
  readonly recorders: { readonly seen: number; readonly problems: readonly RecorderProblem[] };
  readonly summary: {
    readonly nonCompliantResources: number;
    readonly countsCapped: boolean;
    readonly rules: number;
    readonly accounts: number;
    readonly failingSources: number;
    readonly recordersNotRecording: number;
  };
}

function byAccountRegion<T extends { accountId?: string; sourceId?: string; region: string }>(a: T, b: T): number {
  return (a.accountId ?? a.sourceId ?? "").localeCompare(b.accountId ?? b.sourceId ?? "") || a.region.localeCompare(b.region);
}

function ruleFindings(deployment: Deployment, data: ComplianceData): RuleFinding[] {
  const groups = new Map<string, Map<string, { accountId: string; region: string; count: number; capExceeded: boolean; names: Set<string>; resources?: NonCompliantResource[] }>>();
  for (const c of data.nonCompliant) {
    if (!c.ConfigRuleName || !c.AccountId || !c.AwsRegion) continue;
    const rule = normalizeRuleName(c.ConfigRuleName);
    const places = groups.get(rule) ?? new Map();
    groups.set(rule, places);
    const key = `${c.AccountId}|${c.AwsRegion}`;
    const place = places.get(key) ?? { accountId: c.AccountId, region: c.AwsRegion, count: 0, capExceeded: false, names: new Set<string>() };
    places.set(key, place);
    place.count += c.Compliance?.ComplianceContributorCount?.CappedCount ?? 0;
    place.capExceeded ||= c.Compliance?.ComplianceContributorCount?.CapExceeded === true;
    place.names.add(c.ConfigRuleName);
    const details = data.resources?.[complianceKey(c.ConfigRuleName, c.AccountId, c.AwsRegion)];
    if (details) {
      place.resources ??= [];
      for (const r of details) {
        const q = r.EvaluationResultIdentifier?.EvaluationResultQualifier;
        place.resources.push({
          resourceType: q?.ResourceType ?? "",
          resourceId: q?.ResourceId ?? "",
          ...(r.Annotation ? { annotation: r.Annotation } : {}),
        });
      }
    }
  }
  return [...groups.entries()]
    .map(([rule, places]) => {
      const list: NonCompliantPlace[] = [...places.values()]
        .map((p) => {
          const name = accountName(deployment, p.accountId);
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
      return {
        rule,
        total: list.reduce((s, p) => s + p.count, 0),
        capExceeded: list.some((p) => p.capExceeded),
        accounts: new Set(list.map((p) => p.accountId)).size,
        regions: new Set(list.map((p) => p.region)).size,
        places: list,
      };
    })
    .sort((a, b) => b.total - a.total || a.rule.localeCompare(b.rule));
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

function recorderProblems(deployment: Deployment, data: ComplianceData, sources: readonly SourceProblem[]): { seen: number; problems: RecorderProblem[] } {
  const customer = data.recorders.filter((r) => !(recorderName(r) ?? "").startsWith(SERVICE_LINKED_RECORDER_PREFIX));
  const problems: RecorderProblem[] = [];
  const seenPlaces = new Set<string>();
  for (const row of customer) {
    const accountId = stringAt(row, "accountId") ?? "";
    const region = stringAt(row, "awsRegion") ?? "";
    seenPlaces.add(`${accountId}|${region}`);
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
  return { seen: customer.length, problems: problems.sort(byAccountRegion) };
}

export function buildComplianceReport(deployment: Deployment, aggregator: string, data: ComplianceData, now: Date): ComplianceReport {
  const rules = ruleFindings(deployment, data);
  const problems = sourceProblems(deployment, data);
  const recorders = recorderProblems(deployment, data, problems);
  return {
    stack: deployment.stack,
    aggregator,
    generatedAt: now.toISOString(),
    rules,
    sources: { total: data.sources.length, problems },
    recorders,
    summary: {
      nonCompliantResources: rules.reduce((s, r) => s + r.total, 0),
      countsCapped: rules.some((r) => r.capExceeded),
      rules: rules.length,
      accounts: new Set(rules.flatMap((r) => r.places.map((p) => p.accountId))).size,
      failingSources: problems.length,
      recordersNotRecording: recorders.problems.length,
    },
  };
}
