import { expect } from "chai";

import { quietSdkDebugLog, SDK_DEBUG_LOG_ENV } from "../../startup/sdkDebugLog";
import { applyRuntimeSettings } from "../../startup/runtimeSettings";

describe("start-up SDK debug messages (startup/sdkDebugLog)", () => {
  const host = { PULUMI_NODEJS_MONITOR: "127.0.0.1:1234" };
  const sdkLog = () => {
    const sent: unknown[] = [];
    return { sent, log: { debug: (...args: unknown[]) => (sent.push(args), Promise.resolve()) } };
  };

  it("under the language host, the SDK's debug messages are no longer sent", async () => {
    const { sent, log } = sdkLog();
    expect(quietSdkDebugLog(host, log)).to.equal(true);
    await log.debug("RegisterResource RPC finished: resource:x; err: null, resp: urn,,");
    expect(sent).to.deep.equal([]);
  });

  it("outside the language host (tests, offline runner, commands) nothing changes", async () => {
    const { sent, log } = sdkLog();
    expect(quietSdkDebugLog({}, log)).to.equal(false);
    await log.debug("Registering resource: t=x");
    expect(sent).to.deep.equal([["Registering resource: t=x"]]);
  });

  it("keeps them when asked for", () => {
    for (const env of [
      { ...host, [SDK_DEBUG_LOG_ENV]: "1" },
      { ...host, PULUMI_DEBUG_PROMISE_LEAKS: "1" },
    ]) {
      const { sent, log } = sdkLog();
      expect(quietSdkDebugLog(env, log), JSON.stringify(env)).to.equal(false);
      void log.debug("m");
      expect(sent).to.have.length(1);
    }
  });

  it("acts on the SDK's own log module, the one its runtime calls", () => {
    const sdk = require("@pulumi/pulumi/log") as { debug: unknown };
    const original = sdk.debug;
    const stackTraceLimit = Error.stackTraceLimit;
    try {
      const settings = applyRuntimeSettings(host, []);
      expect(settings).to.deep.equal({ stackCaptureLimited: true, sdkDebugLogQuiet: true });
      expect(sdk.debug).to.not.equal(original);
    } finally {
      sdk.debug = original;
      Error.stackTraceLimit = stackTraceLimit;
    }
  });
});
