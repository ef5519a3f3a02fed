/**
 * The plan's "New accounts" section (stack `newAccounts`): from the resources the program
 * registered, which Organizations events start a deployment of which stack, through what, with
 * which retries, and who hears when one could not be started. Nothing when the stack does not
 * set the key, so the plan of such a stack reads as it always did.
 */
import { ACCOUNT_EVENT_KINDS, describeAccountEvent, type AccountEventKind } from "../../config/accountEventPatterns";
import type { Deployment } from "../../config/domain";
import { ORGANIZATIONS_EVENTS_REGION } from "../../config/newAccounts";
import { EVENTBRIDGE_API_DESTINATION, EVENTBRIDGE_TARGET } from "../../policies/tokens";
import type { MockedResource } from "../../offline/mockRun";

export interface NewAccountsPlan {
  /** The management account and region the rules live in. */
  readonly account: string;
  readonly region: string;
  /** Create Deployment of this stack, as the API destination calls it. */
  readonly endpoint: string;
  /** One rule per event kind this stack's shard takes. */
  readonly rules: readonly { readonly name: string; readonly kind: AccountEventKind; readonly on: string }[];
  readonly retry: { readonly maximumRetryAttempts: number; readonly maximumEventAgeSeconds: number };
  /** Where the token is: never its value. */
  readonly token: string;
  /** Mail and https subscribers told when an event lands in the dead-letter queue. */
  readonly peopleNotified: number;
}

export function newAccountsPlan(deployment: Deployment, resources: readonly MockedResource[]): NewAccountsPlan | undefined {
  const settings = deployment.newAccounts;
  if (!settings) return undefined;
  const prefix = `${deployment.project}-${deployment.stack}-`;
  const rules = resources
    .filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule" && String(r.inputs.name ?? "").startsWith(prefix))
    .map((r) => String(r.inputs.name))
    .flatMap((name) => {
      const kind = ACCOUNT_EVENT_KINDS.find((k) => name === `${prefix}${k}`);
      return kind ? [{ name, kind, on: describeAccountEvent(kind, deployment.shard) }] : [];
    });
  const destination = resources.find((r) => r.type === EVENTBRIDGE_API_DESTINATION);
  const target = resources.find((r) => r.type === EVENTBRIDGE_TARGET && r.inputs.retryPolicy !== undefined);
  const retry = (target?.inputs.retryPolicy ?? {}) as { maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number };
  return {
    account: deployment.managementAccountId,
    region: ORGANIZATIONS_EVENTS_REGION,
    endpoint: String(destination?.inputs.invocationEndpoint ?? settings.endpoint),
    rules,
    retry: {
      maximumRetryAttempts: retry.maximumRetryAttempts ?? settings.maximumRetryAttempts,
      maximumEventAgeSeconds: retry.maximumEventAgeInSeconds ?? settings.maximumEventAgeSeconds,
    },
    token: "a Pulumi secret, in the EventBridge connection (kept by EventBridge in Secrets Manager)",
    peopleNotified: deployment.subscriptions.filter((s) => s.protocol !== "sqs").length,
  };
}

export function newAccountsPlanLines(p: NewAccountsPlan | undefined): string[] {
  if (!p) return [];
  return [
    "",
    `New accounts (\`newAccounts\`): Organizations' account events start a deployment of this stack, from ${p.account} in ${p.region}:`,
    ...p.rules.map((r) => `  ${r.name}: ${r.on}`),
    `  target: POST ${p.endpoint} {"operation":"update"}, token ${p.token}`,
    `  retries: up to ${p.retry.maximumRetryAttempts} within ${p.retry.maximumEventAgeSeconds} s, then the dead-letter queue; its alarm tells ${p.peopleNotified} mail/https subscriber(s)`,
  ];
}
