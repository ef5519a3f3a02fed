/**
 * The compliance report as one self-contained HTML page (pure, apart from `readChartLibrary`):
 * styles, data and Apache ECharts are inlined, so the file opens anywhere without network.
 * A Content-Security-Policy with the hashes of the page's own scripts forbids every request
 * and every other script: nothing a report value contains can run or load anything.
 *
 * Every value from the report is HTML-escaped; the chart data travels as JSON in a
 * non-executed script element, with `<` escaped so it cannot close that element.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import type { ComplianceReport, RecorderProblem, SourceProblem } from "./complianceReport";
import { chartSpecs, type ChartSpec } from "./reportCharts";
import type { TrendPoint } from "./reportSnapshots";
import { buildReportView, COVERAGE_SHOWN, type AccountRow, type Headline, type ReportView, type RuleRow } from "./reportView";

export interface ChartLibrary {
  /** The library's browser build (UMD, defines `echarts`). */
  readonly source: string;
  readonly version: string;
}

/** Apache ECharts' full minified build from node_modules (heat maps are not in its smaller builds). */
export function readChartLibrary(): ChartLibrary {
  const file = require.resolve("echarts/dist/echarts.min.js");
  const source = fs.readFileSync(file, "utf8");
  // Inlined in a <script> element, the source must not contain its end tag.
  if (/<\/script/i.test(source)) throw new Error(`${file} contains "</script" and cannot be inlined in the HTML report`);
  const { version } = JSON.parse(fs.readFileSync(require.resolve("echarts/package.json"), "utf8")) as { version: string };
  return { source, version };
}

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** JSON that can sit inside a <script> element: no `<` (so no `</script>`), no line separators JavaScript once refused. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** Escaped text whose `backticked` spans (commands, names: the report's messages use them) read as code. */
function withCode(value: string): string {
  return escapeHtml(value).replace(/`([^`]+)`/g, "<code>$1</code>");
}

const number = (n: number) => n.toLocaleString("en-US");
const percentText = (share: number | undefined) => (share === undefined ? "–" : `${(Math.floor(share * 1000) / 10).toFixed(1)}%`);
const capped = (n: number, isCapped: boolean) => `${number(n)}${isCapped ? "+" : ""}`;

/** `2026-12-01 06:00 UTC`: the same text wherever the page is built. */
export function utcText(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/** Green from 95%, amber from 80%, red below: the usual reading of a compliance score. */
function shareClass(share: number | undefined): string {
  if (share === undefined) return "share none";
  return share >= 0.95 ? "share good" : share >= 0.8 ? "share fair" : "share poor";
}

function sharePill(share: number | undefined): string {
  return `<span class="${shareClass(share)}">${percentText(share)}</span>`;
}

function card(title: string, value: string, detail: string, tone: string, change = ""): string {
  return `<div class="card ${tone}"><div class="card-title">${escapeHtml(title)}</div><div class="card-value">${value}</div>${change}<div class="card-detail">${detail}</div></div>`;
}

/** `▲ 2.3 pts since 2026-11-23`: green when it got better, red when worse. */
function change(now: number | undefined, before: number | undefined, previous: TrendPoint | undefined, higherIsBetter: boolean, asShare: boolean): string {
  if (now === undefined || before === undefined || !previous) return "";
  const diff = asShare ? Math.round((now - before) * 1000) / 10 : now - before;
  const since = `since ${utcText(previous.generatedAt).slice(0, 10)}`;
  if (diff === 0) return `<div class="change">no change ${since}</div>`;
  const better = diff > 0 === higherIsBetter;
  const amount = asShare ? `${Math.abs(diff).toFixed(1)} pts` : number(Math.abs(diff));
  return `<div class="change ${better ? "better" : "worse"}">${diff > 0 ? "▲" : "▼"} ${amount} ${since}</div>`;
}

function cards(h: Headline, previous: TrendPoint | undefined): string {
  const shareCard =
    h.compliantShare !== undefined
      ? card(
          "Compliant resources",
          percentText(h.compliantShare),
          `${number(h.resourcesCompliant!)} of ${number(h.resourcesEvaluated!)} evaluated resources comply with every rule that evaluates them`,
          shareClass(h.compliantShare).replace("share ", ""),
          change(h.compliantShare, previous?.compliantShare, previous, true, true),
        )
      : card(
          "Compliant resources",
          "–",
          "not measured: the report has no resource compliance counts (saved by an older version, or `AWS::Config::ResourceCompliance` is not recorded)",
          "none",
        );
  const nonCompliant =
    h.nonCompliantResources !== undefined
      ? card(
          "Non-compliant resources",
          number(h.nonCompliantResources),
          `${capped(h.findings, h.findingsCapped)} findings (resource × rule) in ${number(h.accountsWithFindings)} account(s)`,
          h.nonCompliantResources > 0 ? "poor" : "good",
          change(h.nonCompliantResources, previous?.nonCompliantResources, previous, false, false),
        )
      : card(
          "Findings",
          capped(h.findings, h.findingsCapped),
          `non-compliant resource × rule results in ${number(h.accountsWithFindings)} account(s)`,
          h.findings > 0 ? "poor" : "good",
          change(h.findings, previous?.findings, previous, false, false),
        );
  const rules = card(
    "Rules",
    h.rules !== undefined ? number(h.rules) : number(h.rulesWithFindings),
    `${number(h.rulesWithFindings)} with non-compliant resources${h.packs > 0 ? `, from ${number(h.packs)} conformance pack(s)` : ""}`,
    "neutral",
  );
  const recording =
    h.places !== undefined && h.placesRecording !== undefined
      ? card(
          "Accounts × Regions recording",
          `${number(h.placesRecording)} <span class="of">of ${number(h.places)}</span>`,
          `${number(h.recordersNotRecording)} place(s) without a recording recorder; ${number(h.failingSources)} of ${number(h.sources)} aggregator source(s) failing`,
          h.placesRecording === h.places && h.failingSources === 0 ? "good" : "fair",
        )
      : card(
          "Coverage",
          number(h.recordersNotRecording),
          `place(s) without a recording recorder; ${number(h.failingSources)} of ${number(h.sources)} aggregator source(s) failing`,
          h.recordersNotRecording + h.failingSources === 0 ? "good" : "fair",
        );
  return `<section class="cards">${shareCard}${nonCompliant}${rules}${recording}</section>`;
}

/** A chart in its box; `noteHtml` is HTML (escape what it quotes). */
function chartBox(spec: ChartSpec | undefined, title: string, noteHtml?: string): string {
  if (!spec) return "";
  return `<figure class="chart-box"><figcaption>${escapeHtml(title)}</figcaption>${noteHtml ? `<p class="note">${noteHtml}</p>` : ""}<div class="chart" id="${spec.id}" style="height:${spec.height}px"></div></figure>`;
}

export interface HtmlColumn<R> {
  readonly header: string;
  readonly cell: (row: R) => string;
  readonly numeric?: boolean;
  /** Short values (Regions, statuses) that should not wrap. */
  readonly nowrap?: boolean;
}

export function table<R>(rows: readonly R[], columns: readonly HtmlColumn<R>[], className = ""): string {
  const cls = (c: HtmlColumn<R>) => (c.numeric ? ' class="num"' : c.nowrap ? ' class="nowrap"' : "");
  const head = columns.map((c) => `<th${cls(c)}>${escapeHtml(c.header)}</th>`).join("");
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td${cls(c)}>${c.cell(r)}</td>`).join("")}</tr>`).join("\n");
  return `<table class="${className}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function collapsible(summary: string, content: string, open = false): string {
  return `<details${open ? " open" : ""}><summary>${escapeHtml(summary)}</summary>${content}</details>`;
}

