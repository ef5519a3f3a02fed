/**
 * ARNs and partitions: AWS's own naming, no project logic. The ground floor: nothing here
 * imports from the project.
 */

/** An AWS partition: decides ARNs (`arn:<partition>:…`). */
export type Partition = "aws" | "aws-us-gov" | "aws-cn";

/** `arn:<partition>:iam::<account>:role/<name>` (`name` may carry a path: `service-role/x`). */
export function roleArn(partition: Partition, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** `arn:<partition>:logs:<region>:<account>:log-group:<name>` (a subscription's or permission's source adds `:*`). */
export function logGroupArn(partition: Partition, region: string, accountId: string, logGroupName: string): string {
  return `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/** The partition a region belongs to, by its prefix. */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}
