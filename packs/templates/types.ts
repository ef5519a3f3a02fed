/**
 * A conformance pack template the user brings (one of AWS's samples, or their
 * own in the same format), as read and checked by readTemplatePack. Plain
 * values only: no Pulumi, no config types.
 */
import type { Document } from "yaml";

import type { ManagedRuleCatalog } from "../catalog/managedRuleCatalog";
import type { ParsedTemplate } from "./cloudFormationYaml";

/** What the caller knows about one `packs:` entry that names a template. */
export interface TemplatePackInput {
  /** The organization pack's name (`packs[i].name`). */
  readonly name: string;
  /** The template path as the user wrote it (for messages). */
  readonly file: string;
  /** The template's text. */
  readonly text: string;
  /** `text` as the sources step parsed it (config/sources.ts); parsed here when absent. Read, never changed. */
  readonly parsed?: ParsedTemplate;
  /** `packs[i].parameters`: values for the template's own Parameters, by name. */
  readonly parameters?: Readonly<Record<string, string | number | boolean>>;
  readonly governedRegions: readonly string[];
  readonly catalog: ManagedRuleCatalog;
  /**
   * The project's automation role name (or path/name). An `AutomationAssumeRole`
   * naming it is treated like AWS's `<Account-Id>` placeholder: filled per account.
   */
  readonly remediationRoleName?: string;
  /** Role ARNs or role names the user allowed a remediation to name instead of the project's role. */
  readonly allowedRemediationRoles?: readonly string[];
  /** Rules whose template remediation stack config turns off (`packs[i].remediation.<rule>: off`): they stay detection only. */
  readonly remediationOff?: readonly string[];
}

export type RuleOwner = "AWS" | "CUSTOM_LAMBDA" | "CUSTOM_POLICY";

export interface TemplateRule {
  readonly logicalId: string;
  readonly configRuleName: string;
  readonly owner: RuleOwner;
  /** Managed-rule identifier, or the Lambda function ARN of a custom rule (as written: may be an intrinsic). */
  readonly sourceIdentifier?: unknown;
  /** The managed identifier when `owner` is `AWS`. */
  readonly managedIdentifier?: string;
  /** `InputParameters` as written (values may be `Fn::If`/`Ref`). */
  readonly inputParameters: Readonly<Record<string, unknown>>;
  readonly maximumExecutionFrequency?: string;
  readonly scope?: Readonly<Record<string, unknown>>;
  /** The resource-level `Condition`, if any. */
  readonly condition?: string;
  readonly line?: number;
}

/** Where the automation role of a remediation comes from. */
export type RemediationRole =
  /** AWS's placeholder (`arn:aws:iam::<Account-Id>:role/…`), a `${AWS::AccountId}` ARN, or the project's role: filled per account. */
  | { readonly kind: "project"; readonly asWritten: string }
  /** A role the user allowed (`allowedRemediationRoles`): named with its path and name in each account's pack (packs/accountPack.ts). */
  | { readonly kind: "allowed"; readonly arn: string }
  /** The runbook is given no automation role. */
  | { readonly kind: "none" };

/** One remediation parameter: the non-compliant resource's id, or static values (template Parameters resolved). */
export type RemediationParameterValue =
  | { readonly resourceValue: "RESOURCE_ID" }
  /** Values may keep `${AWS::AccountId}`, `${AWS::Region}`, `${AWS::Partition}` for the caller to fill per account and region. */
  | { readonly staticValues: readonly string[] };

export interface TemplateRemediation {
  readonly logicalId: string;
  readonly configRuleName: string;
  /** The rule's logical id in the template, when the remediation's rule is one of the template's rules. */
  readonly ruleLogicalId?: string;
  readonly targetType: string;
  /** The SSM Automation runbook. */
  readonly targetId: string;
  readonly targetVersion?: string;
  readonly resourceType?: string;
  /** Runbook parameters other than `AutomationAssumeRole`. */
  readonly parameters: Readonly<Record<string, RemediationParameterValue>>;
  /** The parameter that carries the automation role, when the runbook takes one. */
  readonly roleParameter?: string;
  readonly role: RemediationRole;
  readonly automatic: boolean;
  readonly maximumAutomaticAttempts?: number;
  readonly retryAttemptSeconds?: number;
  readonly executionControls?: Readonly<Record<string, unknown>>;
  readonly line?: number;
}

export interface TemplateParameter {
  readonly name: string;
  readonly type: string;
  readonly default?: string;
  readonly allowedValues?: readonly string[];
  readonly description?: string;
}

/** One `ConformancePackInputParameters` entry. */
export interface InputParameter {
  readonly parameterName: string;
  readonly parameterValue: string;
}

export interface TemplatePack {
  readonly name: string;
  readonly file: string;
  readonly rules: readonly TemplateRule[];
  /** The remediations to deliver (per account): the template's, without those config turns off. */
  readonly remediations: readonly TemplateRemediation[];
  /** The template's remediations config turned off: taken out of the organization body, delivered nowhere. */
  readonly remediationsOff: readonly TemplateRemediation[];
  readonly parameters: readonly TemplateParameter[];
  /** The user's values for template Parameters; parameters left out keep their template Default. */
  readonly inputParameters: readonly InputParameter[];
  /** The template's text as given. */
  readonly text: string;
  /** The template as parsed (short tags kept), for templateForRegion to re-emit. */
  readonly document: Document.Parsed;
  /** The template's size as given, in UTF-8 bytes. */
  readonly bodyBytes: number;
}

/** Every problem at once, or the pack: `"problems" in result` tells which. */
export type TemplatePackResult = { readonly problems: readonly string[] } | { readonly pack: TemplatePack };

export type { ManagedRuleCatalog };
