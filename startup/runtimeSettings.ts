/**
 * The program's run-time settings, applied at start-up (index.ts) and by the benchmark's SDK
 * floor (bench/sdkFloor), so that the two are measured alike. Each acts only under the Node
 * language host and can be turned back on; the modules say what each keeps and what it costs.
 */
import { quietSdkDebugLog } from "./sdkDebugLog";
import { limitStackCapture } from "./stackCapture";

export interface RuntimeSettings {
  /** `Error.stackTraceLimit` set to 0 (startup/stackCapture.ts). */
  readonly stackCaptureLimited: boolean;
  /** The SDK's per-resource debug messages not sent (startup/sdkDebugLog.ts). */
  readonly sdkDebugLogQuiet: boolean;
}

export function applyRuntimeSettings(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): RuntimeSettings {
  return { stackCaptureLimited: limitStackCapture(env, execArgv), sdkDebugLogQuiet: quietSdkDebugLog(env) };
}
