/**
 * Lambda handler of the compliance notifier, in the security account, one per
 * governed region: subscribed to the region's Config topic (through a filter
 * that lets only compliance changes for people through), it publishes each
 * change to the formatted topic as a readable message, with the message
 * attribute `event` (`non-compliant` or `back-to-compliant`) that people's
 * subscriptions filter on. SNS cannot rewrite a message; this is the rewrite.
 * With GuardDuty on (stack `guardDuty`), an EventBridge rule in the same Region invokes it
 * with each GuardDuty finding at the stack's severity, published with `event`
 * `guardduty-finding`: the same account names, topic and role serve both.
 *
 * The AWS SDK v3 client is required inside the handler (the Lambda Node.js
 * runtime provides it; nothing else is bundled).
 */
import * as path from "node:path";

import { ACCOUNTS_FILE, readAccountNames } from "./accounts";
import { targetTopicOf } from "./environment";
import { classify, parseComplianceChange, type NotificationEvent } from "./events";
import { formatNotification, type FormattedNotification } from "./format";
import {
  formatGuardDutyFinding,
  GUARDDUTY_FINDING_EVENT,
  isGuardDutyFindingEvent,
  parseGuardDutyFinding,
  type GuardDutyFindingEvent,
} from "./guardDutyFindings";

/** The SNS event Lambda is invoked with (the fields read here). */
export interface SnsEvent {
  readonly Records: readonly { readonly Sns: { readonly Message: string; readonly MessageId?: string } }[];
}

export interface NotifierSummary {
  readonly published: number;
  readonly ignored: number;
}

export async function handler(event: SnsEvent | GuardDutyFindingEvent): Promise<NotifierSummary> {
  const topic = targetTopicOf(process.env);
  const accountNames = readAccountNames(path.join(__dirname, ACCOUNTS_FILE));
  const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns") as typeof import("@aws-sdk/client-sns");
  const sns = new SNSClient({ region: topic.region });
  /** One message for people, with the `event` attribute their subscriptions filter on. */
  const publish = async ({ subject, body }: FormattedNotification, kind: NotificationEvent) =>
    sns.send(
      new PublishCommand({ TopicArn: topic.arn, Subject: subject, Message: body, MessageAttributes: { event: { DataType: "String", StringValue: kind } } }),
    );

  let published = 0;
  let ignored = 0;
  if (isGuardDutyFindingEvent(event)) {
    // One finding per EventBridge invocation; the rule let through only findings at the stack's severity.
    await publish(formatGuardDutyFinding(parseGuardDutyFinding(event), accountNames), GUARDDUTY_FINDING_EVENT);
    published++;
  } else {
    for (const record of event.Records ?? []) {
      const change = parseComplianceChange(record.Sns.Message);
      const kind = change ? classify(change) : "ignore";
      if (!change || kind === "ignore") {
        ignored++;
        continue;
      }
      await publish(formatNotification(change, kind, accountNames), kind);
      published++;
    }
  }
  const summary: NotifierSummary = { published, ignored };
  console.log(JSON.stringify(summary));
  return summary;
}
