import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { main } from "../../commands/report";
import type { ComplianceReport } from "../../commands/lib/complianceReport";
import { InputError } from "../../commands/lib/exitCodes";
import { escapeHtml, readChartLibrary, renderHtmlReport, scriptJson } from "../../commands/lib/reportHtml";
import { parseSavedReport, readHistory, readSavedReport, snapshotFileName, trendOf, trendPointOf, writeSnapshot } from "../../commands/lib/reportSnapshots";
import { buildReportView, HEATMAP_MAX_ACCOUNTS, HEATMAP_MAX_RULES } from "../../commands/lib/reportView";
import { chartSpecs } from "../../commands/lib/reportCharts";
import { renderJson } from "../../commands/lib/render";
import { asSchema1, largeOrganizationReport } from "./complianceSamples";
import { EXAMPLE_HISTORY, EXAMPLE_REPORT, exampleFiles } from "./reportAssets";
import { bufferIo } from "./fixtures";

const NOW = new Date("2026-11-30T06:00:00Z");
const library = readChartLibrary();

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "report-html-test-"));
}

/** The JSON the page hands to ECharts. */
function chartData(html: string): { id: string; kind: string; option: { series: { data: unknown[] }[]; xAxis?: { data?: string[] } }; rows?: string[] }[] {
  const match = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html);
  expect(match, "the page carries its chart data").to.not.equal(null);
  return JSON.parse(match![1]!);
}

/** Deps of a command run that must not reach AWS or the stack's config. */
const offline = {
  loadDeployment: async () => {
    throw new Error("--from must not load the stack");
  },
  aggregator: async () => {
    throw new Error("--from must not reach the aggregator");
  },
  now: () => NOW,
};

