/**
 * `cost --measured` for people (table or markdown), machines (`--json`) and the HTML page
 * (`--html <file>`: the report's style, every value escaped, no script, a Content-Security-Policy
 * that forbids every request).
 */
import type { KeptType, MeasuredCost, PlaceSpend, Suggestion, TypeChurn } from "./costMeasured";
import { suggestionYaml } from "./costMeasuredPatch";
import { count, heading, renderJson, renderTabular, usd, type OutputFormat, type TableSpec } from "./render";
import { escapeHtml, STYLE, table, type HtmlColumn } from "./reportHtml";

/** Rows of the churn table shown: the costliest, the rest summed in the JSON only. */
export const CHURN_ROWS_SHOWN = 20;

const accountText = (name: string, id: string) => `${name} (${id})`;
const changeText = (s: Suggestion) => s.changes.map((c) => `${c.resourceType} → ${c.change === "DAILY" ? "DAILY" : "excluded"}`).join("; ");

function spendSpec(rows: readonly PlaceSpend[]): TableSpec<PlaceSpend> {
  const cell = (r: PlaceSpend, k: keyof PlaceSpend["byKind"]) =>
    r.byKind[k].cost === 0 && r.byKind[k].quantity === 0 ? "–" : `${usd(r.byKind[k].cost)} (${count(r.byKind[k].quantity)})`;
  return {
    columns: [
      { header: "Account", value: (r) => accountText(r.accountName, r.accountId) },
      { header: "Region", value: (r) => r.region },
      { header: "CIs continuous", value: (r) => cell(r, "configurationItems"), align: "right" },
      { header: "CIs daily", value: (r) => cell(r, "configurationItemsDaily"), align: "right" },
      { header: "Rule evals", value: (r) => cell(r, "ruleEvaluations"), align: "right" },
      { header: "Pack evals", value: (r) => cell(r, "conformancePackEvaluations"), align: "right" },
      { header: "Other", value: (r) => cell(r, "other"), align: "right" },
      { header: "Total", value: (r) => usd(r.total), align: "right" },
    ],
    rows,
  };
}

function churnSpec(rows: readonly TypeChurn[]): TableSpec<TypeChurn> {
  return {
    columns: [
      { header: "Account", value: (r) => accountText(r.accountName, r.accountId) },
      { header: "Region", value: (r) => r.region },
      { header: "Resource type", value: (r) => r.resourceType },
      { header: "CIs in window", value: (r) => count(r.items), align: "right" },
      { header: "CIs per month", value: (r) => count(r.monthlyItems), align: "right" },
      { header: "Cost per month", value: (r) => usd(r.monthlyCost), align: "right" },
    ],
    rows,
  };
}

function suggestionSpec(rows: readonly Suggestion[]): TableSpec<Suggestion> {
  return {
    columns: [
      { header: "Accounts", value: (s) => s.accounts.map((a) => accountText(a.name, a.id)).join(", ") },
      { header: "Profile now", value: (s) => s.fromProfile },
      { header: "New profile", value: (s) => s.newProfile },
      { header: "Change", value: changeText },
      { header: "Now per month", value: (s) => usd(s.currentMonthlyCost), align: "right" },
      { header: "Projected", value: (s) => usd(s.projectedMonthlyCost), align: "right" },
      { header: "Saving per month", value: (s) => usd(s.monthlySaving), align: "right" },
    ],
    rows,
  };
}

function keptSpec(rows: readonly KeptType[]): TableSpec<KeptType> {
  return {
    columns: [
      { header: "Account", value: (k) => accountText(k.accountName, k.accountId) },
      { header: "Resource type", value: (k) => k.resourceType },
      { header: "Cost per month", value: (k) => usd(k.monthlyCost), align: "right" },
      { header: "Kept because", value: (k) => k.reasons.join("; ") },
    ],
    rows,
  };
}

function runLine(m: MeasuredCost): string {
  const r = m.run;
  return (
    `This run: ${r.costExplorerRequests} Cost Explorer request(s) at $0.01 each, ${r.getMetricDataRequests} GetMetricData request(s) for ${count(r.metricsRequested)} metric(s) at $0.01 per 1,000, ` +
    `${r.listMetricsRequests} ListMetrics request(s) (CloudWatch's free tier): ${usd(r.cost)}.`
  );
}

