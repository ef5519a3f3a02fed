/**
 * `cost`'s estimate for people and machines: a table per place, the arithmetic per scenario, the
 * profiles, the costliest types and rules, and the service-linked recorders' lines, as text,
 * Markdown, CSV or JSON (commands/lib/render.ts does the formats).
 */
import type { CostEstimate, PlaceEstimate, ScenarioEstimate, ServiceLinkedLine } from "./costModel";
import { count, heading, renderJson, renderTabular, unitPrice, usd, type Column, type OutputFormat, type TableSpec } from "./render";

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
    {
      scenario: s.label,
      item: "CIs recorded continuously",
      quantity: count(t.continuousItems),
      price: unitPrice(prices.configurationItem.continuous),
      cost: t.continuousCost,
    },
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
  const trigger = (r: Row) =>
    [r.spec.onChange ? "changes" : undefined, r.spec.periodic ? `periodic ${r.spec.periodic}` : undefined].filter(Boolean).join(" + ");
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
      {
        header: "DAILY types billed continuous",
        value: (r) => (made(r).length === 0 ? "–" : `${made(r).length} type(s), ${count(r.madeContinuousItems)} CIs`),
        align: "right",
      },
      {
        header: "Types the profile leaves out",
        value: (r) => (anyway(r).length === 0 ? "–" : `${anyway(r).length} type(s), ${count(r.recordedAnywayItems)} CIs`),
        align: "right",
      },
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
