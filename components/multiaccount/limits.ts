/**
 * Concurrency bounds: at most `AWS_CONFIG_ORG_MAX_PER_ACCOUNT` (default 4) lifecycle
 * operations per account and `AWS_CONFIG_ORG_MAX_TOTAL` (default 32) overall, so a
 * `pulumi up` of thousands of places does not trip Config's per-account API rate limits.
 * The limiters live in the process state (see state.ts for why not at module level);
 * the engine may run many operations at once (`--parallel`), all in one host process.
 */
type Limit = import("p-limit").Limit;
import { DEFAULT_PROVIDER_SETTINGS, providerSettings } from "./providerSettings";
import { processState } from "./state";

export const DEFAULT_MAX_PER_ACCOUNT = DEFAULT_PROVIDER_SETTINGS.maxPerAccount;
export const DEFAULT_MAX_TOTAL = DEFAULT_PROVIDER_SETTINGS.maxTotal;

/** The bounds in force (read from the environment when the first limiter is made; providerSettings.ts). */
export function concurrencyBounds(): { perAccount: number; total: number } {
  const settings = providerSettings();
  return { perAccount: settings.maxPerAccount, total: settings.maxTotal };
}

function limiter(key: string, concurrency: number): Limit {
  const limiters = processState().limiters as Map<string, Limit>;
  let limit = limiters.get(key);
  if (!limit) {
    const pLimit = require("p-limit") as typeof import("p-limit");
    limit = pLimit(concurrency);
    limiters.set(key, limit);
  }
  return limit;
}

/**
 * Run `operation` within both bounds. The account slot is taken first, then a global
 * one, so a place waiting on its busy account never holds a global slot.
 */
export function withLimits<T>(accountId: string, operation: () => Promise<T>): Promise<T> {
  const bounds = concurrencyBounds();
  const perAccount = limiter(`account:${accountId}`, bounds.perAccount);
  const total = limiter("total", bounds.total);
  return perAccount(() => total(operation));
}
