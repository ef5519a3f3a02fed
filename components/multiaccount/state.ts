/**
 * Per-process state of the multi-account provider: credential cache, SDK clients,
 * concurrency limiters, call listeners.
 *
 * Why on `globalThis` and created on first use: Pulumi serializes the provider with
 * `serializeFunction`, which captures LOCAL modules by value. A module-level `Map` here
 * would be frozen into every resource's `__provider` state (with whatever it held at
 * serialization time, credentials included). A registry looked up at call time is never
 * captured, and is shared by every deserialized copy of the provider in the host process.
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
