import type { ParameterType, ValueConstraints } from "./catalog/facts";
/**
 * Checks a parameter value (always a string in stack config and in Config's
 * `InputParameters`) against its declared type and AWS's documented limits.
 * Pure: returns problems, each starting with the given path in backticks.
 */

/** Items of a CSV or StringMap value: split on commas, trimmed. */
export function valueItems(value: string): string[] {
  return value.split(",").map((item) => item.trim());
}

export function checkParameterValue(path: string, type: ParameterType, value: string, constraints: ValueConstraints = {}): string[] {
  const problems: string[] = [];
  const hint = constraints.itemHint ?? "a valid value";

  if (constraints.maxLength !== undefined && value.length > constraints.maxLength) {
    problems.push(
      `\`${path}\` is ${value.length} characters long; AWS allows at most ${constraints.maxLength}: shorten the list or split it over another mechanism (the approved-images custom rule has no length limit)`,
    );
  }

  switch (type) {
    case "String":
      if (constraints.itemPattern && !constraints.itemPattern.test(value)) {
        problems.push(`\`${path}\`: \`${value}\` is not ${hint}`);
      }
      break;
    case "Int": {
      if (!/^-?\d+$/.test(value)) {
        problems.push(`\`${path}\`: \`${value}\` is not an integer`);
        break;
      }
      const n = Number(value);
      if (constraints.min !== undefined && n < constraints.min) problems.push(`\`${path}\`: ${n} is below the minimum ${constraints.min}`);
      if (constraints.max !== undefined && n > constraints.max) problems.push(`\`${path}\`: ${n} is above the maximum ${constraints.max}`);
      break;
    }
    case "Boolean":
      if (!/^(true|false)$/i.test(value)) problems.push(`\`${path}\`: \`${value}\` is not \`true\` or \`false\``);
      break;
    case "CSV":
    case "StringMap": {
      const items = valueItems(value);
      if (items.some((item) => item === "")) {
        problems.push(`\`${path}\`: \`${value}\` has an empty item; separate items with single commas`);
      }
      if (constraints.maxItems !== undefined && items.length > constraints.maxItems) {
        problems.push(`\`${path}\` lists ${items.length} items; AWS allows at most ${constraints.maxItems}: remove ${items.length - constraints.maxItems}`);
      }
      const pattern = constraints.itemPattern ?? (type === "StringMap" ? /^[^:]+:.*$/ : undefined);
      const itemHint = constraints.itemHint ?? (type === "StringMap" ? "a `key:value` pair" : hint);
      if (pattern) {
        const bad = items.filter((item) => item !== "" && !pattern.test(item));
        if (bad.length > 0) {
          problems.push(`\`${path}\`: ${bad.map((b) => `\`${b}\``).join(", ")} ${bad.length === 1 ? "is" : "are"} not ${itemHint}`);
        }
      }
      const duplicates = items.filter((item, i) => item !== "" && items.indexOf(item) !== i);
      if (duplicates.length > 0) {
        problems.push(`\`${path}\`: ${[...new Set(duplicates)].map((d) => `\`${d}\``).join(", ")} listed more than once`);
      }
      break;
    }
  }
  return problems;
}
