/**
 * The compliance notifier's pure part against the Config payloads of samples/:
 * what it reads, which event it calls a change, and the message people get.
 */
import * as fs from "node:fs";
import * as path from "node:path";

import { expect } from "chai";

import { complianceFilterPolicy } from "../../../components/central/notificationFilters";
import { accountNamesFile, readAccountNames } from "../../../rules/compliance-notifier/accounts";
import { targetTopicOf } from "../../../rules/compliance-notifier/environment";
import { classify, parseComplianceChange, type ComplianceChange } from "../../../rules/compliance-notifier/events";
import { complianceTimelineUrl, formatNotification, SUBJECT_MAX_LENGTH } from "../../../rules/compliance-notifier/format";
import { matchesFilterPolicy } from "../../helpers/snsFilterMatcher";
import { normalizeRuleName } from "../../../aws/ruleNames";

const SAMPLES = path.join(__dirname, "samples");
const body = (name: string) => fs.readFileSync(path.join(SAMPLES, `${name}.json`), "utf8");
const allSamples = fs
  .readdirSync(SAMPLES)
  .map((f) => f.replace(/\.json$/, ""))
  .sort();
const NAMES = { "333333333333": "prod-web", "444444444444": "workload" };

function change(name: string): ComplianceChange {
  const parsed = parseComplianceChange(body(name));
  expect(parsed, name).to.not.equal(null);
  return parsed!;
}

describe("compliance notifier: reading Config's notification", () => {
  it("reads a compliance change with everything a person must be told", () => {
    expect(change("compliance-change-to-non-compliant")).to.deep.equal({
      accountId: "444444444444",
      region: "eu-west-1",
      configRuleName: "s3-bucket-level-public-access-prohibited-conformance-pack-q7x0abcde",
      resourceType: "AWS::S3::Bucket",
      resourceId: "team-data-exports",
      newCompliance: "NON_COMPLIANT",
      oldCompliance: "COMPLIANT",
      recordedAt: "2026-03-02T09:14:06.004Z",
    });
    expect(change("compliance-first-evaluation-non-compliant")).to.not.have.property("oldCompliance");
  });

  it("returns null for other Config messages and for what is not JSON", () => {
    for (const name of ["configuration-item-change", "configuration-item-change-resource-compliance", "rules-evaluation-started"]) {
      expect(parseComplianceChange(body(name)), name).to.equal(null);
    }
    expect(parseComplianceChange("not json")).to.equal(null);
    expect(parseComplianceChange("[1, 2]")).to.equal(null);
    expect(parseComplianceChange('"ComplianceChangeNotification"')).to.equal(null);
  });

  it("refuses a compliance change that lacks the resource or the new result, naming what is missing", () => {
    const message = JSON.parse(body("compliance-change-to-non-compliant"));
    delete message.resourceId;
    delete message.newEvaluationResult;
    expect(() => parseComplianceChange(JSON.stringify(message))).to.throw(/without `resourceId`, `newEvaluationResult\.complianceType`/);
  });

  it("keeps Config's annotation, and falls back to the notification's time", () => {
    const message = JSON.parse(body("compliance-first-evaluation-non-compliant"));
    message.newEvaluationResult.annotation = "Port 22 is open to 0.0.0.0/0.";
    delete message.newEvaluationResult.resultRecordedTime;
    const parsed = parseComplianceChange(JSON.stringify(message))!;
    expect(parsed.annotation).to.equal("Port 22 is open to 0.0.0.0/0.");
    expect(parsed.recordedAt).to.equal("2026-03-02T10:01:45.801Z");
  });
});

