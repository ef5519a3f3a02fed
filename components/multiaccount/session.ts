/**
 * Sessions: who we are in each account.
 *
 * Base credentials come from the SDK's default chain (environment, web identity/OIDC in
 * Pulumi Deployments, profiles), never from resource inputs. For a target with a
 * `roleArn` we call `sts:AssumeRole` once, cache the credentials per role for the
 * process and refresh them before they expire; concurrent callers share the one call.
 * Endpoints follow the SDK's standard `AWS_ENDPOINT_URL[_<SERVICE>]`, so moto can stand in.
 *
 * SDK modules are `require`d inside functions, on first use: a process that loads this layer
 * without calling a service (a command, a test) does not pay for loading that client.
 */
import { attemptsText, awsErrorLabel, errorKind, kindHint } from "./awsErrors";
import { instrumentClient } from "./callHooks";
import { assumeRoleDeniedError, callerAccountMismatchError, isAssumeRoleDeniedError, isMultiAccountError, multiAccountError } from "./errors";
import { clientTransport } from "./providerSettings";
import { processState } from "./state";
import { partitionOfRegion, type Partition } from "../../aws/arns";

export {
  isAssumeRoleDeniedError,
  isCallerAccountMismatchError,
  isMultiAccountError,
  isPlaceOperationError,
  isRegionNotEnabledError,
  type AssumeRoleDeniedError,
  type CallerAccountMismatchError,
  type MultiAccountError,
  type PlaceOperationError,
  type RegionNotEnabledError,
} from "./errors";

/** Where to act, as whom, and why (the why goes into the STS session name). */
export interface Target {
  readonly accountId: string;
  /** Role to assume; absent means the caller's own credentials, valid only for the caller's account. */
  readonly roleArn?: string;
  readonly externalId?: string;
  /** Short reason, e.g. `create-recorder` or `preflight`; shows in CloudTrail. */
  readonly purpose: string;
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** What any SDK v3 client constructor accepts. */
export interface AwsClientConfig {
  readonly region: string;
  /** Absent: the SDK's default chain (the caller's own account). */
  readonly credentials?: () => Promise<AwsCredentials>;
  readonly maxAttempts: number;
  readonly retryMode: string;
  /** Options the SDK builds its `NodeHttpHandler` from: connection, request and socket timeouts. */
  readonly requestHandler: ReturnType<typeof clientTransport>["requestHandler"];
}

export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
  readonly partition: Partition;
}

interface CachedSession {
  readonly promise: Promise<AwsCredentials>;
  /** When to stop handing out this entry (refresh margin applied; denials kept briefly). */
  validUntil: number;
}

/** Refresh this long before the credentials expire. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/**
 * A denied AssumeRole is remembered this long, so one account's resources do not hammer STS.
 * Other failures (timeouts, 5xx, throttling after the SDK's retries) are not remembered: the
 * next resource of that account tries STS again.
 */
const FAILURE_TTL_MS = 60 * 1000;
const SESSION_SECONDS = 3600;

function partitionOfArn(arn: string): Partition {
  const partition = arn.split(":")[1];
  return partition === "aws-cn" || partition === "aws-us-gov" ? partition : "aws";
}

const HOME_REGION_OF_PARTITION: Record<Partition, string> = {
  aws: "us-east-1",
  "aws-us-gov": "us-gov-west-1",
  "aws-cn": "cn-north-1",
};

