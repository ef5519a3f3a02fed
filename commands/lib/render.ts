/**
 * Tabular output in the four formats the operator commands share: a boxed table for people
 * (cli-table3), CSV (RFC 4180) and Markdown for tickets and pull requests. JSON is not
 * tabular: commands print their model with `renderJson`.
 */
import Table from "cli-table3";

export type OutputFormat = "table" | "json" | "csv" | "markdown";

export type Cell = string | number | boolean | undefined | null;

export interface Column<R> {
  readonly header: string;
  readonly value: (row: R) => Cell;
  /** Numbers read best right-aligned. */
  readonly align?: "left" | "right";
}

export interface TableSpec<R> {
  readonly columns: readonly Column<R>[];
  readonly rows: readonly R[];
}

function cellText(cell: Cell): string {
  if (cell === undefined || cell === null) return "";
  return String(cell);
}

/** A boxed, colourless table (colour codes would end up in CI logs and files). */
export function renderTable<R>(spec: TableSpec<R>): string {
  const table = new Table({
    head: spec.columns.map((c) => c.header),
    colAligns: spec.columns.map((c) => c.align ?? "left"),
    style: { head: [], border: [] },
  });
  for (const row of spec.rows) table.push(spec.columns.map((c) => cellText(c.value(row))));
  return table.toString();
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header line and CRLF-free `\n` line ends. */
export function renderCsv<R>(spec: TableSpec<R>): string {
  const lines = [spec.columns.map((c) => csvField(c.header)).join(",")];
  for (const row of spec.rows) lines.push(spec.columns.map((c) => csvField(cellText(c.value(row)))).join(","));
  return lines.join("\n") + "\n";
}

function markdownField(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** A GitHub-flavoured Markdown table. */
export function renderMarkdown<R>(spec: TableSpec<R>): string {
  const header = `| ${spec.columns.map((c) => markdownField(c.header)).join(" | ")} |`;
  const rule = `| ${spec.columns.map((c) => (c.align === "right" ? "---:" : "---")).join(" | ")} |`;
  const body = spec.rows.map((row) => `| ${spec.columns.map((c) => markdownField(cellText(c.value(row)))).join(" | ")} |`);
  return [header, rule, ...body].join("\n") + "\n";
}

/** Renders one table in a tabular format (`json` is not one: use `renderJson`). */
export function renderTabular<R>(format: Exclude<OutputFormat, "json">, spec: TableSpec<R>): string {
  switch (format) {
    case "table":
      return renderTable(spec) + "\n";
    case "csv":
      return renderCsv(spec);
    case "markdown":
      return renderMarkdown(spec);
  }
}

/** Stable, indented JSON with a trailing newline. */
export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** A section title in the human formats. */
export function heading(format: "table" | "markdown", text: string, level = 2): string {
  return format === "markdown" ? `${"#".repeat(level)} ${text}\n\n` : `${text}\n${"=".repeat(text.length)}\n`;
}

/** `$1,234.56` (two decimals, US grouping): prices are USD. */
export function usd(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price with as many decimals as it has (`$0.0008`). */
export function unitPrice(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 3, maximumFractionDigits: 6 })}`;
}

/** `12,345` or `12,345.5`. */
export function count(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
