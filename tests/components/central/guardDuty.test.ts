import { expect } from "chai";

import { plan, renderPlan } from "../../../commands/plan";
import { featureStates, findingsEventPattern } from "../../../components/central/guardDuty";
import { subscriptionFilter } from "../../../components/central/notifications";
import { runProgram, ofType, type MockedResource } from "../../helpers/program";

const DETECTOR = "aws:guardduty/detector:Detector";
const DETECTOR_FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const ADMIN = "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount";
const ORGANIZATION = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const ORGANIZATION_FEATURE = "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const PERMISSION = "aws:lambda/permission:Permission";
const TRUSTED_ACCESS = "pulumi-nodejs:dynamic/multiaccount:TrustedServiceAccess";
const MANAGEMENT = "111111111111";
const SECURITY = "222222222222";
const REGIONS = ["us-east-1", "eu-west-1"];
const GUARDDUTY_TYPES = [DETECTOR, DETECTOR_FEATURE, ADMIN, ORGANIZATION, ORGANIZATION_FEATURE];
const ON = { "aws-config-org:guardDuty": { enabled: true, features: ["S3_DATA_EVENTS", "RUNTIME_MONITORING"], notify: { minimumSeverity: 4 } } };

const accountOfProvider = (r: MockedResource) => /aws-(\d{12})::/.exec(r.provider ?? "")?.[1];
const inRegion = (resources: readonly MockedResource[], type: string, region: string) => ofType(resources, type).filter((r) => r.inputs.region === region);
const one = (resources: readonly MockedResource[], type: string, region: string) => {
  const found = inRegion(resources, type, region);
  expect(found, `${type} in ${region}`).to.have.length(1);
  return found[0]!;
};

