/**
 * Apache ECharts options for the charts of the HTML compliance page, from its view (pure).
 * Options are plain JSON: the page hands them to `echarts.init(...).setOption(...)` and adds
 * only what JSON cannot carry (the heat map tooltip, which names the account and the rule).
 */
import type { EChartsOption } from "echarts";
import type { HeatmapView, ReportView } from "./reportView";
import { WORST_COUNT } from "./reportView";

/** One chart of the page: the element it fills, its height, and its option. */
export interface ChartSpec {
  readonly id: string;
  readonly kind: "trend" | "heatmap" | "bars";
  readonly height: number;
  readonly option: EChartsOption;
  /** Heat maps: the row and column descriptions the tooltip shows. */
  readonly rows?: readonly string[];
  readonly columns?: readonly string[];
}

export const COLORS = {
  findings: "#b03a2e",
  nonCompliant: "#d35400",
  compliant: "#1e8449",
  text: "#1f2933",
  muted: "#52606d",
  grid: "#e4e7eb",
} as const;

/** Findings per heat map cell: few stays light, a capped 100 or more is dark. */
const HEAT_PIECES = [
  { gte: 1, lte: 2, label: "1–2", color: "#fde9c9" },
  { gte: 3, lte: 10, label: "3–10", color: "#f8c471" },
  { gte: 11, lte: 50, label: "11–50", color: "#eb8c3f" },
  { gte: 51, lte: 100, label: "51–100", color: "#cb4335" },
  { gt: 100, label: "over 100", color: "#7b241c" },
];

