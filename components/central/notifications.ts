/**
 * Compliance notifications, in the security account, per governed region (a
 * delivery channel may only publish to a topic in its own region):
 *
 * - the Config topic: channels publish there. It has NO key: AWS Config does
 *   not support encrypted SNS topics (https://docs.aws.amazon.com/config/latest/developerguide/sns-topic-policy.html;
 *   `PutDeliveryChannel` still succeeds, and nothing would arrive). It accepts
 *   Config's publications for the in-scope accounts only (`AWS:SourceAccount`,
 *   the documented form), over TLS only (config/configPublisherPolicies.ts).
 *   Queues subscribe here, with message-body filters (components/central/notificationFilters.ts)
 *   and raw delivery: programs parse Config's JSON;
 * - the compliance notifier (complianceNotifier.ts), a function subscribed to
 *   the Config topic through the same filter for both events, that publishes
 *   each change as a message for people, naming the account (id and name),
 *   region, normalized rule and resource, to
 * - the formatted topic, encrypted with its own customer managed key, where
 *   only the notifier publishes; mail and https subscribers are here, filtered
 *   on the message attribute `event`.
 */
import { createHash } from "node:crypto";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Partition } from "../../aws/arns";
import { notificationEventsOf, type Account, type Subscription } from "../../config/domain";
import { complianceTopicPolicy } from "../../config/configPublisherPolicies";
import { COMPLIANCE_TOPIC_NAME, complianceTopicArn } from "../../config/names";
import { complianceFilterPolicy } from "./notificationFilters";
import { ENV as NOTIFIER_ENV } from "../../rules/compliance-notifier/environment";
import { GUARDDUTY_FINDING_EVENT } from "../../rules/compliance-notifier/guardDutyFindings";
import { executionTrustPolicy } from "./approvedImagesRule";
import {
  complianceNotifierCodeArchive,
  eventAttributeFilterPolicy,
  FORMATTED_TOPIC_NAME,
  formattedKeyPolicy,
  formattedTopicArn,
  formattedTopicPolicy,
  NOTIFIER_LOG_RETENTION_DAYS,
  NOTIFIER_NAME,
  notifierLogGroupName,
  notifierPolicy,
  notifierRoleName,
} from "./complianceNotifier";
import type { PolicyDocument } from "../../aws/policyDocument";
import { CENTRAL_TYPES } from "./typeTokens";

export interface ComplianceTopicsArgs {
  readonly partition: Partition;
  readonly securityAccountId: string;
  /** The governed regions: a topic pair and a notifier in each. */
  readonly regions: readonly string[];
  readonly subscriptions: readonly Subscription[];
  /** The accounts the notifier names (the whole scope, every shard). */
  readonly accounts: readonly Account[];
  /** The accounts whose Config may publish to the topics (config/configPublisherPolicies.ts). */
  readonly sourceAccountIds: readonly string[];
  /** The security account's provider; every resource here sets its own `region`. */
  readonly provider: aws.Provider;
}

// Built in config so that validateDeployment.ts can hold it to SNS's size limit.

/** Stable resource name part for a subscriber: reordering the list must not replace subscriptions. */
export function subscriptionKey(subscription: Pick<Subscription, "protocol" | "endpoint">): string {
  const digest = createHash("sha256").update(`${subscription.protocol}:${subscription.endpoint}`).digest("hex");
  return `${subscription.protocol}-${digest.slice(0, 10)}`;
}

/**
 * Where a subscriber is subscribed for what the notifier and Config publish, and its filter:
 * queues get Config's JSON, people the notifier's messages (compliance changes, GuardDuty
 * findings). Undefined for a subscription that asks for role alarms only: it is subscribed
 * to the role-alarm topic alone (components/central/roleAlarms.ts).
 */
export function subscriptionFilter(subscription: Pick<Subscription, "protocol" | "events">):
  | {
      readonly topic: "config" | "formatted";
      readonly scope: "MessageBody" | "MessageAttributes";
      readonly policy: object;
    }
  | undefined {
  const events = notificationEventsOf(subscription);
  if (events.length === 0 && subscription.events.length > 0) return undefined;
  const compliance = events.filter((e) => e !== GUARDDUTY_FINDING_EVENT);
  if (subscription.protocol === "sqs" && compliance.length < events.length) {
    throw new Error(`\`${GUARDDUTY_FINDING_EVENT}\` reaches email and https subscriptions only (a queue reads Config's JSON on the Config topic)`);
  }
  if (subscription.protocol === "sqs") return { topic: "config", scope: "MessageBody", policy: complianceFilterPolicy(compliance) };
  // Validates the compliance events (empty, unknown) whatever the protocol; findings alone need no body filter.
  if (compliance.length > 0 || events.length === 0) complianceFilterPolicy(compliance);
  return { topic: "formatted", scope: "MessageAttributes", policy: eventAttributeFilterPolicy(events) };
}