describe("GuardDuty: program shape", () => {
  it("off (the default): no GuardDuty resource, no findings rule, trusted access and subscriptions as before", async () => {
    const run = await runProgram("dev");
    expect(run.resources.filter((r) => GUARDDUTY_TYPES.includes(r.type) || r.type === RULE)).to.deep.equal([]);
    expect(ofType(run.resources, TRUSTED_ACCESS)[0]!.inputs.servicePrincipals).to.deep.equal([
      "config.amazonaws.com",
      "config-multiaccountsetup.amazonaws.com",
    ]);
    const mail = run.resources.find((r) => r.type === "aws:sns/topicSubscription:TopicSubscription" && r.inputs.protocol === "email")!;
    expect(JSON.parse(String(mail.inputs.filterPolicy))).to.deep.equal({ event: ["back-to-compliant", "non-compliant"] });
  });

  describe("on, with S3 protection and Runtime Monitoring, notifying from severity 4", () => {
    let resources: readonly MockedResource[];
    before(async () => {
      resources = (await runProgram("dev", { config: ON })).resources;
    });

    it("declares, in every governed region, the security account's detector, its designation from the management account, then the organization configuration auto-enabling ALL", () => {
      for (const region of REGIONS) {
        const detector = one(resources, DETECTOR, region);
        expect(detector.inputs.enable).to.equal(true);
        expect(accountOfProvider(detector)).to.equal(SECURITY);
        const admin = one(resources, ADMIN, region);
        expect(admin.inputs.adminAccountId).to.equal(SECURITY);
        expect(accountOfProvider(admin)).to.equal(MANAGEMENT);
        expect(admin.dependsOn, "the designation waits for the detector").to.include(detector.urn);
        const organization = one(resources, ORGANIZATION, region);
        expect(organization.inputs.autoEnableOrganizationMembers).to.equal("ALL");
        expect(accountOfProvider(organization)).to.equal(SECURITY);
        expect(organization.dependsOn, "only the administrator configures the organization").to.include(admin.urn);
      }
    });

    it("designates the administrator in the home region first; every other region's designation waits for it", () => {
      const home = one(resources, ADMIN, "us-east-1");
      expect(home.dependsOn).to.deep.equal([one(resources, DETECTOR, "us-east-1").urn]);
      const other = one(resources, ADMIN, "eu-west-1");
      expect(other.dependsOn).to.include(home.urn);
      expect(
        ofType(resources, ADMIN).map((r) => r.inputs.region),
        "registered in that order",
      ).to.deep.equal(["us-east-1", "eu-west-1"]);
    });

    it("states every plan of the SDK's model on the detector and for the organization: the chosen ones on (ALL), all others off (NONE); Runtime Monitoring with its agents", () => {
      const agents = (state: string) =>
        ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"].map((name) => ({ name, status: state }));
      for (const region of REGIONS) {
        const detectorStates = Object.fromEntries(inRegion(resources, DETECTOR_FEATURE, region).map((f) => [f.inputs.name, f.inputs.status]));
        expect(detectorStates).to.deep.equal({
          S3_DATA_EVENTS: "ENABLED",
          EKS_AUDIT_LOGS: "DISABLED",
          EBS_MALWARE_PROTECTION: "DISABLED",
          RDS_LOGIN_EVENTS: "DISABLED",
          LAMBDA_NETWORK_LOGS: "DISABLED",
          RUNTIME_MONITORING: "ENABLED",
          AI_PROTECTION: "DISABLED",
          AI_ANALYST: "DISABLED",
        });
        const runtime = inRegion(resources, DETECTOR_FEATURE, region).find((f) => f.inputs.name === "RUNTIME_MONITORING")!;
        expect(runtime.inputs.additionalConfigurations).to.deep.equal(agents("ENABLED"));
        const organization = one(resources, ORGANIZATION, region);
        const features = inRegion(resources, ORGANIZATION_FEATURE, region);
        expect(Object.fromEntries(features.map((f) => [f.inputs.name, f.inputs.autoEnable]))).to.deep.equal({
          S3_DATA_EVENTS: "ALL",
          EKS_AUDIT_LOGS: "NONE",
          EBS_MALWARE_PROTECTION: "NONE",
          RDS_LOGIN_EVENTS: "NONE",
          LAMBDA_NETWORK_LOGS: "NONE",
          RUNTIME_MONITORING: "ALL",
          AI_PROTECTION: "NONE",
        });
        const orgRuntime = features.find((f) => f.inputs.name === "RUNTIME_MONITORING")!;
        expect(orgRuntime.inputs.additionalConfigurations).to.deep.equal(agents("ALL").map(({ name }) => ({ name, autoEnable: "ALL" })));
        for (const f of features) expect(f.dependsOn).to.include(organization.urn);
      }
      expect(featureStates([]).every((s) => !s.on && s.agents.every((a) => !a.on))).to.equal(true);
      expect(featureStates(["EKS_RUNTIME_MONITORING"], ["EKS_ADDON_MANAGEMENT"]).filter((s) => s.agents.length > 0)).to.deep.equal([
        { name: "EKS_RUNTIME_MONITORING", on: true, detectorOnly: false, agents: [{ name: "EKS_ADDON_MANAGEMENT", on: true }] },
      ]);
      expect(
        featureStates(["RUNTIME_MONITORING"], ["EC2_AGENT_MANAGEMENT"])
          .find((s) => s.name === "RUNTIME_MONITORING")!
          .agents.map((a) => [a.name, a.on]),
      ).to.deep.equal([
        ["EKS_ADDON_MANAGEMENT", false],
        ["ECS_FARGATE_AGENT_MANAGEMENT", false],
        ["EC2_AGENT_MANAGEMENT", true],
      ]);
    });

    it("sends findings of the configured severity to that region's notifier, which only the rule may invoke for EventBridge", () => {
      for (const region of REGIONS) {
        const rule = one(resources, RULE, region);
        expect(accountOfProvider(rule)).to.equal(SECURITY);
        expect(JSON.parse(String(rule.inputs.eventPattern))).to.deep.equal({
          source: ["aws.guardduty"],
          "detail-type": ["GuardDuty Finding"],
          detail: { severity: [{ numeric: [">=", 4] }] },
        });
        const notifier = resources.find((r) => r.type === "aws:lambda/function:Function" && r.inputs.region === region && r.name.includes("notifier"))!;
        const target = one(resources, TARGET, region);
        expect(target.inputs.rule).to.equal(rule.inputs.name);
        expect(target.inputs.arn).to.equal(notifier.state?.arn ?? notifier.inputs.arn);
        const permission = inRegion(resources, PERMISSION, region).find((p) => p.inputs.principal === "events.amazonaws.com")!;
        expect(permission.inputs).to.deep.include({
          action: "lambda:InvokeFunction",
          sourceArn: `arn:aws:events:${region}:${SECURITY}:rule/aws-config-org-guardduty-findings`,
        });
        expect(target.dependsOn).to.include(permission.urn);
      }
    });

    it("adds `guardduty-finding` to the email subscription that chose no events; GuardDuty needs no new trusted access principal", () => {
      const mail = resources.filter((r) => r.type === "aws:sns/topicSubscription:TopicSubscription" && r.inputs.protocol === "email");
      expect(mail).to.have.length(2);
      for (const m of mail)
        expect(JSON.parse(String(m.inputs.filterPolicy))).to.deep.equal({ event: ["back-to-compliant", "guardduty-finding", "non-compliant"] });
      // EnableOrganizationAdminAccount enables GuardDuty's trusted access itself.
      expect(ofType(resources, TRUSTED_ACCESS)[0]!.inputs.servicePrincipals).to.deep.equal(["config.amazonaws.com", "config-multiaccountsetup.amazonaws.com"]);
    });
  });

  it("routes `guardduty-finding` on the formatted topic's attribute filter, and never to a queue", () => {
    expect(subscriptionFilter({ protocol: "https", events: ["guardduty-finding"] })).to.deep.equal({
      topic: "formatted",
      scope: "MessageAttributes",
      policy: { event: ["guardduty-finding"] },
    });
    expect(() => subscriptionFilter({ protocol: "sqs", events: ["non-compliant", "guardduty-finding"] })).to.throw(/email and https subscriptions only/);
    expect(findingsEventPattern(9)).to.deep.equal({
      source: ["aws.guardduty"],
      "detail-type": ["GuardDuty Finding"],
      detail: { severity: [{ numeric: [">=", 9] }] },
    });
  });

  for (const stack of ["dev", "prod"]) {
    it(`${stack}: the plan shows GuardDuty per region under the management and security accounts, and the pack passes`, async () => {
      const p = await plan({ stack, configOverrides: { "aws-config-org:guardDuty": { enabled: true } } });
      const text = renderPlan(p, { wide: true });
      for (const region of p.regions) {
        expect(text).to.match(
          new RegExp(
            `GuardDuty by region[\\s\\S]*  ${region}:\\n    \\d{12} \\(management\\): OrganizationAdminAccount\\n    \\d{12} \\(security[^)]*\\): Detector, 8 × DetectorFeature, EventRule, EventTarget, OrganizationConfiguration, 7 × OrganizationConfigurationFeature, Permission`,
          ),
        );
      }
      expect(text)
        .to.include("AI_PROTECTION off; AI_ANALYST off [administrator's detector only]")
        .and.include("RUNTIME_MONITORING off (agents managed by GuardDuty: none)");
      expect(text).to.include("`cost` prices AWS Config only");
      expect(p.policy.mandatoryViolations, JSON.stringify(p.policy.violations)).to.equal(0);
      // prod's subscriptions all choose their events: the plan says nobody receives findings.
      expect(p.guardDutyWarning !== undefined).to.equal(stack === "prod");
    });
  }
});