const TEXT_STYLE = { fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif", color: COLORS.text };

/** Time axis labels by tick level: the runs are days apart, so a day reads `30 Nov`. */
const DATE_LABELS = { year: "{yyyy}", month: "{d} {MMM}", day: "{d} {MMM}", hour: "{d} {MMM} {HH}:{mm}", minute: "{HH}:{mm}" };

const percent = (share: number | undefined) => (share === undefined ? undefined : Math.round(share * 1000) / 10);

type TrendPoint = ReportView["trend"][number];

/** One line of a time chart: a point per run where `value` is known. */
function timeLine(
  name: string,
  points: readonly TrendPoint[],
  value: (p: TrendPoint) => number | undefined,
  symbolSize: number,
  extra: Record<string, unknown>,
) {
  return {
    name,
    type: "line" as const,
    showSymbol: true,
    symbolSize,
    data: points.flatMap((p) => {
      const v = value(p);
      return v === undefined ? [] : [[p.generatedAt, v]];
    }),
    ...extra,
  };
}

function trendChart(view: ReportView): ChartSpec {
  const series = (name: string, values: (p: TrendPoint) => number | undefined, extra: Record<string, unknown>) => timeLine(name, view.trend, values, 6, extra);
  return {
    id: "chart-trend",
    kind: "trend",
    height: 320,
    option: {
      textStyle: TEXT_STYLE,
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 56, right: 56, top: 40, bottom: 32 },
      xAxis: { type: "time", axisLabel: { formatter: DATE_LABELS } },
      yAxis: [
        { type: "value", name: "Non-compliant", minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
        { type: "value", name: "Compliant %", scale: true, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
      ],
      series: [
        series("Non-compliant resources", (p) => p.nonCompliantResources, { yAxisIndex: 0, itemStyle: { color: COLORS.nonCompliant } }),
        series("Findings (resource × rule)", (p) => p.findings, { yAxisIndex: 0, itemStyle: { color: COLORS.findings }, lineStyle: { type: "dashed" } }),
        series("Compliant share of evaluated resources (%)", (p) => percent(p.compliantShare), {
          yAxisIndex: 1,
          itemStyle: { color: COLORS.compliant },
          lineStyle: { width: 3 },
        }),
      ],
    },
  };
}

function packTrendChart(view: ReportView): ChartSpec {
  const line = (pack: string, value: (p: TrendPoint) => number | undefined, extra: Record<string, unknown>) => timeLine(pack, view.trend, value, 5, extra);
  return {
    id: "chart-trend-packs",
    kind: "trend",
    height: 320,
    option: {
      textStyle: TEXT_STYLE,
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 0, data: [...view.trendPacks] },
      grid: { left: 56, right: 56, top: 40, bottom: 32 },
      xAxis: { type: "time", axisLabel: { formatter: DATE_LABELS } },
      yAxis: [
        { type: "value", name: "Findings", minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
        { type: "value", name: "Compliant results %", scale: true, axisLabel: { formatter: "{value}%" }, splitLine: { show: false } },
      ],
      // The same pack name on both axes: the legend toggles a pack's two lines together.
      series: view.trendPacks.flatMap((pack) => [
        line(pack, (p) => p.packs[pack]?.findings, { yAxisIndex: 0 }),
        line(pack, (p) => percent(p.packs[pack]?.compliantShare), { yAxisIndex: 1, lineStyle: { type: "dashed" } }),
      ]),
    },
  };
}

function heatmapChart(map: HeatmapView): ChartSpec {
  // Upright labels once the columns get narrow; the grid grows below for them.
  const rotate = map.columns.length > 12 ? 90 : 50;
  const longest = Math.max(...map.columns.map((c) => c.label.length));
  const labelSpace = Math.ceil(longest * 6.5 * Math.sin((rotate * Math.PI) / 180)) + 16;
  return {
    id: `chart-${map.id}`,
    kind: "heatmap",
    height: 48 + map.rules.length * 24 + labelSpace,
    rows: map.rules,
    columns: map.columns.map((c) => c.detail),
    option: {
      textStyle: TEXT_STYLE,
      animation: false,
      tooltip: { position: "top" },
      grid: { left: 8, right: 16, top: 36, bottom: labelSpace },
      xAxis: { type: "category", data: map.columns.map((c) => c.label), axisLabel: { rotate, interval: 0, fontSize: 11 } },
      yAxis: { type: "category", data: [...map.rules], inverse: true, axisLabel: { interval: 0, fontSize: 11 }, splitArea: { show: true } },
      // Per account, fixed bands that match AWS's cap of 100; summed over OUs, a scale from the data.
      visualMap:
        map.scale === "place"
          ? {
              type: "piecewise",
              dimension: 2,
              pieces: HEAT_PIECES,
              orient: "horizontal",
              right: 16,
              top: 0,
              itemWidth: 14,
              itemHeight: 10,
              textStyle: { fontSize: 11 },
            }
          : {
              type: "continuous",
              dimension: 2,
              min: 0,
              max: Math.max(1, ...map.cells.map((c) => c[2])),
              text: [`${Math.max(1, ...map.cells.map((c) => c[2]))}`, "0"],
              inRange: { color: HEAT_PIECES.map((p) => p.color) },
              orient: "horizontal",
              right: 16,
              top: 0,
              itemWidth: 10,
              itemHeight: 160,
              calculable: false,
              textStyle: { fontSize: 11 },
            },
      series: [
        {
          name: "Non-compliant resources",
          type: "heatmap",
          data: map.cells.map((c) => [...c]),
          label: { show: map.cells.length <= 600, fontSize: 10 },
          itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
          emphasis: { itemStyle: { borderColor: COLORS.text, borderWidth: 1 } },
        },
      ],
    },
  };
}

function barChart(id: string, name: string, entries: readonly { label: string; value: number; capped: boolean }[], color: string): ChartSpec {
  return {
    id,
    kind: "bars",
    height: 48 + entries.length * 28,
    option: {
      textStyle: TEXT_STYLE,
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 56, top: 8, bottom: 24 },
      xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: COLORS.grid } } },
      yAxis: { type: "category", inverse: true, data: entries.map((e) => e.label), axisLabel: { fontSize: 11 } },
      series: [
        {
          name,
          type: "bar",
          barMaxWidth: 18,
          itemStyle: { color },
          label: { show: true, position: "right", formatter: "{c}" },
          // AWS caps each count at 100 per rule, account and Region: a capped sum reads "n+".
          data: entries.map((e) => (e.capped ? { value: e.value, label: { formatter: "{c}+" } } : e.value)),
        },
      ],
    },
  };
}

/** Every chart the page shows, in page order. */
export function chartSpecs(view: ReportView): ChartSpec[] {
  const charts: ChartSpec[] = [];
  // A trend needs two runs; one point on a time axis says nothing.
  if (view.trend.length > 1) charts.push(trendChart(view));
  if (view.trend.length > 1 && view.trendPacks.length > 1) charts.push(packTrendChart(view));
  charts.push(...view.heatmaps.map(heatmapChart));
  const worstRules = view.rules.filter((r) => r.findings > 0).slice(0, WORST_COUNT);
  if (worstRules.length > 0) {
    charts.push(
      barChart(
        "chart-worst-rules",
        "Non-compliant resources",
        worstRules.map((r) => ({ label: r.rule, value: r.findings, capped: r.capped })),
        COLORS.findings,
      ),
    );
  }
  const worstAccounts = view.accounts.filter((a) => (a.nonCompliantResources ?? a.findings) > 0).slice(0, WORST_COUNT);
  if (worstAccounts.length > 0) {
    const measured = worstAccounts.every((a) => a.nonCompliantResources !== undefined);
    charts.push(
      barChart(
        "chart-worst-accounts",
        measured ? "Non-compliant resources" : "Findings (resource × rule)",
        worstAccounts.map((a) => ({ label: a.label, value: measured ? a.nonCompliantResources! : a.findings, capped: a.capped })),
        COLORS.nonCompliant,
      ),
    );
  }
  return charts;
}
