/**
 * Regenerates the HTML report's committed assets (not a test):
 *
 *   npm run report:examples     examples/compliance-report.json and examples/compliance-history/
 *   npm run report:screenshot   docs/images/compliance-report.png, the README's picture of the page
 *
 * The examples come from the sample generator (complianceSamples.ts) through the real report
 * model for the prod stack and its offline organization fixture; the first runs of the
 * history are saved as schema 1, as an older version of the command wrote them.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDeployment } from "../../commands/lib/deployment";
import { readChartLibrary, renderHtmlReport } from "../../commands/lib/reportHtml";
import { readHistory, readSavedReport, snapshotFileName, trendOf } from "../../commands/lib/reportSnapshots";
import { renderJson } from "../../commands/lib/render";
import { launchChromium, openPage, waitForCharts } from "../helpers/chromium";
import { asSchema1, EXAMPLE_SCHEMA1_RUNS, EXAMPLE_STACK, exampleReports } from "./complianceSamples";

const ROOT = path.resolve(__dirname, "../..");
export const EXAMPLE_REPORT = path.join(ROOT, "examples/compliance-report.json");
export const EXAMPLE_HISTORY = path.join(ROOT, "examples/compliance-history");
export const SCREENSHOT = path.join(ROOT, "docs/images/compliance-report.png");

/** The example files, by path relative to the project root, with their contents. */
export async function exampleFiles(): Promise<Map<string, string>> {
  const deployment = await loadDeployment({ stack: EXAMPLE_STACK.stack, organizationFile: path.join(ROOT, EXAMPLE_STACK.organizationFile) });
  const reports = exampleReports(deployment);
  const files = new Map<string, string>();
  files.set(path.relative(ROOT, EXAMPLE_REPORT), renderJson(reports[reports.length - 1]));
  reports.forEach((report, i) => {
    files.set(path.relative(ROOT, path.join(EXAMPLE_HISTORY, snapshotFileName(report))), renderJson(i < EXAMPLE_SCHEMA1_RUNS ? asSchema1(report) : report));
  });
  return files;
}

async function writeExamples(): Promise<void> {
  fs.rmSync(EXAMPLE_HISTORY, { recursive: true, force: true });
  for (const [file, text] of await exampleFiles()) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), text);
    console.log(`wrote ${file}`);
  }
}

async function writeScreenshot(): Promise<void> {
  const report = readSavedReport(EXAMPLE_REPORT);
  const page = renderHtmlReport(report, trendOf(readHistory(EXAMPLE_HISTORY, report.stack)), { chartLibrary: readChartLibrary() });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compliance-report-"));
  const browser = await launchChromium();
  try {
    const file = path.join(dir, "report.html");
    fs.writeFileSync(file, page);
    const opened = await openPage(browser, file);
    await waitForCharts(opened.page);
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await opened.page.screenshot({ path: SCREENSHOT, fullPage: true });
    if (opened.errors.length > 0) throw new Error(`the page logged errors:\n${opened.errors.join("\n")}`);
    console.log(`wrote ${path.relative(ROOT, SCREENSHOT)}`);
  } finally {
    await browser.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const what = process.argv[2];
  const run = what === "examples" ? writeExamples : what === "screenshot" ? writeScreenshot : undefined;
  if (!run) {
    console.error("usage: reportAssets.ts examples|screenshot");
    process.exitCode = 2;
  } else {
    run().catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exitCode = 1;
    });
  }
}
