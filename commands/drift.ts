/**
 * `aws-config-org drift --stack <name> [--concurrency 16] [--json|--csv|--markdown]`
 *
 * Read-only. For every account × region of the stack, the live recorder, delivery channel and
 * recording status against the stack's desired settings (the ones `pulumi up` applies), with
 * each difference: a stopped recorder, a deleted or re-pointed channel, a narrowed recording
 * group, another recorder role. It reads AWS, not the Pulumi state: it also sees places whose
 * state is stale, and needs no backend access.
 *
 * Exit codes: 0 every place in sync, 1 drift somewhere, 2 usage or config error, or a place
 * could not be read (and nothing drifted).
 */
import pLimit from "p-limit";
import { readConfigState } from "../components/multiaccount/configService";
import { desiredRecorder } from "../components/recorderSettings";
import { placesOf, type Deployment } from "../config/domain";
import { accountTarget } from "./lib/aws";
import {
  addFormatOptions,
  addStackOptions,
  type CommandIo,
  loadStackOf,
  newProgram,
  outputFormatOf,
  parseArguments,
  positiveInteger,
  processIo,
  runCommand,
  runMain,
  type StackCommandDependencies,
  type StackCommandOptions,
} from "./lib/cli";
import { requireBaseCredentials } from "./lib/baseCredentials";
import { loadDeployment } from "./lib/deployment";
import { driftReport, placeDifferences, type DriftDifference, type DriftReport, type PlaceDrift } from "./lib/driftModel";
import { ExitCode } from "./lib/exitCodes";
import { createProgress, type Progress } from "./lib/progress";
import { probeError } from "./lib/preflightProbes";
import { heading, renderJson, renderTabular, type OutputFormat, type TableSpec } from "./lib/render";

export { driftReport, placeDifferences, type DriftReport, type PlaceDrift } from "./lib/driftModel";

function shown(value: unknown): string {
  return value === undefined ? "(missing)" : typeof value === "string" ? value : JSON.stringify(value);
}

export function differenceLine(d: DriftDifference): string {
  return d.live === undefined ? `${d.field}: missing (wants ${shown(d.desired)})` : `${d.field}: ${shown(d.live)} → ${shown(d.desired)}`;
}

/** Read every place of the stack (bounded concurrency) and compare it. */
export async function observeDrift(deployment: Deployment, options: { concurrency: number; progress: Progress }): Promise<DriftReport> {
  const places = placesOf(deployment);
  const limit = pLimit(options.concurrency);
  options.progress.start(places.length, "places");
  const results = await Promise.all(
    places.map((place) =>
      limit(async (): Promise<PlaceDrift> => {
        const base = { accountId: place.account.id, accountName: place.account.name, region: place.region.name };
        try {
          const existing = await readConfigState({ target: accountTarget(deployment, place.account.id, "drift"), region: place.region.name });
          const { recorderName, differences } = placeDifferences(existing, desiredRecorder(deployment, place));
          return { ...base, status: differences.length > 0 ? "drift" : "in-sync", ...(recorderName ? { recorderName } : {}), differences };
        } catch (error) {
          // As preflight reads it: the hint once, not also at the end of the message.
          return { ...base, status: "error", differences: [], error: probeError(error) };
        } finally {
          options.progress.tick();
        }
      }),
    ),
  );
  options.progress.stop();
  return driftReport(deployment.stack, results);
}

const placeSpec = (rows: readonly PlaceDrift[]): TableSpec<PlaceDrift> => ({
  columns: [
    { header: "Account", value: (p) => `${p.accountName} (${p.accountId})` },
    { header: "Region", value: (p) => p.region },
    { header: "Recorder", value: (p) => p.recorderName ?? "none" },
    { header: "Status", value: (p) => p.status.toUpperCase() },
    {
      header: "Differences (live → desired)",
      value: (p) =>
        p.error ? `${p.error.name}: ${p.error.message}${p.error.hint ? `\nfix: ${p.error.hint}` : ""}` : p.differences.map(differenceLine).join("\n"),
    },
  ],
  rows,
});

export function summaryText(report: DriftReport): string {
  const s = report.summary;
  return (
    `${s.places} place(s): ${s.inSync} in sync, ${s.drifted} drifted (${s.differences} difference(s)), ${s.errors} not readable.` +
    (s.drifted > 0 ? " `pulumi up --refresh` puts the drifted places back." : "")
  );
}

export function renderDrift(report: DriftReport, format: OutputFormat): string {
  if (format === "json") return renderJson(report);
  if (format === "csv") {
    const rows: { p: PlaceDrift; d?: DriftDifference }[] = report.places.flatMap((p) =>
      p.differences.length > 0 ? p.differences.map((d) => ({ p, d })) : [{ p }],
    );
    return renderTabular("csv", {
      columns: [
        { header: "account_id", value: (r) => r.p.accountId },
        { header: "account_name", value: (r) => r.p.accountName },
        { header: "region", value: (r) => r.p.region },
        { header: "status", value: (r) => r.p.status },
        { header: "field", value: (r) => r.d?.field ?? "" },
        { header: "live", value: (r) => (r.d ? shown(r.d.live) : "") },
        { header: "desired", value: (r) => (r.d ? shown(r.d.desired) : "") },
        { header: "error", value: (r) => (r.p.error ? `${r.p.error.name}: ${r.p.error.message}` : "") },
      ],
      rows,
    });
  }
  let out = heading(format, `Drift of stack \`${report.stack}\``, 1);
  const shownPlaces = report.places.filter((p) => p.status !== "in-sync");
  if (shownPlaces.length > 0) out += renderTabular(format, placeSpec(shownPlaces)) + "\n";
  out += `${format === "markdown" ? "**Summary:** " : "Summary: "}${summaryText(report)}\n`;
  return out;
}

export interface DriftOptions extends StackCommandOptions {
  readonly concurrency: number;
}

export async function main(
  argv: readonly string[],
  io: CommandIo = processIo,
  deps: StackCommandDependencies = { loadDeployment, baseCredentials: requireBaseCredentials },
): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("drift", "Compare every account and region's recorder, channel and recording with the stack's settings (read-only).", io);
    addStackOptions(program).option("--concurrency <n>", "places read at once", positiveInteger("--concurrency"), 16);
    addFormatOptions(program, ["json", "csv", "markdown"]);
    parseArguments(program, argv);
    const opts = program.opts<DriftOptions>();
    const format = outputFormatOf(opts);
    const deployment = await loadStackOf(deps, opts, false, "drift");
    const progress = createProgress({ format, requested: opts.progress, isTty: io.stderrIsTty });
    const report = await observeDrift(deployment, { concurrency: opts.concurrency, progress });
    io.stdout(renderDrift(report, format));
    if (report.summary.drifted > 0) return ExitCode.Findings;
    return report.summary.errors > 0 ? ExitCode.UsageOrConfig : ExitCode.Ok;
  });
}

if (require.main === module) runMain(main);
