/**
 * AWS Config's own value sets that the program and the policy pack share: defined here, in the
 * lowest layer both can import (the pack imports nothing of the program), and imported by the
 * config schema, the domain, the pack catalog, the template reader and the cost model.
 */

/**
 * `MaximumExecutionFrequency` of a periodic rule, and `deliveryFrequency` of a delivery channel's
 * snapshots: the one list AWS Config takes for both.
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigRule.html
 * @see https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigSnapshotDeliveryProperties.html
 */
export const EXECUTION_FREQUENCIES = ["One_Hour", "Three_Hours", "Six_Hours", "Twelve_Hours", "TwentyFour_Hours"] as const;
export type ExecutionFrequency = (typeof EXECUTION_FREQUENCIES)[number];
