/**
 * One real-path run in its own process, printing one JSON line (bench/index.ts runs it).
 *   node dist/bench/realPath/cli.js program <accounts> [variant]   the project's program on a synthetic organization
 *   node dist/bench/realPath/cli.js floor <places>                  the SDK floor (bench/sdkFloor)
 * Variants (variants.ts) replace Pulumi.yaml's entry and runtime options, to measure one means at a time.
 * `BENCH_PROJECT_ROOT=<dir>` runs another checkout of the project (built, with node_modules), e.g. an
 * earlier commit, for a before-and-after figure.
 */
import * as path from "path";

import { PROJECT_NAME, PROJECT_ROOT } from "../../config/sources";
import { SYNTHETIC, syntheticOrganization } from "../../offline/syntheticOrganization";
import { runRealPath, type RealPathFigures } from "./run";
import { VARIANTS, type Variant, type VariantName } from "./variants";

/** The CLI's default `--parallel` on this machine: 4 × GOMAXPROCS (pulumi/pulumi#14989). */
export const DEFAULT_PARALLEL = 4 * require("os").availableParallelism();
const REGIONS = 17;

async function program(accounts: number, variant: VariantName): Promise<RealPathFigures & { accounts: number; variant: string }> {
  const org = syntheticOrganization(accounts, REGIONS);
  try {
    const v: Variant = VARIANTS[variant];
    const figures = await runRealPath({
      projectRoot: process.env.BENCH_PROJECT_ROOT ?? PROJECT_ROOT,
      project: PROJECT_NAME,
      stack: "bench",
      organization: "organization",
      dryRun: true,
      parallel: DEFAULT_PARALLEL,
      config: org.config,
      callerAccountId: SYNTHETIC.management,
      ...(v.projectFile ? { projectFile: v.projectFile } : {}),
      ...(v.env ? { extraEnv: v.env } : {}),
    });
    return { accounts, variant, ...figures };
  } finally {
    org.cleanup();
  }
}

async function floor(places: number): Promise<RealPathFigures & { places: number }> {
  const entry = path.join(__dirname, "..", "sdkFloor", "index.js");
  const figures = await runRealPath({
    projectRoot: PROJECT_ROOT,
    project: "sdk-floor",
    stack: "bench",
    organization: "organization",
    dryRun: true,
    parallel: DEFAULT_PARALLEL,
    config: { "sdk-floor:places": String(places) },
    callerAccountId: SYNTHETIC.management,
    projectFile: { main: path.relative(PROJECT_ROOT, entry), options: { typescript: false } },
  });
  return { places, ...figures };
}

async function main(): Promise<void> {
  const [what, size, variant] = process.argv.slice(2);
  const n = Number(size);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`usage: cli.js program <accounts> [variant] | floor <places> (got size \`${size}\`)`);
  if (what === "program") {
    const name = (variant ?? "project") as VariantName;
    if (!(name in VARIANTS)) throw new Error(`unknown variant \`${name}\`; one of: ${Object.keys(VARIANTS).join(", ")}`);
    process.stdout.write(JSON.stringify(await program(n, name)) + "\n");
  } else if (what === "floor") {
    process.stdout.write(JSON.stringify(await floor(n)) + "\n");
  } else {
    throw new Error(`usage: cli.js program <accounts> [variant] | floor <places> (got \`${what}\`)`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
