/**
 * `npm run preflight -- --stack <name> [--concurrency 16] [--json|--csv|--markdown]`
 *
 * Before the first `pulumi up` in an organization with history: for every in-scope account
 * and governed region, in parallel with bounded concurrency, whether the deployment role can
 * be assumed (and why not), whether the region is enabled, the recorders (service-linked ones
 * apart), delivery channels and the service-linked role; then what `pulumi up` will do at
 * each place, decided by the provider's own `planRecorder`: create, update (field-level
 * differences), adopt, unchanged, or FAIL with the exact `adopt` line to add; and whether the
 * delivery bucket's policy (and key policy) admits AWS Config for every account, proved read-only
 * (commands/lib/deliveryProof.ts).
 *
 * Structure: observeOrganization (commands/lib/preflightProbes.ts) -> buildPreflightReport
 * (commands/lib/preflightModel.ts, pure) -> renderPreflight. Exit codes: 0 nothing would
 * fail, 1 at least one place would fail (a place, GuardDuty, or delivery refused for an account), 2 usage / config error.
 */
import type { Difference } from "../components/multiaccount/recorderCompare";
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
import { inventoryPathOf, loadDeployment } from "./lib/deployment";
import { adviceFor, AwsCallError } from "./lib/awsCallError";
import { requireBaseCredentials } from "./lib/baseCredentials";
import { ExitCode } from "./lib/exitCodes";
import { deliveryLines } from "./lib/deliveryProof";
import { buildPreflightReport, OUTCOMES, type AccountCheck, type PlaceCheck, type PreflightReport, type RecorderSeen } from "./lib/preflightModel";
import { packMoveLines } from "./lib/preflightPackTargets";
import { observeOrganization, type Probes } from "./lib/preflightProbes";
import { createProgress } from "./lib/progress";
import { heading, renderJson, renderTabular, type OutputFormat, type TableSpec } from "./lib/render";

export { buildPreflightReport } from "./lib/preflightModel";
export { observeOrganization, awsProbes } from "./lib/preflightProbes";

function compact(value: unknown): string {
  return value === undefined ? "(none)" : typeof value === "string" ? value : JSON.stringify(value);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * One line per changed leaf: `recorder.recordingGroup.includeGlobalResourceTypes: true → false`
 * reads better than two JSON objects side by side.
 */
export function differenceLines(d: Difference): string[] {
  if (!isPlainObject(d.from) && !isPlainObject(d.to)) return [`${d.field}: ${compact(d.from)} → ${compact(d.to)}`];
  const from = isPlainObject(d.from) ? d.from : {};
  const to = isPlainObject(d.to) ? d.to : {};
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].sort();
  return keys.flatMap((k) =>
    JSON.stringify(from[k]) === JSON.stringify(to[k]) ? [] : differenceLines({ field: `${d.field}.${k}`, from: from[k], to: to[k] }),
  );
}

function recorderText(r: RecorderSeen): string {
  const role = r.roleARN ? `, role ${r.roleARN}` : "";
  return `${r.name} (${r.recording ? "recording" : "stopped"}, ${r.recordingGroup}, ${r.frequency}${role}${r.servicePrincipal ? `, ${r.servicePrincipal}` : ""})`;
}

/** What a person needs to read: the message, then the changes (a create changes everything: its writes say it), then the fix. */
function details(p: PlaceCheck): string {
  const lines: string[] = [];
  if (p.message) lines.push(p.message);
  if (p.outcome === "create") lines.push(`writes: ${p.writes.join(", ")}`);
  else lines.push(...p.differences.flatMap(differenceLines));
  if (p.fix) lines.push(`fix: ${p.fix}`);
  lines.push(...p.serviceLinkedWarnings.map((w) => `WARNING: ${w}`));
  return lines.join("\n");
}

function accountSpec(report: PreflightReport): TableSpec<AccountCheck> {
  return {
    columns: [
      { header: "Account", value: (a) => `${a.accountName} (${a.accountId})` },
      { header: "Deployment role", value: (a) => a.roleArn ?? "(caller's own credentials)" },
      { header: "Assume", value: (a) => (a.assumable ? "ok" : `FAILED: ${a.assumeError?.name}: ${a.assumeError?.message}`) },
      { header: "Service-linked role", value: (a) => a.serviceLinkedRole },
      { header: "Recorder role", value: (a) => (a.recorderRole ? `${a.recorderRole.roleArn}: ${a.recorderRole.status}` : "service-linked") },
      { header: "Regions not enabled", value: (a) => a.regionsNotEnabled.join(", ") },
    ],
    rows: report.accounts,
  };
}

