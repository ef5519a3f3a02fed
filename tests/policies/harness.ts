/**
 * Test helpers for the policy pack: run it on a stack, mutate stacks, and
 * assert on violations with every violation printed when an assertion fails.
 */
import { expect } from "chai";

import type { ResourceValidationPolicy, StackValidationPolicy } from "../../policies/evaluate";

import { buildPolicyConfig, type DeploymentDescription } from "../../policies/config";
import { evaluatePack, type PackConfig, type PackViolation, type PlannedResource } from "../../policies/evaluate";
import { CONFIG_RECORDER } from "../../policies/tokens";

/** One violation per line, as a failing assertion shows them. */
export function describeViolations(violations: readonly PackViolation[]): string {
  if (violations.length === 0) return "  (no violations)";
  return violations.map((v) => `  [${v.enforcement}] ${v.policy}: ${v.message}${v.urn ? `\n      at ${v.urn}` : ""}`).join("\n");
}

/** The pack's violations on `resources` with the config built from `description`. */
export function verdict(
  resources: readonly PlannedResource[],
  description: DeploymentDescription,
  policies?: readonly (ResourceValidationPolicy | StackValidationPolicy)[],
): PackViolation[] {
  const config: PackConfig = buildPolicyConfig(description);
  return evaluatePack(resources, config, policies).violations;
}

export function expectNoViolations(violations: readonly PackViolation[], what = "the stack"): void {
  if (violations.length > 0) {
    expect.fail(`expected no violations on ${what}, got ${violations.length}:\n${describeViolations(violations)}`);
  }
}

export function expectNoMandatoryViolations(violations: readonly PackViolation[], what = "the stack"): void {
  const mandatory = violations.filter((v) => v.enforcement === "mandatory");
  if (mandatory.length > 0) {
    expect.fail(`expected no mandatory violations on ${what}, got ${mandatory.length}:\n${describeViolations(violations)}`);
  }
}

const keyOf = (v: PackViolation) => `${v.policy}\u0000${v.message}\u0000${v.urn ?? ""}`;

/** Violations in `after` that `before` did not have (as a multiset). */
export function newViolations(before: readonly PackViolation[], after: readonly PackViolation[]): PackViolation[] {
  const remaining = new Map<string, number>();
  for (const v of before) remaining.set(keyOf(v), (remaining.get(keyOf(v)) ?? 0) + 1);
  return after.filter((v) => {
    const left = remaining.get(keyOf(v)) ?? 0;
    if (left > 0) {
      remaining.set(keyOf(v), left - 1);
      return false;
    }
    return true;
  });
}

export interface ExpectedViolation {
  readonly policy: string;
  readonly enforcement?: "advisory" | "mandatory";
  /** Substrings the message must contain (the place, the value, the fix). */
  readonly mentions: readonly string[];
  /** Substring of the URN the violation must carry. */
  readonly urn?: string;
}

/** Exactly one violation in `violations`, the expected one; otherwise fail listing all of them. */
export function expectExactly(violations: readonly PackViolation[], expected: ExpectedViolation): PackViolation {
  const show = () => `\nexpected: ${JSON.stringify(expected)}\ngot ${violations.length}:\n${describeViolations(violations)}`;
  if (violations.length !== 1) expect.fail(`expected exactly one violation${show()}`);
  const [v] = violations;
  if (v.policy !== expected.policy) expect.fail(`wrong policy${show()}`);
  if (v.enforcement !== (expected.enforcement ?? "mandatory")) expect.fail(`wrong enforcement${show()}`);
  for (const text of expected.mentions) {
    if (!v.message.includes(text)) expect.fail(`message does not mention \`${text}\`${show()}`);
  }
  if (expected.urn !== undefined && !(v.urn ?? "").includes(expected.urn)) expect.fail(`wrong URN${show()}`);
  return v;
}

/** Exactly the expected violation is new in `after` compared with `before`. */
export function expectExactlyNew(before: readonly PackViolation[], after: readonly PackViolation[], expected: ExpectedViolation): PackViolation {
  return expectExactly(newViolations(before, after), expected);
}

/** A copy of `resources` with those matching `match` changed by `change` (inputs and state alike); fails if none matched. */
export function mutate(
  resources: readonly PlannedResource[],
  match: (r: PlannedResource) => boolean,
  change: (inputs: Record<string, unknown>) => void,
): PlannedResource[] {
  let matched = 0;
  const result = resources.map((r) => {
    if (!match(r)) return r;
    matched++;
    const inputs = structuredClone(r.inputs);
    change(inputs);
    const state = structuredClone(r.state ?? {});
    change(state);
    return { ...r, inputs, state };
  });
  expect(matched, "the mutation matched no resource").to.be.greaterThan(0);
  return result;
}

/** A copy of `resources` without those matching `match`; fails if none matched. */
export function remove(resources: readonly PlannedResource[], match: (r: PlannedResource) => boolean): PlannedResource[] {
  const result = resources.filter((r) => !match(r));
  expect(result.length, "the removal matched no resource").to.be.lessThan(resources.length);
  return result;
}

export const ofType = (type: string) => (r: PlannedResource) => r.type === type;
export const named = (type: string, name: string) => (r: PlannedResource) => r.type === type && r.name === name;

export const RECORDER = CONFIG_RECORDER;

/** The recorder of `accountId` in `region`. */
export const recorderAt = (accountId: string, region: string) => (r: PlannedResource) =>
  r.type === RECORDER && r.inputs.accountId === accountId && r.inputs.region === region;
