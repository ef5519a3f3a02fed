/**
 * The base credentials every live command starts from (the caller's own, before any
 * AssumeRole), resolved once through the SDK's default chain before any per-account work.
 * Without them nothing can succeed, and asking account after account would only repeat the
 * SDK's `Could not load credentials` in every row, under advice about role permissions: so
 * the command stops at once with one line that says how to provide them (exit 2).
 */
import { HOW_TO_PROVIDE_CREDENTIALS, isNoCredentialsAtAll } from "../../components/multiaccount/awsErrors";
import { OFFLINE_ALTERNATIVES } from "./awsCallError";

/** No base credentials at all: one line, exit 2 (commands/lib/cli.ts `runCommand`). */
export class MissingCredentialsError extends Error {
  constructor(
    readonly what: string,
    readonly cause?: unknown,
  ) {
    super(
      `${what} needs AWS credentials and none could be loaded (the SDK's default chain found no environment keys, profile, SSO session or web identity): ${HOW_TO_PROVIDE_CREDENTIALS}; ${OFFLINE_ALTERNATIVES}`,
    );
    this.name = "MissingCredentialsError";
  }
}

/** Resolves the default chain's credentials, or throws what the SDK throws. */
export type CredentialResolver = () => Promise<unknown>;

const defaultChain: CredentialResolver = async () => {
  const { defaultProvider } = require("@aws-sdk/credential-provider-node") as typeof import("@aws-sdk/credential-provider-node");
  return defaultProvider()();
};

/**
 * Throws `MissingCredentialsError` when the default chain has nothing to load. Other failures
 * (an SSO session that expired, a profile that names a missing source) are the SDK's own
 * words, which name the profile: they pass through as they are.
 */
export async function requireBaseCredentials(what: string, resolve: CredentialResolver = defaultChain): Promise<void> {
  try {
    await resolve();
  } catch (error) {
    if (isNoCredentialsAtAll(error)) throw new MissingCredentialsError(what, error);
    throw error;
  }
}
