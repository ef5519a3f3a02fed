/**
 * Policies of the role-alarm topic and its key, in the management account (home region).
 *
 * - Topic: CloudWatch may publish for this account's role alarms only (`aws:SourceAccount`,
 *   `aws:SourceArn` on the alarms' name prefix, as AWS's knowledge-center page on alarms that
 *   do not notify shows); TLS only. No one else is granted anything (no Deny on other
 *   principals: one on every principal but a service would rest on condition keys AWS does
 *   not document for SNS deliveries from CloudWatch, and could silence the alarms).
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