describe("report: saved reports and the history folder", () => {
  let example: ComplianceReport;
  let dirs: string[] = [];
  before(() => (example = readSavedReport(EXAMPLE_REPORT)));
  afterEach(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  const dir = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };

  it("reads back what --json printed (schema 2)", () => {
    expect(example.schemaVersion).to.equal(2);
    expect(parseSavedReport(renderJson(example), "x.json")).to.deep.equal(example);
  });

  it("loads schema 1 reports (no schemaVersion) as they are", () => {
    const old = parseSavedReport(JSON.stringify(asSchema1(example)), "old.json");
    expect(old.schemaVersion).to.equal(1);
    expect(old.accounts).to.equal(undefined);
    expect(old.summary.nonCompliantResources).to.equal(example.summary.nonCompliantResources);
    const point = trendPointOf(old);
    expect(point).to.deep.equal({ generatedAt: example.generatedAt, findings: example.summary.nonCompliantResources, packs: {} });
  });

  it("refuses a newer schema version, saying how to read it", () => {
    expect(() => parseSavedReport(JSON.stringify({ ...example, schemaVersion: 3 }), "new.json")).to.throw(
      InputError,
      /`new\.json` is a compliance report of schema version 3; this version of aws-config-org reads versions 1 to 2: update it/,
    );
  });

  it("names every problem of a file that is not a report, by JSON path", () => {
    expect(() => parseSavedReport("{not json", "broken.json")).to.throw(InputError, /`broken\.json` is not JSON/);
    const bad = {
      ...example,
      generatedAt: "yesterday",
      rules: [{ ...example.rules[0]!, total: "many" }],
      accounts: undefined,
      summary: { ...example.summary, places: undefined },
    };
    let message = "";
    try {
      parseSavedReport(JSON.stringify(bad), "bad.json");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.contain("`bad.json` is not a compliance report");
    expect(message).to.contain("`/rules/0/total` must be integer");
    expect(message).to.contain("the top level has no `accounts`");
    expect(message).to.contain("`/summary` has no `places`");
    expect(message).to.contain("`/generatedAt` is not a date: `yesterday`");
  });

  it("names snapshots by stack and date, and reads the stack's ones back in date order", () => {
    expect(snapshotFileName({ stack: "prod", generatedAt: "2026-11-30T06:00:00.123Z" })).to.equal("compliance-prod-2026-11-30T06-00-00Z.json");
    expect(snapshotFileName({ stack: "org/proj/dev", generatedAt: "2026-11-30T06:00:00Z" })).to.equal("compliance-org_proj_dev-2026-11-30T06-00-00Z.json");
    const d = dir();
    const later = { ...example, generatedAt: "2026-12-07T06:00:00.000Z" };
    writeSnapshot(d, later);
    writeSnapshot(d, example);
    fs.writeFileSync(path.join(d, "compliance-dev-2026-11-30T06-00-00Z.json"), "{}"); // another stack: not read
    fs.writeFileSync(path.join(d, "README.md"), "notes");
    expect(fs.readdirSync(d).filter((f) => f.endsWith(".partial"))).to.deep.equal([]);
    const points = readHistory(d, "prod");
    expect(points.map((p) => p.generatedAt)).to.deep.equal([example.generatedAt, later.generatedAt]);
    expect(JSON.parse(fs.readFileSync(path.join(d, snapshotFileName(example)), "utf8"))).to.deep.equal(JSON.parse(renderJson(example)));
  });

  it("has no history before the folder exists, and names every snapshot that does not load", () => {
    expect(readHistory(path.join(dir(), "not-yet"), "prod")).to.deep.equal([]);
    const d = dir();
    fs.writeFileSync(path.join(d, "compliance-prod-2026-11-01T06-00-00Z.json"), "{");
    fs.writeFileSync(path.join(d, "compliance-prod-2026-11-08T06-00-00Z.json"), JSON.stringify({ ...example, stack: "dev" }));
    expect(() => readHistory(d, "prod"))
      .to.throw(InputError, /has 2 snapshot\(s\) that do not load/)
      .with.property("message")
      .that.matches(/2026-11-01T06-00-00Z\.json` is not JSON[\s\S]*2026-11-08T06-00-00Z\.json` is a report of stack `dev`, not `prod`/);
  });

  it("keeps one trend point per date, in date order", () => {
    const a = trendPointOf({ ...example, generatedAt: "2026-11-02T06:00:00.000Z" });
    const b = trendPointOf(example);
    const b2 = { ...b, findings: 1 };
    expect(trendOf([b, a, b2]).map((p) => [p.generatedAt, p.findings])).to.deep.equal([
      [a.generatedAt, a.findings],
      [b.generatedAt, 1],
    ]);
    expect(b.compliantShare).to.be.closeTo(
      example.summary.resources!.compliant / (example.summary.resources!.compliant + example.summary.resources!.nonCompliant),
      1e-12,
    );
    expect(Object.keys(b.packs)).to.deep.equal(["data-protection-baseline", "network-and-identity", "approved-images"]);
  });
});

describe("report: the shipped examples", () => {
  it("are what the sample generator and the report model make today (npm run report:examples)", async () => {
    const files = await exampleFiles();
    for (const [file, text] of files)
      expect(fs.readFileSync(path.resolve(__dirname, "../..", file), "utf8"), `${file} is stale: run npm run report:examples`).to.equal(text);
    const history = fs.readdirSync(EXAMPLE_HISTORY).map((f) => path.relative(path.resolve(__dirname, "../.."), path.join(EXAMPLE_HISTORY, f)));
    expect(history.sort()).to.deep.equal([...files.keys()].filter((f) => f.includes("compliance-history")).sort());
  });

  it("show several accounts, Regions and packs, with coverage problems, and a history that mixes schema 1 and 2", () => {
    const report = readSavedReport(EXAMPLE_REPORT);
    const regions = new Set(report.rules.flatMap((r) => r.places.map((p) => p.region)));
    expect(report.accounts!.length).to.be.greaterThan(5);
    expect(regions.size).to.be.greaterThan(2);
    expect(report.packs!.length).to.equal(3);
    expect(report.sources.problems.length).to.be.greaterThan(0);
    expect(report.recorders.problems.map((p) => p.problem)).to.include.members(["stopped", "not-seen"]);
    const versions = fs.readdirSync(EXAMPLE_HISTORY).map((f) => readSavedReport(path.join(EXAMPLE_HISTORY, f)).schemaVersion);
    expect(versions).to.include.members([1, 2]);
    expect(readHistory(EXAMPLE_HISTORY, "prod").length).to.equal(versions.length);
  });
});

describe("report: the page's content", () => {
  const example = readSavedReport(EXAMPLE_REPORT);
  const trend = trendOf(readHistory(EXAMPLE_HISTORY, "prod"));

  it("heads with the compliant share, non-compliant resources, rules and the places that record", () => {
    const view = buildReportView(example, trend);
    const r = example.summary.resources!;
    expect(view.headline).to.deep.include({
      compliantShare: r.compliant / (r.compliant + r.nonCompliant),
      nonCompliantResources: r.nonCompliant,
      findings: example.summary.nonCompliantResources,
      rules: example.summary.rulesEvaluated,
      places: 34,
      placesRecording: example.summary.placesRecording,
      failingSources: 1,
    });
    expect(view.previous?.generatedAt).to.equal("2026-11-23T06:00:00.000Z");
    const html = renderHtmlReport(example, trend, { chartLibrary: library });
    expect(html).to.contain(`${(Math.floor((r.compliant / (r.compliant + r.nonCompliant)) * 1000) / 10).toFixed(1)}%`);
    expect(html).to.contain("since 2026-11-23");
    // One vocabulary with the terminal (issue 24): a pack's sum over its rules is findings, not resources.
    expect(html).to.match(
      /<h2>Conformance packs<\/h2><table class=""><thead><tr><th>Pack<\/th><th class="num">Rules reporting<\/th><th class="num">Compliant rule results<\/th><th class="num">Findings<\/th>/,
    );
  });

  it("maps the heat map's rows to declared rule names and sums each account's Regions", () => {
    const view = buildReportView(example, trend);
    const map = view.heatmaps[0]!;
    expect(map.rules.some((r) => r.includes("-conformance-pack-"))).to.equal(false);
    expect(map.rules).to.include("s3-bucket-level-public-access-prohibited");
    const rule = example.rules.find((r) => r.rule === map.rules[0])!;
    const column = map.columns.findIndex((c) => c.detail.includes(rule.places[0]!.accountId));
    const expected = rule.places.filter((p) => p.accountId === rule.places[0]!.accountId).reduce((s, p) => s + p.count, 0);
    expect(map.cells.find(([x, y]) => x === column && y === 0)?.[2]).to.equal(expected);
  });

  it("charts the trend with every run, schema 1 runs without the figures they lack, and each pack", () => {
    const charts = chartSpecs(buildReportView(example, trend));
    expect(charts.map((c) => c.id)).to.deep.equal(["chart-trend", "chart-trend-packs", "chart-heatmap-accounts", "chart-worst-rules", "chart-worst-accounts"]);
    const series = (charts[0]!.option.series as { name: string; data: unknown[] }[]).map((s) => [s.name, s.data.length]);
    expect(series).to.deep.equal([
      ["Non-compliant resources", 5],
      ["Findings (resource × rule)", 8],
      ["Compliant share of evaluated resources (%)", 5],
    ]);
    expect((charts[1]!.option.series as unknown[]).length).to.equal(6);
  });

  it("says there is no trend yet after one run, and renders a schema 1 report with what it has", () => {
    const old = parseSavedReport(JSON.stringify(asSchema1(example)), "old.json");
    const html = renderHtmlReport(old, [trendPointOf(old)], { chartLibrary: library });
    expect(html).to.contain("One run so far");
    expect(html).to.contain("saved with schema version 1");
    expect(chartData(html).map((c) => c.id)).to.deep.equal(["chart-heatmap-accounts", "chart-worst-rules", "chart-worst-accounts"]);
  });

  it("escapes every report value, and no value can close the chart data's script element", () => {
    const evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";
    const report: ComplianceReport = {
      ...example,
      stack: `prod${evil}`,
      rules: example.rules.map((r, i) => (i === 0 ? { ...r, rule: `rule${evil}`, places: r.places.map((p) => ({ ...p, accountName: `acct${evil}` })) } : r)),
      accounts: example.accounts!.map((a) => ({ ...a, accountName: `acct${evil}` })),
      sources: { ...example.sources, problems: example.sources.problems.map((s) => ({ ...s, errorMessage: evil })) },
    };
    const html = renderHtmlReport(report, trend, { chartLibrary: library });
    const withoutLibrary = html.replace(library.source, "");
    expect(withoutLibrary).not.to.contain("<script>alert");
    expect(withoutLibrary).not.to.contain("<img");
    expect(withoutLibrary).to.contain(escapeHtml(`acct${evil}`));
    const data = /<script type="application\/json" id="chart-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(data).not.to.contain("<");
    expect(JSON.stringify(chartData(html))).to.contain(`rule${evil}`);
    expect(scriptJson("\u2028</script>")).to.equal('"\\u2028\\u003c/script>"');
  });

  it("allows exactly its own scripts and no request at all (Content-Security-Policy)", () => {
    const html = renderHtmlReport(example, trend, { chartLibrary: library });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1]!.replace(/&#39;/g, "'");
    expect(csp).to.match(/^default-src 'none'; /);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts).to.have.length(2);
    for (const s of scripts) expect(csp).to.contain(`'sha256-${createHash("sha256").update(s).digest("base64")}'`);
    expect(html.replace(library.source, "")).not.to.match(/\s(src|href)=/);
  });
});

