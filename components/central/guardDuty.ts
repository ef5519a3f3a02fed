/**
 * GuardDuty in every governed region, administered by the security account (stack `guardDuty`).
 * Per region, in this order:
 *
 * 1. the security account's own detector, with every protection plan of the SDK's model stated on
 *    or off (a new detector turns every optional plan but Runtime Monitoring on unless told
 *    otherwise), the runtime plan with its agent management;
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
 *    has GuardDuty's service-linked role, which trusted access creates there), and every
 *    organization plan stated: the chosen ones auto-enabled `ALL`, the others `NONE`, the runtime
 *    plan's agent management likewise;
 * 4. an EventBridge rule for findings at or above the stack's severity, invoking that region's
 *    compliance notifier (components/central/notifications.ts), which words them for people and
 *    publishes them to the formatted topic with `event` `guardduty-finding`. EventBridge never
 *    publishes to the encrypted topic itself, so the topic's key admits no service.
 *
 * Facts and URLs: docs/aws-constraints.md (GuardDuty).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

import type { Partition } from "../../aws/arns";
import {
  AGENTS_OF,
  CHOOSABLE_FEATURES,
  DETECTOR_ONLY_FEATURES,
  type GuardDutyFeature,
  type GuardDutySettings,
  type RuntimeAgent,
} from "../../config/guardDuty";
import { CENTRAL_TYPES } from "./typeTokens";

/** The findings rule's name in every governed region of the security account. */
export const FINDINGS_RULE_NAME = "aws-config-org-guardduty-findings";

export interface GuardDutyArgs {
  readonly partition: Partition;
  /** The home region's administrator designation comes first; the other regions wait for it. */
  readonly homeRegion: string;
  /** The governed regions: GuardDuty in each. */
  readonly regions: readonly string[];
  /** The delegated administrator for GuardDuty. */
  readonly securityAccountId: string;
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

/** One plan as the detector and the organization state it, with the agents GuardDuty manages for it. */
export interface FeatureState {
  readonly name: GuardDutyFeature;
  readonly on: boolean;
  /** Only on the administrator's detector (no organization setting exists). */
  readonly detectorOnly: boolean;
  /** The feature's agent management, each on or off; empty for plans without agents. */
  readonly agents: readonly { readonly name: RuntimeAgent; readonly on: boolean }[];
}

/**
 * Every plan the SDK knows, stated on or off: a new detector turns every optional plan but
 * Runtime Monitoring on unless told otherwise, and a plan left unstated is a plan decided by
 * AWS's defaults. Of the two runtime plans, which AWS refuses together, only the chosen one (or,
 * with neither chosen, `RUNTIME_MONITORING`, which supersedes the other) is stated.
 */
export function featureStates(features: readonly GuardDutyFeature[], agentManagement: readonly RuntimeAgent[] = []): FeatureState[] {
  const runtime: GuardDutyFeature = features.includes("EKS_RUNTIME_MONITORING") ? "EKS_RUNTIME_MONITORING" : "RUNTIME_MONITORING";
  const stated = CHOOSABLE_FEATURES.filter((f) => !(f in AGENTS_OF) || f === runtime);
  return stated.map((name) => {
    const on = features.includes(name);
    return {
      name,
      on,
      detectorOnly: (DETECTOR_ONLY_FEATURES as readonly string[]).includes(name),
      agents: (AGENTS_OF[name] ?? []).map((agent) => ({ name: agent, on: on && agentManagement.includes(agent) })),
    };
  });
}

/** A plan's name, its state and its agents' states, in the words of the resource (`status` on a detector, `autoEnable` for the organization). */
function stated<S extends object>(f: FeatureState, state: (on: boolean) => S): { name: string; additionalConfigurations?: (S & { name: string })[] } & S {
  return {
    name: f.name,
    ...state(f.on),
    ...(f.agents.length > 0 ? { additionalConfigurations: f.agents.map((a) => ({ name: a.name, ...state(a.on) })) } : {}),
  };
}

export function findingsRuleArn(d: { readonly partition: Partition; readonly securityAccountId: string }, region: string): string {
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
    super(CENTRAL_TYPES.GuardDuty, name, {}, opts);
    const { settings, homeRegion } = args;
    const inSecurity = { parent: this, provider: args.securityProvider };
    const inManagement = { parent: this, provider: args.managementProvider };
    const states = featureStates(settings.features, settings.agentManagement);
    const pattern = JSON.stringify(findingsEventPattern(settings.minimumSeverity));

    const detectors: Record<string, aws.guardduty.Detector> = {};
    const administrators: Record<string, aws.guardduty.OrganizationAdminAccount> = {};
    const configurations: Record<string, aws.guardduty.OrganizationConfiguration> = {};
    const rules: Record<string, aws.cloudwatch.EventRule> = {};

    // The home region's designation first: the others wait for it (see 2. above).
    const ordered = [...args.regions].sort((a, b) => Number(b === homeRegion) - Number(a === homeRegion));
    let homeAdministrator: aws.guardduty.OrganizationAdminAccount | undefined;
    for (const region of ordered) {
      // Before the designation: an administrator without a detector can take no action, and one detector per account and region.
      const detector = new aws.guardduty.Detector(`guardduty-detector-${region}`, { region, enable: true }, inSecurity);
      for (const f of states) {
        const args = stated(f, (on) => ({ status: on ? "ENABLED" : "DISABLED" }));
        new aws.guardduty.DetectorFeature(`guardduty-detector-${region}-${f.name.toLowerCase()}`, { region, detectorId: detector.id, ...args }, inSecurity);
      }
      const administrator = new aws.guardduty.OrganizationAdminAccount(
        `guardduty-admin-${region}`,
        { region, adminAccountId: args.securityAccountId },
        { ...inManagement, dependsOn: homeAdministrator ? [detector, homeAdministrator] : [detector] },
      );
      if (region === homeRegion) homeAdministrator = administrator;
      // Only the delegated administrator may configure the organization.
      const configuration = new aws.guardduty.OrganizationConfiguration(
        `guardduty-organization-${region}`,
        { region, detectorId: detector.id, autoEnableOrganizationMembers: "ALL" },
        { ...inSecurity, dependsOn: [administrator] },
      );
      for (const f of states.filter((state) => !state.detectorOnly)) {
        const args = stated(f, (on) => ({ autoEnable: on ? "ALL" : "NONE" }));
        new aws.guardduty.OrganizationConfigurationFeature(
          `guardduty-organization-${region}-${f.name.toLowerCase()}`,
          { region, detectorId: detector.id, ...args },
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
          sourceArn: findingsRuleArn(args, region),
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
