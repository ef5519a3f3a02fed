/**
 * The organization pack body for one Region: the template with the rules AWS
 * says it does not offer there left out (a pack naming such a rule fails in that
 * Region), and with every remediated rule and its RemediationConfiguration taken
 * out (the remediations are returned separately), because an organization pack
 * has one template for every account and AWS Config takes the automation role
 * only as an exact ARN (aws-config-facts.md §0): remediated rules are delivered
 * per account, in each account's remediation pack (packs/templateAccountPart.ts),
 * and a rule is evaluated in one pack or the other, never both. The template's
 * Parameters all stay, used or not: the pack's input parameters name them, and
 * CloudFormation accepts a parameter nothing refers to (cfn-lint W2001 is a warning).
 */
import { isMap } from "yaml";

import type { ManagedRuleCatalog, RegionStatus } from "../catalog/managedRuleCatalog";
import { toPlain } from "./cloudFormationYaml";
import type { TemplatePack, TemplateRemediation } from "./types";

/** TemplateBody limit of PutOrganizationConformancePack; larger bodies go through TemplateS3Uri (300 KB). */
export const MAX_INLINE_TEMPLATE_BYTES = 51_200;
export const MAX_S3_TEMPLATE_BYTES = 300_000;

export interface LeftOutRule {
  readonly logicalId: string;
  readonly configRuleName: string;
  readonly identifier: string;
  /**
   * `not-available`: the rule page names the Region (the rule is left out);
   * `undocumented`: the catalog has no region note covering the Region (the rule is kept, see `unconfirmed`).
   */
  readonly reason: Exclude<RegionStatus, "available" | "unknown-rule">;
}

export interface RegionTemplate {
  readonly region: string;
  /** The organization pack's TemplateBody (YAML, short tags kept). */
  readonly body: string;
  /** UTF-8 bytes of `body`. */
  readonly bytes: number;
  /** At most 51,200 bytes: pass as TemplateBody; otherwise upload and pass TemplateS3Uri. */
  readonly fitsInline: boolean;
  /** Over 300,000 bytes even S3 does not take it. */
  readonly tooLarge: boolean;
  /** Rules kept in this Region's body (remediated rules are in the account packs, not here). */
  readonly ruleCount: number;
  /** True when nothing is left to deploy here: skip the pack in this Region. */
  readonly empty: boolean;
  readonly leftOut: readonly LeftOutRule[];
  /**
   * Rules kept although no region note covers the Region (`undocumented`): mostly Regions that
   * launched after the note was read, where AWS usually offers the rule. Leaving them out would
   * empty the newest Regions of most rules on no evidence; the plan warns instead.
   */
  readonly unconfirmed: readonly LeftOutRule[];
  /** Remediations of the kept rules, taken out of the body, for per-account delivery. */
  readonly remediations: readonly TemplateRemediation[];
}

export function templateForRegion(pack: TemplatePack, region: string, catalog: ManagedRuleCatalog): RegionTemplate {
  const leftOut: LeftOutRule[] = [];
  const unconfirmed: LeftOutRule[] = [];
  for (const rule of pack.rules) {
    if (rule.owner !== "AWS" || !rule.managedIdentifier) continue;
    const status = catalog.regionStatus(rule.managedIdentifier, region);
    if (status === "not-available" || status === "undocumented") {
      (status === "not-available" ? leftOut : unconfirmed).push({
        logicalId: rule.logicalId,
        configRuleName: rule.configRuleName,
        identifier: rule.managedIdentifier,
        reason: status,
      });
    }
  }
  const leftOutNames = new Set(leftOut.map((r) => r.configRuleName));
  const remediatedNames = new Set(pack.remediations.map((r) => r.configRuleName));
  const remediatedRules = pack.rules.filter((r) => remediatedNames.has(r.configRuleName)).map((r) => r.logicalId);
  const allRemediations = [...pack.remediations, ...pack.remediationsOff].map((r) => r.logicalId);
  const removed = new Set([...leftOut.map((r) => r.logicalId), ...remediatedRules, ...allRemediations]);
  const rulesRemoved = new Set([...leftOut.map((r) => r.logicalId), ...remediatedRules]).size;

  if (removed.size === 0) return result(pack.text);
  const document = pack.document.clone();
  const resources = document.get("Resources", true);
  if (isMap(resources)) for (const id of removed) resources.delete(id);
  const outputs = document.get("Outputs", true);
  if (isMap(outputs)) {
    // An output that refers to a removed resource would make the template invalid.
    for (const pair of [...outputs.items]) {
      const text = JSON.stringify(toPlain(pair.value));
      if ([...removed].some((id) => new RegExp(`"${id}(?:\\.|")`).test(text))) outputs.delete(pair.key);
    }
  }
  return result(document.toString({ lineWidth: 0 }));

  function result(body: string): RegionTemplate {
    const bytes = Buffer.byteLength(body, "utf8");
    const ruleCount = pack.rules.length - rulesRemoved;
    return {
      region,
      body,
      bytes,
      fitsInline: bytes <= MAX_INLINE_TEMPLATE_BYTES,
      tooLarge: bytes > MAX_S3_TEMPLATE_BYTES,
      ruleCount,
      empty: ruleCount === 0,
      leftOut,
      unconfirmed,
      remediations: pack.remediations.filter((r) => !leftOutNames.has(r.configRuleName)),
    };
  }
}

/** Per remediated rule: runbook, parameters, automatic or not, retries, role: for delivery account by account. */
export function remediationOf(pack: TemplatePack): readonly TemplateRemediation[] {
  return pack.remediations;
}