function placeSpec(report: PreflightReport): TableSpec<PlaceCheck> {
  return {
    columns: [
      { header: "Account", value: (p) => `${p.accountName} (${p.accountId})` },
      {
        header: "Region",
        value: (p) => `${p.region}${p.regionStatus === "opt-in-not-required" || p.regionStatus === "opted-in" ? "" : `\n${p.regionStatus}`}`,
      },
      { header: "Recorders", value: (p) => p.recorders.map(recorderText).join("\n") || "none" },
      {
        header: "Service-linked recorders",
        value: (p) =>
          p.serviceLinkedRecorders
            .map((r) => `${r.name}${r.servicePrincipal ? ` (${r.servicePrincipal})` : ""}: ${r.recordingGroup}, ${r.frequency}`)
            .join("\n"),
      },
      { header: "Channels", value: (p) => p.channels.map((c) => `${c.name} → ${c.s3BucketName ?? "?"}`).join("\n") || "none" },
      { header: "pulumi up", value: (p) => p.outcome.toUpperCase() },
      { header: "Details", value: (p) => details(p) },
    ],
    rows: report.places,
  };
}

const CSV_SPEC: Omit<TableSpec<PlaceCheck>, "rows"> = {
  columns: [
    { header: "account_id", value: (p) => p.accountId },
    { header: "account_name", value: (p) => p.accountName },
    { header: "region", value: (p) => p.region },
    { header: "region_status", value: (p) => p.regionStatus },
    { header: "recorders", value: (p) => p.recorders.map((r) => r.name).join(" ") },
    { header: "recording", value: (p) => p.recorders.map((r) => String(r.recording)).join(" ") },
    { header: "service_linked_recorders", value: (p) => p.serviceLinkedRecorders.map((r) => r.name).join(" ") },
    { header: "channels", value: (p) => p.channels.map((c) => c.name).join(" ") },
    { header: "outcome", value: (p) => p.outcome },
    { header: "plan_action", value: (p) => p.planAction },
    { header: "differences", value: (p) => p.differences.map((d) => d.field).join(" ") },
    { header: "writes", value: (p) => p.writes.join(" ") },
    { header: "message", value: (p) => p.message },
    { header: "fix", value: (p) => p.fix },
  ],
};

export function summaryText(report: PreflightReport): string {
  const counts = OUTCOMES.map((o) => `${o} ${report.summary[o]}`).join(", ");
  const blocked = report.guardDuty.filter((g) => g.status === "blocked").length;
  const refused = report.delivery?.refused ?? 0;
  const failures = [
    ...(report.summary.fail > 0 ? [`in ${report.summary.fail} place(s)`] : []),
    ...(blocked > 0 ? [`at GuardDuty in ${blocked} region(s)`] : []),
    ...(refused > 0 ? [`at delivery for ${refused} account(s) (the bucket policy refuses AWS Config)`] : []),
  ];
  const verdict = failures.length > 0 ? `pulumi up would FAIL ${failures.join(" and ")}` : "nothing would fail";
  const overridden = report.places.filter((p) => p.serviceLinkedWarnings.length > 0).length;
  const census = overridden > 0 ? ` ${overridden} place(s) have a service-linked recorder that overrides the profile (see WARNING).` : "";
  return `${report.places.length} place(s): ${counts}. ${verdict}.${census}`;
}

