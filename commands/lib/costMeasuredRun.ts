/**
 * `cost --measured`: gather (Cost Explorer, CloudWatch, optional resource counts) ->
 * measuredCost (costMeasured.ts, pure) -> render, and the files asked for (`--html`, the
 * patched inventory of `--write-inventory`).
 */
import * as fs from "fs";
import type { Deployment } from "../../config/domain";
import { loadPrices } from "../../pricing/prices";
import { loadProtectedTypes } from "../../pricing/protectedTypes";
import type { CommandIo } from "./cli";
import { readCostInput, type ResourceCounts } from "./costInput";
import { measuredCost, type MeasuredCost } from "./costMeasured";
import { applySuggestion } from "./costMeasuredPatch";
import { renderMeasured, renderMeasuredHtml } from "./costMeasuredRender";
import { measuredWindow, readChurn, readSpend, type MeasuredReads } from "./costMeasuredSources";
import { InputError, UsageError } from "./exitCodes";
import { packCostRules } from "./packRules";
import type { Progress } from "./progress";
import type { OutputFormat } from "./render";

export interface MeasuredOptions {
  readonly days: number;
  readonly concurrency: number;
  readonly prices: string;
  /** Resource counts (a `--counts` file): lets DAILY be priced. */
  readonly counts?: string;
  readonly html?: string;
  /** An inventory to apply the suggestions to: written beside it as `<name>.measured.yaml`. */
  readonly writeInventory?: string;
  /** Fixed "now", for tests. */
  readonly now?: Date;
  readonly reads?: MeasuredReads;
}

/** Cost Explorer keeps 14 months of history; GetMetricData reads daily sums back 455 days. */
export const MAX_MEASURED_DAYS = 365;

/** `accounts/dev.yaml` -> `accounts/dev.measured.yaml`. */
export function measuredInventoryPath(file: string): string {
  return file.replace(/(\.ya?ml)?$/i, ".measured.yaml");
}

export async function runMeasured(
  deployment: Deployment,
  options: MeasuredOptions,
  format: OutputFormat,
  progress: Progress,
  io: CommandIo,
): Promise<MeasuredCost> {
  if (options.days > MAX_MEASURED_DAYS) throw new UsageError(`\`--days ${options.days}\`: at most ${MAX_MEASURED_DAYS} days can be measured`);
  if (options.writeInventory !== undefined && !fs.existsSync(options.writeInventory)) {
    throw new UsageError(`\`--write-inventory ${options.writeInventory}\`: no such file; name the stack's inventory (e.g. accounts/${deployment.stack}.yaml)`);
  }
  const packs = packCostRules(deployment);
  if (packs.problems.length > 0)
    throw new InputError(`the packs of stack \`${deployment.stack}\` cannot be resolved:\n${packs.problems.map((p) => `  - ${p}`).join("\n")}`);
  let resourceCounts: ResourceCounts | undefined;
  if (options.counts !== undefined) {
    resourceCounts = readCostInput(options.counts).counts;
    if (!resourceCounts) throw new UsageError(`\`--counts ${options.counts}\` has no \`counts:\` section`);
  }
  // Local files before the paid calls: a bad `--prices` file costs no Cost Explorer request.
  const prices = loadPrices(options.prices);
  const protectedTypes = loadProtectedTypes();
  const window = measuredWindow(options.now ?? new Date(), options.days);
  const spend = await readSpend(deployment, window, options.reads);
  const churn = await readChurn(deployment, window, { concurrency: options.concurrency, progress, ...(options.reads ? { reads: options.reads } : {}) });
  const measured = measuredCost({
    deployment,
    window,
    spend,
    churn,
    prices,
    packRules: packs.rules,
    protectedTypes,
    ...(resourceCounts ? { resourceCounts } : {}),
  });
  io.stdout(renderMeasured(measured, format));
  if (options.html !== undefined) {
    fs.writeFileSync(options.html, renderMeasuredHtml(measured));
    io.stderr(`wrote ${options.html}\n`);
  }
  if (options.writeInventory !== undefined) {
    if (measured.suggestions.length === 0) io.stderr(`no suggestion: ${options.writeInventory} left as it is\n`);
    else {
      const patched = measured.suggestions.reduce((text, s) => applySuggestion(text, s), fs.readFileSync(options.writeInventory, "utf8"));
      const out = measuredInventoryPath(options.writeInventory);
      fs.writeFileSync(out, patched);
      io.stderr(
        `wrote ${out}: ${options.writeInventory} with ${measured.suggestions.length} suggestion(s) applied; review it, move it over the inventory, and run \`plan\`\n`,
      );
    }
  }
  return measured;
}
