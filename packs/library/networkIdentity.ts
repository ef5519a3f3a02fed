import type { PackDefinition } from "../choices";
/**
 * Network and identity: SSH from the internet, root access keys, CloudTrail
 * and GuardDuty. None of the fixes is safe unattended (closing SSH can lock
 * operators out; a local GuardDuty detector can fight a delegated one), so
 * they are manual; root keys have no runbook at all.
 */

const fromParameter = (name: string) => ({ kind: "packParameter", name }) as const;

export const networkAndIdentity: PackDefinition = {
  name: "network-and-identity",
  description: "Restricted SSH, no root access keys, CloudTrail logging, GuardDuty enabled.",
  parameters: {
    cloudTrailBucketName: {
      type: "String",
      description: "Bucket the trail must deliver to (the organization trail's bucket); any bucket when unset.",
    },
    guardDutyAdministratorAccountId: {
      type: "String",
      description: "GuardDuty delegated administrator that must receive findings; a local detector suffices when unset.",
    },
  },
  rules: [
    { rule: "restricted-ssh", remediation: { mode: "manual" } },
    { rule: "iam-root-access-key-check", remediation: { mode: "off" } },
    {
      rule: "cloudtrail-enabled",
      inputs: { s3BucketName: fromParameter("cloudTrailBucketName") },
      remediation: { mode: "off" },
    },
    {
      rule: "guardduty-enabled-centralized",
      inputs: { CentralMonitoringAccount: fromParameter("guardDutyAdministratorAccountId") },
      remediation: { mode: "manual" },
    },
  ],
};
