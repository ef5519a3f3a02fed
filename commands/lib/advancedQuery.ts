/**
 * AWS Config advanced queries through the organization aggregator
 * (`SelectAggregateResourceConfig`): paginated, rows parsed from their JSON strings, and
 * string literals built so that user input cannot break out of the quotes.
 *
 * The query language is a SQL subset (developer guide, "Querying the current configuration
 * state", Limitations): only suffix wildcards (`LIKE 'abc%'`), at least three literal
 * characters before the wildcard, `_` is a wildcard too, no `FROM`/`DISTINCT`/`HAVING`,
 * `GROUP BY` with up to three properties.
 */
import { ConfigServiceClient, SelectAggregateResourceConfigCommand } from "@aws-sdk/client-config-service";
import { allPages } from "../../aws/pages";

/** One result row: the selected properties, nested as in the configuration item. */
import { atAggregator } from "./awsCallError";

export type QueryRow = Readonly<Record<string, unknown>>;

/** The aggregator to query, and a Config client in its account and region. */
export interface AggregatorTarget {
  readonly client: ConfigServiceClient;
  readonly aggregatorName: string;
  /** The aggregator's account and region, for error messages. */
  readonly accountId?: string;
  readonly region?: string;
}

/** Largest page `SelectAggregateResourceConfig` accepts. */
export const QUERY_PAGE_SIZE = 100;

/** Runs one query to its last page. `onPage` hears the running row count (for progress). */
export async function selectAggregate(target: AggregatorTarget, expression: string, onPage?: (rowsSoFar: number) => void): Promise<QueryRow[]> {
  const rows: QueryRow[] = [];
  await allPages(async (nextToken) => {
    const page = await atAggregator(target, "config:SelectAggregateResourceConfig", () =>
      target.client.send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: target.aggregatorName,
          Expression: expression,
          Limit: QUERY_PAGE_SIZE,
          NextToken: nextToken,
        }),
      ),
    );
    for (const result of page.Results ?? []) rows.push(parseRow(result, expression));
    onPage?.(rows.length);
    return page;
  });
  return rows;
}

function parseRow(result: string, expression: string): QueryRow {
  try {
    const parsed: unknown = JSON.parse(result);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as QueryRow;
  } catch {
    // fall through to the error below
  }
  throw new Error(`advanced query \`${expression}\` returned a row that is not a JSON object: ${result.slice(0, 120)}`);
}

/** A SQL string literal: single quotes doubled, as standard SQL escapes them. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `IN ('a', 'b')` list of string literals. */
export function sqlStringList(values: readonly string[]): string {
  return `(${values.map(sqlString).join(", ")})`;
}

/** Literal characters advanced query needs before a wildcard. */
export const LIKE_MIN_LITERAL = 3;

/**
 * A prefix `LIKE` pattern for `input`, or `undefined` when advanced query cannot express it.
 * `%` and `_` are wildcards there and cannot be escaped, so the pattern stops at the first
 * of them: the server returns a superset, and callers keep only rows that really start with
 * `input` (`startsWithInsensitive`).
 */
export function likePrefixPattern(input: string): string | undefined {
  const wildcardAt = input.search(/[%_]/);
  const literal = wildcardAt === -1 ? input : input.slice(0, wildcardAt);
  if (literal.length < LIKE_MIN_LITERAL) return undefined;
  return sqlString(`${literal}%`);
}

export function startsWithInsensitive(value: unknown, prefix: string): boolean {
  return typeof value === "string" && value.toLowerCase().startsWith(prefix.toLowerCase());
}

/** Property at a dotted path of a row (`configuration.targetResourceId`). */
export function fieldAt(row: QueryRow, path: string): unknown {
  let cursor: unknown = row;
  for (const step of path.split(".")) {
    if (!cursor || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<string, unknown>)[step];
  }
  return cursor;
}

export function stringAt(row: QueryRow, path: string): string | undefined {
  const value = fieldAt(row, path);
  return typeof value === "string" ? value : undefined;
}

/** The `COUNT(*)` of an aggregate row (the service names the column after the expression). */
export function countOf(row: QueryRow): number {
  const key = Object.keys(row).find((k) => /^count\(/i.test(k));
  const value = key === undefined ? undefined : row[key];
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  throw new Error(`aggregate row has no \`COUNT(*)\` column: ${JSON.stringify(row).slice(0, 120)}`);
}