describe("compliance notifier: classification", () => {
  it("calls each sample what the subscription filters let through for that event, and ignores the rest", () => {
    const kinds = Object.fromEntries(
      allSamples.map((name) => {
        const parsed = parseComplianceChange(body(name));
        return [name, parsed ? classify(parsed) : "ignore"];
      }),
    );
    expect(kinds).to.deep.equal({
      "compliance-back-to-compliant": "back-to-compliant",
      "compliance-change-to-non-compliant": "non-compliant",
      "compliance-first-evaluation-compliant": "ignore",
      "compliance-first-evaluation-non-compliant": "non-compliant",
      "compliance-to-not-applicable": "ignore",
      "configuration-item-change": "ignore",
      "configuration-item-change-resource-compliance": "ignore",
      "rules-evaluation-started": "ignore",
    });
    // The same partition as the message-body filters the notifier is subscribed with.
    for (const event of ["non-compliant", "back-to-compliant"] as const) {
      const policy = complianceFilterPolicy([event]);
      const passing = allSamples.filter((name) => matchesFilterPolicy(policy, JSON.parse(body(name))));
      expect(passing, event).to.deep.equal(allSamples.filter((name) => kinds[name] === event));
    }
  });

  it("ignores COMPLIANT after NOT_APPLICABLE or INSUFFICIENT_DATA", () => {
    expect(classify({ newCompliance: "COMPLIANT", oldCompliance: "NOT_APPLICABLE" })).to.equal("ignore");
    expect(classify({ newCompliance: "COMPLIANT", oldCompliance: "INSUFFICIENT_DATA" })).to.equal("ignore");
    expect(classify({ newCompliance: "INSUFFICIENT_DATA", oldCompliance: "NON_COMPLIANT" })).to.equal("ignore");
  });
});

