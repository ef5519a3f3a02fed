/**
 * The SDK's own debug messages, on the path `pulumi preview` and `pulumi up` run (the Node
 * language host's cmd/run).
 *
 * For every resource the SDK sends the engine four to six debug log messages over gRPC
 * ("Registering resource", "RegisterResource RPC prepared", "RegisterResource RPC finished"
 * with the whole response the engine returned, the serialization notes, and for components
 * "RegisterResourceOutputs"), one at a time through a single promise chain. The engine shows
 * them only under `pulumi up --debug`. On the real path (README, Benchmarks) they were 30% of
 * the program's CPU at 100 accounts × 17 regions and 16% at 1,000, and the queue of messages
 * waiting their turn held every response's text (remediation pack bodies included) until it
 * was sent.
 *
 * Under the language host, unless asked for, `log.debug` of the SDK becomes a no-op. The
 * program sends no debug messages of its own; info, warnings and errors are untouched. Set
 * `AWS_CONFIG_ORG_SDK_DEBUG_LOG=1` (or `PULUMI_DEBUG_PROMISE_LEAKS`, which asks for the SDK's
 * diagnostics) to keep them, e.g. with `pulumi up --debug`.
 *
 * Outside the language host (tests, the offline runner, commands) nothing changes.
 */

/** Env variable that keeps the SDK's debug messages. */
export const SDK_DEBUG_LOG_ENV = "AWS_CONFIG_ORG_SDK_DEBUG_LOG";

interface SdkLog {
  debug: (...args: unknown[]) => Promise<void>;
}

/**
 * Makes the SDK's `log.debug` a no-op under the language host unless asked for; says whether it did.
 * `sdkLog` is the SDK's log module (the same instance the SDK's runtime calls `log.debug` on).
 */
export function quietSdkDebugLog(env: NodeJS.ProcessEnv = process.env, sdkLog: SdkLog = require("@pulumi/pulumi/log") as SdkLog): boolean {
  if (!env.PULUMI_NODEJS_MONITOR || env[SDK_DEBUG_LOG_ENV] || env.PULUMI_DEBUG_PROMISE_LEAKS) return false;
  sdkLog.debug = () => Promise.resolve();
  return true;
}
