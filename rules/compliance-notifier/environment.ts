/**
 * The formatter's environment: where it publishes. Account names are not
 * here but in the code archive (accounts.ts): Lambda environments stop at 4 KB.
 */
export const ENV = {
  /** The formatted topic (people's subscriptions) of the function's region. */
  targetTopicArn: "TARGET_TOPIC_ARN",
} as const;

/** The target topic's ARN and region; throws naming the variable when it is missing or not a topic ARN. */
export function targetTopicOf(env: Readonly<Record<string, string | undefined>>): { readonly arn: string; readonly region: string } {
  const arn = env[ENV.targetTopicArn];
  const match = arn ? /^arn:[a-z-]+:sns:([a-z0-9-]+):\d{12}:[A-Za-z0-9_-]+$/.exec(arn) : null;
  if (!arn || !match) {
    throw new Error(
      `compliance notifier: \`${ENV.targetTopicArn}\` is ${arn ? `\`${arn}\`, not an SNS topic ARN` : "not set"}; redeploy the ComplianceTopics component`,
    );
  }
  return { arn, region: match[1]! };
}
