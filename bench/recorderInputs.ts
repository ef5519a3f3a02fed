/**
 * A recorder's inputs in the shape the program registers them (components/recorderSettings.ts
 * `desiredRecorder`, AWS Config API field names), for benchmarks that need many of them
 * without running the program: the SDK floor and the dynamic provider host.
 */

/** The 17 default-enabled commercial regions, in the synthetic organization's order. */
export const BENCH_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "ap-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-southeast-1",
  "ap-southeast-2",
  "ca-central-1",
  "eu-central-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "sa-east-1",
];

/** Account and region of the `i`-th place of an organization laid out account by account. */
export function placeAt(i: number): { accountId: string; region: string } {
  return { accountId: String(100000000000 + Math.floor(i / BENCH_REGIONS.length)), region: BENCH_REGIONS[i % BENCH_REGIONS.length] };
}

export function recorderInputs(accountId: string, region: string): Record<string, unknown> {
  return {
    accountId,
    region,
    roleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    recorder: {
      name: "default",
      roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: region === BENCH_REGIONS[0],
        recordingStrategy: { useOnly: "ALL_SUPPORTED_RESOURCE_TYPES" },
      },
      recordingMode: { recordingFrequency: "CONTINUOUS", recordingModeOverrides: [] },
    },
    deliveryChannel: {
      name: "default",
      s3BucketName: "aws-config-org-100000000002-us-east-1",
      snsTopicARN: `arn:aws:sns:${region}:100000000001:aws-config-org-notifications`,
      configSnapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" },
    },
    recording: true,
  };
}
