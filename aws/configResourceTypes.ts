/**
 * The resource types AWS Config records, as data (config-resource-types.json, with the source
 * it was taken from and when). A recording profile that names a type outside this list is a
 * typo or a type AWS Config does not record; either way the recorder would not do what the
 * profile says. Refresh the file from a newer botocore when AWS adds types.
 */
import data from "./config-resource-types.json";

/** Where the list comes from, and when it was read. */
export const CONFIG_RESOURCE_TYPES_SOURCE: { readonly source: string; readonly retrieved: string } = { source: data.source, retrieved: data.retrieved };

export const CONFIG_RESOURCE_TYPES: ReadonlySet<string> = new Set([...data.resourceTypes, ...Object.keys(data.additions.types)]);

/** The listed types closest to `type` (same service first), for a "did you mean" hint. */
export function closestResourceTypes(type: string, max = 2): string[] {
  const service = type.split("::").slice(0, 2).join("::");
  const scored = [...CONFIG_RESOURCE_TYPES].map((t) => ({ t, d: editDistance(type.toLowerCase(), t.toLowerCase()) + (t.startsWith(`${service}::`) ? 0 : 2) }));
  scored.sort((a, b) => a.d - b.d || a.t.localeCompare(b.t));
  return scored.filter((s) => s.d <= Math.max(3, Math.floor(type.length / 4))).slice(0, max).map((s) => s.t);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
