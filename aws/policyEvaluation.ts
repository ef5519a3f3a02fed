/**
 * An evaluator of IAM policy documents for one policy set: which of our identity and resource
 * policies, or a live bucket or key policy, allow a given request. It follows the documented
 * evaluation logic: an explicit Deny wins, otherwise an Allow is needed, otherwise the request is
 * implicitly denied (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * Covered: `Action`/`NotAction` and `Resource`/`NotResource` with `*` and `?` wildcards (actions
 * case insensitive), `Principal` (`*`, `AWS`, `Service`) for resource policies, and the condition
 * operators String(Not)Equals(IgnoreCase), String(Not)Like, Arn(Not)Equals, Arn(Not)Like, Bool,
 * Numeric*, Null, each with `...IfExists`, and a list of values meaning "any of". A key missing
 * from the request makes a positive operator false and a negated operator true (IAM's rule for
 * missing keys without `...IfExists`; with it, the condition holds). Anything else (set operators
 * `ForAnyValue:`/`ForAllValues:`, `NotPrincipal`, date and IP operators) throws
 * `UnsupportedPolicyError` naming the statement, so no verdict rests on an element it cannot read.
 *
 * Why not a library: docs README, "Dependency notes" (`@cloud-copilot/iam-simulate` is AGPL-3.0).
 */

export type Decision = "allow" | "explicit-deny" | "implicit-deny";

export interface Request {
  readonly action: string;
  readonly resource: string;
  /** For resource policies: who calls (`{ AWS: arn }` or `{ Service: principal }`). */
  readonly principal?: { readonly AWS?: string; readonly Service?: string };
  /** Condition keys of the request, as `aws:PrincipalArn`, `iam:AWSServiceName`, ... */
  readonly context?: Readonly<Record<string, string | boolean>>;
}

interface Statement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | Record<string, string | string[]>;
  readonly NotPrincipal?: unknown;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean | number>>;
}

/** Any policy document: statements are read as IAM reads them (JSON parsed or typed elsewhere). */
export interface PolicyDocument {
  readonly Statement: unknown;
}

/** A policy element this evaluator does not read: the verdict is unknown, never guessed. */
export class UnsupportedPolicyError extends Error {
  constructor(
    readonly statement: string,
    readonly element: string,
  ) {
    super(`statement \`${statement}\` uses \`${element}\`, which this evaluator does not read`);
    this.name = "UnsupportedPolicyError";
  }
}

const listOf = <T>(v: T | readonly T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? [...v] : [v as T]);

const sidOf = (s: Statement): string => s.Sid ?? "(no Sid)";

function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(value);
}

function principalMatches(s: Statement, who: Request["principal"]): boolean {
  if (s.NotPrincipal !== undefined) throw new UnsupportedPolicyError(sidOf(s), "NotPrincipal");
  const p = s.Principal;
  if (p === undefined) return true; // identity policy: the principal is the policy's holder
  if (p === "*") return true;
  if (!who) return false;
  return Object.entries(p).some(([kind, values]) => {
    if (kind === "AWS" && listOf(values).includes("*")) return true; // `{"AWS": "*"}` is everyone, as `*` is
    const caller = kind === "AWS" ? who.AWS : kind === "Service" ? who.Service : undefined;
    if (caller === undefined) return false;
    return listOf(values).some(
      (v) =>
        v === "*" ||
        v === caller ||
        (kind === "AWS" && /^\d{12}$/.test(v) && caller.split(":")[4] === v) ||
        (kind === "AWS" && v === `arn:aws:iam::${caller.split(":")[4]}:root`),
    );
  });
}

/** The operators read, without `Not` (negated ones invert the result), as (request value, policy value) -> match. */
const COMPARE: Readonly<Record<string, (actual: string, wanted: string) => boolean>> = {
  StringEquals: (a, v) => a === v,
  ArnEquals: (a, v) => a === v,
  Bool: (a, v) => a === v,
  StringEqualsIgnoreCase: (a, v) => a.toLowerCase() === v.toLowerCase(),
  StringLike: (a, v) => wildcard(v, a),
  ArnLike: (a, v) => wildcard(v, a),
  NumericEquals: (a, v) => Number(a) === Number(v),
  NumericLessThan: (a, v) => Number(a) < Number(v),
  NumericLessThanEquals: (a, v) => Number(a) <= Number(v),
  NumericGreaterThan: (a, v) => Number(a) > Number(v),
  NumericGreaterThanEquals: (a, v) => Number(a) >= Number(v),
};

