/**
 * Preview support: during `pulumi preview` inputs computed from other resources arrive in
 * `check`/`diff` as this sentinel string (`@pulumi/pulumi` runtime `unknownValue`; the
 * dynamic provider host does not convert it). Inlined so the provider need not load Pulumi.
 */
import { canonical } from "./recorderCompare";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether `value` is, or anywhere contains, an unknown. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** `a` and `b` differ, or either is not known yet. */
export function changedOrUnknown(a: unknown, b: unknown): boolean {
  return containsUnknown(a) || containsUnknown(b) || canonical(a) !== canonical(b);
}