/** A topic's key (`<prefix>-key-<region>`), rotated yearly, with the alias `alias/<topic name>`. */
function topicKey(
  prefix: string,
  region: string,
  args: { readonly topicName: string; readonly description: string; readonly policy: PolicyDocument },
  opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
  const key = new aws.kms.Key(
    `${prefix}-key-${region}`,
    { region, description: args.description, enableKeyRotation: true, deletionWindowInDays: 30, policy: JSON.stringify(args.policy) },
    opts,
  );
  new aws.kms.Alias(`${prefix}-key-alias-${region}`, { region, name: `alias/${args.topicName}`, targetKeyId: key.keyId }, opts);
  return key;
}

/** The notifier hears both events; people's subscriptions choose among them on the formatted topic. */
const NOTIFIER_FILTER_POLICY = JSON.stringify(complianceFilterPolicy(["non-compliant", "back-to-compliant"]));

export class ComplianceTopics extends pulumi.ComponentResource {
  /** By region: the Config topic (channels publish there, unencrypted) and its policy. */
  readonly topics: Readonly<Record<string, aws.sns.Topic>>;
  readonly topicPolicies: Readonly<Record<string, aws.sns.TopicPolicy>>;
  /** By region: the formatted topic (people subscribe there), its key and policy. */
  readonly formattedKeys: Readonly<Record<string, aws.kms.Key>>;
  readonly formattedTopics: Readonly<Record<string, aws.sns.Topic>>;
  readonly formattedTopicPolicies: Readonly<Record<string, aws.sns.TopicPolicy>>;
  /** By region: the notifier function, its role, and its subscription to the Config topic. */
  readonly functions: Readonly<Record<string, aws.lambda.Function>>;
  readonly roles: Readonly<Record<string, aws.iam.Role>>;
  readonly functionSubscriptions: Readonly<Record<string, aws.sns.TopicSubscription>>;
  /** The stack's subscribers in every region: queues on the Config topic, mail and https on the formatted one. */
  readonly subscriptions: readonly aws.sns.TopicSubscription[];
  /**
   * Region → Config topic ARN. The ARNs are derived from deterministic names, so they
   * are known at preview, and the output still depends on each topic's policy:
   * a delivery channel that takes it waits until Config may publish.
   */
  readonly topicArns: pulumi.Output<Record<string, string>>;
  /** Region → formatted topic ARN, once only the notifier may publish there. */
  readonly formattedTopicArns: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ComplianceTopicsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { provider, regions, sourceAccountIds } = args;
    // Every subscription's filter first: a bad one fails before anything is registered, naming its place in config.
    const filters = args.subscriptions.map((subscription, i) => {
      try {
        return subscriptionFilter(subscription);
      } catch (e) {
        throw new Error(`\`subscriptions[${i}].events\`: ${(e as Error).message}`);
      }
    });
    super(CENTRAL_TYPES.ComplianceTopics, name, {}, opts);
    const childOpts = { parent: this, provider };
    const { partition, securityAccountId } = args;
    // One archive for every region: the same code and account names.
    const code = complianceNotifierCodeArchive(args.accounts);

    const topics: Record<string, aws.sns.Topic> = {};
    const policies: Record<string, aws.sns.TopicPolicy> = {};
    const formattedKeys: Record<string, aws.kms.Key> = {};
    const formattedTopics: Record<string, aws.sns.Topic> = {};
    const formattedPolicies: Record<string, aws.sns.TopicPolicy> = {};
    const functions: Record<string, aws.lambda.Function> = {};
    const roles: Record<string, aws.iam.Role> = {};
    const functionSubscriptions: Record<string, aws.sns.TopicSubscription> = {};
    const subscriptions: aws.sns.TopicSubscription[] = [];

