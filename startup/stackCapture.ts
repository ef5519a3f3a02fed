/**
 * How much stack the program captures while it declares resources, on the path
 * `pulumi preview` and `pulumi up` run (the Node language host's cmd/run).
 *
 * The SDK stores `new Error().stack` on every promise it wraps (`debuggablePromise`,
 * several per resource), formatted at once through source-map-support, which cmd/run
 * always installs. Its only reader is the leak report under `PULUMI_DEBUG_PROMISE_LEAKS`.
 * At a thousand accounts that capture was about half the program's CPU time
 * (`npm run bench`, real path). With `Error.stackTraceLimit` at 0 those stacks are empty.
 *
 * What stays: the source position Pulumi shows for each resource. `Resource.callsites()`
 * raises the limit to Infinity for its own capture and puts it back, so it does not
 * depend on this setting. What goes: the stack of an error the program's own code throws
 * unexpectedly (the message remains; configuration errors never carry one). Set
 * `PULUMI_DEBUG_PROMISE_LEAKS`, or pass `--stack-trace-limit=<n>` to node (Pulumi.yaml
 * `runtime.options.nodeargs` or `NODE_OPTIONS`), to keep every stack.
 *
 * Outside the language host (tests, the offline runner, commands) nothing changes.
 */

/** Whether the language host runs this process: cmd/run puts `--monitor` in `PULUMI_NODEJS_MONITOR`. */
function underLanguageHost(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.PULUMI_NODEJS_MONITOR);
}

/** Whether whoever runs the program asked for stacks. */
function stacksRequested(env: NodeJS.ProcessEnv, execArgv: readonly string[]): boolean {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS) return true;
  return [...execArgv, ...(env.NODE_OPTIONS ?? "").split(/\s+/)].some((arg) => arg.startsWith("--stack-trace-limit"));
}

/** Sets `Error.stackTraceLimit` to 0 under the language host unless stacks were asked for; says whether it did. */
export function limitStackCapture(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  if (!underLanguageHost(env) || stacksRequested(env, execArgv)) return false;
  Error.stackTraceLimit = 0;
  return true;
}
