/**
 * Lambda handler of the compliance notifier, in the security account, one per
 * governed region: subscribed to the region's Config topic (through a filter
 * that lets only compliance changes for people through), it publishes each
 * change to the formatted topic as a readable message, with the message
 * attribute `event` (`non-compliant` or `back-to-compliant`) that people's
 * subscriptions filter on. SNS cannot rewrite a message; this is the rewrite.
 *
 * The AWS SDK v3 client is required inside the handler (the Lambda Node.js
 * runtime provides it; nothing else is bundled).
 */
import * as path from "node:path";

import { ACCOUNTS_FILE, readAccountNames } from "./accounts";
import { targetTopicOf } from "./environment";
import { classify, parseComplianceChange } from "./events";
import { formatNotification } from "./format";

/** The SNS event Lambda is invoked with (the fields read here). */
export interface SnsEvent {
  readonly Records: readonly { readonly Sns: { readonly Message: string; readonly MessageId?: string } }[];
}

export interface NotifierSummary {
  readonly published: number;
  readonly ignored: number;
}

export async function handler(event: SnsEvent): Promise<NotifierSummary> {
  const topic = targetTopicOf(process.env);
  const accountNames = readAccountNames(path.join(__dirname, ACCOUNTS_FILE));
  const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns") as typeof import("@aws-sdk/client-sns");
  const sns = new SNSClient({ region: topic.region });
  let published = 0;
  let ignored = 0;
  for (const record of event.Records ?? []) {
    const change = parseComplianceChange(record.Sns.Message);
    const kind = change ? classify(change) : "ignore";
    if (!change || kind === "ignore") {
      ignored++;
      continue;
    }
    const { subject, body } = formatNotification(change, kind, accountNames);
    await sns.send(
      new PublishCommand({
        TopicArn: topic.arn,
        Subject: subject,
        Message: body,
        MessageAttributes: { event: { DataType: "String", StringValue: kind } },
      }),
    );
    published++;
  }
  const summary: NotifierSummary = { published, ignored };
  console.log(JSON.stringify(summary));
  return summary;
}
