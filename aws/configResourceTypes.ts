/**
 * The resource types AWS Config records, as data (config-resource-types.json, with the source
 * it was taken from and when). A recording profile that names a type outside this list is a
 * typo or a type AWS Config does not record; either way the recorder would not do what the
 * profile says. Refresh the file from a newer botocore when AWS adds types.
 */
import { closestNames } from "./closest";
import data from "./config-resource-types.json";

/** Where the list comes from, and when it was read. */
export const CONFIG_RESOURCE_TYPES_SOURCE: { readonly source: string; readonly retrieved: string } = { source: data.source, retrieved: data.retrieved };

export const CONFIG_RESOURCE_TYPES: ReadonlySet<string> = new Set([...data.resourceTypes, ...Object.keys(data.additions.types)]);

/** The listed types closest to `type` (same service first), for a "did you mean" hint. */
export function closestResourceTypes(type: string, max = 2): string[] {
  const service = type.split("::").slice(0, 2).join("::");
  return closestNames(type, CONFIG_RESOURCE_TYPES, { max, penalty: (t) => (t.startsWith(`${service}::`) ? 0 : 2) });
}
