/**
 * New accounts governed within minutes (stack `newAccounts`): AWS Organizations' account events
 * (an account created, an invitation accepted, an account moved or removed) start a Pulumi
 * Deployments run of this stack, instead of waiting for the next merge or drift run.
 *
 * What is read here: the stack key as written, with its defaults, and every problem with it.
 * Which events this stack's rules take (its shard decides): config/accountEventPatterns.ts.
 * The resources: components/newAccountDeployments.ts. Facts and URLs: docs/aws-constraints.md
 * ("New accounts").
 *
 * @example
 * # pulumi config set --path 'aws-config-org:newAccounts.pulumiOrganization' acme
 * # pulumi config set --secret --path 'aws-config-org:newAccounts.token' pul-…
 * aws-config-org:newAccounts:
 *   pulumiOrganization: acme
 *   token:
 *     secure: v1:…
 */

/** Where Organizations' events reach EventBridge: its global service events arrive in us-east-1 only. */
export const ORGANIZATIONS_EVENTS_REGION = "us-east-1";

/** EventBridge's default quota on an event pattern's size, in characters (adjustable to 4,096 on request). */
export const MAX_EVENT_PATTERN_LENGTH = 2048;

/** Pulumi Cloud's API (https://www.pulumi.com/docs/pulumi-cloud/cloud-rest-api/). */
export const PULUMI_API = "https://api.pulumi.com";

/** EventBridge's bounds of a target's RetryPolicy (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html). */
export const RETRY_BOUNDS = {
  maximumRetryAttempts: { min: 0, max: 185 },
  maximumEventAgeSeconds: { min: 60, max: 86_400 },
} as const;

/** Defaults: a Pulumi Cloud outage of up to an hour is ridden out; then the dead-letter queue and a message. */
export const NEW_ACCOUNTS_DEFAULTS = { maximumRetryAttempts: 24, maximumEventAgeSeconds: 3_600 } as const;

/** EventBridge rule names: at most 64 of `[.\-_A-Za-z0-9]` (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html). */
const RULE_NAME_MAX = 64;

/** The longest rule name suffix (components/newAccountDeployments.ts names one rule per event kind). */
export const LONGEST_RULE_SUFFIX = "-account-removed";

/** A Pulumi access token, as the program holds it: only ever handed on as a Pulumi secret. */
export interface DeploymentToken {
  /**
   * The token as the engine decrypted it, or, offline (read from Pulumi.<stack>.yaml without the
   * stack's secrets provider), its cipher text: either way never shown and never in state in clear.
   */
  readonly value: string;
}

/** Stack `newAccounts`, with its defaults. */
export interface NewAccountDeployments {
  /** The Pulumi organization that owns this project's stacks (`https://app.pulumi.com/<organization>`). */
  readonly pulumiOrganization: string;
  /** `https://api.pulumi.com/api/stacks/<organization>/<project>/<stack>/deployments`: Create Deployment of this stack. */
  readonly endpoint: string;
  /** The target's RetryPolicy: retries until either bound is reached, then the dead-letter queue. */
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
  readonly token: DeploymentToken;
}

/** Create Deployment of one stack (Pulumi Deployments REST API). */
export function deploymentsEndpoint(organization: string, project: string, stack: string): string {
  return `${PULUMI_API}/api/stacks/${organization}/${project}/${stack}/deployments`;
}

/**
 * The request body: an update with the stack's own deployment settings (deployments/: source,
 * OIDC, the pre-run policy preview). `inheritSettings` is the API's default; written out so the
 * body says what it does.
 */
export const CREATE_DEPLOYMENT_BODY = { operation: "update", inheritSettings: true } as const;

/** The value of the `Authorization` header Pulumi Cloud's API takes: `token <access token>`. */
export function authorizationHeaderValue(token: string): string {
  return `token ${token}`;
}

/** The stack key as the schema allows it. */
export interface NewAccountsInput {
  readonly pulumiOrganization?: string;
  readonly token?: unknown;
  readonly maximumRetryAttempts?: number;
  readonly maximumEventAgeSeconds?: number;
}

/** What `newAccountsOf` needs of the stack besides the key. */
export interface NewAccountsPlace {
  readonly project: string;
  readonly stack: string;
}

/**
 * The settings with defaults, or undefined when the key is absent. A token that is missing or in
 * clear still yields settings (with an empty value): `newAccountsProblems` reports it.
 */
export function newAccountsOf(raw: NewAccountsInput | undefined, place: NewAccountsPlace): NewAccountDeployments | undefined {
  if (!raw) return undefined;
  const organization = raw.pulumiOrganization ?? "";
  return {
    pulumiOrganization: organization,
    endpoint: deploymentsEndpoint(organization, place.project, place.stack),
    maximumRetryAttempts: raw.maximumRetryAttempts ?? NEW_ACCOUNTS_DEFAULTS.maximumRetryAttempts,
    maximumEventAgeSeconds: raw.maximumEventAgeSeconds ?? NEW_ACCOUNTS_DEFAULTS.maximumEventAgeSeconds,
    // Never printed: a plan --json or a log line that serializes the settings shows this instead.
    token: { value: tokenValue(raw.token) ?? "", toJSON: () => "[secret]" } as DeploymentToken,
  };
}

