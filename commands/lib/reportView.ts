/**
 * What the HTML compliance page shows, computed from a report and its trend (pure): the
 * headline figures, the heat maps, the worst rules and accounts, the full tables, coverage
 * problems. Large organizations stay readable: heat maps show the accounts and rules with
 * the most findings (and, when OUs are known, every OU), lists are cut to their worst
 * entries, and only the full tables list everything.
 *
 * Works with every schema version: figures a version 1 report lacks stay undefined.
 */
import { compliantShare, type ComplianceReport, type RecorderProblem, type SourceProblem } from "./complianceReport";
import type { TrendPoint } from "./reportSnapshots";

/** Heat map size limits: beyond them the map shows the worst ones and says so. */
export const HEATMAP_MAX_ACCOUNTS = 40;
export const HEATMAP_MAX_RULES = 30;
/** Entries in the worst-rules and worst-accounts charts. */
export const WORST_COUNT = 10;
/** Coverage problems listed in the open; the rest are in a collapsed table. */
export const COVERAGE_SHOWN = 25;
/** The label of accounts without a known OU. */
export const NO_OU = "(no OU)";

export interface Headline {
  /** Compliant share (0..1) of evaluated resources; undefined when not measured. */
  readonly compliantShare?: number;
  readonly resourcesEvaluated?: number;
  readonly resourcesCompliant?: number;
  /** Resources non-compliant with at least one rule. */
  readonly nonCompliantResources?: number;
  /** Non-compliant resources summed over rules, accounts and Regions. */
  readonly findings: number;
  readonly findingsCapped: boolean;
  readonly accountsWithFindings: number;
  /** Rules with results (undefined in schema 1, which lists non-compliant rules only). */
  readonly rules?: number;
  readonly rulesWithFindings: number;
  readonly packs: number;
  readonly places?: number;
  readonly placesRecording?: number;
  readonly sources: number;
  readonly failingSources: number;
  readonly recordersNotRecording: number;
}

export interface RuleRow {
  readonly rule: string;
  readonly pack?: string;
  readonly findings: number;
  readonly capped: boolean;
  readonly accounts: number;
  readonly regions: number;
  /** Compliant share of the rule's account × Region results. */
  readonly compliantShare?: number;
  readonly results?: number;
}

export interface AccountRow {
  readonly accountId: string;
  /** Name, or the id when the stack does not know the account. */
  readonly label: string;
  readonly ou?: string;
  readonly inScope?: boolean;
  readonly regionsGoverned?: number;
  readonly regionsRecording?: number;
  readonly resourcesEvaluated?: number;
  readonly nonCompliantResources?: number;
  readonly compliantShare?: number;
  readonly findings: number;
  readonly capped: boolean;
  /** Rules non-compliant in the account. */
  readonly rulesFailing: number;
}

export interface PackRow {
  readonly pack: string;
  readonly rules: number;
  readonly findings: number;
  readonly capped: boolean;
  readonly compliantShare?: number;
}

export interface HeatmapView {
  readonly id: string;
  readonly title: string;
  /** What is shown when not everything fits. */
  readonly note?: string;
  /** Rules, worst first (the map's rows). */
  readonly rules: readonly string[];
  /** Accounts or OUs, worst first (the map's columns), with a longer description for tooltips. */
  readonly columns: readonly { readonly label: string; readonly detail: string }[];
  /** `[column, row, findings]`, non-zero cells only. */
  readonly cells: readonly (readonly [number, number, number])[];
  /** `place`: cells sum one account's Regions (AWS's cap of 100 applies per Region); `group`: cells sum many accounts. */
  readonly scale: "place" | "group";
}

export interface ReportView {
  readonly stack: string;
  readonly aggregator: string;
  readonly generatedAt: string;
  readonly schemaVersion: number;
  readonly headline: Headline;
  readonly heatmaps: readonly HeatmapView[];
  /** Every rule, worst first; the chart shows the first `WORST_COUNT` with findings. */
  readonly rules: readonly RuleRow[];
  /** Every account, worst first. */
  readonly accounts: readonly AccountRow[];
  readonly packs: readonly PackRow[];
  readonly sources: readonly SourceProblem[];
  readonly recorders: readonly RecorderProblem[];
  readonly trend: readonly TrendPoint[];
  /** The run before this one, for the change shown with the headline figures. */
  readonly previous?: TrendPoint;
  /** Packs that appear in the trend, in first-seen order. */
  readonly trendPacks: readonly string[];
}

