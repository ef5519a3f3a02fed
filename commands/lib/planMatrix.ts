/**
 * The plan's accounts × regions matrix, in two shapes. The compact one (the default) fits a
 * terminal whatever the number of regions: one row per account, one mark per governed region
 * in a single column, a legend, and the recorder names that are not the default listed apart.
 * The wide one (`plan --wide`) spells every cell out, one column per region.
 */
import Table from "cli-table3";

import type { PlanAccountRow, PlanCell, PlanModel } from "../../offline/planModel";

/** Widest a name, profile or role may be in the compact matrix before it is cut with `…`. */
const MAX_TEXT_WIDTH = { name: 26, profile: 16, role: 30 } as const;

/** The mark of one place: r/d/a (continuous, daily, adopted), upper case where global IAM types are recorded. */
export function cellMark(cell: PlanCell | null | undefined): string {
  if (!cell) return "-";
  const mark = cell.adopt ? "a" : cell.frequency === "DAILY" ? "d" : "r";
  return cell.globalTypes ? mark.toUpperCase() : mark;
}

export const MARK_LEGEND =
  "marks, one per region in the order above: r recorder (continuous), d recorder (DAILY), a adopted legacy recorder; " +
  "upper case (R, D, A): global IAM types recorded there too; - not governed for that account";

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function nameOf(a: PlanAccountRow): string {
  return `${a.name}${a.functions.includes("member") ? "" : ` (${a.functions.join(", ")})`}`;
}

/** The compact matrix: fits 120 columns at 17 regions. */
export function compactMatrix(p: Pick<PlanModel, "regions" | "accounts">): string {
  const table = new Table({ head: ["account", "name", "profile", "reached with", "regions"], style: { head: [], border: [] } });
  for (const a of p.accounts) {
    table.push([
      a.id,
      cut(nameOf(a), MAX_TEXT_WIDTH.name),
      cut(a.profile, MAX_TEXT_WIDTH.profile),
      cut(a.reachedWith.replace(/^role /, ""), MAX_TEXT_WIDTH.role),
      p.regions.map((r) => cellMark(a.cells[r])).join(""),
    ]);
  }
  const out = [`Regions, in mark order: ${p.regions.map((r, i) => `${i + 1} ${r}`).join(", ")}`, `(${MARK_LEGEND})`, table.toString()];
  const named = recorderNames(p);
  if (named.length > 0) out.push("Recorder names other than the default:", ...named.map((l) => `  ${l}`));
  return out.join("\n");
}

/** `<account> <name>: adopts `x` in eu-west-1, us-east-1` for every account whose recorders are not all `default`. */
function recorderNames(p: Pick<PlanModel, "regions" | "accounts">): string[] {
  const lines: string[] = [];
  for (const a of p.accounts) {
    const byName = new Map<string, { adopted: boolean; regions: string[] }>();
    for (const r of p.regions) {
      const c = a.cells[r];
      if (!c || (!c.adopt && c.recorderName === "default")) continue;
      const name = c.adopt ?? c.recorderName;
      const entry = byName.get(name) ?? { adopted: Boolean(c.adopt), regions: [] };
      entry.regions.push(r);
      byName.set(name, entry);
    }
    for (const [name, e] of byName) {
      const where = e.regions.length === p.regions.length ? "every region" : e.regions.join(", ");
      lines.push(`${a.id} ${a.name}: ${e.adopted ? "adopts" : "records with"} \`${name}\` in ${where}`);
    }
  }
  return lines;
}

/** The wide matrix: every cell spelled out, one column per region. */
export function wideMatrix(p: Pick<PlanModel, "regions" | "accounts">): string {
  // No colours: the plan is read in CI logs and pull-request comments as often as in a terminal.
  const matrix = new Table({ head: ["account", "name", "profile", "reached with", ...p.regions], style: { head: [], border: [] } });
  for (const a of p.accounts) {
    matrix.push([
      a.id,
      nameOf(a),
      a.profile,
      a.reachedWith,
      ...p.regions.map((r) => {
        const c = a.cells[r];
        if (!c) return "-";
        return [
          c.adopt ? `adopt ${c.adopt}` : c.recorderName,
          c.frequency === "DAILY" ? "daily" : "",
          c.globalTypes ? "+global" : "",
          c.remediations !== undefined ? `+rem ${c.remediations}` : "",
        ]
          .filter(Boolean)
          .join(" ");
      }),
    ]);
  }
  return matrix.toString();
}

/** The width the plan keeps to: a terminal's 120 columns. */
export const PLAN_WIDTH = 120;

/**
 * Prose lines longer than `width` broken at spaces, continued with their indent plus two
 * spaces. Table lines (box-drawing characters) are left as they are: their width is the
 * matrix's business.
 */
export function wrapProse(text: string, width = PLAN_WIDTH): string {
  return text
    .split("\n")
    .flatMap((line) => {
      if (line.length <= width || /^[┌│├└]/.test(line)) return [line];
      const indent = /^\s*/.exec(line)![0] + "  ";
      const lines: string[] = [];
      let current = "";
      for (const word of line.trimStart().split(" ")) {
        const prefix = lines.length === 0 ? /^\s*/.exec(line)![0] : indent;
        if (current && (prefix + current + " " + word).length > width) {
          lines.push(prefix + current);
          current = word;
        } else current = current ? `${current} ${word}` : word;
      }
      lines.push((lines.length === 0 ? /^\s*/.exec(line)![0] : indent) + current);
      return lines;
    })
    .join("\n");
}

/** The longest line of a text, in characters: what a terminal must be wide enough for. */
export function longestLine(text: string): number {
  return Math.max(0, ...text.split("\n").map((l) => [...l].length));
}
