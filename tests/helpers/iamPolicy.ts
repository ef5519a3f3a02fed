/**
 * A small evaluator of IAM policy documents, for tests: which of our identity and resource
 * policies allow a given request. It follows the documented evaluation logic for one policy
 * set: an explicit Deny wins, otherwise an Allow is needed, otherwise the request is implicitly
 * denied (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 *
 * Covered: `Action`/`NotAction` and `Resource` with `*` and `?` wildcards (actions case
 * insensitive), `Principal` (`*`, `AWS`, `Service`) for resource policies, and the condition
 * operators our policies use: String(Not)Equals, String(Not)Like, Arn(Not)Equals, Arn(Not)Like,
 * Bool, each with a list of values meaning "any of". A key missing from the request makes a
 * positive operator false and a negated operator true (IAM's rule for missing keys without
 * `...IfExists`). Anything else throws, so a test never passes on an operator it cannot read.
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
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** Any policy document: statements are read as IAM reads them (JSON parsed or typed elsewhere). */
export interface PolicyDocument {
  readonly Statement: unknown;
}

const listOf = <T>(v: T | readonly T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? [...v] : [v as T]);

function wildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, caseInsensitive ? "i" : "").test(value);
}

function principalMatches(p: Statement["Principal"], who: Request["principal"]): boolean {
  if (p === undefined) return true; // identity policy: the principal is the policy's holder
  if (p === "*") return true;
  if (!who) return false;
  return Object.entries(p).some(([kind, values]) => {
    const caller = kind === "AWS" ? who.AWS : kind === "Service" ? who.Service : undefined;
    if (caller === undefined) return false;
    return listOf(values).some((v) => v === "*" || v === caller || (kind === "AWS" && /^\d{12}$/.test(v) && caller.split(":")[4] === v) || (kind === "AWS" && v === `arn:aws:iam::${caller.split(":")[4]}:root`));
  });
}

function conditionHolds(operator: string, key: string, wanted: string | string[] | boolean, context: Request["context"]): boolean {
  // Condition keys are case insensitive (`AWS:SourceAccount` is `aws:SourceAccount`).
  const actual = Object.entries(context ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  const values = listOf(wanted as string | string[]).map(String);
  const negated = /Not/.test(operator);
  if (actual === undefined) return negated;
  const a = String(actual);
  let any: boolean;
  switch (operator.replace("Not", "")) {
    case "StringEquals":
    case "ArnEquals":
    case "Bool":
      any = values.some((v) => v === a);
      break;
    case "StringEqualsIgnoreCase":
      any = values.some((v) => v.toLowerCase() === a.toLowerCase());
      break;
    case "StringLike":
    case "ArnLike":
      any = values.some((v) => wildcard(v, a));
      break;
    default:
      throw new Error(`iamPolicy: condition operator \`${operator}\` is not implemented`);
  }
  return negated ? !any : any;
}

function statementApplies(s: Statement, r: Request): boolean {
  if (!principalMatches(s.Principal, r.principal)) return false;
  const actionHit = (patterns: string[]) => patterns.some((p) => wildcard(p, r.action, true));
  if (s.Action !== undefined && !actionHit(listOf(s.Action))) return false;
  if (s.NotAction !== undefined && actionHit(listOf(s.NotAction))) return false;
  if (!listOf(s.Resource ?? "*").some((p) => wildcard(p, r.resource))) return false;
  for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
    for (const [key, wanted] of Object.entries(keys)) if (!conditionHolds(operator, key, wanted, r.context)) return false;
  }
  return true;
}

/** The decision of these policies (one identity or resource policy set) for the request, with the statements that made it. */
export function evaluate(policies: PolicyDocument | readonly PolicyDocument[], request: Request): { decision: Decision; by: string[] } {
  const statements = listOf(policies as PolicyDocument | PolicyDocument[]).flatMap((p) => listOf(p.Statement as Statement | Statement[]));
  const hits = statements.filter((s) => statementApplies(s, request));
  const denies = hits.filter((s) => s.Effect === "Deny");
  if (denies.length > 0) return { decision: "explicit-deny", by: denies.map((s) => s.Sid ?? "(no Sid)") };
  const allows = hits.filter((s) => s.Effect === "Allow");
  return allows.length > 0 ? { decision: "allow", by: allows.map((s) => s.Sid ?? "(no Sid)") } : { decision: "implicit-deny", by: [] };
}
