import { expect } from "chai";

import { validatePackSelections } from "../../packs";
import type { PackSelection } from "../../packs/choices";

function selection(name: string, parameters: Record<string, string> = {}, remediation: PackSelection["remediation"] = {}): PackSelection {
  return { name, parameters, remediation };
}

const amiIds = (n: number) => Array.from({ length: n }, (_, i) => `ami-${(0x10000000 + i).toString(16)}`).join(",");

/** Asserts exactly one problem, mentioning each fragment; prints them all when it fails. */
function expectOneProblem(selections: PackSelection[], ...fragments: string[]): void {
  const problems = validatePackSelections(selections);
  expect(problems, problems.join("\n")).to.have.length(1);
  for (const fragment of fragments) expect(problems[0], problems.join("\n")).to.contain(fragment);
}

describe("packs: validatePackSelections", () => {
  it("accepts the shipped packs with valid parameters and overrides", () => {
    const problems = validatePackSelections([
      selection("data-protection-baseline", { excludedPublicBuckets: "www.example.com, assets-example" }, { "rds-multi-az-support": "automatic" }),
      selection("network-and-identity", { guardDutyAdministratorAccountId: "222222222222" }),
      selection("approved-images", { amiIds: amiIds(21), amisByTagKeyAndValue: "approved:true,team:platform" }),
    ]);
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  it("names an unknown pack and lists the known ones", () => {
    expectOneProblem([selection("pci-dss")], "`packs[0].name`", "`pci-dss`", "`data-protection-baseline`");
  });

  it("refuses the same pack twice, naming both places", () => {
    expectOneProblem([selection("network-and-identity"), selection("network-and-identity")], "`packs[1].name`", "`packs[0]`");
  });

  it("names an unknown parameter and the pack's parameters", () => {
    expectOneProblem([selection("network-and-identity", { trailBucket: "x" })], "`packs[0].parameters.trailBucket`", "`cloudTrailBucketName`");
  });

  it("enforces the 21-id limit of approved-amis-by-id, naming the parameter", () => {
    expectOneProblem([selection("approved-images", { amiIds: amiIds(22) })], "`packs[0].parameters.amiIds`", "22 items", "at most 21");
  });

  it("enforces the 1024-character limit of amiIds on the raw value", () => {
    // 21 valid ids fit in 461 characters; padding between items is what can push a value past 1024.
    const value = amiIds(21)
      .split(",")
      .join(`,${" ".repeat(40)}`);
    expect(value.length).to.be.greaterThan(1024);
    expectOneProblem([selection("approved-images", { amiIds: value })], "`packs[0].parameters.amiIds` is 1", "AWS allows at most 1024");
  });

  it("rejects malformed AMI ids and duplicates, quoting them", () => {
    const problems = validatePackSelections([selection("approved-images", { amiIds: "ami-12345678,i-0abc1234,ami-12345678" })]);
    expect(problems.join("\n")).to.contain("`i-0abc1234` is not an AMI id");
    expect(problems.join("\n")).to.contain("`ami-12345678` listed more than once");
  });

  it("enforces 10 tag pairs and the key:value form of approved-amis-by-tag", () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `k${i}:v`).join(",");
    expectOneProblem([selection("approved-images", { amisByTagKeyAndValue: eleven })], "`packs[0].parameters.amisByTagKeyAndValue`", "at most 10");
    expectOneProblem([selection("approved-images", { amisByTagKeyAndValue: "approved" })], "`approved` is not a `key:value` tag pair");
  });

  it("asks for at least one list when the approved-images pack would deploy no rule", () => {
    expectOneProblem([selection("approved-images")], "`packs[0].parameters`", "`amiIds`", "`amisByTagKeyAndValue`");
  });

  it("validates the pack parameter bound to a constrained rule input (account id)", () => {
    expectOneProblem(
      [selection("network-and-identity", { guardDutyAdministratorAccountId: "2222" })],
      "`packs[0].parameters.guardDutyAdministratorAccountId`",
      "12-digit",
    );
  });

  it("names unknown rules and modes in remediation overrides", () => {
    expectOneProblem([selection("network-and-identity", {}, { "restricted-rdp": "manual" })], "`packs[0].remediation.restricted-rdp`", "`restricted-ssh`");
    expectOneProblem(
      [selection("network-and-identity", {}, { "restricted-ssh": "sometimes" as "manual" })],
      "`packs[0].remediation.restricted-ssh`",
      "`sometimes` is not a remediation mode",
    );
  });

  it("refuses remediation of a rule without a runbook, but accepts `off`", () => {
    expectOneProblem(
      [selection("network-and-identity", {}, { "iam-root-access-key-check": "automatic" })],
      "`packs[0].remediation.iam-root-access-key-check`",
      "no remediation runbook",
    );
    expect(validatePackSelections([selection("network-and-identity", {}, { "iam-root-access-key-check": "off" })])).to.deep.equal([]);
  });

  it("asks for the key when DynamoDB encryption remediation is chosen without one", () => {
    expectOneProblem(
      [selection("data-protection-baseline", {}, { "dynamodb-table-encrypted-kms": "manual" })],
      "`packs[0].remediation.dynamodb-table-encrypted-kms`",
      "`packs[0].parameters.dynamoDbRemediationKmsKeyArn`",
    );
    expect(
      validatePackSelections([
        selection(
          "data-protection-baseline",
          { dynamoDbRemediationKmsKeyArn: "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/tables" },
          { "dynamodb-table-encrypted-kms": "automatic" },
        ),
      ]),
    ).to.deep.equal([]);
  });

  it("allows automatic SNS encryption only with a customer managed key, naming the rule and the parameter to set", () => {
    const automatic = { "sns-encrypted-kms": "automatic" } as const;
    // The default key is the AWS managed `alias/aws/sns`; an empty value falls back to it; a bare alias is refused too.
    const keys: Record<string, string>[] = [{}, { snsRemediationKmsKeyArn: "  " }, { snsRemediationKmsKeyArn: "alias/aws/sns" }];
    for (const parameters of keys) {
      expectOneProblem(
        [selection("data-protection-baseline", parameters, automatic)],
        "`packs[0].remediation.sns-encrypted-kms`",
        "`packs[0].parameters.snsRemediationKmsKeyArn`",
        "customer managed key",
        "alias/aws/sns",
      );
    }
    const customer = { snsRemediationKmsKeyArn: "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/notifications" };
    expect(validatePackSelections([selection("data-protection-baseline", customer, automatic)])).to.deep.equal([]);
    // Manual runs, chosen by a person topic by topic, may use the AWS managed key.
    expect(validatePackSelections([selection("data-protection-baseline", {}, { "sns-encrypted-kms": "manual" })])).to.deep.equal([]);
  });

  it("explains why remediation of a rule that is not deployed cannot be set", () => {
    expectOneProblem(
      [selection("approved-images", { amiIds: "ami-12345678" }, { "approved-amis-by-tag": "manual" })],
      "`packs[0].remediation.approved-amis-by-tag`",
      "not deployed",
      "`packs[0].parameters.amisByTagKeyAndValue`",
    );
  });

  it("indexes problems by the selection's place in config", () => {
    const problems = validatePackSelections([selection("network-and-identity"), selection("approved-images", { amiIds: "nope" })]);
    expect(problems).to.have.length(1);
    expect(problems[0]).to.contain("`packs[1].parameters.amiIds`");
  });
});
