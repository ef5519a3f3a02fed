/** Inputs and call recording shared by the provider tests. */
import { onAwsCall, type AwsCall } from "../../../../components/multiaccount/callHooks";
import type { ConfigRecorderInputs } from "../../../../components/multiaccount/resources/configRecorder";

export function slrArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

/** The recorder inputs the components pass for one place. */
export function recorderInputs(
  account: { id: string; roleArn?: string },
  region: string,
  bucket: string,
  overrides: Partial<ConfigRecorderInputs> = {},
): ConfigRecorderInputs {
  return {
    accountId: account.id,
    region,
    ...(account.roleArn ? { roleArn: account.roleArn } : {}),
    recorder: {
      name: "aws-config-org",
      roleARN: slrArn(account.id),
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === "us-east-1" },
    },
    deliveryChannel: {
      name: "aws-config-org",
      s3BucketName: bucket,
      configSnapshotDeliveryProperties: { deliveryFrequency: "Six_Hours" },
    },
    recording: true,
    ...overrides,
  };
}

/** Record every SDK call until `stop()`. */
export function recordCalls(): { readonly calls: AwsCall[]; writes(): AwsCall[]; stop(): void } {
  const calls: AwsCall[] = [];
  const stop = onAwsCall((call) => calls.push(call));
  return { calls, writes: () => calls.filter((c) => c.write), stop };
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}
