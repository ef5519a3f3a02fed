/**
 * Compliance notifications, in the security account: one SNS topic per
 * governed region (a delivery channel may only publish to a topic in its own
 * region), encrypted with a KMS key of that region, accepting Config's
 * publications from this organization only, and subscriptions whose
 * message-body filters let through what a person must know (packs/notificationFilters.ts).
 *
 * Why a customer managed key and not `alias/aws/sns`: Config publishes as the
 * service principal `config.amazonaws.com`, from other accounts; the AWS
 * managed key's policy cannot be changed to let it, so its publications would
 * fail. The key policy grants Config only what SNS needs to encrypt.
 */
import { createHash } from "node:crypto";

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Deployment, Partition, Subscription } from "../../config/domain";
import { COMPLIANCE_TOPIC_NAME, complianceTopicArn } from "../../config/names";
import { complianceFilterPolicy } from "../../packs/notificationFilters";
import { keyAdministeredByAccount, type PolicyDocument } from "./bucketPolicies";

export interface ComplianceTopicsArgs {
  readonly deployment: Deployment;
  /** The security account's provider; every resource here sets its own `region`. */
  readonly provider: aws.Provider;
}

/** Config (service principal) may publish, only on behalf of accounts of this organization; TLS only. */
export function complianceTopicPolicy(args: { topicArn: string; organizationId: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AWSConfigSNSPolicy",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "sns:Publish",
        Resource: args.topicArn,
        Condition: { StringEquals: { "aws:SourceOrgID": args.organizationId } },
      },
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Resource: args.topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}

/**
 * The topic key: the security account administers it (through IAM); Config
 * may generate data keys and decrypt, which is what SNS asks of a publisher.
 * Publication itself is scoped to the organization by the topic policy.
 */
export function complianceKeyPolicy(args: { partition: Partition; securityAccountId: string }): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      keyAdministeredByAccount(args.partition, args.securityAccountId),
      {
        Sid: "AWSConfigPublishesEncrypted",
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: "*",
      },
    ],
  };
}

/** Stable resource name part for a subscriber: reordering the list must not replace subscriptions. */
export function subscriptionKey(subscription: Pick<Subscription, "protocol" | "endpoint">): string {
  const digest = createHash("sha256").update(`${subscription.protocol}:${subscription.endpoint}`).digest("hex");
  return `${subscription.protocol}-${digest.slice(0, 10)}`;
}

export class ComplianceTopics extends pulumi.ComponentResource {
  /** By region. */
  readonly keys: Readonly<Record<string, aws.kms.Key>>;
  readonly topics: Readonly<Record<string, aws.sns.Topic>>;
  readonly topicPolicies: Readonly<Record<string, aws.sns.TopicPolicy>>;
  readonly subscriptions: readonly aws.sns.TopicSubscription[];
  /**
   * Region → topic ARN. The ARNs are derived from deterministic names, so they
   * are known at preview, and the output still depends on each topic's policy:
   * a delivery channel that takes it waits until Config may publish.
   */
  readonly topicArns: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ComplianceTopicsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const { deployment, provider } = args;
    // Every subscription's filter first: a bad one fails before anything is registered, naming its place in config.
    const filterPolicies = deployment.subscriptions.map((subscription, i) => {
      try {
        return JSON.stringify(complianceFilterPolicy(subscription.events));
      } catch (e) {
        throw new Error(`\`subscriptions[${i}].events\`: ${(e as Error).message}`);
      }
    });
    super("aws-config-org:notifications:ComplianceTopics", name, {}, opts);
    const childOpts = { parent: this, provider };

    const keys: Record<string, aws.kms.Key> = {};
    const topics: Record<string, aws.sns.Topic> = {};
    const policies: Record<string, aws.sns.TopicPolicy> = {};
    const subscriptions: aws.sns.TopicSubscription[] = [];

    for (const { name: region } of deployment.regions) {
      const topicArn = complianceTopicArn(deployment, region);
      const key = new aws.kms.Key(
        `${name}-key-${region}`,
        {
          region,
          description: `Encrypts the AWS Config compliance notifications topic ${COMPLIANCE_TOPIC_NAME} in ${region}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          policy: JSON.stringify(complianceKeyPolicy({ partition: deployment.partition, securityAccountId: deployment.securityAccountId })),
        },
        childOpts,
      );
      new aws.kms.Alias(`${name}-key-alias-${region}`, { region, name: `alias/${COMPLIANCE_TOPIC_NAME}`, targetKeyId: key.keyId }, childOpts);

      const topic = new aws.sns.Topic(
        `${name}-topic-${region}`,
        { region, name: COMPLIANCE_TOPIC_NAME, kmsMasterKeyId: key.arn },
        childOpts,
      );
      const policy = new aws.sns.TopicPolicy(
        `${name}-topic-policy-${region}`,
        { region, arn: topic.arn, policy: JSON.stringify(complianceTopicPolicy({ topicArn, organizationId: deployment.organizationId })) },
        childOpts,
      );
      deployment.subscriptions.forEach((subscription, i) => {
        subscriptions.push(
          new aws.sns.TopicSubscription(
            `${name}-${region}-${subscriptionKey(subscription)}`,
            {
              region,
              topic: topic.arn,
              protocol: subscription.protocol,
              endpoint: subscription.endpoint,
              filterPolicyScope: "MessageBody",
              filterPolicy: filterPolicies[i],
              // Queues are read by programs: the Config message itself, without the SNS envelope.
              ...(subscription.protocol === "sqs" ? { rawMessageDelivery: true } : {}),
            },
            childOpts,
          ),
        );
      });
      keys[region] = key;
      topics[region] = topic;
      policies[region] = policy;
    }

    this.keys = keys;
    this.topics = topics;
    this.topicPolicies = policies;
    this.subscriptions = subscriptions;
    const regions = deployment.regions.map((r) => r.name);
    this.topicArns = pulumi
      .all(regions.map((region) => policies[region]!.urn))
      .apply(() => Object.fromEntries(regions.map((region) => [region, complianceTopicArn(deployment, region)])));

    this.registerOutputs({ topicArns: this.topicArns, topics: this.topics, subscriptions: this.subscriptions });
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
