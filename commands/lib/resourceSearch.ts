/**
 * Finding a resource anywhere in the organization through the aggregator's advanced query,
 * by ARN, by id or name, or by the start of an id or name, then its compliance from the
 * `AWS::Config::ResourceCompliance` configuration items.
 *
 * Advanced query limits shape this (developer guide, "Querying", Limitations): `LIKE` takes
 * suffix wildcards only (so "partial" means "starts with"), needs three literal characters
 * before the wildcard, and treats `_` as a wildcard; deleted resources and types the
 * recorders do not record cannot be found.
 */
import {
  likePrefixPattern,
  selectAggregate,
  sqlString,
  sqlStringList,
  startsWithInsensitive,
  stringAt,
  type AggregatorTarget,
  type QueryRow,
} from "./advancedQuery";
import type { Progress } from "./progress";

export const RESOURCE_FIELDS = "resourceId, resourceName, resourceType, accountId, awsRegion, arn, configurationItemCaptureTime, configurationItemStatus";

export const COMPLIANCE_FIELDS =
  "accountId, awsRegion, configuration.targetResourceId, configuration.targetResourceType, configuration.complianceType, configuration.configRuleList";

/** Resource ids per compliance query (keeps the `IN` list, and the expression, short). */
export const COMPLIANCE_BATCH = 25;

export interface SearchPlan {
  readonly kind: "arn" | "text";
  readonly expression: string;
  /** Keeps the rows that really match (the server may return a superset). */
  readonly keep: (row: QueryRow) => boolean;
  readonly notes: readonly string[];
}

export function isArn(input: string): boolean {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:/.test(input);
}

/** The query for `input` and how to filter what comes back. */
export function searchPlan(input: string): SearchPlan {
  const value = input.trim();
  if (value === "") throw new Error("nothing to search for: give a name, an id or an ARN");
  if (isArn(value)) {
    return {
      kind: "arn",
      expression: `SELECT ${RESOURCE_FIELDS} WHERE arn = ${sqlString(value)}`,
      keep: (row) => stringAt(row, "arn") === value,
      notes: [],
    };
  }
  const exact = `resourceId = ${sqlString(value)} OR resourceName = ${sqlString(value)}`;
  const like = likePrefixPattern(value);
  const notes: string[] = [];
  if (!like)
    notes.push(
      `\`${value}\` has fewer than 3 characters before any \`%\` or \`_\`: advanced query cannot search by prefix, so only exact ids and names were matched`,
    );
  else if (/[%_]/.test(value))
    notes.push("advanced query treats `%` and `_` as wildcards: the search ran on the part before them and kept names that start with the whole input");
  return {
    kind: "text",
    expression: `SELECT ${RESOURCE_FIELDS} WHERE ${like ? `${exact} OR resourceId LIKE ${like} OR resourceName LIKE ${like}` : exact}`,
    keep: (row) => startsWithInsensitive(stringAt(row, "resourceId"), value) || startsWithInsensitive(stringAt(row, "resourceName"), value),
    notes,
  };
}

/** The compliance queries for the matched resources, one per batch of ids. */
export function complianceExpressions(matches: readonly QueryRow[]): string[] {
  const ids = [...new Set(matches.map((m) => stringAt(m, "resourceId")).filter((id): id is string => id !== undefined))].sort();
  const expressions: string[] = [];
  for (let i = 0; i < ids.length; i += COMPLIANCE_BATCH) {
    expressions.push(
      `SELECT ${COMPLIANCE_FIELDS} WHERE resourceType = 'AWS::Config::ResourceCompliance' AND configuration.targetResourceId IN ${sqlStringList(ids.slice(i, i + COMPLIANCE_BATCH))}`,
    );
  }
  return expressions;
}

export interface SearchData {
  readonly plan: SearchPlan;
  readonly matches: readonly QueryRow[];
  readonly compliance: readonly QueryRow[];
  /** The ARN lookup found nothing and the ARN's last part was searched as a name or id. */
  readonly fellBackFrom?: string;
}

/** The part of an ARN after the last `/` or `:` (a bucket's name, a role's name, an instance id). */
export function arnResourcePart(arn: string): string {
  const resource = arn.split(":").slice(5).join(":");
  return resource.split("/").pop()!.split(":").pop()!;
}

export async function searchResources(target: AggregatorTarget, input: string, progress: Progress): Promise<SearchData> {
  let plan = searchPlan(input);
  progress.start(1, "searching the organization");
  let matches = (await selectAggregate(target, plan.expression)).filter(plan.keep);
  let fellBackFrom: string | undefined;
  if (matches.length === 0 && plan.kind === "arn") {
    // Some types carry no `arn` in their configuration items: try the ARN's resource part.
    fellBackFrom = input.trim();
    const part = arnResourcePart(fellBackFrom);
    const exact = searchPlan(part);
    plan = {
      ...exact,
      keep: (row) => stringAt(row, "resourceId") === part || stringAt(row, "resourceName") === part,
      expression: `SELECT ${RESOURCE_FIELDS} WHERE resourceId = ${sqlString(part)} OR resourceName = ${sqlString(part)}`,
    };
    matches = (await selectAggregate(target, plan.expression)).filter(plan.keep);
  }
  progress.tick();
  const expressions = complianceExpressions(matches);
  progress.start(expressions.length, "reading compliance");
  const compliance: QueryRow[] = [];
  for (const expression of expressions) {
    compliance.push(...(await selectAggregate(target, expression)));
    progress.tick();
  }
  progress.stop();
  return { plan, matches, compliance, ...(fellBackFrom ? { fellBackFrom } : {}) };
}
