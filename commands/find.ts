/**
 * `npm run find -- <name, id or ARN> --stack <name>`
 *
 * "Is this bucket ours?": looks a resource up across the whole organization through the
 * aggregator and prints which account (with its inventory name), Region and type own it,
 * its last configuration change and its compliance. A partial name matches resources whose
 * id or name starts with it (advanced query supports prefix wildcards only); every match is
 * listed.
 *
 * Structure: searchResources (commands/lib/resourceSearch.ts) -> buildFindResult (pure) ->
 * renderFind. Exit codes: 0 found, 1 nothing found, 2 usage / config / AWS error.
 */
import type { Deployment } from "../config/domain";
import { fieldAt, LIKE_MIN_LITERAL, stringAt, type QueryRow } from "./lib/advancedQuery";
import {
  addFormatOptions,
  addStackOptions,
  type AggregatorCommandDependencies,
  aggregatorCommandDependencies,
  type AggregatorCommandOptions,
  type CommandIo,
  loadStackOf,
  newProgram,
  outputFormatOf,
  parseArguments,
  processIo,
  runCommand,
  runMain,
} from "./lib/cli";
import { ExitCode, UsageError } from "./lib/exitCodes";
import { createProgress } from "./lib/progress";
import { heading, renderJson, renderTabular, type OutputFormat, type TableSpec } from "./lib/render";
import { searchResources, type SearchData } from "./lib/resourceSearch";
import { normalizeRuleName } from "../aws/ruleNames";

export { searchResources, searchPlan } from "./lib/resourceSearch";

export type Compliance = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE" | "INSUFFICIENT_DATA" | "UNKNOWN";

export interface FoundResource {
  readonly accountId: string;
  /** Inventory (or organization) name; absent when the stack does not know the account. */
  readonly accountName?: string;
  /** `in scope`, `excluded: <reason>`, or `not in this stack`. */
  readonly ownership: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly arn?: string;
  /** When Config last captured a change (`configurationItemCaptureTime`). */
  readonly lastChange?: string;
  /** `configurationItemStatus` of that capture (OK, ResourceDiscovered, ...). */
  readonly lastChangeStatus?: string;
  readonly compliance: Compliance;
  /** Rules the resource fails, with pack suffixes stripped. */
  readonly nonCompliantRules: readonly string[];
  /** Id or name equal to the input (not just starting with it). */
  readonly exact: boolean;
}

export interface FindResult {
  readonly query: string;
  readonly stack: string;
  readonly aggregator: string;
  readonly expression: string;
  readonly matches: readonly FoundResource[];
  readonly notes: readonly string[];
}

function ownershipOf(deployment: Deployment, accountId: string): { name?: string; ownership: string } {
  const account = deployment.accounts.find((a) => a.id === accountId);
  if (account) return { name: account.name, ownership: "in scope" };
  const excluded = deployment.excluded.find((a) => a.id === accountId);
  if (excluded) return { name: excluded.name, ownership: `excluded: ${excluded.reason}` };
  return { ownership: `not in stack \`${deployment.stack}\`` };
}

const COMPLIANCE_ORDER: readonly Compliance[] = ["NON_COMPLIANT", "INSUFFICIENT_DATA", "COMPLIANT", "NOT_APPLICABLE", "UNKNOWN"];

function complianceOf(rows: readonly QueryRow[]): { compliance: Compliance; rules: string[] } {
  if (rows.length === 0) return { compliance: "UNKNOWN", rules: [] };
  const types = rows.map((r) => (stringAt(r, "configuration.complianceType") ?? "UNKNOWN").toUpperCase() as Compliance);
  const compliance = COMPLIANCE_ORDER.find((c) => types.includes(c)) ?? "UNKNOWN";
  const rules = new Set<string>();
  for (const row of rows) {
    const list = fieldAt(row, "configuration.configRuleList");
    for (const rule of Array.isArray(list) ? list : []) {
      const r = rule as { configRuleName?: unknown; complianceType?: unknown };
      if (typeof r.configRuleName === "string" && String(r.complianceType).toUpperCase() === "NON_COMPLIANT") rules.add(normalizeRuleName(r.configRuleName));
    }
  }
  return { compliance, rules: [...rules].sort() };
}

/** Compliance rows of one resource: same account, type and id; same Region unless the resource is global. */
function complianceRowsFor(match: QueryRow, compliance: readonly QueryRow[]): QueryRow[] {
  const region = stringAt(match, "awsRegion");
  return compliance.filter(
    (c) =>
      stringAt(c, "accountId") === stringAt(match, "accountId") &&
      stringAt(c, "configuration.targetResourceId") === stringAt(match, "resourceId") &&
      stringAt(c, "configuration.targetResourceType") === stringAt(match, "resourceType") &&
      (region === "global" || stringAt(c, "awsRegion") === region),
  );
}

