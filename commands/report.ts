/**
 * `npm run report -- --stack <name> [--resources] [--json|--csv|--markdown] [--fail-on-noncompliant]
 *   [--html <file>] [--history <dir>] [--from <saved report>]`
 *
 * Organization compliance through the aggregator in the security account: non-compliant
 * resources by rule (pack rule names mapped back to their declared names), by account and
 * Region; aggregator sources that fail to report, with the error; recorders not recording.
 *
 * Structure: gatherCompliance (commands/lib/compliance.ts) -> buildComplianceReport
 * (commands/lib/complianceModel.ts, pure) -> renderReport. Exit codes: 0 printed, 1 with
 * `--fail-on-noncompliant` when anything is non-compliant, 2 usage / config / AWS error.
 * `--from` renders a saved `--json` report instead; `--history` and `--html` are
 * commands/lib/reportFiles.ts (snapshots: reportSnapshots.ts, page: reportHtml.ts).
 */
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
import { gatherCompliance } from "./lib/compliance";
import { buildComplianceReport } from "./lib/complianceModel";
import type { ComplianceReport, NonCompliantPlace, RecorderProblem, RuleFinding, SourceProblem } from "./lib/complianceReport";
import { ExitCode } from "./lib/exitCodes";
import { createProgress } from "./lib/progress";
import { savedReportFrom, writeReportFiles } from "./lib/reportFiles";
import { heading, renderJson, renderTabular, type OutputFormat, type TableSpec } from "./lib/render";

export { buildComplianceReport } from "./lib/complianceModel";
export { gatherCompliance } from "./lib/compliance";

function label(accountId: string, name: string | undefined): string {
  return name ? `${name} (${accountId})` : accountId;
}

function countText(count: number, capExceeded: boolean): string {
  return capExceeded ? `${count}+` : String(count);
}

interface PlaceRow extends NonCompliantPlace {
  readonly rule: string;
}

function ruleSpec(report: ComplianceReport): TableSpec<RuleFinding> {
  return {
    columns: [
      { header: "Rule", value: (r) => r.rule },
      { header: "Accounts", value: (r) => r.accounts, align: "right" },
      { header: "Regions", value: (r) => r.regions, align: "right" },
      { header: "Non-compliant resources (findings)", value: (r) => countText(r.total, r.capExceeded), align: "right" },
    ],
    rows: report.rules.filter((r) => r.places.length > 0),
  };
}

function placeSpec(report: ComplianceReport, withResources: boolean): TableSpec<PlaceRow> {
  return {
    columns: [
      { header: "Rule", value: (r) => r.rule },
      { header: "Account", value: (r) => label(r.accountId, r.accountName) },
      { header: "Region", value: (r) => r.region },
      { header: "Non-compliant", value: (r) => countText(r.count, r.capExceeded), align: "right" },
      ...(withResources
        ? [{ header: "Resources", value: (r: PlaceRow) => (r.resources ?? []).map((x) => `${x.resourceType} ${x.resourceId}`).join("\n") }]
        : []),
    ],
    rows: report.rules.flatMap((rule) => rule.places.map((p) => ({ ...p, rule: rule.rule }))),
  };
}

function sourceSpec(report: ComplianceReport): TableSpec<SourceProblem> {
  return {
    columns: [
      { header: "Source", value: (s) => label(s.sourceId, s.accountName) },
      { header: "Region", value: (s) => s.region },
      { header: "Status", value: (s) => s.status },
      { header: "Last update", value: (s) => s.lastUpdateTime },
      { header: "Error", value: (s) => [s.errorCode, s.errorMessage].filter(Boolean).join(": ") },
    ],
    rows: report.sources.problems,
  };
}

function recorderSpec(report: ComplianceReport): TableSpec<RecorderProblem> {
  return {
    columns: [
      { header: "Account", value: (r) => label(r.accountId, r.accountName) },
      { header: "Region", value: (r) => r.region },
      { header: "Recorder", value: (r) => r.recorderName },
      { header: "Problem", value: (r) => r.problem },
      { header: "Detail", value: (r) => r.detail },
    ],
    rows: report.recorders.problems,
  };
}

interface FindingRow {
  readonly category: "non-compliant" | "non-compliant-resource" | "source-not-reporting" | "recorder-not-recording";
  readonly rule?: string;
  readonly accountId: string;
  readonly accountName?: string;
  readonly region: string;
  readonly count?: string;
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly detail?: string;
}

/** Every finding as one flat row: what `--csv` prints. */
export function findingRows(report: ComplianceReport): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const rule of report.rules) {
    for (const p of rule.places) {
      const base = { rule: rule.rule, accountId: p.accountId, ...(p.accountName ? { accountName: p.accountName } : {}), region: p.region };
      rows.push({ category: "non-compliant", ...base, count: countText(p.count, p.capExceeded), detail: p.deployedNames.join(" ") });
      for (const r of p.resources ?? []) {
        rows.push({
          category: "non-compliant-resource",
          ...base,
          resourceType: r.resourceType,
          resourceId: r.resourceId,
          ...(r.annotation ? { detail: r.annotation } : {}),
        });
      }
    }
  }
  for (const s of report.sources.problems) {
    rows.push({
      category: "source-not-reporting",
      accountId: s.sourceId,
      ...(s.accountName ? { accountName: s.accountName } : {}),
      region: s.region,
      detail: [s.status, s.errorCode, s.errorMessage].filter(Boolean).join(": "),
    });
  }
  for (const r of report.recorders.problems) {
    rows.push({
      category: "recorder-not-recording",
      accountId: r.accountId,
      ...(r.accountName ? { accountName: r.accountName } : {}),
      region: r.region,
      detail: `${r.problem}: ${r.detail}`,
    });
  }
  return rows;
}

