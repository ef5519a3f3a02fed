import { expect } from "chai";
import type { Shard } from "../../config/domain";
import { checkCentralOwnership, checkShardCoverage, describeShard, hashShardOf, inShard, validateShard } from "../../config/shard";

/** 1,000 distinct, realistic 12-digit account ids (deterministic, no RNG). */
function accountIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(100000000000 + i * 7919 + (i % 13) * 104729).padStart(12, "0"));
}

describe("config/shard: hash shards", () => {
  const ids = accountIds(1000);

  it("builds 1,000 distinct ids for the property tests", () => {
    expect(new Set(ids).size).to.equal(1000);
  });

  for (let count = 1; count <= 8; count++) {
    it(`puts every account in exactly one of ${count} hash shard(s)`, () => {
      const shards = Array.from({ length: count }, (_, i) => ({
        stack: `shard-${i + 1}`,
        shard: { kind: "hash", index: i + 1, count } as Shard,
      }));
      const coverage = checkShardCoverage(ids, shards);
      expect(coverage.unassigned).to.deep.equal([]);
      expect(coverage.duplicated).to.deep.equal([]);
      for (const id of ids) {
        const taking = shards.filter((s) => inShard({ id }, s.shard));
        expect(taking, `account ${id} with count ${count}`).to.have.length(1);
      }
    });
  }

  it("spreads accounts roughly evenly (no bucket under half or over twice its share)", () => {
    for (let count = 2; count <= 8; count++) {
      const sizes = new Array<number>(count).fill(0);
      for (const id of ids) sizes[hashShardOf(id, count) - 1]++;
      const share = ids.length / count;
      for (const size of sizes) {
        expect(size, `count ${count}: sizes ${sizes.join(",")}`).to.be.within(share / 2, share * 2);
      }
    }
  });

  it("keeps golden values (sha256 of the id as a big-endian integer, mod count, plus 1)", () => {
    // Computed independently with Python: int(hashlib.sha256(id.encode()).hexdigest(), 16) % n + 1 for n = 1..8.
    const golden: Record<string, number[]> = {
      "123456789012": [1, 1, 1, 3, 2, 1, 2, 3],
      "111111111111": [1, 2, 3, 4, 3, 6, 6, 4],
      "222222222222": [1, 1, 3, 1, 3, 3, 3, 1],
      "000000000001": [1, 1, 2, 3, 3, 5, 2, 7],
      "999999999999": [1, 1, 2, 3, 2, 5, 7, 3],
    };
    for (const [id, buckets] of Object.entries(golden)) {
      expect(
        buckets.map((_, i) => hashShardOf(id, i + 1)),
        id,
      ).to.deep.equal(buckets);
    }
  });

  it("answers the same for the same id every time", () => {
    expect(hashShardOf("123456789012", 7)).to.equal(hashShardOf("123456789012", 7));
  });

  it("refuses a count below 1 or not an integer", () => {
    expect(() => hashShardOf("123456789012", 0)).to.throw(RangeError, /count/);
    expect(() => hashShardOf("123456789012", 2.5)).to.throw(RangeError, /count/);
  });
});

describe("config/shard: OU and account-list shards", () => {
  const ouShard: Shard = { kind: "ou", ous: ["ou-ab12-11111111", "Workloads/Prod"] };

  it("takes accounts of a listed OU id", () => {
    expect(inShard({ id: "111111111111", ou: "ou-ab12-11111111" }, ouShard)).to.equal(true);
    expect(inShard({ id: "111111111111", ou: "ou-ab12-22222222" }, ouShard)).to.equal(false);
  });

  it("takes accounts of a listed OU path and of OUs below it, not of siblings with a shared prefix", () => {
    expect(inShard({ id: "1", ou: "Workloads/Prod" }, ouShard)).to.equal(true);
    expect(inShard({ id: "1", ou: "/Workloads/Prod/" }, ouShard)).to.equal(true);
    expect(inShard({ id: "1", ou: "Workloads/Prod/Payments" }, ouShard)).to.equal(true);
    expect(inShard({ id: "1", ou: "Workloads/Production" }, ouShard)).to.equal(false);
    expect(inShard({ id: "1", ou: "Workloads" }, ouShard)).to.equal(false);
  });

  it("does not take an account whose OU is unknown", () => {
    expect(inShard({ id: "111111111111" }, ouShard)).to.equal(false);
  });

  it("takes exactly the listed accounts", () => {
    const shard: Shard = { kind: "accounts", accountIds: ["111111111111", "222222222222"] };
    expect(inShard({ id: "111111111111" }, shard)).to.equal(true);
    expect(inShard({ id: "333333333333", ou: "Workloads" }, shard)).to.equal(false);
  });

  it("`all` takes everything", () => {
    expect(inShard({ id: "333333333333" }, { kind: "all" })).to.equal(true);
  });
});

