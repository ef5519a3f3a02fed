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

/** `--stack-trace-limit=10` is node's default; passing it keeps the program from turning per-promise stacks off (startup/stackCapture.ts). */
const KEEP_STACKS = "--stack-trace-limit=10";

/** The compiled entry (as committed) with `nodeargs`. */
function compiledWith(nodeargs: string, description: string): Variant {
  return { description: `${description} (nodeargs ${nodeargs})`, projectFile: { main: "dist/index.js", options: { typescript: false, nodeargs } } };
}

export const VARIANTS = {
  project: { description: "the committed Pulumi.yaml" },
  "ts-node": {
    description: "typescript: true (index.ts through ts-node, type-checked), stacks kept",
    projectFile: { options: { typescript: true, nodeargs: KEEP_STACKS } },
  },
  "ts-node-transpile-only": {
    description: "typescript: true with PULUMI_NODEJS_TRANSPILE_ONLY=true, stacks kept",
    projectFile: { options: { typescript: true, nodeargs: KEEP_STACKS } },
    env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" },
  },
  compiled: compiledWith(KEEP_STACKS, "main: dist/index.js, typescript: false, stacks kept"),
  "compiled-no-stacks": compiledWith(
    "--stack-trace-limit=0",
    "main: dist/index.js, typescript: false, node --stack-trace-limit=0 (for a checkout without startup/stackCapture.ts)",
  ),
  "semi-space-32": compiledWith("--max-semi-space-size=32", "the committed Pulumi.yaml plus a larger young generation"),
  "optimize-for-size": compiledWith("--optimize-for-size", "the committed Pulumi.yaml plus V8 favouring memory over speed"),
  "old-space-1536": compiledWith("--max-old-space-size=1536", "the committed Pulumi.yaml plus a heap limit that drives collection"),
} as const satisfies Record<string, Variant>;

export type VariantName = keyof typeof VARIANTS;
