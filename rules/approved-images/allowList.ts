/**
 * The approved-images allow-list: any number of entries, each a conjunction
 * of image attributes. An instance is compliant when its image matches at
 * least one entry; inside one attribute, any listed value matches.
 *
 * @example
 * {
 *   "version": 1,
 *   "entries": [
 *     { "description": "Golden images", "ownerAccountIds": ["111122223333"], "namePatterns": ["golden-*"] },
 *     { "description": "Amazon Linux 2023", "ownerAccountIds": ["amazon"], "namePatterns": ["al2023-ami-2023.*-x86_64"] },
 *     { "description": "Pinned legacy image", "imageIds": ["ami-0abc1234def567890"] },
 *     { "description": "Anything tagged approved", "tags": { "approved": "true" } }
 *   ]
 * }
 *
 * Pure and dependency-free: this folder is the Lambda's code.
 */

export interface AllowListEntry {
  /** Shown in findings, so a reader knows why an instance passed. */
  readonly description?: string;
  /** `ami-…` ids. */
  readonly imageIds?: readonly string[];
  /** Image owner: a 12-digit account id or an owner alias (`amazon`, `aws-marketplace`). */
  readonly ownerAccountIds?: readonly string[];
  /** Image name patterns: `*` any run of characters, `?` one character. */
  readonly namePatterns?: readonly string[];
  /** Image tags that must all be present; value `*` accepts any value. Only tags visible to the instance's account count. */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface AllowList {
  readonly version: 1;
  readonly entries: readonly AllowListEntry[];
}

const ENTRY_KEYS = ["description", "imageIds", "ownerAccountIds", "namePatterns", "tags"];
const CRITERIA = ["imageIds", "ownerAccountIds", "namePatterns", "tags"];
const IMAGE_ID = /^ami-[0-9a-f]{8,17}$/;
const OWNER = /^(\d{12}|amazon|aws-marketplace|aws-backup-vault)$/;

/** Every problem of a candidate allow-list, by path; empty when valid. */
export function validateAllowList(value: unknown, path = "allowList"): string[] {
  if (!isObject(value)) return [`\`${path}\` must be an object with \`version: 1\` and \`entries\``];
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (key !== "version" && key !== "entries") problems.push(`\`${path}.${key}\` is not a known key; use \`version\` and \`entries\``);
  }
  if (value["version"] !== 1) problems.push(`\`${path}.version\` must be 1`);
  const entries = value["entries"];
  if (!Array.isArray(entries) || entries.length === 0) {
    problems.push(`\`${path}.entries\` must list at least one entry (an empty allow-list would make every instance non-compliant)`);
    return problems;
  }
  entries.forEach((entry, i) => problems.push(...validateEntry(entry, `${path}.entries[${i}]`)));
  return problems;
}

function validateEntry(entry: unknown, path: string): string[] {
  if (!isObject(entry)) return [`\`${path}\` must be an object`];
  const problems: string[] = [];
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.includes(key)) problems.push(`\`${path}.${key}\` is not a known key; use ${ENTRY_KEYS.map((k) => `\`${k}\``).join(", ")}`);
  }
  if (!CRITERIA.some((c) => entry[c] !== undefined)) {
    problems.push(
      `\`${path}\` has no criterion: give \`imageIds\`, \`ownerAccountIds\`, \`namePatterns\` or \`tags\` (an empty entry would approve every image)`,
    );
  }
  if (entry["description"] !== undefined && typeof entry["description"] !== "string") problems.push(`\`${path}.description\` must be a string`);
  problems.push(...stringList(entry["imageIds"], `${path}.imageIds`, IMAGE_ID, "an AMI id like `ami-0abc1234`"));
  problems.push(...stringList(entry["ownerAccountIds"], `${path}.ownerAccountIds`, OWNER, "a 12-digit account id or `amazon`/`aws-marketplace`"));
  problems.push(...stringList(entry["namePatterns"], `${path}.namePatterns`, /^.{1,128}$/, "a name pattern of 1–128 characters"));
  const tags = entry["tags"];
  if (tags !== undefined) {
    if (!isObject(tags) || Object.keys(tags).length === 0) problems.push(`\`${path}.tags\` must map at least one tag key to a value (\`*\` for any)`);
    else {
      for (const [key, v] of Object.entries(tags)) {
        if (typeof v !== "string") problems.push(`\`${path}.tags.${key}\` must be a string (\`*\` for any value)`);
      }
    }
  }
  return problems;
}

function stringList(value: unknown, path: string, pattern: RegExp, hint: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) return [`\`${path}\` must be a non-empty list`];
  const bad = value.filter((v) => typeof v !== "string" || !pattern.test(v));
  return bad.length > 0 ? [`\`${path}\`: ${bad.map((b) => `\`${String(b)}\``).join(", ")} ${bad.length === 1 ? "is" : "are"} not ${hint}`] : [];
}

/** Parses the allow-list object's text; throws one error listing every problem. */
export function parseAllowList(text: string, source = "allow-list"): AllowList {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  const problems = validateAllowList(value, "allowList");
  if (problems.length > 0) throw new Error(`${source} is invalid (${problems.length} issues):\n- ${problems.join("\n- ")}`);
  return value as AllowList;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
