/**
 * The Lambda's environment: where the allow-list is, where findings go, and
 * which role to assume in member accounts. The component sets these names.
 */
export const ENV = {
  /** Region of the bucket (the security account's home region); the function runs in every governed region. */
  bucketRegion: "BUCKET_REGION",
  allowListBucket: "ALLOW_LIST_BUCKET",
  allowListKey: "ALLOW_LIST_KEY",
  /** Key, in the allow-list bucket, of the in-scope account ids (inventory.ts): the only accounts the rule acts for. */
  accountsKey: "ACCOUNTS_KEY",
  findingsBucket: "FINDINGS_BUCKET",
  findingsPrefix: "FINDINGS_PREFIX",
  readerRoleName: "READER_ROLE_NAME",
  /** IAM path of the reader role, `/…/`. */
  readerRolePath: "READER_ROLE_PATH",
} as const;

export type HandlerEnvironment = { readonly [K in keyof typeof ENV]: string };

/** Reads every variable; throws naming the missing ones. */
export function environmentOf(env: Readonly<Record<string, string | undefined>>): HandlerEnvironment {
  const missing = Object.values(ENV).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `approved-images rule: environment variable(s) ${missing.map((m) => `\`${m}\``).join(", ")} not set; redeploy the ApprovedImagesRule component`,
    );
  }
  return Object.fromEntries(Object.entries(ENV).map(([key, name]) => [key, env[name]!])) as HandlerEnvironment;
}

/** The reader role of a member account. */
export function readerRoleArn(partition: string, accountId: string, env: Pick<HandlerEnvironment, "readerRoleName" | "readerRolePath">): string {
  return `arn:${partition}:iam::${accountId}:role${env.readerRolePath}${env.readerRoleName}`;
}
