/**
 * `npm run cost -- --stack <name> (--counts <file> | --live) [--organization <file>] [--compare <profile>]`
 * `npm run cost -- --stack <name> --measured [--days 30] [--counts <file>] [--html <file>] [--write-inventory <file>]`
 *
 * `--measured` reads what Config billed and recorded instead of estimating (commands/lib/costMeasuredRun.ts).
 *
 * With `--counts`, nothing asks AWS: a `discover: true` stack takes its organization from
 * `--organization <file>` or accounts/fixtures/<stack>-organization.json, as the offline plan does.
 *
 * Estimates the monthly AWS Config bill of the stack as configured and shows the arithmetic:
 * configuration items by frequency and profile, rule and conformance-pack evaluations through
 * the per-Region tiers, per account and region totals. `--compare lean` puts every account on
 * another profile side by side, so a team sees what DAILY recording and exclusions save (or
 * cost: a resource changing a few times a month is cheaper CONTINUOUS).
 *
 * `--live` also takes preflight's census of service-linked recorders (the same probes,
 * commands/lib/preflightProbes.ts) and adds, as its own line per account and region, what
 * one recording continuously bills over the profile: DAILY types billed at the continuous
 * rate, and the types the profile excludes. With `--counts` they are not counted, and the
 * estimate says so.
 *
 * Structure: gather (counts file, or aggregator and census) -> estimateCost (commands/lib/costModel.ts,
 * pure) -> render. Exit codes: 0 estimate printed, 2 usage / config / input error.
 */
import { loadPrices, PRICES_FILE, type ConfigPrices } from "../pricing/prices";
import { countOf, selectAggregate, stringAt, type AggregatorTarget } from "./lib/advancedQuery";
import {
  addFormatOptions,
  addStackOptions,
  type AggregatorCommandDependencies,
  aggregatorCommandDependencies,
  type AggregatorCommandOptions,
  type CommandIo,
  loadStackOf,
  newProgram,
  outputFormatOf,
  parseArguments,
  positiveInteger,
  processIo,
  runCommand,
  runMain,
} from "./lib/cli";
import { DEFAULT_ASSUMPTIONS, GLOBAL_REGION_KEY, readCostInput, type CostAssumptions, type ResourceCounts } from "./lib/costInput";
import { accountsWithoutCounts, estimateCost } from "./lib/costModel";
import { ExitCode, InputError, UsageError } from "./lib/exitCodes";
import { mergeRules, packCostRules } from "./lib/packRules";
import { serviceLinkedCensus, type ServiceLinkedCensus } from "./lib/preflightModel";
import { observeOrganization, type Probes } from "./lib/preflightProbes";
import { runMeasured } from "./lib/costMeasuredRun";
import { createProgress, type Progress } from "./lib/progress";
import { renderCost } from "./lib/costRender";

export { estimateCost } from "./lib/costModel";
export { renderCost } from "./lib/costRender";

/** The advanced query behind `--live`: one row per account, region and type. */
export const LIVE_COUNTS_QUERY = "SELECT accountId, awsRegion, resourceType, COUNT(*) GROUP BY accountId, awsRegion, resourceType";

/**
 * Resource counts from the organization aggregator. IAM resources come back in region
 * `global`, which the estimate places in each account's global-types region. Only types the
 * existing recorders record are counted.
 */
export async function liveResourceCounts(target: AggregatorTarget, progress: Progress): Promise<ResourceCounts> {
  progress.start(1, "counting resources through the aggregator");
  const rows = await selectAggregate(target, LIVE_COUNTS_QUERY);
  progress.tick();
  progress.stop();
  const counts: Record<string, Record<string, Record<string, number>>> = {};
  for (const row of rows) {
    const accountId = stringAt(row, "accountId");
    const region = stringAt(row, "awsRegion") ?? GLOBAL_REGION_KEY;
    const type = stringAt(row, "resourceType");
    if (!accountId || !type) continue;
    const byRegion = (counts[accountId] ??= {});
    const byType = (byRegion[region] ??= {});
    byType[type] = (byType[type] ?? 0) + countOf(row);
  }
  return counts;
}

export interface CostOptions extends AggregatorCommandOptions {
  readonly counts?: string;
  readonly live?: boolean;
  readonly assumptions?: string;
  readonly compare?: string;
  readonly firstMonth?: boolean;
  readonly prices?: string;
  readonly concurrency: number;
  readonly measured?: boolean;
  readonly days: number;
  readonly html?: string;
  readonly writeInventory?: string;
}

/** Dependencies the CLI reaches out to; tests replace them. */
export interface CostDependencies extends AggregatorCommandDependencies {
  /** The census's probes (preflight's); the default set talks to AWS. */
  readonly probes?: Probes;
  /** `--measured`'s reads of Cost Explorer and CloudWatch, and its clock; the defaults talk to AWS. */
  readonly measured?: Pick<Parameters<typeof runMeasured>[1], "reads" | "now">;
}

const defaultDependencies: CostDependencies = aggregatorCommandDependencies("cost");

