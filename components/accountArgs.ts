/**
 * An Account component's args from the Deployment: the one place that reads the whole
 * Deployment for it (each place's recorder as desired), so components/account.ts takes only
 * what it builds.
 */
import type { Account as DomainAccount, Deployment, Place } from "../config/domain";
import type { AccountArgs } from "./account";
import { desiredRecorder } from "./recorderSettings";

/** What index.ts decides for every account alike: central readiness, roles, the remediation pack. */
export type AccountWiring = Omit<AccountArgs, "account" | "places">;

export function accountArgsOf(deployment: Deployment, account: DomainAccount, places: readonly Place[], wiring: AccountWiring): AccountArgs {
  return {
    account,
    places: places.map((place) => ({ place, desired: desiredRecorder(deployment, place) })),
    ...wiring,
  };
}
