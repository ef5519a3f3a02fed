/**
 * The AWS Config price list (pricing/aws-config-prices.json), validated and typed, and the
 * tiered-evaluation arithmetic. Prices are data: change the JSON, not this file.
 */
import * as fs from "fs";
import * as path from "path";

export interface PriceTier {
  /** Evaluations up to and including this many (cumulative) are billed at `price`; `null` = no upper bound. */
  readonly upTo: number | null;
  readonly price: number;
}

export interface ConfigPrices {
  readonly currency: string;
  readonly region: string;
  /** ISO date the prices were read. */
  readonly retrieved: string;
  readonly sources: readonly string[];
  readonly configurationItem: { readonly continuous: number; readonly daily: number };
  readonly evaluationTiers: { readonly rule: readonly PriceTier[]; readonly conformancePack: readonly PriceTier[] };
  /** `region`: tiers restart in every Region (organization-wide sum per Region). */
  readonly tierScope: "region";
  readonly caveats: readonly string[];
}

export const PRICES_FILE = path.join(__dirname, "aws-config-prices.json");

function isPrice(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v) && v >= 0;
}

function tierProblems(tiers: unknown, where: string): string[] {
  if (!Array.isArray(tiers) || tiers.length === 0) return [`\`${where}\` must be a non-empty list of \`{upTo, price}\``];
  const problems: string[] = [];
  let previous = 0;
  tiers.forEach((t: { upTo?: unknown; price?: unknown }, i) => {
    const last = i === tiers.length - 1;
    if (!isPrice(t?.price)) problems.push(`\`${where}[${i}].price\` must be a non-negative number`);
    if (last) {
      if (t?.upTo !== null) problems.push(`\`${where}[${i}].upTo\` must be \`null\`: the last tier has no upper bound`);
    } else if (typeof t?.upTo !== "number" || !(t.upTo > previous)) {
      problems.push(`\`${where}[${i}].upTo\` must be a number above the previous tier's (${previous})`);
    } else {
      previous = t.upTo;
    }
  });
  return problems;
}

/** Checks a parsed price file; throws one error listing every problem. */
export function validatePrices(raw: unknown, file = PRICES_FILE): ConfigPrices {
  const p = (raw ?? {}) as Record<string, unknown> & Partial<ConfigPrices>;
  const problems: string[] = [];
  if (typeof p.currency !== "string") problems.push("`currency` must be a string such as `USD`");
  if (typeof p.region !== "string") problems.push("`region` must name the Region the prices are from");
  if (typeof p.retrieved !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(p.retrieved)) problems.push("`retrieved` must be an ISO date (YYYY-MM-DD)");
  if (!Array.isArray(p.sources) || p.sources.length === 0) problems.push("`sources` must list where the prices come from");
  if (!isPrice(p.configurationItem?.continuous)) problems.push("`configurationItem.continuous` must be a non-negative number");
  if (!isPrice(p.configurationItem?.daily)) problems.push("`configurationItem.daily` must be a non-negative number");
  problems.push(...tierProblems(p.evaluationTiers?.rule, "evaluationTiers.rule"));
  problems.push(...tierProblems(p.evaluationTiers?.conformancePack, "evaluationTiers.conformancePack"));
  if (p.tierScope !== "region") problems.push("`tierScope` must be `region`");
  if (!Array.isArray(p.caveats)) problems.push("`caveats` must be a list (keep the caveats with the prices)");
  if (problems.length > 0) throw new Error(`${file}: ${problems.length} problem(s):\n${problems.map((x) => `  - ${x}`).join("\n")}`);
  return p as ConfigPrices;
}

export function loadPrices(file = PRICES_FILE): ConfigPrices {
  return validatePrices(JSON.parse(fs.readFileSync(file, "utf8")), file);
}

/** One tier's share of a tiered charge. */
export interface TierCharge {
  /** First evaluation of the tier (1-based). */
  readonly from: number;
  /** Last evaluation of the tier, `null` when unbounded. */
  readonly to: number | null;
  readonly evaluations: number;
  readonly price: number;
  readonly cost: number;
}

/** Splits `evaluations` over the tiers, cheapest last; tiers that get nothing are left out. */
export function tieredCharges(evaluations: number, tiers: readonly PriceTier[]): TierCharge[] {
  const charges: TierCharge[] = [];
  let floor = 0;
  for (const tier of tiers) {
    if (evaluations <= floor) break;
    const ceiling = tier.upTo ?? Number.POSITIVE_INFINITY;
    const inTier = Math.min(evaluations, ceiling) - floor;
    charges.push({ from: floor + 1, to: tier.upTo, evaluations: inTier, price: tier.price, cost: inTier * tier.price });
    floor = ceiling;
  }
  return charges;
}