describe("report: a page for 1,000 accounts × 150 rules", () => {
  let report: ComplianceReport;
  let html: string;
  before(() => {
    report = largeOrganizationReport(1000, 150, NOW);
    html = renderHtmlReport(report, [trendPointOf({ ...report, generatedAt: "2026-11-23T06:00:00.000Z" }), trendPointOf(report)], { chartLibrary: library });
  });

  it("stays under 3 MB, the chart library included", () => {
    const bytes = Buffer.byteLength(html);
    expect(bytes, `${bytes} bytes`).to.be.below(3 * 1024 * 1024);
    expect(report.accounts).to.have.length(1000);
    expect(report.rules).to.have.length(150);
  });

  it("shows the worst accounts and rules in the heat map, every OU in the second, and every account in a collapsed table", () => {
    const view = buildReportView(report, []);
    const [accounts, ous] = view.heatmaps;
    expect(accounts!.columns).to.have.length(HEATMAP_MAX_ACCOUNTS);
    expect(accounts!.rules).to.have.length(HEATMAP_MAX_RULES);
    expect(accounts!.note).to.match(/^Showing the 40 of \d+ accounts with findings that have the most, and the 30 of 150 rules/);
    expect(ous!.columns.map((c) => c.label)).to.include.members(["ou-root-sandbox", "ou-root-workload01", "ou-root-workload10"]);
    const table = /<details><summary>All 1,000 accounts, worst first<\/summary>([\s\S]*?)<\/details>/.exec(html);
    expect(table, "a closed <details> with every account").to.not.equal(null);
    expect(table![1]!.match(/<tr>/g)).to.have.length(1001); // header + 1,000 accounts
    expect(html).to.match(/<details><summary>\d+ more places without a recording recorder<\/summary>/);
  });
});

