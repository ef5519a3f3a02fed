/**
 * A small implementation of SNS payload-based filtering (FilterPolicyScope
 * `MessageBody`), enough to check our policies against sample messages:
 * exact strings/numbers/booleans/null, `prefix`, `suffix`, `anything-but`
 * (value, list, or `{prefix}`), `exists`, nested keys, arrays in the message
 * (any element matches), and `$or`.
 * Semantics: https://docs.aws.amazon.com/sns/latest/dg/sns-message-filtering.html
 */
import type { FilterCondition, FilterPolicy } from "../../components/central/notificationFilters";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Whether a message body (parsed JSON) passes the policy. */
export function matchesFilterPolicy(policy: FilterPolicy, message: Json): boolean {
  if (!isObject(message)) return false;
  const body = message as { readonly [key: string]: Json };
  return Object.entries(policy).every(([key, rule]) => {
    if (key === "$or" && isOrBranches(rule)) return rule.some((branch) => matchesFilterPolicy(branch, body));
    const present = Object.prototype.hasOwnProperty.call(body, key);
    const value = body[key];
    if (Array.isArray(rule)) return matchesLeaf(rule as readonly FilterCondition[], present, value);
    // Nested policy: the message must have an object there.
    return present && value !== null && matchesFilterPolicy(rule as FilterPolicy, value as Json);
  });
}

function matchesLeaf(conditions: readonly FilterCondition[], present: boolean, value: Json | undefined): boolean {
  return conditions.some((condition) => {
    if (isObject(condition) && "exists" in condition) {
      const exists = present && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
      return condition["exists"] === exists;
    }
    if (!present) return false;
    // An array in the message matches when any of its elements does.
    const values = Array.isArray(value) ? value : [value as Json];
    return values.some((v) => matchesCondition(condition, v));
  });
}

function matchesCondition(condition: FilterCondition, value: Json): boolean {
  if (condition === null || typeof condition !== "object") return condition === value;
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  switch (operator) {
    case "prefix":
      return typeof value === "string" && typeof operand === "string" && value.startsWith(operand);
    case "suffix":
      return typeof value === "string" && typeof operand === "string" && value.endsWith(operand);
    case "anything-but": {
      if (isObject(operand) && typeof operand["prefix"] === "string") return !(typeof value === "string" && value.startsWith(operand["prefix"]));
      const excluded = Array.isArray(operand) ? operand : [operand];
      return !excluded.includes(value as never);
    }
    default:
      throw new Error(`filter operator \`${String(operator)}\` is not implemented by the test matcher`);
  }
}

function isOrBranches(rule: unknown): rule is readonly FilterPolicy[] {
  return Array.isArray(rule) && rule.length >= 2 && rule.every((b) => isObject(b) && !Object.keys(b).some((k) => RESERVED.has(k)));
}

const RESERVED = new Set(["prefix", "suffix", "anything-but", "exists", "numeric", "equals-ignore-case", "cidr"]);

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
