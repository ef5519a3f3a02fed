/**
 * The topics delivery channels publish to: AWS Config does not support encrypted SNS
 * topics ("Encrypted Amazon SNS not supported",
 * https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html), and
 * `PutDeliveryChannel` still succeeds, so an encrypted one fails silently: nothing arrives.
 * A topic is Config-facing when some ConfigRecorder's `deliveryChannel.snsTopicARN` names it.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

import { factsConfigSchema, requireFacts, type DeploymentFacts } from "./facts";
import { CONFIG_RECORDER, NATIVE_SNS_TOPIC, SNS_TOPIC } from "./tokens";
import { knownOrUndefined, ofTypes, providerAccountId, resourceRegion, type ConfigRecorderView } from "./view";

/** `arn:<partition>:sns:<region>:<account>:<name>` → `<region>:<account>:<name>`, the part a declared topic can be matched on. */
function topicPlace(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length === 6 && parts[0] === "arn" && parts[2] === "sns" ? parts.slice(3).join(":") : undefined;
}

/** Where a declared topic is: its ARN once known, else its name, region and provider's account. */
function declaredTopicPlace(topic: PolicyResource, deployerAccountId: string): string | undefined {
  const arn = knownOrUndefined(() => topic.props.arn);
  if (typeof arn === "string" && arn !== "") return topicPlace(arn);
  const name = knownOrUndefined(() => topic.props.name ?? topic.props.topicName);
  const region = resourceRegion(topic.props, topic.provider);
  if (typeof name !== "string" || name === "" || region === undefined) return undefined;
  return `${region}:${providerAccountId(topic.provider, deployerAccountId)}:${name}`;
}

/** A key is set, or is computed (unknown at preview: a key resource's ARN): the topic is encrypted either way. */
function isEncrypted(topic: PolicyResource): boolean {
  const read = knownOrUndefined(() => ({ key: topic.props.kmsMasterKeyId as unknown }));
  if (read === undefined) return true;
  return typeof read.key === "string" ? read.key !== "" : read.key !== undefined && read.key !== null;
}

export const configTopicUnencrypted: StackValidationPolicy = {
  name: "config-delivery-topic-unencrypted",
  description: "Checks whether every SNS topic a delivery channel publishes to is unencrypted: AWS Config does not support encrypted SNS topics.",
  enforcementLevel: "mandatory",
  configSchema: factsConfigSchema("deployerAccountId"),
  validateStack: (args, reportViolation) => {
    const { deployerAccountId } = requireFacts(configTopicUnencrypted.name, args.getConfig<Partial<DeploymentFacts>>(), "deployerAccountId");
    const channelsByTopic = new Map<string, number>();
    for (const recorder of ofTypes(args.resources, CONFIG_RECORDER)) {
      const arn = (recorder.props as ConfigRecorderView).deliveryChannel?.snsTopicARN;
      const place = typeof arn === "string" ? topicPlace(arn) : undefined;
      if (place !== undefined) channelsByTopic.set(place, (channelsByTopic.get(place) ?? 0) + 1);
    }
    if (channelsByTopic.size === 0) {
      args.notApplicable("No delivery channel names an SNS topic");
    }
    for (const topic of ofTypes(args.resources, [SNS_TOPIC, NATIVE_SNS_TOPIC])) {
      const place = declaredTopicPlace(topic, deployerAccountId);
      const channels = place === undefined ? undefined : channelsByTopic.get(place);
      if (channels !== undefined && isEncrypted(topic)) {
        reportViolation(
          `SNS topic \`${place}\` is encrypted (\`kmsMasterKeyId\`) and ${channels} delivery channel(s) publish to it: ` +
            "AWS Config does not support encrypted SNS topics, so nothing would arrive. Remove the key from this topic " +
            "(keep it TLS-only and scoped by its policy) and encrypt the topic people subscribe to instead.",
          topic.urn,
        );
      }
    }
  },
};

export const notificationTopicPolicies: readonly StackValidationPolicy[] = [configTopicUnencrypted];
