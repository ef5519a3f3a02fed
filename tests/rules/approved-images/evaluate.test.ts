import { expect } from "chai";

import type { AllowList } from "../../../rules/approved-images/allowList";
import { entryMatches, evaluateInstance, globToRegExp, MAX_ANNOTATION, type ImageFacts } from "../../../rules/approved-images/evaluate";
import { findingOf, findingsBody, findingsKey } from "../../../rules/approved-images/findings";

const golden: ImageFacts = {
  imageId: "ami-0a0a0a0a0a0a0a0a0",
  ownerId: "111122223333",
  name: "golden-web-2026.03.01",
  tags: { approved: "true", team: "web" },
};
const amazonLinux: ImageFacts = {
  imageId: "ami-0b0b0b0b0b0b0b0b0",
  ownerId: "137112412989",
  ownerAlias: "amazon",
  name: "al2023-ami-2023.6.20250303.0-kernel-6.1-x86_64",
  tags: {},
};
const random: ImageFacts = { imageId: "ami-0c0c0c0c0c0c0c0c0", ownerId: "999988887777", name: "someones-image", tags: { approved: "false" } };

const allowList: AllowList = {
  version: 1,
  entries: [
    { description: "Golden images", ownerAccountIds: ["111122223333"], namePatterns: ["golden-*"] },
    { description: "Amazon Linux 2023", ownerAccountIds: ["amazon"], namePatterns: ["al2023-ami-2023.*-x86_64"] },
    { description: "Pinned legacy", imageIds: ["ami-0d0d0d0d0d0d0d0d0"] },
    { tags: { approved: "true", team: "*" } },
  ],
};

describe("approved-images: evaluation", () => {
  it("globs: `*` any run, `?` one character, everything else literal, whole name", () => {
    expect(globToRegExp("golden-*").test("golden-web")).to.equal(true);
    expect(globToRegExp("golden-*").test("my-golden-web")).to.equal(false);
    expect(globToRegExp("al2023-ami-2023.?").test("al2023-ami-2023.6")).to.equal(true);
    expect(globToRegExp("a.b").test("axb")).to.equal(false);
    expect(globToRegExp("(x)+[y]").test("(x)+[y]")).to.equal(true);
  });

  it("matches an entry only when every criterion it gives holds", () => {
    const entry = allowList.entries[0]!;
    expect(entryMatches(entry, golden.imageId, golden)).to.equal(true);
    expect(entryMatches(entry, golden.imageId, { ...golden, name: "web-2026" })).to.equal(false);
    expect(entryMatches(entry, golden.imageId, { ...golden, ownerId: "444455556666" })).to.equal(false);
    expect(entryMatches(allowList.entries[1]!, amazonLinux.imageId, amazonLinux)).to.equal(true);
    expect(entryMatches(allowList.entries[3]!, golden.imageId, golden)).to.equal(true);
    expect(entryMatches(allowList.entries[3]!, random.imageId, random)).to.equal(false);
  });

  it("needs image details for owner, name and tag criteria, but not for ids", () => {
    expect(entryMatches(allowList.entries[0]!, golden.imageId, undefined)).to.equal(false);
    expect(entryMatches(allowList.entries[2]!, "ami-0d0d0d0d0d0d0d0d0", undefined)).to.equal(true);
  });

  it("is COMPLIANT with the first matching entry named, NON_COMPLIANT otherwise with the image described", () => {
    const ok = evaluateInstance({ instanceId: "i-1", imageId: golden.imageId, state: "running" }, golden, allowList);
    expect(ok).to.deep.equal({
      complianceType: "COMPLIANT",
      annotation: "Image ami-0a0a0a0a0a0a0a0a0 is approved by: Golden images.",
      matchedEntry: "Golden images",
    });
    const unnamed = evaluateInstance({ instanceId: "i-2", imageId: golden.imageId }, { ...golden, ownerId: "1" }, allowList);
    expect(unnamed.matchedEntry).to.equal("entries[3]");
    const bad = evaluateInstance({ instanceId: "i-3", imageId: random.imageId, state: "stopped" }, random, allowList);
    expect(bad.complianceType).to.equal("NON_COMPLIANT");
    expect(bad.annotation).to.equal(
      'Image ami-0c0c0c0c0c0c0c0c0 (owner 999988887777, name "someones-image") matches no entry of the approved-images allow-list.',
    );
    const unseen = evaluateInstance({ instanceId: "i-4", imageId: "ami-0e0e0e0e0e0e0e0e0" }, undefined, allowList);
    expect(unseen.annotation).to.contain("not visible to this account");
  });

  it("is NOT_APPLICABLE for terminated instances, and keeps annotations within 256 characters", () => {
    expect(evaluateInstance({ instanceId: "i-5", imageId: random.imageId, state: "terminated" }, random, allowList).complianceType).to.equal("NOT_APPLICABLE");
    const long = evaluateInstance({ instanceId: "i-6", imageId: random.imageId }, { ...random, name: "x".repeat(400) }, allowList);
    expect(long.annotation.length).to.equal(MAX_ANNOTATION);
    expect(long.annotation.endsWith("…")).to.equal(true);
  });
});

describe("approved-images: findings for the SIEM", () => {
  const at = new Date("2026-03-02T23:59:59.500Z");

  it("partitions keys by UTC date, account and region, one object per invocation", () => {
    expect(findingsKey("findings/approved-images/", { at, accountId: "444444444444", region: "eu-west-1", invocationId: "a1b2-c3" })).to.equal(
      "findings/approved-images/year=2026/month=03/day=02/account=444444444444/region=eu-west-1/a1b2-c3.ndjson",
    );
    expect(findingsKey("p", { at, accountId: "1", region: "r", invocationId: "../x y" })).to.match(/\/___x_y\.ndjson$/);
  });

  it("writes one JSON line per finding, with the image facts and the verdict", () => {
    const finding = findingOf({
      evaluatedAt: at,
      accountId: "444444444444",
      region: "eu-west-1",
      configRuleName: "OrgConfigRule-aws-config-org-approved-images-x1",
      instanceId: "i-1",
      imageId: amazonLinux.imageId,
      image: amazonLinux,
      complianceType: "COMPLIANT",
      annotation: "ok",
      matchedEntry: "Amazon Linux 2023",
    });
    expect(finding).to.deep.include({
      imageOwner: "amazon",
      imageName: amazonLinux.name,
      resourceType: "AWS::EC2::Instance",
      evaluatedAt: "2026-03-02T23:59:59.500Z",
    });
    const gone = findingOf({
      evaluatedAt: at,
      accountId: "1",
      region: "r",
      configRuleName: "c",
      instanceId: "i-2",
      complianceType: "NOT_APPLICABLE",
      annotation: "gone",
    });
    expect(gone).to.deep.include({ imageId: null, imageOwner: null, imageName: null, matchedEntry: null });
    const body = findingsBody([finding, gone]);
    expect(body.split("\n")).to.have.length(3);
    expect(
      body
        .split("\n")
        .slice(0, 2)
        .map((l) => JSON.parse(l).resourceId),
    ).to.deep.equal(["i-1", "i-2"]);
  });
});
