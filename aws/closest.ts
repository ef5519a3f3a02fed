/**
 * The nearest names to a misspelt one, for "did you mean" hints (resource types, managed rule
 * identifiers, OU ids): Levenshtein edit distance, ties broken by name.
 */

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Up to `max` of `candidates` nearest to `value` (case-insensitive), within a distance of
 * `maxDistance` (default: 3, or a quarter of the name's length when longer), `penalty`
 * added per candidate where a family of names ranks some first.
 */
export function closestNames(
  value: string,
  candidates: Iterable<string>,
  options: { readonly max?: number; readonly maxDistance?: number; readonly penalty?: (candidate: string) => number } = {},
): string[] {
  const limit = options.maxDistance ?? Math.max(3, Math.floor(value.length / 4));
  const scored = [...new Set(candidates)].map((c) => ({ c, d: editDistance(value.toLowerCase(), c.toLowerCase()) + (options.penalty?.(c) ?? 0) }));
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  return scored
    .filter((s) => s.d <= limit)
    .slice(0, options.max ?? 2)
    .map((s) => s.c);
}
