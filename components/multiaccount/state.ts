/**
 * Per-process state of the multi-account provider: credential cache, SDK clients,
 * concurrency limiters, call listeners.
 *
 * Why on `globalThis` and created on first use: one state per process, however the code was
 * reached. The dynamic provider host loads this layer by path (shim.ts), tests and the
 * benchmark import it, and the credential cache, the limits and the call listeners must be one
 * per process whichever copy of the module made the call. Creating it on first use keeps
 * loading the module free of effects.
 */
export interface ProcessState {
  /** Cached sessions by `roleArn|externalId`. */
  readonly sessions: Map<string, unknown>;
  /** SDK clients by `service|accountId|region|roleArn`. */
  readonly clients: Map<string, unknown>;
  /** Concurrency limiters by `total` and `account:<id>`. */
  readonly limiters: Map<string, unknown>;
  /** Listeners told about every SDK call. */
  readonly callListeners: Set<(call: unknown) => void>;
  /** Interceptors asked before every SDK call (tests make one throw to simulate a crash). */
  callInterceptors?: Set<(call: unknown) => void>;
  /** The caller's identity, once asked. */
  callerIdentity?: Promise<unknown>;
}

const STATE_KEY = "aws-config-org.multiaccount.state.v1";

/** The process-wide state, created on first use. */
export function processState(): ProcessState {
  const registry = globalThis as unknown as Record<string, ProcessState | undefined>;
  let state = registry[STATE_KEY];
  if (!state) {
    state = { sessions: new Map(), clients: new Map(), limiters: new Map(), callListeners: new Set() };
    registry[STATE_KEY] = state;
  }
  return state;
}
