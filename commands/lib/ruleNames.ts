/**
 * Rule names as declared in a conformance pack, from the names member accounts show.
 * Organization packs deploy each rule as `<declared name>-conformance-pack-<random>`
 * (aws-config-facts.md §4); the random part varies in length.
 */
const PACK_SUFFIX = /-conformance-pack-[a-z0-9]+$/;

/** `s3-bucket-versioning-enabled-conformance-pack-ab12cd3` -> `s3-bucket-versioning-enabled`. */
export function normalizeRuleName(name: string): string {
  return name.replace(PACK_SUFFIX, "");
}

/** Whether a rule name carries the organization conformance pack suffix. */
export function isConformancePackRuleName(name: string): boolean {
  return PACK_SUFFIX.test(name);
}
