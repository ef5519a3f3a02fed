/**
 * The role-use notifier on CloudTrail-shaped records, delivered the way a CloudWatch Logs
 * subscription delivers them (base64 of gzip of `{ messageType, logEvents: [{ message }] }`).
 */
import { gzipSync } from "node:zlib";

import { expect } from "chai";

import { formatRoleUse, roleOf } from "../../../rules/role-use-notifier/format";
import { roleUsesOf } from "../../../rules/role-use-notifier/index";

const ROLES = ["BreakGlass", "elevated-security-role"];
const assumeRole = {
  eventSource: "sts.amazonaws.com",
  eventName: "AssumeRole",
  eventTime: "2026-12-07T10:00:00Z",
  awsRegion: "us-east-1",
  recipientAccountId: "555555555555",
  sourceIPAddress: "203.0.113.7",
  userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::444444444444:assumed-role/Admin/alice" },
  requestParameters: { roleArn: "arn:aws:iam::555555555555:role/ops/BreakGlass", roleSessionName: "alice" },
};
const saml = {
  eventSource: "sts.amazonaws.com",
  eventName: "AssumeRoleWithSAML",
  eventTime: "2026-12-07T10:01:00Z",
  awsRegion: "us-east-1",
  recipientAccountId: "555555555555",
  sourceIPAddress: "198.51.100.1",
  userIdentity: { type: "SAMLUser", userName: "bob@example.com", identityProvider: "arn:aws:iam::555555555555:saml-provider/Okta" },
  requestParameters: { roleArn: "arn:aws:iam::555555555555:role/elevated-security-role", principalArn: "arn:aws:iam::555555555555:saml-provider/Okta" },
};
const switchRole = {
  eventSource: "signin.amazonaws.com",
  eventName: "SwitchRole",
  eventTime: "2026-12-07T10:02:00Z",
  awsRegion: "us-east-1",
  recipientAccountId: "555555555555",
  sourceIPAddress: "192.0.2.9",
  userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::555555555555:assumed-role/BreakGlass/carol" },
  additionalEventData: { SwitchFrom: "arn:aws:sts::444444444444:assumed-role/Admin/carol" },
};

const delivery = (messages: readonly object[], messageType = "DATA_MESSAGE") => ({
  awslogs: {
    data: gzipSync(
      Buffer.from(JSON.stringify({ messageType, logEvents: messages.map((m, i) => ({ id: String(i), timestamp: 0, message: JSON.stringify(m) })) })),
    ).toString("base64"),
  },
});

describe("role-use notifier", () => {
  it("words each use for people: who, what, which role, where, when", () => {
    const use = formatRoleUse(assumeRole, ROLES)!;
    expect(use.subject).to.equal("Role used: BreakGlass in 555555555555");
    expect(use.body)
      .to.include("Who:   arn:aws:sts::444444444444:assumed-role/Admin/alice")
      .and.include("called AssumeRole (sts.amazonaws.com), session alice");
    expect(use.body)
      .to.include("Role:  arn:aws:iam::555555555555:role/ops/BreakGlass")
      .and.include("Where: account 555555555555, us-east-1, from 203.0.113.7")
      .and.include("When:  2026-12-07T10:00:00Z");
    expect(formatRoleUse(saml, ROLES)!.body).to.include("bob@example.com through arn:aws:iam::555555555555:saml-provider/Okta (SAMLUser)");
    const switched = formatRoleUse(switchRole, ROLES)!;
    expect(switched.body).to.include("Who:   arn:aws:sts::444444444444:assumed-role/Admin/carol").and.include("switched to it in the console");
    expect(roleOf(switchRole)).to.equal("arn:aws:iam::555555555555:role/BreakGlass");
  });

  it("publishes one message per use in a subscription delivery, and skips other roles, other spellings, bad records and control messages", () => {
    const other = { ...assumeRole, requestParameters: { roleArn: "arn:aws:iam::555555555555:role/breakglass" } };
    const uses = roleUsesOf(delivery([assumeRole, saml, other, switchRole, { not: "cloudtrail" }]), ROLES);
    expect(uses.map((u) => u.subject)).to.deep.equal([
      "Role used: BreakGlass in 555555555555",
      "Role used: elevated-security-role in 555555555555",
      "Role used: BreakGlass in 555555555555",
    ]);
    expect(roleUsesOf(delivery([assumeRole], "CONTROL_MESSAGE"), ROLES)).to.deep.equal([]);
  });
});