const ACCOUNT_COLUMNS: readonly HtmlColumn<AccountRow>[] = [
  {
    header: "Account",
    cell: (a) =>
      `${escapeHtml(a.label)}${a.label !== a.accountId ? ` <span class="id">${a.accountId}</span>` : ""}${a.inScope === false ? ' <span class="tag">not in this stack</span>' : ""}`,
  },
  { header: "OU", cell: (a) => escapeHtml(a.ou ?? "") },
  { header: "Regions recording", cell: (a) => (a.regionsGoverned === undefined ? "–" : `${a.regionsRecording} / ${a.regionsGoverned}`), numeric: true },
  { header: "Compliant resources", cell: (a) => sharePill(a.compliantShare), numeric: true },
  { header: "Non-compliant resources", cell: (a) => (a.nonCompliantResources === undefined ? "–" : number(a.nonCompliantResources)), numeric: true },
  { header: "Findings", cell: (a) => capped(a.findings, a.capped), numeric: true },
  { header: "Rules failing", cell: (a) => number(a.rulesFailing), numeric: true },
];

const RULE_COLUMNS: readonly HtmlColumn<RuleRow>[] = [
  { header: "Rule", cell: (r) => `<code>${escapeHtml(r.rule)}</code>` },
  { header: "Pack", cell: (r) => escapeHtml(r.pack ?? "") },
  { header: "Compliant results", cell: (r) => sharePill(r.compliantShare), numeric: true },
  { header: "Accounts failing", cell: (r) => number(r.accounts), numeric: true },
  { header: "Regions failing", cell: (r) => number(r.regions), numeric: true },
  { header: "Non-compliant resources", cell: (r) => capped(r.findings, r.capped), numeric: true },
];

