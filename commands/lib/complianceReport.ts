/**
 * The organization compliance report's shape: what `report --json` prints, what the history
 * keeps (commands/lib/reportSnapshots.ts reads it back) and what the text and HTML views show.
 * `schemaVersion` says which fields a report has. Built by commands/lib/complianceModel.ts.
 */

/**
 * Version of the report's JSON. 1 (no `schemaVersion` field): non-compliant rules only.
 * 2: every rule with results, compliant ones too, their pack, per-account and per-pack
 * compliance, resources by compliance, and how many places record.
 */
export const COMPLIANCE_REPORT_SCHEMA_VERSION = 2;

export interface NonCompliantResource {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly annotation?: string;
}

export interface NonCompliantPlace {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  /** Non-compliant resources (AWS caps the count at 100; see `capExceeded`). */
  readonly count: number;
  readonly capExceeded: boolean;
  /** Names the rule has in that account (with the pack suffix). */
  readonly deployedNames: readonly string[];
  readonly resources?: readonly NonCompliantResource[];
}

/** Rule results by compliance, one per rule × account × Region that reported. */
export interface EvaluationCounts {
  readonly compliant: number;
  readonly nonCompliant: number;
  readonly insufficientData: number;
}

/**
 * Resources by their overall compliance (`AWS::Config::ResourceCompliance`): compliant with
 * every rule that evaluates them, or non-compliant with at least one.
 */
export interface ResourceCounts {
  readonly compliant: number;
  readonly nonCompliant: number;
}

export interface RuleFinding {
  /** The rule name as declared in the pack (suffix stripped). */
  readonly rule: string;
  /** The stack's conformance pack that declares the rule; absent for rules no pack of the stack declares, and in schema 1. */
  readonly pack?: string;
  /** Non-compliant resources, summed over accounts and Regions (each count capped at 100 by AWS). */
  readonly total: number;
  readonly capExceeded: boolean;
  /** Accounts and Regions where the rule is non-compliant. */
  readonly accounts: number;
  readonly regions: number;
  /** Account × Region results of the rule (schema 2). */
  readonly evaluations?: EvaluationCounts;
  /** Where it is non-compliant; empty for a rule compliant everywhere (schema 2 lists those too). */
  readonly places: readonly NonCompliantPlace[];
}

/** Compliant share (0..1) of what was evaluated compliant or not; undefined when nothing was. */
export function compliantShare(counts: { readonly compliant: number; readonly nonCompliant: number }): number | undefined {
  const evaluated = counts.compliant + counts.nonCompliant;
  return evaluated === 0 ? undefined : counts.compliant / evaluated;
}

/** One account's compliance (schema 2). */
export interface AccountCompliance {
  readonly accountId: string;
  readonly accountName?: string;
  /** Organizational unit, when the stack knows it. */
  readonly ou?: string;
  /** Whether the account is in the stack's scope (the aggregator may report others of the organization). */
  readonly inScope: boolean;
  /** Governed Regions of the account, and those where a customer recorder records. */
  readonly regions: { readonly governed: number; readonly recording: number };
  readonly resources: ResourceCounts;
  /** Rule × Region results in the account. */
  readonly evaluations: EvaluationCounts;
  /** Non-compliant resources summed over rules and Regions: a resource counts once per rule it fails. */
  readonly findings: number;
  readonly capExceeded: boolean;
}

/** One conformance pack of the stack (schema 2). */
export interface PackCompliance {
  readonly pack: string;
  /** Rules of the pack that reported results. */
  readonly rules: number;
  /** Non-compliant resources summed over the pack's rules, accounts and Regions. */
  readonly findings: number;
  readonly capExceeded: boolean;
  /** Rule × account × Region results of the pack's rules. */
  readonly evaluations: EvaluationCounts;
}

export interface SourceProblem {
  readonly sourceId: string;
  readonly sourceType: string;
  readonly accountName?: string;
  readonly region: string;
  readonly status: string;
  readonly lastUpdateTime?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
}

export interface RecorderProblem {
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  readonly recorderName?: string;
  /** `stopped`: the recorder exists and does not record; `not-seen`: no recorder reached the aggregator. */
  readonly problem: "stopped" | "not-seen";
  readonly detail: string;
}

export interface ComplianceReport {
  /** `COMPLIANCE_REPORT_SCHEMA_VERSION` when built; 1 for a snapshot saved before versions existed. */
  readonly schemaVersion: number;
  readonly stack: string;
  readonly aggregator: string;
  readonly generatedAt: string;
  /** Non-compliant rules first (most non-compliant resources first); schema 1 has only those. */
  readonly rules: readonly RuleFinding[];
  /** Every account with results or in scope, by account id (schema 2). */
  readonly accounts?: readonly AccountCompliance[];
  /** The stack's conformance packs, in config order (schema 2). */
  readonly packs?: readonly PackCompliance[];
  readonly sources: { readonly total: number; readonly problems: readonly SourceProblem[] };
  readonly recorders: { readonly seen: number; readonly problems: readonly RecorderProblem[] };
  readonly summary: {
    /** Non-compliant resources summed over rules, accounts and Regions (a resource counts once per rule it fails). */
    readonly nonCompliantResources: number;
    readonly countsCapped: boolean;
    /** Rules with non-compliant resources. */
    readonly rules: number;
    /** Accounts with non-compliant resources. */
    readonly accounts: number;
    readonly failingSources: number;
    readonly recordersNotRecording: number;
    /** Rules with any result (schema 2). */
    readonly rulesEvaluated?: number;
    /** Resources by overall compliance, organization-wide (schema 2). */
    readonly resources?: ResourceCounts;
    /** Account × Region places of the stack, and those where a customer recorder records (schema 2). */
    readonly places?: number;
    readonly placesRecording?: number;
  };
}