function ruleRows(report: ComplianceReport): RuleRow[] {
  return report.rules
    .map((r) => {
      const share = r.evaluations ? compliantShare(r.evaluations) : undefined;
      return {
        rule: r.rule,
        ...(r.pack ? { pack: r.pack } : {}),
        findings: r.total,
        capped: r.capExceeded,
        accounts: r.accounts,
        regions: r.regions,
        ...(share !== undefined ? { compliantShare: share } : {}),
        ...(r.evaluations ? { results: r.evaluations.compliant + r.evaluations.nonCompliant + r.evaluations.insufficientData } : {}),
      };
    })
    .sort((a, b) => b.findings - a.findings || b.accounts - a.accounts || a.rule.localeCompare(b.rule));
}

/** Findings per account × declared rule, summed over Regions. */
function findingsByAccountAndRule(report: ComplianceReport): Map<string, Map<string, number>> {
  const byAccount = new Map<string, Map<string, number>>();
  for (const rule of report.rules) {
    for (const p of rule.places) {
      const rules = byAccount.get(p.accountId) ?? new Map<string, number>();
      byAccount.set(p.accountId, rules);
      rules.set(rule.rule, (rules.get(rule.rule) ?? 0) + p.count);
    }
  }
  return byAccount;
}

function accountRows(report: ComplianceReport, findings: ReadonlyMap<string, ReadonlyMap<string, number>>): AccountRow[] {
  const names = new Map<string, string>();
  const capped = new Set<string>();
  for (const rule of report.rules) {
    for (const p of rule.places) {
      if (p.accountName) names.set(p.accountId, p.accountName);
      if (p.capExceeded) capped.add(p.accountId);
    }
  }
  const sumOf = (id: string) => [...(findings.get(id)?.values() ?? [])].reduce((s, n) => s + n, 0);
  const rows: AccountRow[] = report.accounts
    ? report.accounts.map((a) => {
        const share = compliantShare(a.resources);
        return {
          accountId: a.accountId,
          label: a.accountName ?? a.accountId,
          ...(a.ou ? { ou: a.ou } : {}),
          inScope: a.inScope,
          regionsGoverned: a.regions.governed,
          regionsRecording: a.regions.recording,
          resourcesEvaluated: a.resources.compliant + a.resources.nonCompliant,
          nonCompliantResources: a.resources.nonCompliant,
          ...(share !== undefined ? { compliantShare: share } : {}),
          findings: a.findings,
          capped: a.capExceeded,
          rulesFailing: findings.get(a.accountId)?.size ?? 0,
        };
      })
    : [...findings.keys()].map((id) => ({
        accountId: id,
        label: names.get(id) ?? id,
        findings: sumOf(id),
        capped: capped.has(id),
        rulesFailing: findings.get(id)?.size ?? 0,
      }));
  return rows.sort(
    (a, b) =>
      (b.nonCompliantResources ?? b.findings) - (a.nonCompliantResources ?? a.findings) ||
      b.findings - a.findings ||
      a.label.localeCompare(b.label) ||
      a.accountId.localeCompare(b.accountId),
  );
}

function accountDetail(a: AccountRow): string {
  return [a.label === a.accountId ? a.accountId : `${a.label} (${a.accountId})`, a.ou].filter(Boolean).join(", ");
}

