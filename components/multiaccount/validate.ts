/**
 * Input checks shared by the resources' `check()`: each returns a failure naming the
 * property, or nothing. Values not known yet (preview) always pass.
 */
import type { CheckFailure } from "@pulumi/pulumi/dynamic";
import { containsUnknown } from "./unknowns";

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const ROLE_ARN = /^arn:aws(-[a-z-]+)?:iam::(\d{12}):role\/[\w+=,.@/-]+$/;

export function checkAccountId(property: string, value: unknown, failures: CheckFailure[]): void {
  if (containsUnknown(value)) return;
  if (typeof value !== "string" || !ACCOUNT_ID.test(value)) {
    failures.push({ property, reason: `\`${property}\` must be a 12-digit account id, got \`${String(value)}\`` });
  }
}

export function checkRegion(property: string, value: unknown, failures: CheckFailure[]): void {
  if (containsUnknown(value)) return;
  if (typeof value !== "string" || !REGION.test(value)) {
    failures.push({ property, reason: `\`${property}\` must be a region code such as \`eu-west-1\`, got \`${String(value)}\`` });
  }
}

/** `roleArn`, when given, must be a role in `accountId`. */
export function checkRoleArn(property: string, value: unknown, accountId: unknown, failures: CheckFailure[]): void {
  if (value === undefined || containsUnknown(value)) return;
  const match = typeof value === "string" ? ROLE_ARN.exec(value) : null;
  if (!match) {
    failures.push({ property, reason: `\`${property}\` must be an IAM role ARN, got \`${String(value)}\`` });
  } else if (typeof accountId === "string" && !containsUnknown(accountId) && match[2] !== accountId) {
    failures.push({
      property,
      reason: `\`${property}\` is a role in account \`${match[2]}\` but \`accountId\` is \`${accountId}\`; assume a role in the account you act in`,
    });
  }
}

export function checkNonEmptyString(property: string, value: unknown, failures: CheckFailure[]): void {
  if (containsUnknown(value)) return;
  if (typeof value !== "string" || value.length === 0) {
    failures.push({ property, reason: `\`${property}\` is required (a non-empty string)` });
  }
}

export function checkJson(property: string, value: unknown, failures: CheckFailure[]): void {
  if (containsUnknown(value)) return;
  try {
    if (typeof value !== "string") throw new Error("not a string");
    JSON.parse(value);
  } catch (error) {
    failures.push({ property, reason: `\`${property}\` must be a JSON document string (${(error as Error).message})` });
  }
}
