/** The test matcher itself, against the behaviours the SNS documentation describes. */
import { expect } from "chai";

import { matchesFilterPolicy } from "./snsFilterMatcher";

describe("notifications: SNS filter-policy matcher (test helper)", () => {
  const message = {
    store: "example_corp",
    event: "order_placed",
    customer_interests: ["soccer", "rugby"],
    price_usd: 210.75,
    delivery: { address: { city: "Lisbon" }, express: true },
    note: null,
  };

  it("matches exact values (case-sensitive), AND across keys, OR across values", () => {
    expect(matchesFilterPolicy({ store: ["example_corp"], event: ["order_placed", "order_cancelled"] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ store: ["Example_Corp"] }, message)).to.equal(false);
    expect(matchesFilterPolicy({ store: ["example_corp"], event: ["order_cancelled"] }, message)).to.equal(false);
    expect(matchesFilterPolicy({ price_usd: [210.75], note: [null] }, message)).to.equal(true);
  });

  it("matches any element of an array in the message", () => {
    expect(matchesFilterPolicy({ customer_interests: ["rugby"] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ customer_interests: ["baseball"] }, message)).to.equal(false);
  });

  it("follows nested keys and fails when the message has no object there", () => {
    expect(matchesFilterPolicy({ delivery: { address: { city: ["Lisbon"] } } }, message)).to.equal(true);
    expect(matchesFilterPolicy({ delivery: { address: { city: ["Porto"] } } }, message)).to.equal(false);
    expect(matchesFilterPolicy({ note: { text: ["x"] } }, message)).to.equal(false);
    expect(matchesFilterPolicy({ missing: { text: ["x"] } }, message)).to.equal(false);
  });

  it("implements prefix, suffix and anything-but (value, list, prefix); anything-but needs the key", () => {
    expect(matchesFilterPolicy({ event: [{ prefix: "order_" }] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ event: [{ suffix: "_placed" }] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ event: [{ "anything-but": "order_placed" }] }, message)).to.equal(false);
    expect(matchesFilterPolicy({ event: [{ "anything-but": ["order_cancelled", "order_returned"] }] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ event: [{ "anything-but": { prefix: "order" } }] }, message)).to.equal(false);
    expect(matchesFilterPolicy({ absent: [{ "anything-but": "x" }] }, message)).to.equal(false);
  });

  it("implements exists, where null and missing are both absent", () => {
    expect(matchesFilterPolicy({ store: [{ exists: true }] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ absent: [{ exists: false }] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ note: [{ exists: true }] }, message)).to.equal(false);
  });

  it("implements $or between sub-policies, and treats a one-branch $or as an ordinary key", () => {
    expect(matchesFilterPolicy({ store: ["example_corp"], $or: [{ event: ["x"] }, { price_usd: [210.75] }] }, message)).to.equal(true);
    expect(matchesFilterPolicy({ $or: [{ event: ["x"] }, { price_usd: [1] }] }, message)).to.equal(false);
    expect(matchesFilterPolicy({ $or: [{ event: ["order_placed"] }] }, message)).to.equal(false);
  });

  it("refuses operators it does not implement rather than guessing", () => {
    expect(() => matchesFilterPolicy({ price_usd: [{ numeric: [">", 100] }] }, message)).to.throw(/not implemented/);
  });
});