/** Region to call global services (IAM, Organizations) in for `target`: its partition's first region. */
export function globalServiceRegion(target: Target): string {
  const partition = target.roleArn
    ? partitionOfArn(target.roleArn)
    : partitionOfRegion(process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1");
  return HOME_REGION_OF_PARTITION[partition];
}

/** The region STS is called in: the environment's when it is in the role's partition, else the partition's first. */
function stsRegion(partition: Partition): string {
  const fromEnv = process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  return fromEnv && partitionOfRegion(fromEnv) === partition ? fromEnv : HOME_REGION_OF_PARTITION[partition];
}

/** `aws-config-org.<who>.<purpose>`, within STS's 64 characters of `[\w+=,.@-]`. */
export function sessionName(purpose: string): string {
  const who = process.env.AWS_CONFIG_ORG_OPERATOR || process.env.USER || "pulumi";
  const clean = (s: string) => s.replace(/[^\w+=,.@-]/g, "-");
  return `aws-config-org.${clean(who)}.${clean(purpose)}`.slice(0, 64);
}

function newStsClient(partition: Partition, accountId: string) {
  const { STSClient } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
  const region = stsRegion(partition);
  const client = new STSClient({ region, ...clientTransport() });
  instrumentClient(client, "sts", accountId, region);
  return client;
}

/** The identity behind the default credential chain; asked once per process. */
export function callerIdentity(): Promise<CallerIdentity> {
  const state = processState();
  if (!state.callerIdentity) {
    const ask = async (): Promise<CallerIdentity> => {
      const { GetCallerIdentityCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
      const partition = partitionOfRegion(process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1");
      const client = newStsClient(partition, "caller");
      try {
        const out = await client.send(new GetCallerIdentityCommand({}));
        if (!out.Account || !out.Arn) throw new Error("sts:GetCallerIdentity returned no account; check the base credentials");
        return { accountId: out.Account, arn: out.Arn, partition: partitionOfArn(out.Arn) };
      } finally {
        client.destroy();
      }
    };
    const pending = ask();
    state.callerIdentity = pending;
    pending.catch(() => {
      if (state.callerIdentity === pending) state.callerIdentity = undefined;
    });
  }
  return state.callerIdentity as Promise<CallerIdentity>;
}

function isDenied(error: { name?: string; message?: string }): boolean {
  return error.name === "AccessDenied" || error.name === "AccessDeniedException" || /not authorized to perform: sts:AssumeRole/i.test(error.message ?? "");
}

async function assumeRole(target: Target & { roleArn: string }): Promise<AwsCredentials> {
  const { AssumeRoleCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
  const region = stsRegion(partitionOfArn(target.roleArn));
  const client = newStsClient(partitionOfArn(target.roleArn), target.accountId);
  try {
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: target.roleArn,
        RoleSessionName: sessionName(target.purpose),
        ExternalId: target.externalId,
        DurationSeconds: SESSION_SECONDS,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw multiAccountError(
        `sts:AssumeRole into \`${target.roleArn}\` (STS in \`${region}\`) returned no credentials for account \`${target.accountId}\``,
        target.accountId,
        kindHint("unparseable-response", "sts:AssumeRole", undefined, target.accountId, region),
      );
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration ? new Date(c.Expiration) : undefined,
    };
  } catch (error) {
    const e = error as { name?: string; message?: string };
    if (isMultiAccountError(error)) throw error;
    if (isDenied(e)) throw assumeRoleDeniedError(target.accountId, target.roleArn, `${e.name}: ${e.message}`);
    // The base credentials made this call: a credentials kind here is about them, not the role.
    const kind = errorKind(error, region);
    throw multiAccountError(
      `sts:AssumeRole into \`${target.roleArn}\` failed for account \`${target.accountId}\` (STS in \`${region}\`): ` +
        `${awsErrorLabel(error)}: ${(e.message ?? "").split("\n")[0]}${attemptsText(error)}`,
      target.accountId,
      `${kindHint(kind, "sts:AssumeRole", undefined, target.accountId, region)}. The account's next resource calls STS again`,
    );
  } finally {
    client.destroy();
  }
}

/**
 * The one key of a target's session: its role and external id. The session cache is keyed by
 * it, and every client cache key ends with it, so forgetting a session finds its clients.
 */
export function sessionKey(target: Target): string {
  return `${target.roleArn ?? ""}|${target.externalId ?? ""}`;
}

/**
 * Credentials for acting in `target.accountId`: assumed-role credentials (cached, refreshed
 * before expiry), or `undefined` when there is no role and the caller's own account is the
 * target (use the default chain). Throws `AssumeRoleDeniedError` / `CallerAccountMismatchError`.
 */
export async function credentialsFor(target: Target): Promise<AwsCredentials | undefined> {
  if (!target.roleArn) {
    const caller = await callerIdentity();
    if (caller.accountId !== target.accountId) throw callerAccountMismatchError(target.accountId, caller.accountId);
    return undefined;
  }
  const roleArn = target.roleArn;
  const sessions = processState().sessions as Map<string, CachedSession>;
  const key = sessionKey(target);
  const cached = sessions.get(key);
  if (cached && Date.now() < cached.validUntil) return cached.promise;

  const entry: CachedSession = { promise: assumeRole({ ...target, roleArn }), validUntil: Number.POSITIVE_INFINITY };
  sessions.set(key, entry);
  entry.promise.then(
    (credentials) => {
      entry.validUntil = credentials.expiration ? credentials.expiration.getTime() - REFRESH_MARGIN_MS : Date.now() + REFRESH_MARGIN_MS;
    },
    (error) => {
      if (isAssumeRoleDeniedError(error)) entry.validUntil = Date.now() + FAILURE_TTL_MS;
      else if (sessions.get(key) === entry) sessions.delete(key);
    },
  );
  return entry.promise;
}

/**
 * Forget the cached session of `target`'s role and every client built with it, so the next
 * call assumes the role again: for an expired or revoked session token (awsClients.ts).
 */
export function forgetCredentials(target: Target): void {
  if (!target.roleArn) return;
  const state = processState();
  state.sessions.delete(sessionKey(target));
  const suffix = `|${sessionKey(target)}`;
  // Not destroyed: another resource of the account may be mid-call on one of them.
  for (const key of [...state.clients.keys()]) if (key.endsWith(suffix)) state.clients.delete(key);
}

/**
 * Configuration for any SDK v3 client acting in `target` and `region`:
 * `new ConfigServiceClient(await clientConfig(target, region))`.
 * Resolves the credentials first (so a denied role fails here, typed), then hands the
 * client a provider that keeps returning fresh credentials from the cache.
 */
export async function clientConfig(target: Target, region: string): Promise<AwsClientConfig> {
  const first = await credentialsFor(target);
  const settings = clientTransport();
  if (!first) return { region, ...settings };
  return {
    region,
    ...settings,
    credentials: async () => {
      const c = (await credentialsFor(target)) as AwsCredentials;
      return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
    },
  };
}

/** Forget cached credentials, clients, limiters and the caller identity (tests; a new endpoint). */
export function clearSessionCache(): void {
  const state = processState();
  state.sessions.clear();
  for (const client of state.clients.values()) {
    (client as Promise<{ destroy(): void }>).then(
      (c) => c.destroy(),
      () => undefined,
    );
  }
  state.clients.clear();
  state.limiters.clear();
  state.callerIdentity = undefined;
}
