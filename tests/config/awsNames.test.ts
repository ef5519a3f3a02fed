import { expect } from "chai";

import { inventory, problemsOf, sources } from "../helpers/stackSources";

describe("config: names AWS limits", () => {
  it("takes an S3 bucket name of 3 to 63 characters and refuses 2 or 64, naming the key", () => {
    const withBucket = (bucketName: string) => problemsOf(sources({ delivery: { bucketName } }, inventory([])));
    expect(withBucket("abc")).to.deep.equal([]);
    expect(withBucket(`a${"b".repeat(61)}c`)).to.deep.equal([]);
    for (const bad of ["ab", `a${"b".repeat(62)}c`]) {
      const problems = withBucket(bad);
      expect(problems, bad).to.have.length(1);
      expect(problems[0]).to.include("delivery.bucketName");
    }
  });
});
