/**
 * GuardDuty in every governed region, administered by the security account (stack `guardDuty`).
 * Per region, in this order:
 *
 * 1. the security account's own detector, with each protection plan stated on or off (a new
 *    detector turns every optional plan but Runtime Monitoring on unless told otherwise);
 * 2. from the management account, the security account designated GuardDuty's delegated
 *    administrator (`EnableOrganizationAdminAccount`, Regional): in the home region first, and in
 *    every other region only after that one (`dependsOn`). On a fresh organization the first
 *    designation blocks the others with `InvalidInputException` until it has finished; once it
 *    has, the other regions succeed in parallel (aws-samples/aws-secure-environment-accelerator#778).
 *    GuardDuty enables its own trusted
 *    access in AWS Organizations and registers the delegated administrator when it designates one
 *    ("You can enable trusted access using only Amazon GuardDuty"), so `guardduty.amazonaws.com`
 *    is NOT added to the TrustedServiceAccess resource (components/central/organizationAccess.ts);
 * 3. in the security account, the organization configuration on its detector: every member
 *    auto-enabled (`ALL`: new and existing accounts, the management account included once it
 *    has GuardDuty's service-linked role, which trusted access creates there), and each chosen
 *    plan auto-enabled `ALL` (the others `NONE`);
 * 4. an EventBridge rule for findings at or above the stack's severity, invoking that region's
 *    compliance notifier (components/central/notifications.ts), which words them for people and
 *    publishes them to the formatted topic with `event` `guardduty-finding`. EventBridge never
 *    publishes to the encrypted topic itself, so the topic's key admits no service.
 *
 * Facts and URLs: docs/aws-constraints.md (GuardDuty).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Deployment } from "../../config/domain";
import { DEFAULT_ON_FEATURES, type GuardDutyFeature, type GuardDutySettings } from "../../config/guardDuty";

/** The findings rule's name in every governed region of the security account. */
export const FINDINGS_RULE_NAME = "aws-config-org-guardduty-findings";

export interface GuardDutyArgs {
  readonly deployment: Deployment;
  readonly settings: GuardDutySettings;
  readonly managementProvider: aws.Provider;
  readonly securityProvider: aws.Provider;
  /** By region: the compliance notifier that words findings for people. */
  readonly notifiers: Readonly<Record<string, aws.lambda.Function>>;
}

