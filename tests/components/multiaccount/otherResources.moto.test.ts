/**
 * ServiceLinkedRole, TrustedServiceAccess and AccountRole against moto; results checked
 * with the plain SDK.
 *
 * moto gaps, written down rather than papered over:
 * - CreateServiceLinkedRole for `config.amazonaws.com` names the role `AWSServiceRoleForconfig`
 *   (AWS: `AWSServiceRoleForConfig`), so "already present" is set up with CreateRole under the
 *   service-role path and the real name, and "created" is checked by the name the provider reports;
 * - DeleteServiceLinkedRole completes at once (AWS deletes asynchronously and refuses a role in use);
 * - AWS managed policies are not loaded by default, so the managed policy is a customer one.
 */
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from "@aws-sdk/client-iam";
import { EnableAWSServiceAccessCommand, ListAWSServiceAccessForOrganizationCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { expect } from "chai";
import { accountRoleProvider } from "../../../components/multiaccount/lifecycles/accountRole";
import type { AccountRoleInputs, AccountRoleOutputs } from "../../../components/multiaccount/resources/accountRole";
import { serviceLinkedRoleProvider } from "../../../components/multiaccount/lifecycles/serviceLinkedRole";
import type { ServiceLinkedRoleOutputs } from "../../../components/multiaccount/resources/serviceLinkedRole";
import { trustedServiceAccessProvider } from "../../../components/multiaccount/lifecycles/trustedServiceAccess";
import type { TrustedServiceAccessOutputs } from "../../../components/multiaccount/resources/trustedServiceAccess";
import { recordCalls } from "./support/inputs";
import { assumeWithSdk, type TestOrg, useMotoOrganization } from "./support/org";

async function iamIn(roleArn: string): Promise<IAMClient> {
  return new IAMClient({ region: "us-east-1", credentials: await assumeWithSdk(roleArn) });
}

async function roleExists(iam: IAMClient, roleName: string): Promise<boolean> {
  try {
    await iam.send(new GetRoleCommand({ RoleName: roleName }));
    return true;
  } catch (error) {
    if ((error as Error).name === "NoSuchEntity" || (error as Error).name === "NoSuchEntityException") return false;
    throw error;
  }
}

async function enabledPrincipals(): Promise<string[]> {
  const org = new OrganizationsClient({ region: "us-east-1" });
  const out = await org.send(new ListAWSServiceAccessForOrganizationCommand({}));
  return (out.EnabledServicePrincipals ?? []).map((p) => p.ServicePrincipal ?? "").sort();
}

describe("ServiceLinkedRole, TrustedServiceAccess and AccountRole against moto", function () {
  this.timeout(60_000);
  let org: TestOrg;
  useMotoOrganization(2, (created) => (org = created));

  describe("ServiceLinkedRole", () => {
    it("adopts an AWSServiceRoleForConfig that is already there and never deletes it", async () => {
      const m = org.members[0];
      const iam = await iamIn(m.roleArn);
      await iam.send(
        new CreateRoleCommand({
          RoleName: "AWSServiceRoleForConfig",
          Path: "/aws-service-role/config.amazonaws.com/",
          AssumeRolePolicyDocument: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "config.amazonaws.com" }, Action: "sts:AssumeRole" }],
          }),
        }),
      );
      const { outs } = await serviceLinkedRoleProvider.create({ accountId: m.id, roleArn: m.roleArn });
      expect(outs).to.deep.include({ createdByThisStack: false, roleName: "AWSServiceRoleForConfig" });
      expect(outs?.arn).to.match(new RegExp(`^arn:aws:iam::${m.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig$`));
      await serviceLinkedRoleProvider.delete!("id", outs as ServiceLinkedRoleOutputs);
      expect(await roleExists(iam, "AWSServiceRoleForConfig")).to.equal(true);
    });

    it("creates the role when missing, reports it, and removes only that one on delete", async () => {
      const m = org.members[1];
      const iam = await iamIn(m.roleArn);
      expect(await roleExists(iam, "AWSServiceRoleForConfig")).to.equal(false);
      const { outs } = await serviceLinkedRoleProvider.create({ accountId: m.id, roleArn: m.roleArn });
      expect(outs?.createdByThisStack).to.equal(true);
      const created = outs?.roleName ?? "";
      expect(created.toLowerCase()).to.equal("awsservicerolefor" + "config");
      expect(await roleExists(iam, created)).to.equal(true);
      const diff = await serviceLinkedRoleProvider.diff!("id", outs as ServiceLinkedRoleOutputs, { accountId: m.id, roleArn: m.roleArn });
      expect(diff).to.deep.include({ changes: false, replaces: [] });
      await serviceLinkedRoleProvider.delete!("id", outs as ServiceLinkedRoleOutputs);
      expect(await roleExists(iam, created)).to.equal(false);
    });
  });

  describe("TrustedServiceAccess (management account, caller's own credentials)", () => {
    it("enables both Config principals idempotently and leaves them enabled on delete by default", async () => {
      const inputs = { accountId: org.managementAccountId };
      const first = await trustedServiceAccessProvider.create(inputs);
      expect([...(first.outs?.enabledByThisStack ?? [])].sort()).to.deep.equal(["config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"]);
      expect(await enabledPrincipals()).to.include.members(["config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"]);
      const rec = recordCalls();
      const second = await trustedServiceAccessProvider.create(inputs);
      rec.stop();
      expect(second.outs?.enabledByThisStack).to.deep.equal([]);
      expect(rec.writes()).to.deep.equal([]);
      await trustedServiceAccessProvider.delete!("id", first.outs as TrustedServiceAccessOutputs);
      expect(await enabledPrincipals()).to.include.members(["config-multiaccountsetup.amazonaws.com", "config.amazonaws.com"]);
    });

    it("with `disableOnDelete`, disables on delete only what it enabled", async () => {
      const org2 = new OrganizationsClient({ region: "us-east-1" });
      const all = await trustedServiceAccessProvider.create({
        accountId: org.managementAccountId,
        servicePrincipals: ["guardduty.amazonaws.com"],
        disableOnDelete: true,
      });
      expect(all.outs?.enabledByThisStack).to.deep.equal(["guardduty.amazonaws.com"]);
      await org2.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: "securityhub.amazonaws.com" }));
      const mixed = await trustedServiceAccessProvider.create({
        accountId: org.managementAccountId,
        servicePrincipals: ["securityhub.amazonaws.com", "guardduty.amazonaws.com"],
        disableOnDelete: true,
      });
      expect(mixed.outs?.enabledByThisStack).to.deep.equal([]);
      await trustedServiceAccessProvider.delete!("id", all.outs as TrustedServiceAccessOutputs);
      const now = await enabledPrincipals();
      expect(now).to.not.include("guardduty.amazonaws.com");
      expect(now).to.include("securityhub.amazonaws.com");
    });
  });

  describe("AccountRole", () => {
    const trust = (principal: string) =>
      JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: principal }, Action: "sts:AssumeRole" }] });
    const readOnly = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["config:Get*"], Resource: "*" }] });
    const inputs = (): AccountRoleInputs => ({
      accountId: org.members[0].id,
      roleArn: org.members[0].roleArn,
      roleName: "aws-config-org-remediation",
      path: "/aws-config-org/",
      description: "SSM automation for Config remediation",
      assumeRolePolicy: trust("ssm.amazonaws.com"),
      inlinePolicies: { "read-config": readOnly },
      managedPolicyArns: [`arn:aws:iam::${org.members[0].id}:policy/config-read`],
    });

    before(async () => {
      const iam = await iamIn(org.members[0].roleArn);
      await iam.send(new CreatePolicyCommand({ PolicyName: "config-read", PolicyDocument: readOnly }));
    });

    it("creates, updates trust and inline policies in place, replaces on a new name, and deletes", async () => {
      const iam = await iamIn(org.members[0].roleArn);
      const created = await accountRoleProvider.create(inputs());
      const outs = created.outs as AccountRoleOutputs;
      expect(outs.arn).to.equal(`arn:aws:iam::${org.members[0].id}:role/aws-config-org/aws-config-org-remediation`);
      expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "aws-config-org-remediation" }))).PolicyNames).to.deep.equal(["read-config"]);
      expect(
        (await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: "aws-config-org-remediation" }))).AttachedPolicies?.map((p) => p.PolicyArn),
      ).to.deep.equal([`arn:aws:iam::${org.members[0].id}:policy/config-read`]);

      const reformatted = { ...inputs(), assumeRolePolicy: JSON.stringify(JSON.parse(trust("ssm.amazonaws.com")), null, 2) };
      expect(await accountRoleProvider.diff!("id", outs, reformatted)).to.deep.include({ changes: false });

      const writeItems = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["config:Put*"], Resource: "*" }] });
      const news: AccountRoleInputs = { ...inputs(), assumeRolePolicy: trust("lambda.amazonaws.com"), inlinePolicies: { "write-config": writeItems } };
      expect(await accountRoleProvider.diff!("id", outs, news)).to.deep.include({ changes: true, replaces: [] });
      const rec = recordCalls();
      const updated = (await accountRoleProvider.update!("id", outs, news)).outs as AccountRoleOutputs;
      rec.stop();
      expect(rec.writes().map((c) => c.command)).to.deep.equal(["UpdateAssumeRolePolicy", "PutRolePolicy", "DeleteRolePolicy"]);
      const role = await iam.send(new GetRoleCommand({ RoleName: "aws-config-org-remediation" }));
      expect(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? "")).to.contain("lambda.amazonaws.com");
      expect((await iam.send(new ListRolePoliciesCommand({ RoleName: "aws-config-org-remediation" }))).PolicyNames).to.deep.equal(["write-config"]);
      const doc = await iam.send(new GetRolePolicyCommand({ RoleName: "aws-config-org-remediation", PolicyName: "write-config" }));
      expect(decodeURIComponent(doc.PolicyDocument ?? "")).to.contain("config:Put*");

      expect(await accountRoleProvider.diff!("id", updated, { ...news, roleName: "other-name" })).to.deep.include({
        replaces: ["roleName"],
        deleteBeforeReplace: true,
      });

      await accountRoleProvider.delete!("id", updated);
      expect(await roleExists(iam, "aws-config-org-remediation")).to.equal(false);
    });

    it("refuses to take over a role it did not create, saying so", async () => {
      await accountRoleProvider.create(inputs());
      let message = "";
      try {
        await accountRoleProvider.create(inputs());
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).to.contain("`aws-config-org-remediation` already exists").and.contain(`\`${org.members[0].id}\``);
    });
  });
});
