import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";

import { limitStackCapture } from "../../startup/stackCapture";

describe("start-up stack capture (startup/stackCapture)", () => {
  let saved: number;
  beforeEach(() => {
    saved = Error.stackTraceLimit;
    Error.stackTraceLimit = 10;
  });
  afterEach(() => {
    Error.stackTraceLimit = saved;
  });

  it("turns per-promise stacks off under the language host", () => {
    expect(limitStackCapture({ PULUMI_NODEJS_MONITOR: "127.0.0.1:1234" }, [])).to.equal(true);
    expect(Error.stackTraceLimit).to.equal(0);
    expect(new Error("x").stack).to.equal("Error: x");
  });

  it("changes nothing outside the language host (tests, offline runner, commands)", () => {
    expect(limitStackCapture({}, [])).to.equal(false);
    expect(Error.stackTraceLimit).to.equal(10);
  });

  it("keeps stacks when someone asked for them", () => {
    const host = { PULUMI_NODEJS_MONITOR: "127.0.0.1:1234" };
    expect(limitStackCapture({ ...host, PULUMI_DEBUG_PROMISE_LEAKS: "1" }, [])).to.equal(false);
    expect(limitStackCapture(host, ["--stack-trace-limit=50"])).to.equal(false);
    expect(limitStackCapture({ ...host, NODE_OPTIONS: "--max-old-space-size=4096 --stack-trace-limit=30" }, [])).to.equal(false);
    expect(Error.stackTraceLimit).to.equal(10);
  });

  it("leaves the resource source positions Pulumi shows: the SDK captures those at an unlimited depth itself", () => {
    limitStackCapture({ PULUMI_NODEJS_MONITOR: "127.0.0.1:1234" }, []);
    const callsites = (pulumi.Resource as unknown as { callsites(): { file?: string; line?: number }[] }).callsites();
    expect(callsites.some((c) => c.file === __filename && typeof c.line === "number")).to.equal(true);
    expect(Error.stackTraceLimit).to.equal(0);
  });
});
