import { expect } from "chai";
import { withLimits } from "../../../components/multiaccount/limits";
import { clearSessionCache } from "../../../components/multiaccount/session";

/** Operations that stay open until released, counting how many run at once. */
function tracker() {
  const running = new Map<string, number>();
  let total = 0;
  let maxTotal = 0;
  const maxPer = new Map<string, number>();
  const gates: (() => void)[] = [];
  return {
    op(account: string) {
      return () =>
        new Promise<void>((resolve) => {
          running.set(account, (running.get(account) ?? 0) + 1);
          total++;
          maxTotal = Math.max(maxTotal, total);
          maxPer.set(account, Math.max(maxPer.get(account) ?? 0, running.get(account) ?? 0));
          gates.push(() => {
            running.set(account, (running.get(account) ?? 0) - 1);
            total--;
            resolve();
          });
        });
    },
    /** Release everything currently running, then let queued work start. */
    async drain(): Promise<number> {
      const open = gates.splice(0);
      open.forEach((release) => release());
      await new Promise((resolve) => setImmediate(resolve));
      return open.length;
    },
    get maxTotal() {
      return maxTotal;
    },
    maxPer,
  };
}

describe("concurrency bounds", () => {
  const saved = { perAccount: process.env.AWS_CONFIG_ORG_MAX_PER_ACCOUNT, total: process.env.AWS_CONFIG_ORG_MAX_TOTAL };
  afterEach(() => {
    for (const [key, value] of [
      ["AWS_CONFIG_ORG_MAX_PER_ACCOUNT", saved.perAccount],
      ["AWS_CONFIG_ORG_MAX_TOTAL", saved.total],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    clearSessionCache();
  });

  it("runs at most the per-account and the overall number of operations at once", async () => {
    clearSessionCache();
    process.env.AWS_CONFIG_ORG_MAX_PER_ACCOUNT = "2";
    process.env.AWS_CONFIG_ORG_MAX_TOTAL = "3";
    const t = tracker();
    const accounts = ["111111111111", "222222222222", "333333333333"];
    const all = Promise.all(accounts.flatMap((a) => Array.from({ length: 5 }, () => withLimits(a, t.op(a)))));
    let finished = 0;
    while (finished < 15) {
      await new Promise((resolve) => setImmediate(resolve));
      finished += await t.drain();
    }
    await all;
    expect(t.maxTotal).to.equal(3);
    for (const a of accounts) expect(t.maxPer.get(a)).to.be.at.most(2);
  });

  it("defaults to 4 per account", async () => {
    clearSessionCache();
    delete process.env.AWS_CONFIG_ORG_MAX_PER_ACCOUNT;
    delete process.env.AWS_CONFIG_ORG_MAX_TOTAL;
    const t = tracker();
    const all = Promise.all(Array.from({ length: 10 }, () => withLimits("444444444444", t.op("444444444444"))));
    let finished = 0;
    while (finished < 10) {
      await new Promise((resolve) => setImmediate(resolve));
      finished += await t.drain();
    }
    await all;
    expect(t.maxPer.get("444444444444")).to.equal(4);
  });

  it("names a bad bound and how to fix it", async () => {
    clearSessionCache();
    process.env.AWS_CONFIG_ORG_MAX_TOTAL = "lots";
    expect(() => withLimits("555555555555", async () => undefined)).to.throw(/`AWS_CONFIG_ORG_MAX_TOTAL` must be a positive integer, got `lots`/);
  });
});
