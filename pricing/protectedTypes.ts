/**
 * The resource types other controls need recorded (pricing/protected-resource-types.json: AWS's
 * list per Security Hub standard, Control Tower's among them), validated and typed. Data: change
 * the JSON, not this file.
 */
import * as fs from "fs";
import * as path from "path";

export interface ProtectedStandard {
  readonly standard: string;
  readonly resourceTypes: readonly string[];
}

export interface ProtectedTypes {
  readonly source: string;
  readonly read: string;
  readonly standards: readonly ProtectedStandard[];
}

export const PROTECTED_TYPES_FILE = path.join(__dirname, "protected-resource-types.json");

/** Checks a parsed file; throws one error listing every problem. */
export function validateProtectedTypes(raw: unknown, file = PROTECTED_TYPES_FILE): ProtectedTypes {
  const p = (raw ?? {}) as Partial<ProtectedTypes>;
  const problems: string[] = [];
  if (typeof p.source !== "string" || !p.source.startsWith("https://")) problems.push("`source` must be the AWS page the list is from (https://…)");
  if (typeof p.read !== "string") problems.push("`read` must say when and how the list was read");
  if (!Array.isArray(p.standards) || p.standards.length === 0) problems.push("`standards` must list at least one standard");
  (Array.isArray(p.standards) ? p.standards : []).forEach((s, i) => {
    if (typeof s?.standard !== "string") problems.push(`\`standards[${i}].standard\` must name the standard`);
    if (!Array.isArray(s?.resourceTypes) || !s.resourceTypes.every((t: unknown) => typeof t === "string" && /^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/.test(t))) {
      problems.push(`\`standards[${i}].resourceTypes\` must be a list of resource types (AWS::Service::Type)`);
    }
  });
  if (problems.length > 0) throw new Error(`${file}: ${problems.length} problem(s):\n${problems.map((x) => `  - ${x}`).join("\n")}`);
  return p as ProtectedTypes;
}

export function loadProtectedTypes(file = PROTECTED_TYPES_FILE): ProtectedTypes {
  return validateProtectedTypes(JSON.parse(fs.readFileSync(file, "utf8")), file);
}