const accountOf = (id: string, name: string | undefined) => (name ? `${escapeHtml(name)} <span class="id">${escapeHtml(id)}</span>` : escapeHtml(id));

const SOURCE_COLUMNS: readonly HtmlColumn<SourceProblem>[] = [
  { header: "Source", cell: (s) => accountOf(s.sourceId, s.accountName) },
  { header: "Region", cell: (s) => escapeHtml(s.region), nowrap: true },
  { header: "Status", cell: (s) => `<span class="tag bad">${escapeHtml(s.status)}</span>`, nowrap: true },
  { header: "Last update", cell: (s) => escapeHtml(s.lastUpdateTime ? utcText(s.lastUpdateTime) : ""), nowrap: true },
  { header: "Error", cell: (s) => escapeHtml([s.errorCode, s.errorMessage].filter(Boolean).join(": ")) },
];

const RECORDER_COLUMNS: readonly HtmlColumn<RecorderProblem>[] = [
  { header: "Account", cell: (r) => accountOf(r.accountId, r.accountName) },
  { header: "Region", cell: (r) => escapeHtml(r.region), nowrap: true },
  {
    header: "Problem",
    cell: (r) => `<span class="tag ${r.problem === "stopped" ? "bad" : "warn"}">${r.problem === "stopped" ? "stopped" : "no recorder seen"}</span>`,
    nowrap: true,
  },
  { header: "What to do", cell: (r) => withCode(r.detail) },
];

/** The first problems in the open, the others collapsed. */
function problemTable<R>(rows: readonly R[], columns: readonly HtmlColumn<R>[], what: string): string {
  if (rows.length === 0) return `<p class="ok">No ${escapeHtml(what)}.</p>`;
  const shown = table(rows.slice(0, COVERAGE_SHOWN), columns);
  if (rows.length <= COVERAGE_SHOWN) return shown;
  return shown + collapsible(`${number(rows.length - COVERAGE_SHOWN)} more ${what}`, table(rows.slice(COVERAGE_SHOWN), columns));
}

