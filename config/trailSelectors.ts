/**
 * The organization trail's advanced event selectors, built from `organizationTrail.dataEvents`
 * and held to CloudTrail's limits here, so that what is deployed is what was checked.
 *
 * Once a trail has advanced event selectors it logs only what they select: the first one
 * always selects every management event (read and write), which is what a trail without
 * selectors logs and what the organization trail exists for. Each `dataEvents` entry adds a
 * selector on `eventCategory = Data` and its `resources.type`, optionally `readOnly` and
 * `resources.ARN` prefixes. Facts and URLs: docs/aws-constraints.md (CloudTrail).
 */
import type { Partition } from "../aws/arns";
import type { TrailDataEvents } from "./domain";

/** An advanced event selector as `PutEventSelectors` takes it (and the Pulumi trail's `advancedEventSelectors`). */
export interface AdvancedEventSelector {
  readonly name: string;
  readonly fieldSelectors: readonly FieldSelector[];
}

export interface FieldSelector {
  readonly field: "eventCategory" | "resources.type" | "readOnly" | "resources.ARN";
  readonly equals?: readonly string[];
  readonly startsWiths?: readonly string[];
}

/**
 * `resources.type` values CloudTrail documents for trails' data events (CloudTrail User Guide,
 * "Logging data events", the data event types table, read 2026-12-01 from the guide's 2023 source
 * and the API reference). A type AWS adds later is refused here until it is added to this list.
 */
export const DATA_EVENT_RESOURCE_TYPES: readonly string[] = [
  "AWS::CloudTrail::Channel",
  "AWS::Cognito::IdentityPool",
  "AWS::DynamoDB::Stream",
  "AWS::DynamoDB::Table",
  "AWS::EC2::Snapshot",
  "AWS::FinSpace::Environment",
  "AWS::Glue::Table",
  "AWS::GuardDuty::Detector",
  "AWS::KendraRanking::ExecutionPlan",
  "AWS::Lambda::Function",
  "AWS::ManagedBlockchain::Node",
  "AWS::S3::AccessPoint",
  "AWS::S3::Object",
  "AWS::S3ObjectLambda::AccessPoint",
  "AWS::S3Outposts::Object",
  "AWS::SageMaker::ExperimentTrialComponent",
  "AWS::SageMaker::FeatureGroup",
];

/** Values of all conditions across a trail's advanced event selectors: at most 500. */
export const MAX_SELECTOR_CONDITION_VALUES = 500;
/** Data resources (here: ARN prefixes) across a trail's selectors: at most 250. */
export const MAX_DATA_RESOURCES = 250;
/** The selector that keeps every management event logged. */
export const MANAGEMENT_EVENTS_SELECTOR: AdvancedEventSelector = {
  name: "Management events (read and write)",
  fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }],
};

/** The trail's selectors; empty (no selectors: CloudTrail's default of every management event) without data events. */
export function advancedEventSelectorsOf(dataEvents: readonly TrailDataEvents[]): AdvancedEventSelector[] {
  if (dataEvents.length === 0) return [];
  return [
    MANAGEMENT_EVENTS_SELECTOR,
    ...dataEvents.map((d): AdvancedEventSelector => {
      const access = d.readOnly === undefined ? "read and write" : d.readOnly ? "read" : "write";
      const scope = d.arnPrefixes.length === 0 ? "every resource" : `${d.arnPrefixes.length} ARN prefix(es)`;
      return {
        name: `Data events of ${d.resourceType}, ${access}, ${scope}`,
        fieldSelectors: [
          { field: "eventCategory", equals: ["Data"] },
          { field: "resources.type", equals: [d.resourceType] },
          ...(d.readOnly === undefined ? [] : [{ field: "readOnly" as const, equals: [String(d.readOnly)] }]),
          ...(d.arnPrefixes.length === 0 ? [] : [{ field: "resources.ARN" as const, startsWiths: d.arnPrefixes }]),
        ],
      };
    }),
  ];
}

/** Values across every condition of the selectors, as CloudTrail counts them against its limit. */
export function conditionValueCount(selectors: readonly AdvancedEventSelector[]): number {
  return selectors.flatMap((s) => s.fieldSelectors).reduce((n, f) => n + (f.equals?.length ?? 0) + (f.startsWiths?.length ?? 0), 0);
}

/** Every problem of `organizationTrail.dataEvents`, naming the entry; `key` renders a stack config key. */
export function dataEventsProblems(dataEvents: readonly TrailDataEvents[], partition: Partition, key: (path: string) => string): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  dataEvents.forEach((d, i) => {
    const at = `organizationTrail.dataEvents[${i}]`;
    if (!DATA_EVENT_RESOURCE_TYPES.includes(d.resourceType)) {
      problems.push(
        `${key(`${at}.resourceType`)} is \`${d.resourceType}\`, not a data event type CloudTrail documents for trails: use one of ${DATA_EVENT_RESOURCE_TYPES.join(", ")}`,
      );
    }
    d.arnPrefixes.forEach((prefix, j) => {
      if (!prefix.startsWith(`arn:${partition}:`)) {
        problems.push(`${key(`${at}.arnPrefixes[${j}]`)} is \`${prefix}\`: an ARN prefix in this partition starts with \`arn:${partition}:\``);
      }
    });
    const same = `${d.resourceType}|${String(d.readOnly)}`;
    const first = seen.get(same);
    if (first !== undefined)
      problems.push(
        `${key(at)} selects what ${key(`organizationTrail.dataEvents[${first}]`)} already selects (${d.resourceType}, same readOnly): merge their \`arnPrefixes\``,
      );
    else seen.set(same, i);
  });
  const resources = dataEvents.reduce((n, d) => n + d.arnPrefixes.length, 0);
  if (resources > MAX_DATA_RESOURCES) {
    problems.push(
      `${key("organizationTrail.dataEvents")} names ${resources} ARN prefixes: a trail takes at most ${MAX_DATA_RESOURCES} data resources: log whole types or fewer prefixes`,
    );
  }
  const values = conditionValueCount(advancedEventSelectorsOf(dataEvents));
  if (values > MAX_SELECTOR_CONDITION_VALUES) {
    problems.push(
      `${key("organizationTrail.dataEvents")} needs ${values} condition values: a trail's advanced event selectors take at most ${MAX_SELECTOR_CONDITION_VALUES}: select fewer prefixes`,
    );
  }
  return problems;
}