export function renderMeasured(m: MeasuredCost, format: OutputFormat): string {
  if (format === "json") return renderJson({ ...m, suggestions: m.suggestions.map((s) => ({ ...s, yaml: suggestionYaml(s) })) });
  if (format === "csv") return renderTabular("csv", churnSpec(m.churn));
  let out = heading(format, `AWS Config measured cost: stack \`${m.stack}\``, 1);
  out += `Window: ${m.window.start} to ${m.window.end} (${m.window.days} days, end exclusive). Spend from Cost Explorer (management account), churn from CloudWatch \`AWS/Config\` \`ConfigurationItemsRecorded\` per \`ResourceType\` (deployment role).\n\n`;
  out += `Config spend in the window: ${usd(m.spendTotal)}. ${runLine(m)}\n\n`;
  out +=
    heading(format, "Spend per account and region (cost and quantity)") +
    (m.spend.length === 0 ? "No AWS Config spend in the window.\n" : renderTabular(format, spendSpec(m.spend))) +
    "\n";
  const shown = m.churn.slice(0, CHURN_ROWS_SHOWN);
  out += heading(
    format,
    `Configuration items by resource type${m.churn.length > shown.length ? ` (costliest ${shown.length} of ${m.churn.length}; all in --json)` : ""}`,
  );
  out += (shown.length === 0 ? "No configuration items recorded in the window.\n" : renderTabular(format, churnSpec(shown))) + "\n";
  out += heading(format, "Suggestions");
  if (m.suggestions.length === 0) out += "None: no account has a few resource types that drive its cost and may change.\n\n";
  else {
    out += renderTabular(format, suggestionSpec(m.suggestions)) + "\n";
    for (const s of m.suggestions) {
      out += `Add to the stack's inventory (or run with \`--write-inventory <file>\`) for ${s.accounts.map((a) => a.id).join(", ")}:\n\n`;
      const yaml = suggestionYaml(s);
      out += format === "markdown" ? "```yaml\n" + yaml + "```\n\n" : yaml.replace(/^/gm, "    ") + "\n";
    }
  }
  out +=
    heading(format, "Kept as they are") +
    (m.kept.length === 0 ? "None of the driving types had to be kept.\n" : renderTabular(format, keptSpec(m.kept))) +
    "\n";
  if (m.failures.length > 0)
    out += heading(format, "Not read (the rest is shown)") + m.failures.map((f) => (format === "markdown" ? `- ${f}` : `  - ${f}`)).join("\n") + "\n\n";
  out += heading(format, "Notes") + m.notes.map((n) => (format === "markdown" ? `- ${n}` : `  - ${n}`)).join("\n") + "\n";
  return out;
}

const money = (x: number) => escapeHtml(usd(x));
const SPEND_COLUMNS: readonly HtmlColumn<PlaceSpend>[] = [
  { header: "Account", cell: (r) => `${escapeHtml(r.accountName)} <span class="id">${escapeHtml(r.accountId)}</span>` },
  { header: "Region", cell: (r) => escapeHtml(r.region), nowrap: true },
  { header: "CIs", cell: (r) => money(r.byKind.configurationItems.cost + r.byKind.configurationItemsDaily.cost), numeric: true },
  { header: "Rule evaluations", cell: (r) => money(r.byKind.ruleEvaluations.cost), numeric: true },
  { header: "Pack evaluations", cell: (r) => money(r.byKind.conformancePackEvaluations.cost), numeric: true },
  { header: "Total", cell: (r) => money(r.total), numeric: true },
];
const SUGGESTION_COLUMNS: readonly HtmlColumn<Suggestion>[] = [
  { header: "Accounts", cell: (s) => s.accounts.map((a) => `${escapeHtml(a.name)} <span class="id">${escapeHtml(a.id)}</span>`).join("<br>") },
  { header: "Profile", cell: (s) => `<code>${escapeHtml(s.fromProfile)}</code> → <code>${escapeHtml(s.newProfile)}</code>` },
  { header: "Change", cell: (s) => escapeHtml(changeText(s)) },
  { header: "Saving per month", cell: (s) => money(s.monthlySaving), numeric: true },
  { header: "Inventory change", cell: (s) => `<pre><code>${escapeHtml(suggestionYaml(s))}</code></pre>` },
];
const KEPT_COLUMNS: readonly HtmlColumn<KeptType>[] = [
  { header: "Account", cell: (k) => `${escapeHtml(k.accountName)} <span class="id">${escapeHtml(k.accountId)}</span>` },
  { header: "Resource type", cell: (k) => `<code>${escapeHtml(k.resourceType)}</code>` },
  { header: "Cost per month", cell: (k) => money(k.monthlyCost), numeric: true },
  { header: "Kept because", cell: (k) => escapeHtml(k.reasons.join("; ")) },
];

/** The measured-cost section: the spend, the suggestions and what was kept. */
export function measuredHtmlSection(m: MeasuredCost): string {
  return (
    `<section id="measured-cost"><h2>Measured cost, ${escapeHtml(m.window.start)} to ${escapeHtml(m.window.end)}</h2>` +
    `<p class="note">Config spend ${money(m.spendTotal)} in ${m.window.days} days. ${escapeHtml(runLine(m))}</p>` +
    (m.spend.length === 0 ? `<p class="note">No AWS Config spend in the window.</p>` : table(m.spend, SPEND_COLUMNS)) +
    `<h3>Suggestions</h3>` +
    (m.suggestions.length === 0 ? `<p class="ok">No change suggested.</p>` : table(m.suggestions, SUGGESTION_COLUMNS)) +
    `<h3>Kept as they are</h3>` +
    (m.kept.length === 0 ? `<p class="note">None.</p>` : table(m.kept, KEPT_COLUMNS)) +
    (m.failures.length > 0 ? `<h3>Not read</h3><ul class="notes">${m.failures.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>` : "") +
    `</section>`
  );
}

/** A self-contained page with the section, in the compliance report's style. */
export function renderMeasuredHtml(m: MeasuredCost): string {
  const title = `AWS Config measured cost: ${m.stack}, ${m.window.start} to ${m.window.end}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="generator" content="aws-config-org npm run cost -- --measured">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>AWS Config measured cost</h1>
<p>Stack <code>${escapeHtml(m.stack)}</code> · ${escapeHtml(m.window.start)} to ${escapeHtml(m.window.end)}</p>
</header>
${measuredHtmlSection(m)}
<ul class="notes">${m.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>
<footer>Built by <code>npm run cost -- --measured --html</code> (aws-config-org) from Cost Explorer and CloudWatch.</footer>
</main>
</body>
</html>
`;
}
