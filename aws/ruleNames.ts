/**
 * In member accounts, rules deployed by an organization conformance pack are
 * named `<templateRuleName>-conformance-pack-<random>` (aws-config-facts.md §4).
 */
const CONFORMANCE_PACK_SUFFIX = /-conformance-pack-[a-z0-9]+$/;

/** The rule name as the pack template declares it: the member-account suffix stripped. */
export function normalizeRuleName(name: string): string {
  return name.replace(CONFORMANCE_PACK_SUFFIX, "");
}
