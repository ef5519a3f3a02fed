/**
 * AWS Config's rules for what a recorder records where and how often, stated once: the program
 * builds its recorders and checks its profiles by them (config/profiles.ts,
 * components/recorderSettings.ts), and this policy pack checks the recorders against them
 * (recorder.ts, coverage.ts). Facts: ../shared/aws-config-facts.md §3 (RecordingMode,
 * RecordingGroup) and docs/aws-constraints.md.
 */

/** Types AWS Config will not record DAILY (API `RecordingMode`): a DAILY recorder keeps them CONTINUOUS by an override. */
export const CONTINUOUS_ONLY_TYPES: readonly string[] = [
  "AWS::Config::ResourceCompliance",
  "AWS::Config::ConformancePackCompliance",
  "AWS::Config::ConfigurationRecorder",
];

/** AWS allows at most one `recordingModeOverrides` entry. */
export const MAX_RECORDING_MODE_OVERRIDES = 1;

/** The global IAM types: recorded in one region per account only. */
export const GLOBAL_IAM_TYPES: readonly string[] = ["AWS::IAM::Group", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::User"];

/**
 * Global types AWS records in every Region where a recorder runs, whatever
 * `includeGlobalResourceTypes` says: "The AWS::RDS::GlobalCluster resource type will be recorded
 * in all supported AWS Config Regions where the configuration recorder is enabled. If you do not
 * want to record AWS::RDS::GlobalCluster in all enabled Regions, use the EXCLUSION_BY_RESOURCE_TYPES
 * or INCLUSION_BY_RESOURCE_TYPES recording strategy" (API `RecordingGroup`).
 */
export const EVERY_REGION_GLOBAL_TYPES: readonly string[] = ["AWS::RDS::GlobalCluster"];
