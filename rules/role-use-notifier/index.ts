/**
 * Lambda handler of the role-use notifier, in the management account's home Region: the
 * organization trail's log group sends it, through a subscription filter on the role alarms'
 * pattern, every use of an elevated role (`roleAlarms`), and it publishes one message per use
 * to the role-alarm topic that people subscribe to. The alarms tell of the first use in their
 * period only; this tells of each (README, Role alarms).
 *
 * Input: CloudWatch Logs subscription events (`awslogs.data`: base64 of gzip of JSON with
 * `logEvents[].message`, each a CloudTrail record). The AWS SDK v3 client is required inside
 * the handler (the Lambda Node.js runtime provides it).
 */
import { gunzipSync } from "node:zlib";

import { formatRoleUse, type CloudTrailRecord, type RoleUse } from "./format";

export interface LogsSubscriptionEvent {
  readonly awslogs: { readonly data: string };
}

/** The uses of the watched roles in one subscription delivery; records that are not JSON or name no watched role are skipped. */
export function roleUsesOf(event: LogsSubscriptionEvent, roleNames: readonly string[]): RoleUse[] {
  const payload = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, "base64")).toString("utf8")) as {
    messageType?: string;
    logEvents?: { message: string }[];
  };
  if (payload.messageType === "CONTROL_MESSAGE") return [];
  return (payload.logEvents ?? []).flatMap((e) => {
    try {
      const use = formatRoleUse(JSON.parse(e.message) as CloudTrailRecord, roleNames);
      return use ? [use] : [];
    } catch {
      return [];
    }
  });
}

export async function handler(event: LogsSubscriptionEvent): Promise<{ published: number }> {
  const topicArn = process.env.TOPIC_ARN;
  const roleNames = (process.env.ROLE_NAMES ?? "").split(",").filter((n) => n.length > 0);
  if (!topicArn) throw new Error("role-use notifier: `TOPIC_ARN` is not set");
  const uses = roleUsesOf(event, roleNames);
  const { SNSClient, PublishCommand } = require("@aws-sdk/client-sns") as typeof import("@aws-sdk/client-sns");
  const sns = new SNSClient({ region: topicArn.split(":")[3] });
  for (const use of uses) await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: use.subject, Message: use.body }));
  return { published: uses.length };
}