describe("config/shard: coverage across the stacks of a project", () => {
  const accounts = [
    { id: "111111111111", ou: "Workloads/Prod" },
    { id: "222222222222", ou: "Workloads/Dev" },
    { id: "333333333333", ou: "Sandbox" },
    { id: "444444444444" },
  ];

  it("reports accounts no stack takes, and accounts several stacks take", () => {
    const coverage = checkShardCoverage(accounts, [
      { stack: "prod", shard: { kind: "ou", ous: ["Workloads"] } },
      { stack: "dev", shard: { kind: "ou", ous: ["Workloads/Dev"] } },
      { stack: "central", shard: { kind: "accounts", accountIds: ["444444444444"] } },
    ]);
    expect(coverage.unassigned).to.deep.equal(["333333333333"]);
    expect(coverage.duplicated).to.deep.equal([{ accountId: "222222222222", stacks: ["prod", "dev"] }]);
  });

  it("is clean when OU and list shards split the organization", () => {
    const coverage = checkShardCoverage(accounts, [
      { stack: "workloads", shard: { kind: "ou", ous: ["Workloads"] } },
      { stack: "rest", shard: { kind: "accounts", accountIds: ["333333333333", "444444444444"] } },
    ]);
    expect(coverage).to.deep.equal({ unassigned: [], duplicated: [] });
  });

  it("accepts bare ids (which no OU shard can take) and counts a repeated id once", () => {
    const coverage = checkShardCoverage(["111111111111", "111111111111"], [{ stack: "ou", shard: { kind: "ou", ous: ["Workloads"] } }]);
    expect(coverage.unassigned).to.deep.equal(["111111111111"]);
  });

  it("flags hash shards whose counts disagree", () => {
    const ids = accountIds(200);
    const coverage = checkShardCoverage(ids, [
      { stack: "a", shard: { kind: "hash", index: 1, count: 2 } },
      { stack: "b", shard: { kind: "hash", index: 2, count: 3 } },
      { stack: "c", shard: { kind: "hash", index: 3, count: 3 } },
    ]);
    expect(coverage.unassigned.length + coverage.duplicated.length).to.be.greaterThan(0);
  });
});

describe("config/shard: validation and central ownership", () => {
  it("accepts well-formed shards", () => {
    expect(validateShard({ kind: "all" })).to.deep.equal([]);
    expect(validateShard({ kind: "hash", index: 3, count: 3 })).to.deep.equal([]);
    expect(validateShard({ kind: "ou", ous: ["ou-ab12-11111111"] })).to.deep.equal([]);
    expect(validateShard({ kind: "accounts", accountIds: ["111111111111"] })).to.deep.equal([]);
  });

  it("names the key and the fix for a bad hash shard", () => {
    expect(validateShard({ kind: "hash", index: 0, count: 4 }, "aws-config-org:shard")).to.deep.equal([
      "`aws-config-org:shard.index` is 0: it runs from 1 to `count` (4)",
    ]);
    expect(validateShard({ kind: "hash", index: 5, count: 4 })[0]).to.match(/runs from 1 to `count`/);
    expect(validateShard({ kind: "hash", index: 1, count: 0 })[0]).to.match(/`shard.count` is 0/);
  });

  it("names bad and repeated account ids and OUs", () => {
    const problems = validateShard({ kind: "accounts", accountIds: ["12345", "111111111111", "111111111111"] });
    expect(problems).to.have.length(2);
    expect(problems[0]).to.contain("`12345`");
    expect(problems[1]).to.contain("more than once");
    expect(validateShard({ kind: "ou", ous: [] })[0]).to.match(/is empty/);
    expect(validateShard({ kind: "ou", ous: ["A/", "/A"] })[0]).to.match(/`A` more than once/);
  });

  it("describes shards for messages", () => {
    expect(describeShard({ kind: "hash", index: 2, count: 4 })).to.equal("hash shard 2 of 4");
    expect(describeShard({ kind: "all" })).to.equal("all accounts");
  });

  it("wants exactly one stack owning the central component", () => {
    expect(
      checkCentralOwnership([
        { stack: "a", ownsCentral: true },
        { stack: "b", ownsCentral: false },
      ]),
    ).to.deep.equal([]);
    expect(checkCentralOwnership([{ stack: "a", ownsCentral: false }])[0]).to.match(/no stack owns/);
    expect(
      checkCentralOwnership([
        { stack: "a", ownsCentral: true },
        { stack: "b", ownsCentral: true },
      ])[0],
    ).to.match(/`a`, `b` all set/);
  });
});
