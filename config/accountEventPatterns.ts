/**
 * Which Organizations account events start a deployment of this stack: one EventBridge pattern
 * per event kind, on the management account's default bus in us-east-1 (Organizations is a global
 * service and its CloudTrail events arrive there only; docs/aws-constraints.md, "New accounts").
 *
 * The kinds, as CloudTrail records them:
 * - `account-created`: `CreateAccountResult`, an AWS service event, with
 *   `serviceEventDetails.createAccountStatus.state` SUCCEEDED (the `CreateAccount` call itself
 *   returns before the account exists);
 * - `account-joined`: `AccountJoinedOrganization`, the membership event Organizations logs in the
 *   management account when an account joins. Not `AcceptHandshake`: the invited account calls it,
 *   and CloudTrail logs it in that account only, never in the management account's;
 * - `account-moved`: `MoveAccount` (`requestParameters.sourceParentId`/`destinationParentId`);
 * - `account-removed`: `RemoveAccountFromOrganization` (the management account removed it) and
 *   `AccountDepartedOrganization` (any departure: a member's own `LeaveOrganization` is logged in
 *   the member account only).
 * API calls that failed (`errorCode` present) start nothing. The membership events' fields beyond
 * their name are not relied on (their record shape is not in AWS's pages read here), so a created
 * account also matches `account-joined`: two requests, and the second run finds nothing to change.
 *
 * The stack's shard decides which kinds it takes (config/shard.ts):
 * - `all`: every kind, every account;
 * - `hash`: every kind, every account, in every hash stack. A pattern cannot compute the SHA-256
 *   bucket of an account id, so each hash stack runs; the one that owns the account creates its
 *   recorders and the others find nothing to change. Chosen over a router function (a Lambda
 *   computing the bucket and calling the API per stack): no code, role, logs or second failure
 *   point to keep, at the price of `count - 1` runs that change nothing;
 * - `ou`: moves into or out of the shard's OUs, and removals (their event names no OU, so every
 *   OU stack runs); a created or invited account lands in the organization's root, so an OU shard
 *   takes those only when it names the root (`r-…`). A move into an OU nested below a shard's OU
 *   carries the nested OU's id, which the pattern cannot know: the scheduled drift run covers it;
 * - `accounts`: none (config/newAccounts.ts refuses the key there).
 */
import type { Shard } from "./domain";

export type AccountEventKind = "account-created" | "account-joined" | "account-moved" | "account-removed";

export const ACCOUNT_EVENT_KINDS: readonly AccountEventKind[] = ["account-created", "account-joined", "account-moved", "account-removed"];

/** An EventBridge event pattern (the subset these rules use: exact values, `exists`, nesting, `$or`). */
export type EventPattern = { readonly [key: string]: readonly (string | { readonly exists: boolean })[] | EventPattern | readonly EventPattern[] };

const ORGANIZATIONS = { source: ["aws.organizations"] } as const;
const ORGANIZATIONS_SOURCE = ["organizations.amazonaws.com"];
const SUCCEEDED_CALL = { errorCode: [{ exists: false }] } as const;

function apiCall(eventName: string, detail: EventPattern = {}): EventPattern {
  return {
    ...ORGANIZATIONS,
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: { eventSource: ORGANIZATIONS_SOURCE, eventName: [eventName], ...SUCCEEDED_CALL, ...detail },
  };
}

/** Organizations' events in the management account by name alone, of any detail type (API calls and membership events), that did not fail. */
function membership(eventNames: readonly string[]): EventPattern {
  return { ...ORGANIZATIONS, detail: { eventSource: ORGANIZATIONS_SOURCE, eventName: [...eventNames], ...SUCCEEDED_CALL } };
}

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

/** The patterns of this stack's rules, by kind; kinds its shard never owns are absent. */
export function accountEventPatterns(shard: Shard): Partial<Record<AccountEventKind, EventPattern>> {
  if (shard.kind === "accounts") return {};
  const created: EventPattern = {
    ...ORGANIZATIONS,
    "detail-type": ["AWS Service Event via CloudTrail"],
    detail: { eventSource: ORGANIZATIONS_SOURCE, eventName: ["CreateAccountResult"], serviceEventDetails: { createAccountStatus: { state: ["SUCCEEDED"] } } },
  };
  const joined = membership(["AccountJoinedOrganization"]);
  const removed = membership(["RemoveAccountFromOrganization", "AccountDepartedOrganization"]);
  if (shard.kind === "all" || shard.kind === "hash") {
    return { "account-created": created, "account-joined": joined, "account-moved": apiCall("MoveAccount"), "account-removed": removed };
  }
  const takesRoot = shard.ous.some((ou) => ROOT_ID.test(ou));
  const ous = shard.ous.map((ou) => ou.replace(/^\/+|\/+$/g, ""));
  const moved = takesRoot
    ? apiCall("MoveAccount")
    : apiCall("MoveAccount", { $or: [{ requestParameters: { destinationParentId: ous } }, { requestParameters: { sourceParentId: ous } }] });
  return { ...(takesRoot ? { "account-created": created, "account-joined": joined } : {}), "account-moved": moved, "account-removed": removed };
}

/** For the plan and the README: what each kind of rule starts on, in words. */
export function describeAccountEvent(kind: AccountEventKind, shard: Shard): string {
  switch (kind) {
    case "account-created":
      return "CreateAccountResult with state SUCCEEDED (a new account)";
    case "account-joined":
      return "AccountJoinedOrganization (an account joined: invited, or created)";
    case "account-moved":
      return shard.kind === "ou" && !shard.ous.some((ou) => ROOT_ID.test(ou))
        ? `MoveAccount into or out of ${shard.ous.join(", ")}`
        : "MoveAccount (an account changed OU)";
    case "account-removed":
      return "RemoveAccountFromOrganization or AccountDepartedOrganization (an account left)";
  }
}
