import { expect } from "chai";

import { parseAllowList, validateAllowList } from "../../../rules/approved-images/allowList";

describe("approved-images: allow-list validation", () => {
  const valid = {
    version: 1,
    entries: [
      { description: "Golden images", ownerAccountIds: ["111122223333"], namePatterns: ["golden-*"] },
      { ownerAccountIds: ["amazon"], namePatterns: ["al2023-ami-2023.*-x86_64"] },
      { imageIds: ["ami-0abc1234def567890"] },
      { tags: { approved: "true", team: "*" } },
    ],
  };

  it("accepts a valid list of any length", () => {
    expect(validateAllowList(valid)).to.deep.equal([]);
    const long = { version: 1, entries: [{ imageIds: Array.from({ length: 500 }, (_, i) => `ami-${(0x10000000 + i).toString(16)}`) }] };
    expect(validateAllowList(long)).to.deep.equal([]);
  });

  it("names every problem by path", () => {
    const problems = validateAllowList(
      {
        version: 2,
        extra: true,
        entries: [{}, { imageIds: ["i-123"], ownerAccountIds: ["12345"], surprise: 1 }, { tags: {} }, { namePatterns: [] }, "nope"],
      },
      "approvedImages",
    );
    expect(problems).to.deep.equal([
      "`approvedImages.extra` is not a known key; use `version` and `entries`",
      "`approvedImages.version` must be 1",
      "`approvedImages.entries[0]` has no criterion: give `imageIds`, `ownerAccountIds`, `namePatterns` or `tags` (an empty entry would approve every image)",
      "`approvedImages.entries[1].surprise` is not a known key; use `description`, `imageIds`, `ownerAccountIds`, `namePatterns`, `tags`",
      "`approvedImages.entries[1].imageIds`: `i-123` is not an AMI id like `ami-0abc1234`",
      "`approvedImages.entries[1].ownerAccountIds`: `12345` is not a 12-digit account id or `amazon`/`aws-marketplace`",
      "`approvedImages.entries[2].tags` must map at least one tag key to a value (`*` for any)",
      "`approvedImages.entries[3].namePatterns` must be a non-empty list",
      "`approvedImages.entries[4]` must be an object",
    ]);
  });

  it("refuses an empty list, which would make every instance non-compliant", () => {
    expect(validateAllowList({ version: 1, entries: [] })[0]).to.contain("at least one entry");
  });

  it("parses JSON text and throws with every problem", () => {
    expect(parseAllowList(JSON.stringify(valid))).to.deep.equal(valid);
    expect(() => parseAllowList("{", "s3://b/k")).to.throw(/s3:\/\/b\/k is not valid JSON/);
    expect(() => parseAllowList(JSON.stringify({ version: 1, entries: [{}, { imageIds: "ami-12345678" }] }), "s3://b/k")).to.throw(
      /s3:\/\/b\/k is invalid \(2 issues\)/,
    );
  });
});
