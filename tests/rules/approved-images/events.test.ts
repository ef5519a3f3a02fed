import { expect } from "chai";

import { parseRuleInvocation } from "../../../rules/approved-images/events";
import { changeEvent, MEMBER, oversizedEvent, scheduledEvent } from "./events";

describe("approved-images: rule invocations", () => {
  it("reads a configuration change: one instance, its image and state, the item's capture time", () => {
    expect(parseRuleInvocation(changeEvent({ instanceId: "i-0a1", imageId: "ami-12345678", state: "stopped" }))).to.deep.equal({
      accountId: MEMBER,
      partition: "aws",
      region: "eu-west-1",
      configRuleName: "OrgConfigRule-aws-config-org-approved-images-x7y8z9",
      resultToken: "token-abc",
      messageType: "ConfigurationItemChangeNotification",
      orderingTimestamp: new Date("2026-03-02T09:14:05.112Z"),
      scope: { kind: "instance", instanceId: "i-0a1", imageId: "ami-12345678", state: "stopped", gone: false },
    });
  });

  it("marks deleted items and events that left the rule's scope as gone", () => {
    expect(parseRuleInvocation(changeEvent({ instanceId: "i-1", imageId: "ami-12345678", status: "ResourceDeleted" })).scope).to.have.property("gone", true);
    expect(parseRuleInvocation(changeEvent({ instanceId: "i-1", imageId: "ami-12345678" }, { eventLeftScope: true })).scope).to.have.property("gone", true);
  });

  it("reads an oversized change without configuration (the handler asks EC2)", () => {
    const invocation = parseRuleInvocation(oversizedEvent("i-0b2"));
    expect(invocation.scope).to.deep.equal({ kind: "instance", instanceId: "i-0b2", gone: false });
    expect(invocation.orderingTimestamp.toISOString()).to.equal("2026-03-02T10:00:00.000Z");
  });

  it("reads a periodic run as every instance, at the notification's time", () => {
    const invocation = parseRuleInvocation(scheduledEvent());
    expect(invocation.scope).to.deep.equal({ kind: "all-instances" });
    expect(invocation.orderingTimestamp.toISOString()).to.equal("2026-03-03T00:00:00.000Z");
  });

  it("refuses message types and ARNs it does not know", () => {
    const started = {
      ...scheduledEvent(),
      invokingEvent: JSON.stringify({ messageType: "ConfigRulesEvaluationStarted", notificationCreationTime: "2026-03-03T00:00:00Z" }),
    };
    expect(() => parseRuleInvocation(started)).to.throw(/`ConfigRulesEvaluationStarted` is not handled/);
    expect(() => parseRuleInvocation({ ...scheduledEvent(), configRuleArn: "rule" })).to.throw(/`rule` is not a Config rule ARN/);
  });
});
