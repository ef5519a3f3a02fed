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

/** Widest a column gets before its cells wrap (on word boundaries). */
export const MAX_COLUMN_WIDTH = 64;

/** A boxed, colourless table (colour codes would end up in CI logs and files); long cells wrap. */
export function renderTable<R>(spec: TableSpec<R>, maxColumnWidth = MAX_COLUMN_WIDTH): string {
  const cells = spec.rows.map((row) => spec.columns.map((c) => cellText(c.value(row))));
  const longestLine = (text: string) => Math.max(0, ...text.split("\n").map((l) => l.length));
  const colWidths = spec.columns.map((c, i) => Math.min(maxColumnWidth, Math.max(longestLine(c.header), ...cells.map((r) => longestLine(r[i]!)))) + 2);
  const table = new Table({
    head: spec.columns.map((c) => c.header),
    colAligns: spec.columns.map((c) => c.align ?? "left"),
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
  });
  // cli-table3 truncates a word longer than its column: break such words (ARNs, JSON) instead.
  for (const row of cells) table.push(row.map((text, i) => breakLongWords(text, colWidths[i]! - 2)));
  return table.toString();
}

/** Splits every whitespace-free run longer than `width` into lines of `width`. */
export function breakLongWords(text: string, width: number): string {
  if (width < 1) return text;
  return text.replace(/\S+/g, (word) => (word.length <= width ? word : word.match(new RegExp(`.{1,${width}}`, "g"))!.join("\n")));
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
  const text = Math.abs(amount).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return amount < 0 && text !== "0.00" ? `-$${text}` : `$${text}`;
}

/** A unit price with as many decimals as it has (`$0.0008`). */
export function unitPrice(amount: number): string {
  return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 3, maximumFractionDigits: 6 })}`;
}

/** `12,345` or `12,345.5`. */
export function count(n: number): string {
  return n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
