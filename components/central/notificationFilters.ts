/**
 * SNS subscription filter policies (scope `MessageBody`) that let people
 * through only what matters from the Config topic: a resource becoming
 * NON_COMPLIANT, and a resource coming back to COMPLIANT from NON_COMPLIANT.
 * Configuration item changes, snapshots and the rest of Config's chatter are
 * filtered out.
 *
 * Config's `ComplianceChangeNotification` carries `awsAccountId`, `awsRegion`,
 * `configRuleName`, `resourceType` and `resourceId` at its top level, so every
 * message let through names the account, region, rule and resource.
 * Message shape: https://docs.aws.amazon.com/config/latest/developerguide/example-config-rule-compliance-notification.html
 * Filter syntax and limits: https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
 */
import type { NotificationEvent } from "../../rules/compliance-notifier/events";

/** A condition in a filter policy array: an exact value, or an operator object (`prefix`, `anything-but`, `exists`…). */
export type FilterCondition = string | number | boolean | null | { readonly [operator: string]: unknown };

/** A filter policy: key → conditions (OR), nested key → policy, or `$or` → alternative policies. */
export interface FilterPolicy {
  readonly [key: string]: readonly FilterCondition[] | FilterPolicy | readonly FilterPolicy[];
}

/** SNS limits: at most 5 keys, at most 150 value combinations. */
export const FILTER_POLICY_MAX_KEYS = 5;
export const FILTER_POLICY_MAX_COMBINATIONS = 150;

const NON_COMPLIANT: FilterPolicy = { newEvaluationResult: { complianceType: ["NON_COMPLIANT"] } };
const BACK_TO_COMPLIANT: FilterPolicy = {
  newEvaluationResult: { complianceType: ["COMPLIANT"] },
  oldEvaluationResult: { complianceType: ["NON_COMPLIANT"] },
};

/** The filter policy for a subscriber who wants these events. */
export function complianceFilterPolicy(events: readonly NotificationEvent[]): FilterPolicy {
  const wanted = [...new Set(events)];
  if (wanted.length === 0) {
    throw new Error("a subscription must want at least one event: `non-compliant`, `back-to-compliant` or both");
  }
  const branches = wanted.map((event) => {
    switch (event) {
      case "non-compliant":
        return NON_COMPLIANT;
      case "back-to-compliant":
        return BACK_TO_COMPLIANT;
      default:
        throw new Error(`unknown subscription event \`${String(event)}\`; use \`non-compliant\` or \`back-to-compliant\``);
    }
  });
  const policy: FilterPolicy = {
    messageType: ["ComplianceChangeNotification"],
    ...(branches.length === 1 ? branches[0] : { $or: branches }),
  };
  checkFilterPolicyLimits(policy);
  return policy;
}

/** Throws when a policy breaks SNS's key or combination limits (SNS would refuse the subscription). */
export function checkFilterPolicyLimits(policy: FilterPolicy): void {
  const keys = filterPolicyKeys(policy).length;
  if (keys > FILTER_POLICY_MAX_KEYS) {
    throw new Error(`filter policy has ${keys} keys; SNS allows ${FILTER_POLICY_MAX_KEYS}`);
  }
  const combinations = filterPolicyCombinations(policy);
  if (combinations > FILTER_POLICY_MAX_COMBINATIONS) {
    throw new Error(`filter policy has ${combinations} value combinations; SNS allows ${FILTER_POLICY_MAX_COMBINATIONS}`);
  }
}

/** Distinct leaf key paths (`a.b`), `$or` branches included. */
export function filterPolicyKeys(policy: FilterPolicy, prefix = ""): string[] {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(policy)) {
    if (key === "$or" && isPolicyList(value)) {
      value.forEach((branch) => filterPolicyKeys(branch, prefix).forEach((k) => keys.add(k)));
    } else if (Array.isArray(value)) {
      keys.add(`${prefix}${key}`);
    } else {
      filterPolicyKeys(value as FilterPolicy, `${prefix}${key}.`).forEach((k) => keys.add(k));
    }
  }
  return [...keys];
}

/** Product of the number of values of every key; an `$or` contributes the sum of its branches. */
export function filterPolicyCombinations(policy: FilterPolicy): number {
  let total = 1;
  for (const [key, value] of Object.entries(policy)) {
    if (key === "$or" && isPolicyList(value)) total *= value.reduce((sum, branch) => sum + filterPolicyCombinations(branch), 0);
    else if (Array.isArray(value)) total *= value.length;
    else total *= filterPolicyCombinations(value as FilterPolicy);
  }
  return total;
}

function isPolicyList(value: unknown): value is readonly FilterPolicy[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "object" && v !== null && !Array.isArray(v));
}