function heatmaps(rules: readonly RuleRow[], accounts: readonly AccountRow[], findings: ReadonlyMap<string, ReadonlyMap<string, number>>): HeatmapView[] {
  const failingRules = rules.filter((r) => r.findings > 0);
  const shownRules = failingRules.slice(0, HEATMAP_MAX_RULES);
  const failingAccounts = accounts.filter((a) => a.findings > 0);
  const shownAccounts = failingAccounts.slice(0, HEATMAP_MAX_ACCOUNTS);
  if (shownRules.length === 0 || shownAccounts.length === 0) return [];
  const cut: string[] = [];
  if (failingAccounts.length > shownAccounts.length)
    cut.push(`the ${shownAccounts.length} of ${failingAccounts.length} accounts with findings that have the most`);
  if (failingRules.length > shownRules.length) cut.push(`the ${shownRules.length} of ${failingRules.length} rules with the most findings`);
  const cellsOf = (columns: readonly (readonly string[])[]) => {
    const cells: [number, number, number][] = [];
    columns.forEach((accountIds, x) =>
      shownRules.forEach((rule, y) => {
        const sum = accountIds.reduce((s, id) => s + (findings.get(id)?.get(rule.rule) ?? 0), 0);
        if (sum > 0) cells.push([x, y, sum]);
      }),
    );
    return cells;
  };
  const maps: HeatmapView[] = [
    {
      id: "heatmap-accounts",
      title: "Non-compliant resources by account and rule",
      ...(cut.length > 0 ? { note: `Showing ${cut.join(", and ")}; the full tables below list every account and rule.` } : {}),
      rules: shownRules.map((r) => r.rule),
      columns: shownAccounts.map((a) => ({ label: a.label, detail: accountDetail(a) })),
      cells: cellsOf(shownAccounts.map((a) => [a.accountId])),
      scale: "place",
    },
  ];
  // By OU when the accounts do not all fit and OUs are known: every account counted.
  const ous = new Map<string, string[]>();
  for (const a of failingAccounts) ous.set(a.ou ?? NO_OU, [...(ous.get(a.ou ?? NO_OU) ?? []), a.accountId]);
  if (failingAccounts.length > shownAccounts.length && [...ous.keys()].some((ou) => ou !== NO_OU)) {
    const findingsOf = new Map(accounts.map((a) => [a.accountId, a.findings]));
    const byOu = [...ous.entries()]
      .map(([ou, ids]) => ({ ou, ids, sum: ids.reduce((s, id) => s + (findingsOf.get(id) ?? 0), 0) }))
      .sort((a, b) => b.sum - a.sum || a.ou.localeCompare(b.ou))
      .slice(0, HEATMAP_MAX_ACCOUNTS);
    maps.push({
      id: "heatmap-ous",
      title: "Non-compliant resources by OU and rule",
      note: `Every account with findings, summed by organizational unit${ous.size > byOu.length ? ` (the ${byOu.length} of ${ous.size} OUs with the most findings)` : ""}.`,
      rules: shownRules.map((r) => r.rule),
      columns: byOu.map((o) => ({ label: o.ou, detail: `${o.ou}: ${o.ids.length} account(s) with findings` })),
      cells: cellsOf(byOu.map((o) => o.ids)),
      scale: "group",
    });
  }
  return maps;
}

function packRows(report: ComplianceReport): PackRow[] {
  return (report.packs ?? []).map((p) => {
    const share = compliantShare(p.evaluations);
    return { pack: p.pack, rules: p.rules, findings: p.findings, capped: p.capExceeded, ...(share !== undefined ? { compliantShare: share } : {}) };
  });
}

function headline(report: ComplianceReport, accounts: readonly AccountRow[]): Headline {
  const s = report.summary;
  const share = s.resources ? compliantShare(s.resources) : undefined;
  return {
    ...(share !== undefined ? { compliantShare: share } : {}),
    ...(s.resources
      ? {
          resourcesEvaluated: s.resources.compliant + s.resources.nonCompliant,
          resourcesCompliant: s.resources.compliant,
          nonCompliantResources: s.resources.nonCompliant,
        }
      : {}),
    findings: s.nonCompliantResources,
    findingsCapped: s.countsCapped,
    accountsWithFindings: accounts.filter((a) => a.findings > 0).length,
    ...(s.rulesEvaluated !== undefined ? { rules: s.rulesEvaluated } : {}),
    rulesWithFindings: s.rules,
    packs: report.packs?.length ?? 0,
    ...(s.places !== undefined ? { places: s.places } : {}),
    ...(s.placesRecording !== undefined ? { placesRecording: s.placesRecording } : {}),
    sources: report.sources.total,
    failingSources: s.failingSources,
    recordersNotRecording: s.recordersNotRecording,
  };
}

/** The page's content. `trend` holds the runs to plot, the current one included (`trendOf`). */
export function buildReportView(report: ComplianceReport, trend: readonly TrendPoint[]): ReportView {
  const findings = findingsByAccountAndRule(report);
  const rules = ruleRows(report);
  const accounts = accountRows(report, findings);
  const trendPacks: string[] = [];
  for (const point of trend) for (const pack of Object.keys(point.packs)) if (!trendPacks.includes(pack)) trendPacks.push(pack);
  const now = Date.parse(report.generatedAt);
  const previous = trend.filter((p) => Date.parse(p.generatedAt) < now).at(-1);
  return {
    stack: report.stack,
    aggregator: report.aggregator,
    generatedAt: report.generatedAt,
    schemaVersion: report.schemaVersion,
    headline: headline(report, accounts),
    heatmaps: heatmaps(rules, accounts, findings),
    rules,
    accounts,
    packs: packRows(report),
    sources: report.sources.problems,
    recorders: report.recorders.problems,
    trend,
    ...(previous ? { previous } : {}),
    trendPacks,
  };
}