/** Whether one operator/key pair holds for the request; throws on an operator it does not read. */
function conditionHolds(statement: string, operatorWithSuffix: string, key: string, wanted: unknown, context: Request["context"]): boolean {
  if (operatorWithSuffix.includes(":")) throw new UnsupportedPolicyError(statement, `${operatorWithSuffix} (set operator)`);
  const ifExists = operatorWithSuffix.endsWith("IfExists");
  const operator = ifExists ? operatorWithSuffix.slice(0, -"IfExists".length) : operatorWithSuffix;
  // Condition keys are case insensitive (`AWS:SourceAccount` is `aws:SourceAccount`).
  const actual = Object.entries(context ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  const values = listOf(wanted as string | string[]).map(String);
  if (operator === "Null") return values.some((v) => (v === "true") === (actual === undefined));
  const negated = operator.includes("Not");
  const base = operator.replace("Not", "");
  const compare = COMPARE[base];
  if (!compare) throw new UnsupportedPolicyError(statement, operatorWithSuffix);
  if (actual === undefined) return ifExists || negated;
  const any = values.some((v) => compare(String(actual), v));
  return negated ? !any : any;
}

/** The first condition of the statement that does not hold, as `Operator key`, or undefined when all hold. */
function failingCondition(s: Statement, r: Request): { operator: string; key: string; wanted: unknown } | undefined {
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, wanted] of Object.entries(keys)) if (!conditionHolds(sidOf(s), operator, key, wanted, r.context)) return { operator, key, wanted };
  }
  return undefined;
}

/** Whether the statement names this principal, action and resource (conditions apart). */
function namesRequest(s: Statement, r: Request): boolean {
  if (!principalMatches(s, r.principal)) return false;
  const actionHit = (patterns: string[]) => patterns.some((p) => wildcard(p, r.action, true));
  if (s.Action !== undefined && !actionHit(listOf(s.Action))) return false;
  if (s.NotAction !== undefined && actionHit(listOf(s.NotAction))) return false;
  if (s.NotResource !== undefined) return !listOf(s.NotResource).some((p) => wildcard(p, r.resource));
  return listOf(s.Resource ?? "*").some((p) => wildcard(p, r.resource));
}

function statementsOf(policies: PolicyDocument | readonly PolicyDocument[]): Statement[] {
  return listOf(policies as PolicyDocument | PolicyDocument[]).flatMap((p) => listOf(p.Statement as Statement | Statement[]));
}

/** The decision of these policies (one identity or resource policy set) for the request, with the statements that made it. */
export function evaluate(policies: PolicyDocument | readonly PolicyDocument[], request: Request): { decision: Decision; by: string[] } {
  const hits = statementsOf(policies).filter((s) => namesRequest(s, request) && failingCondition(s, request) === undefined);
  const denies = hits.filter((s) => s.Effect === "Deny");
  if (denies.length > 0) return { decision: "explicit-deny", by: denies.map(sidOf) };
  const allows = hits.filter((s) => s.Effect === "Allow");
  return allows.length > 0 ? { decision: "allow", by: allows.map(sidOf) } : { decision: "implicit-deny", by: [] };
}

/**
 * Why no Allow admitted the request: each Allow statement that names its principal, action and
 * resource, with the first condition that did not hold and the request's value for that key
 * (`AWSConfigBucketDelivery: StringEquals aws:SourceOrgID wants o-wrong, the request has o-right`).
 * Empty when no statement even names the request.
 */
export function refusalReasons(policies: PolicyDocument | readonly PolicyDocument[], request: Request): string[] {
  return statementsOf(policies)
    .filter((s) => s.Effect === "Allow" && namesRequest(s, request))
    .flatMap((s) => {
      const failed = failingCondition(s, request);
      if (!failed) return [];
      const actual = Object.entries(request.context ?? {}).find(([k]) => k.toLowerCase() === failed.key.toLowerCase())?.[1];
      const wants = listOf(failed.wanted as string | string[]).map(String);
      const shown = wants.length > 3 ? `${wants.slice(0, 3).join(", ")} … (${wants.length} values)` : wants.join(", ");
      return [`${sidOf(s)}: ${failed.operator} ${failed.key} wants ${shown}, the request has ${actual === undefined ? "no such key" : String(actual)}`];
    });
}
