/**
 * No CloudFormation StackSets: every account is managed by the multi-account
 * provider, so there is one source of truth and one preview for all of them.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";

import { STACKSET_TYPES } from "./tokens";

/** Listed tokens, plus any future StackSet-shaped token of either AWS provider. */
export function isStackSetType(type: string): boolean {
  if (STACKSET_TYPES.includes(type)) {
    return true;
  }
  const [pkg, module = "", name = ""] = type.split(":");
  return (pkg === "aws" || pkg === "aws-native") && /cloudformation/i.test(module) && /^(StackSet|StackInstances)/.test(name);
}

export const cloudformationStacksetProhibited: ResourceValidationPolicy = {
  name: "cloudformation-stackset-prohibited",
  description: "Checks whether the stack declares CloudFormation StackSets or their instances (aws and aws-native).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (!isStackSetType(args.type)) {
      args.notApplicable("Policy only applies to CloudFormation StackSet resources");
    }
    reportViolation(`StackSets are prohibited: remove \`${args.type}\` \`${args.name}\` and manage each account ` + "through the multi-account provider.");
  },
};

export const stacksetPolicies: readonly ResourceValidationPolicy[] = [cloudformationStacksetProhibited];