/** `{ secure: "v1:…" }` as Pulumi.<stack>.yaml holds a secret; the engine hands the decrypted string. */
function tokenValue(token: unknown): string | undefined {
  if (typeof token === "string") return token;
  if (typeof token === "object" && token !== null && typeof (token as { secure?: unknown }).secure === "string") return (token as { secure: string }).secure;
  return undefined;
}

/** Whether the token was given as a Pulumi secret: encrypted in the stack file, or marked secret by the engine. */
export function tokenIsSecret(token: unknown, keyMarkedSecret: boolean): boolean {
  if (typeof token === "object" && token !== null) return typeof (token as { secure?: unknown }).secure === "string";
  return typeof token === "string" && keyMarkedSecret;
}

/** What the checks read of the stack besides the key. */
export interface NewAccountsContext extends NewAccountsPlace {
  /** Inventory `discover: true`: only then does a new account enter the scope without a commit. */
  readonly discover: boolean;
  readonly shardKind: "all" | "ou" | "accounts" | "hash";
  /** An `ou` shard's OUs as written (ids or paths). */
  readonly shardOus: readonly string[];
  /** Characters of the move rule's pattern (config/accountEventPatterns.ts), which grows with an `ou` shard's OUs. */
  readonly movePatternLength: number;
  /** Organizations' events reach EventBridge in us-east-1 of the commercial partition; other partitions are not built for. */
  readonly partition: string;
  /** Whether the engine marked the `newAccounts` key secret (a `--secret --path` value inside it). */
  readonly keyMarkedSecret: boolean;
  /** Mail and https subscribers: who hears that a deployment could not be started. */
  readonly peopleSubscribed: number;
}

/** Every problem with the key, each naming it and how to fix it. */
export function newAccountsProblems(raw: NewAccountsInput | undefined, context: NewAccountsContext, key: (path: string) => string): string[] {
  if (!raw) return [];
  const problems: string[] = [];
  const setSecret = `\`pulumi config set --secret --path '${context.project}:newAccounts.token' <Pulumi access token>\``;
  if (raw.pulumiOrganization === undefined) {
    problems.push(
      `${key("newAccounts.pulumiOrganization")} is required: the Pulumi organization whose Deployments run this stack (as in \`https://app.pulumi.com/<organization>\`)`,
    );
  } else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/.test(raw.pulumiOrganization)) {
    problems.push(
      `${key("newAccounts.pulumiOrganization")} is \`${raw.pulumiOrganization}\`: a Pulumi organization name is letters, digits and \`_.-\`, starting with a letter or digit`,
    );
  }
  if (raw.token === undefined) {
    problems.push(`${key("newAccounts.token")} is required: set a Pulumi access token allowed to deploy this stack with ${setSecret}`);
  } else if (tokenValue(raw.token) === undefined || tokenValue(raw.token) === "") {
    problems.push(`${key("newAccounts.token")} must be a Pulumi access token, set with ${setSecret}`);
  } else if (!tokenIsSecret(raw.token, context.keyMarkedSecret)) {
    problems.push(`${key("newAccounts.token")} is in clear in Pulumi.${context.stack}.yaml: revoke that token, then set a new one encrypted with ${setSecret}`);
  }
  if (!context.discover) {
    problems.push(
      `${key("newAccounts")} needs an inventory with \`discover: true\`: a stack that lists its accounts takes a new account only when someone adds it to the list, and that change deploys anyway; set \`discover: true\` or remove \`newAccounts\``,
    );
  }
  if (context.shardKind === "accounts") {
    problems.push(
      `${key("newAccounts")} does nothing for a shard of listed \`accountIds\` (a new account is never on the list): remove \`newAccounts\` from this stack and set it on the stack whose shard takes new accounts`,
    );
  }
  const paths = context.shardOus.filter((ou) => !/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/.test(ou));
  if (paths.length > 0) {
    problems.push(
      `${key("newAccounts")} matches moves by OU id, and ${key("shard.ous")} names ${paths.map((p) => `\`${p}\``).join(", ")} by path: write the OU ids (\`aws organizations list-organizational-units-for-parent\`)`,
    );
  }
  if (context.shardKind === "ou" && paths.length === 0) {
    const length = context.movePatternLength;
    if (length > MAX_EVENT_PATTERN_LENGTH) {
      problems.push(
        `${key("newAccounts")}: the move rule of ${context.shardOus.length} OUs in ${key("shard.ous")} is ${length} characters, and EventBridge takes ${MAX_EVENT_PATTERN_LENGTH} by default: split the shard into stacks of fewer OUs`,
      );
    }
  }
  if (context.partition !== "aws") {
    problems.push(
      `${key("newAccounts")} is built for the \`aws\` partition (Organizations' events arrive in us-east-1), and this stack governs \`${context.partition}\`: remove \`newAccounts\``,
    );
  }
  const longest = `${context.project}-${context.stack}${LONGEST_RULE_SUFFIX}`;
  if (longest.length > RULE_NAME_MAX) {
    problems.push(
      `${key("newAccounts")}: the event rules are named \`<project>-<stack>-account-…\`, and \`${longest}\` is ${longest.length} characters where EventBridge takes ${RULE_NAME_MAX}: use a shorter stack name`,
    );
  }
  if (context.peopleSubscribed === 0) {
    problems.push(
      `${key("newAccounts")} has no one to tell when a deployment could not be started: add an \`email\` or \`https\` subscription to ${key("notifications.subscriptions")}`,
    );
  }
  return problems;
}
