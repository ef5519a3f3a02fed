/**
 * S3's naming rules for general purpose buckets, each as its own message, so a refused name
 * says which rule it breaks (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"] as const;

/** Every S3 naming rule `name` breaks, in words (empty when it is a valid bucket name). */
export function bucketNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) problems.push(`a bucket name has 3 to 63 characters, this one ${name.length}`);
  const bad = [...new Set(name.replace(/[a-z0-9.-]/g, ""))];
  if (bad.length > 0) {
    const upper = bad.some((c) => /[A-Z]/.test(c));
    problems.push(
      `a bucket name has only lowercase letters, digits, \`.\` and \`-\`, not ${bad.map((c) => (c === " " ? "a space" : `\`${c}\``)).join(", ")}${upper ? " (write it in lower case)" : ""}`,
    );
  }
  if (name.length > 0 && (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name))) problems.push("a bucket name begins and ends with a letter or a digit");
  if (name.includes("..")) problems.push("a bucket name has no two adjacent periods (`..`)");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push("a bucket name is not formatted as an IP address");
  for (const p of RESERVED_PREFIXES) if (name.startsWith(p)) problems.push(`a bucket name does not begin with \`${p}\` (reserved by S3)`);
  for (const s of RESERVED_SUFFIXES) if (name.endsWith(s)) problems.push(`a bucket name does not end with \`${s}\` (reserved by S3)`);
  return problems;
}