const CSV_SPEC: Omit<TableSpec<FindingRow>, "rows"> = {
  columns: [
    { header: "category", value: (r) => r.category },
    { header: "rule", value: (r) => r.rule },
    { header: "account_id", value: (r) => r.accountId },
    { header: "account_name", value: (r) => r.accountName },
    { header: "region", value: (r) => r.region },
    { header: "non_compliant", value: (r) => r.count },
    { header: "resource_type", value: (r) => r.resourceType },
    { header: "resource_id", value: (r) => r.resourceId },
    { header: "detail", value: (r) => r.detail },
  ],
};

function summaryLine(report: ComplianceReport): string {
  const s = report.summary;
  return (
    // The HTML page's words: a finding is a non-compliant resource under one rule; a resource failing two rules is two findings, one non-compliant resource.
    `${s.nonCompliantResources}${s.countsCapped ? "+" : ""} finding(s) (non-compliant resource × rule) under ${s.rules} rule(s) in ${s.accounts} account(s)` +
    (s.resources ? `, ${s.resources.nonCompliant} non-compliant resource(s) counted once each` : "") +
    "; " +
    `${s.failingSources} of ${report.sources.total} aggregator source(s) not reporting; ` +
    `${s.recordersNotRecording} place(s) without a recording recorder (${report.recorders.seen} customer recorder(s) seen).`
  );
}

export function renderReport(report: ComplianceReport, format: OutputFormat): string {
  if (format === "json") return renderJson(report);
  if (format === "csv") return renderTabular("csv", { ...CSV_SPEC, rows: findingRows(report) });
  const withResources = report.rules.some((r) => r.places.some((p) => p.resources !== undefined));
  const section = <R>(title: string, spec: TableSpec<R>) => heading(format, title) + (spec.rows.length === 0 ? "None.\n" : renderTabular(format, spec)) + "\n";
  let out = heading(format, `AWS Config compliance: stack \`${report.stack}\`, aggregator \`${report.aggregator}\``, 1);
  out += `Generated ${report.generatedAt}. ${summaryLine(report)}\n`;
  if (report.summary.countsCapped)
    out += "AWS caps each count at 100 per rule, account and Region: `+` marks a capped count (use `--resources` for the full list).\n";
  out += "\n";
  out += section("Non-compliant resources by rule", ruleSpec(report));
  out += section("By rule, account and Region", placeSpec(report, withResources));
  out += section("Aggregator sources not reporting", sourceSpec(report));
  out += section("Places without a recording recorder", recorderSpec(report));
  return out;
}

// ---------------------------------------------------------------- CLI

export interface ReportOptions extends AggregatorCommandOptions {
  readonly resources?: boolean;
  readonly concurrency: number;
  readonly failOnNoncompliant?: boolean;
  readonly html?: string;
  readonly history?: string;
  readonly from?: string;
}

export interface ReportDependencies extends AggregatorCommandDependencies {
  readonly now: () => Date;
}

const defaultDependencies: ReportDependencies = { ...aggregatorCommandDependencies("report"), now: () => new Date() };

export async function main(argv: readonly string[], io: CommandIo = processIo, deps: ReportDependencies = defaultDependencies): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("report", "Organization compliance through the aggregator in the security account.", io);
    addStackOptions(program, { aggregator: "organization aggregator in the security account" })
      .option("--resources", "list each non-compliant resource (one paginated call per rule, account and Region)")
      .option("--concurrency <n>", "parallel calls with --resources", positiveInteger("--concurrency"), 8)
      .option("--fail-on-noncompliant", "exit 1 when any resource is non-compliant")
      .option("--html <file>", "also write the report as one self-contained HTML page (figures, heat map, worst rules and accounts, coverage, trend)")
      .option("--history <dir>", "keep this run as a dated JSON snapshot in <dir>; the page's trend plots the earlier ones")
      .option("--from <file>", "render a saved report (the `--json` output) instead of asking AWS");
    addFormatOptions(program, ["json", "csv", "markdown"]);
    parseArguments(program, argv);
    const opts = program.opts<ReportOptions>();
    const format = outputFormatOf(opts);

    const report = opts.from ? savedReportFrom(opts.from, opts, io) : await liveReport(opts, format, io, deps);
    writeReportFiles(report, opts, io);
    io.stdout(renderReport(report, format));
    return opts.failOnNoncompliant && report.summary.nonCompliantResources > 0 ? ExitCode.Findings : ExitCode.Ok;
  });
}

async function liveReport(opts: ReportOptions, format: OutputFormat, io: CommandIo, deps: ReportDependencies): Promise<ComplianceReport> {
  const deployment = await loadStackOf(deps, opts, false, "report");
  const target = await deps.aggregator(deployment, opts.aggregator);
  const progress = createProgress({ format, requested: opts.progress, isTty: io.stderrIsTty });
  const data = await gatherCompliance(target, { resources: opts.resources === true, concurrency: opts.concurrency, progress });
  return buildComplianceReport(deployment, opts.aggregator, data, deps.now());
}

if (require.main === module) runMain(main);
