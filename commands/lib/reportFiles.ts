/**
 * The report command's files: a saved report read instead of asking AWS (`--from`), the
 * history snapshot (`--history`) and the HTML page (`--html`). Messages go to stderr so
 * stdout keeps the table, JSON or CSV the command prints.
 */
import * as fs from "fs";
import * as path from "path";
import type { CommandIo } from "./cli";
import type { ComplianceReport } from "./complianceReport";
import { InputError, UsageError } from "./exitCodes";
import { readChartLibrary, renderHtmlReport, type ChartLibrary } from "./reportHtml";
import { readHistory, readSavedReport, trendOf, trendPointOf, writeSnapshot } from "./reportSnapshots";

export interface ReportFileOptions {
  readonly stack: string;
  readonly from?: string;
  readonly html?: string;
  readonly history?: string;
  readonly resources?: boolean;
}

/** `--from <file>`: the saved report, checked; a report of another stack is rendered as saved, with a note. */
export function savedReportFrom(file: string, opts: ReportFileOptions, io: CommandIo): ComplianceReport {
  if (opts.resources) throw new UsageError("`--resources` asks AWS for the resources; with `--from` the saved report is rendered as it is: drop one of them");
  const report = readSavedReport(file);
  if (report.stack !== opts.stack)
    io.stderr(
      `note: \`${file}\` is a report of stack \`${report.stack}\`, not \`${opts.stack}\`; it is rendered (and kept in --history) as stack \`${report.stack}\`\n`,
    );
  return report;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Reads the earlier snapshots (all must load), saves this one, then writes the page with the
 * trend of both. `chartLibrary` is replaceable in tests.
 */
export function writeReportFiles(report: ComplianceReport, opts: ReportFileOptions, io: CommandIo, chartLibrary: () => ChartLibrary = readChartLibrary): void {
  let earlier: ReturnType<typeof readHistory> = [];
  if (opts.history) {
    earlier = readHistory(opts.history, report.stack);
    let file: string;
    try {
      file = writeSnapshot(opts.history, report);
    } catch (e) {
      throw new InputError(`cannot save the snapshot in \`--history ${opts.history}\`: ${(e as Error).message}`);
    }
    const runs = earlier.filter((p) => Date.parse(p.generatedAt) !== Date.parse(report.generatedAt)).length;
    io.stderr(`saved ${file} (${runs} other run(s) of stack \`${report.stack}\` in ${opts.history})\n`);
  }
  if (opts.html) {
    const page = renderHtmlReport(report, trendOf([...earlier, trendPointOf(report)]), { chartLibrary: chartLibrary() });
    try {
      fs.mkdirSync(path.dirname(path.resolve(opts.html)), { recursive: true });
      fs.writeFileSync(opts.html, page);
    } catch (e) {
      throw new InputError(`cannot write \`--html ${opts.html}\`: ${(e as Error).message}`);
    }
    io.stderr(`wrote ${opts.html} (${sizeText(Buffer.byteLength(page))})\n`);
  }
}
