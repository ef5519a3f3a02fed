/**
 * SDK v3 clients per service, account, region and role, kept in the process state so the
 * adaptive retry limiter of a place is shared by every resource acting there. Each client
 * is instrumented for call counting (callHooks.ts) and has the provider's timeouts
 * (providerSettings.ts).
 */
import { isExpiredCredentials } from "./awsErrors";
import { instrumentClient } from "./callHooks";
import { clientConfig, forgetCredentials, sessionKey, type AwsClientConfig, type Target } from "./session";
import { processState } from "./state";

/** A client constructor of any SDK v3 service. */
export type ClientConstructor<C> = new (config: AwsClientConfig) => C;

/**
 * The cached client of `service` for `target` in `region`. `ctor` is passed by the caller,
 * which `require`s its SDK package inside the method that needs it.
 */
export async function clientFor<C extends { destroy(): void }>(service: string, ctor: ClientConstructor<C>, target: Target, region: string): Promise<C> {
  const clients = processState().clients as Map<string, Promise<C>>;
  const key = [service, target.accountId, region, sessionKey(target)].join("|");
  let client = clients.get(key);
  if (!client) {
    client = (async () => {
      const built = new ctor(await clientConfig(target, region));
      instrumentClient(built, service, target.accountId, region);
      return built;
    })();
    clients.set(key, client);
    client.catch(() => {
      if (clients.get(key) === client) clients.delete(key);
    });
  }
  return client;
}

/**
 * `send` with the cached client of `service` for `target` in `region`. When a member-account
 * call fails because the assumed session expired or was revoked (`ExpiredToken`,
 * `ExpiredTokenException`, `InvalidClientTokenId`, `UnrecognizedClientException`; not in a
 * disabled opt-in region), the session and the role's clients are dropped, the role is
 * assumed again, and `send` runs once more: once only, so bad credentials still fail.
 */
export async function callWith<C extends { destroy(): void }, T>(
  service: string,
  ctor: ClientConstructor<C>,
  target: Target,
  region: string,
  send: (client: C) => Promise<T>,
): Promise<T> {
  try {
    return await send(await clientFor(service, ctor, target, region));
  } catch (error) {
    if (!target.roleArn || !isExpiredCredentials(error, region)) throw error;
    forgetCredentials(target);
    return send(await clientFor(service, ctor, target, region));
  }
}
