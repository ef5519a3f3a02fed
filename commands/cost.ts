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
import { addFormatOptions, addStackOptions, type AggregatorCommandDependencies, aggregatorCommandDependencies, type AggregatorCommandOptions, type CommandIo, loadStackOf, newProgram, outputFormatOf, parseArguments, positiveInteger, processIo, runCommand, runMain } from "./lib/cli";
import { DEFAULT_ASSUMPTIONS, GLOBAL_REGION_KEY, readCostInput, type CostAssumptions, type ResourceCounts } from "./lib/costInput";
import { accountsWithoutCounts, estimateCost, type CostEstimate, type PlaceEstimate, type ScenarioEstimate, type ServiceLinkedLine } from "./lib/costModel";
import { ExitCode, InputError, UsageError } from "./lib/exitCodes";
import { mergeRules, packCostRules } from "./lib/packRules";
import { serviceLinkedCensus, type ServiceLinkedCensus } from "./lib/preflightModel";
import { observeOrganization, type Probes } from "./lib/preflightProbes";
import { runMeasured } from "./lib/costMeasuredRun";
import { createProgress, type Progress } from "./lib/progress";
import { count, heading, renderJson, renderTabular, unitPrice, usd, type Column, type OutputFormat, type TableSpec } from "./lib/render";

export { estimateCost } from "./lib/costModel";

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

// ---------------------------------------------------------------- rendering

interface PlaceRow {
  readonly base: PlaceEstimate;
  readonly compare?: PlaceEstimate;
}

function placeRows(estimate: CostEstimate): PlaceRow[] {
  const [base, compare] = estimate.scenarios;
  return base!.places.map((p, i) => ({ base: p, ...(compare ? { compare: compare.places[i]! } : {}) }));
}

function placeSpec(estimate: CostEstimate, machine: boolean): TableSpec<PlaceRow> {
  const money = (x: number) => (machine ? x.toFixed(2) : usd(x));
  const num = (x: number) => (machine ? String(Math.round(x * 100) / 100) : count(x));
  const columns: Column<PlaceRow>[] = [
    { header: machine ? "account_id" : "Account", value: (r) => (machine ? r.base.accountId : `${r.base.accountName} (${r.base.accountId})`) },
    ...(machine ? [{ header: "account_name", value: (r: PlaceRow) => r.base.accountName }] : []),
    { header: machine ? "region" : "Region", value: (r) => r.base.region },
    { header: machine ? "profile" : "Profile", value: (r) => r.base.profile },
    { header: machine ? "continuous_cis" : "Continuous CIs", value: (r) => num(r.base.continuousItems), align: "right" },
    { header: machine ? "daily_cis" : "Daily CIs", value: (r) => num(r.base.dailyItems), align: "right" },
    { header: machine ? "ci_cost" : "CI cost", value: (r) => money(r.base.itemCost), align: "right" },
    { header: machine ? "rule_evaluations" : "Rule evals", value: (r) => num(r.base.ruleEvaluations), align: "right" },
    { header: machine ? "pack_evaluations" : "Pack evals", value: (r) => num(r.base.packEvaluations), align: "right" },
    { header: machine ? "evaluation_cost" : "Eval cost", value: (r) => money(r.base.evaluationCost), align: "right" },
    ...(estimate.serviceLinkedCounted
      ? [{ header: machine ? "service_linked_cost" : "Service-linked", value: (r: PlaceRow) => money(r.base.serviceLinkedCost), align: "right" as const }]
      : []),
    { header: machine ? "total" : "Total", value: (r) => money(r.base.total), align: "right" },
  ];
  const compare = estimate.scenarios[1];
  if (compare) {
    const name = compare.profileOverride!;
    columns.push(
      { header: machine ? `${name}_total` : `Total on ${name}`, value: (r) => money(r.compare!.total), align: "right" },
      { header: machine ? "saving" : "Saving", value: (r) => money(r.base.total - r.compare!.total), align: "right" },
    );
  }
  return { columns, rows: placeRows(estimate) };
}

