/**
 * Policies of the role-alarm topic and its key, in the management account (home region).
 *
 * - Topic: CloudWatch may publish for this account's role alarms only (`aws:SourceAccount`,
 *   `aws:SourceArn` on the alarms' name prefix, as AWS's knowledge-center page on alarms that
 *   do not notify shows); TLS only. Every other publisher is denied, the account's own
 *   administrators included (an IAM `sns:Publish` would otherwise let anyone in the management
 *   account post a fake role alarm): the Deny is on a request whose `aws:SourceArn` is not one
 *   of these alarms. It rests on the very key the Allow needs, so it cannot silence a delivery
 *   the Allow admits; a principal calling SNS itself carries no `aws:SourceArn` ("only
 *   available when the call to your resource is made directly by an AWS service principal",
 *   IAM global condition keys), so it is refused. Someone allowed `cloudwatch:PutMetricAlarm`
 *   in the management account could still name an alarm with the prefix: that is the one
 *   way left, and it leaves an alarm in CloudTrail. With per-use messages the role-use
 *   notifier's own role is the one other publisher (`aws:PrincipalArn`).
 * - Key: an alarm's action on an encrypted topic needs a customer managed key whose policy
 *   lets `cloudwatch.amazonaws.com` use `kms:GenerateDataKey*` and `kms:Decrypt` (AWS's key
 *   `alias/aws/sns` does not, and cannot be edited); limited here to this topic through the
 *   encryption context SNS sets (`aws:sns:topicArn`).
 * URLs: docs/aws-constraints.md (CloudWatch alarms).
 */
import { denyPublishWithoutTls, keyAdministeredByAccount } from "../../config/configPublisherPolicies";
import type { Partition } from "../../aws/arns";
import type { PolicyDocument } from "../../aws/policyDocument";

export interface RoleAlarmTopicPlace {
  readonly partition: Partition;
  readonly managementAccountId: string;
  readonly topicArn: string;
  /** `arn:…:cloudwatch:<region>:<account>:alarm:<prefix>*`. */
  readonly alarmArnPattern: string;
  /** The role-use notifier's role, the one other publisher (per-use messages), when any role is notified per use. */
  readonly notifierRoleArn?: string;
}

/** The role-use notifier: its name (function, role, log group). */
export const ROLE_USE_NOTIFIER_NAME = "aws-config-org-role-use-notifier";

/** The notifier's own permissions: publish to the topic with its key, write its own logs. */
export function roleUseNotifierPolicy(args: { topicArn: string; keyArn: string; logGroupArn: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      { Sid: "PublishRoleUse", Effect: "Allow", Action: "sns:Publish", Resource: args.topicArn },
      { Sid: "EncryptForTopic", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: args.keyArn },
      { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${args.logGroupArn}:*` },
    ],
  };
}

export function roleAlarmTopicPolicy(place: RoleAlarmTopicPlace): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "RoleAlarmsPublish",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Resource: place.topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": place.managementAccountId }, ArnLike: { "aws:SourceArn": place.alarmArnPattern } },
      },
      {
        Sid: "NobodyElsePublishes",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: place.topicArn,
        // Both must hold to deny: not one of the alarms, and (with per-use messages) not the notifier's role.
        Condition: {
          ArnNotLike: { "aws:SourceArn": place.alarmArnPattern },
          ...(place.notifierRoleArn ? { ArnNotEquals: { "aws:PrincipalArn": place.notifierRoleArn } } : {}),
        },
      },
      denyPublishWithoutTls(place.topicArn),
    ],
  };
}

export function roleAlarmKeyPolicy(place: RoleAlarmTopicPlace): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      keyAdministeredByAccount(place.partition, place.managementAccountId),
      {
        Sid: "CloudWatchAlarmsEncryptForTopic",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
        Condition: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": place.topicArn } },
      },
    ],
  };
}
