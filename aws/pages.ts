/**
 * Follows `NextToken` until the last page. Each page gets a fresh input object (the SDK's
 * own paginators reuse one, which hides the tokens actually sent from request logs and mocks).
 */
export interface Paged {
  readonly NextToken?: string;
}

export async function allPages<P extends Paged>(fetchPage: (nextToken: string | undefined) => Promise<P>): Promise<P[]> {
  const pages: P[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    pages.push(page);
    token = page.NextToken || undefined;
    if (token !== undefined) {
      // A service that repeats a token would loop forever: stop and say so.
      if (seen.has(token)) throw new Error(`pagination returned the same \`NextToken\` twice (${token.slice(0, 16)}…)`);
      seen.add(token);
    }
  } while (token !== undefined);
  return pages;
}
