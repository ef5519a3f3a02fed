/**
 * A rendered built-in pack cut to one Region (template packs: packs/templates/templateForRegion.ts),
 * with the managed rules AWS says it does not offer in the Region left out, because a pack naming
 * such a rule fails there. The pack plan (packs/packPlan.ts) cuts each pack once per Region; the
 * organization layer that deploys the packs and the offline plan that lists them both read it, so
 * the two cannot disagree.
 *
 * Region rule (the same for both kinds): a rule whose catalog note names the Region
 * (`not-available`) is left out; a rule no region note covers (`undocumented`, mostly
 * Regions launched after the note was read) is kept and listed as unconfirmed.
 */
import { isMap, parseDocument } from "yaml";

import type { ManagedRuleCatalog } from "./catalog/managedRuleCatalog";
import type { RenderedPack } from "./render";
import { INLINE_TEMPLATE_MAX_BYTES, S3_TEMPLATE_MAX_BYTES } from "./render";
import type { InputParameter, LeftOutRule, RegionTemplate } from "./templates";

/** One pack's body for one Region (the fields of a template's `RegionTemplate`, for either kind of pack). */
export interface RegionalPack extends Omit<RegionTemplate, "remediations"> {
  readonly name: string;
  readonly kind: "built-in" | "template";
  /** Template packs: `ConformancePackInputParameters`. */
  readonly inputParameters: readonly InputParameter[];
}

interface RuleResource {
  readonly Type?: string;
  readonly DependsOn?: string | string[];
  readonly Properties?: { readonly ConfigRuleName?: string; readonly Source?: { readonly Owner?: string; readonly SourceIdentifier?: string } };
}

/**
 * A rendered built-in pack (organization or account remediation pack), cut to the Region: the
 * rules AWS does not offer there and whatever names them (their remediations) removed.
 */
export function builtInForRegion(pack: Pick<RenderedPack, "name" | "templateBody">, region: string, catalog: ManagedRuleCatalog): RegionalPack {
  const document = parseDocument(pack.templateBody);
  const resources = (document.toJS() as { Resources?: Record<string, RuleResource> }).Resources ?? {};
  const leftOut: LeftOutRule[] = [];
  const unconfirmed: LeftOutRule[] = [];
  let rules = 0;
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== "AWS::Config::ConfigRule") continue;
    rules += 1;
    const identifier = resource.Properties?.Source?.Owner === "AWS" ? resource.Properties.Source.SourceIdentifier : undefined;
    if (!identifier) continue;
    const status = catalog.regionStatus(identifier, region);
    if (status !== "not-available" && status !== "undocumented") continue;
    (status === "not-available" ? leftOut : unconfirmed).push({
      logicalId,
      configRuleName: resource.Properties?.ConfigRuleName ?? logicalId,
      identifier,
      reason: status,
    });
  }
  let body = pack.templateBody;
  if (leftOut.length > 0) {
    const ids = new Set(leftOut.map((r) => r.logicalId));
    const names = new Set(leftOut.map((r) => r.configRuleName));
    const map = document.get("Resources", true);
    for (const [logicalId, resource] of Object.entries(resources)) {
      const dependsOn = [resource.DependsOn ?? []].flat();
      // A remediation (or anything else) naming a removed rule would fail the pack: it goes too.
      const refersToRemoved = names.has(resource.Properties?.ConfigRuleName ?? "") || dependsOn.some((d) => ids.has(d));
      if ((ids.has(logicalId) || refersToRemoved) && isMap(map)) map.delete(logicalId);
    }
    body = document.toString({ lineWidth: 0 });
  }
  const bytes = Buffer.byteLength(body, "utf8");
  const ruleCount = rules - leftOut.length;
  return {
    name: pack.name,
    kind: "built-in",
    region,
    body,
    bytes,
    fitsInline: bytes <= INLINE_TEMPLATE_MAX_BYTES,
    tooLarge: bytes > S3_TEMPLATE_MAX_BYTES,
    ruleCount,
    empty: ruleCount === 0,
    leftOut,
    unconfirmed,
    inputParameters: [],
  };
}