export function renderPreflight(report: PreflightReport, format: OutputFormat): string {
  if (format === "json") return renderJson(report);
  if (format === "csv") return renderTabular("csv", { ...CSV_SPEC, rows: report.places });
  let out = heading(format, `Preflight of stack \`${report.stack}\``, 1);
  out += heading(format, "Accounts") + renderTabular(format, accountSpec(report)) + "\n";
  out += heading(format, "What pulumi up will do, per account and region") + renderTabular(format, placeSpec(report)) + "\n";
  if (report.adoptLines.length > 0) {
    out += heading(format, `Lines to add to ${report.inventory}`);
    for (const a of report.adoptLines) {
      const where = a.listed
        ? `under \`- id: "${a.accountId}"\` (${a.accountName})`
        : `as a new entry (the account is discovered): \`- id: "${a.accountId}"\` with`;
      out += format === "markdown" ? `- ${where}:\n\n  \`\`\`yaml\n  ${a.line}\n  \`\`\`\n` : `${where}:\n    ${a.line}\n`;
    }
    out += "\n";
  }
  out += heading(format, "Organization trail");
  const trails = report.organizationTrails;
  out += `${format === "markdown" ? "- " : ""}${trails.secondTrail ? "WARNING: " : ""}${trails.verdict}\n\n`;
  if (report.administratorNote) {
    out += heading(format, "Config administrator");
    out += `${format === "markdown" ? "- " : ""}${report.administratorNote}.\n\n`;
  }
  if (report.aggregator) {
    out += heading(format, "Organization aggregator");
    out += `${format === "markdown" ? "- " : ""}${report.aggregator.warning ? "WARNING: " : ""}${report.aggregator.verdict}

`;
  }
  if (report.delivery) {
    out += heading(format, `Delivery to \`${report.delivery.bucket}\`, per account`);
    for (const line of deliveryLines(report.delivery)) out += `${format === "markdown" ? "- " : "  "}${line}\n`;
    out += "\n";
  }
  if (report.packMoves && report.packMoves.length > 0) {
    out += heading(format, "Targeted packs: accounts moving in or out since the last run");
    for (const line of packMoveLines(report.packMoves)) out += `${format === "markdown" ? "- " : "  "}${line}\n`;
    out += "\n";
  }
  if (report.guardDuty.length > 0) {
    out += heading(format, "GuardDuty, per region");
    for (const g of report.guardDuty)
      out += `${format === "markdown" ? "- " : "  "}${g.region}: ${g.status === "blocked" ? "FAIL: " : g.status === "unknown" ? "UNKNOWN: " : ""}${g.verdict}\n`;
    out += "\n";
  }
  out += `${format === "markdown" ? "**Summary:** " : "Summary: "}${summaryText(report)}\n`;
  return out;
}

// ---------------------------------------------------------------- CLI

/** The one error every account failed with, when they all failed the same way. */
export function sameFailureEverywhere<E extends { readonly name: string; readonly message: string }>(errors: readonly (E | undefined)[]): E | undefined {
  const first = errors[0];
  if (!first || errors.length < 2) return undefined;
  return errors.every((e) => e !== undefined && e.name === first.name && e.message === first.message) ? first : undefined;
}

export interface PreflightOptions extends StackCommandOptions {
  readonly concurrency: number;
}

export interface PreflightDependencies extends StackCommandDependencies {
  readonly inventoryPath: (stack: string, projectRoot?: string) => Promise<string>;
  /** Replaced in tests; the default probes talk to AWS. */
  readonly probes?: Probes;
}

const defaultDependencies: PreflightDependencies = { loadDeployment, baseCredentials: requireBaseCredentials, inventoryPath: inventoryPathOf };

export async function main(argv: readonly string[], io: CommandIo = processIo, deps: PreflightDependencies = defaultDependencies): Promise<number> {
  return runCommand(io, async () => {
    const program = newProgram("preflight", "Check every account and region before the first pulumi up, and say what it will do.", io);
    addStackOptions(program).option("--concurrency <n>", "accounts and places inspected at once", positiveInteger("--concurrency"), 16);
    addFormatOptions(program, ["json", "csv", "markdown"]);
    parseArguments(program, argv);
    const opts = program.opts<PreflightOptions>();
    const format = outputFormatOf(opts);

    const deployment = await loadStackOf(deps, opts, false, "preflight");
    const inventory = await deps.inventoryPath(opts.stack, opts.projectRoot);
    const progress = createProgress({ format, requested: opts.progress, isTty: io.stderrIsTty });
    const observations = await observeOrganization(deployment, { concurrency: opts.concurrency, progress, ...(deps.probes ? { probes: deps.probes } : {}) });
    const everywhere = sameFailureEverywhere(observations.accounts.map((a) => (a.assume.ok ? undefined : a.assume.error)));
    if (everywhere) {
      // One cause (most often: no credentials at all) would fill every row with the same text: say it once.
      throw new AwsCallError(
        { api: `sts:AssumeRole and the caller's credentials, in all ${observations.accounts.length} account(s) of stack \`${opts.stack}\`` },
        everywhere,
        adviceFor(everywhere),
      );
    }
    const report = buildPreflightReport(deployment, observations, inventory);
    io.stdout(renderPreflight(report, format));
    const fails = report.summary.fail > 0 || report.guardDuty.some((g) => g.status === "blocked") || (report.delivery?.refused ?? 0) > 0;
    return fails ? ExitCode.Findings : ExitCode.Ok;
  });
}

if (require.main === module) runMain(main);