export async function main(argv: readonly string[], io: CommandIo = processIo, deps: CostDependencies = defaultDependencies): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("cost", "Estimate the monthly AWS Config bill of a stack, with the arithmetic.", io);
    addStackOptions(program, { aggregator: "organization aggregator name (with --live)" })
      .option(
        "--counts <file>",
        "resource counts and assumptions (.yaml or .json; pricing/counts.example.yaml); offline: a `discover: true` stack reads accounts/fixtures/<stack>-organization.json unless --organization names another. One of --counts and --live is required",
      )
      .option("--live", "count resources through the organization aggregator's advanced query (needs credentials)")
      .option("--assumptions <file>", "assumptions (change rates, rules) overriding those of --counts")
      .option("--compare <profile>", "also estimate with every account on this recording profile (e.g. lean)")
      .option("--first-month", "add the initial CI a new recorder records for every resource")
      .option("--prices <file>", "price list", PRICES_FILE)
      .option("--concurrency <n>", "with --live or --measured: accounts and places inspected at once", positiveInteger("--concurrency"), 16)
      .option(
        "--measured",
        "what Config billed (Cost Explorer, management account; $0.01 per request) and recorded (CloudWatch, each account), with the profile changes that would cut it",
      )
      .option("--days <n>", "with --measured: the days measured, ending yesterday", positiveInteger("--days"), 30)
      .option("--html <file>", "with --measured: also write the result as an HTML page")
      .option("--write-inventory <file>", "with --measured: apply the suggestions to this inventory, written beside it as <name>.measured.yaml");
    addFormatOptions(program, ["json", "csv", "markdown"]);
    parseArguments(program, argv);
    const opts = program.opts<CostOptions>();
    const format = outputFormatOf(opts);
    if (opts.measured) {
      if (opts.live || opts.compare !== undefined) throw new UsageError("`--measured` reads what was billed and recorded: leave out `--live` and `--compare`");
      const deployment = await loadStackOf(deps, opts, false, "cost --measured");
      const progress = createProgress({ format, requested: opts.progress, isTty: io.stderrIsTty });
      await runMeasured(deployment, { ...opts, prices: opts.prices ?? PRICES_FILE, ...deps.measured }, format, progress, io);
      return ExitCode.Ok;
    }
    if (opts.html !== undefined || opts.writeInventory !== undefined) throw new UsageError("`--html` and `--write-inventory` go with `--measured`");
    if (Boolean(opts.counts) === Boolean(opts.live)) {
      throw new UsageError(
        opts.live
          ? "give one of `--counts <file>` and `--live`, not both"
          : "say where the resource counts come from: `--counts <file>` (per account, region and type, offline; pricing/counts.example.yaml shows the format) or `--live` (the organization aggregator, with credentials)",
      );
    }

    // With a counts file nothing needs AWS: a `discover: true` stack reads its organization fixture, as the plan does.
    const deployment = await loadStackOf(deps, opts, opts.counts !== undefined, "cost --live");
    if (opts.compare !== undefined && !deployment.profiles[opts.compare]) {
      throw new UsageError(
        `\`--compare ${opts.compare}\`: stack \`${opts.stack}\` has no such profile; use one of ${Object.keys(deployment.profiles)
          .map((n) => `\`${n}\``)
          .join(", ")}`,
      );
    }
    const prices: ConfigPrices = loadPrices(opts.prices ?? PRICES_FILE);

    const fromFile = opts.counts ? readCostInput(opts.counts) : undefined;
    const assumptionsFile = opts.assumptions ? readCostInput(opts.assumptions) : undefined;
    const assumptions: CostAssumptions = assumptionsFile?.assumptions ?? fromFile?.assumptions ?? DEFAULT_ASSUMPTIONS;
    let counts: ResourceCounts;
    let countsSource: string;
    let serviceLinked: ServiceLinkedCensus | undefined;
    if (fromFile) {
      if (!fromFile.counts) throw new UsageError(`\`--counts ${opts.counts}\` has no \`counts:\` section`);
      counts = fromFile.counts;
      countsSource = opts.counts!;
      const uncounted = accountsWithoutCounts(deployment, counts);
      if (uncounted.length > 0) {
        io.stderr(
          `warning: \`--counts ${opts.counts}\` has no counts for ${uncounted.length} account(s) in scope of stack \`${opts.stack}\`, costed at $0: ` +
            `${uncounted.map((a) => `${a.name} (${a.id})`).join(", ")}; add them under \`counts:\`\n`,
        );
      }
    } else {
      const progress = createProgress({ format, requested: opts.progress, isTty: io.stderrIsTty });
      counts = await liveResourceCounts(await deps.aggregator(deployment, opts.aggregator), progress);
      countsSource = `aggregator \`${opts.aggregator}\` (resources the existing recorders record)`;
      // The same observations preflight prints: its probes, its census.
      const observations = await observeOrganization(deployment, { concurrency: opts.concurrency, progress, ...(deps.probes ? { probes: deps.probes } : {}) });
      serviceLinked = serviceLinkedCensus(deployment, observations);
    }

    const packs = packCostRules(deployment);
    if (packs.problems.length > 0)
      throw new InputError(`the packs of stack \`${opts.stack}\` cannot be resolved:\n${packs.problems.map((p) => `  - ${p}`).join("\n")}`);
    const estimate = estimateCost({
      deployment,
      counts,
      countsSource,
      assumptions,
      rules: mergeRules(packs.rules, assumptions.rules),
      prices,
      ...(opts.compare !== undefined ? { compareProfile: opts.compare } : {}),
      firstMonth: opts.firstMonth === true,
      ...(serviceLinked ? { serviceLinked } : {}),
    });
    io.stdout(renderCost(estimate, format));
    return ExitCode.Ok;
  });
}

if (require.main === module) runMain(main);
