/**
 * The HTML compliance page in a real browser: headless Chromium (Debian's package) through
 * playwright-core, offline, from file://. The charts must be drawn with their data, the page
 * must log no error and make no request but for itself, and a screenshot is written (to a
 * temporary folder; `npm run report:screenshot` writes the README's one).
 *
 * Without Chromium this suite fails, saying how to install it: it is never skipped.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser, Page } from "playwright-core";

import { readChartLibrary, renderHtmlReport } from "../../commands/lib/reportHtml";
import { readHistory, readSavedReport, trendOf, trendPointOf } from "../../commands/lib/reportSnapshots";
import { buildReportView } from "../../commands/lib/reportView";
import { launchChromium, openPage, waitForCharts, type OpenedPage } from "../helpers/chromium";
import { largeOrganizationReport } from "./complianceSamples";
import { EXAMPLE_HISTORY, EXAMPLE_REPORT } from "./reportAssets";

interface DrawnChart {
  readonly id: string;
  /** Series type and number of data items, from the ECharts instance. */
  readonly series: readonly (readonly [string, number])[];
  /** SVG shapes ECharts drew. */
  readonly shapes: number;
  readonly width: number;
  readonly height: number;
}

/** What ECharts holds and drew for every chart element of the page (evaluated in the page). */
async function drawnCharts(page: Page): Promise<DrawnChart[]> {
  return page.evaluate(`[...document.querySelectorAll(".chart")].map((el) => {
    const chart = echarts.getInstanceByDom(el);
    const series = chart ? chart.getOption().series.map((s) => [s.type, (s.data || []).length]) : [];
    const box = el.getBoundingClientRect();
    return { id: el.id, series, shapes: el.querySelectorAll("svg path, svg rect, svg circle").length, width: box.width, height: box.height };
  })`) as Promise<DrawnChart[]>;
}

function isPng(file: string): boolean {
  const head = fs.readFileSync(file).subarray(0, 8);
  return head.equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

describe("report: the HTML page in headless Chromium", function () {
  let browser: Browser;
  let dir: string;
  const opened: OpenedPage[] = [];
  const library = readChartLibrary();

  before(async () => {
    browser = await launchChromium();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-page-test-"));
  });
  after(async () => {
    for (const o of opened) await o.context.close();
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, html: string, viewport?: { width: number; height: number }): Promise<OpenedPage> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, html);
    const page = await openPage(browser, file, viewport);
    opened.push(page);
    return page;
  }

  it("draws every chart of the example with its data, offline, without errors, and takes a screenshot", async () => {
    const report = readSavedReport(EXAMPLE_REPORT);
    const page = await open("example.html", renderHtmlReport(report, trendOf(readHistory(EXAMPLE_HISTORY, report.stack)), { chartLibrary: library }));
    await waitForCharts(page.page);
    const charts = await drawnCharts(page.page);
    expect(charts.map((c) => c.id)).to.deep.equal(["chart-trend", "chart-trend-packs", "chart-heatmap-accounts", "chart-worst-rules", "chart-worst-accounts"]);
    for (const c of charts) {
      expect(c.series.length, `${c.id} has series`).to.be.greaterThan(0);
      expect(
        c.series.every(([, n]) => n > 0),
        `${c.id} series have data: ${JSON.stringify(c.series)}`,
      ).to.equal(true);
      expect(c.shapes, `${c.id} is drawn`).to.be.greaterThan(10);
      expect(c.width, `${c.id} has a width`).to.be.greaterThan(300);
    }
    const heatmap = charts.find((c) => c.id === "chart-heatmap-accounts")!;
    expect(heatmap.series[0]![0]).to.equal("heatmap");
    // One drawn cell per non-zero account × rule, besides axes and legend.
    expect(heatmap.shapes).to.be.greaterThan(heatmap.series[0]![1]);
    expect(await page.page.locator(".card-value").allInnerTexts()).to.have.length(4);
    expect(page.errors).to.deep.equal([]);
    expect(page.requests, "the page asked for nothing but itself").to.deep.equal([page.url]);

    const screenshot = path.join(dir, "compliance-report.png");
    await page.page.screenshot({ path: screenshot, fullPage: true });
    expect(isPng(screenshot)).to.equal(true);
  });

  it("names the account and the rule in a heat map cell's tooltip", async () => {
    const report = readSavedReport(EXAMPLE_REPORT);
    const page = await open("tooltip.html", renderHtmlReport(report, [trendPointOf(report)], { chartLibrary: library }));
    await waitForCharts(page.page);
    const shown = (await page.page.evaluate(`(() => {
      const chart = echarts.getInstanceByDom(document.getElementById("chart-heatmap-accounts"));
      const cell = chart.getOption().series[0].data[3];
      chart.dispatchAction({ type: "showTip", seriesIndex: 0, dataIndex: 3 });
      const tip = document.querySelector("#chart-heatmap-accounts div[style*='z-index']");
      return { cell, text: tip ? tip.textContent : "" };
    })()`)) as { cell: [number, number, number]; text: string };
    const map = buildReportView(report, []).heatmaps[0]!;
    const [x, y, value] = shown.cell;
    expect(shown.text).to.equal(`${map.columns[x]!.detail}${map.rules[y]}: ${value} non-compliant`);
    expect(page.errors).to.deep.equal([]);
  });

  it("stays usable for 1,000 accounts × 150 rules: heat maps of the worst and by OU, the full table opens", async () => {
    const now = new Date("2026-11-30T06:00:00Z");
    const report = largeOrganizationReport(1000, 150, now);
    const page = await open(
      "large.html",
      renderHtmlReport(report, [trendPointOf({ ...report, generatedAt: "2026-11-23T06:00:00.000Z" }), trendPointOf(report)], { chartLibrary: library }),
    );
    await waitForCharts(page.page);
    const charts = await drawnCharts(page.page);
    expect(charts.map((c) => c.id)).to.include.members(["chart-heatmap-accounts", "chart-heatmap-ous"]);
    for (const c of charts) expect(c.shapes, `${c.id} is drawn`).to.be.greaterThan(10);
    const columns = (await page.page.evaluate(
      `echarts.getInstanceByDom(document.getElementById("chart-heatmap-accounts")).getOption().xAxis[0].data.length`,
    )) as number;
    expect(columns).to.equal(40);
    const table = page.page.locator("details", { hasText: "All 1,000 accounts" });
    expect(await table.locator("table").isVisible()).to.equal(false);
    await table.locator("summary").click();
    expect(await table.locator("table").isVisible()).to.equal(true);
    expect(await table.locator("tbody tr").count()).to.equal(1000);
    expect(page.errors).to.deep.equal([]);
    expect(page.requests).to.deep.equal([page.url]);
    await page.page.screenshot({ path: path.join(dir, "large.png") });
  });

  it("would notice a page that reaches out: the request is blocked and reported", async () => {
    const report = readSavedReport(EXAMPLE_REPORT);
    const html = renderHtmlReport(report, [trendPointOf(report)], { chartLibrary: library }).replace(
      "</head>",
      '<link rel="stylesheet" href="https://cdn.example.com/theme.css"></head>',
    );
    const page = await open("reaching-out.html", html);
    await waitForCharts(page.page);
    expect(page.errors.join("\n")).to.match(/cdn\.example\.com/);
  });
});
