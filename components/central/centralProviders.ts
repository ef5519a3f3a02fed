/**
 * One `aws.Provider` per central account (management, security, log archive;
 * fewer when they coincide), whatever the number of accounts in scope: the
 * provider count, and so the number of plugin processes, stays constant.
 * Region is set per resource (pulumi-aws v7), not per provider.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";

import { accessTo } from "../../config/access";
import type { AccountAccess, Deployment } from "../../config/domain";

export interface CentralProviders {
  /** By account id. */
  readonly aws: ReadonlyMap<string, aws.Provider>;
  /** aws-native is regional per provider: one, for the security account's home region (stored queries). */
  readonly nativeSecurity: awsnative.Provider;
  forAccount(accountId: string): aws.Provider;
}

const SESSION_NAME = "aws-config-org-central";

interface ProviderPlace {
  readonly homeRegion: string;
  readonly stack: string;
}

/** The provider of one central account, assuming its role unless it is the caller's own account. */
export function centralAwsProvider(place: ProviderPlace, accountId: string, access: AccountAccess): aws.Provider {
  return new aws.Provider(`aws-${accountId}`, {
    region: place.homeRegion as aws.Region,
    allowedAccountIds: [accountId],
    ...(access.roleArn
      ? {
          assumeRoles: [
            {
              roleArn: access.roleArn,
              sessionName: SESSION_NAME,
              ...(access.externalId ? { externalId: access.externalId } : {}),
            },
          ],
        }
      : {}),
    defaultTags: { tags: { "managed-by": "aws-config-org", "aws-config-org:stack": place.stack } },
  });
}

/** Providers of the central accounts; `existing` are reused (the management provider used for discovery). */
export function centralProviders(deployment: Deployment, existing: ReadonlyMap<string, aws.Provider> = new Map()): CentralProviders {
  const ids = [...new Set([deployment.managementAccountId, deployment.securityAccountId, deployment.logArchiveAccountId])];
  const providers = new Map<string, aws.Provider>();
  for (const id of ids) providers.set(id, existing.get(id) ?? centralAwsProvider(deployment, id, accessTo(deployment.accessRules, id)));

  const securityAccess = accessTo(deployment.accessRules, deployment.securityAccountId);
  const nativeSecurity = new awsnative.Provider(`aws-native-${deployment.securityAccountId}`, {
    region: deployment.homeRegion as awsnative.Region,
    allowedAccountIds: [deployment.securityAccountId],
    ...(securityAccess.roleArn
      ? {
          assumeRole: {
            roleArn: securityAccess.roleArn,
            sessionName: SESSION_NAME,
            ...(securityAccess.externalId ? { externalId: securityAccess.externalId } : {}),
          },
        }
      : {}),
  });

  return {
    aws: providers,
    nativeSecurity,
    forAccount(accountId: string): aws.Provider {
      const p = providers.get(accountId);
      if (!p) throw new Error(`no central provider for account ${accountId}: only management, security and log archive accounts have one`);
      return p;
    },
  };
}
