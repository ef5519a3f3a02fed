/**
 * The event AWS Config invokes a custom Lambda rule with, and what it asks
 * for: one instance (a configuration change) or every instance (periodic).
 * Shapes: https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_example-events.html
 */

/** Lambda event of a custom Config rule (the fields this rule reads). */
export interface ConfigRuleEvent {
  readonly invokingEvent: string;
  readonly ruleParameters?: string;
  readonly resultToken: string;
  readonly eventLeftScope?: boolean;
  readonly executionRoleArn?: string;
  readonly configRuleArn: string;
  readonly configRuleName: string;
  readonly accountId: string;
}

export type EvaluationScope =
  | {
      readonly kind: "instance";
      readonly instanceId: string;
      /** From the configuration item; absent for oversized notifications (then read from EC2). */
      readonly imageId?: string;
      readonly state?: string;
      /** The instance is gone (deleted item) or out of the rule's scope: NOT_APPLICABLE without looking. */
      readonly gone: boolean;
    }
  | { readonly kind: "all-instances" };

export interface RuleInvocation {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly configRuleName: string;
  readonly resultToken: string;
  readonly messageType: string;
  /** PutEvaluations `OrderingTimestamp`: the item's capture time, or the notification's time. */
  readonly orderingTimestamp: Date;
  readonly scope: EvaluationScope;
}

const DELETED = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded"]);

/** Reads an invocation; throws on message types this rule is not registered for. */
export function parseRuleInvocation(event: ConfigRuleEvent): RuleInvocation {
  const arn = /^arn:([^:]+):config:([^:]+):(\d{12}):/.exec(event.configRuleArn);
  if (!arn) throw new Error(`configRuleArn \`${event.configRuleArn}\` is not a Config rule ARN`);
  const invoking: unknown = JSON.parse(event.invokingEvent);
  const messageType = text(invoking, "messageType") ?? "(none)";
  const notificationTime = text(invoking, "notificationCreationTime");
  const base = {
    accountId: event.accountId,
    partition: arn[1]!,
    region: arn[2]!,
    configRuleName: event.configRuleName,
    resultToken: event.resultToken,
    messageType,
  };
  const leftScope = event.eventLeftScope === true;
  switch (messageType) {
    case "ConfigurationItemChangeNotification":
    case "OversizedConfigurationItemChangeNotification": {
      // Oversized notifications carry a summary instead of the item: no configuration (the handler asks EC2).
      const item = messageType === "ConfigurationItemChangeNotification" ? "configurationItem" : "configurationItemSummary";
      const instanceId = text(invoking, item, "resourceId");
      if (!instanceId) throw new Error(`${messageType} without \`${item}.resourceId\``);
      const imageId = text(invoking, item, "configuration", "imageId");
      const state = text(invoking, item, "configuration", "state", "name");
      return {
        ...base,
        orderingTimestamp: timestamp(text(invoking, item, "configurationItemCaptureTime") ?? notificationTime),
        scope: {
          kind: "instance",
          instanceId,
          ...(imageId ? { imageId } : {}),
          ...(state ? { state } : {}),
          gone: leftScope || DELETED.has(text(invoking, item, "configurationItemStatus") ?? ""),
        },
      };
    }
    case "ScheduledNotification":
      return { ...base, orderingTimestamp: timestamp(notificationTime), scope: { kind: "all-instances" } };
    default:
      throw new Error(`message type \`${messageType}\` is not handled: the rule triggers on configuration changes and on a schedule`);
  }
}

/** The string at a path of a parsed JSON value, if there is one. */
function text(value: unknown, ...path: string[]): string | undefined {
  let v = value;
  for (const key of path) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === "string" ? v : undefined;
}

function timestamp(iso: string | undefined): Date {
  const date = new Date(iso ?? Number.NaN);
  if (Number.isNaN(date.getTime())) throw new Error(`invoking event has no valid timestamp (\`${String(iso)}\`)`);
  return date;
}