describe("compliance notifier: the message", () => {
  it("names account id and name, region, normalized and raw rule, resource, old -> new, time and the timeline link", () => {
    const { subject, body: text } = formatNotification(change("compliance-change-to-non-compliant"), "non-compliant", NAMES);
    expect(subject).to.equal("NON_COMPLIANT: s3-bucket-level-public-access-prohibited | workload (444444444444) eu-west-1 | te...");
    expect(text).to.equal(
      [
        "A resource is NON_COMPLIANT with an AWS Config rule.",
        "",
        "Account:     444444444444 (workload)",
        "Region:      eu-west-1",
        "Rule:        s3-bucket-level-public-access-prohibited",
        "Config rule: s3-bucket-level-public-access-prohibited-conformance-pack-q7x0abcde (its name in the account)",
        "Resource:    AWS::S3::Bucket team-data-exports",
        "Compliance:  COMPLIANT -> NON_COMPLIANT",
        "Recorded:    2026-03-02T09:14:06.004Z",
        "",
        "Compliance timeline of the resource (signed in to account 444444444444):",
        "https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/timeline/AWS::S3::Bucket/team-data-exports/compliance",
        "",
      ].join("\n"),
    );
  });

  it("says a resource is back to COMPLIANT, and a first evaluation has no old result", () => {
    const back = formatNotification(change("compliance-back-to-compliant"), "back-to-compliant", NAMES);
    expect(back.subject).to.match(/^Back to COMPLIANT: s3-bucket-level-public-access-prohibited \| workload \(444444444444\)/);
    expect(back.body).to.contain("COMPLIANT again").and.contain("Compliance:  NON_COMPLIANT -> COMPLIANT");
    const first = formatNotification(change("compliance-first-evaluation-non-compliant"), "non-compliant", NAMES);
    expect(first.subject).to.equal("NON_COMPLIANT: restricted-ssh | prod-web (333333333333) us-east-1 | sg-0a1b2c3d4e5f67890");
    expect(first.body).to.contain("Compliance:  none (first evaluation) -> NON_COMPLIANT");
    expect(first.body).to.contain("Rule:        restricted-ssh\n").and.contain("Config rule: restricted-ssh-conformance-pack-z1y2x3w4v");
  });

  it("names the account by id alone when the inventory does not know it", () => {
    const { subject, body: text } = formatNotification(change("compliance-first-evaluation-non-compliant"), "non-compliant", {});
    expect(subject).to.equal("NON_COMPLIANT: restricted-ssh | 333333333333 us-east-1 | sg-0a1b2c3d4e5f67890");
    expect(text).to.contain("Account:     333333333333 (name not in the stack's inventory)");
  });

  it("keeps the normalized rule name as the rule when the rule is not from a pack", () => {
    const own = { ...change("compliance-first-evaluation-non-compliant"), configRuleName: "aws-config-org-approved-images" };
    expect(normalizeRuleName(own.configRuleName)).to.equal(own.configRuleName);
    const { body: text } = formatNotification(own, "non-compliant", NAMES);
    expect(text).to.contain("Rule:        aws-config-org-approved-images\n").and.contain("Config rule: aws-config-org-approved-images (");
  });

  it("keeps the subject under SNS's limit, on one line, whatever the names", () => {
    const long = {
      ...change("compliance-change-to-non-compliant"),
      configRuleName: `${"a-very-long-rule-name-".repeat(5)}x-conformance-pack-abcdefghi`,
      resourceId: "arn:aws:s3:::".padEnd(300, "z"),
    };
    const names = { "444444444444": `team\nwith a line break and an emoji \u{1F6A8} ${"x".repeat(80)}` };
    for (const event of ["non-compliant", "back-to-compliant"] as const) {
      const { subject } = formatNotification(long, event, names);
      expect(subject.length, subject).to.be.at.most(SUBJECT_MAX_LENGTH).and.be.below(100);
      expect(
        [...subject].some((c) => c.charCodeAt(0) < 0x20),
        subject,
      ).to.equal(false);
      expect(subject).to.match(/\.\.\.$/);
    }
    const emoji = formatNotification({ ...long, configRuleName: `${"r".repeat(SUBJECT_MAX_LENGTH - 19)}\u{1F6A8}tail` }, "non-compliant", {}).subject;
    expect(emoji.length).to.be.at.most(SUBJECT_MAX_LENGTH);
    expect(emoji).to.not.match(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it("links to the console of the resource's partition, with the resource id encoded", () => {
    expect(complianceTimelineUrl({ region: "us-gov-west-1", resourceType: "AWS::IAM::Role", resourceId: "AROA123" })).to.equal(
      "https://console.amazonaws-us-gov.com/config/home?region=us-gov-west-1#/timeline/AWS::IAM::Role/AROA123/compliance",
    );
    expect(complianceTimelineUrl({ region: "cn-north-1", resourceType: "AWS::S3::Bucket", resourceId: "b" })).to.match(/^https:\/\/console\.amazonaws\.cn\//);
    expect(complianceTimelineUrl({ region: "eu-west-1", resourceType: "AWS::ApiGateway::Stage", resourceId: "abc/prod stage" })).to.match(
      /\/abc%2Fprod%20stage\/compliance$/,
    );
  });
});

describe("compliance notifier: account names and environment", () => {
  it("writes names by account id, in id order, and reads them back", () => {
    const text = accountNamesFile([
      { id: "444444444444", name: "workload" },
      { id: "333333333333", name: "prod-web" },
    ]);
    expect(Object.keys(JSON.parse(text))).to.deep.equal(["333333333333", "444444444444"]);
    const file = path.join(fs.mkdtempSync(path.join(require("node:os").tmpdir(), "names-")), "accounts.json");
    try {
      fs.writeFileSync(file, text);
      expect(readAccountNames(file)).to.deep.equal(NAMES);
      fs.writeFileSync(file, JSON.stringify({ "4444": "short id" }));
      expect(() => readAccountNames(file)).to.throw(/not an object of 12-digit account id → name/);
      fs.rmSync(file);
      expect(readAccountNames(file)).to.deep.equal({});
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it("reads the target topic and its region, and names the variable when it is wrong", () => {
    expect(targetTopicOf({ TARGET_TOPIC_ARN: "arn:aws:sns:eu-west-1:222222222222:aws-config-org-compliance" })).to.deep.equal({
      arn: "arn:aws:sns:eu-west-1:222222222222:aws-config-org-compliance",
      region: "eu-west-1",
    });
    expect(() => targetTopicOf({})).to.throw(/`TARGET_TOPIC_ARN` is not set/);
    expect(() => targetTopicOf({ TARGET_TOPIC_ARN: "arn:aws:sqs:eu-west-1:222222222222:q" })).to.throw(/not an SNS topic ARN/);
  });
});
