/**
 * A minimal EventBridge event-pattern matcher for the subset config/accountEventPatterns.ts uses,
 * to test those patterns against CloudTrail-shaped events:
 * - a list of values: the event's field equals one of them (a field holding an array matches
 *   when any element does);
 * - `{ "exists": true | false }`: the field is present or absent (a leaf, not an object);
 * - a nested object: the event's field is an object that matches it;
 * - `"$or": [pattern, …]`: at least one branch matches at this level.
 * Every key of a pattern must match (AND). Semantics:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * Anything else in a pattern (prefix, numeric, anything-but) throws: this matcher does not know it.
 */
import type { EventPattern } from "../../config/accountEventPatterns";

type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export function matchesEventPattern(pattern: EventPattern, event: Value): boolean {
  if (typeof event !== "object" || event === null || Array.isArray(event)) return false;
  return Object.entries(pattern).every(([key, rule]) => {
    if (key === "$or") return (rule as readonly EventPattern[]).some((branch) => matchesEventPattern(branch, event));
    const present = key in event;
    const field = event[key];
    if (!Array.isArray(rule)) return present && matchesEventPattern(rule as EventPattern, field as Value);
    return (rule as readonly (string | { exists: boolean })[]).some((condition) => {
      if (typeof condition === "string") {
        const leaves = Array.isArray(field) ? field : [field];
        return present && leaves.some((leaf) => leaf === condition);
      }
      if (typeof condition === "object" && condition !== null && Object.keys(condition).join() === "exists") {
        const isLeaf = present && (typeof field !== "object" || field === null || Array.isArray(field));
        return condition.exists ? isLeaf : !present;
      }
      throw new Error(`eventPatternMatcher: unsupported condition ${JSON.stringify(condition)}`);
    });
  });
}
