/**
 * AWS clients of the operator commands, through the same session layer as the dynamic
 * provider (components/multiaccount/session.ts): AssumeRole with caching, throttling
 * retries (adaptive, 8 attempts unless `AWS_MAX_ATTEMPTS`/`AWS_RETRY_MODE` say otherwise),
 * `AWS_ENDPOINT_URL` honoured.
 */
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { clientFor } from "../../components/multiaccount/awsClients";
import type { Target } from "../../components/multiaccount/session";
import { accessTo, assumeRoleOf } from "../../config/access";
import type { Deployment } from "../../config/domain";
import type { AggregatorTarget } from "./advancedQuery";

/**
 * How to act in `accountId`: its inventory access when it is in scope, otherwise the stack's
 * deployment role (a central account left out by a shard is still reachable).
 */
export function accountTarget(deployment: Deployment, accountId: string, purpose: string): Target {
  const access = accessTo(deployment.accessRules, accountId);
  return {
    accountId,
    ...assumeRoleOf(access),
    purpose,
  };
}

export function configClient(target: Target, region: string): Promise<ConfigServiceClient> {
  return clientFor("config", ConfigServiceClient, target, region);
}

/** The organization aggregator: security account, home region. */
export async function organizationAggregator(deployment: Deployment, aggregatorName: string, purpose: string): Promise<AggregatorTarget> {
  const client = await configClient(accountTarget(deployment, deployment.securityAccountId, purpose), deployment.homeRegion);
  return { client, aggregatorName, accountId: deployment.securityAccountId, region: deployment.homeRegion };
}
