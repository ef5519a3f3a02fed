/**
 * New accounts governed within minutes (stack `newAccounts`): in the management account, in
 * us-east-1 where Organizations' events arrive,
 * - per event kind this stack's shard takes (config/accountEventPatterns.ts), a rule on the
 *   default bus whose target is Pulumi Deployments' Create Deployment of THIS stack, through an
 *   API destination, with a bounded RetryPolicy and a dead-letter queue;
 * - the connection that holds the token: EventBridge keeps its secret in Secrets Manager; the
 *   program hands it over only as a Pulumi secret, so state holds it encrypted;
 * - the dead-letter queue (SSE-SQS), which only these rules may write to;
 * - an alarm on the queue's visible messages, notifying an encrypted topic that the stack's
 *   people (mail, https) are subscribed to: a deployment that could not be started is heard of.
 * Facts and URLs: docs/aws-constraints.md ("New accounts"). Policy: policies/newAccountDeployments.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { PolicyDocument } from "../aws/policyDocument";
import { accountEventPatterns, type AccountEventKind } from "../config/accountEventPatterns";
import type { Deployment } from "../config/domain";
import { authorizationHeaderValue, CREATE_DEPLOYMENT_BODY, ORGANIZATIONS_EVENTS_REGION, type NewAccountDeployments as Settings } from "../config/newAccounts";
import { roleAlarmKeyPolicy, roleAlarmTopicPolicy } from "./central/roleAlarmPolicies";
import { subscriptionKey } from "./central/notifications";

export interface NewAccountDeploymentsArgs {
  readonly deployment: Pick<Deployment, "project" | "stack" | "partition" | "managementAccountId" | "shard" | "subscriptions">;
  readonly settings: Settings;
  /** The management account's provider; every resource here sets `region` itself. */
  readonly managementProvider: aws.Provider;
}

/** Names of this stack's resources, from project and stack: two stacks of a project never collide. */
export function newAccountNames(d: Pick<Deployment, "project" | "stack" | "partition" | "managementAccountId">) {
  const prefix = `${d.project}-${d.stack}`;
  const region = ORGANIZATIONS_EVENTS_REGION;
  const inAccount = (service: string, resource: string) => `arn:${d.partition}:${service}:${region}:${d.managementAccountId}:${resource}`;
  return {
    rule: (kind: AccountEventKind) => `${prefix}-${kind}`,
    ruleArn: (kind: AccountEventKind) => inAccount("events", `rule/${prefix}-${kind}`),
    connection: `${prefix}-pulumi-deployments`,
    apiDestination: `${prefix}-pulumi-deployments`,
    apiDestinationArnPattern: inAccount("events", `api-destination/${prefix}-pulumi-deployments/*`),
    invokeRole: `${prefix}-account-events`.slice(0, 64),
    queue: `${prefix}-account-events-dlq`,
    queueArn: inAccount("sqs", `${prefix}-account-events-dlq`),
    topic: `${prefix}-account-events-failed`,
    topicArn: inAccount("sns", `${prefix}-account-events-failed`),
    alarm: `${prefix}-account-events-not-delivered`,
    alarmArnPattern: inAccount("cloudwatch", `alarm:${prefix}-account-events-*`),
  };
}

/** EventBridge may send to the queue only for these rules (`aws:SourceArn`), as its dead-letter queue. */
export function deadLetterQueuePolicy(queueArn: string, ruleArns: readonly string[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountEventRulesDeadLetters",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": [...ruleArns] } },
      },
    ],
  };
}

/** The role the rules' targets run as: invoke this stack's API destination, nothing else. */
function invokeRolePolicies(managementAccountId: string, apiDestinationArnPattern: string): { trust: PolicyDocument; permissions: PolicyDocument } {
  return {
    trust: {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": managementAccountId } },
        },
      ],
    },
    permissions: {
      Version: "2012-10-17",
      Statement: [{ Sid: "InvokeThisStacksDeployments", Effect: "Allow", Action: "events:InvokeApiDestination", Resource: apiDestinationArnPattern }],
    },
  };
}

export class NewAccountDeployments extends pulumi.ComponentResource {
  readonly connection: aws.cloudwatch.EventConnection;
  readonly apiDestination: aws.cloudwatch.EventApiDestination;
  readonly rules: Readonly<Partial<Record<AccountEventKind, aws.cloudwatch.EventRule>>>;
  readonly targets: readonly aws.cloudwatch.EventTarget[];
  readonly deadLetterQueue: aws.sqs.Queue;
  readonly topic: aws.sns.Topic;
  readonly alarm: aws.cloudwatch.MetricAlarm;