function notes(report: ComplianceReport, view: ReportView): string {
  const items: string[] = [];
  if (view.headline.findingsCapped)
    items.push("AWS caps each non-compliant count at 100 per rule, account and Region; <b>+</b> marks a sum that includes a capped count.");
  if (view.schemaVersion < 2)
    items.push(
      `This report was saved with schema version ${view.schemaVersion}: it lists non-compliant rules only and has no compliant counts, packs or recording figures.`,
    );
  if (report.summary.resources && report.summary.resources.compliant + report.summary.resources.nonCompliant === 0) {
    items.push("No resource compliance counts reached the aggregator: the recorders may not record <code>AWS::Config::ResourceCompliance</code>.");
  }
  return items.length === 0 ? "" : `<ul class="notes">${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}

export const STYLE = `
:root { --text:#1f2933; --muted:#52606d; --line:#e4e7eb; --bg:#f5f7fa; --good:#1e8449; --fair:#b9770e; --poor:#b03a2e; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--text); font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
main { max-width:1280px; margin:0 auto; padding:24px 28px 48px; }
header h1 { margin:0; font-size:24px; }
header p { margin:4px 0 0; color:var(--muted); }
code, .id { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:12px; }
.id { color:var(--muted); }
h2 { font-size:18px; margin:32px 0 12px; }
.cards { display:grid; grid-template-columns:repeat(4,minmax(0,1fr)); gap:16px; margin-top:20px; }
.card { background:#fff; border:1px solid var(--line); border-top:4px solid var(--muted); border-radius:6px; padding:14px 16px; }
.card.good { border-top-color:var(--good); } .card.fair { border-top-color:var(--fair); } .card.poor { border-top-color:var(--poor); }
.card-title { color:var(--muted); font-size:13px; text-transform:uppercase; letter-spacing:.04em; }
.card-value { font-size:34px; font-weight:650; margin:4px 0; }
.card-value .of { font-size:18px; font-weight:400; color:var(--muted); }
.card-detail { color:var(--muted); font-size:13px; }
.change { font-size:13px; font-weight:600; margin-bottom:4px; color:var(--muted); } .change.better { color:var(--good); } .change.worse { color:var(--poor); }
.grid2 { display:grid; grid-template-columns:repeat(2,minmax(0,1fr)); gap:16px; }
.chart-box { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 16px; margin:0 0 16px; }
.chart-box figcaption { font-weight:600; margin-bottom:4px; }
.chart { width:100%; }
.note, .notes { color:var(--muted); font-size:13px; margin:0 0 8px; }
.notes { background:#fff; border:1px solid var(--line); border-radius:6px; padding:10px 10px 10px 28px; margin-top:16px; }
table { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--line); font-size:13px; }
th, td { text-align:left; padding:6px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f5; font-weight:600; position:sticky; top:0; }
td.num, th.num { text-align:right; white-space:nowrap; } .nowrap { white-space:nowrap; }
.share { display:inline-block; min-width:56px; text-align:center; border-radius:10px; padding:0 8px; font-weight:600; }
.share.good { background:#d5f5e3; color:#145a32; } .share.fair { background:#fdebd0; color:#7e5109; } .share.poor { background:#fadbd8; color:#78281f; } .share.none { color:var(--muted); }
.tag { display:inline-block; border-radius:4px; padding:0 6px; font-size:12px; background:#eef1f5; color:var(--muted); }
.tag.bad { background:#fadbd8; color:#78281f; } .tag.warn { background:#fdebd0; color:#7e5109; }
.ok { color:var(--good); }
details { margin:8px 0 16px; } summary { cursor:pointer; font-weight:600; padding:6px 0; }
.scroll { max-height:640px; overflow:auto; }
footer { color:var(--muted); font-size:12px; margin-top:40px; }
@media (max-width: 900px) { .cards { grid-template-columns:repeat(2,minmax(0,1fr)); } .grid2 { grid-template-columns:1fr; } }
@media print { body { background:#fff; } .chart-box, .card, table { break-inside:avoid; } .scroll { max-height:none; overflow:visible; } }
`;

/** Renders the charts: options from the page's JSON, and the heat map tooltip that names the cell. */
const CHART_SCRIPT = `(function () {
  var specs = JSON.parse(document.getElementById("chart-data").textContent);
  var encode = echarts.format.encodeHTML;
  var charts = specs.map(function (spec) {
    var chart = echarts.init(document.getElementById(spec.id), null, { renderer: "svg" });
    var option = spec.option;
    if (spec.kind === "heatmap") {
      option.tooltip.formatter = function (p) {
        return encode(spec.columns[p.value[0]]) + "<br>" + encode(spec.rows[p.value[1]]) + ": <b>" + p.value[2] + "</b> non-compliant";
      };
    }
    chart.setOption(option);
    return chart;
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();`;

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

function trendSection(view: ReportView, chart: (id: string) => ChartSpec | undefined): string {
  const first = view.trend[0];
  const last = view.trend[view.trend.length - 1];
  if (!chart("chart-trend") || !first || !last) {
    return `<h2>Trend</h2><p class="notes">One run so far: run the report with <code>--history &lt;folder&gt;</code> (for example from a daily or weekly CI job) and the page plots every run kept there.</p>`;
  }
  const note = escapeHtml(`${view.trend.length} runs from ${utcText(first.generatedAt)} to ${utcText(last.generatedAt)}.`);
  return (
    `<h2>Trend</h2>${chartBox(chart("chart-trend"), "Non-compliant resources and compliant share over time", note)}` +
    chartBox(chart("chart-trend-packs"), "By conformance pack: findings (solid) and compliant share of rule results (dashed)")
  );
}

export interface HtmlReportOptions {
  readonly chartLibrary: ChartLibrary;
}

/** The page for `report`, with `trend` (the current run included; `trendOf`). */
export function renderHtmlReport(report: ComplianceReport, trend: readonly TrendPoint[], options: HtmlReportOptions): string {
  const view = buildReportView(report, trend);
  const charts = chartSpecs(view);
  const chart = (id: string) => charts.find((c) => c.id === id);
  const data = scriptJson(charts);
  const library = options.chartLibrary.source;
  const csp = `default-src 'none'; script-src 'sha256-${sha256(library)}' 'sha256-${sha256(CHART_SCRIPT)}'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'`;
  const title = `AWS Config compliance: ${report.stack}, ${utcText(report.generatedAt)}`;
  const h = view.headline;

  const sections: string[] = [];
  sections.push(trendSection(view, chart));

  sections.push(`<h2>Where the findings are</h2>`);
  if (view.heatmaps.length === 0) sections.push(`<p class="ok">No rule has non-compliant resources.</p>`);
  for (const map of view.heatmaps) sections.push(chartBox(chart(`chart-${map.id}`), map.title, map.note && escapeHtml(map.note)));

  const worstRules = chart("chart-worst-rules");
  const worstAccounts = chart("chart-worst-accounts");
  if (worstRules || worstAccounts) {
    sections.push(
      `<h2>Worst rules and accounts</h2><div class="grid2">${chartBox(worstRules, "Rules with the most non-compliant resources")}${chartBox(
        worstAccounts,
        h.nonCompliantResources !== undefined ? "Accounts with the most non-compliant resources" : "Accounts with the most findings",
      )}</div>`,
    );
  }

  if (view.packs.length > 0) {
    sections.push(
      `<h2>Conformance packs</h2>` +
        table(view.packs, [
          { header: "Pack", cell: (p) => `<code>${escapeHtml(p.pack)}</code>` },
          { header: "Rules reporting", cell: (p) => number(p.rules), numeric: true },
          { header: "Compliant rule results", cell: (p) => sharePill(p.compliantShare), numeric: true },
          // Summed over the pack's rules: findings, as in the headline (a resource failing two rules counts twice).
          { header: "Findings", cell: (p) => capped(p.findings, p.capped), numeric: true },
        ]),
    );
  }

  sections.push(
    `<h2>Coverage problems</h2><h3>Aggregator sources failing</h3>${problemTable(view.sources, SOURCE_COLUMNS, "aggregator sources failing")}` +
      `<h3>Places without a recording recorder</h3>${problemTable(view.recorders, RECORDER_COLUMNS, "places without a recording recorder")}`,
  );

  sections.push(
    `<h2>All accounts and rules</h2>` +
      collapsible(`All ${number(view.accounts.length)} accounts, worst first`, `<div class="scroll">${table(view.accounts, ACCOUNT_COLUMNS)}</div>`) +
      collapsible(`All ${number(view.rules.length)} rules, worst first`, `<div class="scroll">${table(view.rules, RULE_COLUMNS)}</div>`),
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="generator" content="aws-config-org npm run report (schema ${report.schemaVersion})">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>AWS Config compliance</h1>
<p>Stack <code>${escapeHtml(report.stack)}</code> · aggregator <code>${escapeHtml(report.aggregator)}</code> · generated ${escapeHtml(utcText(report.generatedAt))}</p>
</header>
<noscript><p class="notes">The charts need JavaScript; the tables below carry the same figures.</p></noscript>
${cards(h, view.previous)}
${notes(report, view)}
${sections.join("\n")}
<footer>Built by <code>npm run report -- --html</code> (aws-config-org) from the organization aggregator's data. Charts: Apache ECharts ${escapeHtml(options.chartLibrary.version)}, inlined (Apache License 2.0). Figures: compliant share of evaluated resources from <code>AWS::Config::ResourceCompliance</code>; findings are non-compliant resources per rule, summed over rules, accounts and Regions.</footer>
</main>
<script type="application/json" id="chart-data">${data}</script>
<script>${library}</script>
<script>${CHART_SCRIPT}</script>
</body>
</html>
`;
}
