/**
 * The whole AWS Config managed-rule catalog (managed-rules.json beside this
 * file), typed, with lookups by identifier and by rule name and the region
 * question packs ask: is this rule offered there?
 *
 * The data records where each fact came from (`sources`, `availability.source`)
 * and when it was read; this module only reads it. It imports nothing from the
 * pack library's types, so template validation and the typed packs can both
 * depend on it.
 */
import * as fs from "node:fs";

import catalogData from "./managed-rules.json";

/** Parameter types as AWS's rule pages write them. */
export type ManagedRuleParameterType = "String" | "CSV" | "int" | "double" | "boolean" | "StringMap";

export interface ManagedRuleParameterFacts {
  readonly name: string;
  /** The documented type; `null` where only the live list was read and it does not say (see `valueKind`). */
  readonly type: ManagedRuleParameterType | null;
  /** `true`/`false` as the rule page marks it; `null` where not read. */
  readonly optional: boolean | null;
  /** The console's default, where documented (AWS pre-fills it only in the console, not for the API). */
  readonly default?: string;
  /** The kind of value the live list shows, for parameters whose documented type was not read. */
  readonly valueKind?: "string" | "number" | "boolean";
}

export interface ManagedRuleTriggerFacts {
  readonly configurationChanges: boolean;
  readonly periodic: boolean;
  /** Periodic rules run every 24 hours unless MaximumExecutionFrequency says otherwise (API reference). */
  readonly defaultFrequency?: "TwentyFour_Hours";
}

/** Which catalog source a region note came from; `regionsDocumented` in the data says which Regions it speaks for. */
export type AvailabilitySource = "developer-guide-2023" | "live-page";

export interface ManagedRuleAvailabilityFacts {
  /** Region codes the rule page names as not offering the rule. */
  readonly notAvailableIn: readonly string[];
  /** Set when the page says "Only available in …". */
  readonly onlyIn?: readonly string[];
  /** Regions outside the commercial, GovCloud and China partitions that the page names (kept verbatim). */
  readonly alsoNotIn?: readonly string[];
  readonly asOf: string;
  readonly source: AvailabilitySource;
  readonly note?: string;
}

export interface ManagedRuleFacts {
  /** The rule's name in AWS's list (kebab-case); not always the identifier in lower case. */
  readonly name: string;
  /** The `SourceIdentifier` a template names. */
  readonly identifier: string;
  /** `process-check` for AWS_CONFIG_PROCESS_CHECK (manual checks inside a conformance pack). */
  readonly kind?: "process-check";
  readonly resourceTypes: readonly string[];
  /** `null` where no page with the trigger type was read. */
  readonly trigger: ManagedRuleTriggerFacts | null;
  readonly parameters: readonly ManagedRuleParameterFacts[];
  /** `null` where no region note was read for the rule. */
  readonly availability: ManagedRuleAvailabilityFacts | null;
  /** `false` for identifiers that AWS's samples use but no AWS page documents. */
  readonly documented: boolean;
  readonly note?: string;
  readonly sources: readonly string[];
  readonly docUrl: string;
  readonly usedBySamplePacks?: boolean;
}

export interface ManagedRuleCatalogData {
  readonly readOn: string;
  readonly count: number;
  readonly countNote?: string;
  readonly source: Readonly<Record<string, unknown>>;
  readonly availabilityRule?: string;
  readonly regionsDocumented: Readonly<Record<AvailabilitySource, readonly string[]>>;
  readonly rules: readonly ManagedRuleFacts[];
}

/**
 * Whether a rule is offered in a Region, as far as the catalog knows:
 * - `available`: the rule's region note covers the Region and does not exclude it;
 * - `not-available`: the note names the Region (or "only available in" omits it);
 * - `undocumented`: no note was read for the rule, or the Region launched after the note was read;
 * - `unknown-rule`: the identifier is not in the catalog.
 */
export type RegionStatus = "available" | "not-available" | "undocumented" | "unknown-rule";

export interface ManagedRuleCatalog {
  readonly readOn: string;
  readonly count: number;
  readonly rules: readonly ManagedRuleFacts[];
  byIdentifier(identifier: string): ManagedRuleFacts | undefined;
  byName(name: string): ManagedRuleFacts | undefined;
  regionStatus(identifier: string, region: string): RegionStatus;
  /** True only when the catalog documents the rule as offered in the Region (`regionStatus` is `available`). */
  availableIn(identifier: string, region: string): boolean;
}

/** A catalog over already-parsed data (tests build small ones). Throws on duplicate identifiers or names. */
export function catalogOf(data: ManagedRuleCatalogData): ManagedRuleCatalog {
  const byIdentifier = new Map<string, ManagedRuleFacts>();
  const byName = new Map<string, ManagedRuleFacts>();
  for (const rule of data.rules) {
    if (byIdentifier.has(rule.identifier)) throw new Error(`managed-rule catalog: identifier \`${rule.identifier}\` appears twice`);
    if (byName.has(rule.name)) throw new Error(`managed-rule catalog: rule name \`${rule.name}\` appears twice`);
    byIdentifier.set(rule.identifier, rule);
    byName.set(rule.name, rule);
  }
  const documentedRegions = new Map<string, ReadonlySet<string>>(Object.entries(data.regionsDocumented).map(([source, regions]) => [source, new Set(regions)]));

  const regionStatus = (identifier: string, region: string): RegionStatus => {
    const rule = byIdentifier.get(identifier);
    if (!rule) return "unknown-rule";
    // Process checks are offered wherever conformance packs are (developer guide, "Process Checks").
    if (rule.kind === "process-check") return "available";
    const availability = rule.availability;
    if (!availability) return "undocumented";
    if (availability.notAvailableIn.includes(region)) return "not-available";
    if (availability.onlyIn && !availability.onlyIn.includes(region)) return "not-available";
    return documentedRegions.get(availability.source)?.has(region) ? "available" : "undocumented";
  };

  return {
    readOn: data.readOn,
    count: data.count,
    rules: data.rules,
    byIdentifier: (identifier) => byIdentifier.get(identifier),
    byName: (name) => byName.get(name),
    regionStatus,
    availableIn: (identifier, region) => regionStatus(identifier, region) === "available",
  };
}

let loaded: ManagedRuleCatalog | undefined;

/**
 * The catalog shipped beside this module (imported, so the compiled program
 * carries it too), built once; or the catalog in another file.
 */
export function managedRuleCatalog(file?: string): ManagedRuleCatalog {
  if (file !== undefined) return catalogOf(JSON.parse(fs.readFileSync(file, "utf8")) as ManagedRuleCatalogData);
  loaded ??= catalogOf(catalogData as unknown as ManagedRuleCatalogData);
  return loaded;
}