interface ArithmeticRow {
  readonly scenario: string;
  readonly item: string;
  readonly quantity: string;
  readonly price: string;
  readonly cost: number;
}

function arithmeticRows(s: ScenarioEstimate, prices: CostEstimate["prices"]): ArithmeticRow[] {
  const t = s.totals;
  const rows: ArithmeticRow[] = [
    { scenario: s.label, item: "CIs recorded continuously", quantity: count(t.continuousItems), price: unitPrice(prices.configurationItem.continuous), cost: t.continuousCost },
    { scenario: s.label, item: "CIs recorded daily", quantity: count(t.dailyItems), price: unitPrice(prices.configurationItem.daily), cost: t.dailyCost },
  ];
  for (const r of s.regions) {
    for (const [kind, charges] of [
      ["rule", r.ruleCharges],
      ["conformance-pack", r.packCharges],
    ] as const) {
      for (const c of charges) {
        rows.push({
          scenario: s.label,
          item: `${r.region} ${kind} evaluations ${count(c.from)}–${c.to === null ? "∞" : count(c.to)}`,
          quantity: count(c.evaluations),
          price: unitPrice(c.price),
          cost: c.cost,
        });
      }
    }
  }
  if (s.serviceLinked.length > 0) {
    const places = new Set(s.serviceLinked.map((l) => `${l.accountId}|${l.region}`)).size;
    rows.push({ scenario: s.label, item: `Service-linked recorders (${places} place(s))`, quantity: "", price: "", cost: t.serviceLinkedCost });
  }
  rows.push({ scenario: s.label, item: "Total per month", quantity: "", price: "", cost: t.total });
  return rows;
}

function arithmeticSpec(estimate: CostEstimate): TableSpec<ArithmeticRow> {
  return {
    columns: [
      { header: "Scenario", value: (r) => r.scenario },
      { header: "Item", value: (r) => r.item },
      { header: "Quantity", value: (r) => r.quantity, align: "right" },
      { header: "Unit price", value: (r) => r.price, align: "right" },
      { header: "Cost", value: (r) => usd(r.cost), align: "right" },
    ],
    rows: estimate.scenarios.flatMap((s) => arithmeticRows(s, estimate.prices)),
  };
}

function profileSpec(estimate: CostEstimate) {
  const rows = estimate.scenarios.flatMap((s) => s.byProfile.map((p) => ({ scenario: s.label, ...p })));
  return {
    columns: [
      { header: "Scenario", value: (r: (typeof rows)[number]) => r.scenario },
      { header: "Profile", value: (r: (typeof rows)[number]) => r.profile },
      { header: "Places", value: (r: (typeof rows)[number]) => r.places, align: "right" as const },
      { header: "Continuous CIs", value: (r: (typeof rows)[number]) => count(r.continuousItems), align: "right" as const },
      { header: "Daily CIs", value: (r: (typeof rows)[number]) => count(r.dailyItems), align: "right" as const },
      { header: "CI cost", value: (r: (typeof rows)[number]) => usd(r.itemCost), align: "right" as const },
    ],
    rows,
  };
}

function typeSpec(estimate: CostEstimate) {
  const s = estimate.scenarios[0]!;
  const changes = (type: string) => estimate.assumptions.changesPerResourceMonth[type] ?? estimate.assumptions.changesPerResourceMonth.default;
  return {
    columns: [
      { header: "Resource type", value: (r: ScenarioEstimate["byType"][number]) => r.resourceType },
      { header: "Resources", value: (r: ScenarioEstimate["byType"][number]) => count(r.resources), align: "right" as const },
      { header: "Not recorded", value: (r: ScenarioEstimate["byType"][number]) => count(r.notRecorded), align: "right" as const },
      { header: "Changes/resource/month", value: (r: ScenarioEstimate["byType"][number]) => count(changes(r.resourceType)), align: "right" as const },
      { header: "Continuous CIs", value: (r: ScenarioEstimate["byType"][number]) => count(r.continuousItems), align: "right" as const },
      { header: "Daily CIs", value: (r: ScenarioEstimate["byType"][number]) => count(r.dailyItems), align: "right" as const },
      { header: "CI cost", value: (r: ScenarioEstimate["byType"][number]) => usd(r.itemCost), align: "right" as const },
    ],
    rows: s.byType,
  };
}

