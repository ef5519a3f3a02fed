/**
 * The multi-account provider's own settings: concurrency, retries and timeouts. They are
 * environment variables because the provider runs in the dynamic provider host, a process
 * the engine starts with the CLI's environment; the program's stack config does not reach
 * it. All of them are read and checked here, in one place; a bad value is one error that
 * names every bad variable and the default that unsetting it gives.
 *
 * Read at the moment a limiter or client is made (clients are cached per place for the
 * process, so a change applies to the next process, or after `clearSessionCache()`).
 */

/** The SDK's retry modes (`AWS_RETRY_MODE`). */
export type RetryMode = "standard" | "adaptive" | "legacy";

export interface ProviderSettings {
  /** Lifecycle operations at once in one account (`AWS_CONFIG_ORG_MAX_PER_ACCOUNT`). */
  readonly maxPerAccount: number;
  /** Lifecycle operations at once overall (`AWS_CONFIG_ORG_MAX_TOTAL`). */
  readonly maxTotal: number;
  /** HTTP attempts per AWS call, the first included (`AWS_MAX_ATTEMPTS`, the SDK's own variable). */
  readonly maxAttempts: number;
  /** `AWS_RETRY_MODE`, the SDK's own variable. */
  readonly retryMode: RetryMode;
  /** Time to open the TCP connection of one attempt (`AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS`). */
  readonly connectTimeoutMs: number;
  /**
   * Time from sending one attempt to its response; also the longest a socket may stay silent
   * while the response arrives (`AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS`).
   */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_PROVIDER_SETTINGS: ProviderSettings = {
  maxPerAccount: 4,
  maxTotal: 32,
  maxAttempts: 8,
  retryMode: "adaptive",
  connectTimeoutMs: 5_000,
  requestTimeoutMs: 20_000,
};

/** The longest timeout accepted: a call that may wait longer than 10 minutes per attempt is a hang. */
const MAX_TIMEOUT_MS = 600_000;
const RETRY_MODES: readonly string[] = ["standard", "adaptive", "legacy"];

/**
 * The settings in force for `env`: every variable checked, unset or empty ones defaulted.
 * Throws one error listing every bad variable.
 */
export function providerSettings(env: Readonly<Record<string, string | undefined>> = process.env): ProviderSettings {
  const problems: string[] = [];
  const integer = (variable: string, fallback: number, min: number, max: number, unit = ""): number => {
    const value = env[variable];
    if (value === undefined || value === "") return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      const range =
        max === Number.MAX_SAFE_INTEGER ? (min === 1 ? "a positive integer" : `an integer of at least ${min}`) : `an integer from ${min} to ${max}${unit}`;
      problems.push(`\`${variable}\` must be ${range}, got \`${value}\`; unset it to use ${fallback}`);
      return fallback;
    }
    return n;
  };
  const d = DEFAULT_PROVIDER_SETTINGS;
  const settings: ProviderSettings = {
    maxPerAccount: integer("AWS_CONFIG_ORG_MAX_PER_ACCOUNT", d.maxPerAccount, 1, Number.MAX_SAFE_INTEGER),
    maxTotal: integer("AWS_CONFIG_ORG_MAX_TOTAL", d.maxTotal, 1, Number.MAX_SAFE_INTEGER),
    maxAttempts: integer("AWS_MAX_ATTEMPTS", d.maxAttempts, 1, 20),
    retryMode: ((): RetryMode => {
      const value = env.AWS_RETRY_MODE;
      if (value === undefined || value === "") return d.retryMode;
      if (!RETRY_MODES.includes(value)) {
        problems.push(`\`AWS_RETRY_MODE\` must be one of \`standard\`, \`adaptive\`, \`legacy\`, got \`${value}\`; unset it to use ${d.retryMode}`);
        return d.retryMode;
      }
      return value as RetryMode;
    })(),
    connectTimeoutMs: integer("AWS_CONFIG_ORG_CONNECT_TIMEOUT_MS", d.connectTimeoutMs, 1, MAX_TIMEOUT_MS, " (milliseconds)"),
    requestTimeoutMs: integer("AWS_CONFIG_ORG_REQUEST_TIMEOUT_MS", d.requestTimeoutMs, 1, MAX_TIMEOUT_MS, " (milliseconds)"),
  };
  if (problems.length > 0) {
    throw new Error(
      `aws-config-org provider settings: ${problems.length === 1 ? problems[0] : `${problems.length} problems:\n  - ${problems.join("\n  - ")}`}`,
    );
  }
  return settings;
}

/**
 * What every SDK v3 client gets from the settings: attempts, retry mode, and an HTTP handler
 * (the SDK builds its `NodeHttpHandler` from these options) whose connection, request and
 * socket timeouts turn a stalled attempt into a `TimeoutError`, which the SDK retries.
 */
export function clientTransport(settings: ProviderSettings = providerSettings()): {
  maxAttempts: number;
  retryMode: string;
  requestHandler: { connectionTimeout: number; requestTimeout: number; socketTimeout: number; throwOnRequestTimeout: true };
} {
  return {
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    requestHandler: {
      connectionTimeout: settings.connectTimeoutMs,
      requestTimeout: settings.requestTimeoutMs,
      socketTimeout: settings.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  };
}
