/**
 * The compliance notifier's names, code and policies (the resources are
 * declared by ComplianceTopics, notifications.ts). Config's own message names a
 * pack rule as `<rule>-conformance-pack-<random>` and reads as JSON; SNS cannot
 * rewrite it, so a function per governed region turns each compliance change
 * into a message for people (rules/compliance-notifier/) and publishes it to a
 * second, "formatted", topic that people subscribe to.
 */
import * as path from "node:path";

import type * as pulumi from "@pulumi/pulumi";

import type { Deployment } from "../../config/domain";
import { ACCOUNTS_FILE, accountNamesFile } from "../../rules/compliance-notifier/accounts";
import type { NotificationEvent } from "../../rules/compliance-notifier/events";
import { compiledModule, lambdaCodeArchive } from "./lambdaCode";
import { logGroupArn, type Partition } from "../../aws/arns";
import type { PolicyDocument } from "../../aws/policyDocument";

/** The topic people subscribe to, one per governed region of the security account. */
export const FORMATTED_TOPIC_NAME = "aws-config-org-compliance";
/** The function's name in every region; its role's name adds the region (IAM is global). */
export const NOTIFIER_NAME = "aws-config-org-compliance-notifier";
/** The notifier's code folder. */
export const NOTIFIER_CODE_DIR = path.resolve(__dirname, "../../rules/compliance-notifier");
/** The rule-name normalizer the archive ships in place of the folder's re-export (rules/compliance-notifier/ruleNames.ts). */
const RULE_NAMES_MODULE = path.resolve(__dirname, "../../aws/ruleNames.ts");
/** CloudWatch Logs retention of the function's log group, in days. */
export const NOTIFIER_LOG_RETENTION_DAYS = 90;

export function formattedTopicArn(d: Pick<Deployment, "partition" | "securityAccountId">, region: string): string {
  return `arn:${d.partition}:sns:${region}:${d.securityAccountId}:${FORMATTED_TOPIC_NAME}`;
}

export function notifierRoleName(region: string): string {
  return `${NOTIFIER_NAME}-${region}`;
}

export function notifierLogGroupName(): string {
  return `/aws/lambda/${NOTIFIER_NAME}`;
}

/**
 * The function's code: the notifier folder, the packs' rule-name normalizer,
 * and the in-scope accounts' names (`accounts.json`, id → name).
 */
export function complianceNotifierCodeArchive(accounts: Deployment["accounts"], dir: string = NOTIFIER_CODE_DIR): pulumi.asset.AssetArchive {
  return lambdaCodeArchive(dir, {
    "ruleNames.js": compiledModule(RULE_NAMES_MODULE),
    [ACCOUNTS_FILE]: accountNamesFile(accounts),
  });
}

/**
 * A message-attribute filter policy (scope `MessageAttributes`) on the
 * formatted topic: the notifier sets `event` on every message it publishes.
 */
export function eventAttributeFilterPolicy(events: readonly NotificationEvent[]): { readonly event: readonly NotificationEvent[] } {
  return { event: [...new Set(events)].sort() };
}

// Shared with the Config topic (config/configPublisherPolicies.ts).
import { denyPublishWithoutTls, keyAdministeredByAccount } from "../../config/configPublisherPolicies";
export { denyPublishWithoutTls };

/**
 * Only the notifier's role publishes to the formatted topic: it is allowed,
 * and everyone else is denied (an Allow alone would leave same-account IAM
 * principals able to publish); TLS only.
 */
export function formattedTopicPolicy(args: { topicArn: string; publisherRoleArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "NotifierPublishes", Effect: "Allow", Principal: { AWS: args.publisherRoleArn }, Action: "sns:Publish", Resource: args.topicArn },
      {
        Sid: "NobodyElsePublishes",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: args.topicArn,
        Condition: { ArnNotEquals: { "aws:PrincipalArn": args.publisherRoleArn } },
      },
      denyPublishWithoutTls(args.topicArn),
    ],
  };
}

/** The formatted topic's key: administered by the security account through IAM; no service is granted anything. */
export function formattedKeyPolicy(args: { partition: Partition; securityAccountId: string }): PolicyDocument {
  return { Version: "2012-10-17", Statement: [keyAdministeredByAccount(args.partition, args.securityAccountId)] };
}

/**
 * Publish to the region's formatted topic, with its key, and write the
 * function's own log streams (the log group is declared, so no CreateLogGroup):
 * nothing else.
 */
export function notifierPolicy(args: { partition: Partition; securityAccountId: string; region: string; topicArn: string; keyArn: string }): PolicyDocument {
  const logGroup = logGroupArn(args.partition, args.region, args.securityAccountId, notifierLogGroupName());
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "PublishFormatted", Effect: "Allow", Action: "sns:Publish", Resource: args.topicArn },
      { Sid: "EncryptForTopic", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: args.keyArn },
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup}:*` },
    ],
  };
}
