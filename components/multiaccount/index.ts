/**
 * The multi-account layer's public surface (README.md in this folder explains it).
 * Components import the Resource classes; operator commands the session, plan and calls.
 */
export { AccountRole, type AccountRoleArgs } from "./resources/accountRole";
export { clientFor } from "./awsClients";
export { onAwsCall, type AwsCall } from "./callHooks";
export { ConfigRecorder, type ConfigRecorderArgs, type ConfigRecorderInputs, type ConfigRecorderOutputs } from "./resources/configRecorder";
export { readConfigState, type RegionalTarget } from "./configService";
export { concurrencyBounds, withLimits } from "./limits";
export type { Difference } from "./recorderCompare";
export { planRecorder, type RecorderAction, type RecorderPlan } from "./recorderPlan";
export type { DeliveryChannelSpec, DesiredConfigState, ExistingConfigState, PreexistingConfig, RecorderSpec } from "./recorderTypes";
export { ServiceLinkedRole, type ServiceLinkedRoleArgs } from "./resources/serviceLinkedRole";
export * from "./session";
export { TrustedServiceAccess, type TrustedServiceAccessArgs } from "./resources/trustedServiceAccess";
