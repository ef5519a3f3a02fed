/**
 * Our choices: the conformance packs declared from the catalog (packs/catalog/facts.ts), and
 * what a stack selects of them. Plain data; rendered to templates by render.ts.
 */
import type { ManagedRuleName } from "./catalog/managedRules";
import type { ExecutionFrequency, ParameterType, ValueSource } from "./catalog/facts";
import type { TemplatePack } from "./templates/types";

/** `off`: no remediation; `manual`: a person runs it from the console; `automatic`: Config runs it. */
export type RemediationMode = "off" | "manual" | "automatic";

/** A pack's default remediation for one rule; attempts and seconds apply whenever the mode is automatic. */
export interface RemediationDefault {
  readonly mode: RemediationMode;
  /** `MaximumAutomaticAttempts`, 1–25 (default 5). */
  readonly maximumAttempts?: number;
  /** `RetryAttemptSeconds`, 1–2678000 (default 60). */
  readonly retrySeconds?: number;
}

/** A parameter a pack exposes to stack config (`packs[i].parameters.<name>`). */
export interface PackParameter {
  readonly type: ParameterType;
  readonly description: string;
  readonly required?: boolean;
  /** Used when config gives no value; absent means "not set". */
  readonly default?: string;
}

/** One rule of a pack. */
export interface PackRule {
  /** Catalog key: the managed rule's name. */
  readonly rule: ManagedRuleName;
  /** Rendered `ConfigRuleName`; defaults to the managed rule's name. Also the key of `PackSelection.remediation`. */
  readonly configRuleName?: string;
  /** Rule input → value (literal or pack parameter); unset optional inputs are omitted. */
  readonly inputs?: Readonly<Record<string, ValueSource>>;
  /** Periodic rules only; default `TwentyFour_Hours`. */
  readonly frequency?: ExecutionFrequency;
  readonly remediation: RemediationDefault;
  /** Overrides of the catalog's runbook parameter values (e.g. the KMS key a runbook uses). */
  readonly remediationParameters?: Readonly<Record<string, ValueSource>>;
  /** Deploy this rule only when every pack parameter its inputs use has a value (optional rules). */
  readonly onlyWhenParametersSet?: boolean;
}

/** A conformance pack: rules from the catalog, with parameters and remediation defaults. */
export interface PackDefinition {
  /** Pack name as stack config selects it; also the organization conformance pack's name. */
  readonly name: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, PackParameter>>;
  readonly rules: readonly PackRule[];
}

/**
 * Where an organization pack goes (`packs[i].targets`): the accounts under these OUs (nested OUs
 * included) plus these accounts; every other account of the stack's scope is excluded
 * (config/packTargets.ts resolves it on every run). Absent: every account in scope.
 *
 * @example
 * packs:
 *   - name: data-protection-baseline
 *     targets:
 *       ous: [ou-p1a2-workload1]
 *       accounts: ["500000000002"]
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_PutOrganizationConformancePack.html
 */
export interface PackTargets {
  /** OU (`ou-…`) or root (`r-…`) ids; with a listed inventory, the `ou` values its entries carry. */
  readonly ous: readonly string[];
  /** 12-digit account ids. */
  readonly accounts: readonly string[];
}

/** A conformance pack chosen for this stack, with its parameters. */
export interface PackSelection {
  /** Pack name from the pack library (packs/library/). */
  readonly name: string;
  /** Template parameter values, by parameter name. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Per-rule remediation mode overrides: `off`, `manual` or `automatic`. */
  readonly remediation: Readonly<Record<string, "off" | "manual" | "automatic">>;
  /** `packs[i].targets`: only these OUs and accounts get the pack. */
  readonly targets?: PackTargets;
}

/**
 * A conformance pack the stack brings as a template (`packs[i].template`): AWS's sample
 * format, read and checked by packs/templates/readTemplatePack.ts. Deployed as it is, per
 * Region (packs/templates/templateForRegion.ts), beside the built-in `PackSelection`s.
 */
export interface TemplatePackSelection {
  readonly kind: "template";
  /** The organization pack's name (`packs[i].name`). */
  readonly name: string;
  /** The template path as the user wrote it (relative to the project root). */
  readonly file: string;
  /** The template, parsed and checked, the user's parameter values resolved. */
  readonly pack: TemplatePack;
  /**
   * `packs[i].runbookPermissions`: IAM actions for runbooks its remediations use that the
   * catalog (catalog/runbooks.ts) has no permissions for, by SSM document name.
   */
  readonly runbookPermissions?: Readonly<Record<string, readonly string[]>>;
  /** `packs[i].targets`: only these OUs and accounts get the pack. */
  readonly targets?: PackTargets;
}