function ruleSpec(estimate: CostEstimate) {
  type Row = ScenarioEstimate["byRule"][number] & { readonly spec: CostEstimate["rules"][number] };
  const s = estimate.scenarios[0]!;
  const rows: Row[] = s.byRule.map((r, i) => ({ ...r, spec: estimate.rules[i]! }));
  const trigger = (r: Row) => [r.spec.onChange ? "changes" : undefined, r.spec.periodic ? `periodic ${r.spec.periodic}` : undefined].filter(Boolean).join(" + ");
  return {
    columns: [
      { header: "Rule", value: (r: Row) => r.name },
      { header: "From", value: (r: Row) => r.source },
      { header: "Billed as", value: (r: Row) => (r.billing === "rule" ? "rule" : "conformance pack") },
      { header: "Trigger", value: (r: Row) => trigger(r) },
      { header: "Scope", value: (r: Row) => (r.spec.resourceTypes.length > 0 ? r.spec.resourceTypes.join(", ") : "account") },
      { header: "Evaluations (as configured)", value: (r: Row) => count(r.evaluations), align: "right" as const },
    ],
    rows,
  };
}

interface ServiceLinkedRow extends ServiceLinkedLine {
  readonly scenario: string;
}

function serviceLinkedSpec(estimate: CostEstimate): TableSpec<ServiceLinkedRow> {
  const rows = estimate.scenarios.flatMap((s) => s.serviceLinked.map((l) => ({ scenario: s.label, ...l })));
  const made = (r: ServiceLinkedRow) => r.types.filter((t) => t.effect === "dailyMadeContinuous");
  const anyway = (r: ServiceLinkedRow) => r.types.filter((t) => t.effect === "recordedAnyway");
  return {
    columns: [
      ...(estimate.scenarios.length > 1 ? [{ header: "Scenario", value: (r: ServiceLinkedRow) => r.scenario }] : []),
      { header: "Account", value: (r) => `${r.accountName} (${r.accountId})` },
      { header: "Region", value: (r) => r.region },
      { header: "Profile", value: (r) => r.profile },
      { header: "Recorder", value: (r) => r.recorder },
      { header: "Service principal", value: (r) => r.servicePrincipal ?? "(not given)" },
      { header: "Frequency", value: (r) => r.frequency },
      { header: "DAILY types billed continuous", value: (r) => (made(r).length === 0 ? "–" : `${made(r).length} type(s), ${count(r.madeContinuousItems)} CIs`), align: "right" },
      { header: "Types the profile leaves out", value: (r) => (anyway(r).length === 0 ? "–" : `${anyway(r).length} type(s), ${count(r.recordedAnywayItems)} CIs`), align: "right" },
      { header: "Change in cost", value: (r) => usd(r.extraCost), align: "right" },
    ],
    rows,
  };
}

/** The census's section: what service-linked recorders add, or that none was taken. */
function serviceLinkedSection(estimate: CostEstimate, format: "table" | "markdown"): string {
  let out = heading(format, "Service-linked recorders (preflight's census)");
  if (!estimate.serviceLinkedCounted) {
    return out + "Not counted: no census was taken (an estimate from `--counts`). `--live` takes preflight's census and adds what they bill.\n\n";
  }
  const spec = serviceLinkedSpec(estimate);
  if (spec.rows.length === 0) return out + "None found that changes the bill.\n\n";
  out +=
    "Where a service-linked recorder records CONTINUOUS a type the profile records DAILY, AWS records it continuously and bills its CIs at the continuous rate " +
    "(the console still shows Daily); the types it records that the profile leaves out are billed too. " +
    "The change is in the place's total; it can be a saving, since a continuous CI costs less than a daily one and a type that changes rarely makes few.\n\n";
  return out + renderTabular(format, spec) + "\n";
}