    for (const region of regions) {
      // The Config topic.
      const topicArn = complianceTopicArn(args, region);
      // No kmsMasterKeyId: Config cannot publish to an encrypted topic (see the file comment).
      const topic = new aws.sns.Topic(`${name}-topic-${region}`, { region, name: COMPLIANCE_TOPIC_NAME }, childOpts);
      const policy = new aws.sns.TopicPolicy(
        `${name}-topic-policy-${region}`,
        { region, arn: topic.arn, policy: JSON.stringify(complianceTopicPolicy({ topicArn, sourceAccountIds })) },
        childOpts,
      );

      // The notifier's role, then the formatted topic that only it may publish to.
      const role = new aws.iam.Role(
        `${name}-notifier-role-${region}`,
        {
          name: notifierRoleName(region),
          description: `Runs the compliance notifier in ${region}: publishes to ${FORMATTED_TOPIC_NAME} there, nothing else`,
          assumeRolePolicy: JSON.stringify(executionTrustPolicy(securityAccountId)),
        },
        childOpts,
      );
      const formattedArn = formattedTopicArn(args, region);
      const formattedKey = topicKey(
        `${name}-formatted`,
        region,
        {
          topicName: FORMATTED_TOPIC_NAME,
          description: `Encrypts the compliance notifications topic for people ${FORMATTED_TOPIC_NAME} in ${region}`,
          policy: formattedKeyPolicy({ partition, securityAccountId }),
        },
        childOpts,
      );
      const formattedTopic = new aws.sns.Topic(
        `${name}-formatted-topic-${region}`,
        // The display name is the sender's name in people's mail.
        { region, name: FORMATTED_TOPIC_NAME, displayName: "AWS Config compliance", kmsMasterKeyId: formattedKey.arn },
        childOpts,
      );
      const formattedPolicy = new aws.sns.TopicPolicy(
        `${name}-formatted-topic-policy-${region}`,
        {
          region,
          arn: formattedTopic.arn,
          // The role's own output: SNS refuses a policy whose principal does not exist yet.
          policy: role.arn.apply((publisherRoleArn) => JSON.stringify(formattedTopicPolicy({ topicArn: formattedArn, publisherRoleArn }))),
        },
        childOpts,
      );

      // The notifier: its permissions, logs, function, and subscription to the Config topic.
      const rolePolicy = new aws.iam.RolePolicy(
        `${name}-notifier-policy-${region}`,
        {
          role: role.name,
          name: "compliance-notifier",
          policy: formattedKey.arn.apply((keyArn) => JSON.stringify(notifierPolicy({ partition, securityAccountId, region, topicArn: formattedArn, keyArn }))),
        },
        childOpts,
      );
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-notifier-logs-${region}`,
        { region, name: notifierLogGroupName(), retentionInDays: NOTIFIER_LOG_RETENTION_DAYS },
        childOpts,
      );
      const fn = new aws.lambda.Function(
        `${name}-notifier-${region}`,
        {
          region,
          name: NOTIFIER_NAME,
          description: `Publishes AWS Config compliance changes in ${region} as messages for people to ${FORMATTED_TOPIC_NAME}`,
          role: role.arn,
          runtime: aws.lambda.Runtime.NodeJS22dX,
          handler: "index.handler",
          code,
          timeout: 30,
          memorySize: 128,
          environment: { variables: { [NOTIFIER_ENV.targetTopicArn]: formattedArn } },
        },
        // Able to publish and log from its first invocation.
        { ...childOpts, dependsOn: [rolePolicy, logGroup, formattedPolicy] },
      );
      const permission = new aws.lambda.Permission(
        `${name}-notifier-invoke-${region}`,
        { region, function: fn.name, action: "lambda:InvokeFunction", principal: "sns.amazonaws.com", sourceArn: topicArn, statementId: "AllowConfigTopic" },
        childOpts,
      );
      functionSubscriptions[region] = new aws.sns.TopicSubscription(
        `${name}-${region}-notifier`,
        { region, topic: topic.arn, protocol: "lambda", endpoint: fn.arn, filterPolicyScope: "MessageBody", filterPolicy: NOTIFIER_FILTER_POLICY },
        { ...childOpts, dependsOn: [permission] },
      );

      args.subscriptions.forEach((subscription, i) => {
        const filter = filters[i];
        if (!filter) return;
        subscriptions.push(
          new aws.sns.TopicSubscription(
            `${name}-${region}-${subscriptionKey(subscription)}`,
            {
              region,
              topic: filter.topic === "config" ? topic.arn : formattedTopic.arn,
              protocol: subscription.protocol,
              endpoint: subscription.endpoint,
              filterPolicyScope: filter.scope,
              filterPolicy: JSON.stringify(filter.policy),
              // Queues are read by programs: the Config message itself, without the SNS envelope.
              ...(subscription.protocol === "sqs" ? { rawMessageDelivery: true } : {}),
            },
            childOpts,
          ),
        );
      });
      topics[region] = topic;
      policies[region] = policy;
      formattedKeys[region] = formattedKey;
      formattedTopics[region] = formattedTopic;
      formattedPolicies[region] = formattedPolicy;
      roles[region] = role;
      functions[region] = fn;
    }

    this.topics = topics;
    this.topicPolicies = policies;
    this.formattedKeys = formattedKeys;
    this.formattedTopics = formattedTopics;
    this.formattedTopicPolicies = formattedPolicies;
    this.functions = functions;
    this.roles = roles;
    this.functionSubscriptions = functionSubscriptions;
    this.subscriptions = subscriptions;
    const arnsOnce = (ready: Record<string, aws.sns.TopicPolicy>, arnIn: (region: string) => string) =>
      pulumi.all(regions.map((region) => ready[region]!.urn)).apply(() => Object.fromEntries(regions.map((region) => [region, arnIn(region)])));
    this.topicArns = arnsOnce(policies, (region) => complianceTopicArn(args, region));
    this.formattedTopicArns = arnsOnce(formattedPolicies, (region) => formattedTopicArn(args, region));

    this.registerOutputs({
      topicArns: this.topicArns,
      formattedTopicArns: this.formattedTopicArns,
      topics: this.topics,
      formattedTopics: this.formattedTopics,
      functions: this.functions,
      subscriptions: this.subscriptions,
    });
  }

  /** What a delivery channel in `region` must wait for before it points at the topic. */
  readyIn(region: string): pulumi.Resource[] {
    const topic = this.topics[region];
    const policy = this.topicPolicies[region];
    if (!topic || !policy) {
      throw new Error(`no compliance topic in \`${region}\`: it is not a governed region (stack \`regions\`)`);
    }
    return [topic, policy];
  }
}
