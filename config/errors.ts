/**
 * The one error a user's input raises: every problem found, each naming the key or inventory
 * entry and how to fix it, reported together before anything is deployed.
 */
export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly context: string,
  ) {
    super(
      `${context}: ${problems.length} problem${problems.length === 1 ? "" : "s"} to fix before anything is deployed:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** `aws-config-org stack \`<stack>\``: how every config message of a stack begins. */
export function stackContext(stack: string): string {
  return `aws-config-org stack \`${stack}\``;
}