describe("report: --html, --history and --from", () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("renders a saved report without AWS, into a page and the usual table", async () => {
    const b = bufferIo();
    const page = path.join(dir, "out", "report.html");
    expect(await main(["--stack", "prod", "--from", EXAMPLE_REPORT, "--html", page], b.io, offline), b.err()).to.equal(0);
    expect(b.out()).to.contain("AWS Config compliance: stack `prod`");
    expect(b.err()).to.match(/wrote .*report\.html \(1\.\d MB\)/);
    const html = fs.readFileSync(page, "utf8");
    expect(html).to.match(/^<!doctype html>/);
    expect(html).to.contain("Stack <code>prod</code>");
  });

  it("notes a saved report of another stack and renders it as saved", async () => {
    const b = bufferIo();
    expect(await main(["--stack", "dev", "--from", EXAMPLE_REPORT, "--json"], b.io, offline)).to.equal(0);
    expect(b.err()).to.contain("is a report of stack `prod`, not `dev`");
    expect(JSON.parse(b.out()).stack).to.equal("prod");
  });

  it("saves the run in --history and plots the earlier runs", async () => {
    const history = path.join(dir, "history");
    fs.cpSync(EXAMPLE_HISTORY, history, { recursive: true });
    const newer = { ...readSavedReport(EXAMPLE_REPORT), generatedAt: "2026-12-07T06:00:00.000Z" };
    const saved = path.join(dir, "newer.json");
    fs.writeFileSync(saved, renderJson(newer));
    const b = bufferIo();
    const page = path.join(dir, "report.html");
    expect(await main(["--stack", "prod", "--from", saved, "--history", history, "--html", page], b.io, offline), b.err()).to.equal(0);
    expect(b.err()).to.contain("(8 other run(s) of stack `prod`");
    expect(fs.readdirSync(history)).to.include("compliance-prod-2026-12-07T06-00-00Z.json");
    const trend = chartData(fs.readFileSync(page, "utf8")).find((c) => c.id === "chart-trend")!;
    expect(trend.option.series[1]!.data).to.have.length(9);
  });

  it("exits 2 for --from with --resources, a missing file, or a history that does not load", async () => {
    const a = bufferIo();
    expect(await main(["--stack", "prod", "--from", EXAMPLE_REPORT, "--resources"], a.io, offline)).to.equal(2);
    expect(a.err()).to.contain("`--resources` asks AWS");
    const b = bufferIo();
    expect(await main(["--stack", "prod", "--from", path.join(dir, "nope.json")], b.io, offline)).to.equal(2);
    expect(b.err()).to.contain("cannot read");
    fs.writeFileSync(path.join(dir, "compliance-prod-2026-01-01T00-00-00Z.json"), "[]");
    const c = bufferIo();
    expect(await main(["--stack", "prod", "--from", EXAMPLE_REPORT, "--history", dir, "--html", path.join(dir, "r.html")], c.io, offline)).to.equal(2);
    expect(c.err()).to.contain("snapshot(s) that do not load");
    expect(fs.existsSync(path.join(dir, "r.html")), "no page from a broken history").to.equal(false);
  });
});
