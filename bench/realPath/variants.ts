/**
 * Launch variants of the program for measuring one means at a time. `project` is the
 * project's own Pulumi.yaml as committed (what users run); the others replace its entry
 * and runtime options with one change each, as a user could write them in Pulumi.yaml
 * or set in the environment.
 */
export interface Variant {
  readonly description: string;
  /** Pulumi.yaml's `main` and `runtime.options`; absent: the committed Pulumi.yaml. */
  readonly projectFile?: { readonly main?: string; readonly options: Readonly<Record<string, unknown>> };
  readonly env?: Readonly<Record<string, string>>;
}

export const VARIANTS = {
  project: { description: "the committed Pulumi.yaml" },
  "ts-node": { description: "typescript: true, index.ts through ts-node with type checking", projectFile: { options: { typescript: true } } },
  "ts-node-transpile-only": {
    description: "typescript: true, PULUMI_NODEJS_TRANSPILE_ONLY=true",
    projectFile: { options: { typescript: true } },
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  },
  compiled: { description: "main: dist/index.js, typescript: false", projectFile: { main: "dist/index.js", options: { typescript: false } } },
} as const satisfies Record<string, Variant>;

export type VariantName = keyof typeof VARIANTS;