/** The EventBridge pattern of GuardDuty findings at or above `minimumSeverity`. */
export function findingsEventPattern(minimumSeverity: number): object {
  return { source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"], detail: { severity: [{ numeric: [">=", minimumSeverity] }] } };
}

/** Each plan the detector and the organization state, and whether it is on: the default-on plans always, runtime plans when chosen. */
export function featureStates(features: readonly GuardDutyFeature[]): { readonly name: GuardDutyFeature; readonly on: boolean }[] {
  const stated = [...DEFAULT_ON_FEATURES, ...features.filter((f) => !DEFAULT_ON_FEATURES.includes(f))];
  return stated.map((name) => ({ name, on: features.includes(name) }));
}

export function findingsRuleArn(d: Pick<Deployment, "partition" | "securityAccountId">, region: string): string {
  return `arn:${d.partition}:events:${region}:${d.securityAccountId}:rule/${FINDINGS_RULE_NAME}`;
}

export class GuardDuty extends pulumi.ComponentResource {
  /** By region: the security account's detector, its designation as administrator, the organization configuration. */
  readonly detectors: Readonly<Record<string, aws.guardduty.Detector>>;
  readonly administrators: Readonly<Record<string, aws.guardduty.OrganizationAdminAccount>>;
  readonly organizationConfigurations: Readonly<Record<string, aws.guardduty.OrganizationConfiguration>>;
  /** By region: the rule that sends findings to the notifier. */
  readonly findingsRules: Readonly<Record<string, aws.cloudwatch.EventRule>>;

  constructor(name: string, args: GuardDutyArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("aws-config-org:central:GuardDuty", name, {}, opts);
    const { deployment, settings } = args;
    const inSecurity = { parent: this, provider: args.securityProvider };
    const inManagement = { parent: this, provider: args.managementProvider };
    const states = featureStates(settings.features);
    const pattern = JSON.stringify(findingsEventPattern(settings.minimumSeverity));

    const detectors: Record<string, aws.guardduty.Detector> = {};
    const administrators: Record<string, aws.guardduty.OrganizationAdminAccount> = {};
    const configurations: Record<string, aws.guardduty.OrganizationConfiguration> = {};
    const rules: Record<string, aws.cloudwatch.EventRule> = {};

    // The home region's designation first: the others wait for it (see 2. above).
    const ordered = [...deployment.regions].sort((a, b) => Number(b.name === deployment.homeRegion) - Number(a.name === deployment.homeRegion));
    let homeAdministrator: aws.guardduty.OrganizationAdminAccount | undefined;
    for (const { name: region } of ordered) {
      // Before the designation: an administrator without a detector can take no action, and one detector per account and region.
      const detector = new aws.guardduty.Detector(`guardduty-detector-${region}`, { region, enable: true }, inSecurity);
      for (const { name: feature, on } of states) {
        new aws.guardduty.DetectorFeature(`guardduty-detector-${region}-${feature.toLowerCase()}`, { region, detectorId: detector.id, name: feature, status: on ? "ENABLED" : "DISABLED" }, inSecurity);
      }
      const administrator = new aws.guardduty.OrganizationAdminAccount(
        `guardduty-admin-${region}`,
        { region, adminAccountId: deployment.securityAccountId },
        { ...inManagement, dependsOn: homeAdministrator ? [detector, homeAdministrator] : [detector] },
      );
      if (region === deployment.homeRegion) homeAdministrator = administrator;
      // Only the delegated administrator may configure the organization.
      const configuration = new aws.guardduty.OrganizationConfiguration(
        `guardduty-organization-${region}`,
        { region, detectorId: detector.id, autoEnableOrganizationMembers: "ALL" },
        { ...inSecurity, dependsOn: [administrator] },
      );
      for (const { name: feature, on } of states) {
        new aws.guardduty.OrganizationConfigurationFeature(
          `guardduty-organization-${region}-${feature.toLowerCase()}`,
          { region, detectorId: detector.id, name: feature, autoEnable: on ? "ALL" : "NONE" },
          { ...inSecurity, dependsOn: [configuration] },
        );
      }

      const notifier = args.notifiers[region];
      if (!notifier) throw new Error(`no compliance notifier in \`${region}\` for GuardDuty findings: it is not a governed region (stack \`regions\`)`);
      const rule = new aws.cloudwatch.EventRule(
        `guardduty-findings-${region}`,
        {
          region,
          name: FINDINGS_RULE_NAME,
          description: `GuardDuty findings of severity ${settings.minimumSeverity} and above in ${region}, to the compliance notifier`,
          eventPattern: pattern,
        },
        inSecurity,
      );
      // Only this rule may invoke the function for EventBridge.
      const permission = new aws.lambda.Permission(
        `guardduty-findings-invoke-${region}`,
        {
          region,
          function: notifier.name,
          action: "lambda:InvokeFunction",
          principal: "events.amazonaws.com",
          sourceArn: findingsRuleArn(deployment, region),
          statementId: "AllowGuardDutyFindingsRule",
        },
        inSecurity,
      );
      new aws.cloudwatch.EventTarget(
        `guardduty-findings-target-${region}`,
        { region, rule: rule.name, arn: notifier.arn, targetId: "compliance-notifier" },
        { ...inSecurity, dependsOn: [permission] },
      );

      detectors[region] = detector;
      administrators[region] = administrator;
      configurations[region] = configuration;
      rules[region] = rule;
    }

    this.detectors = detectors;
    this.administrators = administrators;
    this.organizationConfigurations = configurations;
    this.findingsRules = rules;
    this.registerOutputs({ detectors, administrators, organizationConfigurations: configurations, findingsRules: rules });
  }
}