export function buildFindResult(deployment: Deployment, query: string, aggregator: string, data: SearchData): FindResult {
  const value = query.trim().toLowerCase();
  const matches: FoundResource[] = data.matches.map((row) => {
    const accountId = stringAt(row, "accountId") ?? "";
    const { name, ownership } = ownershipOf(deployment, accountId);
    const { compliance, rules } = complianceOf(complianceRowsFor(row, data.compliance));
    const resourceId = stringAt(row, "resourceId") ?? "";
    const resourceName = stringAt(row, "resourceName");
    const arn = stringAt(row, "arn");
    const lastChange = stringAt(row, "configurationItemCaptureTime");
    const lastChangeStatus = stringAt(row, "configurationItemStatus");
    return {
      accountId,
      ...(name ? { accountName: name } : {}),
      ownership,
      region: stringAt(row, "awsRegion") ?? "",
      resourceType: stringAt(row, "resourceType") ?? "",
      resourceId,
      ...(resourceName ? { resourceName } : {}),
      ...(arn ? { arn } : {}),
      ...(lastChange ? { lastChange } : {}),
      ...(lastChangeStatus ? { lastChangeStatus } : {}),
      compliance,
      nonCompliantRules: rules,
      exact: [resourceId, resourceName, arn].some((v) => v?.toLowerCase() === value),
    };
  });
  matches.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      a.accountId.localeCompare(b.accountId) ||
      a.region.localeCompare(b.region) ||
      a.resourceType.localeCompare(b.resourceType) ||
      a.resourceId.localeCompare(b.resourceId),
  );
  const notes = [...data.plan.notes];
  if (data.fellBackFrom) notes.push(`no configuration item has the ARN \`${data.fellBackFrom}\`; searched its last part as an id or name instead`);
  if (matches.some((m) => m.compliance === "UNKNOWN")) {
    notes.push(
      "UNKNOWN compliance: no `AWS::Config::ResourceCompliance` item for that resource (no rule evaluates it, or the recorder does not record compliance)",
    );
  }
  if (matches.length === 0) {
    notes.push(
      "nothing found: the resource does not exist in the organization, was deleted, is of a type the recorders do not record, " +
        "or lives in an account or Region the aggregator does not cover (`npm run report` lists sources that fail)",
    );
  }
  return { query, stack: deployment.stack, aggregator, expression: data.plan.expression, matches, notes };
}

function spec(result: FindResult, machine: boolean): TableSpec<FoundResource> {
  return {
    columns: [
      { header: machine ? "account_id" : "Account", value: (m) => (machine ? m.accountId : m.accountName ? `${m.accountName} (${m.accountId})` : m.accountId) },
      ...(machine ? [{ header: "account_name", value: (m: FoundResource) => m.accountName }] : []),
      { header: machine ? "ownership" : "Ownership", value: (m) => m.ownership },
      { header: machine ? "region" : "Region", value: (m) => m.region },
      { header: machine ? "resource_type" : "Type", value: (m) => m.resourceType },
      { header: machine ? "resource_id" : "Id", value: (m) => m.resourceId },
      { header: machine ? "resource_name" : "Name", value: (m) => m.resourceName },
      ...(machine ? [{ header: "arn", value: (m: FoundResource) => m.arn }] : []),
      {
        header: machine ? "last_change" : "Last change",
        value: (m) => (machine ? m.lastChange : [m.lastChange, m.lastChangeStatus && `(${m.lastChangeStatus})`].filter(Boolean).join(" ")),
      },
      ...(machine ? [{ header: "last_change_status", value: (m: FoundResource) => m.lastChangeStatus }] : []),
      { header: machine ? "compliance" : "Compliance", value: (m) => m.compliance },
      { header: machine ? "non_compliant_rules" : "Failing rules", value: (m) => m.nonCompliantRules.join(machine ? " " : "\n") },
    ],
    rows: result.matches,
  };
}

export function renderFind(result: FindResult, format: OutputFormat): string {
  if (format === "json") return renderJson(result);
  if (format === "csv") return renderTabular("csv", spec(result, true));
  let out = heading(format, `\`${result.query}\` in the organization (aggregator \`${result.aggregator}\`)`, format === "markdown" ? 2 : 1);
  out += `${result.matches.length} match(es).\n\n`;
  if (result.matches.length > 0) out += renderTabular(format, spec(result, false)) + "\n";
  for (const note of result.notes) out += `${format === "markdown" ? "- " : "Note: "}${note}\n`;
  return out;
}

// ---------------------------------------------------------------- CLI

export type FindOptions = AggregatorCommandOptions;

export type FindDependencies = AggregatorCommandDependencies;

const defaultDependencies: FindDependencies = aggregatorCommandDependencies("find");

export async function main(argv: readonly string[], io: CommandIo = processIo, deps: FindDependencies = defaultDependencies): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("find", "Find a resource anywhere in the organization: which account, Region and type own it.", io).argument(
      "<query>",
      "ARN, resource id or name, or the start of an id or name (3 characters at least)",
    );
    addStackOptions(program, {
      stack: "Pulumi stack (reads Pulumi.<name>.yaml and its inventory for account names)",
      aggregator: "organization aggregator in the security account",
    });
    addFormatOptions(program, ["json", "csv", "markdown"]);
    parseArguments(program, argv);
    const opts = program.opts<FindOptions>();
    const query = String(program.args[0] ?? "");
    if (query.trim() === "") throw new UsageError("give a name, an id or an ARN to look for");
    if (query.trim().length < LIKE_MIN_LITERAL) {
      throw new UsageError(
        `\`${query.trim()}\` is too short: give at least ${LIKE_MIN_LITERAL} characters of a name, an id or an ARN (AWS's advanced query cannot search by a shorter prefix)`,
      );
    }
    const format = outputFormatOf(opts);

    const deployment = await loadStackOf(deps, opts, false, "find");
    const target = await deps.aggregator(deployment, opts.aggregator);
    const progress = createProgress({ format, requested: opts.progress, isTty: io.stderrIsTty });
    const data = await searchResources(target, query, progress);
    const result = buildFindResult(deployment, query, opts.aggregator, data);
    io.stdout(renderFind(result, format));
    return result.matches.length > 0 ? ExitCode.Ok : ExitCode.Findings;
  });
}

if (require.main === module) runMain(main);
