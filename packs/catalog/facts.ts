/**
 * Facts about AWS: the managed Config rules and the SSM Automation runbooks as AWS documents
 * them. Plain data types, no imports; the packs declared from them are packs/choices.ts.
 */

/** How AWS Config types a managed rule input parameter (rule pages, "Parameters"). */
export type ParameterType = "String" | "CSV" | "Int" | "Boolean" | "StringMap";

/** Limits AWS documents for one input value; checked before anything is deployed. */
export interface ValueConstraints {
  /** CSV / StringMap: most items allowed. */
  readonly maxItems?: number;
  /** Most characters in the whole value. */
  readonly maxLength?: number;
  /** Every item (CSV, StringMap) or the value (String) must match. */
  readonly itemPattern?: RegExp;
  /** What a valid item looks like, for error messages (e.g. "an AMI id like `ami-0abc1234`"). */
  readonly itemHint?: string;
  /** Int: inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
}

/** One input parameter of a managed rule, as AWS documents it. */
export interface RuleInputSpec {
  readonly type: ParameterType;
  readonly required: boolean;
  readonly description: string;
  readonly constraints?: ValueConstraints;
}

/** When AWS Config evaluates a rule. */
export type RuleTrigger = "configuration-changes" | "periodic" | "configuration-changes-and-periodic";

/** `MaximumExecutionFrequency` of periodic rules (policies/configVocabulary.ts). */
export type { ExecutionFrequency } from "../../policies/configVocabulary";

/**
 * Where a value comes from when a pack is rendered:
 * - `resourceId`: the non-compliant resource's id (`RESOURCE_ID`), runbook parameters only;
 * - `literal`: a fixed string; `${AWS::AccountId}`-style references are rendered with `Fn::Sub`;
 * - `packParameter`: the value the stack config gives a pack parameter (or its default).
 */
export type ValueSource =
  { readonly kind: "resourceId" } | { readonly kind: "literal"; readonly value: string } | { readonly kind: "packParameter"; readonly name: string };

/** A managed rule's matching SSM runbook and how the rule's findings feed its parameters. */
export interface RuleRemediation {
  /** Key in the runbook catalog (the SSM document name); packs/catalog/managedRules.ts checks it names one. */
  readonly runbook: string;
  /** Runbook parameter → value; `AutomationAssumeRole` is added by the renderer. */
  readonly parameters: Readonly<Record<string, ValueSource>>;
}

/** An AWS managed Config rule. */
export interface ManagedRule {
  /** The rule name AWS documents (and the name rendered in templates by default). */
  readonly name: string;
  /** `Source.SourceIdentifier`; not always the name in upper case (`restricted-ssh` is `INCOMING_SSH_DISABLED`). */
  readonly identifier: string;
  readonly description: string;
  readonly trigger: RuleTrigger;
  /** `Scope.ComplianceResourceTypes`; empty for account-level periodic rules. */
  readonly resourceTypes: readonly string[];
  readonly inputs: Readonly<Record<string, RuleInputSpec>>;
  /** Absent when AWS publishes no runbook that fixes what the rule finds. */
  readonly remediation?: RuleRemediation;
  /** The rule's page in the AWS Config developer guide. */
  readonly docUrl: string;
}

/** Type of an SSM Automation document parameter. */
export type RunbookParameterType = "String" | "Boolean" | "StringList";

export interface RunbookParameterSpec {
  readonly type: RunbookParameterType;
  readonly required: boolean;
  readonly description: string;
}

/**
 * An IAM statement a runbook's automation role needs. Resources may contain
 * `{partition}` and `{accountId}`, filled per account.
 */
export interface RunbookPermission {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/** An AWS-owned SSM Automation runbook used for remediation. */
export interface Runbook {
  /** SSM document name (`TargetId`). */
  readonly document: string;
  readonly description: string;
  /** Parameters other than `AutomationAssumeRole`. */
  readonly parameters: Readonly<Record<string, RunbookParameterSpec>>;
  /** Actions the runbook page lists under "Required IAM permissions", beyond the SSM automation basics. */
  readonly permissions: readonly RunbookPermission[];
  /** Why running it unattended can or cannot interrupt a workload. */
  readonly outageRisk: string;
  /** Whether it may run unattended by default (`outageRisk` says why); packs may default to `automatic` only then. */
  readonly unattendedSafe: boolean;
  /**
   * A key parameter that, for `automatic` remediation, must name a customer managed key: an AWS
   * managed key (`alias/aws/…`) cannot be made to admit service publishers, so unattended runs
   * would silence them (packs/resolve.ts refuses it).
   */
  readonly automaticNeedsCustomerManagedKey?: string;
  readonly docUrl: string;
}
