/**
 * A counting hook on every SDK call this layer makes: tests assert "no needless writes"
 * with it and the benchmark reports calls per place. Listeners live in the process
 * state, so they see the calls of every copy of this layer in the process (state.ts).
 */
import { processState } from "./state";

/** One logical SDK call (retries included in `attempts`). */
export interface AwsCall {
  readonly service: string;
  readonly command: string;
  readonly accountId: string;
  readonly region: string;
  /** Whether the call changes something (not Describe/Get/List/AssumeRole/GetCallerIdentity). */
  readonly write: boolean;
  readonly ok: boolean;
  /** HTTP attempts the SDK made (> 1 when it retried, e.g. on throttling). */
  readonly attempts: number;
  readonly millis: number;
}

export type AwsCallListener = (call: AwsCall) => void;

/** The property a failed call's error carries its `AwsCall` under (not enumerable). */
const CALL_CONTEXT = "$awsConfigOrgCall";

/** The call an SDK error came from (service, command, place, attempts, elapsed), when it went through an instrumented client. */
export function callContextOf(error: unknown): AwsCall | undefined {
  return error !== null && typeof error === "object" ? (error as Record<string, AwsCall | undefined>)[CALL_CONTEXT] : undefined;
}

/** Register a listener for every SDK call made in this process; returns the unsubscribe. */
export function onAwsCall(listener: AwsCallListener): () => void {
  const listeners = processState().callListeners as Set<AwsCallListener>;
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** What an interceptor sees before a call is sent. */
export type AwsCallStart = Pick<AwsCall, "service" | "command" | "accountId" | "region" | "write">;

export type AwsCallInterceptor = (call: AwsCallStart) => void;

function interceptors(): Set<AwsCallInterceptor> {
  const state = processState();
  state.callInterceptors ??= new Set();
  return state.callInterceptors as Set<AwsCallInterceptor>;
}

/**
 * Register an interceptor asked before every SDK call made in this process; if it throws,
 * the call is not sent and fails with that error (listeners still see it, `ok: false`).
 * Tests use it to stop the provider at its Nth write, as a killed process would.
 * Returns the unsubscribe.
 */
export function beforeAwsCall(interceptor: AwsCallInterceptor): () => void {
  const set = interceptors();
  set.add(interceptor);
  return () => {
    set.delete(interceptor);
  };
}

/** Commands that only read (or only obtain credentials). */
export function isReadOnlyCommand(command: string): boolean {
  return /^(Describe|Get|List|AssumeRole)/.test(command);
}

interface MiddlewareClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<{ output?: { $metadata?: { attempts?: number } } }>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: "initialize"; name: string },
    ): void;
  };
}

/** Add the counting middleware to a freshly built client. */
export function instrumentClient(client: unknown, service: string, accountId: string, region: string): void {
  (client as MiddlewareClient).middlewareStack.add(
    (next, context) => async (args) => {
      const started = Date.now();
      const command = (context.commandName ?? "Unknown").replace(/Command$/, "");
      let ok = false;
      let attempts = 1;
      let failure: unknown;
      try {
        const start: AwsCallStart = { service, command, accountId, region, write: !isReadOnlyCommand(command) };
        for (const interceptor of interceptors()) interceptor(start);
        const result = await next(args);
        ok = true;
        attempts = result.output?.$metadata?.attempts ?? 1;
        return result;
      } catch (error) {
        failure = error;
        attempts = (error as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
        throw error;
      } finally {
        const call: AwsCall = {
          service,
          command,
          accountId,
          region,
          write: !isReadOnlyCommand(command),
          ok,
          attempts,
          millis: Date.now() - started,
        };
        for (const listener of processState().callListeners as Set<AwsCallListener>) listener(call);
        if (!ok && failure !== null && typeof failure === "object" && !Object.isFrozen(failure)) {
          Object.defineProperty(failure, CALL_CONTEXT, { value: call, enumerable: false, configurable: true });
        }
      }
    },
    { step: "initialize", name: "awsConfigOrgCallCounter" },
  );
}
