/**
 * Just enough of IAM policy grammar to judge a bucket policy or an SCP:
 * statements normalised (single values become lists, condition keys compared
 * case-insensitively as IAM does), and action matching with `*` wildcards.
 */
import { asArray, parseJsonish } from "./view";

export interface Statement {
  readonly sid?: string;
  readonly effect: "Allow" | "Deny";
  /** `*` for any principal; otherwise the listed principals by kind (`Service`, `AWS`, …). */
  readonly principal: "*" | Readonly<Record<string, readonly string[]>>;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  /** operator → lower-cased condition key → values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

interface RawStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * The statements of a policy document given as a JSON string or an object;
 * `undefined` when it is neither (so callers can say the document is unreadable).
 */
export function statementsOf(document: unknown): Statement[] | undefined {
  const parsed = parseJsonish(document);
  if (typeof parsed !== "object" || parsed === null) {
    return undefined;
  }
  const raw = asArray((parsed as { Statement?: RawStatement | RawStatement[] }).Statement);
  return raw.map(normalise);
}

function normalise(raw: RawStatement): Statement {
  const conditions: Record<string, Record<string, string[]>> = {};
  for (const [operator, entries] of Object.entries(raw.Condition ?? {})) {
    const byKey: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(entries ?? {})) {
      byKey[key.toLowerCase()] = asArray(value as string | string[]).map(String);
    }
    conditions[operator] = byKey;
  }
  return {
    ...(raw.Sid !== undefined ? { sid: raw.Sid } : {}),
    effect: raw.Effect === "Deny" ? "Deny" : "Allow",
    principal: normalisePrincipal(raw.Principal),
    actions: asArray(raw.Action),
    notActions: asArray(raw.NotAction),
    resources: asArray(raw.Resource),
    conditions,
  };
}

function normalisePrincipal(principal: unknown): Statement["principal"] {
  if (principal === "*" || principal === undefined) {
    // No principal (identity policies, SCPs) applies to whoever the policy is attached to.
    return "*";
  }
  const byKind: Record<string, string[]> = {};
  for (const [kind, value] of Object.entries(principal as Record<string, unknown>)) {
    byKind[kind] = asArray(value as string | string[]);
  }
  return byKind;
}

/** Whether the statement applies to every principal (`"*"` or `{"AWS": "*"}`). */
export function isAnyPrincipal(statement: Statement): boolean {
  return statement.principal === "*" || (statement.principal.AWS ?? []).includes("*");
}

export function hasServicePrincipal(statement: Statement, service: string): boolean {
  return statement.principal !== "*" && (statement.principal.Service ?? []).includes(service);
}

/** IAM wildcard match (`*`, `?`); actions compare case-insensitively, ARNs exactly. */
export function wildcardMatches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const regex = new RegExp(
    "^" +
      pattern
        .split("")
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
        .join("") +
      "$",
    ignoreCase ? "i" : "",
  );
  return regex.test(value);
}

export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatches(pattern, action, true);
}

/** Whether the statement covers `action` (through `Action`, or by not excluding it in `NotAction`). */
export function coversAction(statement: Statement, action: string): boolean {
  if (statement.actions.length > 0) {
    return statement.actions.some((pattern) => actionMatches(pattern, action));
  }
  return statement.notActions.length > 0 && !statement.notActions.some((pattern) => actionMatches(pattern, action));
}

/** Values of `key` under `operator` (operator exact, key case-insensitive). */
export function conditionValues(statement: Statement, operator: string, key: string): readonly string[] | undefined {
  return statement.conditions[operator]?.[key.toLowerCase()];
}

/** Whether the statement's resources include `arn` (exactly or through a `*` pattern). */
export function coversResource(statement: Statement, arn: string): boolean {
  return statement.resources.some((pattern) => wildcardMatches(pattern, arn, false));
}