  constructor(name: string, args: NewAccountDeploymentsArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:events:NewAccountDeployments", name, {}, opts);
    const { deployment, settings } = args;
    const region = ORGANIZATIONS_EVENTS_REGION;
    const inManagement = { parent: this, provider: args.managementProvider };
    const names = newAccountNames(deployment);
    const patterns = accountEventPatterns(deployment.shard);
    const kinds = Object.keys(patterns) as AccountEventKind[];

    // The token reaches AWS only inside the connection (kept in Secrets Manager), and state only as a secret.
    this.connection = new aws.cloudwatch.EventConnection(
      `${name}-connection`,
      {
        region,
        name: names.connection,
        description: `Pulumi Cloud access for deployments of ${deployment.project}/${deployment.stack}`,
        authorizationType: "API_KEY",
        authParameters: { apiKey: { key: "Authorization", value: pulumi.secret(authorizationHeaderValue(settings.token.value)) } },
      },
      inManagement,
    );
    this.apiDestination = new aws.cloudwatch.EventApiDestination(
      `${name}-api-destination`,
      {
        region,
        name: names.apiDestination,
        description: `Create Deployment of ${settings.pulumiOrganization}/${deployment.project}/${deployment.stack}`,
        connectionArn: this.connection.arn,
        invocationEndpoint: settings.endpoint,
        httpMethod: "POST",
        // A burst of account events (a batch of accounts) queues in Deployments anyway.
        invocationRateLimitPerSecond: 1,
      },
      inManagement,
    );

    const policies = invokeRolePolicies(deployment.managementAccountId, names.apiDestinationArnPattern);
    const role = new aws.iam.Role(
      `${name}-invoke-role`,
      {
        name: names.invokeRole,
        description: `EventBridge invokes the Pulumi Deployments API destination of ${deployment.project}/${deployment.stack}, nothing else`,
        assumeRolePolicy: JSON.stringify(policies.trust),
      },
      inManagement,
    );
    const rolePolicy = new aws.iam.RolePolicy(
      `${name}-invoke-policy`,
      { role: role.name, name: "invoke-api-destination", policy: JSON.stringify(policies.permissions) },
      inManagement,
    );

    // Kept 14 days (SQS's longest): time to see why, and to start the run by hand.
    this.deadLetterQueue = new aws.sqs.Queue(
      `${name}-dlq`,
      { region, name: names.queue, sqsManagedSseEnabled: true, messageRetentionSeconds: 1_209_600 },
      inManagement,
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
      `${name}-dlq-policy`,
      {
        region,
        queueUrl: this.deadLetterQueue.url,
        policy: JSON.stringify(deadLetterQueuePolicy(names.queueArn, kinds.map(names.ruleArn))),
      },
      inManagement,
    );

    const rules: Partial<Record<AccountEventKind, aws.cloudwatch.EventRule>> = {};
    const targets: aws.cloudwatch.EventTarget[] = [];
    for (const kind of kinds) {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${kind}`,
        {
          region,
          name: names.rule(kind),
          description: `Starts a deployment of ${deployment.project}/${deployment.stack} on ${kind}`,
          eventPattern: JSON.stringify(patterns[kind]),
        },
        inManagement,
      );
      rules[kind] = rule;
      targets.push(
        new aws.cloudwatch.EventTarget(
          `${name}-${kind}-target`,
          {
            region,
            rule: rule.name,
            targetId: "pulumi-deployments",
            arn: this.apiDestination.arn,
            roleArn: role.arn,
            input: JSON.stringify(CREATE_DEPLOYMENT_BODY),
            // Headers Pulumi Cloud's API requires; the Authorization header is the connection's alone.
            httpTarget: { headerParameters: { Accept: "application/vnd.pulumi+8", "Content-Type": "application/json" } },
            retryPolicy: { maximumRetryAttempts: settings.maximumRetryAttempts, maximumEventAgeInSeconds: settings.maximumEventAgeSeconds },
            // The queue's ARN from its name, known at preview (the plan and the policy read it).
            deadLetterConfig: { arn: names.queueArn },
          },
          { ...inManagement, dependsOn: [rolePolicy, queuePolicy, this.deadLetterQueue] },
        ),
      );
    }
    this.rules = rules;
    this.targets = targets;

    // Who hears of an event that could not start a deployment: an alarm on the dead-letter queue.
    const place = {
      partition: deployment.partition,
      managementAccountId: deployment.managementAccountId,
      topicArn: names.topicArn,
      alarmArnPattern: names.alarmArnPattern,
    };
    const key = new aws.kms.Key(
      `${name}-topic-key`,
      {
        region,
        description: `Encrypts ${names.topic}: account events that could not start a deployment of ${deployment.stack}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: JSON.stringify(roleAlarmKeyPolicy(place)),
      },
      inManagement,
    );
    this.topic = new aws.sns.Topic(
      `${name}-topic`,
      { region, name: names.topic, displayName: "AWS Config new account deployment", kmsMasterKeyId: key.arn },
      inManagement,
    );
    const topicPolicy = new aws.sns.TopicPolicy(
      `${name}-topic-policy`,
      { region, arn: this.topic.arn, policy: JSON.stringify(roleAlarmTopicPolicy(place)) },
      inManagement,
    );
    for (const subscription of deployment.subscriptions.filter((s) => s.protocol !== "sqs")) {
      new aws.sns.TopicSubscription(
        `${name}-${subscriptionKey(subscription)}`,
        { region, topic: this.topic.arn, protocol: subscription.protocol, endpoint: subscription.endpoint },
        inManagement,
      );
    }
    this.alarm = new aws.cloudwatch.MetricAlarm(
      `${name}-alarm`,
      {
        region,
        name: names.alarm,
        alarmDescription: `An Organizations account event could not start a deployment of ${deployment.project}/${deployment.stack} after its retries: read ${names.queue} and start the deployment by hand`,
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: names.queue },
        statistic: "Maximum",
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        // An empty queue reports nothing: that is the normal state.
        treatMissingData: "notBreaching",
        alarmActions: [names.topicArn],
      },
      { ...inManagement, dependsOn: [topicPolicy, this.deadLetterQueue] },
    );

    this.registerOutputs({
      apiDestination: this.apiDestination.arn,
      rules: kinds.map(names.rule),
      deadLetterQueue: this.deadLetterQueue.url,
      alarm: this.alarm.name,
    });
  }
}
