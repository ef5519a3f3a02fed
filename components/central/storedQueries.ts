/**
 * Advanced queries stored in the security account. Run against the
 * organization aggregator in the console, or by `npm run report` / `find`.
 * Query language: a SQL subset over configuration items
 * (https://docs.aws.amazon.com/config/latest/developerguide/querying-AWS-resources.html).
 */

export interface StoredQueryDefinition {
  /** `^[a-zA-Z0-9-_]+$`, at most 64 characters. */
  readonly name: string;
  readonly description: string;
  readonly expression: string;
}

export const STORED_QUERIES: readonly StoredQueryDefinition[] = [
  {
    name: "aws-config-org-noncompliant-by-rule-and-account",
    description: "Non-compliant resources, with the rules they fail, by account and region",
    expression:
      "SELECT accountId, awsRegion, configuration.targetResourceType, configuration.targetResourceId, configuration.configRuleList " +
      "WHERE resourceType = 'AWS::Config::ResourceCompliance' AND configuration.complianceType = 'NON_COMPLIANT'",
  },
  {
    name: "aws-config-org-recorder-coverage",
    description: "Configuration recorders by account and region, with their recording state",
    expression:
      "SELECT accountId, awsRegion, resourceName, configuration.recording, configuration.recordingGroup.allSupported " +
      "WHERE resourceType = 'AWS::Config::ConfigurationRecorder'",
  },
  {
    name: "aws-config-org-resource-counts-by-type",
    description: "Number of recorded resources by type, across the organization",
    expression: "SELECT resourceType, COUNT(*) GROUP BY resourceType ORDER BY COUNT(*) DESC",
  },
];