function bullets(format: "table" | "markdown", lines: readonly string[]): string {
  return lines.map((l) => (format === "markdown" ? `- ${l}` : `  - ${l}`)).join("\n") + "\n";
}

/** The estimate in one output format. CSV carries the per-place table (one row per account and region). */
export function renderCost(estimate: CostEstimate, format: OutputFormat): string {
  if (format === "json") return renderJson(estimate);
  if (format === "csv") return renderTabular("csv", placeSpec(estimate, true));
  const p = estimate.prices;
  const base = estimate.scenarios[0]!;
  const compare = estimate.scenarios[1];
  let out = heading(format, `AWS Config monthly estimate: stack \`${estimate.stack}\``, 1);
  out +=
    `Counts: ${estimate.countsSource}. Prices: ${p.region} list prices in ${p.currency}, read ${p.retrieved} ` +
    `(pricing/aws-config-prices.json). ${estimate.assumptions.daysPerMonth}-day month` +
    `${estimate.firstMonth ? ", first month (one initial CI per recorded resource)" : ""}.\n\n`;
  out += `Total as configured: ${usd(base.totals.total)} per month`;
  if (compare) {
    const saving = base.totals.total - compare.totals.total;
    const pct = base.totals.total === 0 ? 0 : (saving / base.totals.total) * 100;
    out += `; ${compare.label}: ${usd(compare.totals.total)} (${saving >= 0 ? "saves" : "costs"} ${usd(Math.abs(saving))}, ${Math.abs(pct).toFixed(1)}% ${saving >= 0 ? "less" : "more"})`;
  }
  out += ".\n\n";
  out += heading(format, "Per account and region") + renderTabular(format, placeSpec(estimate, false)) + "\n";
  out += heading(format, "Configuration items by recording profile") + renderTabular(format, profileSpec(estimate)) + "\n";
  out += heading(format, "Configuration items by resource type (as configured)") + renderTabular(format, typeSpec(estimate)) + "\n";
  out += serviceLinkedSection(estimate, format);
  out += heading(format, "Rules evaluated") + (estimate.rules.length === 0 ? "None.\n" : renderTabular(format, ruleSpec(estimate))) + "\n";
  out += heading(format, "Arithmetic (evaluation tiers per Region, all accounts summed)") + renderTabular(format, arithmeticSpec(estimate)) + "\n";
  if (estimate.notes.length > 0) out += heading(format, "Notes") + bullets(format, estimate.notes) + "\n";
  out += heading(format, "Caveats") + bullets(format, p.caveats);
  return out;
}

// ---------------------------------------------------------------- CLI

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
      .option("--counts <file>", "resource counts and assumptions (.yaml or .json; pricing/counts.example.yaml); offline: a `discover: true` stack reads accounts/fixtures/<stack>-organization.json unless --organization names another. One of --counts and --live is required")
      .option("--live", "count resources through the organization aggregator's advanced query (needs credentials)")
      .option("--assumptions <file>", "assumptions (change rates, rules) overriding those of --counts")
      .option("--compare <profile>", "also estimate with every account on this recording profile (e.g. lean)")
      .option("--first-month", "add the initial CI a new recorder records for every resource")
      .option("--prices <file>", "price list", PRICES_FILE)
      .option("--concurrency <n>", "with --live or --measured: accounts and places inspected at once", positiveInteger("--concurrency"), 16)
      .option("--measured", "what Config billed (Cost Explorer, management account; $0.01 per request) and recorded (CloudWatch, each account), with the profile changes that would cut it")
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
        `\`--compare ${opts.compare}\`: stack \`${opts.stack}\` has no such profile; use one of ${Object.keys(deployment.profiles).map((n) => `\`${n}\``).join(", ")}`,
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
    if (packs.problems.length > 0) throw new InputError(`the packs of stack \`${opts.stack}\` cannot be resolved:\n${packs.problems.map((p) => `  - ${p}`).join("\n")}`);
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
